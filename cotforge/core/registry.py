"""Name -> object registries, with "did you mean" errors for typos."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from cotforge.core.errors import UnknownNameError

T = TypeVar("T")


class Registry(Generic[T]):
    """A registry of named things of one kind (tasks, spaces, verifiers, algorithms)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, name: str, item: T) -> T:
        if name in self._items and self._items[name] is not item:
            raise ValueError(f"{self.kind} {name!r} is already registered")
        self._items[name] = item
        return item

    def decorator(self, name: str) -> Callable[[T], T]:
        def wrap(item: T) -> T:
            return self.register(name, item)

        return wrap

    def get(self, name: str) -> T:
        _load_builtins()
        try:
            return self._items[name]
        except KeyError:
            raise UnknownNameError(self.unknown_message(name)) from None

    def unknown_message(self, name: str) -> str:
        close = difflib.get_close_matches(name, list(self._items), n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        known = ", ".join(sorted(self._items)) or "none"
        return f"unknown {self.kind} {name!r}{hint} (known: {known})"

    def names(self) -> list[str]:
        _load_builtins()
        return sorted(self._items)

    def __contains__(self, name: object) -> bool:
        _load_builtins()
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())


def _load_builtins() -> None:
    """Import the packages whose modules register themselves, once."""
    from cotforge import plugins

    plugins.load_all()


# The registries. Modules register themselves at import; ``cotforge.plugins`` imports them.
TASKS: Registry = Registry("task")
SPACES: Registry = Registry("step space")
VERIFIERS: Registry = Registry("verifier")
SEARCHES: Registry = Registry("search algorithm")
RECHECKS: Registry = Registry("independent re-check")
"""task -> ``fn(problem) -> str | None``: a second route to the gold answer (or a uniqueness
proof) that shares no code with the generator; ``None`` means it agrees, a string says how not."""
