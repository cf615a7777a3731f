"""search_trace: the search told with its failed cases and backtracking, around the winning path."""

from __future__ import annotations

import random

from cotforge.core.registry import SPACES, VERIFIERS
from cotforge.generators.logic.sudoku import SudokuGenerator
from cotforge.solvers.linearize import path_steps
from cotforge.solvers.search.base import Budget
from cotforge.solvers.search.best_first import best_first
from cotforge.solvers.search_trace import BACK_FROM_GUESS, search_trace, search_trace_parts


def _search(level: int, index: int, wrong: int):  # type: ignore[no-untyped-def]
    p = SudokuGenerator.from_level(level, seed=11).generate(index)
    space, v = SPACES.get(p.space)(p), VERIFIERS.get(p.verifier)
    reward = lambda a: 1.0 if a is not None and v.verify(p, a).accepted else 0.0  # noqa: E731
    return best_first(space, reward, Budget(wrong_moves=wrong), random.Random(0))


def _refuting_search():  # type: ignore[no-untyped-def]
    """The first level-5 sudoku whose search tries the wrong case first (some take the right one first)."""
    for index in range(12):
        result = _search(5, index, wrong=0)
        if any(t.endswith(BACK_FROM_GUESS) for _, t in search_trace_parts(result)):
            return result
    raise AssertionError("no level-5 sudoku among 12 made the search back out of a case")


def test_failed_case_is_told_before_the_case_that_works() -> None:
    result = _refuting_search()
    best = [(s.text, s.state) for s in path_steps(result, result.best_path() or [])]
    parts = search_trace_parts(result)
    texts = [t for _, t in parts]
    steps = [s for s, _ in parts]
    assert [(s.text, s.state) for s in steps if (s.text, s.state) in best] == best  # the winning path, in order
    dead = [i for i, t in enumerate(texts) if t.endswith(BACK_FROM_GUESS)]
    assumes = [i for i, s in enumerate(steps) if s.kind == "assume"]
    assert assumes[0] < dead[0] < assumes[-1]
    assert steps[dead[0]].kind == "contradiction"
    text = search_trace(result)
    assert text.index("Suppose") < text.index("contradiction") < text.rindex("Suppose")
    assert text.rstrip().splitlines()[-1] == (result.nodes[result.best_path()[-1]].answer or "").splitlines()[-1]


def test_wrong_moves_only_on_request() -> None:
    result = _search(1, 0, wrong=1)
    plain = search_trace_parts(result)
    assert not any(s.intended_wrong for s, _ in plain)
    told = search_trace_parts(result, include_wrong=True)
    assert any(s.intended_wrong for s, _ in told)
    assert all("That does not check out" not in t for _, t in told)
    slips = [s for s, _ in told if s.intended_wrong]
    notes = [t for _, t in told if "Back to before it." in t]
    assert notes and any(s.error_kind.replace("_", " ") in t for s in slips for t in notes)  # the mistake is named
    assert any(" ".join(s.text.split())[:40] in t for s in slips for t in notes)  # and the step it goes back to
    assert len(told) > len(plain)


def test_unsolved_search_tells_nothing() -> None:
    result = _search(3, 0, wrong=0)
    result.nodes = result.nodes[:1]
    assert search_trace(result) == ""
