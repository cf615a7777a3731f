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
_loaded = False


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for package_name in _PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=package_name + "."):
            if info.name.rsplit(".", 1)[-1].startswith("_"):
                continue
            importlib.import_module(info.name)
