"""Simplifying rational expressions: factor, flip a divisor, multiply, common denominator, combine, cancel.

A state is a short list of fractions joined by + - × ÷, each numerator and
denominator kept as machine text. Every move keeps the value (where defined).
Wrong moves on request, at every step: a bracket factored wrong (a sign, a number one off, both signs)
or a coefficient taken out without dividing the constant; the wrong fraction flipped; tops multiplied
crosswise; numerators left unscaled, scaled by one too many, or each by its own bottom's factor; a minus
sign applied to the first term of a numerator only, or lost taking out a negative factor; denominators
added; the tops as they were before scaling added over the common denominator; a number miscopied or a
sign flipped in what is left after cancelling; the top only cancelled; a term cancelled instead of a factor.
Each is checked numerically to change the value, and the space's sound moves carry it on to a wrong final answer.

The numerators and denominators are polynomials in x: each text is read once into python-flint's ``fmpq_poly``
(``domains.rational_poly.read_poly``), the moves factor, cancel, multiply and add those, and the results are written as
``sympy.sstr`` of ``sympy.factor`` (or ``expand``) writes them (``factored_text``, ``expanded_text``). sympy parses
only the posed text (``_split``) and steps in wherever the fast writers are not sure.
"""

from __future__ import annotations

import math
import random
from functools import lru_cache
from dataclasses import dataclass, replace

import sympy
from flint import fmpq, fmpq_poly

from cotforge.core.memo import Memo
from cotforge.domains.algebra import sympy_text
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.domains.latex import formula, render
from cotforge.solvers.spaces._latex import latex
from cotforge.domains.rational_poly import (
    bracket_poly, brackets, coeff_and_rest, coefficients, expanded_text, factor_form, factored_text, first_term,
    is_integer, lead, read_poly, term_count, term_text)

X = sympy.Symbol("x")
SAMPLES = (sympy.Rational(17, 10), sympy.Rational(31, 7), sympy.Rational(-23, 9))
POINTS = tuple(fmpq(int(s.p), int(s.q)) for s in SAMPLES)
XP = fmpq_poly([0, 1])


@dataclass(frozen=True, slots=True)
class Frac:
    num: str
    den: str


@dataclass(frozen=True, slots=True)
class RationalState:
    terms: tuple[Frac, ...]
    ops: tuple[str, ...]
    slipped: bool = False


@lru_cache(maxsize=8192)
def _e(text: str) -> sympy.Expr:
    return sympy_text(text, {"x": X})


_MEMO_MAX = 20_000
_OPTIONS: Memo[RationalState, list[tuple[Move, bool]]] = Memo(_MEMO_MAX)
"""state -> its sound and wrong moves (a pure function of the state: the search and the negatives' fresh spaces meet
the same states)."""
_SOUND: Memo[RationalState, tuple[Move, ...]] = Memo(_MEMO_MAX)
"""slipped state -> its sound move (a negative's continuation asks for nothing else)."""
_WRONG: Memo[RationalState, tuple[Move, ...]] = Memo(_MEMO_MAX)
"""state -> its wrong moves that change the value, in the order built (shuffled per request)."""


_factor = lru_cache(maxsize=8192)(sympy.factor)
"""sympy's ``factor``, once per expression: a state's fractions are factored again by its moves and their slips."""


@lru_cache(maxsize=8192)
def _factor_text(text: str) -> str:
    return _factored(_poly(text))


@lru_cache(maxsize=8192)
def _poly(text: str) -> fmpq_poly:
    """A numerator's or denominator's polynomial: read by ``read_poly``, or from sympy's parse where it declines."""
    p = read_poly(text)
    return p if p is not None else _from_expr(_e(text))


def _from_expr(expr: sympy.Expr) -> fmpq_poly:
    return fmpq_poly([fmpq(int(c.p), int(c.q)) for c in reversed(sympy.Poly(expr, X).all_coeffs())])


def _expr(p: fmpq_poly) -> sympy.Expr:
    return sympy.Poly.from_list([sympy.Rational(int(c.p), int(c.q)) for c in reversed(p.coeffs())] or [0], X).as_expr()


