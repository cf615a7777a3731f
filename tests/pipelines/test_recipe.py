from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cotforge.core.errors import ConfigError
from cotforge.pipelines.plan import plan
from cotforge.pipelines.recipe import load_recipe

GOOD = {"name": "r", "seed": 3, "tasks": [{"name": "linear_equation", "count": 12, "levels": [1, 2]}]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tasks": [{"name": "linear_equatoin", "count": 3}]}, "tasks.0.name: unknown task 'linear_equatoin'; did you mean 'linear_equation'"),
        ({"tasks": [{"name": "linear_equation", "count": -3}]}, "tasks.0.count: Input should be greater than or equal to 0"),
        ({"tasks": [{"name": "linear_equation", "count": 3, "levels": [9]}]}, "tasks.0.levels: levels must be between 1 and 5, got [9]"),
        ({"name": None}, "name: Input should be a valid string"),
        ({"seed": "abc"}, "seed: Input should be a valid integer"),
        ({"tasks": [{"name": "linear_equation"}]}, "have no count and the recipe has no total count"),
        ({"search": {"algorithm": "mcst"}}, "search.algorithm: unknown search algorithm 'mcst'; did you mean 'mcts'"),
        ({"colour": "red"}, "colour: Extra inputs are not permitted"),
    ],
)
def test_bad_recipes_name_the_field(change: dict, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_recipe({**GOOD, **change})
    assert message in str(info.value)


def test_missing_field_is_named() -> None:
    data = {k: v for k, v in GOOD.items() if k != "tasks"}
    with pytest.raises(ConfigError, match="tasks: Field required"):
        load_recipe(data)


def test_overrides_and_weights() -> None:
    recipe = load_recipe(
        {"name": "w", "count": 30, "tasks": [{"name": "linear_equation", "weight": 2}, {"name": "knights_knaves"}]},
        ["seed=9", "tasks.1.levels=[1]"],
    )
    assert recipe.seed == 9
    assert recipe.task_counts() == {"linear_equation": 20, "knights_knaves": 10}
    units = plan(recipe)
    assert sum(u.size for u in units) == 30
    assert {u.level for u in units if u.task == "knights_knaves"} == {1}


def test_plan_splits_levels_into_units() -> None:
    recipe = load_recipe({**GOOD, "unit_size": 4})
    units = plan(recipe)
    assert [(u.level, u.start, u.stop) for u in units] == [(1, 0, 4), (1, 4, 6), (2, 0, 4), (2, 4, 6)]


def test_cli_reports_a_bad_recipe_in_one_line(tmp_path: Path) -> None:
    recipe = tmp_path / "bad.yaml"
    recipe.write_text("name: bad\ntasks:\n  - name: linear_equation\n    count: 5\n    levels: [9]\n")
    result = subprocess.run(
        [sys.executable, "-m", "cotforge.pipelines.cli", "run", str(recipe)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == "error: bad recipe: tasks.0.levels: levels must be between 1 and 5, got [9]"
