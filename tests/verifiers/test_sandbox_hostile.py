"""Hostile programs end with a precise verdict, cold and on the warm pool, and leave nothing behind."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterator

import pytest

from cotforge.sandbox import pool as sandbox_pool, runner as sandbox
from cotforge.sandbox.runner import Limits, RunResult, run_python
from cotforge.sandbox.pool import SandboxPool
from hostile_programs import HOSTILE  # beside this file

pytestmark = pytest.mark.skipif(sandbox._bwrap() is None, reason="bubblewrap (bwrap) is not installed")
LIMITS = Limits(cpu_seconds=1, wall_seconds=1.0, memory_mb=128, max_processes=8, max_output_bytes=10_000, scratch_mb=4)
HERE = os.path.dirname(os.path.abspath(__file__))
SECRET = "hunter2-cotforge-secret"


def descendants() -> dict[int, int]:
    """pid -> the child of this process it descends from, for every process below this one."""
    parent = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as fh:
                parent[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError):
            continue
    found, me = {}, os.getpid()
    for pid in parent:
        here, up, hops = pid, parent.get(pid), 0
        while up and up != me and hops < 64:
            here, up, hops = up, parent.get(up), hops + 1
        if up == me:
            found[pid] = here
    return found


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def job_dirs() -> set[str]:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "cotforge-job-*")))


@pytest.fixture(scope="module", autouse=True)
def private_tmp() -> Iterator[str]:
    """Job folders go to a temp folder of this module's own, so that work elsewhere on the machine
    (another test session, a recipe running code tasks) cannot add or remove any while a leak
    check counts them."""
    base = tempfile.mkdtemp(prefix="cotforge-tests-")
    os.chmod(base, 0o755)  # traversable by others, as the sandbox needs when it runs programs as nobody
    saved_env, saved = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"], tempfile.tempdir = base, base
    yield base
    tempfile.tempdir = saved
    if saved_env is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = saved_env
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def pool(private_tmp: str) -> Iterator[SandboxPool]:
    with SandboxPool(size=1, scratch_mb=4) as shared:
        yield shared


@pytest.fixture(scope="module")
def listener() -> Iterator[socket.socket]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    sock.setblocking(False)
    yield sock
    sock.close()


@pytest.mark.parametrize("mode", ["cold", "pool"])
@pytest.mark.parametrize(("name", "source", "status", "shows"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_program(name: str, source: str, status: str, shows: str, mode: str, pool: SandboxPool,
                         listener: socket.socket, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COTFORGE_SECRET", SECRET)
    run: Callable[..., RunResult] = run_python if mode == "cold" else pool.run
    pool.run("print('warm')")  # the pool's worker exists before we count
    fds, dirs = open_fds(), job_dirs()
    program = source.replace("{port}", str(listener.getsockname()[1])).replace("{here}", HERE)

    result = run(program, limits=LIMITS)

    assert result.status == status, (result.status, result.stdout[-300:], result.stderr[-300:])
    assert shows in result.stdout and "ESCAPED" not in result.stdout
    assert SECRET not in result.stdout + result.stderr
    assert result.seconds < LIMITS.wall_seconds + 2.0
    with pytest.raises(BlockingIOError):
        listener.accept()  # nothing reached the host's loopback
    assert not os.path.exists(os.path.join(HERE, "evil")) and os.path.exists("/usr/bin") and os.path.isdir("/etc")
    # the host still works, and nothing leaked: processes, descriptors, job folders
    assert run("print(6 * 7)").stdout == "42\n"
    assert len(pool.worker_pids()) <= 1
    assert leaked(pool) == {}
    assert open_fds() == fds and job_dirs() == dirs


def leaked(*pools: SandboxPool) -> dict[int, int]:
    """Processes below this one that are not a live pool worker (or its sandbox)."""
    workers = set().union(*(p.worker_pids() for p in (*pools, *sandbox_pool._default.values())))
    return {pid: top for pid, top in descendants().items() if top not in workers}


def test_suite_is_large_enough() -> None:
    assert len(HOSTILE) >= 25 and len({h[2] for h in HOSTILE}) == 5  # ok, timeout, memory, output_limit, crashed


def test_a_job_sees_nothing_an_earlier_job_left(pool: SandboxPool) -> None:
    litter = ("import os, subprocess\nopen('/tmp/job/note', 'w').write('secret')\nopen('/tmp/x', 'w').write('x')\n"
              "open('/dev/shm/y', 'w').write('y')\nos.chmod('/tmp/job', 0)\n"
              "subprocess.Popen(['sleep', '987.25'], start_new_session=True)\nimport ctypes\n"
              "print('littered', ctypes.CDLL(None).shmget(1234, 4096, 0o1600) >= 0)")
    assert pool.run(litter).stdout == "littered True\n"
    look = "import os\nprint(os.listdir('.'), os.listdir('/tmp'), os.listdir('/dev/shm'), " \
           "[p for p in os.listdir('/proc') if p.isdigit() and p != str(os.getpid())], " \
           "len(open('/proc/sysvipc/shm').read().splitlines()))"
    assert pool.run(look).stdout == "[] ['job'] [] ['1'] 1\n"


def test_worker_breaking_a_limit_is_replaced(pool: SandboxPool) -> None:
    pool.run("print(1)")
    before, started = pool.worker_pids(), pool.started
    assert pool.run("while True:\n    pass", limits=LIMITS).status == "timeout"
    assert pool.worker_pids() == set() and pool.started == started
    assert pool.run("print(2)").stdout == "2\n"
    assert pool.started == started + 1 and pool.worker_pids().isdisjoint(before)
    assert pool.run("print(3)").stdout == "3\n" and pool.started == started + 1  # reused while it behaves
