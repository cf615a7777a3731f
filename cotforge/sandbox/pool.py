"""A pool of warm sandboxed workers, so a check costs a fork instead of a new sandbox and interpreter.

Each worker is one bubblewrap sandbox (see :mod:`cotforge.sandbox.worker`) serving jobs
one at a time. A worker whose job broke a limit (timeout, memory, output), that stops answering,
or that has served ``max_jobs`` jobs is killed with its whole process group and replaced on the
next call, so nothing a hostile job did can outlive it. In the fallback mode the pool runs each
job cold (:func:`run_python`: a fresh uid per job); where no sandbox may run, it answers
``error`` as :func:`run_python` does.

A worker ends when its stdin reaches EOF, that is when the owning process is gone, however it
died: a child forked from the owner (a process pool) closes its inherited copies of the
workers' pipes at once, so it cannot keep them open past the owner.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import queue
import select
import struct
import subprocess
import threading
import time
import weakref
from dataclasses import dataclass

from cotforge.core.errors import ConfigError
from cotforge.sandbox import bwrap, confine
from cotforge.sandbox.host import NOBODY, SYSTEM_PATH, interpreter
from cotforge.sandbox.mode import current
from cotforge.sandbox.runner import Limits, RunResult, classify, run_python
from cotforge.sandbox.worker import WORKER

RECYCLE = ("timeout", "memory", "output_limit", "error")
"""Statuses after which the worker is replaced rather than reused."""
GRACE_SECONDS = 2.0
"""How long past a job's wall limit the host waits for the worker's answer before killing it."""


@dataclass(slots=True, eq=False)
class _Worker:
    proc: subprocess.Popen
    pipes: tuple[int, ...] = ()
    """Descriptors of the worker's stdin and stdout, for the fork handler."""
    jobs: int = 0

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, 9)
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()


