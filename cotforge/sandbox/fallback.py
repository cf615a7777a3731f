"""The fallback mode, for hosts where bubblewrap cannot build a sandbox (root in a container).

Each job runs as a fresh unprivileged uid, leased from a range no account uses and held by a
lock for the job's whole life, so it owns nothing of any other job and ``RLIMIT_NPROC`` counts
its processes only. Its folder belongs to root (only ``work/`` inside is the job's), so the job
cannot replace it; the host never follows a path the job controls (it removes the folder
through directory descriptors, without chmod or chown). Landlock lets the job read the system
folders and write its own ``work/`` only; the seccomp filter of :mod:`cotforge.sandbox.confine`
denies sockets, shared memory and the other kernel objects that outlive a process. When the job
ends, every process of its uid is killed at once (``kill(-1)`` sent as that uid, which a
forking process cannot outrun), so a daemon cannot outlive its job. If the host itself dies
mid-job, the job's own process dies with it (a parent-death signal) and anything else of the uid
is killed at the next lease of that uid or the next process's first lease.

Where any of this cannot hold (not root, no Landlock, no filter for this CPU), :func:`refusal`
says why in one line and untrusted code is not run.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import platform
import pwd
import signal
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from cotforge.core.errors import SandboxError
from cotforge.sandbox import confine
from cotforge.sandbox.host import ETC_FILES, SYSTEM_DIRS, SYSTEM_PATH, interpreter, interpreter_prefixes, world_usable

UID_BASE = 0x70000000
"""First uid of the leased range: 1,879,048,192, in the span systemd documents as unused
(above container ranges, below 2^31)."""
UID_COUNT = 65536
SMALL_MAP_COUNT = 4096
"""In a user namespace that does not map that range (a remapped container), the top this-many
uids of its highest mapped extent are leased instead."""
LOCK_DIRS = ("/run/cotforge-sandbox",)
"""Root-only folders for the uid leases (tried in order; then one under the temp folder)."""
_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


@dataclass(slots=True)
class FallbackJob:
    """One job's uid, working folder and Landlock ruleset."""

    uid: int
    work: str
    landlock: dict[str, object]
    swept: bool = False
    """True once every process of the uid was killed after the job started: kill(-1) reaches all of
    them at once, and none can be made afterwards, so one sweep is enough."""

    def popen_args(self) -> dict[str, object]:
        """subprocess.Popen arguments that start the job as its uid, in its folder, with a clean environment."""
        return {"user": self.uid, "group": self.uid, "extra_groups": [], "cwd": self.work,
                "env": {"PATH": SYSTEM_PATH, "LANG": "C.UTF-8", "HOME": self.work}}

    def sweep(self) -> None:
        """Kill every process of the job's uid (once)."""
        if not self.swept:
            kill_uid(self.uid)
            self.swept = True


def refusal() -> str | None:
    """Why the fallback cannot contain untrusted code here, in one line; None when it can."""
    if platform.system() != "Linux":
        return "the fallback sandbox needs Linux"
    if os.geteuid() != 0:
        return "without root there is no separate uid to run a job as (install bubblewrap, or run as root)"
    if confine.landlock_abi() < 1:
        return "Landlock is not available in this kernel, so a job could write outside its folder"
    if not uid_range():
        return "this user namespace maps no uids to run jobs as"
    try:
        interpreter()
        _lock_dir()
    except (SandboxError, OSError) as exc:
        return str(exc)
    return None


@contextlib.contextmanager
def job() -> Iterator[FallbackJob]:
    """Lease a uid, make the job's folder; on exit kill the uid's processes, remove the folder, free the uid."""
    uid, lease = _lease()
    try:
        if os.pread(lease, 5, 0) != b"clean":
            kill_uid(uid)  # anything an earlier holder of this uid left (its host died mid-job)
        os.pwrite(lease, b"busy!", 0)
        base = tempfile.gettempdir()
        folder = tempfile.mkdtemp(prefix="cotforge-job-", dir=base if world_usable(base) else "/tmp")
        parent_fd = os.open(os.path.dirname(folder), _DIR)
        try:
            fd = os.open(folder, _DIR)
            try:
                os.fchmod(fd, 0o711)  # root's: the job may pass through it, not change it
                os.mkdir("work", 0o700, dir_fd=fd)
                os.chown("work", uid, uid, dir_fd=fd, follow_symlinks=False)
            finally:
                os.close(fd)
            work = os.path.join(folder, "work")
            ruleset = confine.landlock_ruleset(
                read_exec=[*SYSTEM_DIRS, *interpreter_prefixes()],
                read_only=[*ETC_FILES, "/dev/urandom", "/dev/random", "/dev/zero"],
                read_write=["/dev/null", work],
            )
            leased = FallbackJob(uid, work, ruleset)
            try:
                yield leased
            finally:
                leased.sweep()
                _remove_tree(parent_fd, os.path.basename(folder))
                os.pwrite(lease, b"clean", 0)  # the next holder need not sweep
        finally:
            os.close(parent_fd)
    finally:
        os.close(lease)


