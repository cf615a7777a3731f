"""Solving inequalities by rewrites that keep the solution set, reversing the sign when needed.

A state is a chain ``a op b`` or ``a op b op c`` (or, at the end, two chains
joined by "or"), kept as machine text. Linear moves: clear brackets and
fractions (multiplying by a positive number), move terms, divide by the
coefficient (reversing the inequality for a negative one). Quadratic moves:
bring everything to one side, make the leading coefficient 1, factor, and read
the sign of the product between and outside the roots. Wrong moves on request:
dividing by a negative without reversing, a term moved with the wrong sign,
the wrong region of a quadratic; each is checked to change the solution set.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from math import lcm

import sympy

from cotforge.domains.algebra import pretty
from cotforge.domains.intervals import interval_text, relation_set
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._latex import latex

X = sympy.Symbol("x")
FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}
SHOWN = {"<=": "≤", ">=": "≥"}


@lru_cache(maxsize=4096)
def _e(text: str) -> sympy.Expr:
    return sympy.sympify(text, locals={"x": X})


def _s(expr: sympy.Expr) -> str:
    return sympy.sstr(expr)


@dataclass(frozen=True, slots=True)
class IneqState:
    parts: tuple[str, ...]
    """Expressions and operators alternating; "or" joins two chains at the end."""
    slipped: bool = False

    def text(self) -> str:
        return " ".join(self.parts)


def show(text: str) -> str:
    out = pretty(text).replace("**", "^")
    for a, b in SHOWN.items():
        out = out.replace(f" {a} ", f" {b} ")
    return out


class InequalitySpace(Space[IneqState]):
    """Rewrites of one inequality (linear, double, or quadratic) in x."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        tokens = problem.data()["inequality"].split()
        parts, current = [], []
        for token in tokens:
            if token in FLIP:
                parts += [" ".join(current), token]
                current = []
            else:
                current.append(token)
        self.start = IneqState(tuple(parts + [" ".join(current)]))

    def root(self) -> IneqState:
        return self.start

    def is_terminal(self, state: IneqState) -> bool:
        p = state.parts
        if "or" in p:
            return True
        if len(p) == 3:
            return p[0] == "x" and X not in _e(p[2]).free_symbols
        return p[2] == "x" and X not in _e(p[0]).free_symbols and X not in _e(p[4]).free_symbols

    def answer(self, state: IneqState) -> str | None:
        if not self.is_terminal(state):
            return None
        return answer_latex(interval_text(relation_set(state.text(), _e)), "interval")

    def heuristic(self, state: IneqState) -> float:
        if self.is_terminal(state):
            return 0.0
        degree = max(sympy.degree(_e(p), X) if _e(p).has(X) else 0 for p in state.parts[::2])
        return 3.0 if degree == 2 else 1.0

    def _move(self, state: IneqState, parts: tuple[str, ...], text: str, kind: str, wrong: bool = False) -> Move:
        new = IneqState(parts, state.slipped or wrong)
        return Move(Step(f"{text}: {show(new.text())}", new.text(), kind, intended_wrong=wrong, latex=latex(new.text())), new)

    def propose(self, state: IneqState, k: int) -> list[Move]:
        return self._moves(state, slip=False)[:1]

    def propose_wrong(self, state: IneqState, k: int, rng: random.Random) -> list[Move]:
        if state.slipped or self.is_terminal(state):
            return []
        truth = relation_set(state.text(), _e)
        kept = [m for m in self._moves(state, slip=True) if relation_set(m.step.state, _e) != truth]
        rng.shuffle(kept)
        return kept[:k]

    def _moves(self, state: IneqState, slip: bool) -> list[Move]:
        exprs = [_e(p) for p in state.parts[::2]]
        ops = list(state.parts[1::2])
        if any(e.has(X) and sympy.degree(e, X) == 2 for e in exprs):
            return self._quadratic(state, exprs[0], ops[0], exprs[1], slip)
        scale = lcm(*(int(sympy.fraction(sympy.together(e))[1]) for e in exprs))
        written = [_s(sympy.expand(e)) for e in exprs]
        if scale > 1 or written != list(state.parts[::2]):
            if slip:
                return []
            text = f"Multiply every part by {scale} (a positive number keeps the sign)" if scale > 1 else "Expand the brackets"
            return [self._move(state, self._join([sympy.expand(scale * e) for e in exprs], ops), text, "clear")]
        if len(exprs) == 2:
            return self._single(state, exprs[0], ops[0], exprs[1], slip)
        return self._double(state, exprs, ops, slip)

    @staticmethod
    def _join(exprs: list[sympy.Expr], ops: list[str]) -> tuple[str, ...]:
        out: list[str] = []
        for i, e in enumerate(exprs):
            out.append(_s(e))
            if i < len(ops):
                out.append(ops[i])
        return tuple(out)

    def _single(self, state: IneqState, lhs: sympy.Expr, op: str, rhs: sympy.Expr, slip: bool) -> list[Move]:
        (a, b), (c, d) = (lhs.coeff(X, 1), lhs.coeff(X, 0)), (rhs.coeff(X, 1), rhs.coeff(X, 0))
        if c != 0:
            term = c * X
            new_rhs = rhs + term if slip else rhs - term
            verb = "Add" if c < 0 else "Subtract"
            text = f"{verb} {pretty(_s(abs(c) * X))} {'to' if c < 0 else 'from'} both sides"
            return [self._move(state, self._join([lhs - term, sympy.expand(new_rhs)], [op]), text, "move_slip" if slip else "move_unknown", slip)]
        if b != 0:
            new_rhs = rhs + b if slip else rhs - b
            verb = "Add" if b < 0 else "Subtract"
            text = f"{verb} {abs(b)} {'to' if b < 0 else 'from'} both sides"
            return [self._move(state, self._join([lhs - b, new_rhs], [op]), text, "move_slip" if slip else "move_constant", slip)]
        if a < 0 or not slip:
            new_op = FLIP[op] if a < 0 and not slip else op
            why = " and reverse the inequality (dividing by a negative number)" if a < 0 and not slip else ""
            return [self._move(state, ("x", new_op, _s(rhs / a)), f"Divide both sides by {a}{why}", "flip_slip" if slip else "divide", slip)]
        return []

    def _double(self, state: IneqState, exprs: list[sympy.Expr], ops: list[str], slip: bool) -> list[Move]:
        low, middle, high = exprs
        a, b = middle.coeff(X, 1), middle.coeff(X, 0)
        if b != 0:
            shifted = [low - b, middle - b, high - (-b if slip else b)]
            text = f"{'Add' if b < 0 else 'Subtract'} {abs(b)} {'to' if b < 0 else 'from'} every part"
            return [self._move(state, self._join(shifted, ops), text, "move_slip" if slip else "move_constant", slip)]
        if a < 0 and not slip:
            parts = (_s(high / a), ops[1], "x", ops[0], _s(low / a))
            text = f"Divide every part by {a}; dividing by a negative reverses the inequalities, so the two ends swap places"
            return [self._move(state, parts, text, "divide")]
        if a < 0 or not slip:
            return [self._move(state, (_s(low / a), ops[0], "x", ops[1], _s(high / a)), f"Divide every part by {a}", "flip_slip" if slip else "divide", slip)]
        return []

    def _quadratic(self, state: IneqState, lhs: sympy.Expr, op: str, rhs: sympy.Expr, slip: bool) -> list[Move]:
        if rhs != 0:
            return [] if slip else [self._move(state, (_s(sympy.expand(lhs - rhs)), op, "0"), "Bring every term to the left", "standard_form")]
        lead = sympy.Poly(lhs, X).LC()
        if lead != 1:
            new_op = FLIP[op] if lead < 0 else op
            why = " and reverse the inequality" if lead < 0 else ""
            return [] if slip else [self._move(state, (_s(sympy.expand(lhs / lead)), new_op, "0"), f"Divide both sides by {lead}{why}", "divide")]
        if not isinstance(lhs, sympy.Mul):
            return [] if slip else [self._move(state, (_s(sympy.factor(lhs)), op, "0"), "Factor", "factor")]
        r1, r2 = sorted(sympy.solve(lhs, X))
        between = (op in ("<", "<=")) != slip
        strict_lt = "<" if op in ("<", ">") else "<="
        strict_gt = ">" if op in ("<", ">") else ">="
        if between:
            parts = (_s(r1), strict_lt, "x", strict_lt, _s(r2))
            text = f"The product is negative between the roots {r1} and {r2} (the parabola opens upward)"
        else:
            parts = ("x", strict_lt, _s(r1), "or", "x", strict_gt, _s(r2))
            text = f"The product is positive outside the roots {r1} and {r2} (the parabola opens upward)"
        return [self._move(state, parts, text, "region_slip" if slip else "sign_analysis", slip)]


SPACES.register("inequality", InequalitySpace)
