"""Adversarial tables over every logic verifier (see adversarial_logic.py, and adversarial_explanations.py
for what propositional and syllogism answers name besides their verdict): no wrong answer accepted,
every right phrasing accepted, false positives counted apart from false negatives, and ``verify``
and the trainer's reward (``verified_reward``) agreeing on every entry."""

from __future__ import annotations

import pytest

from cotforge.domains.csp import csp_from_json
from cotforge.domains.csp_solve import solve
from adversarial_explanations import TABLES as EXPLANATION_TABLES  # beside this file
from adversarial_logic import TABLES as VERDICT_TABLES, run_table, show

TABLES = {**VERDICT_TABLES, **EXPLANATION_TABLES}


@pytest.mark.parametrize("task", sorted(TABLES))
def test_adversarial_table(task: str) -> None:
    cases = TABLES[task]()
    assert len(cases) >= 40 and any(c.right for c in cases) and any(not c.right for c in cases)
    fp, fn, disagree = run_table(cases)
    assert not fp, f"{len(fp)} wrong answers accepted:\n{show(fp)}"
    assert not fn, f"{len(fn)} right answers not accepted:\n{show(fn)}"
    assert not disagree, f"verify and verified_reward disagree on {len(disagree)}:\n{show(disagree)}"


@pytest.mark.parametrize("task", ["sudoku", "futoshiki", "zebra", "seating"])
def test_puzzles_behind_the_tables_have_one_solution(task: str) -> None:
    """The tables call any grid other than the gold wrong: true only for puzzles with one solution."""
    seen = set()
    for case in TABLES[task]():
        if case.problem.uid not in seen:
            seen.add(case.problem.uid)
            assert len(solve(csp_from_json(case.problem.payload), limit=2)) == 1, case.problem.uid