def kill_uid(uid: int) -> None:
    """SIGKILL every process whose uid is ``uid``, sent as that uid with ``kill(-1)``: the kernel
    signals them all in one pass that a fork cannot escape."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child only makes syscalls and exits
        try:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            os.kill(-1, signal.SIGKILL)
        except BaseException:
            os._exit(1)
        os._exit(0)
    os.waitpid(pid, 0)


def _lease() -> tuple[int, int]:
    """(uid, descriptor holding its lock): the first uid of the range no other job holds."""
    dir_fd = _lock_dir()
    if not _stale_swept:
        sweep_stale()
    for uid in uid_range():
        if _has_account(uid):
            continue  # a real account (NSS, LDAP) in the range: never run jobs as it, never kill its processes
        fd = os.open(f"uid-{uid}", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=dir_fd)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        return uid, fd
    raise SandboxError(f"all {len(uid_range())} sandbox uids are in use")


_stale_swept = False


def sweep_stale() -> None:
    """Kill what jobs of hosts that died mid-job left running: every uid whose lease is free but
    not marked clean. Run at a process's first lease (a uid's next holder also sweeps it)."""
    global _stale_swept
    _stale_swept = True
    dir_fd = _lock_dir()
    for name in os.listdir(dir_fd):
        uid = int(name[4:]) if name.startswith("uid-") and name[4:].isdigit() else -1
        if uid not in uid_range() or _has_account(uid):
            continue
        fd = os.open(name, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dir_fd)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.pread(fd, 5, 0) != b"clean":
                kill_uid(uid)
                os.pwrite(fd, b"clean", 0)
        except BlockingIOError:
            pass  # a live job holds it
        finally:
            os.close(fd)


@cache
def uid_range() -> range:
    """The uids jobs run as: UID_BASE.. where this user namespace maps them (the usual case), else
    the top of its highest mapped extent (never uid 0); empty when nothing is mapped."""
    extents = []
    try:
        with open("/proc/self/uid_map") as fh:
            for line in fh:
                inside, _outside, count = map(int, line.split())
                extents.append((inside, inside + count))
    except (OSError, ValueError):
        return range(0)
    if any(lo <= UID_BASE and UID_BASE + UID_COUNT <= hi for lo, hi in extents):
        return range(UID_BASE, UID_BASE + UID_COUNT)
    if not extents:
        return range(0)
    lo, hi = max(extents, key=lambda extent: extent[1])
    return range(max(lo, hi - SMALL_MAP_COUNT, 1), hi)


@cache
def _has_account(uid: int) -> bool:
    try:
        pwd.getpwuid(uid)
    except KeyError:
        return False
    return True


@cache
def _lock_dir() -> int:
    """A descriptor of a folder only root can write, for the uid leases."""
    for path in (*LOCK_DIRS, os.path.join(tempfile.gettempdir(), "cotforge-sandbox-uids")):
        with contextlib.suppress(FileExistsError, FileNotFoundError, PermissionError):
            os.mkdir(path, 0o700)
        try:
            fd = os.open(path, _DIR)
        except OSError:
            continue
        st = os.fstat(fd)
        if st.st_uid == 0 and not st.st_mode & 0o022:
            return fd
        os.close(fd)
    raise SandboxError("no folder only root can write was found for the sandbox's uid leases")


def _remove_tree(parent_fd: int, name: str) -> None:
    """Remove ``name`` under ``parent_fd`` and everything in it through directory descriptors,
    never following a symlink, with two descriptors open however deep the tree is."""
    trail: list[str] = []
    fd = os.open(name, _DIR, dir_fd=parent_fd)
    try:
        for _ in range(1_000_000):
            deeper, seen = None, False
            with os.scandir(fd) as entries:
                for entry in entries:
                    seen = True
                    if entry.is_dir(follow_symlinks=False):
                        deeper = entry.name
                        break
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(entry.name, dir_fd=fd)
            if deeper is not None:
                below = os.open(deeper, _DIR, dir_fd=fd)
                os.close(fd)
                fd = below
                trail.append(deeper)
            elif seen:
                continue  # files were removed: look again until the folder is empty
            elif trail:
                above = os.open("..", _DIR, dir_fd=fd)
                os.close(fd)
                fd = above
                os.rmdir(trail.pop(), dir_fd=fd)
            else:
                break
    finally:
        os.close(fd)
    os.rmdir(name, dir_fd=parent_fd)
