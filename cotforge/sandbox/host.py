"""Facts about the host that every sandbox mode needs: the interpreter jobs run with, and paths."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from functools import cache

from cotforge.core.errors import SandboxError

NOBODY = 65534
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"
ETC_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime", "/etc/nsswitch.conf")
"""The only host files of /etc a job sees."""
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
"""Folders a job may read and execute from (besides the interpreter's own install folders)."""


@cache
def interpreter() -> str:
    """The python3 sandboxed code runs with: the system one first (bwrap binds /usr), and one an
    unprivileged user can execute along its whole path when we run as root and drop privileges."""
    world = os.geteuid() == 0
    for path in (shutil.which("python3", path=SYSTEM_PATH), sys.executable, shutil.which("python3")):
        if path and os.access(path, os.X_OK) and (not world or world_usable(path)):
            return path
    raise SandboxError("no python3 that an unprivileged user can run was found; install a system python3")


def interpreter_prefixes() -> list[str]:
    """Install folders of the interpreter outside the system folders (a pyenv or conda python)."""
    real = os.path.realpath(interpreter())
    if real.startswith(("/usr/", "/bin/", "/lib")):
        return []
    return sorted({os.path.realpath(sys.base_prefix), os.path.dirname(os.path.dirname(real))})


def world_usable(path: str) -> bool:
    """True when other users may execute ``path`` and traverse every folder above it and above its real path."""
    chain: set[str] = set()
    for here in (os.path.abspath(path), os.path.realpath(path)):
        while here not in chain:
            chain.add(here)
            here = os.path.dirname(here)
    return all(os.stat(here).st_mode & stat.S_IXOTH for here in chain)
