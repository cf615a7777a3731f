"""Factoring a polynomial completely: common factor, trinomials, squares, cubes, grouping.

A state holds the factors that are finished and a queue of polynomials still to factor
(exact integer coefficients, highest power first); the first one in the queue may have
been rewritten (its middle term split). One method per step, in textbook order: take out
the common factor (a power of x and a minus sign included); the product–sum method for a
monic trinomial (also a trinomial in x²); split the middle term of a non-monic one, then
group; a difference of two squares (also of x⁴ − c); a perfect square; a sum or
difference of two cubes; grouping a cubic in pairs. Steps say which method and why, with
LaTeX, and every step keeps the polynomial.

Wrong moves on request (``Step.error_kind``), each stated consistently with the factors it
writes (never "the numbers are 3 and 4" followed by other factors), at every kind of step.
Taking out the common factor: it is divided out of the first term only (``wrong_distribution``);
a negative one leaves the sign of one term, or of every term after the first, as it was
(``factor_sign_slip``); a number of the bracket is copied with a digit wrong (``copy_slip``).
A product–sum, a trinomial in x² or a split middle term: a pair with the right product but the
wrong signs (``sign_slip``), or another factor pair of the product with the signs right, its sum
not checked (``pair_slip``; a split by it still groups, into the wrong brackets); the constant
term used in place of a·c when splitting (``wrong_rule``). a² − b² written as (a − b)(a − b)
(``wrong_rule``, in the words of the sound step, so the slip is in the identity and not in the
wording); a cube's middle sign flipped (``sign_slip``); a sign lost when grouping, in the second
pair's number or in the common bracket (``sign_slip``). Each is kept only if the product,
multiplied out exactly, is no longer the polynomial; ``propose_wrong`` offers first those the
sound moves carry on to a full (wrong) factorisation, one of each kind before a second.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from math import gcd

import sympy

from cotforge.core.memo import Memo
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.domains.polynomial import multiply, product_latex
from cotforge.domains.latex_answer import answer_latex
from cotforge.solvers.spaces._expand_read import read_polynomial
from cotforge.solvers.spaces._factor_numbers import _misread, _near_pair, _pair, _root
from cotforge.solvers.spaces._factor_text import factor_latex, is_monomial, poly_latex, state_forms

X = sympy.Symbol("x")
Coeffs = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class FactorState:
    done: tuple[Coeffs, ...]
    """Finished factors: a number ``(3,)``, a power of x ``(1, 0, 0)``, or a bracket ``(1, -2)``."""
    work: tuple[Coeffs, ...]
    """Polynomials still to factor, highest power first; the first is worked on next."""
    split: tuple[int, int] | None = None
    """The first work polynomial's middle term, split into these two coefficients."""
    started: bool = False
    slipped: bool = False


_MEMO_MAX = 20_000
_SOUND: Memo[FactorState, tuple[Move, ...]] = Memo(_MEMO_MAX)
"""state -> its sound moves, written out. Moves are a pure function of the state, and the search, the continued
negatives' fresh spaces and the step checks meet the same states many times (issue 21)."""
_WRONG: Memo[FactorState, tuple[tuple[Move, bool], ...]] = Memo(_MEMO_MAX)
"""state -> its wrong moves that change the product, in the order built, each with whether the sound moves carry it
on to a full factorisation (shuffled per request)."""
_NEXT: Memo[FactorState, FactorState | None] = Memo(_MEMO_MAX)
"""state -> the state its first sound move leads to (None: no sound move), for walks that need the states only."""


def _tex(coeffs: Coeffs | list[int]) -> str:
    """The LaTeX of a polynomial, as ``domains.latex`` writes its machine text."""
    return poly_latex(tuple(coeffs))


def _btex(coeffs: Coeffs | list[int]) -> str:
    """The LaTeX of a polynomial in brackets."""
    return rf"\left({poly_latex(tuple(coeffs))}\right)"


@dataclass(frozen=True, slots=True)
class _Plan:
    """A move before it is written out: the state it leads to, and its words with ``{whole}`` for that state's LaTeX.
    Walks that need only the states (the generator's step count, the wrong moves' look-ahead) never write one."""

    state: FactorState
    text: str
    kind: str
    error_kind: str = ""


