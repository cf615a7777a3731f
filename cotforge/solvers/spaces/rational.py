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
"""

from __future__ import annotations

import random
from functools import lru_cache
from dataclasses import dataclass, replace

import sympy

from cotforge.core.memo import Memo
from cotforge.domains.algebra import sympy_text
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._latex import latex

X = sympy.Symbol("x")
SAMPLES = (sympy.Rational(17, 10), sympy.Rational(31, 7), sympy.Rational(-23, 9))


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
    return sympy.sstr(_factor(_e(text)))


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
        terms.append(Frac(_t(_e(top)), _t(_e(bottom)) if bottom else "1"))
    return tuple(terms), tuple(pieces[1::2])


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
        tex = latex(machine)
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
            truth = _values(state_text(state.terms, state.ops))
            return tuple(move for move, wrong in self._options(state) if wrong and _values(move.step.state) not in (truth, None))

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
            prod = lambda n, d: Frac(_t(_factor(_e(n))), _t(_factor(_e(d))))  # noqa: E731
            text = "Multiply the numerators and the denominators"
            add((prod(f"({a.num})*({b.num})", f"({a.den})*({b.den})"),) + terms[2:], ops[1:], text, "multiply")
            if not slips:
                return out
            add((prod(f"({a.num})*({b.den})", f"({a.den})*({b.num})"),) + terms[2:], ops[1:], text, "multiply", "cross_multiply")
            add((prod(f"({a.num})", f"({a.den})*({b.den})"),) + terms[2:], ops[1:], text, "multiply", "dropped_factor")
            flipped = _t(_sign_flipped(_factor(_e(f"({a.num})*({b.num})")), _e(f"({a.den})*({b.den})")))  # a sign lost multiplying out
            add((prod(flipped, f"({a.den})*({b.den})"),) + terms[2:], ops[1:], text, "multiply", "sign_slip")
            return out
        if ops:
            a, b, op = terms[0], terms[1], ops[0]
            sign = 1 if op == "+" else -1
            if a.den != b.den:
                lcd = _factor(sympy.lcm(_e(a.den), _e(b.den)))
                factors = [sympy.cancel(lcd / _e(f.den)) for f in (a, b)]
                scaled = tuple(Frac(_t(_factor(_e(f.num) * k)), _t(lcd)) for f, k in zip((a, b), factors))
                text = f"Rewrite both fractions over the common denominator ${latex(_t(lcd))}$"
                add(scaled + terms[2:], ops, text, "common_denominator")
                if not slips:
                    return out
                unscaled = tuple(Frac(f.num, _t(lcd)) for f in (a, b))
                add(unscaled + terms[2:], ops, text, "common_denominator", "distribution_error")
                if all(k != 1 for k in factors) or len(set(factors)) > 1:  # each top times its own bottom's factor
                    own = tuple(Frac(_t(_factor(_e(f.num) * (sympy.cancel(lcd / k) if k != 1 else 1))), _t(lcd)) for f, k in zip((a, b), factors))
                    add(own + terms[2:], ops, text, "common_denominator", "wrong_scale")
                bumped = (scaled[0], Frac(_t(_factor(_e(b.num) * _miscopied(factors[1]))), _t(lcd)))
                add(bumped + terms[2:], ops, text, "common_denominator", "arithmetic_slip")
                straight = Frac(_t(sympy.expand(_e(a.num) + sign * _e(b.num))), _t(sympy.expand(_e(a.den) + _e(b.den))))
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
                    for bad, kind in _expansion_slips(_e((a, b)[j].num)):
                        add(tuple(Frac(_t(bad), f.den) if n == j else f for n, f in enumerate(expanded)) + terms[2:], ops, text, "expand", kind)
                return out
            top_b = sympy.expand(_e(b.num))
            text = "Combine the numerators over the common denominator"
            add((Frac(_t(_factor(sympy.expand(_e(a.num) + sign * top_b))), a.den),) + terms[2:], ops[1:], text, "combine")
            if not slips:
                return out
            if op == "-" and top_b.is_Add:
                first, rest = top_b.args[0], sympy.Add(*top_b.args[1:])
                add((Frac(_t(_factor(sympy.expand(_e(a.num) - first + rest))), a.den),) + terms[2:], ops[1:], text, "combine", "sign_slip")
            else:
                add((Frac(_t(_factor(sympy.expand(_e(a.num) - sign * top_b))), a.den),) + terms[2:], ops[1:], text, "combine", "sign_slip")
            combined = sympy.expand(_e(a.num) + sign * top_b)
            for miscopied in _miscopies(_factor(combined)):
                add((Frac(_t(miscopied), a.den),) + terms[2:], ops[1:], text, "combine", "arithmetic_slip")
            if combined.is_Add and sympy.Poly(combined, X).LC() < 0:  # -5x + 60 = -5(x - 12) written 5(x - 12)
                add((Frac(_t(_factor(-combined)), a.den),) + terms[2:], ops[1:], text, "combine", "factor_sign_slip")
            add((Frac(_t(_factor(sympy.expand(_e(a.num) + sign * top_b))), _t(_factor(2 * _e(a.den)))),) + terms[2:], ops[1:], text, "combine", "denominators_added")
            # the tops as they were before rewriting over the common denominator added instead (a/b + c/d as (a + c)/(bd))
            unscaled = sympy.expand(_own_top(a) + sign * _own_top(b))
            if unscaled != 0:
                add((Frac(_t(_factor(unscaled)), a.den),) + terms[2:], ops[1:], text, "combine", "unscaled_tops_added")
            # the common denominator cleared as if this were an equation: the numerator alone is kept
            add((Frac(_t(_factor(combined)), "1"),) + terms[2:], ops[1:], text, "combine", "cleared_denominator")
            return out
        f = terms[0]
        g = sympy.gcd(_e(f.num), _e(f.den))
        num, den = _factor(sympy.cancel(_e(f.num) / g)), _factor(sympy.cancel(_e(f.den) / g))
        text = f"Cancel the common factor ${latex(_t(_factor(g)))}$"
        add((Frac(_t(num), _t(den)),), (), text, "cancel")
        if not slips:
            return out
        add((Frac(_t(num), f.den),), (), text, "cancel", "cancel_top_only")
        if _linear_bracket(num) is None and _linear_bracket(den) is not None:  # 3/(x + 11) as 3/(x - 11)
            add((Frac(_t(num), _t(_sign_flipped(den))),), (), text, "cancel", "sign_slip")
        else:
            add((Frac(_t(_sign_flipped(num)), _t(den)),), (), text, "cancel", "sign_slip")
        for miscopied in _miscopies(num):
            add((Frac(_t(miscopied), _t(den)),), (), text, "cancel", "arithmetic_slip")
        number, rest = den.as_coeff_Mul()
        if abs(number) != 1:  # the number left in the bottom lost: 4(x + 11)/3 as 4(x + 11)
            add((Frac(_t(sympy.sign(number) * num), _t(rest)),), (), text, "cancel", "dropped_factor")
        n, d = sympy.expand(_e(f.num)), sympy.expand(_e(f.den))
        shared = set(sympy.Add.make_args(n)) & set(sympy.Add.make_args(d)) if n.is_Add and d.is_Add else set()
        if shared:
            term = sorted(shared, key=str)[0]
            add((Frac(_t(_factor(n - term)), _t(_factor(d - term))),), (), f"Cancel ${latex(_t(term))}$ from the top and the bottom", "cancel", "term_cancel_slip")
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
    return _t(sympy.expand(_e(text)))


def _expansion_slips(top: sympy.Expr) -> list[tuple[sympy.Expr, str]]:
    """A number times a bracket multiplied out wrong, as (the top miswritten, kind): the number times the
    first term only (``distribution_error``: 3(x + 7) as 3x + 7), the constant's sign lost (``sign_slip``:
    -2(x - 12) as -2x - 24), the constant's product miscounted one larger in size (``arithmetic_slip``:
    3(x + 7) as 3x + 22), the number added to the constant instead of multiplied (``wrong_operation``: 3(x + 7)
    as 3x + 10). None for a top of another shape."""
    number, rest = _factor(top).as_coeff_Mul()
    if not (rest.is_Add and sympy.Poly(rest, X).degree() == 1):
        return []
    slope, constant = rest.coeff(X), rest.subs(X, 0)
    if constant == 0:
        return []
    right = number * constant
    away = 1 if right > 0 else -1
    out = [(number * slope * X - right, "sign_slip"), (number * slope * X + right + away, "arithmetic_slip"),
           (number * slope * X + number + constant, "wrong_operation")]
    if number != 1:
        out.insert(0, (number * slope * X + constant, "distribution_error"))
    seen = {sympy.expand(top)}
    kept = []
    for bad, kind in out:  # each a different top, none the right one (-1(x - 2): the sum and the product agree)
        if sympy.expand(bad) not in seen:
            seen.add(sympy.expand(bad))
            kept.append((sympy.expand(bad), kind))
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
    polys = {key: _poly_roots(getattr(terms[key[0]], key[1]))[0] for key in parts}
    roots = {key: _poly_roots(getattr(terms[key[0]], key[1]))[1] for key in parts}
    out: list[tuple[int, str, str, str]] = []
    for key in parts:
        text, poly, own = getattr(terms[key[0]], key[1]), polys[key], roots[key]
        if _factor_text(text) == text or not all(r.is_Rational for r in own):
            continue
        lead = poly.LC()
        if len(own) == 1 and lead != 1 and poly.nth(0) != 0:
            out.append((*key, _t(_factor(lead * (X + poly.nth(0)))), "factor_out_slip"))
            number, bracket = _factor(poly.as_expr()).as_coeff_Mul()  # slips in the number taken out keep the bracket to cancel
            away = 1 if number > 0 else -1
            for bad, kind in ((number + away, "arithmetic_slip"), (-number, "sign_slip"), (away, "dropped_factor")):
                if bad != number and (kind != "arithmetic_slip" or abs(number) != 1):
                    out.append((*key, _t(_factor(bad * bracket)), kind))  # factored: 3*(x - 3), not 3*x - 9
        elif len(own) == 2:
            elsewhere = {r for other, rs in roots.items() if other != key for r in rs}
            r = next((r for r in own if r not in elsewhere), own[0])
            rest = list(own)
            rest.remove(r)
            s = rest[0]
            taken = {0, *own, *elsewhere}
            away = 1 if r > 0 else -1  # one more in size first, as the bracket's number is miscounted
            nudged = next(r + d for d in (away, 2 * away, -away, -2 * away, 3 * away) if r + d not in taken)
            for bad, kind in ((lead * (X + r) * (X - s), "wrong_factor"), (lead * (X - nudged) * (X - s), "arithmetic_slip"),
                              (lead * (X + r) * (X + s) if r + s else lead * (X - r) ** 2, "sign_slip")):  # x² - 144 as (x - 12)²
                out.append((*key, _t(_factor(bad)), kind))
            if abs(lead) != 1:  # the common number not taken out first, and then lost: 3x² + 57x + 270 as (x + 9)(x + 10)
                out.append((*key, _t(sympy.Mul(sympy.sign(lead), X - r, X - s)), "dropped_factor"))
    return out


@lru_cache(maxsize=8192)
def _poly_roots(text: str) -> tuple[sympy.Poly, list[sympy.Expr]]:
    """A part's polynomial in x and its roots with multiplicity (none for a constant); both factoring steps ask."""
    poly = sympy.Poly(_e(text), X)
    return poly, sympy.roots(poly, multiple=True) if poly.degree() > 0 else []


