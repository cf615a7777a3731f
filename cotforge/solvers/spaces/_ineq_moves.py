"""The inequality space's moves from exact coefficients: the same drafts as the sympy route (``_ineq_general``), with
each side held as ``(c0, c1, c2)`` in ``Fraction`` and written by ``_ineq_state.written``.

Only states the general route handles with sums of monomials are built here: every side an exact polynomial of degree
at most 2, the ends of a chain and the sides a fraction is cleared from numbers, nothing divided by zero. Anything
else raises ``NotExact`` and the space takes the general route (the tests hold the two to the same drafts on every
state of a few hundred problems). Factored sides are written by ``domains.sstr_forms.product_text``, as sympy writes
them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from fractions import Fraction

import sympy

from cotforge.solvers.spaces import _ineq_forms as forms
from cotforge.solvers.spaces._ineq_forms import Coefficients
from cotforge.solvers.spaces._ineq_general import BRACKET, Draft
from cotforge.solvers.spaces._ineq_sets import NotExact, real_roots
from cotforge.solvers.spaces._ineq_state import FLIP, coefficients, degree, remember, side, written
from cotforge.solvers.spaces._latex import latex

ZERO, ONE = Fraction(0), Fraction(1)
_SCALED = re.compile(r"(-?\d+)\*\((.+)\)")
"""``k*(inner)``: the bracket the clearing move leaves, expanded next."""


def _number(c: Coefficients) -> Fraction:
    """The value of a side that must be a number (``NotExact`` if it holds x: the general route decides)."""
    if c[1] or c[2]:
        raise NotExact("a number was expected")
    return c[0]


def _toward_zero(value: Fraction) -> int:
    return -1 if value.numerator > 0 else 1


def _num(value: Fraction) -> str:
    return written((value, ZERO, ZERO))


def _sub(a: Fraction, b: Fraction) -> Fraction:
    return (a - b if a.numerator else -b) if b.numerator else a  # most coefficients are 0: no arithmetic for them


def _minus(u: Coefficients, v: Coefficients) -> Coefficients:
    return _sub(u[0], v[0]), _sub(u[1], v[1]), _sub(u[2], v[2])


def _add(a: Fraction, b: Fraction) -> Fraction:
    return (a + b if a.numerator else b) if b.numerator else a


def _plus(u: Coefficients, v: Coefficients) -> Coefficients:
    return _add(u[0], v[0]), _add(u[1], v[1]), _add(u[2], v[2])


def _times(u: Coefficients, k: Fraction | int) -> Coefficients:
    return u[0] * k, u[1] * k, u[2] * k


Wrong = Callable[[], Sequence[tuple[tuple[str, ...], str]]]
"""The wrong moves' parts and errors, written only when asked (a slipped state is offered none)."""


def _variants(sound: tuple[tuple[str, ...], str, str], wrong: Wrong, wrong_too: bool) -> list[Draft]:
    parts, text, kind = sound
    if not wrong_too:
        return [(parts, text, kind, "")]
    return [(parts, text, kind, ""), *((bad, text, kind, error) for bad, error in wrong())]


def _chain(sides: list[str], ops: list[str]) -> tuple[str, ...]:
    out = [sides[0]]
    for op, text in zip(ops, sides[1:]):
        out += [op, text]
    return tuple(out)


def exact_drafts(parts: tuple[str, ...], wrong_too: bool = True) -> list[Draft]:
    """The sound move and the wrong ones from a chain (no "or"), by exact coefficients; ``NotExact`` where the
    general route must decide. Without ``wrong_too``, the sound move alone (the first draft, or none): the wrong ones
    are not written, and nothing that decides the route or the sound move is skipped."""
    texts, ops = list(parts[::2]), list(parts[1::2])
    if any("(" in t for t in texts):
        if any(degree(t) == 2 for t in texts):
            return _quadratic(texts, ops, wrong_too)
        bracket = [BRACKET.fullmatch(t) for t in texts]
        if any(bracket):
            return _clear(texts, bracket, ops)[: None if wrong_too else 1]
        return _expand(texts, ops, wrong_too)
    sides = [coefficients(t) for t in texts]
    if any(c[2] for c in sides):
        return _quadratic(texts, ops, wrong_too)
    if len(sides) == 2:
        return _single(sides[0], ops[0], sides[1], wrong_too)
    return _double(sides, ops, wrong_too)