def _write(plan: _Plan) -> Move:
    """The move a plan is: its step's text, the new state's machine text and LaTeX (written from its coefficients)."""
    new = plan.state
    machine, whole = state_forms(new.done, new.work, new.split)
    step = Step(plan.text.replace("{whole}", f"${whole}$"), machine, plan.kind, intended_wrong=bool(plan.error_kind), latex=whole,
                error_kind=plan.error_kind)
    return Move(step, new)


def _value(state: FactorState) -> list[int]:
    """The product the state writes, as coefficients (exact, no sympy)."""
    total = [1]
    for i, f in enumerate(state.done + state.work):
        if i == len(state.done) and state.split is not None:  # the middle term as split, which a slip may have changed
            f = (f[0], sum(state.split), f[2])
        total = multiply(total, list(f))
    return total


def _final(f: Coeffs) -> bool:
    """A linear factor, or a quadratic with no rational roots (its discriminant is not a square)."""
    if len(f) == 2:
        return True
    if len(f) == 3:
        disc = f[1] * f[1] - 4 * f[0] * f[2]
        return _root(disc) is None
    return False


def state_text(state: FactorState) -> str:
    """The machine text of a state (what its step writes as ``Step.state``)."""
    return state_forms(state.done, state.work, state.split)[0]


def _ordered(factors: tuple[Coeffs, ...]) -> tuple[Coeffs, ...]:
    """Numbers first, then powers of x, then brackets (as the answer is written)."""
    return tuple(sorted(factors, key=lambda f: 0 if len(f) == 1 else 1 if is_monomial(f) else 2))


