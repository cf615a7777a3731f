"""The rational_expression space's polynomials in flint against sympy, which the space used to ask for all of it:
the texts written for ``sympy.sstr(sympy.factor(.))`` and ``sympy.sstr(sympy.expand(.))`` (equal, or None, and None
rare on the shapes the space meets), the reader against sympy's parse, the factored form's order of brackets against
``Mul.args``, gcd, lcm, cancel and the lowest-terms top against sympy's, the values at the sample points against
sympy's evaluation, and the slips that take "the first bracket" against the same slips done on sympy's expressions."""

from __future__ import annotations

import random

import sympy
from flint import fmpq, fmpq_poly

from cotforge.core.registry import TASKS
from cotforge.domains.rational_poly import (
    brackets, coeff_and_rest, expanded_text, factor_form, factored_text, first_term, read_poly)
from cotforge.solvers.spaces.rational import (
    SAMPLES, Frac, RationalSpace, RationalState, _cancelled, _dropped_number, _e, _gcd, _lcm, _miscopied, _own_top,
    _poly_roots, _sign_flipped, _text_values, _values, state_text)

X = sympy.Symbol("x")


def _flint(expr: sympy.Expr) -> fmpq_poly:
    return fmpq_poly([fmpq(int(c.p), int(c.q)) for c in reversed(sympy.Poly(expr, X).all_coeffs())])


def _random_poly(rng: random.Random, rational: bool = True) -> sympy.Expr:
    """A polynomial of the shapes the space meets: a content and a sign, brackets with small whole roots (some with a
    leading number), squares, irreducible quadratics, x itself, now and then a number added; degree 0 to 4."""
    expr = sympy.Rational(rng.choice([1, 1, 1, -1, 2, -2, 3, -3, 4, 6, -6, 12, 0]), rng.choice([1, 1, 1, 1, 2, 3, 4]) if rational else 1)
    degree = 0
    for _ in range(rng.randint(0, 4)):
        kind = rng.random()
        if kind < 0.6:
            factor = rng.choice([1, 1, 1, 2, 3, -1, -2, 5]) * X + rng.randint(-12, 12)
        elif kind < 0.75:
            factor = (X + rng.randint(-6, 6)) ** 2
        elif kind < 0.9:
            factor = rng.choice([1, 2, -1, 3]) * X**2 + rng.randint(-5, 5) * X + rng.choice([1, 2, 3, 5, 7, -3])
        else:
            factor = X
        degree += sympy.degree(factor, X)
        if degree > 4:
            break
        expr *= factor
    if rng.random() < 0.1:
        expr += rng.randint(-3, 3)
    return sympy.expand(expr)


def test_factored_and_expanded_texts_are_what_sympy_writes() -> None:
    rng = random.Random(5)
    compared = unsure = 0
    for _ in range(3000):
        expr = _random_poly(rng)
        p = _flint(expr)
        written, want = factored_text(p), sympy.sstr(sympy.factor(expr))
        assert written in (want, None), (expr, written, want)
        unsure += written is None
        assert expanded_text(p) in (sympy.sstr(expr), None)
        assert read_poly(want) == p and read_poly(sympy.sstr(expr)) == p  # the reader reads both back
        compared += 1
    assert compared == 3000 and unsure == 0  # the fast writers are used, not sympy behind them


def test_the_reader_reads_what_sympy_parses_and_declines_the_rest() -> None:
    for text in ("-x**2 + 3", "2*x/3 - 1/2", "-(2*x - 3)*(x + 1)**2/4", "(x - 1)*(x + 1) - (x**2 - 1)", "3 - 2*x", "x**0", "--x", "2*-x"):
        assert read_poly(text) == _flint(sympy.expand(_e(text))), text
    for text in ("x/(x + 1)", "1/0", "y + 1", "2x", "1.5*x", "x**x", "sqrt(x)", "x**-1", "(x + 1", "x + 1)", "", "007"):
        assert read_poly(text) is None, text