def _single(lhs: Coefficients, op: str, rhs: Coefficients, wrong_too: bool) -> list[Draft]:
    (a, b), (c, d) = (lhs[1], lhs[0]), (rhs[1], rhs[0])
    if a == 0 and c != 0:  # the unknown on the right only: read the inequality the other way round
        lhs, rhs, op = rhs, lhs, FLIP[op]
        (a, b), (c, d) = (c, d), (a, b)
        if b == 0:
            return [((written(lhs), op, written(rhs)), "Read the inequality from right to left", "swap", "")]
    if c != 0 or b != 0:
        term: Coefficients = (ZERO, c, ZERO) if c != 0 else (b, ZERO, ZERO)
        amount: Coefficients = (ZERO, abs(c), ZERO) if c != 0 else (abs(b), ZERO, ZERO)
        verb, prep = ("Add", "to") if (c if c != 0 else b) < 0 else ("Subtract", "from")
        text = f"{verb} ${latex(written(amount))}$ {prep} both sides"
        kind = "move_unknown" if c != 0 else "move_constant"
        left, right = _minus(lhs, term), _minus(rhs, term)
        coefficient = left[1]
        end = (_number(right) - left[0]) / coefficient if coefficient != 0 else ZERO
        shown = written(left)
        slipped = _plus(right, (_toward_zero(end) * (coefficient if coefficient != 0 else ONE), ZERO, ZERO))
        wrong = lambda: [((shown, op, written(_plus(rhs, term))), "sign_slip"), ((shown, op, written(rhs)), "one_side_only"),  # noqa: E731
                         ((shown, op, written(slipped)), "arithmetic_slip")]  # fmt: skip
        return _variants(((shown, op, written(right)), text, kind), wrong, wrong_too)
    if a == 0:
        return []
    new_op = FLIP[op] if a < 0 else op
    why = " and reverse the inequality, since we divide by a negative number" if a < 0 else " (a positive number keeps the direction)"
    text = f"Divide both sides by ${latex(_num(a))}${why}"
    value = _number(rhs)
    quotient = value / a
    wrong = lambda: [  # noqa: E731
        (("x", op if a < 0 else FLIP[op], _num(quotient)), "no_flip" if a < 0 else "wrong_flip"),
        (("x", new_op, _num(value * a)), "wrong_inverse"),
        (("x", new_op, _num(-quotient)), "sign_slip"),
        (("x", new_op, _num(quotient + _toward_zero(quotient))), "arithmetic_slip"),
    ]
    return _variants((("x", new_op, _num(quotient)), text, "divide"), wrong, wrong_too)


def _double(sides: list[Coefficients], ops: list[str], wrong_too: bool) -> list[Draft]:
    low, middle, high = _number(sides[0]), sides[1], _number(sides[2])
    a, b = middle[1], middle[0]
    if a == 0:
        raise NotExact("a chain without the unknown in the middle")
    if b != 0:
        text = f"{'Add' if b < 0 else 'Subtract'} ${latex(_num(abs(b)))}$ {'to' if b < 0 else 'from'} every part"
        centre = written(_minus(middle, (b, ZERO, ZERO)))
        shifted = low - b
        moved = lambda: [  # noqa: E731
            ((_num(shifted), ops[0], centre, ops[1], _num(high + b)), "sign_slip"),
            ((_num(low), ops[0], centre, ops[1], _num(high - b)), "one_side_only"),
            ((_num(shifted + _toward_zero(shifted / a) * a), ops[0], centre, ops[1], _num(high - b)), "arithmetic_slip"),
        ]
        return _variants(((_num(shifted), ops[0], centre, ops[1], _num(high - b)), text, "move_constant"), moved, wrong_too)
    if a < 0:
        text = f"Divide every part by ${latex(_num(a))}$; dividing by a negative number reverses both inequalities, so the ends swap places"
        sound = (_num(high / a), ops[1], "x", ops[0], _num(low / a))
        wrong: Wrong = lambda: [  # noqa: E731
            ((_num(low / a), ops[0], "x", ops[1], _num(high / a)), "no_flip"),
            ((_num(high * a), ops[1], "x", ops[0], _num(low * a)), "wrong_inverse"),
            ((_num(-low / a), ops[0], "x", ops[1], _num(-high / a)), "sign_slip"),
        ]
    else:
        text = f"Divide every part by ${latex(_num(a))}$ (a positive number keeps the directions)"
        sound = (_num(low / a), ops[0], "x", ops[1], _num(high / a))
        wrong = lambda: [  # noqa: E731
            ((_num(low / a), FLIP[ops[0]], "x", FLIP[ops[1]], _num(high / a)), "wrong_flip"),
            ((_num(low * a), ops[0], "x", ops[1], _num(high * a)), "wrong_inverse"),
            ((_num(low / a), ops[0], "x", ops[1], _num(high / a + _toward_zero(high / a))), "arithmetic_slip"),
        ]
    return _variants((sound, text, "divide"), wrong, wrong_too)