class FactoringSpace(Space[FactorState]):
    """Complete factorisation of one polynomial with integer coefficients."""

    def __init__(self, problem: Problem, coeffs: Coeffs | None = None) -> None:
        """``coeffs``: the expression's coefficients, highest power first, from a caller that wrote the expression from
        them (the generator's step count over its drafts); the expression is read otherwise."""
        super().__init__(problem)
        if coeffs is not None:
            self.coeffs: Coeffs = coeffs
            return
        text = problem.data()["expression"]
        exact = read_polynomial(text)  # the generator's own text, read without sympy's parser where it can be
        self.coeffs = exact if exact is not None else tuple(
            int(c) for c in sympy.Poly(sympy.sympify(text, locals={"x": X}), X).all_coeffs())

    def root(self) -> FactorState:
        return FactorState((), (self.coeffs,))

    def is_terminal(self, state: FactorState) -> bool:
        return not state.work

    def answer(self, state: FactorState) -> str | None:
        if state.work:
            return None
        machine, whole = state_forms(state.done, state.work, state.split)
        return whole or answer_latex(machine, "factored")  # the answer's LaTeX is the state's (``answer_latex`` raises on none)

    def heuristic(self, state: FactorState) -> float:
        return float(sum(len(w) - 2 for w in state.work) + (not state.started))

    def _move(self, state: FactorState, done: tuple[Coeffs, ...], work: tuple[Coeffs, ...], text: str, kind: str,
              split: tuple[int, int] | None = None, error_kind: str = "") -> _Plan:
        final = [_final(w) and not (split is not None and i == 0) for i, w in enumerate(work)]
        finished = tuple(w for w, f in zip(work, final) if f)
        pending = tuple(w for w, f in zip(work, final) if not f)
        new = FactorState(_ordered(done + finished), pending, split, True, state.slipped or bool(error_kind))
        return _Plan(new, text, kind, error_kind)

    def propose(self, state: FactorState, k: int) -> list[Move]:
        sound = _SOUND.remember(state, lambda: tuple(_write(p) for p in self._moves(state, "") if not p.error_kind))
        return list(sound[:k])

    def steps_to_finish(self, limit: int) -> int | None:
        """How many steps the sound moves take from the root to a full factorisation (the first move each time, as
        ``propose(state, 1)`` gives it), or None if they stop short or take more than ``limit``: a generator's level
        check, which needs the states only, so no move is written out."""
        state, n = self.root(), 0
        while state.work and n < limit:
            after = self._next(state)
            if after is None:
                return None
            state, n = after, n + 1
        return None if state.work else n

    def _next(self, state: FactorState) -> FactorState | None:
        """The state the first sound move leads to, None where there is none (the move is not written out)."""
        return _NEXT.remember(state, lambda: next((p.state for p in self._moves(state, "") if not p.error_kind), None))

    def propose_wrong(self, state: FactorState, k: int, rng: random.Random) -> list[Move]:
        """Up to ``k`` wrong moves, one of each kind first (shuffled), those a solver can go on from first."""
        if state.slipped or not state.work:
            return []
        kept = list(_WRONG.remember(state, lambda: self._wrong(state)))
        rng.shuffle(kept)
        on = [m for m, goes_on in kept if goes_on]
        return (_kinds_first(on) + _kinds_first([m for m, goes_on in kept if not goes_on]))[:k]

    def _wrong(self, state: FactorState) -> tuple[tuple[Move, bool], ...]:
        """The wrong moves that change the product, in the order built, each with ``_goes_on`` of its state (the same
        for equal moves, so splitting on it is the split by membership it replaces)."""
        truth = _value(state)
        kept = [p for kind in SLIPS for p in self._moves(state, kind) if p.error_kind and _value(p.state) != truth]
        return tuple((_write(p), self._goes_on(p.state)) for p in kept)

    def _goes_on(self, state: FactorState) -> bool:
        """Whether the sound moves carry ``state`` to a full factorisation (a wrong state often cannot factor)."""
        for _ in range(8):
            if not state.work:
                return True
            after = self._next(state)
            if after is None:
                return False
            state = after
        return False

    def _moves(self, state: FactorState, slip: str) -> list[_Plan]:
        if not state.work:
            return []
        work = state.work[0]
        if not state.started:
            g = gcd(*work) * (-1 if work[0] < 0 else 1)
            power = next(i for i, c in enumerate(reversed(work)) if c)
            if g != 1 or power:
                return self._common(state, g, power, slip)
        if state.split is not None:
            return self._group_split(state, slip)
        if len(work) == 4:
            return self._cubic(state, slip)
        if len(work) >= 5 and len(work) % 2 == 1 and not any(work[1:-1]):
            return self._even_binomial(state, slip)
        if len(work) == 5 and work[1] == 0 and work[3] == 0:
            return self._in_x_squared(state, slip)
        if len(work) == 3:
            return self._quadratic(state, slip)
        return []

    @staticmethod
    def _rest(state: FactorState) -> tuple[Coeffs, ...]:
        return state.work[1:]

    def _common(self, state: FactorState, g: int, power: int, slip: str) -> list[_Plan]:
        work = state.work[0]
        inner = list(work[: len(work) - power])
        outside = ([(g,)] if g != 1 else []) + ([(1,) + (0,) * power] if power else [])
        reduced = [c // g for c in inner]
        if not slip:
            return [self._take_out(state, outside, reduced, slip)]
        if slip == "wrong_distribution":  # divided into the first term only
            return [self._take_out(state, outside, [inner[0] // g] + inner[1:], slip)] if abs(g) != 1 else []
        if slip == "factor_sign_slip" and g < 0:  # a negative taken out, the sign of one term (or of all after the first) left as it was
            flips = [reduced[:i] + [-reduced[i]] + reduced[i + 1:] for i in range(1, len(reduced)) if reduced[i]]
            every = reduced[:1] + [-c for c in reduced[1:]]
            return [self._take_out(state, outside, f, slip) for f in flips + ([every] if every not in flips else [])]
        if slip == "copy_slip":  # one number of the bracket written with a digit wrong
            return [self._take_out(state, outside, reduced[:i] + [v] + reduced[i + 1:], slip)
                    for i in range(1, len(reduced)) if reduced[i] for v in _misread(reduced[i])]
        return []

    def _take_out(self, state: FactorState, outside: list[Coeffs], reduced: list[int], slip: str) -> _Plan:
        shown = product_latex(factor_latex(f) for f in outside) if outside != [(-1,)] else "-1"
        why = "every term is divisible by it" if outside != [(-1,)] else "the leading coefficient is negative"
        text = f"Take out the common factor ${shown}$ ({why}): {{whole}}."
        return self._move(state, state.done + tuple(outside), (tuple(reduced),) + self._rest(state), text, "common_factor", error_kind=slip)

    def _quadratic(self, state: FactorState, slip: str) -> list[_Plan]:
        a, b, c = state.work[0]
        ra, rc = _root(a), _root(-c)
        if b == 0 and ra and rc:  # a x^2 - c
            second = (ra, -rc) if slip == "wrong_rule" else (ra, rc)
            A, B = _tex([ra, 0]), str(rc)
            if slip == "wrong_rule":
                text = f"Difference of two squares: ${A}^{{2}} - {B}^{{2}} = ({A} - {B})({A} - {B})$, so {{whole}}."
            elif slip:
                return []
            else:
                text = f"Difference of two squares: ${A}^{{2}} - {B}^{{2}} = ({A} - {B})({A} + {B})$, so {{whole}}."
            return [self._move(state, state.done, ((ra, -rc), second) + self._rest(state), text, "difference_of_squares", error_kind=slip)]
        sa, sc = _root(a), _root(c)
        if sa and sc and b * b == 4 * a * c:
            sign = 1 if b > 0 else -1
            if slip == "sign_slip":
                sign = -sign
            elif slip:
                return []
            lin = (sa, sign * sc)
            text = (f"Perfect square: the first and last terms are ${_tex([sa, 0])}^{{2}}$ and ${sc}^{{2}}$, and the middle term is "
                    f"$2 \\cdot {_tex([sa, 0])} \\cdot {sc}$, so {{whole}}.")
            return [self._move(state, state.done, (lin, lin) + self._rest(state), text, "perfect_square", error_kind=slip)]
        if a == 1:
            pair = _pair(c, b)
            if pair is None:
                return []
            m, n = pair
            if slip == "sign_slip":
                m, n = -m, -n
            elif slip == "pair_slip":
                near = _near_pair(c, b, (m, n))
                if near is None:
                    return []
                m, n = near
            elif slip:
                return []
            text = f"Product–sum: ${m}$ and ${n}$ multiply to ${c}$ and add to ${b}$, so {{whole}}."
            return [self._move(state, state.done, ((1, m), (1, n)) + self._rest(state), text, "product_sum", error_kind=slip)]
        target = c if slip == "wrong_rule" else a * c
        pair = _pair(target, b)
        if pair is None:
            return []
        m, n = pair
        if slip == "pair_slip":
            near = _near_pair(target, b, (m, n))
            if near is None:
                return []
            m, n = near
        elif slip not in ("", "wrong_rule"):
            return []
        basis = f"the constant term ${c}$" if slip == "wrong_rule" else f"$a \\cdot c = {a} \\cdot {_par(c)} = {a * c}$"
        text = (f"Split the middle term: ${m}$ and ${n}$ multiply to {basis} and add to ${b}$, so "
                f"${_tex([b, 0])} = {_tex([m, 0])} {'+' if n > 0 else '-'} {_tex([abs(n), 0])}$: {{whole}}.")
        return [self._move(state, state.done, state.work, text, "split", split=(m, n), error_kind=slip)]

    def _group_split(self, state: FactorState, slip: str) -> list[_Plan]:
        a, _, c = state.work[0]
        m, n = state.split or (0, 0)
        g1 = gcd(a, m) * (1 if a > 0 else -1)
        p, q = a // g1, m // g1
        if n % p or (n // p) * q != c:
            return []  # the split made no common bracket (a slip upstream): nothing honest to write
        g2 = n // p
        if slip == "sign_slip":
            g2 = -g2
        elif slip:
            return []
        first = _tex([g1, 0])
        text = (f"Group in pairs: ${first}{_btex([p, q])} {'+' if g2 > 0 else '-'} {abs(g2)}{_btex([p, q])}$, "
                f"then take out the common bracket ${_btex([p, q])}$: {{whole}}.")
        return [self._move(state, state.done, ((p, q), (g1, g2)) + self._rest(state), text, "group", error_kind=slip)]

    def _cubic(self, state: FactorState, slip: str) -> list[_Plan]:
        a3, a2, a1, a0 = state.work[0]
        if a2 == 0 and a1 == 0:  # a sum or difference of cubes
            p, q = _root(abs(a3), 3), _root(abs(a0), 3)
            if not p or not q or a3 < 0:
                return []
            s = 1 if a0 > 0 else -1
            mid = -s * p * q
            if slip == "sign_slip":
                mid = -mid
            elif slip:
                return []
            name = "Sum" if s > 0 else "Difference"
            rule = "a^{3} + b^{3} = (a + b)(a^{2} - ab + b^{2})" if s > 0 else "a^{3} - b^{3} = (a - b)(a^{2} + ab + b^{2})"
            text = f"{name} of two cubes, ${rule}$ with $a = {_tex([p, 0])}$, $b = {q}$: {{whole}}."
            return [self._move(state, state.done, ((p, s * q), (p * p, mid, q * q)) + self._rest(state), text, "cubes", error_kind=slip)]
        if a0 * a3 != a1 * a2 or a2 == 0:
            return []
        g = gcd(a3, a2) * (1 if a3 > 0 else -1)
        bracket = (a3 // g, a2 // g)
        h = a1 // bracket[0] if a1 % bracket[0] == 0 else None
        if h is None or h * bracket[1] != a0:
            return []
        if slip and slip != "sign_slip":
            return []
        # the slip: the second pair's number, or the common bracket's number, written with its sign lost
        shapes = [(bracket, h), (bracket, -h), ((bracket[0], -bracket[1]), h)]
        return [self._grouping(state, b, n, g, slip) for b, n in (shapes[1:] if slip else shapes[:1])]

    def _grouping(self, state: FactorState, bracket: Coeffs, h: int, g: int, slip: str) -> _Plan:
        text = (f"Group in pairs: ${_tex([g, 0, 0])}{_btex(bracket)} {'+' if h > 0 else '-'} {abs(h)}{_btex(bracket)}$, "
                f"then take out the common bracket: {{whole}}.")
        return self._move(state, state.done, (bracket, (g, 0, h)) + self._rest(state), text, "grouping", error_kind=slip)

    def _even_binomial(self, state: FactorState, slip: str) -> list[_Plan]:
        """``a x^(2k) - c`` as a difference of two squares in ``x^k``."""
        work = state.work[0]
        a, c, half = work[0], work[-1], (len(work) - 1) // 2
        ra, rc = _root(a), _root(-c)
        if not ra or not rc or (slip and slip != "wrong_rule"):
            return []
        low = (ra,) + (0,) * (half - 1) + (-rc,)
        high = low if slip == "wrong_rule" else (ra,) + (0,) * (half - 1) + (rc,)
        A = _tex([ra] + [0] * half)
        rule = "(A - B)(A - B)" if slip else "(A - B)(A + B)"  # the slip: the square of a difference for a difference of squares
        text = f"Difference of two squares: ${A}$ squared minus ${rc}^{{2}}$, and $A^{{2}} - B^{{2}} = {rule}$: {{whole}}."
        return [self._move(state, state.done, (low, high) + self._rest(state), text, "difference_of_squares", error_kind=slip)]

    def _in_x_squared(self, state: FactorState, slip: str) -> list[_Plan]:
        a, _, b, _, c = state.work[0]
        if a != 1:
            return []
        pair = _pair(c, b)
        if pair is None:
            return []
        m, n = pair
        if slip == "sign_slip":
            m, n = -m, -n
        elif slip == "pair_slip":
            near = _near_pair(c, b, (m, n))
            if near is None:
                return []
            m, n = near
        elif slip:
            return []
        text = f"A trinomial in $x^{{2}}$: ${m}$ and ${n}$ multiply to ${c}$ and add to ${b}$, so {{whole}}."
        return [self._move(state, state.done, ((1, 0, m), (1, 0, n)) + self._rest(state), text, "product_sum", error_kind=slip)]


SLIPS = ("wrong_distribution", "factor_sign_slip", "copy_slip", "sign_slip", "pair_slip", "wrong_rule")


def _kinds_first(moves: list[Move]) -> list[Move]:
    """``moves`` with the first of each error kind before the rest (each side in the order given)."""
    seen: set[str] = set()
    firsts = []
    for m in moves:
        if m.step.error_kind not in seen:
            seen.add(m.step.error_kind)
            firsts.append(m)
    return firsts + [m for m in moves if m not in firsts]


def _par(n: int) -> str:
    return f"({n})" if n < 0 else str(n)


SPACES.register("factoring", FactoringSpace)
