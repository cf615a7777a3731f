"""Two commands on one output folder at once: the second is refused in one line while the first
lives; the lock goes with its holder, even when that holder is killed with SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cotforge.core.errors import ConfigError
from cotforge.pipelines import cli
from cotforge.pipelines.output import LOCK, hold_output
from cotforge.pipelines.storage import location

RECIPE = {"name": "locked", "seed": 1, "tasks": [{"name": "linear_equation", "count": 4, "levels": [1]}], "unit_size": 4,
          "workers": 1}
HOLD = "import sys; from pathlib import Path; from cotforge.pipelines.output import hold_output\n" \
       "with hold_output(Path(sys.argv[1])):\n    print('held', flush=True)\n    sys.stdin.read()\n"


def holder(out: Path) -> subprocess.Popen:
    """Another process holding ``out`` until its stdin closes (or it is killed)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def recipe_file(tmp_path: Path) -> Path:
    path = tmp_path / "recipe.yaml"
    path.write_text(json.dumps(RECIPE))
    return path


def test_a_second_command_on_a_held_folder_is_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "out"
    first = holder(out)
    try:
        assert cli.main(["run", str(recipe_file(tmp_path)), "--out", str(out)]) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "is in use by another cotforge command" in err and f"pid {first.pid}" in err
        assert not (out / "run.json").exists()  # nothing was written by the refused run
        with pytest.raises(ConfigError, match="in use"):
            with hold_output(out):
                pass
    finally:
        first.communicate("")
    with hold_output(out):  # released when its holder ended
        assert (out / LOCK).read_text().startswith(f"pid {os.getpid()} ")


def test_the_lock_of_a_killed_holder_is_released(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = holder(out)
    first.send_signal(signal.SIGKILL)
    first.wait()
    with hold_output(out):
        pass


def test_holds_nest_within_one_process_and_a_url_is_held_in_process_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with hold_output(out), hold_output(out):  # the command holds it, then the run inside it
        pass
    memory = location("memory://cotforge-lock-test/out")
    with hold_output(memory), hold_output(memory):
        pass


def test_a_folder_of_the_user_is_not_locked_into(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ConfigError, match="cotforge did not write"):
        with hold_output(tmp_path):
            pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.slow
def test_two_real_runs_at_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    recipe = tmp_path / "long.yaml"  # long enough that the first is still running when the second starts
    recipe.write_text(json.dumps({**RECIPE, "tasks": [{"name": "linear_equation", "count": 100, "levels": [3]}], "unit_size": 50}))
    command = [sys.executable, "-m", "cotforge.pipelines.cli", "run", str(recipe), "--out", str(out)]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(600):  # until the first run holds the folder
            if (out / LOCK).exists() and (out / LOCK).read_text().startswith("pid"):
                break
            assert first.poll() is None, first.communicate()[1]
            time.sleep(0.1)
        second = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert first.poll() is None, "the first run ended before the second started: make it longer"
        assert second.returncode == 2 and "in use by another cotforge command" in second.stderr
        assert len(second.stderr.strip().splitlines()) == 1
    finally:
        _, err = first.communicate(timeout=600)
    assert first.returncode == 0, err


def test_a_filesystem_without_locks_is_used_with_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import fcntl

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    with pytest.warns(UserWarning, match="will not be detected"):
        with hold_output(tmp_path / "out"):
            pass
