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
from dataclasses import dataclass, replace

from cotforge.domains.numfacts import FactError, holds
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._latex import latex


@dataclass(frozen=True, slots=True)
class NumberState:
    stage: str
    """euclid | gcd | factor | factored | square | fermat | done"""
    data: tuple
    answer: int | None = None
    slipped: bool = False


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

    def _move(self, state: NumberState, new: NumberState, text: str, fact: str, kind: str, wrong: bool = False) -> Move:
        step = Step(text, fact, kind, intended_wrong=wrong, latex=fact_latex(fact))
        return Move(step, replace(new, slipped=state.slipped or wrong))

    def propose(self, state: NumberState, k: int) -> list[Move]:
        return self._moves(state, slip=False)[:k]

    def propose_wrong(self, state: NumberState, k: int, rng: random.Random) -> list[Move]:
        if state.slipped or self.is_terminal(state):
            return []
        kept = []
        for move in self._moves(state, slip=True):
            try:
                if not holds(move.step.state):
                    kept.append(move)
            except FactError:
                continue
        rng.shuffle(kept)
        return kept[:k]

    def _moves(self, state: NumberState, slip: bool) -> list[Move]:
        handler = {"euclid": self._euclid, "gcd": self._lcm, "factor": self._factor, "factored": self._count,
                   "fermat": self._fermat, "square": self._square}[state.stage]  # fmt: skip
        return handler(state, slip)

    def _euclid(self, state: NumberState, slip: bool) -> list[Move]:
        a, b = state.data
        q, r = divmod(a, b)
        if slip:
            out = []
            for bad, kind in ((r + 1 if r + 1 < b else r - 1, "remainder_slip"), (q, "quotient_slip")):
                if bad > 0 and bad != r:
                    fact = f"gcd({a}, {b}) = gcd({b}, {bad})"
                    out.append(self._move(state, NumberState("euclid", (b, bad)), f"{a} = {q} × {b} + {bad}, so {fact}", fact, kind, True))
            return out
        if r == 0:
            fact = f"gcd({a}, {b}) = {b}"
            text = f"{a} = {q} × {b} with no remainder, so {fact}"
            return [self._move(state, NumberState("gcd", (b,), answer=b), text, fact, "euclid")]
        fact = f"gcd({a}, {b}) = gcd({b}, {r})"
        return [self._move(state, NumberState("euclid", (b, r)), f"{a} = {q} × {b} + {r}, so {fact}", fact, "euclid")]

    def _lcm(self, state: NumberState, slip: bool) -> list[Move]:
        a, b = self.numbers
        (g,) = state.data
        value = a * b if slip else a * b // g
        fact = f"lcm({a}, {b}) = {value}"
        text = f"lcm({a}, {b}) = {a} × {b} = {value}" if slip else f"lcm({a}, {b}) = {a} × {b} ÷ {g} = {a * b} ÷ {g} = {value}"
        if slip and g == 1:
            return []
        return [self._move(state, NumberState("done", (), answer=value), text, fact, "lcm_slip" if slip else "lcm", slip)]

    def _factor(self, state: NumberState, slip: bool) -> list[Move]:
        factors, rest = state.data
        n = self.numbers[0]
        p = _smallest_prime_factor(rest)
        e, left = 0, rest
        while left % p == 0:
            left, e = left // p, e + 1
        exponents = [e + 1] + ([e - 1] if e > 1 else []) if slip else [e]
        out = []
        for shown in exponents:
            if shown < 1:
                continue
            new_factors = factors + ((p, shown),)
            cofactor = left  # a slip miscounts the power but keeps the right cofactor, so it can never end right
            tail = f" * {cofactor}" if cofactor != 1 else ""
            fact = f"{n} = {_powers_text(new_factors)}{tail}"
            times = {1: "once", 2: "twice", 3: "three times", 4: "four times"}.get(shown, f"{shown} times")
            power = f"{p}^{shown}" if shown > 1 else str(p)
            split = f"{rest} = {power}" + (f" × {cofactor}" if cofactor != 1 else "")
            what = f"{rest} is prime" if rest == p and not slip else f"{rest} is divisible by {p} {times}: {split}"
            stage = "factored" if cofactor == 1 else "factor"
            text = f"{what}. So {fact.replace(' * ', ' × ')}"
            out.append(self._move(state, NumberState(stage, (new_factors, cofactor)), text, fact, "multiplicity_slip" if slip else "factor", slip))
        return out

    def _count(self, state: NumberState, slip: bool) -> list[Move]:
        factors, _ = state.data
        n = self.numbers[0]
        count = 1
        for _, e in factors:
            count *= e if slip else e + 1
        terms = "".join(f"({e}{'' if slip else ' + 1'})" for _, e in factors)
        fact = f"divisors({n}) = {count}"
        text = f"A divisor picks each prime's power from 0 up to its exponent, so there are {terms} = {count} divisors"
        return [self._move(state, NumberState("done", (), answer=count), text, fact, "formula_slip" if slip else "count", slip)]

    def _fermat(self, state: NumberState, slip: bool) -> list[Move]:
        a, k, m = self.numbers
        period = m if slip else m - 1
        reduced = k % period
        fact = f"{a}^{k} mod {m} = {a}^{reduced} mod {m}"
        text = (f"{m} is prime and does not divide {a}, so {a}^{m - 1} ≡ 1 (mod {m}) by Fermat's little theorem. "
                f"{k} = {k // period} × {period} + {reduced}, so {a}^{k} ≡ {a}^{reduced} (mod {m})")  # fmt: skip
        new = NumberState("square", (reduced, 0, a % m, ()))
        return [self._move(state, new, text, fact, "fermat_slip" if slip else "fermat", slip)]

    def _square(self, state: NumberState, slip: bool) -> list[Move]:
        """Square a^(2^i) until the next power of two passes k, then multiply the needed ones."""
        a, _, m = self.numbers
        k, i, r, kept = state.data
        if k <= 1 and i == 0:  # a^0 or a^1 after Fermat: read off the answer
            value = 1 % m if k == 0 else a % m
            fact = f"{a}^{k} mod {m} = {value if not slip else value + 1}"
            return [self._move(state, NumberState("done", (), answer=value + (1 if slip else 0)), f"So the remainder is {value + (1 if slip else 0)}", fact, "read_off", slip)]
        kept = kept + ((1 << i, r),) if k >> i & 1 else kept
        if (1 << (i + 1)) <= k:
            square = r * r
            value = square if slip else square % m
            fact = f"{a}^{1 << (i + 1)} mod {m} = {value}"
            text = f"{a}^{1 << (i + 1)} = ({a}^{1 << i})^2 ≡ {r}^2 = {square}" + ("" if slip else f" ≡ {value} (mod {m})")
            if slip and square < m:
                return []
            return [self._move(state, NumberState("square", (k, i + 1, value, kept)), text, fact, "reduce_slip" if slip else "square", slip)]
        product = 1
        for _, part in kept:
            product *= part
        value = (sum(p for _, p in kept) if slip else product) % m
        powers = " + ".join(str(p) for p, _ in kept)
        fact = f"{a}^{k} mod {m} = {value}"
        text = (f"{k} = {powers}, so {a}^{k} ≡ {' × '.join(str(p) for _, p in kept)}"
                f" = {product if not slip else sum(p for _, p in kept)} ≡ {value} (mod {m})")  # fmt: skip
        return [self._move(state, NumberState("done", (), answer=value), text, fact, "combine_slip" if slip else "combine", slip)]


SPACES.register("number_theory", NumberTheorySpace)
