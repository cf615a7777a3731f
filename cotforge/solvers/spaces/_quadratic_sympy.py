"""The quadratic space's sympy route: every state read, rewritten and printed with sympy.

This is how the space built every state before its exact forms (:mod:`._quad_forms`); it stays for any state
outside those forms (the route is then taken for the state and everything after it), and as the reference the
exact route is tested against, text for text.
"""

from __future__ import annotations

import cmath
from functools import lru_cache
from math import gcd

import sympy

from cotforge.domains.algebra import sympy_text
from cotforge.domains.latex_answer import answer_latex
from cotforge.domains.polynomial import poly_text, root_set_text, root_text
from cotforge.solvers.spaces._latex import latex
from cotforge.solvers.spaces._quad_forms import Parts, Rewrite


@lru_cache(maxsize=4096)
def _expr(text: str, v: str) -> sympy.Expr:
    return sympy_text(text, {v: sympy.Symbol(v)}, xor=False)


@lru_cache(maxsize=4096)
def _poly(part: tuple[str, str], v: str) -> sympy.Poly:
    """``lhs - rhs`` of an equation as a polynomial in ``v`` (the search and the negatives ask for the same parts)."""
    return sympy.Poly(sympy.expand(_expr(part[0], v) - _expr(part[1], v)), sympy.Symbol(v))


def _paren(n: int) -> str:
    return f"({n})" if n < 0 else str(n)


def formula_text(a: int, b: int, c: int, d: int, v: str) -> str:
    kind = "negative, so the roots are complex" if d < 0 else "not a perfect square, so the roots are irrational"
    return (f"With $a = {a}$, $b = {b}$, $c = {c}$ the discriminant is $b^{{2}} - 4ac = {_paren(b)}^{{2}} - 4 \\cdot {_paren(a)} \\cdot {_paren(c)} = {d}$, "
            f"{kind}; the quadratic formula ${v} = \\frac{{-b \\pm \\sqrt{{b^{{2}} - 4ac}}}}{{2a}}$ gives")


def formula_parts(top: int, d: int, den: int, v: str) -> Parts:
    return tuple((v, f"({top} {sign} sqrt({d}))/{den}") for sign in "+-")


