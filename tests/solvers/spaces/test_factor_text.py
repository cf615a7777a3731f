"""The factoring space writes a state's LaTeX from its coefficients: it must be what ``domains.latex`` gives the
state's machine text, on every move the space makes and on random coefficients; and its memo of moves per state must
give what the moves made afresh give."""

from __future__ import annotations

import dataclasses
import json
import random

from cotforge.core.memo import drop_memos
from cotforge.core.registry import SPACES, TASKS
from cotforge.core.space import Move
from cotforge.domains.latex import latex
from cotforge.domains.latex_answer import answer_latex
from cotforge.domains.polynomial import product_latex
from cotforge.solvers.spaces._factor_text import (bracket_text, factor_latex, factor_text, poly_latex, split_latex,
                                                  split_text, state_forms)
from cotforge.solvers.spaces.factoring import (SLIPS, FactoringSpace, FactorState, _kinds_first, _value, _write,
                                               state_text)


def _every_move(space: FactoringSpace, seed: int) -> list[Move]:
    """Every sound and wrong move from every state the sound moves reach, from the root and from each wrong state."""
    rng, seen, out = random.Random(seed), set(), []
    todo = [space.root()]
    while todo:
        state = todo.pop()
        if state in seen or space.is_terminal(state):
            continue
        seen.add(state)
        moves = space.propose(state, 4) + space.propose_wrong(state, 20, rng)
        out += moves
        todo += [m.next_state for m in moves]
    return out


def _spaces(per_level: int, seed: int = 5) -> list[FactoringSpace]:
    out = []
    for level in range(1, 6):
        generator = TASKS.get("polynomial_factor").from_level(level, seed=seed)
        out += [SPACES.get("factoring")(generator.generate(i)) for i in range(per_level)]
    return out


def test_every_move_writes_the_readers_latex_of_its_state() -> None:
    moves = kinds = 0
    for space in _spaces(60):
        for move in _every_move(space, space.problem.index):
            step, state = move.step, move.next_state
            assert step.latex == latex(step.state) and f"${step.latex}$" in step.text, step.state
            assert step.state == state_text(state)
            if space.is_terminal(state):
                assert space.answer(state) == answer_latex(step.state, "factored")
            moves += 1
            kinds += step.intended_wrong
    assert moves > 2000 and kinds > 500


def test_factor_latex_is_the_readers_on_random_coefficients() -> None:
    rng = random.Random(4)
    for _ in range(5000):
        f = tuple(rng.choice([0, 0, 1, -1, rng.randint(-300, 300)]) for _ in range(rng.randint(1, 8)))
        assert factor_latex(f) == latex(factor_text(f)), f
        assert rf"\left({poly_latex(f)}\right)" == latex(bracket_text(f)), f
        if len(f) == 3:
            split = (rng.randint(-60, 60), rng.randint(-60, 60))
            assert split_latex(f, split) == latex(split_text(f, split)), (f, split)


def test_state_latex_is_the_product_the_reader_writes() -> None:
    rng = random.Random(8)
    for _ in range(2000):
        done = tuple(tuple(rng.randint(-9, 9) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(0, 3)))
        work = tuple(tuple(rng.randint(-9, 9) for _ in range(3)) for _ in range(rng.randint(0, 2)))
        split = (rng.randint(-20, 20), rng.randint(-20, 20)) if work and rng.random() < 0.3 else None
        machine, tex = state_forms(done, work, split)
        assert tex == latex(machine), machine
    assert product_latex(["2", "-3", "x", r"\left(x\right)"]) == latex("2*-3*x*(x)")


def test_remembered_moves_are_the_moves_made_afresh() -> None:
    spaces = _spaces(6, seed=11)
    states = {m.next_state for space in spaces for m in _every_move(space, 3)} | {s.root() for s in spaces}
    ordered = sorted(states, key=repr)
    space = spaces[0]

    def ask(state: FactorState) -> tuple[list[Move], list[Move]]:
        return space.propose(state, 4), space.propose_wrong(state, 20, random.Random(repr(state)))

    def as_before(state: FactorState) -> tuple[list[Move], list[Move]]:
        """The moves as the space made them before its memo: every slip kind afresh, split by membership."""
        def sound(state: FactorState) -> list[Move]:
            return [m for m in map(_write, space._moves(state, "")) if not m.step.intended_wrong]

        def goes_on(state: FactorState) -> bool:
            for _ in range(8):
                if not state.work:
                    return True
                if not sound(state):
                    return False
                state = sound(state)[0].next_state
            return False

        if state.slipped or not state.work:
            return sound(state)[:4], []
        truth, rng = _value(state), random.Random(repr(state))
        kept = [m for kind in SLIPS for m in map(_write, space._moves(state, kind))
                if m.step.intended_wrong and _value(m.next_state) != truth]
        rng.shuffle(kept)
        on = [m for m in kept if goes_on(m.next_state)]
        return sound(state)[:4], (_kinds_first(on) + _kinds_first([m for m in kept if m not in on]))[:20]

    warm = [ask(s) for s in ordered]
    again = [ask(s) for s in ordered]  # from the memo
    drop_memos()
    fresh = [ask(s) for s in ordered]
    assert warm == again == fresh == [as_before(s) for s in ordered]
    assert sum(len(w) for _, w in fresh) > 100


def test_steps_to_finish_is_the_walk_by_propose() -> None:
    """The generator's step count (no move written, the coefficients given) is the count of ``propose(state, 1)`` steps
    from the expression read, on drafts of every structure, those a level keeps and those it throws away."""
    from cotforge.domains.polynomial import multiply, poly_text
    from cotforge.generators.math.polynomial_factor import STRUCTURES

    def by_propose(space: FactoringSpace) -> int | None:
        state, n = space.root(), 0
        while not space.is_terminal(state) and n < 12:
            moves = space.propose(state, 1)
            if not moves:
                return None
            state, n = moves[0].next_state, n + 1
        return n if space.is_terminal(state) else None

    rng, counts = random.Random(7), set()
    template = TASKS.get("polynomial_factor").from_level(1, seed=0).generate(0)
    for _ in range(30):
        for make in STRUCTURES.values():
            k, power, factors = make(rng)
            product = [k] + [0] * power
            for f in factors:
                product = multiply(product, f)
            problem = dataclasses.replace(template, payload=json.dumps({**template.data(), "expression": poly_text(product, "x")}))
            given = SPACES.get("factoring")(problem, tuple(product))  # as the generator builds it: the coefficients given
            read = SPACES.get("factoring")(problem)
            assert given.root() == read.root(), problem.payload
            counted = given.steps_to_finish(12)
            assert counted == by_propose(read), problem.payload
            counts.add(counted)
    assert {1, 2, 3, 4} <= counts
