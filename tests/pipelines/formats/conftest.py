"""Rows of every task with a gold completion and a perturbed one, for the format tests."""

from __future__ import annotations

import random

import pytest

import cotforge
from cotforge.core.registry import TASKS
from cotforge.pipelines.views.text import final_line


@pytest.fixture(scope="session")
def every_task() -> list[tuple[dict, str, str]]:
    """(make row, gold completion, perturbed completion): 2 items of every task at level 2."""
    cases = []
    for task in cotforge.tasks():
        generator = TASKS.get(task).from_level(2, seed=11)
        for row in cotforge.make(task, level=2, seed=11, n=2):
            domain, index = row["metadata"]["domain"], row["metadata"]["index"]
            wrong = generator.perturb(generator.generate(index), random.Random(index))
            cases.append((row, "Let me work it out.\n\n" + final_line(domain, row["answer"]), final_line(domain, wrong)))
    return cases
