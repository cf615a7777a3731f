"""Adversarial tables over every logic verifier (see adversarial_logic.py): no wrong answer accepted,
every right phrasing accepted, false positives counted apart from false negatives, and ``verify``
and the trainer's reward (``verified_reward``) agreeing on every entry."""

from __future__ import annotations

import pytest

from cotforge.core.registry import VERIFIERS
from cotforge.domains.csp import csp_from_json, solve
from cotforge.verifiers.rewards import verified_reward
from adversarial_logic import TABLES, Case  # beside this file


def run_table(cases: list[Case]) -> tuple[list[Case], list[Case], list[Case]]:
    """(false positives, false negatives, entries where verify and the reward disagree)."""
    fp, fn, disagree = [], [], []
    rewards = verified_reward([c.text for c in cases], answer=[c.problem.answer for c in cases],
                              verifier=[c.problem.verifier for c in cases], payload=[c.problem.payload for c in cases],
                              task=[c.problem.task for c in cases], domain=[c.problem.domain for c in cases],
                              level=[c.problem.level for c in cases])  # fmt: skip
    for case, reward in zip(cases, rewards):
        verdict = VERIFIERS.get(case.problem.verifier).verify(case.problem, case.text)
        if verdict.accepted and not case.right:
            fp.append(case)
        if case.right and not verdict.accepted:
            fn.append(case)
        if reward != float(verdict.accepted):
            disagree.append(case)
    return fp, fn, disagree


def _show(cases: list[Case]) -> str:
    return "\n".join(f"{c.problem.uid} [{c.note}]: {c.text[:160]!r}" for c in cases[:8])


@pytest.mark.parametrize("task", sorted(TABLES))
def test_adversarial_table(task: str) -> None:
    cases = TABLES[task]()
    assert len(cases) >= 40 and any(c.right for c in cases) and any(not c.right for c in cases)
    fp, fn, disagree = run_table(cases)
    assert not fp, f"{len(fp)} wrong answers accepted:\n{_show(fp)}"
    assert not fn, f"{len(fn)} right answers not accepted:\n{_show(fn)}"
    assert not disagree, f"verify and verified_reward disagree on {len(disagree)}:\n{_show(disagree)}"


@pytest.mark.parametrize("task", ["sudoku", "futoshiki", "zebra", "seating"])
def test_puzzles_behind_the_tables_have_one_solution(task: str) -> None:
    """The tables call any grid other than the gold wrong: true only for puzzles with one solution."""
    seen = set()
    for case in TABLES[task]():
        if case.problem.uid not in seen:
            seen.add(case.problem.uid)
            assert len(solve(csp_from_json(case.problem.payload), limit=2)) == 1, case.problem.uid
