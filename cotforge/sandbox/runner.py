"""Run untrusted Python in a separate, limited process.

On Linux with bubblewrap the program gets no network, a read-only view of the file
system with small size-capped scratch tmpfs mounts, its own pid namespace and an
unprivileged uid. Without bubblewrap it falls back to a plain child process with
rlimits only, and warns once. Either way the whole process group is killed when the
run ends or hits a limit, and the per-job scratch folder is removed.
"""

from __future__ import annotations

import contextlib
import math
import os
import selectors
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cotforge.core.errors import ConfigError, SandboxError

STATUSES = ("ok", "timeout", "memory", "output_limit", "crashed", "error")
NOBODY = 65534
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"
ETC_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime", "/etc/nsswitch.conf")
"""The only host files of /etc the sandbox sees."""
STDERR_KEEP = 8_000
"""Bytes of stderr kept in a RunResult (the tail, where a traceback ends)."""

# Runs inside the child: apply the rlimits, then run main.py as __main__. Setting them here
# rather than in preexec_fn is thread-safe, and under bwrap it makes RLIMIT_NPROC count only
# this sandbox's user namespace instead of every process of uid nobody.
_BOOT = """import resource as R, sys as S
c, m, p, n, f = map(int, S.argv[1:6])
for k, v in ((R.RLIMIT_CPU, c), (R.RLIMIT_AS, m), (R.RLIMIT_NPROC, p), (R.RLIMIT_NOFILE, n),
             (R.RLIMIT_FSIZE, f), (R.RLIMIT_CORE, 0)):
    R.setrlimit(k, (v, v))
S.argv = ["main.py"]
with open("main.py", encoding="utf-8") as F:
    C = compile(F.read(), "main.py", "exec")
exec(C, {"__name__": "__main__", "__file__": "main.py", "__builtins__": __builtins__})
"""


@dataclass(frozen=True, slots=True)
class Limits:
    """What one run may use. The first limit reached ends it."""

    cpu_seconds: float = 2.0
    """CPU time (RLIMIT_CPU, rounded up to whole seconds)."""
    wall_seconds: float = 5.0
    """Wall-clock time before the whole process group is killed."""
    memory_mb: int = 256
    """Address space (RLIMIT_AS); Python itself needs about 32 MB."""
    max_processes: int = 16
    """Processes and threads (RLIMIT_NPROC; it binds only an unprivileged uid)."""
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


@dataclass(frozen=True, slots=True)
class RunResult:
    """How a run ended (one of STATUSES), its capped stdout, stderr's tail, exit code and time."""

    status: str
    stdout: str
    stderr: str
    returncode: int | None
    seconds: float


def run_python(source: str, *, stdin: str = "", limits: Limits = Limits()) -> RunResult:
    """Run ``source`` as ``main.py`` in a fresh sandboxed interpreter and collect its output."""
    if not isinstance(source, str) or not isinstance(stdin, str):
        raise ConfigError("run_python needs source and stdin as strings")
    started = time.perf_counter()
    drop = os.geteuid() == 0  # as root, run as nobody so RLIMIT_NPROC and file modes bind
    bwrap = _bwrap()
    base = tempfile.gettempdir()
    job = tempfile.mkdtemp(prefix="cotforge-job-", dir=base if not drop or _world_usable(base) else "/tmp")
    status_r = status_w = -1
    try:
        main, feed = os.path.join(job, "main.py"), os.path.join(job, "stdin.txt")
        for path, text in ((main, source), (feed, stdin)):
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        os.chmod(main, 0o644)
        os.chmod(job, 0o755)
        sizes = (limits.memory_mb << 20, limits.max_processes, limits.max_open_files, limits.scratch_mb << 20)
        cmd = [interpreter(), "-I", "-S", "-c", _BOOT, str(math.ceil(limits.cpu_seconds))]
        cmd += [str(v) for v in sizes]
        env = {"PATH": SYSTEM_PATH, "LANG": "C.UTF-8", "HOME": job}
        if bwrap:
            status_r, status_w = os.pipe()
            cmd = _bwrap_command(bwrap, main, limits, status_w) + cmd
        else:
            _warn_fallback()
            cmd = _no_network() + cmd
            if drop:
                os.chown(job, NOBODY, NOBODY)
        try:
            with open(feed, "rb") as stdin_file:  # a file, not a pipe: nothing to feed while reading
                proc = subprocess.Popen(
                    cmd, stdin=stdin_file, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                    cwd="/" if bwrap else job, env=env, start_new_session=True, close_fds=True,
                    pass_fds=(status_w,) if bwrap else (), **_as_nobody(),
                )
        except OSError as exc:
            return RunResult("error", "", f"could not start the sandbox: {exc}", None, time.perf_counter() - started)
        if bwrap:
            os.close(status_w)
            status_w = -1  # closed: bwrap holds the only write end, so the read ends at its exit
        out, err, stopped = _communicate(proc, limits, started)
        launched = not bwrap or b'"child-pid"' in _read_nowait(status_r)
        return RunResult(
            _status(proc.returncode, err, stopped, bool(bwrap), launched),
            out.decode("utf-8", "replace"), err[-STDERR_KEEP:].decode("utf-8", "replace"),
            proc.returncode, time.perf_counter() - started,
        )
    finally:
        for fd in (status_r, status_w):
            if fd >= 0:
                os.close(fd)
        _remove_tree(job)


