"""SIGKILL a run at several points, start it again: exactly the shards of an uninterrupted run.

Each kill point is watched from outside, through the output folder and the process
table, the way an operator or the OOM killer would meet a run. Whether the kill lands a
little early or late does not matter: whatever moment it hits, the rerun must be exact.
The runs share one Prefect API (started here), so each costs seconds, not the API's start-up;
the run's own local API, killed with it, is covered by ``test_run_end_to_end.py``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cotforge.pipelines.output import CONTROL  # the manifest and the run lock: ours, kept on purpose

RECIPE = """
name: killres
seed: 11
tasks:
  - {name: linear_equation, count: 5, levels: [1, 3]}
  - {name: knights_knaves, count: 5, levels: [2, 4]}
unit_size: 1
shard_rows: 4
"""
UNITS = 10


@pytest.fixture(scope="module")
def api() -> Iterator[str]:
    """One Prefect API for every run of this module."""
    from prefect.server.api.server import SubprocessASGIServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = SubprocessASGIServer(port=port)
    server.start(timeout=120)
    try:
        yield server.api_url
    finally:
        server.stop()


@pytest.fixture(scope="module")
def recipe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("killres") / "killres.yaml"
    path.write_text(RECIPE)
    return path


def start(recipe: Path, out: Path, api: str, workers: int = 1) -> subprocess.Popen:
    """``cotforge run`` in its own process group; one worker runs units in a thread, more in processes."""
    env = {**os.environ, "PREFECT_API_URL": api, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    return subprocess.Popen(
        [sys.executable, "-m", "cotforge.pipelines.cli", "run", str(recipe), "--out", str(out), "--set", f"workers={workers}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True, env=env,
    )


def finish(proc: subprocess.Popen) -> str:
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return err


def shards(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted((out / "data").rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def reference(recipe: Path, api: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The uninterrupted run (the worker count does not change the bytes: test_engines_and_failures.py)."""
    out = tmp_path_factory.mktemp("reference") / "out"
    finish(start(recipe, out, api))
    found = shards(out)
    assert {p.split("/")[1] for p in found} >= {"raw", "sft", "prm", "dpo", "rl"}
    assert len([p for p in found if p.startswith("data/raw/")]) >= 2, "shard_rows should split raw into shards"
    return out


def children(pid: int) -> list[int]:
    """Direct children of ``pid``, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def pool_workers(pid: int) -> list[int]:
    return [c for c in children(pid) if "multiprocessing.spawn" in cmdline(c)]


def parts_written(out: Path) -> bool:
    return any((out / "parts").glob("unit-*.parquet"))


def markers(out: Path) -> int:
    return len(list((out / "stats").glob("unit-*.json")))


def exporting(out: Path) -> bool:
    return (out / "data").exists() or markers(out) == UNITS


def wait_for(condition: Callable[[], bool], proc: subprocess.Popen, timeout: float = 240) -> bool:
    """Poll ``condition`` every few milliseconds; False if the run ended first."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.005)
    raise AssertionError("the kill point was never reached")


def kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def assert_clean(out: Path) -> None:
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp") or (p.name.startswith(".") and p.name not in CONTROL)]
    assert not leftovers, f"temporary files left behind: {leftovers}"