class SandboxPool:
    """Up to ``size`` warm workers shared by threads; ``run`` behaves like :func:`run_python`.

    Per-job limits apply to each job, except that the scratch tmpfs has the pool's ``scratch_mb``
    (a job's ``limits.scratch_mb`` still caps the size of any one file it writes).
    """

    def __init__(self, size: int = 2, scratch_mb: int = 16, max_jobs: int = 1000) -> None:
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ConfigError(f"pool size must be a positive integer, got {size!r}")
        if isinstance(max_jobs, bool) or not isinstance(max_jobs, int) or max_jobs < 1:
            raise ConfigError(f"max_jobs must be a positive integer, got {max_jobs!r}")
        Limits(scratch_mb=scratch_mb)  # validates scratch_mb
        self.size, self.scratch_mb, self.max_jobs = size, scratch_mb, max_jobs
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _ in range(size):
            self._idle.put(None)  # a slot; the worker starts on first use
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._owner = os.getpid()  # a forked child must not kill its parent's workers
        _pools.add(self)
        self.started = 0
        """Workers started so far (replacements included)."""

    @property
    def warm(self) -> bool:
        """True when runs go to warm sandboxes (the bubblewrap mode is in force)."""
        return current().name == "bwrap"

    def run(self, source: str, *, stdin: str = "", limits: Limits = Limits()) -> RunResult:
        """Run ``source`` on a warm worker; same contract as :func:`run_python`."""
        if not isinstance(source, str) or not isinstance(stdin, str):
            raise ConfigError("SandboxPool.run needs source and stdin as strings")
        if self._closed:
            raise ConfigError("this SandboxPool is closed")
        if os.getpid() != self._owner:
            raise ConfigError("this SandboxPool belongs to another process (it was inherited through fork)")
        mode = current()
        if mode.name != "bwrap" or mode.bwrap is None:
            return run_python(source, stdin=stdin, limits=limits)
        started = time.perf_counter()
        worker = self._idle.get()
        try:
            if worker is not None and worker.proc.poll() is not None:
                self._retire(worker)  # died between jobs
                worker = None
            if worker is None:
                worker = self._start(mode.bwrap)
            result = self._ask(worker, source, stdin, limits, started)
            if result.status == "error" and worker.jobs:  # a warm worker died between jobs: retry on a fresh one
                self._retire(worker)
                worker = self._start(mode.bwrap)
                result = self._ask(worker, source, stdin, limits, started)
        except BaseException:
            if worker is not None:
                self._retire(worker)
            self._idle.put(None)
            raise
        worker.jobs += 1
        if result.status in RECYCLE or worker.jobs >= self.max_jobs:
            self._retire(worker)
            worker = None
        self._idle.put(worker)
        return result

    def _start(self, bwrap_path: str) -> _Worker:
        bpf = confine.seccomp_program() or b""
        seccomp = os.memfd_create("cotforge-seccomp", os.MFD_CLOEXEC)
        try:
            os.write(seccomp, bpf)
            os.lseek(seccomp, 0, os.SEEK_SET)
            cmd = [bwrap_path, *bwrap.mounts(self.scratch_mb, long_lived=True), "--chdir", "/tmp", "--setenv", "HOME",
                   "/tmp/job", "--seccomp", str(seccomp), "--", interpreter(), "-I", "-S", "-c", WORKER]
            root = os.geteuid() == 0  # then the worker drops to nobody
            proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                    cwd="/", env={"PATH": SYSTEM_PATH}, start_new_session=True, close_fds=True,
                                    pass_fds=(seccomp,), user=NOBODY if root else None,
                                    group=NOBODY if root else None, extra_groups=[] if root else None)
        finally:
            os.close(seccomp)
        worker = _Worker(proc, tuple(p.fileno() for p in (proc.stdin, proc.stdout) if p is not None))
        with self._lock:
            self._all.add(worker)
            self.started += 1
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def _ask(self, worker: _Worker, source: str, stdin: str, limits: Limits, started: float) -> RunResult:
        job = {"source": source, "stdin": stdin, "limits": limits.rlimits(extra_processes=1),
               "wall": limits.wall_seconds, "max_out": limits.max_output_bytes}
        data = json.dumps(job).encode()
        assert worker.proc.stdin is not None and worker.proc.stdout is not None
        try:
            worker.proc.stdin.write(struct.pack(">I", len(data)) + data)
            worker.proc.stdin.flush()
            reply = _read_frame(worker.proc.stdout.fileno(), started + limits.wall_seconds + GRACE_SECONDS)
        except (OSError, ValueError) as exc:
            return RunResult("error", "", f"the sandbox worker failed: {exc}", None, time.perf_counter() - started)
        if reply is None:
            return RunResult("error", "", "the sandbox worker stopped answering", None, time.perf_counter() - started)
        out = json.loads(reply)
        status = classify(out["returncode"], out["stopped"], out["cpu"], limits, out["memory"])
        return RunResult(status, out["stdout"], out["stderr"], out["returncode"], time.perf_counter() - started)

    def worker_pids(self) -> set[int]:
        """Process ids (and process groups) of the live workers, for leak checks."""
        with self._lock:
            return {w.proc.pid for w in self._all}

    def close(self) -> None:
        """Kill every worker; the pool refuses further runs."""
        self._closed = True
        if os.getpid() != self._owner:
            return  # inherited through fork: the workers belong to the parent (and its lock may be held)
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()

    def __enter__(self) -> SandboxPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_frame(fd: int, deadline: float) -> bytes | None:
    """One length-prefixed frame from ``fd``, or None on EOF or when ``deadline`` passes."""
    data, need = b"", 4
    while len(data) < need:
        left = deadline - time.perf_counter()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        block = os.read(fd, need - len(data))
        if not block:
            return None
        data += block
        if need == 4 and len(data) >= 4:
            need = 4 + struct.unpack(">I", data[:4])[0]
    return data[4:need]


_pools: weakref.WeakSet[SandboxPool] = weakref.WeakSet()


_NULL = os.open(os.devnull, os.O_RDWR | os.O_CLOEXEC)


def _close_inherited_pipes() -> None:
    """In a forked child: drop the copies of every pool's worker pipes, so that the workers see EOF,
    and end, as soon as their owner is gone. Each descriptor is pointed at /dev/null (dup2, atomic)
    rather than closed through its file object: another thread of the parent may have held that
    object's lock, or the pool's, at the fork, and the object still closes its number later."""
    for pool in list(_pools):
        for worker in list(pool._all):
            for fd in worker.pipes:
                with contextlib.suppress(OSError):
                    os.dup2(_NULL, fd, inheritable=False)


os.register_at_fork(after_in_child=_close_inherited_pipes)

_default: dict[int, SandboxPool] = {}


def default_pool() -> SandboxPool:
    """This process's shared pool (one per pid, so forked pipeline workers get their own)."""
    pid = os.getpid()
    if pid not in _default:
        _default[pid] = SandboxPool(size=max(1, min(4, os.cpu_count() or 1)))
        atexit.register(_default[pid].close)
    return _default[pid]


def run_warm(source: str, *, stdin: str = "", limits: Limits = Limits()) -> RunResult:
    """Run ``source`` on this process's warm pool; same contract as :func:`run_python`."""
    return default_pool().run(source, stdin=stdin, limits=limits)
