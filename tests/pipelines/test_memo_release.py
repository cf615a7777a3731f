"""A worker drops what it remembered of one task when it starts a unit of another (core/memo.py), and what it
remembers never changes a record."""

from __future__ import annotations

import json
from pathlib import Path

from cotforge.core.memo import Memo, drop_memos
from cotforge.core.registry import TASKS
from cotforge.pipelines.output import prepare_output
from cotforge.pipelines.plan import plan
from cotforge.pipelines.recipe import SearchSettings, load_recipe
from cotforge.pipelines.run_unit import run_unit
from cotforge.pipelines.solve import solve_problem
from cotforge.pipelines.storage import location
from cotforge.solvers.spaces import algebra, polynomial


def test_a_memo_starts_afresh_when_full() -> None:
    memo: Memo[int, str] = Memo(3)
    for key in range(3):
        assert memo.keep(key, str(key)) == str(key)
    assert len(memo) == 3
    memo.keep(9, "nine")
    assert dict(memo) == {9: "nine"}


def test_remember_makes_a_value_once_and_survives_an_emptying_meanwhile() -> None:
    memo: Memo[str, int | None] = Memo(10)
    made: list[str] = []

    def make(key: str, value: int | None, empty: bool = False):  # type: ignore[no-untyped-def]
        def made_now() -> int | None:
            made.append(key)
            if empty:
                memo.clear()  # as another thread's drop_memos would, between the look-up and the keep
            return value
        return made_now

    assert memo.remember("a", make("a", None)) is None
    assert memo.remember("a", make("a", 5)) is None  # None is a value, kept: not made again
    assert memo.remember("b", make("b", 7, empty=True)) == 7
    assert made == ["a", "b"] and dict(memo) == {"b": 7}


def test_a_unit_of_another_task_drops_the_previous_tasks_memos(tmp_path: Path) -> None:
    out = tmp_path / "out"
    recipe = load_recipe({"name": "memo", "seed": 5, "unit_size": 2, "output": str(out),
                          "tasks": [{"name": "linear_equation", "count": 2, "levels": [3]},
                                    {"name": "polynomial_expand", "count": 2, "levels": [3]}]})
    prepare_output(recipe, location(str(out)))
    first, second = plan(recipe)
    assert (first.task, second.task) == ("linear_equation", "polynomial_expand")
    run_unit(recipe, first, location(str(out)))
    assert len(algebra._SOUND) > 0  # the linear equations' states, remembered
    run_unit(recipe, second, location(str(out)))
    assert len(algebra._SOUND) == 0  # dropped when the process moved to polynomial_expand
    assert len(polynomial._PROPOSED) > 0


def test_records_do_not_depend_on_what_was_remembered() -> None:
    for task in ("quadratic_equation", "integral", "inequality"):
        problems = [TASKS.get(task).from_level(level, seed=4).generate(0) for level in (1, 3, 5)]
        remembered = [json.dumps(solve_problem(p, SearchSettings()).row, sort_keys=True, default=str) for p in problems]
        fresh = []
        for problem in problems:
            assert drop_memos() > 0
            fresh.append(json.dumps(solve_problem(problem, SearchSettings()).row, sort_keys=True, default=str))
        assert fresh == remembered, task
