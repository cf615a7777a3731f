"""The inequality space's moves by sympy: the general route, for a state whose sides are not all exact polynomials of
degree at most 2 (``_ineq_moves`` builds the same moves from exact coefficients for every other state, and is held to
this route by the tests).

Each move is a ``Draft``: the next state's parts, the step's words, its kind, and its error kind ("" for the sound
move, which comes first).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

import sympy

from cotforge.solvers.spaces import _ineq_forms as forms
from cotforge.solvers.spaces._ineq_sets import real_roots
from cotforge.solvers.spaces._ineq_state import FLIP, X
from cotforge.solvers.spaces._ineq_state import coefficients as _coefficients
from cotforge.solvers.spaces._ineq_state import degree as _degree
from cotforge.solvers.spaces._ineq_state import printed as _s
from cotforge.solvers.spaces._ineq_state import side as _e
from cotforge.solvers.spaces._latex import latex

Draft = tuple[tuple[str, ...], str, str, str]
"""A move before it is rendered: the next state's parts, the step's words, its kind, its error kind ("" if sound)."""
BRACKET = re.compile(r"(-?\d+)\*\((.+)\)/(\d+)")
"""``k*(inner)/m``: a side whose fraction the first move clears."""


def toward_zero(value: sympy.Expr) -> int:
    """The step (+1 or -1) that moves ``value`` towards zero (+1 at zero)."""
    return -1 if value > 0 else 1


def slip(side: sympy.Expr, coefficient: sympy.Expr, end: sympy.Expr) -> sympy.Expr:
    """``side`` (a constant the unknown's ``coefficient`` will later divide) miscounted by that
    coefficient, so the bound it leads to, ``end``, comes out one off towards zero (10 as 9, 7/2 as
    5/2): a slip of the size the problem's own numbers have, which keeps the answer as tidy as the
    gold's (a slip of 1 would give 121/12 where the gold is 10, and every pair a longer wrong text)."""
    return side + toward_zero(end) * (coefficient if coefficient != 0 else 1)



def general_drafts(parts: tuple[str, ...]) -> list[Draft]:
    """The sound move and the wrong ones from a chain (no "or"), by sympy."""
    exprs = [_e(p) for p in parts[::2]]
    ops = list(parts[1::2])
    if any(_degree(p) == 2 for p in parts[::2]):
        return _quadratic(exprs[0], ops[0], exprs[1], parts[0])
    bracket = [BRACKET.fullmatch(p) for p in parts[::2]]
    if any(bracket):
        return _clear(bracket, exprs, ops)
    if any("(" in p for p in parts[::2]):
        return _expand(parts[::2], exprs, ops)
    if len(exprs) == 2:
        return _single(exprs[0], ops[0], exprs[1])
    return _double(exprs, ops)


def _variants(sound: tuple[tuple[str, ...], str, str], wrong: Sequence[tuple[tuple[str, ...], str]]) -> list[Draft]:
    parts, text, kind = sound
    return [(parts, text, kind, ""), *((bad, text, kind, error) for bad, error in wrong)]


def _clear(bracket: list, exprs: list[sympy.Expr], ops: list[str]) -> list[Draft]:
    i = next(n for n, b in enumerate(bracket) if b)
    k, inner, m = bracket[i].group(1), bracket[i].group(2), int(bracket[i].group(3))
    parts = [_s(e) for e in exprs]
    others = [n for n in range(len(exprs)) if n != i]
    sound = list(parts)
    sound[i] = f"{k}*({inner})"
    for n in others:
        sound[n] = _s(m * exprs[n])
    partial, miscounted, inverse = list(sound), list(sound), list(sound)
    coefficient = int(k) * forms.coefficient(_e(inner), 1)  # what divides the other sides in the end
    for n in others:
        partial[n] = parts[n]
        end = (m * exprs[n] - int(k) * forms.coefficient(_e(inner), 0)) / coefficient if coefficient != 0 else sympy.Integer(0)
        miscounted[n] = _s(slip(m * exprs[n], coefficient, end))
        inverse[n] = _s(exprs[n] / m)
    text = f"Multiply {'both sides' if len(exprs) == 2 else 'every part'} by ${m}$ (a positive number keeps the direction)"
    return _variants((_join_text(sound, ops), text, "clear"),
                          [(_join_text(partial, ops), "partial_multiply"), (_join_text(miscounted, ops), "arithmetic_slip"),
                           (_join_text(inverse, ops), "wrong_inverse")])  # fmt: skip


def _expand(sides: tuple[str, ...], exprs: list[sympy.Expr], ops: list[str]) -> list[Draft]:
    i = next(n for n, p in enumerate(sides) if "(" in p)
    match = re.fullmatch(r"(-?\d+)\*\((.+)\)", sides[i])
    sound = [_s(sympy.expand(e)) for e in exprs]
    wrong: list[tuple[tuple[str, ...], str]] = []
    if match:
        k, inner = int(match.group(1)), _e(match.group(2))
        a, b = forms.coefficient(inner, 1), forms.coefficient(inner, 0)
        whole = sympy.expand(sum(sound_e * (1 if n == i else -1) for n, sound_e in enumerate(exprs))) if len(exprs) == 2 else None
        end = -forms.coefficient(whole, 0) / forms.coefficient(whole, 1) if whole is not None and forms.coefficient(whole, 1) != 0 else sympy.Integer(0)
        slipped = k * a * X + k * b - toward_zero(end) * k * a  # the constant one coefficient off: the bound one off
        for error, value in (("distribution_error", k * a * X + b), ("sign_slip", k * a * X - k * b), ("arithmetic_slip", slipped)):
            bad = list(sound)
            bad[i] = _s(value)
            wrong.append((_join_text(bad, ops), error))
    return _variants((_join_text(sound, ops), "Expand the brackets", "expand"), wrong)


def _join_text(parts: list[str], ops: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for i, p in enumerate(parts):
        out.append(p)
        if i < len(ops):
            out.append(ops[i])
    return tuple(out)


def _join(exprs: list[sympy.Expr], ops: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for i, e in enumerate(exprs):
        out.append(_s(e))
        if i < len(ops):
            out.append(ops[i])
    return tuple(out)


def _single(lhs: sympy.Expr, op: str, rhs: sympy.Expr) -> list[Draft]:
    (a, b), (c, d) = (forms.coefficient(lhs, 1), forms.coefficient(lhs, 0)), (forms.coefficient(rhs, 1), forms.coefficient(rhs, 0))
    if a == 0 and c != 0:  # the unknown on the right only: read the inequality the other way round
        lhs, rhs, op = rhs, lhs, FLIP[op]
        (a, b), (c, d) = (c, d), (a, b)
        if b == 0:
            parts = (_s(lhs), op, _s(rhs))
            return [(parts, "Read the inequality from right to left", "swap", "")]
    if c != 0 or b != 0:
        term = c * X if c != 0 else b
        amount = abs(c) * X if c != 0 else abs(term)
        verb, prep = ("Add", "to") if (c if c != 0 else b) < 0 else ("Subtract", "from")
        text = f"{verb} ${latex(_s(amount))}$ {prep} both sides"
        kind = "move_unknown" if c != 0 else "move_constant"
        sound = _join([sympy.expand(lhs - term), sympy.expand(rhs - term)], [op])
        left = sympy.expand(lhs - term)
        coefficient = forms.coefficient(left, 1)
        end = (sympy.expand(rhs - term) - forms.coefficient(left, 0)) / coefficient if coefficient != 0 else sympy.Integer(0)
        wrong = [
            (_join([left, sympy.expand(rhs + term)], [op]), "sign_slip"),
            (_join([left, rhs], [op]), "one_side_only"),
            (_join([left, sympy.expand(slip(rhs - term, coefficient, end))], [op]), "arithmetic_slip"),
        ]
        return _variants((sound, text, kind), wrong)
    if a == 0:
        return []
    new_op = FLIP[op] if a < 0 else op
    why = " and reverse the inequality, since we divide by a negative number" if a < 0 else " (a positive number keeps the direction)"
    text = f"Divide both sides by ${latex(_s(a))}${why}"
    sound = ("x", new_op, _s(rhs / a))
    wrong = [
        (("x", op if a < 0 else FLIP[op], _s(rhs / a)), "no_flip" if a < 0 else "wrong_flip"),
        (("x", new_op, _s(rhs * a)), "wrong_inverse"),
        (("x", new_op, _s(-rhs / a)), "sign_slip"),
        (("x", new_op, _s(rhs / a + toward_zero(rhs / a))), "arithmetic_slip"),
    ]
    return _variants((sound, text, "divide"), wrong)


def _double(exprs: list[sympy.Expr], ops: list[str]) -> list[Draft]:
    low, middle, high = exprs
    a, b = forms.coefficient(middle, 1), forms.coefficient(middle, 0)
    if b != 0:
        text = f"{'Add' if b < 0 else 'Subtract'} ${latex(_s(abs(b)))}$ {'to' if b < 0 else 'from'} every part"
        sound = _join([low - b, middle - b, high - b], ops)
        wrong = [
            (_join([low - b, middle - b, high + b], ops), "sign_slip"),
            (_join([low, middle - b, high - b], ops), "one_side_only"),
            (_join([slip(low - b, a, (low - b) / a), middle - b, high - b], ops), "arithmetic_slip"),
        ]
        return _variants((sound, text, "move_constant"), wrong)
    if a < 0:
        text = f"Divide every part by ${latex(_s(a))}$; dividing by a negative number reverses both inequalities, so the ends swap places"
        sound = (_s(high / a), ops[1], "x", ops[0], _s(low / a))
        wrong = [
            ((_s(low / a), ops[0], "x", ops[1], _s(high / a)), "no_flip"),
            ((_s(high * a), ops[1], "x", ops[0], _s(low * a)), "wrong_inverse"),
            ((_s(-low / a), ops[0], "x", ops[1], _s(-high / a)), "sign_slip"),
        ]
    else:
        text = f"Divide every part by ${latex(_s(a))}$ (a positive number keeps the directions)"
        sound = (_s(low / a), ops[0], "x", ops[1], _s(high / a))
        wrong = [
            ((_s(low / a), FLIP[ops[0]], "x", FLIP[ops[1]], _s(high / a)), "wrong_flip"),
            ((_s(low * a), ops[0], "x", ops[1], _s(high * a)), "wrong_inverse"),
            ((_s(low / a), ops[0], "x", ops[1], _s(high / a + toward_zero(high / a))), "arithmetic_slip"),
        ]
    return _variants((sound, text, "divide"), wrong)


def _quadratic(lhs: sympy.Expr, op: str, rhs: sympy.Expr, lhs_text: str) -> list[Draft]:
    sound: tuple[str, ...]
    wrong: list[tuple[tuple[str, ...], str]]
    if rhs != 0:
        sound = (_s(sympy.expand(lhs - rhs)), op, "0")
        wrong = [
            ((_s(sympy.expand(lhs + rhs)), op, "0"), "sign_slip"),
            ((_s(sympy.expand(lhs - rhs + 1)), op, "0"), "arithmetic_slip"),
            ((_s(sympy.expand(lhs - forms.coefficient(rhs, 1) * X)), op, "0") if forms.coefficient(rhs, 0) != 0 else ((_s(sympy.expand(lhs)), op, "0")), "dropped_term"),
        ]
        return _variants((sound, "Bring every term to the left", "standard_form"), wrong)
    read = forms.product_terms(lhs)
    lead = sympy.Rational(read[2].numerator, read[2].denominator) if read is not None and read[2] else sympy.Poly(lhs, X).LC()
    if lead != 1:
        new_op = FLIP[op] if lead < 0 else op
        why = " and reverse the inequality, since we divide by a negative number" if lead < 0 else ""
        reduced = sympy.expand(lhs / lead)
        wrong = [
            ((_s(reduced), op if lead < 0 else FLIP[op], "0"), "no_flip" if lead < 0 else "wrong_flip"),
            ((_s(sympy.expand(reduced + (lead - 1) * (reduced - X**2))), new_op, "0"), "distribution_error"),
            ((_s(sympy.expand(reduced + 1)), new_op, "0"), "arithmetic_slip"),
        ]
        return _variants(((_s(reduced), new_op, "0"), f"Divide both sides by ${latex(_s(lead))}${why}", "divide"), wrong)
    found = real_roots(_coefficients(lhs_text))
    if len(found) != 2 or not all(isinstance(r, Fraction) for r, _ in found):
        return []  # a slip left no two rational roots: the student is stuck (a dead end)
    r1, r2 = (sympy.Rational(r.numerator, r.denominator) for r, _ in found if isinstance(r, Fraction))
    if not isinstance(lhs, sympy.Mul):
        wrong = [
            ((_s((X + r1) * (X + r2)), op, "0"), "sign_slip"),
            ((_s((X - r1) * (X - r2 - 1)), op, "0"), "arithmetic_slip"),
            ((_s((X - r1 - r2) * (X - r1 * r2)), op, "0"), "wrong_factor"),
        ]
        text = f"Factor: ${latex(_s(r1))}$ and ${latex(_s(r2))}$ multiply to ${latex(_s(r1 * r2))}$ and add to ${latex(_s(r1 + r2))}$, so they are the roots"
        return _variants(((_s((X - r1) * (X - r2)), op, "0"), text, "factor"), wrong)
    strict_lt = "<" if op in ("<", ">") else "<="
    strict_gt = ">" if op in ("<", ">") else ">="
    other_lt = "<=" if strict_lt == "<" else "<"
    other_gt = ">=" if strict_gt == ">" else ">"
    inside: tuple[str, ...] = (_s(r1), strict_lt, "x", strict_lt, _s(r2))
    outside: tuple[str, ...] = ("x", strict_lt, _s(r1), "or", "x", strict_gt, _s(r2))
    if op in ("<", "<="):
        sound, wrong_region = inside, outside
        text = f"The product is negative between the roots ${latex(_s(r1))}$ and ${latex(_s(r2))}$ (the parabola opens upward)"
        ends: tuple[str, ...] = (_s(r1), other_lt, "x", other_lt, _s(r2))
    else:
        sound, wrong_region = outside, inside
        text = f"The product is positive outside the roots ${latex(_s(r1))}$ and ${latex(_s(r2))}$ (the parabola opens upward)"
        ends = ("x", other_lt, _s(r1), "or", "x", other_gt, _s(r2))
    negated: tuple[str, ...] = tuple(_s(-_e(t)) if t not in ("x", "or") and t not in FLIP else t for t in sound)
    if sound is inside:
        negated = (negated[4], negated[1], "x", negated[3], negated[0])
    else:
        negated = ("x", negated[1], negated[6], "or", "x", negated[5], negated[2])
    wrong = [(wrong_region, "wrong_region"), (ends, "endpoint_slip"), (negated, "sign_slip")]
    return _variants((sound, text, "sign_analysis"), wrong)