def _factored(p: fmpq_poly) -> str:
    """``sympy.sstr(sympy.factor(.))`` of the polynomial: written by ``factored_text``, or by sympy where it is not sure."""
    text = factored_text(p)
    return text if text is not None else sympy.sstr(_factor(_expr(p)))


def _expanded(p: fmpq_poly) -> str:
    """``sympy.sstr(sympy.expand(.))`` of the polynomial."""
    text = expanded_text(p)
    return text if text is not None else sympy.sstr(_expr(p))


def _gcd(p: fmpq_poly, q: fmpq_poly) -> fmpq_poly:
    """``sympy.gcd``: over the integers the contents' gcd times the primitive gcd, leading coefficient positive (as
    flint's ``fmpz_poly.gcd``); sympy's own otherwise."""
    if is_integer(p) and is_integer(q):
        return fmpq_poly(p.numer().gcd(q.numer()))
    return _from_expr(sympy.gcd(_expr(p), _expr(q)))


def _lcm(p: fmpq_poly, q: fmpq_poly) -> fmpq_poly:
    """``sympy.lcm``: over the integers the contents' lcm times the primitive lcm, leading coefficient positive;
    sympy's own otherwise."""
    if is_integer(p) and is_integer(q) and p != 0 and q != 0:
        a, b = p.numer(), q.numer()
        ca, cb = a.content(), b.content()
        a, b = a // ca, b // cb
        h = a * b // a.gcd(b)
        return fmpq_poly(h if h[h.degree()] > 0 else -h) * math.lcm(int(ca), int(cb))
    return _from_expr(sympy.lcm(_expr(p), _expr(q)))


@lru_cache(maxsize=8192)
def _t(expr: sympy.Expr) -> str:
    return sympy.sstr(expr)


def state_text(terms: tuple[Frac, ...], ops: tuple[str, ...]) -> str:
    parts = []
    for i, f in enumerate(terms):
        piece = (f"({f.num})" if ops else f.num) if f.den == "1" else f"({f.num})/({f.den})"
        piece = f"({piece})" if ops and f.den != "1" else piece  # "(a/b) / (c/d)" keeps each fraction whole
        parts.append(piece if i == 0 else f" {ops[i - 1]} {piece}")
    return "".join(parts)


_SUMS = ("+", "-")
_PRODUCTS = ("*", "/", "×", "÷", "·")


def state_latex(terms: tuple[Frac, ...], ops: tuple[str, ...]) -> str:
    """``latex(state_text(terms, ops))``, from the remembered trees of the numerators and denominators: the tree the
    reader builds for the state's text is each fraction's tree (bracketed where ``state_text`` brackets it) joined
    by the operations, products before sums, left to right. A move's fractions recur across a record's moves, so
    each is read once. The whole text goes to ``latex`` where a piece is outside the reader or an operation is not
    one of its own."""
    pieces = []
    for f in terms:
        num = formula(f.num)
        den = None if f.den == "1" else formula(f.den)
        if num is None or (den is None and f.den != "1"):
            return latex(state_text(terms, ops))
        node = num if den is None else ("bin", "/", ("paren", num), ("paren", den))
        pieces.append(("paren", node) if ops else node)
    products, joins = [pieces[0]], []
    for op, node in zip(ops, pieces[1:]):
        if op in _PRODUCTS:
            products[-1] = ("bin", op, products[-1], node)
        elif op in _SUMS:
            products.append(node)
            joins.append(op)
        else:
            return latex(state_text(terms, ops))
    tree = products[0]
    for op, node in zip(joins, products[1:]):
        tree = ("bin", op, tree, node)
    return render(tree)


