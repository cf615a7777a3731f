"""Number theory step by step: Euclid's algorithm, factorisation, repeated squaring, Fermat.

Every step states one fact in the grammar of :mod:`cotforge.domains.numfacts`
(``gcd(84, 36) = gcd(36, 12)``, ``360 = 2^3 * 45``, ``3^8 mod 7 = 2``), which the
verifier checks by brute force. Wrong moves on request: a remainder or a
multiplicity off by one, the quotient kept instead of the remainder, lcm = a·b
without dividing by the gcd, the divisor count without the +1s, a square not
reduced mod m, an arithmetic slip, Fermat with m instead of m − 1. Each is kept
only if its fact is false.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import NamedTuple

from cotforge.domains.numfacts import FactError, holds
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._latex import latex
from cotforge.solvers.spaces._small_numfacts_tex import congruence_tex, divisors_tex, factored_tex, gcd_tex, lcm_tex, power_tex


@dataclass(frozen=True, slots=True)
class NumberState:
    stage: str
    """euclid | gcd | factor | factored | square | fermat | done"""
    data: tuple
    answer: int | None = None
    slipped: bool = False


class _Spec(NamedTuple):
    """A move before its step is written: the state it leads to, its text, its fact (and the fact's LaTeX, written
    from its numbers: :mod:`._small_numfacts_tex`), its kind and error kind."""

    next_state: NumberState
    text: str
    fact: str
    tex: str
    kind: str
    wrong: str


def _smallest_prime_factor(n: int) -> int:
    p = 2
    while p * p <= n:
        if n % p == 0:
            return p
        p += 1
    return n


def _powers_text(factors: tuple[tuple[int, int], ...]) -> str:
    return " * ".join(f"{p}^{e}" if e > 1 else str(p) for p, e in factors)


def fact_latex(fact: str) -> str:
    """``25^885 mod 43 = 25^3 mod 43`` as a congruence; gcd/lcm/divisor facts as formulas."""
    congruence = re.fullmatch(r"(.+) mod (\d+) = (.+?)(?: mod \d+)?", fact)
    if congruence:
        left, m, right = congruence.groups()
        return rf"{latex(left)} \equiv {latex(right)} \pmod{{{m}}}"
    return latex(fact)


class NumberTheorySpace(Space[NumberState]):
    """Moves for gcd, lcm, divisor counts and powers mod m."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        data = problem.data()
        self.kind: str = data["kind"]
        self.numbers: list[int] = data["numbers"]

    def root(self) -> NumberState:
        if self.kind in ("gcd", "lcm"):
            return NumberState("euclid", tuple(self.numbers))
        if self.kind == "divisors":
            return NumberState("factor", ((), self.numbers[0]))
        a, k, m = self.numbers
        return NumberState("fermat" if self.kind == "power_mod_prime" else "square", (k, 0, a % m, ()))

    def key(self, state: NumberState) -> tuple:
        return (state.stage, state.data, state.answer, state.slipped)

    def is_terminal(self, state: NumberState) -> bool:
        return state.stage == "done" or (state.stage == "gcd" and self.kind == "gcd")

    def answer(self, state: NumberState) -> str | None:
        return str(state.answer) if self.is_terminal(state) else None  # an integer is its own LaTeX

    def heuristic(self, state: NumberState) -> float:
        return 0.0 if self.is_terminal(state) else 1.0

    def _move(self, state: NumberState, new: NumberState, text: str, fact: tuple[str, str], kind: str, wrong: str = "") -> _Spec:
        """``fact``: the fact's text and its LaTeX."""
        return _Spec(NumberState(new.stage, new.data, new.answer, state.slipped or bool(wrong)), text, *fact, kind, wrong)

    @staticmethod
    def _written(spec: _Spec) -> Move:
        step = Step(spec.text, spec.fact, spec.kind, intended_wrong=bool(spec.wrong), latex=spec.tex, error_kind=spec.wrong)
        return Move(step, spec.next_state)

    def propose(self, state: NumberState, k: int) -> list[Move]:
        return [self._written(m) for m in [m for m in self._moves(state) if not m.wrong][:k]]

    def propose_wrong(self, state: NumberState, k: int, rng: random.Random) -> list[Move]:
        if state.slipped or self.is_terminal(state):
            return []
        kept = self._false_moves(state)
        rng.shuffle(kept)  # the shuffle reads only the length: the same draws and order as over written moves
        return [self._written(m) for m in kept[:k]]

    def _false_moves(self, state: NumberState) -> list[_Spec]:
        """The wrong moves whose fact is false, in the order they are built."""
        kept = []
        for move in self._moves(state):
            if not move.wrong:
                continue
            try:
                if not holds(move.fact):
                    kept.append(move)
            except FactError:
                continue
        return kept

    def _moves(self, state: NumberState) -> list[_Spec]:
        """Every move from ``state``, sound and wrong, in the order they are built, their steps not yet written (only
        the moves given, the first sound one and ``k`` of the wrong ones, need one)."""
        handler = {"euclid": self._euclid, "gcd": self._lcm, "factor": self._factor, "factored": self._count,
                   "fermat": self._fermat, "square": self._square}[state.stage]  # fmt: skip
        return handler(state)

    def _euclid(self, state: NumberState) -> list[_Spec]:
        a, b = state.data
        q, r = divmod(a, b)
        if r == 0:
            fact = (f"gcd({a}, {b}) = {b}", f"{gcd_tex(a, b)} = {b}")
            out = [self._move(state, NumberState("gcd", (b,), answer=b), f"${a} = {q} \\cdot {b}$ with no remainder, so $\\gcd({a}, {b}) = {b}$", fact, "euclid")]
            for bad, kind in ((q, "quotient_slip"), (a, "wrong_pair"), (b + 1, "arithmetic_slip"), (b - 1, "copy_slip")):
                fact = (f"gcd({a}, {b}) = {bad}", f"{gcd_tex(a, b)} = {bad}")
                out.append(self._move(state, NumberState("gcd", (bad,), answer=bad), f"${a} = {q} \\cdot {b}$ with no remainder, so $\\gcd({a}, {b}) = {bad}$", fact, "euclid", kind))
            return out
        out = []
        for first, second, shown_r, kind in ((b, r, r, ""), (b, r + 1 if r + 1 < b else r - 1, r + 1 if r + 1 < b else r - 1, "remainder_slip"),
                                             (b, q, q, "quotient_slip"), (a, r, r, "wrong_pair"), (b + 1, r, r, "copy_slip"),
                                             (b, r - 1 if r > 1 else r + 2, r - 1 if r > 1 else r + 2, "arithmetic_slip")):  # fmt: skip
            if second <= 0:
                continue
            fact = (f"gcd({a}, {b}) = gcd({first}, {second})", f"{gcd_tex(a, b)} = {gcd_tex(first, second)}")
            text = f"${a} = {q} \\cdot {b} + {shown_r}$, so $\\gcd({a}, {b}) = \\gcd({first}, {second})$"
            out.append(self._move(state, NumberState("euclid", (first, second)), text, fact, "euclid", kind))
        return out

    def _lcm(self, state: NumberState) -> list[_Spec]:
        a, b = self.numbers
        (g,) = state.data
        out = []
        for value, shown, kind in ((a * b // g, f"\\frac{{{a} \\cdot {b}}}{{{g}}} = \\frac{{{a * b}}}{{{g}}}", ""),
                                   (a * b, f"{a} \\cdot {b}", "lcm_slip"), (g, f"\\gcd({a}, {b})", "gcd_for_lcm"),
                                   (a * b // g + b, f"\\frac{{{a} \\cdot {b}}}{{{g}}} = \\frac{{{a * b}}}{{{g}}}", "arithmetic_slip")):  # fmt: skip
            fact = (f"lcm({a}, {b}) = {value}", f"{lcm_tex(a, b)} = {value}")
            text = f"$\\operatorname{{lcm}}({a}, {b}) = {shown} = {value}$" + (" (the product over the gcd)" if not kind else "")
            out.append(self._move(state, NumberState("done", (), answer=value), text, fact, "lcm", kind))
        return out

    def _factor(self, state: NumberState) -> list[_Spec]:
        factors, rest = state.data
        n = self.numbers[0]
        p = _smallest_prime_factor(rest)
        e, left = 0, rest
        while left % p == 0:
            left, e = left // p, e + 1
        out = []
        options = [(p, e, ""), (p, e + 1, "multiplicity_slip")] + ([(p, e - 1, "multiplicity_slip")] if e > 1 else [])
        nxt = next(q for q in range(p + 1, p + 40) if all(q % d for d in range(2, q)) and rest % q)
        options.append((nxt, e, "wrong_factor"))
        options.append((p, e, "arithmetic_slip"))
        for prime, shown, kind in options:
            new_factors = factors + ((prime, shown),)
            cofactor = left + 2 if kind == "arithmetic_slip" else left  # the division done wrong: cofactor off
            done = cofactor == 1 or _smallest_prime_factor(cofactor) == cofactor  # a prime cofactor ends it here
            listed = new_factors + (((cofactor, 1),) if done and cofactor != 1 else ())
            tail = "" if done else f" * {cofactor}"
            fact = (f"{n} = {_powers_text(listed)}{tail}", factored_tex(n, listed, None if done else cofactor))
            power = f"{prime}^{{{shown}}}" if shown > 1 else str(prime)
            times = {1: "once", 2: "twice", 3: "three times", 4: "four times"}.get(shown, f"{shown} times")
            split = f"{rest} = {power}" + (f" \\cdot {cofactor}" if cofactor != 1 else "")
            end = f", and ${cofactor}$ is prime" if done and cofactor != 1 else ""
            text = f"${rest}$ is divisible by ${prime}$ {times}: ${split}${end}" + (f". So ${fact[1]}$" if factors or done else "")
            out.append(self._move(state, NumberState("factored" if done else "factor", (listed, 1 if done else cofactor)), text, fact, "factor", kind))
        return out

    def _count(self, state: NumberState) -> list[_Spec]:
        factors, _ = state.data
        n = self.numbers[0]
        exps = [e for _, e in factors]
        right = 1
        for e in exps:
            right *= e + 1
        bare = 1
        for e in exps:
            bare *= e
        out = []
        for value, shown, kind in ((right, " \\cdot ".join(f"({e} + 1)" for e in exps), ""),
                                   (bare, " \\cdot ".join(str(e) for e in exps), "formula_slip"),
                                   (sum(e + 1 for e in exps), " + ".join(f"({e} + 1)" for e in exps), "sum_slip"),
                                   (right + 1, " \\cdot ".join(f"({e} + 1)" for e in exps), "arithmetic_slip")):  # fmt: skip
            fact = (f"divisors({n}) = {value}", f"{divisors_tex(n)} = {value}")
            text = f"A divisor takes each prime to a power from $0$ up to its exponent, so there are ${shown} = {value}$ divisors"
            out.append(self._move(state, NumberState("done", (), answer=value), text, fact, "count", kind))
        return out

    def _fermat(self, state: NumberState) -> list[_Spec]:
        a, k, m = self.numbers
        out = []
        for period, reduced, kind in ((m - 1, k % (m - 1), ""), (m, k % m, "fermat_slip"), (m - 1, k % (m - 1) + 1, "remainder_slip"),
                                      (m - 1, k // (m - 1), "quotient_slip")):  # fmt: skip
            fact = (f"{a}^{k} mod {m} = {a}^{reduced} mod {m}", congruence_tex(power_tex(a, k), power_tex(a, reduced), m))
            text = (f"${m}$ is prime and does not divide ${a}$, so ${a}^{{{m - 1}}} \\equiv 1 \\pmod{{{m}}}$ by Fermat's little theorem; "
                    f"${k} = {k // period} \\cdot {period} + {k % period}$, so ${a}^{{{k}}} \\equiv {a}^{{{reduced}}} \\pmod{{{m}}}$")  # fmt: skip
            out.append(self._move(state, NumberState("square", (reduced, 0, a % m, ())), text, fact, "fermat", kind))
        return out

    def _square(self, state: NumberState) -> list[_Spec]:
        """Square a^(2^i) until the next power of two passes k, then multiply the needed ones."""
        a, _, m = self.numbers
        k, i, r, kept = state.data
        if k <= 1 and i == 0:  # a^0 or a^1 after Fermat: read off the answer
            value = 1 % m if k == 0 else a % m
            return [self._move(state, NumberState("done", (), answer=v), f"So the remainder is ${v}$",
                               (f"{a}^{k} mod {m} = {v}", congruence_tex(power_tex(a, k), v, m)), "read_off", kind)
                    for v, kind in ((value, ""), ((value + 1) % m, "arithmetic_slip"), ((m - value) % m, "sign_slip"), (a, "wrong_inverse"))]  # fmt: skip
        kept = kept + ((1 << i, r),) if k >> i & 1 else kept
        out = []
        if (1 << (i + 1)) <= k:
            square = r * r
            base = f"{a}^{{{1 << (i + 1)}}} = \\left({a}^{{{1 << i}}}\\right)^{{2}} \\equiv {r}^{{2}}" if i else f"{a}^{{2}}" if r == a else f"{a}^{{2}} \\equiv {r}^{{2}}"
            options = ((square % m, ""), (square, "reduce_slip"), ((square + 1) % m, "arithmetic_slip"), ((2 * r) % m, "doubling_slip"),
                       ((m - square % m) % m, "sign_slip"), (((r + 1) ** 2) % m, "copy_slip"))  # fmt: skip
            for value, kind in options:
                if kind == "reduce_slip" and square < m:
                    continue
                fact = (f"{a}^{1 << (i + 1)} mod {m} = {value}", congruence_tex(power_tex(a, 1 << (i + 1)), value, m))
                working = f"{base} = {square}" + (f" \\equiv {value}" if value != square else "")
                text = f"${working} \\pmod{{{m}}}$"
                last = (1 << (i + 1)) == k  # the exponent is this power of two: nothing left to multiply
                new = NumberState("done", (), answer=value) if last else NumberState("square", (k, i + 1, value, kept))
                out.append(self._move(state, new, text + (", the remainder" if last else ""), fact, "square", kind))
            return out
        product = 1
        for _, part in kept:
            product *= part
        powers = " + ".join(str(p) for p, _ in kept)
        parts = " \\cdot ".join(str(p) for _, p in kept)
        dropped = 1
        for _, part in kept[1:]:
            dropped *= part
        for value, shown, kind in ((product % m, product, ""), (sum(p for _, p in kept) % m, sum(p for _, p in kept), "combine_slip"),
                                   ((product + 1) % m, product, "arithmetic_slip"), (dropped % m, dropped, "dropped_factor"),
                                   ((m - product % m) % m, product, "sign_slip")):  # fmt: skip
            fact = (f"{a}^{k} mod {m} = {value}", congruence_tex(power_tex(a, k), value, m))
            text = f"${k} = {powers}$, so ${a}^{{{k}}} \\equiv {parts} = {shown} \\equiv {value} \\pmod{{{m}}}$"
            out.append(self._move(state, NumberState("done", (), answer=value), text, fact, "combine", kind))
        return out


SPACES.register("number_theory", NumberTheorySpace)
