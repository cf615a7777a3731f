"""The elimination space's fast routes against the general ones: Cramer's rule against ``linear.solve``, the whole-row
texts against ``row_text``, the remembered first-choice walks against walking, the eliminations ranked by cross
products against building every move, memos shared by two spaces of one system against a space of its own, the
first-choice step worked out without writing it (``_first``) against ``propose(state, 1)``, whole entries kept as
``int``s against ``Fraction`` arithmetic, the small determinants written out against expansion, the miscounted
constants found by Cramer's rule against ``linear.solve``, and a state's hash against the same state's in ``Fraction``s."""

from __future__ import annotations

import random
from fractions import Fraction

from cotforge.core.registry import TASKS
from cotforge.domains.linear import Row, miscounts, row_text, solve
from cotforge.solvers.spaces import _elimination_memo
from cotforge.solvers.spaces._elimination_rows import _det, cramer, divided, fractions, solved, whole, whole_square, whole_texts
from cotforge.solvers.spaces.elimination import EliminationSpace, SystemState


def _states(per_level: int = 2, limit: int = 80, seed: int = 17, wrong: int = 4) -> list[tuple[EliminationSpace, SystemState]]:
    """States reachable by sound and wrong moves from problems of every level, with their space."""
    out = []
    for level in range(1, 6):
        generator = TASKS.get("linear_system").from_level(level, seed=seed)
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
                    todo.extend(m.next_state for m in space.propose(state, 2) + space.propose_wrong(state, wrong, random.Random(i)))
    return out


def test_cramer_gives_what_linear_solve_gives() -> None:
    rng = random.Random(3)
    for _ in range(3000):
        n = rng.randint(1, 4)
        rows: tuple[Row, ...] = tuple((tuple(Fraction(rng.randint(-4, 4)) for _ in range(n)), Fraction(rng.randint(-9, 9))) for _ in range(n))
        if rng.random() < 0.3:  # a row that repeats another, or contradicts it
            i, j = rng.randrange(n), rng.randrange(n)
            k = Fraction(rng.randint(-2, 2))
            rows = rows[:i] + ((tuple(k * c for c in rows[j][0]), k * rows[j][1] + rng.randint(0, 1)),) + rows[i + 1:]
        assert whole_square(rows)
        assert cramer(rows) == solve(rows)
    checked = 0
    for _, state in _states():
        if whole_square(state.rows):
            assert cramer(state.rows) == solve(state.rows)
            checked += 1
    assert checked >= 200
    assert not whole_square((((Fraction(1, 2), Fraction(1)), Fraction(1)), ((Fraction(1), Fraction(1)), Fraction(2))))
    assert not whole_square((((Fraction(1), Fraction(1)), Fraction(1)),))  # not square


def test_whole_rows_are_written_as_row_text_writes_them() -> None:
    rng = random.Random(4)
    names = ("x", "y", "z", "w")
    for _ in range(5000):
        n = rng.randint(1, 4)
        row = (tuple(Fraction(rng.choice([0, 0, 1, -1, rng.randint(-400, 400)])) for _ in range(n)), Fraction(rng.randint(-900, 900)))
        assert whole_texts(row, names[:n]) == (row_text(row, names[:n]), row_text(row, names[:n], tex=True))
    assert whole_texts(((Fraction(1, 3), Fraction(2)), Fraction(1)), ("x", "y")) is None
    for space, state in _states(1):
        for row in state.rows:
            texts = whole_texts(row, space.names)
            if texts is not None:
                assert texts == (row_text(row, space.names), row_text(row, space.names, tex=True))


def _plain_rest(space: EliminationSpace, state: SystemState) -> tuple[float, int]:
    """The first-choice path walked step by step (the route before the walks were remembered)."""
    steps, chars, current = 0, 0, state
    while not space.is_terminal(current) and steps < 60:
        moves = space.propose(current, 1)
        if not moves:
            break
        current, steps, chars = moves[0].next_state, steps + 1, chars + len(moves[0].step.text)
    answer = space.answer(current)
    return (float(steps if answer is not None else steps + 100), chars + len(answer or ""))


def test_remembered_walks_sum_as_walking_does() -> None:
    states = _states()
    assert len(states) >= 300
    for space, state in states:
        assert space._rest(state) == _plain_rest(space, state)


def test_eliminations_rank_as_the_built_moves_do() -> None:
    compared = 0
    for space, state in _states():
        if state.pending:
            continue
        ranked = space._eliminations(state)
        built = []
        for key, (i, j, v) in ranked:
            move = space._elimination(state, i, j, v)
            left = sum(1 for c in move.next_state.rows[j][0] if c != 0)
            a, b = state.rows[i], state.rows[j]
            assert key == (left, int(abs(b[0][v]) + abs(a[0][v])))
            assert space._combined(a, b, v) == _fraction_combined(space, a, b, v)
            built.append(key)
        assert built == sorted(built)
        compared += len(ranked)
    assert compared >= 100


def _fraction_combined(space: EliminationSpace, a: Row, b: Row, v: int) -> Row:
    ka, kb = space._multipliers(a, b, v)
    return tuple(kb * y - ka * x for x, y in zip(a[0], b[0])), kb * b[1] - ka * a[1]


def _offers(space: EliminationSpace, states: list[SystemState]) -> list[tuple[list[str], list[str]]]:
    return [([m.step.text for m in space.propose(s, 3)], [m.step.text for m in space.propose_wrong(s, 5, random.Random(9))])
            for s in states]


def test_a_second_space_of_the_system_offers_what_a_space_of_its_own_offers() -> None:
    problem = TASKS.get("linear_system").from_level(4, seed=5).generate(2)
    first = EliminationSpace(problem)
    walk, todo = [], [first.root()]
    while todo and len(walk) < 40:
        state = todo.pop(0)
        walk.append(state)
        todo.extend(m.next_state for m in first.propose(state, 2) + first.propose_wrong(state, 3, random.Random(1)))
    shared = _offers(EliminationSpace(problem), walk)  # reads the first space's memos
    _elimination_memo._SYSTEMS.clear()
    alone = _offers(EliminationSpace(problem), walk)
    assert shared == alone
    assert sum(len(wrong) for _, wrong in alone) >= 20


def test_first_choice_worked_out_without_its_text_is_the_proposed_move() -> None:
    checked = 0
    for space, state in _states(per_level=3, limit=120, seed=29, wrong=6):
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
    for _, state in _states(limit=60, seed=29, wrong=6):
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
        k = 1 / Fraction(c)  # the row scaled in Fractions
        assert got == (tuple(Fraction(x) * k for x in row[0]), Fraction(row[1]) * k)
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


def test_miscounts_by_cramer_are_the_miscounts_by_elimination() -> None:
    checked = 0
    for _, state in _states(limit=60, seed=29, wrong=6):
        rows = fractions(state.rows)
        for j in range(len(rows)):
            fast, plain = miscounts(rows, j, solved), miscounts(rows, j)
            assert fast == plain and [type(e) for e in fast] == [type(e) for e in plain]
            checked += 1
    assert checked > 500


def test_a_state_hashes_as_the_same_state_in_fractions() -> None:
    for _, state in _states(limit=40, seed=29, wrong=6):
        same = SystemState(fractions(state.rows), state.pending, state.slipped)
        assert same == state and hash(same) == hash(state)
