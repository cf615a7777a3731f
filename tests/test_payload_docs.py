"""docs/payloads.md lists, for every registered task, exactly the payload keys its problems carry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cotforge.core.registry import TASKS
from cotforge.core.task import LEVELS

DOC = Path(__file__).parents[1] / "docs" / "payloads.md"


def documented() -> dict[str, tuple[str, set[str], set[str]]]:
    """task -> (step space, keys every problem has, keys some problems have) from the tables."""
    tasks: dict[str, tuple[str, set[str], set[str]]] = {}
    for line in DOC.read_text().splitlines():
        cells = [c.strip() for c in line.split("|")[1:-1]]
        if len(cells) != 4 or not cells[0].startswith("`"):
            continue
        keys = re.findall(r"`(\w+)`(\??)", cells[2])
        for task in re.findall(r"`(\w+)`", cells[0]):
            tasks[task] = (cells[1].strip("`"), {k for k, some in keys if not some}, {k for k, some in keys if some})
    return tasks


@pytest.mark.parametrize("task", TASKS.names())
def test_the_payload_of_every_task_is_documented(task: str) -> None:
    docs = documented()
    assert task in docs, f"{task} is missing from {DOC.name}"
    space, always, sometimes = docs[task]
    generator = TASKS.get(task)
    assert space == generator.space
    for level in LEVELS:
        for index in range(3):
            keys = set(generator.from_level(level, seed=1).generate(index).data())
            assert always <= keys <= always | sometimes, f"{task} level {level}: documented {sorted(always)} + {sorted(sometimes)}, generated {sorted(keys)}"
