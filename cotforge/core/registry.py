"""Name -> object registries, with "did you mean" errors for typos.

Where a registry's things come from
-----------------------------------
A module registers its things at import (``TASKS.register("my_task", MyTaskGenerator)``). A
registry imports those modules the first time it is asked for a name (``get``, ``in``,
``names``), from two sources, and knows nothing else of the packages above it:

- packages given to ``add_package``: every public module in them is imported (a walk, so a new
  file is found without editing a list). cotforge's own packages are added by
  ``cotforge.plugins``, which the ``cotforge`` package imports first thing — Python runs it before
  any submodule, this one included — so they are known from a source checkout or an editable
  install as well as from a wheel, without relying on installed metadata;
- entry points in the group ``cotforge.plugins`` (``importlib.metadata``), for other packages: a
  third party declares ``[project.entry-points."cotforge.plugins"] my_tasks = "my_pkg.tasks"`` in
  its ``pyproject.toml``; the module (or every module of the package) it names is imported.

Each registry walks only its own packages: asking for a task imports the generators, not the
verifiers' filters (datasketch, scipy).
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
import threading
from collections.abc import Callable, Iterator
from importlib import metadata
from typing import Any, Generic, TypeVar

from cotforge.core.errors import CotforgeError, UnknownNameError

T = TypeVar("T")

ENTRY_POINT_GROUP = "cotforge.plugins"
"""The entry-point group other packages declare their registering modules in."""


class PluginError(CotforgeError):
    """A module named by a plugin entry point could not be imported."""


def import_modules(package: str, recursive: bool = True) -> None:
    """Import ``package`` and its public modules (not those whose name starts with ``_``);
    with ``recursive``, those of its subpackages too. An import error propagates: it must
    not turn into "unknown task"."""
    root = importlib.import_module(package)
    path = getattr(root, "__path__", None)
    if path is None:
        return  # a plain module
    walk = pkgutil.walk_packages if recursive else pkgutil.iter_modules
    for info in walk(path, prefix=package + "."):
        if info.name.rsplit(".", 1)[-1].startswith("_"):
            continue
        if recursive or not info.ispkg:
            importlib.import_module(info.name)


_lock = threading.RLock()
"""Held while modules are imported for a registry, so another thread waits rather than seeing half of it."""
_plugins: dict[str, bool] = {"scanned": False, "scanning": False}
_loaded_plugins: set[str] = set()


def load_plugins(rescan: bool = False) -> None:
    """Import the modules that entry points of ``ENTRY_POINT_GROUP`` name: once per process, or with
    ``rescan`` also those of packages installed since (each module is imported once)."""
    with _lock:
        if _plugins["scanning"] or (_plugins["scanned"] and not rescan):
            return
        _plugins["scanning"] = True
        try:
            for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
                module = entry.value.split(":", 1)[0]
                if module in _loaded_plugins:
                    continue
                _loaded_plugins.add(module)
                try:
                    import_modules(module)
                except Exception as exc:
                    _loaded_plugins.discard(module)  # the next lookup tries again (and says so again)
                    dist = f" of {entry.dist.name}" if entry.dist is not None else ""
                    raise PluginError(f"cotforge plugin {entry.name!r}{dist} ({entry.value}) failed to import: "
                                      f"{type(exc).__name__}: {exc}") from exc
            _plugins["scanned"] = True
        finally:
            _plugins["scanning"] = False


class Registry(Generic[T]):
    """A registry of named things of one kind (tasks, spaces, verifiers, algorithms)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}
        self._packages: list[tuple[str, bool]] = []
        self._started: set[tuple[str, bool]] = set()
        self._done: set[tuple[str, bool]] = set()

    def add_package(self, package: str, recursive: bool = True) -> None:
        """Import the modules of ``package`` (by name, at the first lookup): they register here."""
        if (package, recursive) not in self._packages:
            self._packages.append((package, recursive))

    def register(self, name: str, item: T) -> T:
        if name in self._items and self._items[name] is not item:
            raise ValueError(f"{self.kind} {name!r} is already registered")
        self._items[name] = item
        return item

    def decorator(self, name: str) -> Callable[[T], T]:
        def wrap(item: T) -> T:
            return self.register(name, item)

        return wrap

    def _load(self) -> None:
        """Walk the packages not walked yet, then the plugins. A lookup made by a module that is
        being imported for this registry sees what is registered so far (no walk within a walk)."""
        if len(self._done) == len(self._packages) and _plugins["scanned"]:
            return
        with _lock:
            for source in list(self._packages):
                if source not in self._started:
                    self._started.add(source)
                    try:
                        import_modules(*source)
                    except BaseException:
                        self._started.discard(source)  # the next lookup tries again (and raises again)
                        raise
                    self._done.add(source)
            load_plugins()

    def get(self, name: str) -> T:
        self._load()
        try:
            return self._items[name]
        except KeyError:
            raise UnknownNameError(self.unknown_message(name)) from None

    def unknown_message(self, name: str) -> str:
        self._load()
        close = difflib.get_close_matches(name, list(self._items), n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        known = ", ".join(sorted(self._items)) or "none"
        return f"unknown {self.kind} {name!r}{hint} (known: {known})"

    def names(self) -> list[str]:
        self._load()
        return sorted(self._items)

    def __contains__(self, name: object) -> bool:
        self._load()
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())


# The registries; ``cotforge.plugins`` says which of cotforge's packages fill each.
TASKS: Registry[Any] = Registry("task")
SPACES: Registry[Any] = Registry("step space")
VERIFIERS: Registry[Any] = Registry("verifier")
SEARCHES: Registry[Any] = Registry("search algorithm")
RECHECKS: Registry[Any] = Registry("independent re-check")
"""task -> ``fn(problem) -> str | None``: a second route to the gold answer (or a uniqueness
proof) that shares no code with the generator; ``None`` means it agrees, a string says how not."""
