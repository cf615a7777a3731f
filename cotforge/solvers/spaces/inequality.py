"""Solving inequalities by rewrites that keep the solution set, reversing the sign when needed.

A state is a chain ``a op b`` or ``a op b op c`` (or, at the end, two chains
joined by "or"), kept as machine text; each side's expression, its exact
coefficients and the state's exact solution set live in ``_ineq_state`` (the
space parses only the problem's text and the bracket it copies). Linear moves: clear brackets and
fractions (multiplying by a positive number), move terms, divide by the
coefficient (reversing the inequality for a negative one). Quadratic moves:
bring everything to one side, make the leading coefficient 1, factor, and read
the sign of the product between and outside the roots. Wrong moves on request:
dividing by a negative without reversing, a term moved with the wrong sign,
the wrong region of a quadratic; each is checked to change the solution set.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy

from cotforge.core.memo import Memo
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces import _ineq_forms as forms
from cotforge.solvers.spaces._ineq_sets import real_roots
from cotforge.solvers.spaces._ineq_state import FLIP, X
from cotforge.solvers.spaces._ineq_state import answerable as _answerable
from cotforge.solvers.spaces._ineq_state import coefficients as _coefficients
from cotforge.solvers.spaces._ineq_state import degree as _degree
from cotforge.solvers.spaces._ineq_state import printed as _s
from cotforge.solvers.spaces._ineq_state import same_set as _same_set
from cotforge.solvers.spaces._ineq_state import set_text as _set_text
from cotforge.solvers.spaces._ineq_state import side as _e
from cotforge.solvers.spaces._latex import latex


def _toward_zero(value: sympy.Expr) -> int:
    """The step (+1 or -1) that moves ``value`` towards zero (+1 at zero)."""
    return -1 if value > 0 else 1


def _slip(side: sympy.Expr, coefficient: sympy.Expr, end: sympy.Expr) -> sympy.Expr:
    """``side`` (a constant the unknown's ``coefficient`` will later divide) miscounted by that
    coefficient, so the bound it leads to, ``end``, comes out one off towards zero (10 as 9, 7/2 as
    5/2): a slip of the size the problem's own numbers have, which keeps the answer as tidy as the
    gold's (a slip of 1 would give 121/12 where the gold is 10, and every pair a longer wrong text)."""
    return side + _toward_zero(end) * (coefficient if coefficient != 0 else 1)


@dataclass(frozen=True, slots=True)
class IneqState:
    parts: tuple[str, ...]
    """Expressions and operators alternating; "or" joins two chains at the end."""
    slipped: bool = False

    def text(self) -> str:
        return " ".join(self.parts)


_SHARED_MAX = 20_000
_MOVES: Memo[IneqState, list[tuple[Move, bool]]] = Memo(_SHARED_MAX)
"""state -> its sound and wrong moves: a pure function of the state, shared by the search's space and the fresh space
the continued negatives use."""


class InequalitySpace(Space[IneqState]):
    """Rewrites of one inequality (linear, double, or quadratic) in x."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        tokens = problem.data()["inequality"].split()
        parts: list[str] = []
        current: list[str] = []
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
        return answer_latex(_set_text(state.parts), "interval")

    def heuristic(self, state: IneqState) -> float:
        if self.is_terminal(state):
            return 0.0
        degree = max(_degree(p) for p in state.parts[::2])
        return 3.0 if degree == 2 else 1.0

    def _move(self, state: IneqState, parts: tuple[str, ...], text: str, kind: str, wrong: str = "") -> Move:
        new = IneqState(parts, state.slipped or bool(wrong))
        tex = latex(new.text())
        return Move(Step(f"{text}: ${tex}$", new.text(), kind, intended_wrong=bool(wrong), latex=tex, error_kind=wrong), new)

    def propose(self, state: IneqState, k: int) -> list[Move]:
        return [m for m, wrong in self._moves(state) if not wrong][:1]

    def propose_wrong(self, state: IneqState, k: int, rng: random.Random) -> list[Move]:
        if state.slipped or self.is_terminal(state):
            return []
        kept = [m for m, wrong in self._moves(state) if wrong and not _same_set(m.next_state.parts, state.parts) and _answerable(m.next_state.parts)]
        rng.shuffle(kept)
        return kept[:k]

    def _moves(self, state: IneqState) -> list[tuple[Move, bool]]:
        """Sound and wrong moves of ``state``, built once (propose and propose_wrong both ask)."""
        return _MOVES.remember(state, lambda: self._uncached_moves(state))

    def _uncached_moves(self, state: IneqState) -> list[tuple[Move, bool]]:
        """The sound move and the wrong ones (flagged True) from ``state``."""
        if "or" in state.parts:
            return []  # two chains joined by "or" are a final answer (terminal): nothing to rewrite
        exprs = [_e(p) for p in state.parts[::2]]
        ops = list(state.parts[1::2])
        if any(_degree(p) == 2 for p in state.parts[::2]):
            return self._quadratic(state, exprs[0], ops[0], exprs[1])
        bracket = [re.fullmatch(r"(-?\d+)\*\((.+)\)/(\d+)", p) for p in state.parts[::2]]
        if any(bracket):
            return self._clear(state, bracket, exprs, ops)
        if any("(" in p for p in state.parts[::2]):
            return self._expand(state, exprs, ops)
        if len(exprs) == 2:
            return self._single(state, exprs[0], ops[0], exprs[1])
        return self._double(state, exprs, ops)

    def _variants(self, state: IneqState, sound: tuple[tuple[str, ...], str, str], wrong: Sequence[tuple[tuple[str, ...], str]]) -> list[tuple[Move, bool]]:
        parts, text, kind = sound
        out = [(self._move(state, parts, text, kind), False)]
        out += [(self._move(state, bad, text, kind, error), True) for bad, error in wrong]
        return out

    def _clear(self, state: IneqState, bracket: list, exprs: list[sympy.Expr], ops: list[str]) -> list[tuple[Move, bool]]:
        i = next(n for n, b in enumerate(bracket) if b)
        k, inner, m = bracket[i].group(1), bracket[i].group(2), int(bracket[i].group(3))
        parts = [_s(e) for e in exprs]
        others = [n for n in range(len(exprs)) if n != i]
        sound = list(parts)
        sound[i] = f"{k}*({inner})"
        for n in others:
            sound[n] = _s(m * exprs[n])
        partial, slip, inverse = list(sound), list(sound), list(sound)
        coefficient = int(k) * forms.coefficient(_e(inner), 1)  # what divides the other sides in the end
        for n in others:
            partial[n] = parts[n]
            end = (m * exprs[n] - int(k) * forms.coefficient(_e(inner), 0)) / coefficient if coefficient != 0 else sympy.Integer(0)
            slip[n] = _s(_slip(m * exprs[n], coefficient, end))
            inverse[n] = _s(exprs[n] / m)
        text = f"Multiply {'both sides' if len(exprs) == 2 else 'every part'} by ${m}$ (a positive number keeps the direction)"
        return self._variants(state, (self._join_text(sound, ops), text, "clear"),
                              [(self._join_text(partial, ops), "partial_multiply"), (self._join_text(slip, ops), "arithmetic_slip"),
                               (self._join_text(inverse, ops), "wrong_inverse")])  # fmt: skip

    def _expand(self, state: IneqState, exprs: list[sympy.Expr], ops: list[str]) -> list[tuple[Move, bool]]:
        i = next(n for n, p in enumerate(state.parts[::2]) if "(" in p)
        match = re.fullmatch(r"(-?\d+)\*\((.+)\)", state.parts[::2][i])
        sound = [_s(sympy.expand(e)) for e in exprs]
        wrong: list[tuple[tuple[str, ...], str]] = []
        if match:
            k, inner = int(match.group(1)), _e(match.group(2))
            a, b = forms.coefficient(inner, 1), forms.coefficient(inner, 0)
            whole = sympy.expand(sum(sound_e * (1 if n == i else -1) for n, sound_e in enumerate(exprs))) if len(exprs) == 2 else None
            end = -forms.coefficient(whole, 0) / forms.coefficient(whole, 1) if whole is not None and forms.coefficient(whole, 1) != 0 else sympy.Integer(0)
            slipped = k * a * X + k * b - _toward_zero(end) * k * a  # the constant one coefficient off: the bound one off
            for error, value in (("distribution_error", k * a * X + b), ("sign_slip", k * a * X - k * b), ("arithmetic_slip", slipped)):
                bad = list(sound)
                bad[i] = _s(value)
                wrong.append((self._join_text(bad, ops), error))
        return self._variants(state, (self._join_text(sound, ops), "Expand the brackets", "expand"), wrong)

    def _join_text(self, parts: list[str], ops: list[str]) -> tuple[str, ...]:
        out: list[str] = []
        for i, p in enumerate(parts):
            out.append(p)
            if i < len(ops):
                out.append(ops[i])
        return tuple(out)

    @staticmethod
    def _join(exprs: list[sympy.Expr], ops: list[str]) -> tuple[str, ...]:
        out: list[str] = []
        for i, e in enumerate(exprs):
            out.append(_s(e))
            if i < len(ops):
                out.append(ops[i])
        return tuple(out)

    def _single(self, state: IneqState, lhs: sympy.Expr, op: str, rhs: sympy.Expr) -> list[tuple[Move, bool]]:
        (a, b), (c, d) = (forms.coefficient(lhs, 1), forms.coefficient(lhs, 0)), (forms.coefficient(rhs, 1), forms.coefficient(rhs, 0))
        if a == 0 and c != 0:  # the unknown on the right only: read the inequality the other way round
            lhs, rhs, op = rhs, lhs, FLIP[op]
            (a, b), (c, d) = (c, d), (a, b)
            if b == 0:
                parts = (_s(lhs), op, _s(rhs))
                return [(self._move(state, parts, "Read the inequality from right to left", "swap"), False)]
        if c != 0 or b != 0:
            term = c * X if c != 0 else b
            amount = abs(c) * X if c != 0 else abs(term)
            verb, prep = ("Add", "to") if (c if c != 0 else b) < 0 else ("Subtract", "from")
            text = f"{verb} ${latex(_s(amount))}$ {prep} both sides"
            kind = "move_unknown" if c != 0 else "move_constant"
            sound = self._join([sympy.expand(lhs - term), sympy.expand(rhs - term)], [op])
            left = sympy.expand(lhs - term)
            coefficient = forms.coefficient(left, 1)
            end = (sympy.expand(rhs - term) - forms.coefficient(left, 0)) / coefficient if coefficient != 0 else sympy.Integer(0)
            wrong = [
                (self._join([left, sympy.expand(rhs + term)], [op]), "sign_slip"),
                (self._join([left, rhs], [op]), "one_side_only"),
                (self._join([left, sympy.expand(_slip(rhs - term, coefficient, end))], [op]), "arithmetic_slip"),
            ]
            return self._variants(state, (sound, text, kind), wrong)
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
            (("x", new_op, _s(rhs / a + _toward_zero(rhs / a))), "arithmetic_slip"),
        ]
        return self._variants(state, (sound, text, "divide"), wrong)

    def _double(self, state: IneqState, exprs: list[sympy.Expr], ops: list[str]) -> list[tuple[Move, bool]]:
        low, middle, high = exprs
        a, b = forms.coefficient(middle, 1), forms.coefficient(middle, 0)
        if b != 0:
            text = f"{'Add' if b < 0 else 'Subtract'} ${latex(_s(abs(b)))}$ {'to' if b < 0 else 'from'} every part"
            sound = self._join([low - b, middle - b, high - b], ops)
            wrong = [
                (self._join([low - b, middle - b, high + b], ops), "sign_slip"),
                (self._join([low, middle - b, high - b], ops), "one_side_only"),
                (self._join([_slip(low - b, a, (low - b) / a), middle - b, high - b], ops), "arithmetic_slip"),
            ]
            return self._variants(state, (sound, text, "move_constant"), wrong)
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
                ((_s(low / a), ops[0], "x", ops[1], _s(high / a + _toward_zero(high / a))), "arithmetic_slip"),
            ]
        return self._variants(state, (sound, text, "divide"), wrong)

    def _quadratic(self, state: IneqState, lhs: sympy.Expr, op: str, rhs: sympy.Expr) -> list[tuple[Move, bool]]:
        sound: tuple[str, ...]
        wrong: list[tuple[tuple[str, ...], str]]
        if rhs != 0:
            sound = (_s(sympy.expand(lhs - rhs)), op, "0")
            wrong = [
                ((_s(sympy.expand(lhs + rhs)), op, "0"), "sign_slip"),
                ((_s(sympy.expand(lhs - rhs + 1)), op, "0"), "arithmetic_slip"),
                ((_s(sympy.expand(lhs - forms.coefficient(rhs, 1) * X)), op, "0") if forms.coefficient(rhs, 0) != 0 else ((_s(sympy.expand(lhs)), op, "0")), "dropped_term"),
            ]
            return self._variants(state, (sound, "Bring every term to the left", "standard_form"), wrong)
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
            return self._variants(state, ((_s(reduced), new_op, "0"), f"Divide both sides by ${latex(_s(lead))}${why}", "divide"), wrong)
        found = real_roots(_coefficients(state.parts[0]))
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
            return self._variants(state, ((_s((X - r1) * (X - r2)), op, "0"), text, "factor"), wrong)
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
        return self._variants(state, (sound, text, "sign_analysis"), wrong)


SPACES.register("inequality", InequalitySpace)
