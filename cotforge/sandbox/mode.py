"""Which sandbox runs jobs here: bubblewrap, the fallback, or none (untrusted code is refused).

``COTFORGE_SANDBOX`` chooses: ``auto`` (the default: bubblewrap where it can build a sandbox,
else the fallback where that is safe), ``bwrap`` (bubblewrap or nothing) or ``fallback`` (the
fallback even where bubblewrap works; the tests use it to run every hostile case in both modes).
"""

from __future__ import annotations

import os
import platform
import warnings
from dataclasses import dataclass

from cotforge.sandbox import bwrap, confine, fallback

ENV = "COTFORGE_SANDBOX"
CHOICES = ("auto", "bwrap", "fallback")


@dataclass(frozen=True, slots=True)
class Mode:
    """``name`` is "bwrap", "fallback" or "refused"; ``bwrap`` the binary (bwrap mode); ``reason``
    why the fallback is used, or why nothing may run (one line)."""

    name: str
    bwrap: str | None = None
    reason: str = ""


def current() -> Mode:
    """The mode in force for the next job (the environment variable is read on every call)."""
    want = os.environ.get(ENV, "auto").strip().lower() or "auto"
    if want not in CHOICES:
        return _refused(f"{ENV} must be one of {', '.join(CHOICES)}, got {want!r}")
    if confine.seccomp_program() is None:
        return _refused(f"refusing to run untrusted code: no seccomp filter is written for this CPU ({platform.machine()})")
    if want == "fallback":
        why = f"{ENV}=fallback"
    else:
        path, why = bwrap.probe()
        if path is not None:
            return Mode("bwrap", path)
        if want == "bwrap":
            return _refused(f"{ENV}=bwrap but {why}")
    refused = fallback.refusal()
    if refused:
        return _refused(f"refusing to run untrusted code: {why}, and {refused}")
    _warn_once(
        f"{why}: sandboxed code runs in the fallback (a fresh uid per job, Landlock, seccomp, rlimits): no "
        "network, writes only to its own folder, but it can read world-readable host files, see host "
        "processes, and its scratch space is capped per file, not in total",
        key="fallback",
    )
    return Mode("fallback", reason=why)


def _refused(reason: str) -> Mode:
    _warn_once(reason, key=reason)
    return Mode("refused", reason=reason)


_warned: set[str] = set()


def _warn_once(message: str, key: str) -> None:
    if key not in _warned:
        _warned.add(key)
        warnings.warn(message, RuntimeWarning, stacklevel=4)
