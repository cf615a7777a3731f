"""The quick float check of the differentiation space's slips decides only what the exact values decide: on the
states and moves the space reaches (sound moves keep the values, slips change them), on pairs of unrelated states,
and on hand-made pairs that differ below the exact route's 9 places or at a point outside a function's domain."""

from __future__ import annotations

import random

import sympy

from cotforge.core.registry import TASKS
from cotforge.solvers.spaces import calculus
from cotforge.solvers.spaces._calc_values import clearly_changes
from cotforge.solvers.spaces.calculus import DifferentiationSpace

X = calculus.X
D = sympy.Derivative


def _exact(state: sympy.Expr, step: sympy.Expr) -> bool:
    """The space's exact decision: the state has values and the step's differ (rounded to 9 places)."""
    truth = calculus._values.__wrapped__(state)
    return truth is not None and calculus._values.__wrapped__(step) != truth


def _pairs() -> list[tuple[sympy.Expr, sympy.Expr]]:
    """(state, next state) of every sound move and every built slip (before the filter) from 15 problems' states."""
    out = []
    for level in range(1, 6):
        for i in range(3):
            space = DifferentiationSpace(TASKS.get("derivative").from_level(level, seed=13).generate(i))
            todo, seen = [space.root()], set()
            while todo and len(seen) < 30:
                state = todo.pop()
                if space.key(state) in seen or state.done:
                    continue
                seen.add(space.key(state))
                moves = space.propose(state, 1)
                pending = calculus._pending(state.expr)
                if pending:
                    structural = next((d for d in pending if calculus._basic(d.expr, state.expr == d) is None), None)
                    if structural is None:
                        moves += [space._basics(state, pending, "wrong_rule"), space._basics(state, pending, "sign_slip")]
                    else:
                        for slip in ("dropped_term", "sign_slip", "wrong_rule"):
                            try:
                                moves.append(space._rule(state, structural, slip))
                            except (ValueError, IndexError, TypeError):
                                pass
                for move in moves:
                    out.append((state.expr, move.next_state.expr))
                todo += [m.next_state for m in space.propose(state, 1) + space.propose_wrong(state, 3, random.Random(i))]
    return out


def test_decides_only_what_the_exact_values_decide_on_the_spaces_moves() -> None:
    pairs = _pairs()
    rng = random.Random(3)
    states = [a for a, _ in pairs]
    pairs += [(rng.choice(states), rng.choice(states)) for _ in range(150)]
    decided = changed = 0
    for state, step in pairs:
        exact = _exact(state, step)
        changed += exact
        if clearly_changes(state, step, X, calculus._FLOAT_SAMPLES):
            decided += 1
            assert exact, (state, step)
    assert changed >= 100 and decided >= 0.8 * changed  # it decides most real changes, so it is worth having


def test_unsure_below_nine_places_and_outside_a_domain() -> None:
    f = X**3 * sympy.sin(X) + sympy.exp(2 * X)
    tiny = sympy.Rational(1, 10**12)
    for state, step in [(f, f + tiny), (D(f, X), D(f + tiny * X, X)), (sympy.Integer(0), tiny * X), (f, f * (1 + tiny))]:
        assert clearly_changes(state, step, X, calculus._FLOAT_SAMPLES) is None  # the exact route decides these
    undefined = sympy.log(X - 1)  # ln at 0.7 is complex: the exact route takes the real part, so may this check
    assert clearly_changes(undefined, undefined + 1, X, calculus._FLOAT_SAMPLES) is True and _exact(undefined, undefined + 1)
    pole = 1 / (10 * X - 7)  # no value at 0.7 (the exact route's nan): unsure, the exact route decides
    assert clearly_changes(pole, pole + 1, X, calculus._FLOAT_SAMPLES) is None
    assert clearly_changes(X, D(X**2, X), X, calculus._FLOAT_SAMPLES) is True and _exact(X, D(X**2, X))
    assert clearly_changes(D(D(X**3, X), X), X, X, calculus._FLOAT_SAMPLES) is None  # nested derivatives: unsure


def test_the_filtered_slips_are_the_exact_routes() -> None:
    """``_wrong`` keeps the same slips with the quick check as with the exact values alone."""
    for level in range(1, 6):
        space = DifferentiationSpace(TASKS.get("derivative").from_level(level, seed=17).generate(0))
        state = space.root()
        while not state.done:
            calculus._WRONG.pop(state, None)
            quick = [m.next_state.expr for m in space._wrong(state)]
            pending = calculus._pending(state.expr)
            built = [m for m in _built(space, state, pending) if m.step.intended_wrong]
            assert quick == [m.next_state.expr for m in built if _exact(state.expr, m.next_state.expr)]
            state = space.propose(state, 1)[0].next_state


def _built(space: DifferentiationSpace, state, pending):  # type: ignore[no-untyped-def]
    if not pending:
        return []
    structural = next((d for d in pending if calculus._basic(d.expr, state.expr == d) is None), None)
    if structural is None:
        built = [space._basics(state, pending, slip) for slip in ("wrong_rule", "power_everywhere", "arithmetic_slip", "kept_constant", "sign_slip")]
        firsts: dict = {}
        for move in built:  # two slips that write the same line: the first is offered
            firsts.setdefault(move.next_state.expr, move)
        return list(firsts.values())
    u = structural.expr
    if u.is_Add and len(u.args) > 1:
        return [space._rule(state, structural, "dropped_term")]
    if u.as_coeff_Mul()[0] != 1:
        return []
    top, bottom = sympy.fraction(sympy.together(u)) if u.is_Mul or u.is_Pow else (u, sympy.Integer(1))
    slip = "sign_slip" if bottom.has(X) and top != 1 and u.is_Mul else "wrong_rule"
    try:
        return [space._rule(state, structural, slip)]
    except ValueError:
        return []
