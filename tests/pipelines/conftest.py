"""A small exported run (no Prefect: the plain pipeline functions) shared by the view tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from cotforge.pipelines.export import export
from cotforge.pipelines.output import prepare_output
from cotforge.pipelines.plan import plan
from cotforge.pipelines.recipe import load_recipe
from cotforge.pipelines.run_unit import run_unit


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("views") / "out"
    recipe = load_recipe(
        {
            "name": "views",
            "seed": 2,
            "tasks": [
                {"name": "linear_equation", "count": 10},
                {"name": "knights_knaves", "count": 10},
                {"name": "code_output", "count": 5},
            ],
            "unit_size": 5,
            "views": {"think": True},
            "output": str(out),
        }
    )
    prepare_output(recipe, out)
    units = plan(recipe)
    for unit in units:
        run_unit(recipe, unit, out)
    export(recipe, units, out)
    return out


