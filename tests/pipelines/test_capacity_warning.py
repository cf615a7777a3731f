"""A run that asks a level for more items than one seed holds is told so before it starts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cotforge.core.errors import CapacityWarning
from cotforge.core.registry import TASKS
from cotforge.pipelines import cli
from cotforge.pipelines.job import GeneratedProblems, prepare, recipe_job
from cotforge.pipelines.recipe import Recipe
from cotforge.pipelines.storage import location


def _recipe(count: int, **extra: object) -> Recipe:
    return Recipe.model_validate({"name": "cap", "seed": 0, "count": count, "unit_size": 300,
                                  "tasks": [{"name": "number_theory", "levels": [3, 5]}], **extra})


def test_over_capacity_names_only_the_levels_past_what_a_seed_holds() -> None:
    held = TASKS.get("number_theory").from_level(3).capacity()  # level 3 states its capacity; level 5 holds far more
    job = GeneratedProblems(_recipe(2 * held))
    assert job.over_capacity(job.units()) == []
    job = GeneratedProblems(_recipe(2 * (held + 1)))
    notes = job.over_capacity(job.units())
    assert notes == [f"number_theory level 3: {held + 1} asked, level holds {held} per seed: items past {held} "
                     "may repeat or meet a neighbouring seed's"]


def test_prepare_warns_before_anything_is_written(tmp_path: Path) -> None:
    held = TASKS.get("number_theory").from_level(3).capacity()
    with pytest.warns(CapacityWarning, match=f"number_theory level 3: {held + 1} asked"):
        units = prepare(recipe_job(_recipe(2 * (held + 1))), location(tmp_path / "out"))
    assert sum(u.size for u in units) == 2 * (held + 1)


@pytest.mark.slow  # a run through Prefect
def test_cli_run_prints_the_warning_and_still_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    generator_cls = type(TASKS.get("number_theory").from_level(3))
    monkeypatch.setattr(generator_cls, "capacity", lambda self: 2)  # planning reads it in this process
    recipe = tmp_path / "r.yaml"
    recipe.write_text(json.dumps({"name": "cap", "seed": 0, "count": 3, "workers": 1,
                                  "tasks": [{"name": "number_theory", "levels": [3]}]}))
    assert cli.main(["run", str(recipe), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "warning: number_theory level 3: 3 asked, level holds 2 per seed" in err
    assert json.loads((tmp_path / "out" / "stats.json").read_text())["generated"] == 3


@pytest.mark.parametrize("path", sorted((Path(__file__).parents[2] / "data" / "recipes").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_recipes_load_and_stay_within_what_a_seed_holds(path: Path) -> None:
    from cotforge.pipelines.recipe import load_recipe

    job = GeneratedProblems(load_recipe(str(path), []))
    units = job.units()
    assert units and job.over_capacity(units) == []


def test_the_million_recipe_makes_a_million() -> None:
    from cotforge.pipelines.recipe import load_recipe

    recipe = load_recipe(str(Path(__file__).parents[2] / "data" / "recipes" / "math_1m.yaml"), [])
    assert sum(recipe.task_counts().values()) == 1_000_000
    assert {t.name for t in recipe.tasks} == {t.name for t in load_recipe(str(Path(__file__).parents[2] / "data" / "recipes" / "math.yaml"), []).tasks}