def _communicate(proc: subprocess.Popen, limits: Limits, started: float) -> tuple[bytes, bytes, str]:
    """Read capped stdout/stderr until the child exits or a limit is hit; returns (stdout, stderr,
    stopped: "timeout" | "output_limit" | ""). The whole process group is killed on every path."""
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
        proc.wait()  # SIGKILL was just sent to the whole group
        proc.stdout.close()
        proc.stderr.close()
    out, err = (b"".join(parts) for parts in chunks.values())
    return out[: limits.max_output_bytes], err, stopped


def _status(code: int | None, err: bytes, stopped: str, bwrap: bool, launched: bool) -> str:
    """Map how the run ended to one of STATUSES."""
    if stopped:
        return stopped
    if code is None or not launched:
        return "error"
    sig = -code if code < 0 else (code - 128 if bwrap and code > 128 else 0)
    if sig in (signal.SIGXCPU, signal.SIGKILL):
        return "timeout"  # RLIMIT_CPU: SIGXCPU, or SIGKILL for pid 1 of a pid namespace
    if err.rstrip().rsplit(b"\n", 1)[-1].startswith(b"MemoryError") or b"Cannot allocate memory" in err[-2000:]:
        return "memory"
    return "ok" if code == 0 else "crashed"


def _bwrap_command(bwrap: str, main: str, limits: Limits, status_fd: int) -> list[str]:
    """bwrap arguments: no network/ipc/uts/pid sharing, only the interpreter's files read-only, capped tmpfs."""
    return [
        bwrap, *base_mounts(limits.scratch_mb), "--perms", "0755", "--dir", "/tmp/job",
        "--ro-bind", main, "/tmp/job/main.py", "--chdir", "/tmp/job", "--setenv", "HOME", "/tmp/job",
        "--json-status-fd", str(status_fd), "--",
    ]


def base_mounts(scratch_mb: int, long_lived: bool = False) -> list[str]:
    """The sandbox's view of the system: /usr and the few /etc files an interpreter reads, nothing else.

    Binding only these (not ``/`` wholesale) keeps the project checkout, home folders and every other
    world-readable host file out of reach. A ``long_lived`` sandbox (a pool worker) skips
    ``--die-with-parent``, which ties it to the *thread* that started it, and ``--new-session``, so
    that killing bwrap's process group also kills the sandbox's pid 1 and with it the namespace.
    Neither is needed there: the worker has no terminal and exits when its stdin reaches EOF.
    """
    args = ["--unshare-all", "--unshare-user", "--disable-userns", "--as-pid-1"]
    args += [] if long_lived else ["--die-with-parent", "--new-session"]
    args += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = os.path.join("/", name)
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    args += ["--dir", "/etc"] + [a for f in ETC_FILES if os.path.exists(f) for a in ("--ro-bind", f, f)]
    for prefix in _extra_prefixes():
        args += ["--ro-bind", prefix, prefix]
    return args + [
        "--proc", "/proc", "--dev", "/dev", "--size", "1048576", "--perms", "1777", "--tmpfs", "/dev/shm",
        "--remount-ro", "/dev", "--size", str(scratch_mb << 20), "--perms", "1777", "--tmpfs", "/tmp",
        "--remount-ro", "/",
        "--uid", str(NOBODY), "--gid", str(NOBODY), "--clearenv",
        "--setenv", "PATH", SYSTEM_PATH, "--setenv", "LANG", "C.UTF-8",
    ]


