"""Import every module that registers a task, space, verifier or search algorithm.

Walking the packages (rather than listing modules) means a new task file is found
without editing any central list.
"""

from __future__ import annotations

import importlib
import pkgutil

_PACKAGES = (
    "cotforge.generators",
    "cotforge.solvers.spaces",
    "cotforge.solvers.search",
    "cotforge.verifiers",
)
_state = {"loaded": False, "loading": False}


def load_all() -> None:
    """Import them all; an import error propagates (it is not turned into "unknown task")."""
    if _state["loaded"] or _state["loading"]:
        return
    _state["loading"] = True
    try:
        _import_packages()
        _state["loaded"] = True
    finally:
        _state["loading"] = False


def _import_packages() -> None:
    for package_name in _PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=package_name + "."):
            if info.name.rsplit(".", 1)[-1].startswith("_"):
                continue
            importlib.import_module(info.name)
