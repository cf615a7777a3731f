"""The inequality space's exact solution sets (``_ineq_sets``, through ``_ineq_state``) against sympy's sets, on the space's real states and on
synthetic chains (surd roots, double roots, no roots, single points, unions, empty and full sets)."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest
import sympy

from cotforge.domains.algebra import sympy_text
from cotforge.domains.intervals import interval_text, relation_set
from cotforge.solvers.spaces import _ineq_sets as sets
from cotforge.solvers.spaces import _ineq_state as space_module
from tests.solvers.spaces._ineq_walk import inequality_states

X = sympy.Symbol("x")


def _reference(text: str) -> sympy.Set:
    return relation_set(text, lambda t: sympy_text(t, {"x": X}))


def _answerable(found: sympy.Set) -> bool:
    try:
        interval_text(found)
    except ValueError:
        return False
    return True


def _all_states(per_level: int, max_states: int) -> list[tuple[str, ...]]:
    """Every state the space reaches from a few problems by its sound and all its raw wrong moves."""
    return list(dict.fromkeys(state.parts for _, state in inequality_states(11, per_level, max_states)))


def _compare(parts: tuple[str, ...]) -> None:
    text = " ".join(parts)
    truth = _reference(text)
    found = space_module.solution(parts)
    assert space_module.as_sympy(found) == truth, text
    assert space_module.answerable(parts) == _answerable(truth), text
    if _answerable(truth):
        assert space_module.set_text(parts) == interval_text(truth), text


def test_space_states_match_sympy_sets() -> None:
    states = _all_states(per_level=4, max_states=40)
    assert len(states) > 300
    exact = 0
    for parts in states:
        _compare(parts)
        exact += isinstance(space_module.solution(parts), tuple)
    assert exact == len(states)  # every state the space writes is decided exactly


def test_same_set_decisions_match_sympy() -> None:
    states = _all_states(per_level=2, max_states=25)
    rng = random.Random(3)
    pairs = [(a, b) for a in states for b in states if a[0] == b[0] or rng.random() < 0.02]
    assert len(pairs) > 500
    truth = {parts: _reference(" ".join(parts)) for parts in states}
    for a, b in pairs:
        assert space_module.same_set(a, b) == (truth[a] == truth[b]), (a, b)


def _poly(c0: int, c1: int, c2: int) -> str:
    return sympy.sstr(sympy.Integer(c2) * X**2 + c1 * X + c0)


SYNTHETIC = [
    ("x**2 - 2", "<", "0"), ("x**2 - 2", ">=", "0"), ("x**2 + 2*x - 1", "<=", "0"), ("2*x**2 - 3*x - 1", ">", "0"),
    ("x**2 - 2*x + 1", "<=", "0"), ("x**2 - 2*x + 1", "<", "0"), ("x**2 - 2*x + 1", ">", "0"), ("x**2 - 2*x + 1", ">=", "0"),
    ("x**2 + 1", "<", "0"), ("x**2 + 1", ">", "0"), ("-x**2 - 1", ">=", "0"), ("-x**2 + 5", ">", "0"),
    ("(x - 1)*(x + 3)", "<", "0"), ("-3*x**2/2 + x/3 + 7/4", "<=", "0"), ("3", "<", "2"), ("3", ">=", "2"),
    ("x", "<", "x + 1"), ("x", ">", "x"), ("3*(2*x - 1)/4", "<", "5/2"),
]  # fmt: skip


@pytest.mark.parametrize("relation", SYNTHETIC)
def test_synthetic_relations(relation: tuple[str, str, str]) -> None:
    _compare(relation)


def test_random_quadratics_chains_and_unions() -> None:
    rng = random.Random(5)
    for _ in range(300):
        c = [rng.randint(-6, 6) for _ in range(3)]
        op = rng.choice(["<", "<=", ">", ">="])
        _compare((_poly(*c), op, "0"))
    for _ in range(150):  # chains (touching ends, single points, empty) and unions of chains
        a, b, k = rng.randint(-4, 4), rng.randint(-4, 4), rng.choice([-3, -2, 2, 3])
        ops = [rng.choice(["<", "<="]), rng.choice(["<", "<="])]
        _compare((str(a), ops[0], f"{k}*x", ops[1], str(b)))
        first, second = rng.randint(-4, 4), rng.randint(-4, 4)
        _compare(("x", rng.choice(["<", "<="]), str(first), "or", "x", rng.choice([">", ">="]), str(second)))


def test_surd_comparisons_are_exact() -> None:
    root2 = sets.Surd(Fraction(0), Fraction(1), 2)
    for value in [Fraction(n, 100) for n in range(100, 200)]:
        assert sets.compare(root2, value) == (1 if value < sympy.sqrt(2) else -1)
    assert sets.compare(sets.Surd(Fraction(1), Fraction(-1), 2), sets.Surd(Fraction(0), Fraction(1), 2)) == -1
    with pytest.raises(sets.NotExact):
        sets.compare(root2, sets.Surd(Fraction(0), Fraction(1), 3))


def test_unions_and_intersections_merge_like_sympy() -> None:
    ends = [sets.NEG_INF, Fraction(-1), Fraction(0), Fraction(1), sets.POS_INF]
    pieces = [(lo, lc and lo != sets.NEG_INF, hi, hc and hi != sets.POS_INF)
              for lo, hi in itertools.combinations(ends, 2) for lc in (False, True) for hc in (False, True)]  # fmt: skip
    pieces += [(e, True, e, True) for e in ends[1:-1]]
    pieces = list(dict.fromkeys(pieces))
    rng = random.Random(9)
    for _ in range(400):
        a = sets.normal(rng.sample(pieces, rng.randint(0, 3)))
        b = sets.normal(rng.sample(pieces, rng.randint(0, 3)))
        sa, sb = space_module.as_sympy(a), space_module.as_sympy(b)
        assert space_module.as_sympy(sets.union(a, b)) == sa.union(sb)
        assert space_module.as_sympy(sets.intersect(a, b)) == sa.intersect(sb)


def test_printed_sides_are_the_expressions_their_texts_parse_to() -> None:
    """The space reads a side it printed as the expression it printed it from (``PRINTED``): the same expression,
    structurally, as parsing the text would give, on every side its general route (sympy) prints from the states it
    reaches (the exact route's sides: ``test_inequality_moves``)."""
    from cotforge.solvers.spaces._ineq_general import general_drafts

    for parts in _all_states(per_level=3, max_states=30):
        if "or" not in parts:
            general_drafts(parts)
    assert len(space_module.PRINTED) > 100
    for text, expr in list(space_module.PRINTED.items()):
        assert sympy.srepr(space_module.parsed(text)) == sympy.srepr(expr), text
