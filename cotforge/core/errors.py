"""Errors that cotforge raises on purpose, each naming what was wrong."""

from __future__ import annotations


class CotforgeError(Exception):
    """Base class: an error meant to be shown to the user as one clear line."""


class UnknownNameError(CotforgeError, KeyError):
    """A registry lookup for a name that is not registered."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class ConfigError(CotforgeError, ValueError):
    """A bad configuration value (recipe, generator config, CLI option)."""


class SandboxError(CotforgeError):
    """Running untrusted code failed for a reason other than the program itself."""


class CapacityWarning(UserWarning):
    """A run asks a task level for more distinct items than one seed holds: the repeats are dropped."""
