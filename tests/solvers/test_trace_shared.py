"""The search's space and the negatives' fresh space of one code_output problem trace its program once."""

from __future__ import annotations

import pytest

from cotforge.core.registry import SPACES, TASKS
from cotforge.solvers.spaces import execution


def test_two_spaces_of_one_program_trace_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = TASKS.get("code_output").from_level(2, seed=41).generate(0)
    runs: list[str] = []
    real = execution.run_warm

    def counted(source: str, **kwargs):  # type: ignore[no-untyped-def]
        runs.append(kwargs.get("stdin", ""))
        return real(source, **kwargs)

    monkeypatch.setattr(execution, "run_warm", counted)
    execution._TRACES.clear()
    first, second = SPACES.get(problem.space)(problem), SPACES.get(problem.space)(problem)
    assert [s.text for s in first.steps()] == [s.text for s in second.steps()]
    assert runs.count(first.source) == 1  # traced by the first, read by the second
