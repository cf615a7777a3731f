"""Run one untrusted Python program in a fresh sandbox and report how it ended.

The mode (:mod:`cotforge.sandbox.mode`) decides where: a bubblewrap sandbox, or the fallback (a
fresh uid with Landlock). In both, the seccomp filter of :mod:`cotforge.sandbox.confine` is in
force (attached by bwrap, or by the program's own process in the fallback, with Landlock) and
the program's own process sets the rlimits before its code runs; every process of the job (the
sandbox's pid namespace, or every process of the fallback's uid) is killed when the run ends or
breaks a limit; the source and stdin reach it as sealed unnamed files, so no host path is shared.
"""

from __future__ import annotations

import contextlib
import fcntl
import math
import os
import resource
import selectors
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from cotforge.core.errors import ConfigError, SandboxError
from cotforge.sandbox import bwrap, confine, fallback
from cotforge.sandbox.host import NOBODY, SYSTEM_PATH, interpreter
from cotforge.sandbox.mode import current

STATUSES = ("ok", "timeout", "memory", "output_limit", "crashed", "error")
STDERR_KEEP = 8_000
"""Bytes of stderr kept in a RunResult (the tail, where a traceback ends)."""

_BOOT = confine.CHILD + r'''
_parent, _source_fd, _status_fd, _limits, _bpf, _landlock = _boot_args(_Y.argv[1:])
_src = b"".join(iter(lambda: _O.read(_source_fd, 1 << 20), b""))
_O.close(_source_fd)
_confine(_limits, _bpf, _landlock, _status_fd, _parent)
_O._exit(_main(_src, _status_fd))
'''