def _clear(texts: list[str], bracket: list[re.Match[str] | None], ops: list[str]) -> list[Draft]:
    i = next(n for n, b in enumerate(bracket) if b)
    match = bracket[i]
    assert match is not None
    k, inner_text, m = match.group(1), match.group(2), int(match.group(3))
    others = [n for n in range(len(texts)) if n != i]
    if "(" in inner_text or any("(" in texts[n] for n in others):
        raise NotExact("brackets inside or beside the bracket")
    inner = coefficients(inner_text)
    values = {n: _number(coefficients(texts[n])) for n in others}
    scaled = f"{k}*({inner_text})"
    remember(scaled, _times(inner, int(k)))  # sympy distributes a number over a sum: k times inner
    sound, partial, miscounted, inverse = ([scaled] * len(texts) for _ in range(4))
    coefficient = int(k) * inner[1]  # what divides the other sides in the end
    for n in others:
        value = m * values[n]
        sound[n] = _num(value)
        partial[n] = _num(values[n])
        end = (value - int(k) * inner[0]) / coefficient if coefficient != 0 else ZERO
        miscounted[n] = _num(value + _toward_zero(end) * (coefficient if coefficient != 0 else 1))
        inverse[n] = _num(values[n] / m)
    text = f"Multiply {'both sides' if len(texts) == 2 else 'every part'} by ${m}$ (a positive number keeps the direction)"
    return _variants((_chain(sound, ops), text, "clear"),
                     lambda: [(_chain(partial, ops), "partial_multiply"), (_chain(miscounted, ops), "arithmetic_slip"),
                              (_chain(inverse, ops), "wrong_inverse")], True)  # fmt: skip


def _expand(texts: list[str], ops: list[str], wrong_too: bool) -> list[Draft]:
    i = next(n for n, t in enumerate(texts) if "(" in t)
    match = _SCALED.fullmatch(texts[i])
    if match is None or "(" in match.group(2) or any("(" in t for n, t in enumerate(texts) if n != i):
        raise NotExact("not one bracket times a number")
    k, inner = int(match.group(1)), coefficients(match.group(2))
    sides = [_times(inner, k) if n == i else coefficients(t) for n, t in enumerate(texts)]
    if any(c[2] for c in sides):
        raise NotExact("a square beside a bracket")
    sound = [written(c) for c in sides]
    a, b = inner[1], inner[0]
    whole = _minus(sides[i], sides[1 - i]) if len(sides) == 2 else None
    end = -whole[0] / whole[1] if whole is not None and whole[1] != 0 else ZERO
    slipped = (k * b - _toward_zero(end) * k * a, k * a, ZERO)  # the constant one coefficient off: the bound one off

    def wrong() -> list[tuple[tuple[str, ...], str]]:
        out = []
        for error, value in (("distribution_error", (b, k * a, ZERO)), ("sign_slip", (-k * b, k * a, ZERO)), ("arithmetic_slip", slipped)):
            bad = list(sound)
            bad[i] = written(value)
            out.append((_chain(bad, ops), error))
        return out

    return _variants((_chain(sound, ops), "Expand the brackets", "expand"), wrong, wrong_too)


def _factored(a: Fraction, b: Fraction) -> str:
    """``sympy.sstr`` of ``(x - a)*(x - b)``, remembered with its coefficients."""
    text = forms.product_text(a, b)
    remember(text, (a * b, -a - b, ONE))
    return text


_FACTOR = r"(x [-+] [0-9/]+)"
_TWO_FACTORS = re.compile(rf"\({_FACTOR}\)\*\({_FACTOR}\)")
_X_TIMES = re.compile(rf"x\*\({_FACTOR}\)")
_SQUARE = re.compile(rf"\({_FACTOR}\)\*\*2")


def _is_product(text: str) -> bool:
    """Whether a side is a sympy product: two different factors ``x ± c`` (or ``x`` and one) are, a square is not,
    nor is a text without brackets (at leading coefficient 1); any other text is asked of sympy."""
    two = _TWO_FACTORS.fullmatch(text)
    if two is not None:
        return two.group(1) != two.group(2)
    if _X_TIMES.fullmatch(text):
        return True
    if _SQUARE.fullmatch(text) or "(" not in text:
        return False
    return isinstance(side(text), sympy.Mul)