def _top_level(text: str, separators: tuple[str, ...]) -> list[str]:
    """Split at separators outside brackets, keeping the separators as their own items."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(text):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        sep = next((s for s in separators if depth == 0 and text.startswith(s, i)), None)
        if sep:
            out += [text[start:i].strip(), sep.strip()]
            i += len(sep)
            start = i
            continue
        i += 1
    return out + [text[start:].strip()]


def _balanced(text: str) -> bool:
    """True when no bracket closes before it opens (so stripping an outer pair was right)."""
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _split(text: str) -> tuple[tuple[Frac, ...], tuple[str, ...]]:
    """Fractions of the posed text: top-level "(a)/(b)" or "k/(b)" pieces joined by + - * /."""
    pieces = _top_level(text, (" + ", " - ", " * ", " / "))
    terms = []
    for piece in pieces[::2]:
        while piece.startswith("(") and piece.endswith(")") and len(_top_level(piece[1:-1], (")(",))) == 1 and _balanced(piece[1:-1]):
            piece = piece[1:-1]
        parts = _top_level(piece, ("/",))
        top, bottom = parts[0], parts[2] if len(parts) > 1 else ""
        terms.append(Frac(_posed_part(top), _posed_part(bottom) if bottom else "1"))
    return tuple(terms), tuple(pieces[1::2])


def _posed_part(text: str) -> str:
    """A posed numerator or denominator as sympy prints its parse: a polynomial already written multiplied out as
    sympy writes it (the generator's are) reads back the same; any other text goes through sympy."""
    p = read_poly(text)
    written = expanded_text(p) if p is not None else None
    return written if written is not None and text in (written, f"({written})") else _t(_e(text))


class RationalSpace(Space[RationalState]):
    """Step-by-step simplification of one rational expression in x."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.text = problem.data()["expression"]

    def root(self) -> RationalState:
        return RationalState(*_split(self.text))

    def _cancelled(self, f: Frac) -> bool:
        return _cancelled(f)

    def is_terminal(self, state: RationalState) -> bool:
        return len(state.terms) == 1 and self._cancelled(state.terms[0]) and self._factored(state.terms[0])

    def _factored(self, f: Frac) -> bool:
        return all(_factor_text(t) == t for t in (f.num, f.den))

    def answer(self, state: RationalState) -> str | None:
        if not self.is_terminal(state):
            return None
        f = state.terms[0]
        return answer_latex(f.num if f.den == "1" else f"({f.num})/({f.den})", "simplified")

    def heuristic(self, state: RationalState) -> float:
        return float(2 * len(state.ops) + (not all(self._factored(f) for f in state.terms)) + (len(state.terms) == 1 and not self._cancelled(state.terms[0])))

    def _move(self, state: RationalState, terms: tuple[Frac, ...], ops: tuple[str, ...], text: str, kind: str, wrong: str = "") -> Move:
        machine = state_text(terms, ops)
        tex = state_latex(terms, ops)
        step = Step(f"{text}: ${tex}$", machine, kind, intended_wrong=bool(wrong), latex=tex, error_kind=wrong)
        return Move(step, RationalState(terms, ops, state.slipped or bool(wrong)))

    def propose(self, state: RationalState, k: int) -> list[Move]:
        if state.slipped:  # a negative's continuation: no wrong move is asked of it, so none is built
            return list(_SOUND.remember(state, lambda: tuple(m for m, _ in self._uncached_options(state, slips=False)))[:1])
        return [m for m, wrong in self._options(state) if not wrong][:1]

    def propose_wrong(self, state: RationalState, k: int, rng: random.Random) -> list[Move]:
        if state.slipped or self.is_terminal(state):
            return []
        def wrong_moves() -> tuple[Move, ...]:
            truth = _values(state.terms, state.ops)
            return tuple(move for move, wrong in self._options(state) if wrong and _values(move.next_state.terms, move.next_state.ops) not in (truth, None))

        kept = list(_WRONG.remember(state, wrong_moves))
        rng.shuffle(kept)
        return kept[:k]

    def _options(self, state: RationalState) -> list[tuple[Move, bool]]:
        """Sound and wrong moves of ``state``, built once (propose and propose_wrong both ask)."""
        return _OPTIONS.remember(state, lambda: self._uncached_options(state))

    def _uncached_options(self, state: RationalState, slips: bool = True) -> list[tuple[Move, bool]]:
        """The sound move and plausible wrong ones (flagged True); the sound move alone without ``slips``."""
        terms, ops = state.terms, state.ops
        out: list[tuple[Move, bool]] = []

        def add(new_terms: tuple[Frac, ...], new_ops: tuple[str, ...], text: str, kind: str, wrong: str = "") -> None:
            out.append((self._move(state, new_terms, new_ops, text, kind, wrong), bool(wrong)))

        ready = len(terms) > 1 and ops[0] in "+-" and terms[0].den == terms[1].den  # over one denominator: multiply out, add
        unfactored = [(i, part) for i, f in enumerate(terms) for part in ("num", "den") if _factor_text(getattr(f, part)) != getattr(f, part)]
        if unfactored and not ready:  # the numerators first, then the denominators: two steps, each with its own slips
            part = "num" if any(p == "num" for _, p in unfactored) else "den"
            now = [i for i, p in unfactored if p == part]
            factored = tuple(replace(f, **{part: _factor_text(getattr(f, part))}) if i in now else f for i, f in enumerate(terms))
            text = _factor_wording(part, now, len(terms))
            add(factored, ops, text, "factor")
            if not slips:
                return out
            for i, which, bad, kind in _factor_slips(terms):
                if which == part and i in now:
                    changed = tuple(replace(g, **{part: bad}) if n == i else g for n, g in enumerate(factored))
                    add(changed, ops, text, "factor", kind)
            return out
        if "/" in ops:
            i = ops.index("/")
            times = ops[:i] + ("*",) + ops[i + 1 :]
            text = "Dividing by a fraction is multiplying by its reciprocal"
            flip = lambda j: terms[:j] + (Frac(terms[j].den, terms[j].num),) + terms[j + 1 :]  # noqa: E731
            add(flip(i + 1), times, text, "reciprocal")
            if not slips:
                return out
            add(flip(i), times, text, "reciprocal", "reciprocal_slip")
            add(terms, times, text, "reciprocal", "no_flip")
            add(flip(i + 1)[:i] + (Frac(terms[i].den, terms[i].num),) + flip(i + 1)[i + 1 :], times, text, "reciprocal", "both_flipped")
            return out
        if "*" in ops:
            a, b = terms[0], terms[1]
            an, ad, bn, bd = (_poly(t) for t in (a.num, a.den, b.num, b.den))
            prod = lambda n, d: Frac(_factored(n), _factored(d))  # noqa: E731
            text = "Multiply the numerators and the denominators"
            add((prod(an * bn, ad * bd),) + terms[2:], ops[1:], text, "multiply")
            if not slips:
                return out
            add((prod(an * bd, ad * bn),) + terms[2:], ops[1:], text, "multiply", "cross_multiply")
            add((prod(an, ad * bd),) + terms[2:], ops[1:], text, "multiply", "dropped_factor")
            flipped = _sign_flipped(an * bn, ad * bd)  # a sign lost multiplying out
            add((prod(flipped, ad * bd),) + terms[2:], ops[1:], text, "multiply", "sign_slip")
            return out
        if ops:
            a, b, op = terms[0], terms[1], ops[0]
            sign = 1 if op == "+" else -1
            an, ad, bn, bd = (_poly(t) for t in (a.num, a.den, b.num, b.den))
            if a.den != b.den:
                lcd = _lcm(ad, bd)
                factors = [lcd / d for d in (ad, bd)]
                lcd_text = _factored(lcd)
                scaled = tuple(Frac(_factored(n * k), lcd_text) for n, k in zip((an, bn), factors))
                text = f"Rewrite both fractions over the common denominator ${latex(lcd_text)}$"
                add(scaled + terms[2:], ops, text, "common_denominator")
                if not slips:
                    return out
                unscaled = tuple(Frac(f.num, lcd_text) for f in (a, b))
                add(unscaled + terms[2:], ops, text, "common_denominator", "distribution_error")
                if all(k != 1 for k in factors) or factors[0] != factors[1]:  # each top times its own bottom's factor
                    own = tuple(Frac(_factored(n * (lcd / k if k != 1 else 1)), lcd_text) for n, k in zip((an, bn), factors))
                    add(own + terms[2:], ops, text, "common_denominator", "wrong_scale")
                k = factors[1]  # sympy.cancel gave it multiplied out: a sum is its one bracket
                bumped = (scaled[0], Frac(_factored(bn * _miscopied(k, [k] if term_count(k) > 1 else [])), lcd_text))
                add(bumped + terms[2:], ops, text, "common_denominator", "arithmetic_slip")
                straight = Frac(_expanded(an + sign * bn), _expanded(ad + bd))
                add((straight,) + terms[2:], ops[1:], "Add the numerators and the denominators", "common_denominator", "fraction_slip")
                return out
            if any(_expanded_text(f.num) != f.num for f in (a, b)):  # the tops multiplied out before they are added
                now = [j for j, f in enumerate((a, b)) if _expanded_text(f.num) != f.num]
                text = "Multiply out the numerators" if len(now) == 2 else f"Multiply out the numerator of the {ORDINALS[now[0]]} fraction"
                expanded = tuple(Frac(_expanded_text(f.num), f.den) for f in (a, b))
                add(expanded + terms[2:], ops, text, "expand")
                if not slips:
                    return out
                for j in now:
                    for wrong_top, kind in _expansion_slips((an, bn)[j]):
                        add(tuple(Frac(_expanded(wrong_top), f.den) if n == j else f for n, f in enumerate(expanded)) + terms[2:], ops, text, "expand", kind)
                return out
            text = "Combine the numerators over the common denominator"
            combined = an + sign * bn
            add((Frac(_factored(combined), a.den),) + terms[2:], ops[1:], text, "combine")
            if not slips:
                return out
            if op == "-" and term_count(bn) > 1:  # the minus applied to the top's first term only (as sympy keeps the sum)
                first = first_term(bn)
                add((Frac(_factored(an - first + (bn - first)), a.den),) + terms[2:], ops[1:], text, "combine", "sign_slip")
            else:
                add((Frac(_factored(an - sign * bn), a.den),) + terms[2:], ops[1:], text, "combine", "sign_slip")
            for miscopied in _miscopies(combined):
                add((Frac(_factored(miscopied), a.den),) + terms[2:], ops[1:], text, "combine", "arithmetic_slip")
            if term_count(combined) > 1 and lead(combined) < 0:  # -5x + 60 = -5(x - 12) written 5(x - 12)
                add((Frac(_factored(-combined), a.den),) + terms[2:], ops[1:], text, "combine", "factor_sign_slip")
            add((Frac(_factored(combined), _factored(2 * ad)),) + terms[2:], ops[1:], text, "combine", "denominators_added")
            # the tops as they were before rewriting over the common denominator added instead (a/b + c/d as (a + c)/(bd))
            own_tops = _own_top(a) + sign * _own_top(b)
            if own_tops != 0:
                add((Frac(_factored(own_tops), a.den),) + terms[2:], ops[1:], text, "combine", "unscaled_tops_added")
            # the common denominator cleared as if this were an equation: the numerator alone is kept
            add((Frac(_factored(combined), "1"),) + terms[2:], ops[1:], text, "combine", "cleared_denominator")
            return out
        f = terms[0]
        n, d = _poly(f.num), _poly(f.den)
        g = _gcd(n, d)
        num, den = n / g, d / g
        num_text, den_text = _factored(num), _factored(den)
        text = f"Cancel the common factor ${latex(_factored(g))}$"
        add((Frac(num_text, den_text),), (), text, "cancel")
        if not slips:
            return out
        add((Frac(num_text, f.den),), (), text, "cancel", "cancel_top_only")
        if _linear_bracket(num) is None and _linear_bracket(den) is not None:  # 3/(x + 11) as 3/(x - 11)
            add((Frac(num_text, _factored(_sign_flipped(den))),), (), text, "cancel", "sign_slip")
        else:
            add((Frac(_factored(_sign_flipped(num)), den_text),), (), text, "cancel", "sign_slip")
        for miscopied in _miscopies(num):
            add((Frac(_factored(miscopied), den_text),), (), text, "cancel", "arithmetic_slip")
        number, rest = coeff_and_rest(factor_form(den), den)
        if abs(number) != 1:  # the number left in the bottom lost: 4(x + 11)/3 as 4(x + 11)
            add((Frac(_factored(num if number > 0 else -num), _factored(rest)),), (), text, "cancel", "dropped_factor")
        if term_count(n) > 1 and term_count(d) > 1:  # a term both sums share cancelled
            tops, bottoms = coefficients(n), coefficients(d)
            shared = [(c, j) for j, c in enumerate(tops) if c and j < len(bottoms) and bottoms[j] == c]
            if shared:
                c, j = min(shared, key=lambda t: term_text(*t))
                term = fmpq_poly([0] * j + [fmpq(c.numerator, c.denominator)])
                add((Frac(_factored(n - term), _factored(d - term)),), (), f"Cancel ${latex(term_text(c, j))}$ from the top and the bottom", "cancel", "term_cancel_slip")
        return out


ORDINALS = ("first", "second", "third", "fourth")


def _factor_wording(part: str, now: list[int], count: int) -> str:
    """The factoring step's words: the numerator(s) or the denominator(s), and of which fraction when not all."""
    name = {"num": "numerator", "den": "denominator"}[part]
    if count == 1:
        return f"Factor the {name}"
    if len(now) == count:
        return f"Factor the {name}s"
    return f"Factor the {name} of the {ORDINALS[now[0]]} fraction" if len(now) == 1 else f"Factor the {name}s that factor"


@lru_cache(maxsize=8192)
def _expanded_text(text: str) -> str:
    return _expanded(_poly(text))


def _expansion_slips(top: fmpq_poly) -> list[tuple[fmpq_poly, str]]:
    """A number times a bracket multiplied out wrong, as (the top miswritten, kind): the number times the
    first term only (``distribution_error``: 3(x + 7) as 3x + 7), the constant's sign lost (``sign_slip``:
    -2(x - 12) as -2x - 24), the constant's product miscounted one larger in size (``arithmetic_slip``:
    3(x + 7) as 3x + 22), the number added to the constant instead of multiplied (``wrong_operation``: 3(x + 7)
    as 3x + 10). None for a top of another shape."""
    number, rest = coeff_and_rest(factor_form(top), top)
    if not (term_count(rest) > 1 and rest.degree() == 1):  # the number times one bracket a·x + c
        return []
    slope, constant = rest[1], rest[0]
    right = number * constant
    away = 1 if right > 0 else -1
    out = [(number * slope * XP - right, "sign_slip"), (number * slope * XP + right + away, "arithmetic_slip"),
           (number * slope * XP + number + constant, "wrong_operation")]
    if number != 1:
        out.insert(0, (number * slope * XP + constant, "distribution_error"))
    seen = [top]
    kept = []
    for bad, kind in out:  # each a different top, none the right one (-1(x - 2): the sum and the product agree)
        if bad not in seen:
            seen.append(bad)
            kept.append((bad, kind))
    return kept


def _factor_slips(terms: tuple[Frac, ...]) -> list[tuple[int, str, str, str]]:
    """Factorings gone wrong, as (term, part, the part as miswritten, kind), for every part that factors:
    a quadratic's bracket with its sign flipped (``wrong_factor``) or its number one off (``arithmetic_slip``),
    both signs flipped (``sign_slip``: the sum's sign read wrong); a linear part's coefficient taken out
    without dividing the constant by it (``factor_out_slip``: 3x + 6 as 3(x + 6)), or the number taken out
    miscounted, its sign lost or the number lost (``arithmetic_slip``, ``sign_slip``, ``dropped_factor``:
    2x - 6 as 3(x - 3), -2(x - 3), x - 3, each keeping the bracket); a quadratic's common number
    lost (``dropped_factor``). A one-bracket slip hits
    a bracket no other part shares where there is one, so the factor a solver goes on to cancel is still
    there, as for a student who got the other bracket wrong."""
    parts = [(i, part) for i, f in enumerate(terms) for part in ("num", "den") if getattr(f, part) != "1"]
    found = {key: _poly_roots(getattr(terms[key[0]], key[1])) for key in parts}
    out: list[tuple[int, str, str, str]] = []
    for key in parts:
        text = getattr(terms[key[0]], key[1])
        poly, own, split = found[key]
        if _factor_text(text) == text or not split:
            continue
        lc = lead(poly)
        if len(own) == 1 and lc != 1 and poly[0] != 0:
            out.append((*key, _factored(lc * (XP + poly[0])), "factor_out_slip"))
            number, bracket = coeff_and_rest(factor_form(poly), poly)  # slips in the number taken out keep the bracket to cancel
            away = 1 if number > 0 else -1
            for bad, kind in ((number + away, "arithmetic_slip"), (-number, "sign_slip"), (fmpq(away), "dropped_factor")):
                if bad != number and (kind != "arithmetic_slip" or abs(number) != 1):
                    out.append((*key, _factored(bad * bracket), kind))  # factored: 3*(x - 3), not 3*x - 9
        elif len(own) == 2:
            elsewhere = {r for other, (_, rs, _) in found.items() if other != key for r in rs}
            r = next((r for r in own if r not in elsewhere), own[0])
            rest = list(own)
            rest.remove(r)
            s = rest[0]
            taken = {0, *own, *elsewhere}
            away = 1 if r > 0 else -1  # one more in size first, as the bracket's number is miscounted
            nudged = next(r + d for d in (away, 2 * away, -away, -2 * away, 3 * away) if r + d not in taken)
            for wrong, kind in ((lc * (XP + r) * (XP - s), "wrong_factor"), (lc * (XP - nudged) * (XP - s), "arithmetic_slip"),
                                (lc * (XP + r) * (XP + s) if r + s else lc * (XP - r) ** 2, "sign_slip")):  # x² - 144 as (x - 12)²
                out.append((*key, _factored(wrong), kind))
            if abs(lc) != 1:  # the common number not taken out first, and then lost: 3x² + 57x + 270 as (x + 9)(x + 10)
                out.append((*key, _dropped_number(lc, r, s), "dropped_factor"))
    return out


def _dropped_number(lc: fmpq, r: fmpq, s: fmpq) -> str:
    """sign(lc)·(x - r)(x - s) as sympy writes that product (whole roots: as it writes the factored polynomial)."""
    sign = 1 if lc > 0 else -1
    if r.q == 1 and s.q == 1:
        return _factored(sign * (XP - r) * (XP - s))
    return sympy.sstr(sympy.Mul(sign, X - sympy.Rational(int(r.p), int(r.q)), X - sympy.Rational(int(s.p), int(s.q))))


@lru_cache(maxsize=8192)
def _poly_roots(text: str) -> tuple[fmpq_poly, tuple[fmpq, ...], bool]:
    """A part's polynomial, its rational roots with multiplicity in increasing order (as ``sympy.roots`` lists
    them; none for a constant), and whether they are all its roots; both factoring steps ask."""
    p = _poly(text)
    if p.degree() < 1:
        return p, (), True
    if p.degree() > 4:  # sympy.roots need not find every root of these: ask it, as the space always did
        found = sympy.roots(sympy.Poly(_expr(p), X), multiple=True)
        return p, tuple(fmpq(int(r.p), int(r.q)) for r in found if r.is_Rational), all(r.is_Rational for r in found)
    factors = factor_form(p).factors
    roots = sorted(fmpq(-cs[0], cs[1]) for cs, k in factors if len(cs) == 2 for _ in range(k))
    return p, tuple(roots), all(len(cs) == 2 for cs, _ in factors)


def _own_top(f: Frac) -> fmpq_poly:
    """The numerator of ``f`` in lowest terms: a fraction's top before it was scaled to the common denominator
    (the posed fractions added are in lowest terms). As ``sympy.fraction(sympy.cancel(.))`` splits it: over the
    integers the top and bottom with their common factor (contents too) taken out, the bottom positive-leading."""
    n, d = _poly(f.num), _poly(f.den)
    if is_integer(n) and is_integer(d) and d != 0:
        g = n.numer().gcd(d.numer())
        top, bottom = fmpq_poly(n.numer() // g), fmpq_poly(d.numer() // g)
        if lead(bottom) < 0:
            top, bottom = -top, -bottom
        if bottom.degree() > 0 or bottom == 1:  # (a number under a sum is multiplied into it: sympy's own then)
            return top
    return _from_expr(sympy.expand(sympy.fraction(sympy.cancel(_e(f.num) / _e(f.den)))[0]))


def _linear_bracket(p: fmpq_poly, avoid: fmpq_poly | None = None) -> fmpq_poly | None:
    """The first bracket a·x + c of ``p`` factored (a factor or the base of a power, in sympy's order) that does
    not divide ``avoid`` (where there is one), or None."""
    linear = [b for b in brackets(factor_form(p)) if b.degree() == 1]
    return next((b for b in linear if avoid is None or avoid % b != 0), linear[0] if linear else None)


def _replaced(p: fmpq_poly, base: fmpq_poly, new: fmpq_poly) -> fmpq_poly:
    """The polynomial of ``factor(p).xreplace({base: new})``: ``base`` is the whole sum or one of its brackets."""
    if base == p:
        return new
    k = next(k for cs, k in factor_form(p).factors if bracket_poly(cs) == base)
    return p / base**k * new**k


def _number_gcd(a: fmpq, b: fmpq) -> object:
    """``sympy.gcd`` of two numbers."""
    if a.q == 1 and b.q == 1:
        return math.gcd(int(a.p), int(b.p))
    return sympy.gcd(sympy.Rational(int(a.p), int(a.q)), sympy.Rational(int(b.p), int(b.q)))


def _miscopied(p: fmpq_poly, sums: list[fmpq_poly] | None = None) -> fmpq_poly:
    """``p`` (factored; or multiplied out, its ``sums`` then [p] or none) with one number miscopied one larger in
    size: the constant of its first bracket ((x + 10) as (x + 11), (x - 7) as (x - 8)) where it has one, else the
    whole (5 as 6, -3 as -4)."""
    linear = [b for b in (brackets(factor_form(p)) if sums is None else sums) if b.degree() == 1]
    if not linear:
        return p + (1 if lead(p) > 0 else -1)
    base = linear[0]
    c, a = base[0], base[1]
    away = 1 if c >= 0 else -1
    step = next((d for d in (away, 2 * away, 3 * away, -away) if _number_gcd(a, c + d) == _number_gcd(a, c)), away)  # no new common factor
    return _replaced(p, base, base + step)


def _miscopies(p: fmpq_poly) -> list[fmpq_poly]:
    """The ways a number of ``p`` (factored) is miscopied one larger in size: a bracket's constant
    (``_miscopied``), and the number in front where there is one (5(x - 12) as 6(x - 12))."""
    out = [_miscopied(p)]
    number, rest = coeff_and_rest(factor_form(p), p)
    if number.q == 1 and abs(number) != 1 and rest.degree() > 0:
        out.append(rest * (number + (1 if number > 0 else -1)))
    return out


def _sign_flipped(p: fmpq_poly, avoid: fmpq_poly | None = None) -> fmpq_poly:
    """``p`` (factored) with the sign of a bracket's number flipped ((x + 10) as (x - 10)), a bracket that is
    not a factor of ``avoid`` where there is one; where it has no bracket with a number, negated."""
    base = _linear_bracket(p, avoid)
    if base is None or base[0] == 0:
        return -p
    return _replaced(p, base, base - 2 * base[0])


@lru_cache(maxsize=8192)
def _cancelled(f: Frac) -> bool:
    """No common factor of x is left between the fraction's top and bottom."""
    return _poly(f.num).gcd(_poly(f.den)).degree() == 0 if f.den != "1" else True


@lru_cache(maxsize=8192)
def _values(terms: tuple[Frac, ...], ops: tuple[str, ...]) -> tuple | None:
    """The state's value at the sample points, rounded. Exact in flint from its fractions' polynomials, × and ÷
    before + and - as its text reads: the rational sympy gets from the text, so the same float. Through sympy (the
    text) only where something divides by zero at a point."""
    out = []
    for point in POINTS:
        value = _value_at(terms, ops, point)
        if value is None:
            return _text_values(state_text(terms, ops))
        out.append(round(int(value.p) / int(value.q), 9))
    return tuple(out)


def _value_at(terms: tuple[Frac, ...], ops: tuple[str, ...], point: fmpq) -> fmpq | None:
    """The state's exact value at ``point``, or None where a bottom or a divisor is 0 there."""
    added: list[fmpq] = []  # the products between the + and - signs, signed
    for i, f in enumerate(terms):
        bottom = _poly(f.den)(point)
        if bottom == 0:
            return None
        value = _poly(f.num)(point) / bottom
        op = ops[i - 1] if i else "+"
        if op == "*":
            added[-1] *= value
        elif op == "/":
            if value == 0:
                return None
            added[-1] /= value
        else:
            added.append(value if op == "+" else -value)
    return sum(added, fmpq(0))


def _text_values(text: str) -> tuple | None:
    try:
        expr = _e(text)
        return tuple(round(float(expr.xreplace({X: p})), 9) for p in SAMPLES)  # exact, as subs gives, and cheaper
    except (TypeError, ValueError, ZeroDivisionError):
        return None


SPACES.register("rational", RationalSpace)
