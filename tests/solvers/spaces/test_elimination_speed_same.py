"""The elimination space's cheaper routes give what the full ones give: the first-choice step worked out without writing
it (``_first``) against ``propose(state, 1)``, whole entries kept as ``int``s against ``Fraction`` arithmetic, and the
small determinants written out against expansion."""

from __future__ import annotations

import random
from fractions import Fraction

from cotforge.core.registry import TASKS
from cotforge.domains.linear import Row
from cotforge.solvers.spaces._elimination_rows import _det, divided, scale, whole
from cotforge.solvers.spaces.elimination import EliminationSpace, SystemState


def _states(per_level: int = 3, limit: int = 120) -> list[tuple[EliminationSpace, SystemState]]:
    """States reachable by sound and wrong moves from problems of every level, with their space."""
    out = []
    for level in range(1, 6):
        generator = TASKS.get("linear_system").from_level(level, seed=29)
        for i in range(per_level):
            space = EliminationSpace(generator.generate(i))
            todo, seen = [space.root()], set()
            while todo and len(seen) < limit:
                state = todo.pop()
                if state in seen:
                    continue
                seen.add(state)
                out.append((space, state))
                if not space.is_terminal(state):
                    todo.extend(m.next_state for m in space.propose(state, 2) + space.propose_wrong(state, 6, random.Random(i)))
    return out


def test_first_choice_worked_out_without_its_text_is_the_proposed_move() -> None:
    checked = 0
    for space, state in _states():
        moves = space.propose(state, 1)
        first = space._first(state)
        if not moves:
            assert first is None
            continue
        assert first is not None
        assert first[0] == moves[0].next_state and first[0].slipped == moves[0].next_state.slipped
        assert first[1] == len(moves[0].step.text)
        checked += 1
    assert checked > 300


def test_states_hold_whole_entries_as_ints_and_no_floats() -> None:
    for _, state in _states(per_level=2, limit=60):
        for coeffs, const in state.rows:
            for x in (*coeffs, const):
                assert type(x) in (int, Fraction)
                assert type(x) is int or x.denominator != 1


def test_divided_rows_are_the_scaled_rows() -> None:
    rng = random.Random(5)
    for _ in range(3000):
        n = rng.randint(1, 4)
        row: Row = (tuple(whole(Fraction(rng.randint(-12, 12), rng.choice((1, 1, 2, 3)))) for _ in range(n)), whole(Fraction(rng.randint(-30, 30))))
        c = whole(Fraction(rng.choice([k for k in range(-6, 7) if k]), rng.choice((1, 1, 2))))
        got = divided(row, c)
        assert got == scale((tuple(Fraction(x) for x in row[0]), Fraction(row[1])), 1 / Fraction(c))
        assert all(type(x) is int or (type(x) is Fraction and x.denominator != 1) for x in (*got[0], got[1]))


def test_written_out_determinants_are_the_expansion() -> None:
    def expansion(m: list[list[int]]) -> int:
        if len(m) == 1:
            return m[0][0]
        return sum((-1) ** c * m[0][c] * expansion([row[:c] + row[c + 1 :] for row in m[1:]]) for c in range(len(m)))

    rng = random.Random(9)
    for _ in range(3000):
        n = rng.randint(1, 4)
        m = [[rng.randint(-9, 9) for _ in range(n)] for _ in range(n)]
        assert _det(m) == expansion(m)
