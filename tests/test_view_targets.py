"""The view-target contract, over every registered task and level: what a view teaches as right
scores 1.0 with the RL reward, what it teaches as wrong scores 0.0.

Every ``sft`` and ``sft_think`` completion and every ``dpo`` chosen must score 1.0 with
``cotforge.verifiers.rewards.verified_reward``; every ``dpo`` rejected must score 0.0 (a rejected
that ends with no answer scores 0, as it should). The run goes through the plain pipeline
functions (plan, run_unit, the view makers), as ``cotforge run`` does, without Prefect.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cotforge.core.registry import TASKS
from cotforge.pipelines.plan import plan
from cotforge.pipelines.recipe import load_recipe
from cotforge.pipelines.rows import read_rows
from cotforge.pipelines.run_unit import run_unit
from cotforge.pipelines.storage import location
from cotforge.pipelines.views import build_views
from cotforge.verifiers.rewards import SCORE_FIELDS, verified_reward

TARGETS = (("sft", "completion", 1.0), ("sft_think", "completion", 1.0), ("dpo", "chosen", 1.0), ("dpo", "rejected", 0.0))
"""(view, column, the reward its text must earn)."""

KNOWN_MATH_FAILURES: dict[str, str] = {}
"""Math tasks whose views break the contract today, with why (the math helpers are rebuilding them)."""
READER_FALSE_POSITIVES: dict[str, str] = {}
"""Tasks whose reader reads an answer into a text that gives none (seen only in the large form)."""


def _rows(task: str, per_level: int, out: Path) -> list[dict]:
    recipe = load_recipe({"name": "targets", "seed": 5, "tasks": [{"name": task, "count": 5 * per_level}],
                          "unit_size": per_level, "views": {"think": True}, "output": str(out)})
    rows = []
    for unit in plan(recipe):
        run_unit(recipe, unit, location(out))
        rows += read_rows(out / "parts" / f"{unit.name}.parquet")
    return rows


def _failures(rows: list[dict]) -> list[str]:
    """One line per view target whose reward is not the one it must earn."""
    by_id = {row["id"]: row for row in rows}
    views = build_views(rows, think=True)
    failures = []
    for view, column, want in TARGETS:
        targets = views[view].to_pylist()
        if not targets:
            continue
        fields = {f: [by_id[t["id"]][f] for t in targets] for f in SCORE_FIELDS}
        rewards = verified_reward([t[column] for t in targets], **fields)
        failures += [f"{t['id']} {view}.{column}: reward {got}, not {want}: ...{t[column][-160:]!r}"
                     for t, got in zip(targets, rewards) if got != want]
    return failures


def _check(task: str, per_level: int, tmp_path: Path) -> None:
    rows = _rows(task, per_level, tmp_path / "out")
    assert {row["level"] for row in rows} == {1, 2, 3, 4, 5}, "every level must give accepted rows"
    failures = _failures(rows)
    assert not failures, f"{len(failures)} view targets break the contract:\n" + "\n".join(failures[:8])


def _cases() -> list:
    return [pytest.param(task, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MATH_FAILURES[task]))
            if task in KNOWN_MATH_FAILURES else task for task in TASKS.names()]


@pytest.mark.parametrize("task", _cases())
def test_view_targets(task: str, tmp_path: Path) -> None:
    _check(task, 3, tmp_path)


def _large_cases() -> list:
    return [pytest.param(task, marks=pytest.mark.xfail(strict=False, reason=READER_FALSE_POSITIVES[task]))
            if task in READER_FALSE_POSITIVES else case for task, case in zip(TASKS.names(), _cases())]


@pytest.mark.slow
@pytest.mark.parametrize("task", _large_cases())
def test_view_targets_large(task: str, tmp_path: Path) -> None:
    _check(task, 20, tmp_path)


def test_a_broken_target_is_caught(tmp_path: Path) -> None:
    """The check can fail: a rejected that states the gold answer is reported."""
    rows = _rows("knights_knaves", 1, tmp_path / "out")
    row = dict(rows[0], negatives=[dict(rows[0]["negatives"][0] if rows[0]["negatives"] else {
        "steps": [], "reason": "", "first_wrong_step": None}, answer=rows[0]["final_answer"])])
    assert any("dpo.rejected" in line for line in _failures([row]))
