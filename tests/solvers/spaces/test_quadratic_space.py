"""The quadratic space's exact route (states carrying their forms) against its sympy route: the same moves, texts,
roots, answers and estimates on every state reachable from generated problems, and sympy's own printing of the
shapes the exact route writes."""

from __future__ import annotations

import dataclasses
import itertools
import json
import random
from fractions import Fraction

import pytest
import sympy

from cotforge.core.records import Problem
from cotforge.core.registry import SEARCHES, TASKS, VERIFIERS
from cotforge.solvers.search.base import Budget
from cotforge.solvers.spaces._quad_forms import Surd, Unhandled, equation_sides, poly_sstr, product, surd_text, x_times
from cotforge.solvers.spaces.quadratic import QuadraticSpace, QuadState

X = sympy.Symbol("x")


def _reachable(space: QuadraticSpace, limit: int) -> list[QuadState]:
    """States reached by sound and wrong moves from the root (depth first, at most ``limit``), all with forms."""
    seen: dict[tuple, QuadState] = {}
    todo = [space.root()]
    while todo and len(seen) < limit:
        state = todo.pop()
        if space.key(state) in seen:
            continue
        seen[space.key(state)] = state
        todo.extend(m.next_state for m, _ in space._uncached_options(state))
    return list(seen.values())


def _same_route_results(space: QuadraticSpace, state: QuadState) -> None:
    rules = space.rules
    exact = space._exact_rewrite(state.parts, state.forms, state.raw)
    slow = rules.rewrite(state.parts, state.raw)
    shape = lambda r: (r.text, r.kind, r.raw, r.sound[0], [(p, e) for p, _, e in r.wrong])  # noqa: E731
    assert shape(exact) == shape(slow), state.parts
    bare = dataclasses.replace(state, forms=None)
    assert space.heuristic(state) == space.heuristic(bare), state.parts
    assert space.is_terminal(state) == space.is_terminal(bare), state.parts
    if space.is_terminal(state):
        assert space._answer(state) == rules.answer(state.parts), state.parts
    truth_exact, truth_slow = space._uncached_roots(state, True), rules.roots(state.parts)
    for parts, forms, _ in exact.wrong:
        changed_exact = space._uncached_roots(QuadState(parts, exact.raw, True, forms), True) != truth_exact
        assert changed_exact == (rules.roots(parts) != truth_slow), (state.parts, parts)


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_exact_route_matches_the_sympy_route_on_reachable_states(level: int) -> None:
    gen = TASKS.get("quadratic_equation").from_level(level, seed=11)
    states = 0
    for i in range(3):
        space = QuadraticSpace(gen.generate(i))
        assert space.root().forms is not None  # the generator's equations are all read exactly
        for state in _reachable(space, 60):
            _same_route_results(space, state)
            states += 1
    assert states >= 60


def test_texts_are_what_sympy_prints() -> None:
    for p, q in itertools.product(range(-30, 31), range(1, 9)):
        k = Fraction(p, q)
        root, exact = sympy.sqrt(sympy.Rational(p, q)), Surd.root(k)
        for value, mine in [(root, exact), (-root, -exact), (root + 1, exact + Surd(Fraction(1))),
                            (-root - 1, -exact - Surd(Fraction(1))), (3 - 2 * root, Surd(Fraction(3)) - exact.scale(2))]:  # fmt: skip
            assert surd_text(mine) == sympy.sstr(value), (k, value)
    for coeffs in itertools.product(range(-3, 4), repeat=3):
        assert poly_sstr(coeffs) == sympy.sstr(sum(c * X**d for c, d in zip(coeffs, (2, 1, 0))))
    rng = random.Random(5)
    for _ in range(300):
        lead = rng.randint(1, 12)
        r1 = Fraction(rng.randint(-15, 15), rng.choice([d for d in range(1, lead + 1) if lead % d == 0]))
        r2 = Fraction(rng.randint(-15, 15), lead // r1.denominator)
        try:
            text, side = product(lead, (r1, r2), "x")
        except Unhandled:  # content other than 1: left to sympy
            continue
        factored = sympy.factor(lead * (X - sympy.Rational(r1.numerator, r1.denominator)) * (X - sympy.Rational(r2.numerator, r2.denominator)))
        assert text == sympy.sstr(factored), (lead, r1, r2)
        parsed = sympy.sympify(text)
        assert (side.mul is not None) == isinstance(parsed, sympy.Mul)
        if side.mul is not None:
            assert [sympy.expand(p * X + q) for p, q in side.mul] == [f for f in parsed.args if f.has(X)]
    for p, q in itertools.product(range(1, 6), range(-6, 7)):
        text, side = x_times((p, q), "x")
        assert text == sympy.sstr(X * (p * X + q))


def test_a_state_outside_the_forms_takes_the_sympy_route() -> None:
    payload = {"variable": "x", "equation": "2*(x - 1)*(x + 3) = 0", "answer_sympy": "{-3, 1}", "check": "roots", "answer_kind": "set"}
    problem = Problem("quadratic_equation", 3, "math", 3, 0, 0, "", r"\{-3, 1\}", json.dumps(payload), "quadratic", "math")
    space = QuadraticSpace(problem)
    assert space.root().forms is None
    with pytest.raises(Unhandled):
        equation_sides("2*(x - 1)*(x + 3)", "0", "x")

    def reward(answer: str | None) -> float:
        return 1.0 if VERIFIERS.get("math").verify(problem, answer).accepted else 0.0

    result = SEARCHES.get("best_first")(space, reward, Budget(), random.Random(0))
    assert result.solved_at is not None
    assert any(n.terminal and n.reward == 1.0 and n.state.forms is None for n in result.nodes)
