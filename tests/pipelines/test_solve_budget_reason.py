"""An unsolved problem's rejection says which budget ran out and what the search used."""

from __future__ import annotations

from cotforge.core.registry import TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem


def test_the_rejection_names_every_cap_and_the_expansions_used() -> None:
    problem = TASKS.get("linear_equation").from_level(5, seed=0).generate(0)
    outcome = solve_problem(problem, SearchSettings(max_expansions=1, max_seconds=30.0, wrong_moves=0))
    assert outcome.row is None and outcome.verdict.status == "reject"
    assert outcome.verdict.reason == "no verified answer within the budget (1 expansions, 30 s; used 1 expansions)"
    solved = solve_problem(problem, SearchSettings(max_expansions=200, wrong_moves=0))
    assert solved.row is not None
