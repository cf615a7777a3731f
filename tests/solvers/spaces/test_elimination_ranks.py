"""The elimination space's wrong moves ranked with the fraction-valued lines left unwalked where they cannot change the
first places (``EliminationSpace._rank_wrong``) against every line walked (the ranking before it), copied here: the
same moves in the same order for every ``k`` and draw, whichever ``k`` a space is asked first."""

from __future__ import annotations

import random
from fractions import Fraction

from cotforge.core.records import Step
from cotforge.core.space import Move
from cotforge.domains.linear import Row
from cotforge.solvers.spaces import _elimination_memo
from cotforge.solvers.spaces.elimination import EliminationSpace, SystemState
from tests.solvers.spaces.test_elimination_fast import _states


def _every_rank(space: EliminationSpace, state: SystemState) -> list[tuple[tuple[int, ...], Move]]:
    """Every wrong move at ``state`` with its rank, every line walked (``_rank_wrong`` and ``_untidiness`` before)."""
    sound = space._rest(state)

    def untidiness(move: Move) -> tuple[int, ...]:
        values = space._solve(move.next_state)
        if values is None:
            return (2, 0, 0, 0)
        steps, chars = space._rest(move.next_state)
        odd = int(any(v.denominator != 1 for v in values))
        longer = chars + len(move.step.text) - sound[1]
        return (odd, int(steps + 1 != sound[0]), int(longer > 0), int(longer == 0), abs(longer))

    kinds = [sorted(((untidiness(m), m) for m in variants if space._solve(m.next_state) != space.truth), key=lambda t: t[0])
             for variants in space._wrong(state).values()]
    owned: list[list[tuple[tuple[int, ...], Move]]] = [[] for _ in kinds]
    seen: set[tuple[Row, ...]] = set()
    for rounds in (1, len(max(kinds, key=len, default=[]))):
        for ranked, own in zip(kinds, owned):
            for key, move in ranked:
                if len(own) >= rounds:
                    break
                if move.next_state.rows not in seen:
                    seen.add(move.next_state.rows)
                    own.append((key, move))
    return [((*key, n), move) for own in owned for n, (key, move) in enumerate(sorted(own, key=lambda t: t[0]))]


def _offered(scored: list[tuple[tuple[int, ...], Move]], k: int, seed: int) -> list[tuple[str, SystemState]]:
    scored = list(scored)
    random.Random(seed).shuffle(scored)
    scored.sort(key=lambda t: t[0])
    return [(m.step.text, m.next_state) for _, m in scored[:k]]


def test_wrong_moves_ranked_lazily_are_offered_as_when_every_line_is_walked() -> None:
    states = [(space.problem, state) for space, state in _states(per_level=6, limit=80, seed=41, wrong=5) if not state.slipped]
    _elimination_memo._SYSTEMS.clear()
    alone: dict[int, EliminationSpace] = {}
    references = [_every_rank(alone.setdefault(id(p), EliminationSpace(p)), state) for p, state in states]
    compared = lazy = redone = 0
    for order in ((1, 3, 2, 40), (3, 1, 40), (40, 1)):
        _elimination_memo._SYSTEMS.clear()
        spaces: dict[int, EliminationSpace] = {}
        for (problem, state), reference in zip(states, references):
            space = spaces.setdefault(id(problem), EliminationSpace(problem))
            for k in order:
                for seed in (0, 1):
                    before = space._ranked.get(state)
                    got = [(m.step.text, m.next_state) for m in space.propose_wrong(state, k, random.Random(seed))]
                    assert got == _offered(reference, k, seed), (state, k)
                    compared += 1
                    lazy += before is None and space._ranked[state][1] < len(reference)
                    redone += before is not None and space._ranked[state] is not before
    assert compared > 2000
    assert lazy > 50 and redone > 50  # both routes were taken


def _scripted(rng: random.Random) -> EliminationSpace:
    """A space whose wrong moves, their values and their lines are drawn: kinds that share rows, whole and fraction
    values, ties in the lines' lengths (the cases the real systems meet rarely)."""
    space = object.__new__(EliminationSpace)
    space.truth = (Fraction(0),)
    space._ranked = {}
    values = {r: rng.choice([None, (Fraction(r),), (Fraction(r, 3),), (Fraction(0),)]) for r in range(9)}
    lines = {r: (float(rng.randint(0, 3)), rng.randint(0, 12)) for r in range(9)}
    kinds = {f"kind{t}": [Move(Step("s" * rng.randint(3, 6), ""), SystemState((((r,), 0),), slipped=True))  # type: ignore[arg-type]
                          for r in (rng.randrange(9) for _ in range(rng.randint(1, 6)))] for t in range(rng.randint(1, 5))}

    def solve(state: SystemState) -> tuple[Fraction, ...] | None:
        return values[int(state.rows[0][0][0])] if state.slipped else (Fraction(0),)

    def rest(state: SystemState) -> tuple[float, int]:
        return lines[int(state.rows[0][0][0])] if state.slipped else (2.0, 8)

    space._wrong = lambda state: kinds  # type: ignore[method-assign]
    space._solve = solve  # type: ignore[method-assign]
    space._rest = rest  # type: ignore[method-assign]
    return space


def test_drawn_wrong_moves_ranked_lazily_are_offered_as_when_every_line_is_walked() -> None:
    rng = random.Random(11)
    root = SystemState(((((0,), 0)),))  # type: ignore[arg-type]
    compared = 0
    for _ in range(3000):
        seed = rng.random()
        reference = _every_rank(_scripted(random.Random(seed)), root)
        for order in ((1, 3, 2, 40), (3, 1), (2,)):
            space = _scripted(random.Random(seed))
            for k in order:
                got = [(m.step.text, m.next_state) for m in space.propose_wrong(root, k, random.Random(k))]
                assert got == _offered(reference, k, k)
                compared += 1
    assert compared > 20000