def test_the_factored_form_keeps_sympys_order_and_coefficient() -> None:
    rng = random.Random(6)
    for _ in range(1500):
        expr = _random_poly(rng)
        p, factored = _flint(expr), sympy.factor(expr)
        form = factor_form(p)
        bases = [f.base if f.is_Pow else f for f in sympy.Mul.make_args(factored)]
        assert brackets(form) == [_flint(b) for b in bases if b.is_Add], factored  # "the first bracket" is sympy's
        number, rest = factored.as_coeff_Mul()
        mine, my_rest = coeff_and_rest(form, p)
        assert (sympy.Rational(int(mine.p), int(mine.q)), factored_text(my_rest)) == (number, sympy.sstr(rest)), factored
        if expr.is_Add:
            assert first_term(p) == _flint(expr.args[0])


def test_gcd_lcm_cancel_and_the_lowest_terms_top_are_sympys() -> None:
    rng = random.Random(7)
    for _ in range(250):
        common = _random_poly(rng, rational=False) or sympy.Integer(1)
        a, b = sympy.expand(common * _random_poly(rng, rational=False)), sympy.expand(common * _random_poly(rng, rational=False))
        if a == 0 or b == 0:
            continue
        pa, pb = _flint(a), _flint(b)
        g = _gcd(pa, pb)
        assert g == _flint(sympy.gcd(a, b))
        assert _lcm(pa, pb) == _flint(sympy.lcm(a, b))
        assert (factored_text(pa / g), factored_text(pb / g)) == (sympy.sstr(sympy.factor(sympy.cancel(a / sympy.gcd(a, b)))), sympy.sstr(sympy.factor(sympy.cancel(b / sympy.gcd(a, b)))))
        f = Frac(sympy.sstr(a), sympy.sstr(b))
        assert _own_top(f) == _flint(sympy.expand(sympy.fraction(sympy.cancel(a / b))[0]))
        assert _cancelled(f) == (sympy.Poly(a, X).gcd(sympy.Poly(b, X)).degree() == 0)
    half = _flint(X / 2 + sympy.Rational(1, 2))  # rational coefficients: sympy's own answer
    assert _gcd(half, _flint(X + 1)) == _flint(sympy.gcd(X / 2 + sympy.Rational(1, 2), X + 1))


def test_values_are_sympys_evaluation_of_the_text() -> None:
    rng = random.Random(8)
    fallbacks = 0
    for _ in range(300):
        n = rng.randint(1, 3)
        terms = tuple(Frac(sympy.sstr(_random_poly(rng) or sympy.Integer(1)),
                           sympy.sstr(rng.choice([sympy.Integer(1), _random_poly(rng, rational=False) or sympy.Integer(2), 10 * X - 17, 9 * X + 23])))
                      for _ in range(n))
        ops = tuple(rng.choice("+-*/") for _ in range(n - 1))
        assert repr(_values(terms, ops)) == repr(_text_values(state_text(terms, ops))), (terms, ops)  # nan as nan
        fallbacks += "17" in state_text(terms, ops) or "23" in state_text(terms, ops)
    assert fallbacks > 10  # a bottom that is 0 at a sample point: sympy's answer is kept there
    assert SAMPLES == (sympy.Rational(17, 10), sympy.Rational(31, 7), sympy.Rational(-23, 9))


# The slips that pick a bracket, done on sympy's factored expressions as the space once did them.
def _sympy_linear_bracket(expr: sympy.Expr, avoid: sympy.Expr = sympy.S.One) -> sympy.Expr | None:
    found = [f.base if f.is_Pow else f for f in sympy.Mul.make_args(expr)]
    found = [b for b in found if b.is_Add and sympy.Poly(b, X).degree() == 1]
    return next((b for b in found if sympy.rem(avoid, b, X) != 0), found[0] if found else None)


def _sympy_sign_flipped(expr: sympy.Expr, avoid: sympy.Expr = sympy.S.One) -> sympy.Expr:
    base = _sympy_linear_bracket(expr, avoid)
    if base is None or base.subs(X, 0) == 0:
        return sympy.factor(-expr)
    return sympy.factor(expr.xreplace({base: base - 2 * base.subs(X, 0)}))