KILL_POINTS = {
    "first part written": parts_written,
    "half the units done": lambda out: markers(out) >= UNITS // 2,
    "during export": exporting,
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_run_killed_then_rerun_gives_the_same_shards(point: str, recipe: Path, api: str, reference: Path,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = start(recipe, out, api)
    wait_for(lambda: KILL_POINTS[point](out), proc)
    kill_group(proc)
    finish(start(recipe, out, api))
    assert shards(out) == shards(reference)
    assert_clean(out)


def test_a_killed_worker_loses_nothing(recipe: Path, api: str, reference: Path, tmp_path: Path) -> None:
    """A dead pool process breaks the whole pool; the run takes up the units it left on new workers."""
    out = tmp_path / "out"
    proc = start(recipe, out, api, workers=2)
    unfinished = False
    if wait_for(lambda: parts_written(out) and bool(pool_workers(proc.pid)), proc):
        os.kill(pool_workers(proc.pid)[0], signal.SIGKILL)
        unfinished = markers(out) < UNITS  # then some unit was still queued or running when the worker died
    err = finish(proc)  # the same run finishes every unit: no rerun needed
    if unfinished:
        assert "a worker died" in err
    assert markers(out) == UNITS
    assert shards(out) == shards(reference)
    assert_clean(out)


def test_the_flow_killed_alone_leaves_no_orphans_and_resumes(recipe: Path, api: str, reference: Path,
                                                             tmp_path: Path) -> None:
    """SIGKILL to the run's own process only: its pool workers end by themselves, then a rerun is exact."""
    out = tmp_path / "out"
    proc = start(recipe, out, api, workers=2)
    reached = wait_for(lambda: parts_written(out) and len(pool_workers(proc.pid)) == 2, proc)
    workers = pool_workers(proc.pid) if reached else []
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 60
    while time.time() < deadline and any(cmdline(w) for w in workers):
        time.sleep(0.1)
    alive = [w for w in workers if cmdline(w)]
    for w in alive:
        os.kill(w, signal.SIGKILL)
    assert not alive, "pool workers outlived the killed run"
    finish(start(recipe, out, api, workers=2))
    assert shards(out) == shards(reference)
    assert_clean(out)


def footprint(out: Path, folders: tuple[str, ...]) -> int:
    """Bytes the files under ``folders`` take on a filesystem of 4 KiB pages (tmpfs)."""
    return sum(-(-p.stat().st_size // 4096) * 4096 + 4096 for f in folders for p in (out / f).rglob("*"))


def assert_nothing_looks_complete_but_broken(out: Path) -> None:
    """Every file under its final name is whole: Parquet reads, JSON parses, a finished unit has its part."""
    assert_clean(out)
    for path in out.rglob("*.parquet"):
        pq.read_metadata(path)
    for path in out.rglob("*.json"):
        json.loads(path.read_text())
    for marker in (out / "stats").glob("unit-*.json"):
        assert (out / "parts" / f"{marker.stem}.parquet").exists(), marker
    for png in out.rglob("*.png"):
        assert png.read_bytes().endswith(b"IEND\xaeB`\x82"), f"{png} is cut short"


@pytest.mark.parametrize("stage", ["units", "export"])
def test_a_full_disk_stops_with_a_clear_error_then_resumes(stage: str, recipe: Path, api: str, reference: Path,
                                                           tmp_path: Path) -> None:
    """A tmpfs too small for the run: exit 2 with one clear line, nothing half-written; room made, the rerun is exact."""
    disk = tmp_path / "disk"
    disk.mkdir()
    units = footprint(reference, ("parts", "rejected", "stats", "run.json", "recipe.yaml"))
    size = units // 3 if stage == "units" else units + 48 * 1024
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("mounting a tmpfs needs root; the export's disk-full path is also covered by test_streaming_export")
    try:
        out = disk / "out"
        proc = start(recipe, out, api)
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 2, err
        last = err.strip().splitlines()[-1]
        assert last.startswith("error: cannot write the dataset to") and "No space left on device" in last, last
        assert "run the same command again" in last
        assert_nothing_looks_complete_but_broken(out)
        if stage == "units":
            assert markers(out) < UNITS
        else:
            assert markers(out) == UNITS  # every unit was kept; only the dataset could not be written
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        finish(start(recipe, out, api))
        assert shards(out) == shards(reference)
        assert_clean(out)
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_a_queue_lock_left_by_a_killed_worker_does_not_keep_the_run_from_exiting() -> None:
    """A worker killed holding a pool queue's write lock: this process's put blocks in its feeder
    thread, which Python joins at exit; after release_broken_queues the process exits."""
    script = ("import multiprocessing as mp\n"
              "q = mp.Queue()\n"
              "q._wlock.acquire()  # as a worker killed mid-write leaves it\n"
              "q.put('shutdown')  # the feeder thread now waits for the lock for good\n"
              "import sys\n"
              "if sys.argv[1] == 'release':\n"
              "    from cotforge.pipelines.flows.forge import release_broken_queues\n"
              "    release_broken_queues()\n")
    done = subprocess.run([sys.executable, "-c", script, "release"], timeout=120, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    with pytest.raises(subprocess.TimeoutExpired):  # without it, the interpreter waits at exit
        subprocess.run([sys.executable, "-c", script, "keep"], timeout=10, capture_output=True)
