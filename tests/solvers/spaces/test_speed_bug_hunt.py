"""bug_hunt's remembered sandbox runs change no row: records made with the memo emptied before every space are the
records made with it shared by the search's and the negatives' spaces; a run that fails is not remembered."""

from __future__ import annotations

import pytest

import cotforge.solvers.spaces.bug_hunt as bug_hunt
from cotforge.core.errors import SandboxError
from cotforge.core.registry import SPACES, TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem


def _problems() -> list:
    return [TASKS.get("bug_fix").from_level(level, seed=7).generate(index) for level in (1, 3, 5) for index in range(2)]


def test_records_are_the_same_with_the_memo_shared_or_emptied_before_every_space(monkeypatch: pytest.MonkeyPatch) -> None:
    problems = _problems()
    bug_hunt._RUNS.clear()
    shared = [solve_problem(p, SearchSettings()).row for p in problems]
    assert bug_hunt._RUNS, "the search's and the negatives' spaces ran through the memo"

    space_class = SPACES.get("bug_hunt")

    def fresh(problem):  # type: ignore[no-untyped-def]
        bug_hunt._RUNS.clear()
        return space_class(problem)

    monkeypatch.setattr(SPACES, "get", lambda name: fresh if name == "bug_hunt" else SPACES.__class__.get(SPACES, name))
    emptied = [solve_problem(p, SearchSettings()).row for p in problems]
    assert emptied == shared
    assert all(row is not None and row["negatives"] for row in shared)


def test_a_failing_run_is_not_remembered() -> None:
    bug_hunt._RUNS.clear()
    with pytest.raises(SandboxError):
        bug_hunt._run("raise SystemExit(3)\n", [("f", 1)])  # ends before its calls report
    assert not bug_hunt._RUNS
    assert bug_hunt._run("def f(x):\n    return x + 1\n", [("f", 1), ("f", 2)]) == [2, 3]
    got = bug_hunt._run("def f(x):\n    return x + 1\n", [("f", 1), ("f", 2)])
    got.append(99)  # a caller's list is its own copy
    assert bug_hunt._run("def f(x):\n    return x + 1\n", [("f", 1), ("f", 2)]) == [2, 3]
    assert len(bug_hunt._RUNS) == 1