def _sympy_miscopied(expr: sympy.Expr) -> sympy.Expr:
    base = _sympy_linear_bracket(expr)
    if base is None:
        return sympy.factor(sympy.expand(expr + (1 if sympy.Poly(expr, X).LC() > 0 else -1)))
    c, a = base.subs(X, 0), base.coeff(X)
    away = 1 if c >= 0 else -1
    step = next((d for d in (away, 2 * away, 3 * away, -away) if sympy.gcd(a, c + d) == sympy.gcd(a, c)), away)
    return sympy.factor(expr.xreplace({base: base + step}))


def test_slips_on_a_bracket_pick_the_bracket_sympy_picks() -> None:
    rng = random.Random(9)
    for _ in range(600):
        expr = _random_poly(rng, rational=rng.random() < 0.2)
        if expr == 0:
            continue
        p, factored = _flint(expr), sympy.factor(expr)
        avoid = sympy.expand((X + rng.randint(-6, 6)) * (rng.choice([1, 2]) * X + rng.randint(-6, 6)))
        assert factored_text(_sign_flipped(p)) == sympy.sstr(_sympy_sign_flipped(factored))
        assert factored_text(_sign_flipped(p, _flint(avoid))) == sympy.sstr(_sympy_sign_flipped(factored, avoid))
        assert factored_text(_miscopied(p)) == sympy.sstr(_sympy_miscopied(factored))
        if sympy.Poly(expr, X).degree() <= 1:  # multiplied out (sympy.cancel's form): a sum is its own bracket
            sums = [p] if len(sympy.Add.make_args(expr)) > 1 else []
            assert factored_text(_miscopied(p, sums)) == sympy.sstr(_sympy_miscopied(expr))


def test_roots_are_sympys_and_the_dropped_number_is_written_as_sympy_writes_it() -> None:
    rng = random.Random(10)
    for _ in range(800):
        expr = _random_poly(rng)
        poly = sympy.Poly(expr, X)
        if poly.degree() > 4:
            continue
        found = sympy.roots(poly, multiple=True) if poly.degree() > 0 else []
        _, mine, split = _poly_roots(sympy.sstr(expr))
        assert split == all(r.is_Rational for r in found)
        assert [sympy.Rational(int(r.p), int(r.q)) for r in mine] == [r for r in found if r.is_Rational]
    for lc, r, s in ((3, 2, -5), (-2, 0, 4), (4, 3, 3), (-1, fmpq(1, 2), 5), (2, fmpq(-3, 4), fmpq(2, 3))):
        want = sympy.Mul(sympy.sign(lc), X - sympy.Rational(int(fmpq(r).p), int(fmpq(r).q)), X - sympy.Rational(int(fmpq(s).p), int(fmpq(s).q)))
        assert _dropped_number(fmpq(lc), fmpq(r), fmpq(s)) == sympy.sstr(want)


def test_every_part_of_the_states_the_space_meets_is_written_by_flint() -> None:
    """Walk sound and wrong moves from problems of every level: every numerator and denominator reads as sympy parses
    it, factors to sympy's text with no fallback, and every state's values are sympy's."""
    parts = 0
    for level in range(1, 6):
        generator = TASKS.get("rational_expression").from_level(level, seed=31)
        for i in range(3):
            space = RationalSpace(generator.generate(i))
            todo, seen = [space.root()], set()
            while todo and len(seen) < 40:
                state: RationalState = todo.pop()
                if state in seen:
                    continue
                seen.add(state)
                for f in state.terms:
                    for text in (f.num, f.den):
                        p = read_poly(text)
                        assert p is not None and p == _flint(_e(text)), text
                        assert factored_text(p) == sympy.sstr(sympy.factor(_e(text))), text
                        parts += 1
                assert _values(state.terms, state.ops) == _text_values(state_text(state.terms, state.ops))
                if not space.is_terminal(state):
                    todo.extend(m.next_state for m in space.propose(state, 1) + space.propose_wrong(state, 3, random.Random(i)))
    assert parts >= 500
