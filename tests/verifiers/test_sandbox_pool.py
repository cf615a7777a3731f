"""The warm pool: same answers as a cold run, reused workers, safe under threads, and no leaks."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from cotforge.core.errors import ConfigError
from cotforge.sandbox import runner as sandbox
from cotforge.sandbox.runner import run_python
from cotforge.sandbox.pool import SandboxPool, default_pool, run_warm
from test_sandbox_hostile import descendants, job_dirs, open_fds, private_tmp  # noqa: F401  (beside this file; private_tmp is autouse)

needs_bwrap = pytest.mark.skipif(sandbox._bwrap() is None, reason="bubblewrap (bwrap) is not installed")


@needs_bwrap
def test_many_consecutive_runs_reuse_one_worker_and_leak_nothing() -> None:
    fds, dirs, procs = open_fds(), job_dirs(), set(descendants())
    with SandboxPool(size=1) as pool:
        for i in range(400):
            source = f"import sys\nprint(sys.stdin.read() + '{i}')\nopen('f', 'w').write('x' * {i})"
            assert pool.run(source, stdin="n=").stdout == f"n={i}\n"
        assert pool.started == 1
        assert len(pool.worker_pids()) == 1
    assert open_fds() == fds and job_dirs() == dirs and set(descendants()) == procs


@needs_bwrap
def test_same_result_as_a_cold_run() -> None:
    programs = ["print(sum(range(10)))", "import sys\nprint(sys.argv, __name__)", "raise SystemExit('bye')",
                "import sys\nsys.exit(3)", "print(input())\nprint(input())"]
    with SandboxPool(size=1) as pool:
        for source in programs:
            warm, cold = pool.run(source, stdin="a\nb\n"), run_python(source, stdin="a\nb\n")
            assert (warm.status, warm.stdout, warm.stderr) == (cold.status, cold.stdout, cold.stderr)


@needs_bwrap
def test_threads_share_the_pool() -> None:
    with SandboxPool(size=2) as pool, ThreadPoolExecutor(4) as ex:
        results = list(ex.map(lambda i: pool.run(f"print({i} ** 2)").stdout, range(40)))
        assert results == [f"{i * i}\n" for i in range(40)]
        assert pool.started <= 2


@needs_bwrap
def test_worker_started_by_a_finished_thread_keeps_working() -> None:
    with SandboxPool(size=1) as pool:
        thread = threading.Thread(target=pool.run, args=("print(1)",))
        thread.start()
        thread.join()
        assert pool.run("print(2)").stdout == "2\n" and pool.started == 1


@needs_bwrap
def test_dead_worker_is_replaced() -> None:
    with SandboxPool(size=1) as pool:
        pool.run("print(1)")
        (pid,) = pool.worker_pids()
        os.killpg(pid, 9)
        assert pool.run("print(2)").stdout == "2\n" and pool.started == 2


def test_closed_pool_refuses_and_bad_sizes_are_rejected() -> None:
    pool = SandboxPool(size=1)
    pool.close()
    with pytest.raises(ConfigError, match="closed"):
        pool.run("print(1)")
    for kwargs in ({"size": 0}, {"max_jobs": 0}, {"scratch_mb": 0}):
        with pytest.raises(ConfigError):
            SandboxPool(**kwargs)  # type: ignore[arg-type]


def test_run_warm_uses_one_pool_per_process() -> None:
    assert default_pool() is default_pool()
    assert run_warm("print('hi')").stdout == "hi\n"


def test_without_bwrap_the_pool_runs_cold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "_bwrap", lambda: None)
    monkeypatch.setattr(sandbox, "_warned", True)
    with SandboxPool(size=1) as pool:
        assert not pool.warm and pool.run("print(5)").stdout == "5\n" and pool.started == 0


@needs_bwrap
def test_a_forked_child_leaves_its_parents_workers_alone() -> None:
    with SandboxPool(size=1) as pool:
        pool.run("print(1)")
        pid = os.fork()
        if pid == 0:  # the child: closing the inherited pool must not kill the parent's worker
            try:
                pool.close()
                pool.run("print(2)")
            except ConfigError:
                os._exit(0)
            os._exit(1)
        assert os.waitpid(pid, 0)[1] == 0
        assert pool.run("print(3)").stdout == "3\n" and pool.started == 1
