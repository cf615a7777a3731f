"""A task's own settings come from the recipe (`config:`), checked by the task's config class."""

from __future__ import annotations

import re

import pytest

from cotforge.core.errors import ConfigError
from cotforge.pipelines.job import recipe_job
from cotforge.pipelines.recipe import load_recipe


def recipe(config: dict | None = None, levels: list[int] | None = None) -> dict:
    task: dict = {"name": "linear_equation", "count": 6, "levels": levels or [1, 4]}
    if config is not None:
        task["config"] = config
    return {"name": "cfg", "seed": 3, "tasks": [task], "unit_size": 3}


def test_the_config_reaches_the_generator() -> None:
    job = recipe_job(load_recipe(recipe({"variable": "y"})))
    problems = [p for unit in job.problems.units() for p in job.problems.problems(unit)]
    assert len(problems) == 6
    for problem in problems:  # every equation is in the recipe's variable
        assert re.findall(r"\$([a-z])\$", problem.question) == ["y"], problem.question
    default = recipe_job(load_recipe(recipe()))
    assert [p.question for u in default.problems.units() for p in default.problems.problems(u)] != [p.question for p in problems]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"variable": 5}, "tasks.0.config: variable: Input should be a valid string"),
        ({"variable": "xy"}, "tasks.0.config.variable: must be one letter other than e and i, got 'xy'"),
        ({"varible": "y"}, "tasks.0.config: varible: not a setting of linear_equation (its LinearEquationConfig has: variable)"),
        ({"level": 2}, "tasks.0.config: level: set a task's levels with `levels:`"),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_field(config: dict, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_recipe(recipe(config))
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_a_task_without_settings_keeps_its_fingerprint() -> None:
    assert load_recipe(recipe({})).fingerprint() == load_recipe(recipe()).fingerprint()
    assert load_recipe(recipe({"variable": "y"})).fingerprint() != load_recipe(recipe()).fingerprint()