def _own_top(f: Frac) -> sympy.Expr:
    """The numerator of ``f`` in lowest terms: a fraction's top before it was scaled to the common denominator
    (the posed fractions added are in lowest terms)."""
    return sympy.expand(sympy.fraction(sympy.cancel(_e(f.num) / _e(f.den)))[0])


def _linear_bracket(expr: sympy.Expr, avoid: sympy.Expr = sympy.S.One) -> sympy.Expr | None:
    """The first bracket a·x + c of a factored ``expr`` (a factor or the base of a power) that is not a factor
    of ``avoid`` (where there is one), or None."""
    brackets = [f.base if f.is_Pow else f for f in sympy.Mul.make_args(expr)]
    brackets = [b for b in brackets if b.is_Add and sympy.Poly(b, X).degree() == 1]
    return next((b for b in brackets if sympy.rem(avoid, b, X) != 0), brackets[0] if brackets else None)


def _miscopied(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` (factored) with one number miscopied one larger in size: the constant of its first bracket
    ((x + 10) as (x + 11), (x - 7) as (x - 8)) where it has one, else the whole (5 as 6, -3 as -4)."""
    base = _linear_bracket(expr)
    if base is None:
        return _factor(sympy.expand(expr + (1 if sympy.Poly(expr, X).LC() > 0 else -1)))
    c, a = base.subs(X, 0), base.coeff(X)
    away = 1 if c >= 0 else -1
    step = next((d for d in (away, 2 * away, 3 * away, -away) if sympy.gcd(a, c + d) == sympy.gcd(a, c)), away)  # no new common factor
    return _factor(expr.xreplace({base: base + step}))


def _miscopies(expr: sympy.Expr) -> list[sympy.Expr]:
    """The ways a number of ``expr`` (factored) is miscopied one larger in size: a bracket's constant
    (``_miscopied``), and the number in front where there is one (5(x - 12) as 6(x - 12))."""
    out = [_miscopied(expr)]
    number, rest = expr.as_coeff_Mul()
    if number.is_Integer and abs(number) != 1 and rest.has(X):
        out.append(_factor(sympy.Mul(number + (1 if number > 0 else -1), rest)))
    return out


def _sign_flipped(expr: sympy.Expr, avoid: sympy.Expr = sympy.S.One) -> sympy.Expr:
    """``expr`` (factored) with the sign of a bracket's number flipped ((x + 10) as (x - 10)), a bracket that is
    not a factor of ``avoid`` where there is one; where it has no bracket with a number, negated."""
    base = _linear_bracket(expr, avoid)
    if base is None or base.subs(X, 0) == 0:
        return _factor(-expr)
    c = base.subs(X, 0)
    return _factor(expr.xreplace({base: base - 2 * c}))


@lru_cache(maxsize=8192)
def _cancelled(f: Frac) -> bool:
    """No common factor of x is left between the fraction's top and bottom."""
    return sympy.Poly(_e(f.num), X).gcd(sympy.Poly(_e(f.den), X)).degree() == 0 if f.den != "1" else True


@lru_cache(maxsize=8192)
def _values(text: str) -> tuple | None:
    try:
        expr = _e(text)
        return tuple(round(float(expr.xreplace({X: p})), 9) for p in SAMPLES)  # exact, as subs gives, and cheaper
    except (TypeError, ValueError, ZeroDivisionError):
        return None


SPACES.register("rational", RationalSpace)