@dataclass(frozen=True, slots=True)
class Limits:
    """What one run may use. The first limit reached ends it."""

    cpu_seconds: float = 2.0
    """CPU time (RLIMIT_CPU, rounded up to whole seconds): SIGXCPU then; a process that ignores it
    (as pid 1 of a cold bubblewrap run does) is killed one CPU second later."""
    wall_seconds: float = 5.0
    """Wall-clock time before every process of the run is killed."""
    memory_mb: int = 256
    """Address space of each process (RLIMIT_AS); memory outside it (shared memory, memfd) is denied."""
    max_processes: int = 16
    """Processes and threads (RLIMIT_NPROC, counted for the job's own uid)."""
    max_open_files: int = 64
    """File descriptors (RLIMIT_NOFILE)."""
    max_output_bytes: int = 64_000
    """Bytes of stdout plus stderr before the run is stopped as ``output_limit``."""
    scratch_mb: int = 16
    """Writable scratch space (tmpfs size under bwrap) and the largest file (RLIMIT_FSIZE)."""

    def __post_init__(self) -> None:
        for name in ("cpu_seconds", "wall_seconds"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < math.inf:
                raise ConfigError(f"limits.{name} must be a positive number, got {value!r}")
        lows = {"memory_mb": 32, "max_processes": 1, "max_open_files": 8, "max_output_bytes": 1, "scratch_mb": 1}
        for name, low in lows.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ConfigError(f"limits.{name} must be an integer >= {low}, got {value!r}")

    def rlimits(self, extra_processes: int = 0) -> list[tuple[int, int, int]]:
        """(resource, soft, hard) for the job's process; ``extra_processes`` for a worker sharing its uid."""
        cpu = math.ceil(self.cpu_seconds)  # SIGXCPU at the limit; SIGKILL a second later if that is ignored
        return [(resource.RLIMIT_CPU, cpu, cpu + 1), (resource.RLIMIT_AS, self.memory_mb << 20, self.memory_mb << 20),
                (resource.RLIMIT_NPROC, self.max_processes + extra_processes, self.max_processes + extra_processes),
                (resource.RLIMIT_NOFILE, self.max_open_files, self.max_open_files),
                (resource.RLIMIT_FSIZE, self.scratch_mb << 20, self.scratch_mb << 20), (resource.RLIMIT_CORE, 0, 0)]


@dataclass(frozen=True, slots=True)
class RunResult:
    """How a run ended (one of STATUSES), its capped stdout, stderr's tail, exit code and time."""

    status: str
    stdout: str
    stderr: str
    returncode: int | None
    seconds: float


def run_python(source: str, *, stdin: str = "", limits: Limits = Limits()) -> RunResult:
    """Run ``source`` as ``main.py`` in a fresh sandboxed interpreter and collect its output.

    Never raises for what the program does or for a sandbox that cannot run: that is a result
    with status ``error`` and the reason in ``stderr``.
    """
    if not isinstance(source, str) or not isinstance(stdin, str):
        raise ConfigError("run_python needs source and stdin as strings")
    started = time.perf_counter()
    mode = current()
    if mode.name == "refused":
        return RunResult("error", "", mode.reason, None, time.perf_counter() - started)
    try:
        with contextlib.ExitStack() as stack:
            return _run(stack, mode.bwrap, source, stdin, limits, started)
    except (OSError, SandboxError) as exc:
        return RunResult("error", "", f"could not run the sandbox: {exc}", None, time.perf_counter() - started)


def _run(stack: contextlib.ExitStack, bwrap_path: str | None, source: str, stdin: str, limits: Limits,
         started: float) -> RunResult:
    source_file, stdin_file = (stack.enter_context(_unnamed_file(text)) for text in (source, stdin))
    bpf = confine.seccomp_program() or b""
    fds = stack.enter_context(_Descriptors())
    status_r, status_w = fds.pipe()
    sweep: Callable[[], None] = lambda: None  # noqa: E731
    json_r = json_w = -1
    if bwrap_path is not None:  # bwrap applies the filter; the boot only sets the rlimits
        filter_file = stack.enter_context(_unnamed_file(bpf))
        json_r, json_w = fds.pipe()
        prefix = bwrap.job_command(bwrap_path, limits.scratch_mb, json_w, filter_file)
        popen: dict[str, Any] = {"cwd": "/", "env": {"PATH": SYSTEM_PATH},
                                 "pass_fds": (source_file, status_w, json_w, filter_file)}
        if os.geteuid() == 0:
            popen.update(user=NOBODY, group=NOBODY, extra_groups=[])
        boot = confine.boot_argv(source_file, status_w, limits.rlimits(), b"", None)
    else:
        job = stack.enter_context(fallback.job())
        prefix, sweep = [], job.sweep
        popen = {**job.popen_args(), "pass_fds": (source_file, status_w)}
        # the job dies with the host (bwrap's --die-with-parent does this in the other mode); the
        # thread that starts it waits for it, so the death signal is not sent early
        boot = confine.boot_argv(source_file, status_w, limits.rlimits(), bpf, job.landlock, parent=os.getpid())
    cmd = [*prefix, interpreter(), "-I", "-S", "-c", _BOOT, *boot]
    proc = subprocess.Popen(cmd, stdin=stdin_file, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, close_fds=True, **popen)
    for fd in (status_w, json_w):
        fds.close(fd)  # the child holds the only write ends now, so a read ends when it exits
    out, err, stopped, cpu = _communicate(proc, limits, started, sweep)
    launched = bwrap_path is None or b'"child-pid"' in _read_nowait(json_r)
    memory = _read_nowait(status_r).startswith(b"M")
    return RunResult(
        classify(proc.returncode, stopped, cpu, limits, memory, launched, bwrap_path is not None),
        out.decode("utf-8", "replace"), err[-STDERR_KEEP:].decode("utf-8", "replace"),
        proc.returncode, time.perf_counter() - started,
    )


def _communicate(proc: subprocess.Popen, limits: Limits, started: float,
                 sweep: Callable[[], None]) -> tuple[bytes, bytes, str, float]:
    """Read capped stdout/stderr until the child exits or a limit is hit; returns (stdout, stderr,
    stopped: "timeout" | "output_limit" | "", CPU seconds). Every process of the job is killed on
    every path, and the child is reaped."""
    assert proc.stdout and proc.stderr  # internal invariant: both are pipes
    deadline = started + limits.wall_seconds
    chunks: dict[int, list[bytes]] = {proc.stdout.fileno(): [], proc.stderr.fileno(): []}
    total, stopped, exited_at = 0, "", None
    sel = selectors.DefaultSelector()
    for fd in chunks:
        os.set_blocking(fd, False)
        sel.register(fd, selectors.EVENT_READ)
    try:
        while not stopped:
            now = time.perf_counter()
            if exited_at is None and _has_exited(proc.pid):
                _kill_group(proc.pid)  # stragglers in the group; the leader is not reaped yet
                sweep()
                exited_at = now
            if exited_at is not None and (not sel.get_map() or now - exited_at > 0.2):
                break  # done, or the pipes are held open by a process that left the group
            if now >= deadline:
                stopped = "timeout"
                break
            if not sel.get_map():
                time.sleep(0.002)
            for key, _ in sel.select(min(deadline - now, 0.05)) if sel.get_map() else ():
                block = os.read(key.fd, 65536)
                if not block:
                    sel.unregister(key.fd)
                chunks[key.fd].append(block)
                total += len(block)
                if total > limits.max_output_bytes:
                    stopped = "output_limit"
                    break
    finally:
        sel.close()
        _kill_group(proc.pid)
        sweep()
        _, status, usage = os.wait4(proc.pid, 0)  # SIGKILL was just sent to the whole group
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stdout.close()
        proc.stderr.close()
    out, err = (b"".join(parts) for parts in chunks.values())
    return out[: limits.max_output_bytes], err, stopped, usage.ru_utime + usage.ru_stime


def classify(code: int | None, stopped: str, cpu: float, limits: Limits, memory: bool, launched: bool = True,
             bwrap_exit: bool = False) -> str:
    """Map how a run ended to one of STATUSES: by exit status, CPU used and the boot's memory
    report, never by what the program printed. ``bwrap_exit``: ``code`` is bwrap's, which reports
    death by signal N as 128 + N."""
    if stopped:
        return stopped
    if code is None or not launched:
        return "error"
    sig = -code if code < 0 else (code - 128 if bwrap_exit and code > 128 else 0)
    if cpu_limit_hit(sig, cpu, limits):
        return "timeout"
    if memory and code != 0:
        return "memory"
    return "ok" if code == 0 else "crashed"


def cpu_limit_hit(sig: int, cpu: float, limits: Limits) -> bool:
    """Whether a process that died of signal ``sig`` after ``cpu`` seconds hit RLIMIT_CPU: SIGXCPU
    at the soft limit, or SIGKILL at the hard one (pid 1 of a namespace ignores SIGXCPU). The
    kernel's accounting of the CPU used can read up to a tenth low."""
    return sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu >= 0.9 * math.ceil(limits.cpu_seconds))


