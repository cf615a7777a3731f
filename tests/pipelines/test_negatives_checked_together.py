"""Negatives are step-checked together (``Verifier.check_steps_many``), those of several positions as long as they
cannot yet make the candidates wanted: the code verifiers check them in one sandbox run, and the records are the ones
chain-by-chain checks make."""

from __future__ import annotations

import pytest

from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from cotforge.verifiers import code_tests
from cotforge.verifiers.base import Verifier


def _rows_and_runs(task: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[dict], int]:  # type: ignore[type-arg]
    """The rows of a few problems, and the verifier's sandbox runs for them (the spaces' runs are remembered)."""
    runs = [0]
    real = code_tests.run_calls

    def counted(*args: object) -> object:
        runs[0] += 1
        return real(*args)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(code_tests, "run_calls", counted)
        rows = []
        for level in (1, 3, 5):
            generator = TASKS.get(task).from_level(level, seed=31)
            rows += [solve_problem(generator.generate(i), SearchSettings()).row for i in range(3)]
    return rows, runs[0]


@pytest.mark.parametrize("task", ["bug_fix", "function_synthesis", "code_input"])
def test_negatives_checked_together_are_the_negatives_checked_one_by_one(task: str, monkeypatch: pytest.MonkeyPatch) -> None:
    together, runs_together = _rows_and_runs(task, monkeypatch)
    verifier = type(VERIFIERS.get(TASKS.get(task).verifier))
    monkeypatch.setattr(verifier, "check_steps_many", Verifier.check_steps_many)
    alone, runs_alone = _rows_and_runs(task, monkeypatch)
    assert together == alone
    assert sum(len(r["negatives"]) for r in together) >= 9
    assert runs_together < runs_alone, (runs_together, runs_alone)
