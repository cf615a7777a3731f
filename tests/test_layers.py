"""Import direction: core <- {domains, sandbox} <- {generators, solvers, verifiers} <- pipelines.

Every module of the package is parsed (not imported) and every import in it is checked,
lazy ones inside functions and ``TYPE_CHECKING`` ones included, and so are
``importlib.import_module("cotforge...")`` calls with a literal name. A package may import its
own modules and those of lower layers, never a sibling of its layer or anything above; Prefect
is imported only in ``cotforge/pipelines/flows/``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "cotforge"

LAYER = {
    "core": 0,
    "domains": 1,
    "sandbox": 1,
    "generators": 2,
    "solvers": 2,
    "verifiers": 2,
    "pipelines": 3,
}
TOP = 4
"""``cotforge/__init__.py`` and ``cotforge/plugins.py`` sit above every layer."""
PREFECT = ("prefect", "prefect_dask", "prefect_ray")
PREFECT_HOME = "cotforge.pipelines.flows"


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in ``tree``; relative imports resolved."""
    names: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names.append((node.lineno, target))
            # ``from cotforge import plugins`` imports a module, not a name
            names += [(node.lineno, f"{target}.{alias.name}") for alias in node.names if target == "cotforge"]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if called in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                names.append((node.lineno, node.args[0].value))
    return names


def layer_of(module: str) -> tuple[str, int]:
    """(package, layer) of a ``cotforge`` module."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] not in LAYER:
        return module, TOP
    return parts[1], LAYER[parts[1]]


def violations(source: str, module: str, is_package: bool = False) -> list[str]:
    """What is wrong with the imports of ``source`` (the code of ``module``)."""
    found = []
    own_package, own_layer = layer_of(module)
    for line, name in imported_names(ast.parse(source), module, is_package):
        root = name.split(".")[0]
        if root in PREFECT and not (module == PREFECT_HOME or module.startswith(PREFECT_HOME + ".")):
            found.append(f"{module}:{line} imports {name}: Prefect belongs in {PREFECT_HOME} only")
        if root != "cotforge" or name == "cotforge":
            continue  # the root package is imported before any of its modules anyway
        package, layer = layer_of(name)
        if package == own_package or own_layer == TOP:
            continue
        if layer > own_layer:
            found.append(f"{module}:{line} imports {name}: {own_package} (layer {own_layer}) must not import from above it")
        elif layer == own_layer:
            found.append(f"{module}:{line} imports {name}: {own_package} and {package} share a layer and meet only through core")
    return found


def test_every_import_points_down() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 150  # the walk found the package
    found = []
    for path in modules:
        found += violations(path.read_text(), module_name(path), path.name == "__init__.py")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("module", "source", "problem"),
    [
        ("cotforge.core.registry", "from cotforge import plugins", "must not import from above"),
        ("cotforge.core.registry", "def f():\n    import cotforge.generators.math.sequence", "must not import from above"),
        ("cotforge.core.registry", "import importlib\nimportlib.import_module('cotforge.verifiers.math')", "must not import from above"),
        ("cotforge.generators.code.bug_fix", "from cotforge.verifiers.code import X", "share a layer"),
        ("cotforge.solvers.spaces.csp", "from ...verifiers import logic", "share a layer"),
        ("cotforge.domains.csp", "from cotforge.sandbox import run", "share a layer"),
        ("cotforge.sandbox.pool", "from cotforge.pipelines.rows import RAW", "must not import from above"),
        ("cotforge.verifiers.math", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from cotforge.solvers.search.base import Budget",
         "share a layer"),
        ("cotforge.pipelines.run_unit", "from prefect import task", "Prefect belongs in"),
        ("cotforge.solvers.search.mcts", "import prefect_dask", "Prefect belongs in"),
    ],
)
def test_a_wrong_import_is_caught(module: str, source: str, problem: str) -> None:
    found = violations(source, module)
    assert len(found) == 1 and problem in found[0], found


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("cotforge.generators.math.sequence", "from cotforge.core.records import Problem\nfrom cotforge.domains import arith"),
        ("cotforge.generators.code.bug_fix", "from cotforge.sandbox import run\nfrom ._pipelines import x"),
        ("cotforge.pipelines.flows.forge", "from prefect import flow\nfrom cotforge.solvers.lm.space import LMSpace"),
        ("cotforge.plugins", "from cotforge.core.registry import TASKS"),
    ],
)
def test_a_right_import_passes(module: str, source: str) -> None:
    assert violations(source, module) == []
