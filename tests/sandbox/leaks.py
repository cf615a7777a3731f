"""Leak counters and checks shared by the sandbox tests."""

from __future__ import annotations

import glob
import os
import stat
import tempfile
import time

from cotforge.sandbox.fallback import uid_range


def victims_unchanged(victims: dict[str, str]) -> bool:
    with open(victims["victim"]) as fh:
        content = fh.read()
    return (content == "victim" and stat.S_IMODE(os.lstat(victims["victim"]).st_mode) == 0o640
            and stat.S_IMODE(os.lstat(victims["victim_dir"]).st_mode) == 0o750
            and os.listdir(victims["victim_dir"]) == ["keep.txt"])


def descendants() -> dict[int, int]:
    """pid -> the child of this process it descends from, for every process below this one."""
    parent = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as fh:
                parent[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError):
            continue
    found, me = {}, os.getpid()
    for pid in parent:
        here, up, hops = pid, parent.get(pid), 0
        while up and up != me and hops < 64:
            here, up, hops = up, parent.get(up), hops + 1
        if up == me:
            found[pid] = here
    return found


def sandbox_uid_processes() -> list[int]:
    """Live (not zombie) processes whose real uid is one the fallback leases to jobs."""
    found = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/status") as fh:
                fields = dict(line.split(":", 1) for line in fh.read().splitlines() if ":" in line)
        except OSError:
            continue
        uid = int(fields.get("Uid", "0").split()[0])
        if uid in uid_range() and not fields.get("State", "").strip().startswith(("Z", "X")):
            found.append(int(entry))
    return found


def processes_with(marker: str) -> list[int]:
    found = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                if marker.encode() in fh.read():
                    found.append(int(entry))
        except OSError:
            continue
    return found


def in_session(sid: int) -> list[int]:
    """Processes of session ``sid`` (a test starts what it must clean up in a session of its own)."""
    found = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as fh:
                if int(fh.read().rsplit(")", 1)[1].split()[4]) == sid:
                    found.append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    return found


def gone(check, tries: int = 100) -> bool:  # type: ignore[no-untyped-def]
    """True once ``check()`` returns nothing (processes take a moment to die after SIGKILL)."""
    for _ in range(tries):
        if not check():
            return True
        time.sleep(0.02)
    return False


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def job_dirs() -> set[str]:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "cotforge-job-*")))