@contextlib.contextmanager
def _unnamed_file(content: str | bytes) -> Iterator[int]:
    """A descriptor of an unnamed file holding ``content`` (text as UTF-8, lone surrogates kept as
    bytes the program then fails on rather than an exception here): a memfd, else a temporary file."""
    data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("cotforge-job", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.lseek(fd, 0, os.SEEK_SET)
            # sealed: the job can neither write it nor grow it (host memory outside its limits)
            fcntl.fcntl(fd, fcntl.F_ADD_SEALS, fcntl.F_SEAL_WRITE | fcntl.F_SEAL_GROW | fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_SEAL)
            yield fd
        finally:
            os.close(fd)
        return
    with tempfile.TemporaryFile() as fh:
        fh.write(data)
        fh.flush()
        fh.seek(0)
        yield fh.fileno()


class _Descriptors:
    """Pipes of one run, each closed exactly once (a second close could hit a descriptor that
    another thread has opened since)."""

    def __init__(self) -> None:
        self.open: set[int] = set()

    def pipe(self) -> tuple[int, int]:
        read, write = os.pipe()
        self.open.update((read, write))
        return read, write

    def close(self, fd: int) -> None:
        if fd in self.open:
            self.open.discard(fd)
            os.close(fd)

    def __enter__(self) -> _Descriptors:
        return self

    def __exit__(self, *exc: object) -> None:
        for fd in list(self.open):
            self.close(fd)


def _has_exited(pid: int) -> bool:
    """Whether the child has exited, without reaping it (so its pgid cannot be reused yet)."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _read_nowait(fd: int) -> bytes:
    if fd < 0:
        return b""
    os.set_blocking(fd, False)
    with contextlib.suppress(BlockingIOError):
        return os.read(fd, 65536)
    return b""
