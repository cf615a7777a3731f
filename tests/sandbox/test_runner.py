"""run_python in both modes: output and verdicts, limits, no network, no writes outside scratch,
no process left, and validated limits."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile

import pytest

from cotforge.core.errors import ConfigError
from cotforge.sandbox import STATUSES, Limits, run_python
from cotforge.sandbox.runner import classify
from leaks import gone, job_dirs, processes_with

QUICK = Limits(cpu_seconds=1, wall_seconds=3)
HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.fixture(autouse=True)
def _no_leftover_job_dirs():  # type: ignore[no-untyped-def]
    before = job_dirs()
    yield
    assert job_dirs() == before


def test_runs_a_program_with_stdin(mode: str) -> None:
    result = run_python("import sys\nprint(sys.stdin.read()[::-1])\nprint(6 * 7)", stdin="abc")
    assert (result.status, result.stdout, result.returncode) == ("ok", "cba\n42\n", 0)


def test_crash_is_reported_with_traceback_and_source_line(mode: str) -> None:
    result = run_python("x = 1\nraise ValueError('boom')")
    assert result.status == "crashed" and "ValueError: boom" in result.stderr
    assert 'File "main.py", line 2' in result.stderr and "raise ValueError('boom')" in result.stderr


def test_infinite_loop_times_out_on_cpu(mode: str) -> None:
    assert run_python("while True:\n    pass", limits=QUICK).status == "timeout"


def test_sleeping_program_is_killed_at_wall_limit(mode: str) -> None:
    result = run_python("import time\nprint('start', flush=True)\ntime.sleep(60)", limits=Limits(wall_seconds=0.5))
    assert result.status == "timeout" and result.stdout == "start\n"


def test_memory_bomb_hits_memory_limit(mode: str) -> None:
    result = run_python("x = bytearray(2 * 10**9)\nprint('allocated')", limits=Limits(memory_mb=128))
    assert result.status == "memory" and "allocated" not in result.stdout


def test_printing_memory_error_is_not_running_out_of_memory(mode: str) -> None:
    for program in ("import sys\nprint('MemoryError', file=sys.stderr)\nsys.exit(1)",
                    "import sys\nprint('OSError: [Errno 12] Cannot allocate memory', file=sys.stderr)\nsys.exit(3)",
                    "try:\n    bytearray(2 * 10**9)\nexcept MemoryError:\n    print('caught')\nraise ValueError"):
        assert run_python(program, limits=Limits(memory_mb=128)).status == "crashed", program


def test_source_that_is_not_plain_utf8(mode: str) -> None:
    surrogate = run_python("print('\ud800')")
    assert surrogate.status == "crashed" and "SyntaxError" in surrogate.stderr
    assert run_python("\ufeffprint('bom')").stdout == "bom\n"
    assert run_python("# -*- coding: latin-1 -*-\nprint('caf\xe9')").status == "ok"
    assert run_python("print(len(input()))", stdin="\udcff").stdout == "3\n"  # three undecodable bytes, as python3 reads them


def test_huge_output_is_cut_at_the_limit(mode: str) -> None:
    result = run_python("while True:\n    print('x' * 1000)", limits=Limits(max_output_bytes=10_000))
    assert result.status == "output_limit" and len(result.stdout) <= 10_000


def test_environment_secrets_are_not_visible(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COTFORGE_TEST_SECRET", "hunter2")
    result = run_python("import os\nprint(dict(os.environ))")
    assert result.status == "ok" and "hunter2" not in result.stdout and "COTFORGE_TEST_SECRET" not in result.stdout


def test_no_network_even_to_localhost(mode: str) -> None:
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


def test_cannot_write_outside_scratch(mode: str) -> None:
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


def test_fork_bomb_is_capped_by_max_processes(mode: str) -> None:
    program = (
        "import os, time\nn = 0\nfor _ in range(60):\n    try:\n        pid = os.fork()\n    except OSError:\n"
        "        break\n    if pid == 0:\n        time.sleep(30)\n        os._exit(0)\n    n += 1\nprint(n)"
    )
    result = run_python(program, limits=Limits(max_processes=8))
    assert result.status == "ok" and int(result.stdout) < 8


def test_no_process_survives_the_run(mode: str) -> None:
    program = (
        "import os, subprocess, time\n"
        "subprocess.Popen(['sleep', '987.125'])\n"
        "if os.fork() == 0:\n    os.execvp('sleep', ['sleep', '987.125'])\n"
        "subprocess.Popen(['sleep', '987.125'], start_new_session=True)\n"
        "print('spawned')"
    )
    assert run_python(program).stdout == "spawned\n"
    assert gone(lambda: processes_with("987.125"))
    hung = "import subprocess\nsubprocess.Popen(['sleep', '987.375'], start_new_session=True)\nwhile True:\n    pass"
    assert run_python(hung, limits=QUICK).status == "timeout"
    assert gone(lambda: processes_with("987.375"))


def test_verdict_comes_from_how_the_process_ended() -> None:
    limits = Limits(cpu_seconds=2)
    assert classify(-24, "", 0.1, limits, memory=False) == "timeout"  # SIGXCPU
    assert classify(-9, "", 2.95, limits, memory=False) == "timeout"  # SIGKILL at the hard limit
    assert classify(-9, "", 0.2, limits, memory=False) == "crashed"  # killed early: not the CPU limit
    assert classify(137, "", 0.2, limits, memory=False, bwrap_exit=True) == "crashed"  # sys.exit(137)
    assert classify(1, "", 0.2, limits, memory=True) == "memory"
    assert classify(0, "", 0.2, limits, memory=True) == "ok"  # caught its MemoryError and went on
    assert classify(1, "", 0.2, limits, memory=True, launched=False) == "error"
    assert classify(None, "output_limit", 0.2, limits, memory=False) == "output_limit"
    assert set(STATUSES) == {"ok", "timeout", "memory", "output_limit", "crashed", "error"}


@pytest.mark.parametrize(
    "field, value",
    [("cpu_seconds", 0), ("wall_seconds", -1.0), ("memory_mb", 8), ("max_processes", 0), ("max_open_files", 2),
     ("max_output_bytes", 1.5), ("scratch_mb", True)],
)
def test_limits_are_validated(field: str, value: object) -> None:
    with pytest.raises(ConfigError, match=field):
        Limits(**{field: value})  # type: ignore[arg-type]


def test_bad_arguments_are_a_config_error() -> None:
    with pytest.raises(ConfigError):
        run_python(b"print(1)")  # type: ignore[arg-type]
