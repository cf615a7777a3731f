"""The contract every registered task keeps, at every level (one test, all tasks)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.core.task import LEVELS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.rows import RAW, read_rows, write_table_atomic
from cotforge.pipelines.solve import solve_problem

CASES = [(task, level) for task in TASKS.names() for level in LEVELS]
ITEMS = 3


@pytest.mark.parametrize(("task", "level"), CASES)
def test_task_contract(task: str, level: int, tmp_path: Path) -> None:
    generator_cls = TASKS.get(task)
    first = [generator_cls.from_level(level, seed=11).generate(i) for i in range(ITEMS)]
    again = [generator_cls.from_level(level, seed=11).generate(i) for i in range(ITEMS)]
    assert first == again, "same seed must give the same problems"
    other_seed = [generator_cls.from_level(level, seed=12).generate(i) for i in range(ITEMS)]
    assert first != other_seed

    rows = []
    for problem in first:
        verifier = VERIFIERS.get(problem.verifier)
        assert verifier.verify(problem, problem.answer).accepted, problem.question
        wrong = generator_cls.from_level(level).perturb(problem, random.Random(problem.index))
        assert wrong != problem.answer
        assert verifier.verify(problem, wrong).status == "reject", (problem.question, wrong)

        outcome = solve_problem(problem, SearchSettings())
        assert outcome.row is not None, (problem.question, outcome.stage, outcome.verdict)
        assert outcome.row["verdict"] == "accept"
        assert len(outcome.row["steps"]) >= 2
        assert all(step["verified"] is not False for step in outcome.row["steps"])
        rows.append(outcome.row)

    path = tmp_path / "part.parquet"
    write_table_atomic(rows, RAW, path)
    assert read_rows(path) == rows