def _extra_prefixes() -> list[str]:
    """Install folders of an interpreter outside /usr (a pyenv or conda python run without root)."""
    real = os.path.realpath(interpreter())
    if real.startswith(("/usr/", "/bin/", "/lib")):
        return []
    return sorted({os.path.realpath(sys.base_prefix), os.path.dirname(os.path.dirname(real))})


@lru_cache(maxsize=None)
def _bwrap() -> str | None:
    """bubblewrap, if it can build a sandbox here (probed once); None means the plain-process fallback."""
    path = shutil.which("bwrap") if sys.platform.startswith("linux") else None
    if path is None:
        return None
    probe = [path, "--unshare-all", "--unshare-user", "--ro-bind", "/", "/", "--proc", "/proc"]
    probe += ["--", "/bin/sh", "-c", "exit 0"]
    try:
        done = subprocess.run(probe, capture_output=True, timeout=10, env={"PATH": SYSTEM_PATH}, **_as_nobody())
    except (OSError, subprocess.TimeoutExpired) as exc:
        done = subprocess.CompletedProcess(probe, 1, b"", str(exc).encode())
    if done.returncode != 0:
        _warn_fallback(f"bwrap cannot create a sandbox here ({done.stderr.decode(errors='replace').strip()})")
        return None
    return path


@lru_cache(maxsize=None)
def _no_network() -> list[str]:
    """Without bwrap, ``unshare -rn`` still gives the program an empty network namespace (probed
    once, as the user programs run as); an empty list when this kernel or user cannot."""
    path = shutil.which("unshare", path=SYSTEM_PATH) if sys.platform.startswith("linux") else None
    if path is None:
        return []
    try:
        done = subprocess.run([path, "-rn", "--", "/bin/sh", "-c", "exit 0"], capture_output=True, timeout=10,
                              env={"PATH": SYSTEM_PATH}, **_as_nobody())
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [path, "-rn", "--"] if done.returncode == 0 else []


def _as_nobody() -> dict[str, Any]:
    """Popen arguments that drop root to nobody, so RLIMIT_NPROC and file modes bind."""
    return {"user": NOBODY, "group": NOBODY, "extra_groups": []} if os.geteuid() == 0 else {}


_warned = False


def _warn_fallback(why: str = "bubblewrap (bwrap) not found") -> None:
    global _warned
    if not _warned:
        _warned = True
        kept = "rlimits and an empty network namespace (unshare -rn)" if _no_network() else "rlimits only"
        lost = "file-system isolation" if _no_network() else "network access, file-system isolation"
        warnings.warn(
            f"{why}: sandboxed Python runs as a plain process with {kept}; {lost} "
            "and a private pid namespace are NOT enforced"
            + ("" if os.geteuid() == 0 else ", and it runs as your own uid"),
            RuntimeWarning,
            stacklevel=3,
        )


@lru_cache(maxsize=None)
def interpreter() -> str:
    """The python3 sandboxed code runs with: the system one first (bwrap binds /usr), and one an
    unprivileged user can execute along its whole path when we run as root and drop to nobody."""
    world = os.geteuid() == 0
    for path in (shutil.which("python3", path=SYSTEM_PATH), sys.executable, shutil.which("python3")):
        if path and os.access(path, os.X_OK) and (not world or _world_usable(path)):
            return path
    raise SandboxError("no python3 that an unprivileged user can run was found; install a system python3")


def _world_usable(path: str) -> bool:
    """True when other users may execute ``path`` and traverse every folder above it and above its real path."""
    chain: set[str] = set()
    for here in (os.path.abspath(path), os.path.realpath(path)):
        while here not in chain:
            chain.add(here)
            here = os.path.dirname(here)
    return all(os.stat(here).st_mode & stat.S_IXOTH for here in chain)


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
    os.set_blocking(fd, False)
    with contextlib.suppress(BlockingIOError):
        return os.read(fd, 65536)
    return b""


def _remove_tree(path: str) -> None:
    """Remove a job folder, even one whose folder modes a fallback-mode program changed."""
    os.chmod(path, 0o700)
    for root, dirs, _files in os.walk(path):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o700)
    shutil.rmtree(path)