def _quadratic(texts: list[str], ops: list[str], wrong_too: bool) -> list[Draft]:
    op = ops[0]
    lhs, rhs = coefficients(texts[0]), coefficients(texts[1])
    if any(rhs):
        if "(" in texts[1]:
            raise NotExact("a product on the right")
        zero = "0"
        gathered = lambda: [  # noqa: E731
            ((written(_plus(lhs, rhs)), op, zero), "sign_slip"),
            ((written(_plus(_minus(lhs, rhs), (ONE, ZERO, ZERO))), op, zero), "arithmetic_slip"),
            ((written(_minus(lhs, (ZERO, rhs[1], ZERO)) if rhs[0] != 0 else lhs), op, zero), "dropped_term"),
        ]
        return _variants(((written(_minus(lhs, rhs)), op, zero), "Bring every term to the left", "standard_form"), gathered, wrong_too)
    lead = lhs[2]
    if lead == 0:
        raise NotExact("the square is on the right")
    if lead != 1:
        new_op = FLIP[op] if lead < 0 else op
        why = " and reverse the inequality, since we divide by a negative number" if lead < 0 else ""
        reduced = _times(lhs, 1 / lead)
        spread = _plus(reduced, _times(_minus(reduced, (ZERO, ZERO, ONE)), lead - 1))
        divided = lambda: [  # noqa: E731
            ((written(reduced), op if lead < 0 else FLIP[op], "0"), "no_flip" if lead < 0 else "wrong_flip"),
            ((written(spread), new_op, "0"), "distribution_error"),
            ((written(_plus(reduced, (ONE, ZERO, ZERO))), new_op, "0"), "arithmetic_slip"),
        ]
        return _variants(((written(reduced), new_op, "0"), f"Divide both sides by ${latex(_num(lead))}${why}", "divide"), divided, wrong_too)
    found = real_roots(lhs)
    if len(found) != 2 or not all(isinstance(r, Fraction) for r, _ in found):
        return []  # a slip left no two rational roots: the student is stuck (a dead end)
    r1, r2 = (r for r, _ in found if isinstance(r, Fraction))
    if not _is_product(texts[0]):
        factored = lambda: [  # noqa: E731
            ((_factored(-r1, -r2), op, "0"), "sign_slip"),
            ((_factored(r1, r2 + 1), op, "0"), "arithmetic_slip"),
            ((_factored(r1 + r2, r1 * r2), op, "0"), "wrong_factor"),
        ]
        text = f"Factor: ${latex(_num(r1))}$ and ${latex(_num(r2))}$ multiply to ${latex(_num(r1 * r2))}$ and add to ${latex(_num(r1 + r2))}$, so they are the roots"
        return _variants(((_factored(r1, r2), op, "0"), text, "factor"), factored, wrong_too)
    return _regions(r1, r2, op)[: None if wrong_too else 1]


def _regions(r1: Fraction, r2: Fraction, op: str) -> list[Draft]:
    """The sign of a monic product between and outside its roots ``r1 < r2``."""
    strict_lt = "<" if op in ("<", ">") else "<="
    strict_gt = ">" if op in ("<", ">") else ">="
    other_lt = "<=" if strict_lt == "<" else "<"
    other_gt = ">=" if strict_gt == ">" else ">"
    n1, n2 = _num(r1), _num(r2)
    inside: tuple[str, ...] = (n1, strict_lt, "x", strict_lt, n2)
    outside: tuple[str, ...] = ("x", strict_lt, n1, "or", "x", strict_gt, n2)
    if op in ("<", "<="):
        text = f"The product is negative between the roots ${latex(n1)}$ and ${latex(n2)}$ (the parabola opens upward)"
        wrong = [(outside, "wrong_region"), ((n1, other_lt, "x", other_lt, n2), "endpoint_slip"),
                 ((_num(-r2), strict_lt, "x", strict_lt, _num(-r1)), "sign_slip")]  # fmt: skip
        return _variants((inside, text, "sign_analysis"), lambda: wrong, True)
    text = f"The product is positive outside the roots ${latex(n1)}$ and ${latex(n2)}$ (the parabola opens upward)"
    wrong = [(inside, "wrong_region"), (("x", other_lt, n1, "or", "x", other_gt, n2), "endpoint_slip"),
             (("x", strict_lt, _num(-r2), "or", "x", strict_gt, _num(-r1)), "sign_slip")]  # fmt: skip
    return _variants((outside, text, "sign_analysis"), lambda: wrong, True)