class SympyRules:
    """The rewrites, roots, answers and estimates of states in one unknown ``v``, by sympy."""

    def __init__(self, v: str) -> None:
        self.v = v
        self.x = sympy.Symbol(v)

    def poly(self, part: tuple[str, str]) -> sympy.Poly:
        return _poly(part, self.v)

    def solved(self, part: tuple[str, str]) -> bool:
        return part[0] == self.v and self.x not in _expr(part[1], self.v).free_symbols

    def answer(self, parts: Parts) -> str:
        return answer_latex(root_set_text(_expr(p[1], self.v) for p in parts), "set")

    def heuristic(self, parts: Parts) -> float:
        part = parts[0]
        special = self.special(part)
        if special:
            return 2.0 if special == "product" else 1.0
        poly = self.poly(part)
        cost = 0.0 if self.standard(part) else 1.0
        coeffs = [int(c) for c in poly.all_coeffs()]
        cost += 1.0 if gcd(*coeffs) > 1 or coeffs[0] < 0 else 0.0
        return cost + (2.0 if poly.degree() == 2 else 1.0)

    def special(self, part: tuple[str, str]) -> str:
        """"product" for a factored form equal to zero, "square" for x² = k, else ""."""
        if part[0] == f"{self.v}**2" and self.x not in _expr(part[1], self.v).free_symbols:
            return "square"
        lhs = _expr(part[0], self.v)
        if part[1] == "0" and isinstance(lhs, sympy.Mul) and sum(1 for f in lhs.args if f.has(self.x)) >= 2:
            return "product"
        return ""

    def standard(self, part: tuple[str, str]) -> bool:
        return part[1] == "0" and part[0] == poly_text([int(c) for c in self.poly(part).all_coeffs()], self.v)

    def rewrite(self, parts: Parts, raw: bool) -> Rewrite:
        """The sound move of a state and its plausible wrong versions."""
        if raw:
            return self._simplify(parts)
        if len(parts) > 1 or self.special(parts[0]) or self.poly(parts[0]).degree() == 1:
            return self._solve_linear(parts)
        part = parts[0]
        poly = self.poly(part)
        coeffs = [int(c) for c in poly.all_coeffs()]
        v = self.v
        if not self.standard(part):
            left, right = _expr(part[0], v), _expr(part[1], v)
            wrong = [
                (sympy.expand(left + right), "sign_slip"),
                (sympy.expand(left - right + 1), "arithmetic_slip"),
                (sympy.expand(left - right + right.coeff(self.x, 1) * self.x) if right.coeff(self.x, 1) else sympy.expand(left), "dropped_term"),
            ]
            return _rewrite("Bring every term to the left and combine like terms", "standard_form", ((poly_text(coeffs, v), "0"),),
                            [(((sympy.sstr(w), "0"),), e) for w, e in wrong])
        g = gcd(*coeffs) * (1 if coeffs[0] > 0 else -1)
        if g != 1:
            reduced = [c // g for c in coeffs]
            slips = [
                ([reduced[0], reduced[1], reduced[2] + 1], "arithmetic_slip"),
                ([reduced[0], reduced[1], coeffs[2]], "distribution_error"),
                ([reduced[0], -reduced[1], reduced[2]] if reduced[1] else [reduced[0], 0, -reduced[2]], "sign_slip"),
            ]
            why = f"Divide both sides by ${g}$" + (" (the common factor)" if g > 0 else " (so the leading coefficient is positive)")
            return _rewrite(why, "divide", ((poly_text(reduced, v), "0"),), [(((poly_text(w, v), "0"),), e) for w, e in slips])
        return self._quadratic_moves(coeffs)

    def _quadratic_moves(self, coeffs: list[int]) -> Rewrite:
        a, b, c = coeffs
        v, x = self.v, self.x
        d = b * b - 4 * a * c
        wrong: list[tuple[Parts, str]]
        if b == 0:
            k = sympy.Rational(-c, a)
            wrong = [(((f"{v}**2", sympy.sstr(-k)),), "sign_slip"), (((f"{v}**2", sympy.sstr(sympy.Integer(-c) if a != 1 else k / 2)),), "wrong_inverse"),
                     (((f"{v}**2", sympy.sstr(k + 1)),), "arithmetic_slip")]  # fmt: skip
            text = "Move the constant to the other side" + (f" and divide by ${a}$" if a != 1 else "")
            return _rewrite(text, "isolate", ((f"{v}**2", sympy.sstr(k)),), wrong)
        if d >= 0 and sympy.sqrt(d).is_Rational:
            r1, r2 = sorted(sympy.roots(sympy.Poly(a * x**2 + b * x + c, x), multiple=True))  # a double root twice
            factored = sympy.factor(a * x**2 + b * x + c)
            if c == 0:
                text = f"Take out the common factor ${v}$"
                wrong = [(((poly_text([a, b], v), "0"),), "lost_root"),
                         (((sympy.sstr(sympy.factor(a * x**2 - b * x)), "0"),), "sign_slip"),
                         (((sympy.sstr(x * (a * x + b + 1)), "0"),), "arithmetic_slip")]  # fmt: skip
            else:
                text = f"Factor: the roots ${latex(sympy.sstr(r1))}$ and ${latex(sympy.sstr(r2))}$ multiply to ${latex(sympy.sstr(r1 * r2))}$ and add to ${latex(sympy.sstr(r1 + r2))}$"
                product = lambda p, q: ((sympy.sstr(sympy.factor(a * (x - p) * (x - q))), "0"),)  # noqa: E731
                wrong = [(product(-r1, -r2), "sign_slip"), (product(r1, -r2), "wrong_factor"), (product(r1, r2 + 1), "arithmetic_slip")]
            return _rewrite(text, "factor", ((sympy.sstr(factored), "0"),), wrong)
        sound = formula_parts(-b, d, 2 * a, v)
        wrong = [(formula_parts(b, d, 2 * a, v), "sign_slip"), (formula_parts(-b, d, a, v), "wrong_denominator"),
                 (formula_parts(-b, b * b + 4 * a * c, 2 * a, v), "arithmetic_slip")]  # fmt: skip
        done = all(root_text(sympy.expand(_expr(r, v))) == r for _, r in sound)  # nothing left to simplify
        return _rewrite(formula_text(a, b, c, d, v), "formula", sound, wrong, raw=not done)

    def _simplify(self, parts: Parts) -> Rewrite:
        values = [sympy.expand(_expr(b, self.v)) for _, b in parts]
        simple = tuple((a, root_text(value)) for (a, _), value in zip(parts, values))
        centre = (values[0] + values[1]) / 2
        offset = sympy.expand(values[0] - centre)
        wrong = [
            (tuple((self.v, root_text(centre + sign * 2 * offset)) for sign in (1, -1)), "arithmetic_slip"),
            (tuple((self.v, root_text(centre * 2 + sign * offset)) for sign in (1, -1)), "distribution_error"),
            (((self.v, root_text(values[0])),), "lost_root"),
        ]
        return _rewrite("Simplify the square root and reduce the fraction", "simplify", simple, wrong)

    def _solve_linear(self, parts: Parts) -> Rewrite:
        """Split a product, take square roots, or solve each linear equation."""
        v, x = self.v, self.x
        if len(parts) == 1:
            part = parts[0]
            lhs = _expr(part[0], v)
            if part[1] == "0" and isinstance(lhs, sympy.Mul):
                factors = [f for f in lhs.args if f.has(x)]
                split = tuple((sympy.sstr(f), "0") for f in factors)
                flipped = tuple((sympy.sstr(sympy.expand(2 * f.coeff(x, 1) * x - f)), "0") if f.coeff(x, 0) else (sympy.sstr(f), "0") for f in factors)
                wrong = [(split[:1], "lost_root"), (flipped, "sign_slip"), (tuple((sympy.sstr(f + 1), "0") for f in factors[:1]) + split[1:], "arithmetic_slip")]
                return _rewrite("A product is zero only when one of its factors is zero", "zero_product", split, wrong)
            if part[0] == f"{v}**2":
                k = _expr(part[1], v)
                root = sympy.sqrt(k)
                split = ((v, sympy.sstr(root)), (v, sympy.sstr(-root)))
                wrong = [(((v, sympy.sstr(root)),), "lost_root"), (((v, sympy.sstr(k / 2)), (v, sympy.sstr(-k / 2))), "wrong_inverse"),
                         (((v, sympy.sstr(root + 1)), (v, sympy.sstr(-root - 1))), "arithmetic_slip")]  # fmt: skip
                return _rewrite("Take the square root of both sides (both signs)", "square_root", split, wrong)
        solved, negated, inverse, bumped = [], [], [], []
        for n, part in enumerate(parts):
            if self.solved(part):
                solved.append(part)
                negated.append(part)
                inverse.append(part)
                bumped.append(part)
                continue
            difference = sympy.expand(_expr(part[0], v) - _expr(part[1], v))
            a, b = difference.coeff(x, 1), difference.coeff(x, 0)
            root = -b / a
            solved.append((v, sympy.sstr(root)))
            negated.append((v, sympy.sstr(-root)))
            inverse.append((v, sympy.sstr(-b * a if a not in (1, -1) else -b - a)))
            bumped.append((v, sympy.sstr(root + 1 if n == 0 else root)))
        wrong = [(tuple(negated), "sign_slip"), (tuple(inverse), "wrong_inverse"), (tuple(bumped), "arithmetic_slip")]
        return _rewrite("Solve each equation", "solve", tuple(solved), wrong)

    def roots(self, parts: Parts) -> frozenset:
        """The solution set as complex numbers rounded to 9 places (enough to tell these apart)."""
        out: set = set()
        for part in parts:
            if self.solved(part):
                out.add(_point(complex(sympy.N(_expr(part[1], self.v), 20))))
                continue
            coeffs = [complex(sympy.N(c, 20)) for c in self.poly(part).all_coeffs()]
            if len(coeffs) == 2:
                out.add(_point(-coeffs[1] / coeffs[0]))
            elif len(coeffs) == 3:
                a, b, c = coeffs
                root = cmath.sqrt(b * b - 4 * a * c)
                out |= {_point((-b + root) / (2 * a)), _point((-b - root) / (2 * a))}
            else:
                out.add("none" if any(coeffs) else "all")
        return frozenset(out)


def _rewrite(text: str, kind: str, sound: Parts, wrong: list[tuple[Parts, str]], raw: bool = False) -> Rewrite:
    return Rewrite(text, kind, (sound, None), tuple((parts, None, error) for parts, error in wrong), raw)


def _point(z: complex) -> tuple[float, float]:
    return (round(z.real, 9) + 0.0, round(z.imag, 9) + 0.0)
