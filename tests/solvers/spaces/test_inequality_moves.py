"""The inequality space's exact route (``_ineq_moves``: coefficients, no sympy) against its general route
(``_ineq_general``: sympy), and its side-by-side LaTeX (``_ineq_latex``) against ``latex`` of the whole state, on every
state the space reaches from problems of every level."""

from __future__ import annotations

import itertools
from fractions import Fraction

import sympy

from cotforge.domains.latex import latex
from cotforge.solvers.spaces import _ineq_sets as sets
from cotforge.solvers.spaces import _ineq_state as state_module
from cotforge.solvers.spaces._ineq_general import general_drafts
from cotforge.solvers.spaces import _ineq_forms as forms
from cotforge.solvers.spaces._ineq_latex import state_latex, sum_latex
from cotforge.solvers.spaces._ineq_moves import _is_product, exact_drafts
from tests.solvers.spaces._ineq_walk import inequality_states

X = sympy.Symbol("x")


def _states(per_level: int, seed: int, max_states: int = 60) -> list[tuple[str, ...]]:
    """Every chain (no "or") the space reaches from ``per_level`` problems a level by its sound and raw wrong moves."""
    walked = inequality_states(seed, per_level, max_states, keep=lambda space, s: "or" not in s.parts, past_terminal=True)
    return list(dict.fromkeys(state.parts for _, state in walked))


def test_exact_moves_are_the_general_routes() -> None:
    states = _states(per_level=6, seed=5)
    assert len(states) > 600
    for parts in states:
        assert exact_drafts(parts) == general_drafts(parts), parts


def test_the_general_route_is_taken_beyond_exact_polynomials() -> None:
    """A side that is not a polynomial of degree at most 2 is left to sympy, and the space still moves."""
    for parts in [("1/x", "<", "3"), ("x**3", ">", "1"), ("2*x", "<", "sqrt(2)")]:
        try:
            exact_drafts(parts)
        except sets.NotExact:
            continue
        raise AssertionError(f"{parts} should be left to the general route")


def test_state_latex_is_latex_of_the_whole_text() -> None:
    count = 0
    for seed in (1, 2):  # 200 problems
        for space, state in inequality_states(seed, 20, 40, keep=lambda space, s: not space.is_terminal(s)):
            for move, _ in space._moves(state):
                assert move.step.latex == latex(move.next_state.text()), move.next_state.parts
                count += 1
    assert count > 3000
    odd = [("x**2 - 2", "<", "0", "or", "x", ">", "3"), ("sqrt(x)", "<", "2"), ("x", "=", "2"), ("(x - 1)*(x + 2)", ">=", "0"), ("", "<", "1")]
    for parts in odd:
        assert state_latex(parts) == latex(" ".join(parts)), parts


def test_written_sides_read_back_as_their_coefficients() -> None:
    """Each side the exact route wrote (``KNOWN``) parses, by sympy, to a polynomial with exactly its coefficients."""
    state_module.KNOWN.clear()
    state_module.coefficients.cache_clear()
    for parts in _states(per_level=2, seed=9, max_states=30):
        exact_drafts(parts)
    assert len(state_module.KNOWN) > 100
    assert all("(" in text or forms.text(c) == text for text, c in state_module.KNOWN.items())  # (``side_latex`` relies on it)
    for text, c in list(state_module.KNOWN.items())[:400]:
        poly = sympy.Poly(state_module.parsed(text), X)
        assert [Fraction(int(v.p), int(v.q)) for v in reversed(poly.all_coeffs())] + [Fraction(0)] * (3 - len(poly.all_coeffs())) == list(c), text


def test_products_are_told_from_their_text_as_sympy_tells_them() -> None:
    values = [Fraction(n, d) for n in range(-4, 5) for d in (1, 2, 3)]
    for a, b in itertools.product(sorted(set(values)), repeat=2):
        expr = (X - sympy.Rational(a.numerator, a.denominator)) * (X - sympy.Rational(b.numerator, b.denominator))
        text = sympy.sstr(expr)
        assert _is_product(text) == isinstance(expr, sympy.Mul), text
    for text in ["x**2 - 4", "(x - 1)**3", "2*(x + 1)", "(x - 1)*(x - 2)*(x - 3)", "-(x - 1)*(x + 2)", "x*(x + 1)**2"]:
        assert _is_product(text) == isinstance(sympy.sympify(text), sympy.Mul), text


def test_a_linear_relation_is_the_sign_charts_ray() -> None:
    values = [Fraction(n, d) for n in range(-3, 4) for d in (1, 2)]
    for c0, c1, op in itertools.product(values, values, ["<", "<=", ">", ">="]):
        assert sets.sign_set((c0, c1, Fraction(0)), op) == sets.chart((c0, c1, Fraction(0)), op), (c0, c1, op)


def test_sums_are_rendered_as_latex_reads_their_text() -> None:
    values = sorted({Fraction(n, d) for n in range(-5, 6) for d in (1, 2, 3)} | {Fraction(12), Fraction(-35, 4)})
    for c2, c1, c0 in itertools.product(values, repeat=3):
        c = (c0, c1, c2)
        assert sum_latex(c) == latex(forms.text(c)), c


def _reference_roots(c: tuple[Fraction, ...]) -> list:
    """``_ineq_sets.real_roots`` as it was, in ``Fraction`` arithmetic throughout."""
    import math

    c0, c1, c2 = c
    if c2 == 0:
        return [(-c0 / c1, True)] if c1 != 0 else []
    discriminant = c1 * c1 - 4 * c2 * c0
    if discriminant < 0:
        return []
    centre = -c1 / (2 * c2)
    if discriminant == 0:
        return [(centre, False)]
    top, bottom = discriminant.numerator, discriminant.denominator
    root_top, root_bottom = math.isqrt(top), math.isqrt(bottom)
    if root_top * root_top == top and root_bottom * root_bottom == bottom:
        half = Fraction(root_top, root_bottom) / (2 * abs(c2))
        return [(centre - half, True), (centre + half, True)]
    s, d = sets._square_free(top * bottom)
    half = Fraction(s, bottom) / (2 * abs(c2))
    return [(sets.Surd(centre, -half, d), True), (sets.Surd(centre, half, d), True)]


def test_whole_coefficients_have_the_fraction_routes_roots() -> None:
    whole = [Fraction(n) for n in range(-9, 10)] + [Fraction(144), Fraction(-300)]
    for c in itertools.product(whole, repeat=3):
        assert sets.real_roots(c) == _reference_roots(c), c
