"""The bubblewrap mode: each job (or warm worker) in fresh namespaces with a minimal, read-only view.

No network, IPC, UTS, pid or user sharing with the host; only /usr, the library folders, a few
/etc files and the interpreter's install folders are visible, read-only; /tmp and /dev/shm are
small size-capped tmpfs mounts; the job runs as an unprivileged uid and cannot make namespaces.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import cache

from cotforge.sandbox.host import ETC_FILES, NOBODY, SYSTEM_DIRS, SYSTEM_PATH, interpreter_prefixes


def mounts(scratch_mb: int, long_lived: bool = False) -> list[str]:
    """bwrap arguments for the sandbox's view of the system.

    Binding only these (not ``/`` wholesale) keeps the project checkout, home folders and every
    other world-readable host file out of reach. A ``long_lived`` sandbox (a pool worker) skips
    ``--die-with-parent``, which ties it to the *thread* that started it, and ``--new-session``,
    so that killing bwrap's process group also kills the sandbox's pid 1 and with it the
    namespace; a worker ends when its stdin reaches EOF instead (see :mod:`cotforge.sandbox.pool`).
    """
    args = ["--unshare-all", "--unshare-user", "--disable-userns", "--as-pid-1"]
    args += [] if long_lived else ["--die-with-parent", "--new-session"]
    for path in SYSTEM_DIRS:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    args += ["--dir", "/etc"] + [a for f in ETC_FILES if os.path.exists(f) for a in ("--ro-bind", f, f)]
    for prefix in interpreter_prefixes():
        args += ["--ro-bind", prefix, prefix]
    return args + [
        "--proc", "/proc", "--dev", "/dev", "--size", "1048576", "--perms", "1777", "--tmpfs", "/dev/shm",
        "--remount-ro", "/dev", "--size", str(scratch_mb << 20), "--perms", "1777", "--tmpfs", "/tmp",
        "--remount-ro", "/",
        "--uid", str(NOBODY), "--gid", str(NOBODY), "--clearenv",
        "--setenv", "PATH", SYSTEM_PATH, "--setenv", "LANG", "C.UTF-8",
    ]


def job_command(bwrap: str, scratch_mb: int, status_fd: int, seccomp_fd: int) -> list[str]:
    """The bwrap prefix of one cold run: a fresh sandbox whose working folder is /tmp/job, with
    the seccomp filter read from ``seccomp_fd`` in force from the first instruction of the job."""
    return [bwrap, *mounts(scratch_mb), "--perms", "0755", "--dir", "/tmp/job", "--chdir", "/tmp/job",
            "--setenv", "HOME", "/tmp/job", "--json-status-fd", str(status_fd), "--seccomp", str(seccomp_fd), "--"]


@cache
def probe() -> tuple[str | None, str]:
    """(path of a bwrap that can build a sandbox here, or None; why not). Probed once per process."""
    path = shutil.which("bwrap") if sys.platform.startswith("linux") else None
    if path is None:
        return None, "bubblewrap (bwrap) is not installed"
    cmd = [path, "--unshare-all", "--unshare-user", "--ro-bind", "/", "/", "--proc", "/proc", "--", "/bin/sh", "-c", "exit 0"]
    kwargs = {"user": NOBODY, "group": NOBODY, "extra_groups": []} if os.geteuid() == 0 else {}
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=10, env={"PATH": SYSTEM_PATH}, **kwargs)  # type: ignore[call-overload]
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"bwrap cannot create a sandbox here ({exc})"
    if done.returncode != 0:
        return None, f"bwrap cannot create a sandbox here ({done.stderr.decode(errors='replace').strip()})"
    return path, ""
