"""A code answer that is a program is written once in its own fence, so the reward reads it back."""

from __future__ import annotations

import pytest

from cotforge.core.registry import TASKS
from cotforge.pipelines.views.text import final_line
from cotforge.verifiers.rewards import score


@pytest.mark.parametrize("task", ["bug_fix", "function_synthesis", "code_output", "code_input"])
@pytest.mark.parametrize("level", [1, 3, 5])
def test_code_final_line_scores_gold(task: str, level: int) -> None:
    problem = TASKS.get(task).from_level(level, 0).generate(1)
    row = {"answer": problem.answer, "verifier": problem.verifier, "payload": problem.payload, "task": problem.task,
           "domain": problem.domain, "level": problem.level}
    result = score(row, "Some reasoning.\n\n" + final_line("code", problem.answer))
    assert result.reward == 1.0, (result, final_line("code", problem.answer))
    assert final_line("code", problem.answer).count("```") <= 2
