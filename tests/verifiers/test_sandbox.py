"""The sandbox contains hostile programs and leaves nothing behind."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import tempfile
import time

import pytest

from cotforge.core.errors import ConfigError
from cotforge.sandbox import runner as sandbox
from cotforge.sandbox.runner import Limits, run_python

needs_bwrap = pytest.mark.skipif(sandbox._bwrap() is None, reason="bubblewrap (bwrap) is not installed")
QUICK = Limits(cpu_seconds=1, wall_seconds=3)
HERE = os.path.dirname(os.path.abspath(__file__))


def _jobs() -> set[str]:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "cotforge-job-*")))


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                if marker.encode() in fh.read():
                    found.append(int(entry))
        except (OSError, ValueError):
            continue
    return found


def _no_process_left(marker: str) -> bool:
    for _ in range(50):
        if not _processes_with(marker):
            return True
        time.sleep(0.02)
    return False


@pytest.fixture(autouse=True)
def _no_leftover_job_dirs():  # type: ignore[no-untyped-def]
    before = _jobs()
    yield
    assert _jobs() == before


def test_runs_a_program_with_stdin() -> None:
    result = run_python("import sys\nprint(sys.stdin.read()[::-1])\nprint(6 * 7)", stdin="abc")
    assert (result.status, result.stdout, result.returncode) == ("ok", "cba\n42\n", 0)


def test_crash_is_reported_with_traceback() -> None:
    result = run_python("raise ValueError('boom')")
    assert result.status == "crashed" and "ValueError: boom" in result.stderr


def test_infinite_loop_times_out_on_cpu() -> None:
    result = run_python("while True:\n    pass", limits=QUICK)
    assert result.status == "timeout"  # the limit ended it (no wall-clock assertion: tests check behaviour)


def test_sleeping_program_is_killed_at_wall_limit() -> None:
    result = run_python("import time\nprint('start', flush=True)\ntime.sleep(60)", limits=Limits(wall_seconds=0.5))
    assert result.status == "timeout" and result.stdout == "start\n" and result.seconds < 2


def test_memory_bomb_hits_memory_limit() -> None:
    result = run_python("x = bytearray(2 * 10**9)\nprint('allocated')", limits=Limits(memory_mb=128))
    assert result.status == "memory" and "allocated" not in result.stdout


def test_huge_output_is_cut_at_the_limit() -> None:
    result = run_python("while True:\n    print('x' * 1000)", limits=Limits(max_output_bytes=10_000))
    assert result.status == "output_limit" and len(result.stdout) <= 10_000


def test_environment_secrets_are_not_visible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COTFORGE_TEST_SECRET", "hunter2")
    result = run_python("import os\nprint(dict(os.environ))")
    assert result.status == "ok" and "hunter2" not in result.stdout and "COTFORGE_TEST_SECRET" not in result.stdout


@needs_bwrap
def test_no_network_even_to_localhost() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.3)
    port = listener.getsockname()[1]
    program = (
        "import socket\ntry:\n"
        f"    socket.create_connection(('127.0.0.1', {port}), timeout=1)\n    print('connected')\n"
        "except OSError:\n    print('blocked')"
    )
    try:
        assert run_python(program).stdout == "blocked\n"
        with pytest.raises(socket.timeout):
            listener.accept()
    finally:
        listener.close()


@needs_bwrap
def test_cannot_write_outside_scratch() -> None:
    outside = tempfile.mkdtemp(prefix="cotforge-outside-", dir="/var/tmp" if os.path.isdir("/var/tmp") else None)
    os.chmod(outside, 0o777)  # only the sandbox stands in the way
    program = (
        "import os\nopen('scratch.txt', 'w').write('ok')\nprint(open('scratch.txt').read())\n"
        f"for path in [{os.path.join(outside, 'x.txt')!r}, '/etc/cotforge-x', {os.path.join(HERE, 'cotforge-x')!r}]:\n"
        "    try:\n        open(path, 'w').write('escaped')\n        print('wrote', path)\n"
        "    except OSError:\n        print('refused')"
    )
    try:
        result = run_python(program)
        assert result.stdout == "ok\nrefused\nrefused\nrefused\n"
        assert os.listdir(outside) == [] and not os.path.exists(os.path.join(HERE, "cotforge-x"))
    finally:
        shutil.rmtree(outside)


@needs_bwrap
def test_fork_bomb_is_capped_by_max_processes() -> None:
    program = (
        "import os, time\nn = 0\nfor _ in range(60):\n    try:\n        pid = os.fork()\n    except OSError:\n"
        "        break\n    if pid == 0:\n        time.sleep(30)\n        os._exit(0)\n    n += 1\nprint(n)"
    )
    result = run_python(program, limits=Limits(max_processes=8))
    assert result.status == "ok" and int(result.stdout) < 8


def test_no_process_survives_the_run() -> None:
    program = (
        "import os, subprocess, time\n"
        "subprocess.Popen(['sleep', '987.125'])\n"
        "if os.fork() == 0:\n    os.execvp('sleep', ['sleep', '987.125'])\n"
        "print('spawned')"
    )
    assert run_python(program).stdout == "spawned\n"
    assert _no_process_left("987.125")
    hung = "import subprocess\nsubprocess.Popen(['sleep', '987.375'])\nwhile True:\n    pass"
    assert run_python(hung, limits=QUICK).status == "timeout"
    assert _no_process_left("987.375")


@needs_bwrap
def test_process_in_a_new_session_does_not_survive() -> None:
    program = "import subprocess\nsubprocess.Popen(['sleep', '987.625'], start_new_session=True)\nprint('ok')"
    assert run_python(program).stdout == "ok\n"
    assert _no_process_left("987.625")


def test_fallback_without_bwrap_warns_once_and_still_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "_bwrap", lambda: None)
    monkeypatch.setattr(sandbox, "_warned", False)
    with pytest.warns(RuntimeWarning, match="network"):
        assert run_python("print('plain')").stdout == "plain\n"
    assert run_python("while True:\n    pass", limits=QUICK).status == "timeout"
    assert run_python("print('x' * 50_000)", limits=Limits(max_output_bytes=1_000)).status == "output_limit"
    assert run_python("import subprocess\nsubprocess.Popen(['sleep', '987.875'])").status == "ok"
    assert _no_process_left("987.875")  # killed with the process group


@pytest.mark.skipif(not sandbox._no_network(), reason="unshare -rn is not allowed here")
def test_fallback_without_bwrap_still_has_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "_bwrap", lambda: None)
    monkeypatch.setattr(sandbox, "_warned", True)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        program = f"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), timeout=2)\n    print('reached')\nexcept OSError as e:\n    print('blocked', e.errno)"
        result = run_python(program)
    assert result.status == "ok" and result.stdout.startswith("blocked"), result


@pytest.mark.parametrize(
    "field, value",
    [("cpu_seconds", 0), ("wall_seconds", -1.0), ("memory_mb", 8), ("max_processes", 0), ("max_open_files", 2),
     ("max_output_bytes", 1.5), ("scratch_mb", True)],
)
def test_limits_are_validated(field: str, value: object) -> None:
    with pytest.raises(ConfigError, match=field):
        Limits(**{field: value})  # type: ignore[arg-type]
