"""CSP step space: locked candidates, the split it picks, the cap on wrong moves, remembered checks."""

from __future__ import annotations

import dataclasses
import itertools
import json
import random

from cotforge.domains.csp_grade import closure, split_choice
from cotforge.core.registry import SEARCHES, SPACES, VERIFIERS
from cotforge.generators.logic.sudoku import SudokuGenerator, sudoku_csp
from cotforge.solvers.search.base import Budget
from cotforge.solvers.spaces.csp import MAX_SLIPS, CspState


def _blank_4x4():  # type: ignore[no-untyped-def]
    p = SudokuGenerator.from_level(1, seed=0).generate(0)
    payload = {**p.data(), **sudoku_csp([None] * 16, 2, 2).payload()}
    return dataclasses.replace(p, payload=json.dumps(payload))


def _all_grids() -> list[tuple[int, ...]]:
    """Every solved 4x4 sudoku (288), row by row, pruning on columns and boxes."""
    out: list[tuple[int, ...]] = []

    def rec(rows: list[tuple[int, ...]]) -> None:
        if len(rows) == 4:
            out.append(tuple(x for row in rows for x in row))
            return
        for p in itertools.permutations(range(4)):
            if any(p[c] == r[c] for r in rows for c in range(4)):
                continue
            if len(rows) % 2 and any(len({rows[-1][c0], rows[-1][c0 + 1], p[c0], p[c0 + 1]}) < 4 for c0 in (0, 2)):
                continue
            rec([*rows, p])

    rec([])
    return out


GRIDS = _all_grids()


def _worlds(doms: list[int]) -> set[tuple[int, ...]]:
    """Every solved 4x4 grid inside the candidates."""
    return {g for g in GRIDS if all(m >> x & 1 for m, x in zip(doms, g))}


def test_locked_candidates_step_is_sound_and_checked() -> None:
    p = _blank_4x4()
    space = SPACES.get(p.space)(p)
    doms = [0b1111] * 16
    doms[4] = doms[5] = 0b1110  # box 1 can hold 1 only in row 1
    state = CspState(tuple(doms), 0)
    assert len(GRIDS) == 288
    moves = [d for d in space.deductions(state) if d.technique == "locked_candidates"]
    assert moves
    verifier = VERIFIERS.get("sudoku")
    for d in moves:
        assert _worlds(doms) == _worlds(list(d.doms))  # nothing possible is lost
        move = space._move(state, d)
        before = dataclasses.replace(move.step, state=json.dumps({"candidates": [[x for x in range(4) if m >> x & 1] for m in doms],
                                                                 "uses": [], "assumed": [], "technique": "given"}))  # fmt: skip
        assert verifier.check_steps(p, [before, move.step])[1] is True
        text = move.step.text
        assert "1" in text and ("row" in text or "column" in text) and "box" in text


def test_split_is_where_the_grader_splits() -> None:
    p = SudokuGenerator.from_level(5, seed=2).generate(0)
    space = SPACES.get(p.space)(p)
    d = closure(space.csp, space.csp.domains, "pairs")
    assert d is not None
    state = CspState(tuple(d), sum(1 << v for v, m in enumerate(d) if not m & (m - 1)))
    assert next(space.deductions(state), None) is None
    moves = space.propose(state, 4)
    assumed = [json.loads(m.step.state)["assumed"][-1] for m in moves]
    v, _ = split_choice(space.csp, d)
    assert len(moves) == 2 and {a[0] for a in assumed} == {v}


def test_wrong_moves_are_capped_spread_and_caught() -> None:
    p = SudokuGenerator.from_level(3, seed=6).generate(1)
    space = SPACES.get(p.space)(p)
    verifier = VERIFIERS.get("sudoku")
    result = SEARCHES.get("best_first")(space, lambda a: 1.0 if verifier.verify(p, a).accepted else 0.0,
                                        Budget(max_expansions=300, wrong_moves=1), random.Random(0))  # fmt: skip
    wrong = [n for n in result.nodes if n.step is not None and n.step.intended_wrong]
    assert 2 <= len(wrong) <= MAX_SLIPS
    assert len({n.depth for n in wrong}) == len(wrong)  # offered at different points of the solution
    for n in wrong:
        path = result.path_to(n.id)
        steps = [result.nodes[i].step for i in path[1:]]
        assert verifier.check_steps(p, steps)[-1] is False


def test_remembered_checks_still_catch_tampering() -> None:
    p = SudokuGenerator.from_level(2, seed=3).generate(0)
    space = SPACES.get(p.space)(p)
    state, steps = space.root(), []
    for _ in range(3):
        move = space.propose(state, 1)[0]
        steps.append(move.step)
        state = move.next_state
    verifier = VERIFIERS.get("sudoku")
    assert verifier.check_steps(p, steps) == [True, True, True]
    assert verifier.check_steps(p, steps) == [True, True, True]
    body = json.loads(steps[1].state)
    sol = p.data()["solution"]
    v = next(v for v, c in enumerate(body["candidates"]) if len(c) > 1)
    body["candidates"][v] = [x for x in body["candidates"][v] if x != sol[v]]
    tampered = dataclasses.replace(steps[1], state=json.dumps(body))
    assert verifier.check_steps(p, [steps[0], tampered, steps[2]])[1] is False
