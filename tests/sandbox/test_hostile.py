"""Hostile programs end with a precise verdict in both modes, cold and on the warm pool, and leave
nothing behind: no process, descriptor, job folder, changed host file or reachable secret."""

from __future__ import annotations

import dataclasses
import os
import socket
from collections.abc import Callable, Iterator

import pytest

from cotforge.sandbox import Limits, RunResult, SandboxPool, run_python
from cotforge.sandbox import pool as sandbox_pool
from hostile_programs import HOSTILE  # beside this file
from leaks import descendants, gone, job_dirs, open_fds, sandbox_uid_processes, victims_unchanged

LIMITS = Limits(cpu_seconds=1, wall_seconds=1.0, memory_mb=128, max_processes=8, max_output_bytes=10_000, scratch_mb=4)
# A program that is not meant to time out gets a wall clock it cannot reach by being slow on a
# loaded machine: its verdict must come from how it ended, not from the machine's load (a cold
# start that allocated 128 MB once took more than 1 s of wall time on a busy CI machine).
UNHURRIED = dataclasses.replace(LIMITS, wall_seconds=30.0)
HERE = os.path.dirname(os.path.abspath(__file__))
SECRET = "hunter2-cotforge-secret"


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


def leaked(*pools: SandboxPool) -> dict[int, int]:
    """Processes below this one that are not a live pool worker (or its sandbox)."""
    workers = set().union(*(p.worker_pids() for p in (*pools, *sandbox_pool._default.values())))
    return {pid: top for pid, top in descendants().items() if top not in workers}


@pytest.mark.parametrize("where", ["cold", "pool"])
@pytest.mark.parametrize(("name", "source", "status", "shows"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_program(name: str, source: str, status: str, shows: str, where: str, mode: str, pool: SandboxPool,
                         listener: socket.socket, victims: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COTFORGE_SECRET", SECRET)
    run: Callable[..., RunResult] = run_python if where == "cold" else pool.run
    pool.run("print('warm')")  # the pool's worker exists before we count
    fds, dirs = open_fds(), job_dirs()
    program = source.replace("{port}", str(listener.getsockname()[1])).replace("{here}", HERE)
    program = program.replace("{victim}", victims["victim"]).replace("{victim_dir}", victims["victim_dir"])

    result = run(program, limits=LIMITS if status == "timeout" else UNHURRIED)

    assert result.status == status, (result.status, result.stdout[-300:], result.stderr[-300:])
    assert shows in result.stdout and "ESCAPED" not in result.stdout, result.stdout[-300:]
    assert SECRET not in result.stdout + result.stderr
    with pytest.raises(BlockingIOError):
        listener.accept()  # nothing reached the host's loopback
    assert victims_unchanged(victims)
    assert not os.path.exists(os.path.join(HERE, "evil")) and not os.path.exists("/var/tmp/evil")
    assert os.path.exists("/usr/bin") and os.path.isdir("/etc")
    # the host still works, and nothing leaked: processes, descriptors, job folders
    assert run("print(6 * 7)").stdout == "42\n"
    assert len(pool.worker_pids()) <= 1
    assert gone(lambda: leaked(pool)) and gone(sandbox_uid_processes)
    assert open_fds() == fds and job_dirs() == dirs


def test_suite_is_large_enough() -> None:
    assert len(HOSTILE) >= 45 and len({h[2] for h in HOSTILE}) == 5  # ok, timeout, memory, output_limit, crashed
