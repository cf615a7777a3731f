"""Differentiation one rule at a time, over sympy expressions with pending derivatives.

A state is an expression that may still contain ``Derivative(u, x)`` nodes. A move
either applies one structural rule to the first pending derivative (sum and
constant multiple, product, quotient, chain) or evaluates every pending derivative
of a basic function (xⁿ, sin, cos, eˣ, ln, constants) at once; a last move
simplifies. Every move keeps the value (the derivative of the original function).
Wrong moves on request: the product rule as u'v', the quotient rule with the
terms swapped, the chain rule without the inner derivative, the power rule
without lowering the power, and a sign slip on the derivative of cos; each is
checked numerically to really change the result.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache

import sympy
from sympy.printing.str import StrPrinter

from cotforge.domains.algebra import pretty
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._latex import latex

X = sympy.Symbol("x")
D = sympy.Derivative
SAMPLES = (sympy.Rational(7, 10), sympy.Rational(13, 10), sympy.Rational(23, 10))
"""Points where a slip must change the value (inside every generated function's domain)."""


class _HumanPrinter(StrPrinter):
    def _print_Derivative(self, expr: sympy.Derivative) -> str:
        return f"d/dx[{self._print(expr.expr)}]"


def show(expr: sympy.Expr) -> str:
    """``x^2·sin(x) + d/dx[cos(3x)]``: how a person writes a state."""
    text = pretty(_HumanPrinter().doprint(expr)).replace("**", "^").replace("*", "·")
    text = re.sub(r"exp\(x\)", "e^x", text).replace("exp(", "e^(").replace("log(", "ln(")
    return text


@dataclass(frozen=True, slots=True)
class DiffState:
    expr: sympy.Expr
    done: bool = False
    """True after the final simplification."""
    slipped: bool = False


def _pending(expr: sympy.Expr) -> list[sympy.Derivative]:
    return [node for node in sympy.preorder_traversal(expr) if isinstance(node, sympy.Derivative)]


def _basic(u: sympy.Expr) -> sympy.Expr | None:
    """The derivative of a basic function, or None when a rule is needed first."""
    if not u.has(X):
        return sympy.Integer(0)
    if u == X:
        return sympy.Integer(1)
    if u.is_polynomial(X):  # the power rule, term by term
        return sympy.Add(*[_power_rule(t) for t in sympy.Add.make_args(sympy.expand(u))])
    coeff, rest = u.as_coeff_Mul()
    if rest.is_Pow and rest.base == X and not rest.exp.has(X):
        return coeff * rest.exp * X ** (rest.exp - 1)
    table = {sympy.sin(X): sympy.cos(X), sympy.cos(X): -sympy.sin(X), sympy.exp(X): sympy.exp(X), sympy.log(X): 1 / X}
    return coeff * table[rest] if rest in table else None


def _power_rule(term: sympy.Expr, slip: bool = False) -> sympy.Expr:
    """d/dx of c·xⁿ is n·c·xⁿ⁻¹ (as a slip: n·c·xⁿ, the power not lowered)."""
    coeff, power = term.as_coeff_exponent(X)
    if power == 0:
        return sympy.Integer(0)
    return coeff * power * X ** (power if slip else power - 1)


def _chain_parts(u: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(outer derivative evaluated at the inner function, inner function) for g(inner)."""
    if isinstance(u, (sympy.sin, sympy.cos, sympy.exp, sympy.log)) and u.args[0] != X:
        inner = u.args[0]
        outer = {sympy.sin: sympy.cos(inner), sympy.cos: -sympy.sin(inner), sympy.exp: sympy.exp(inner), sympy.log: 1 / inner}
        return outer[type(u)], inner
    if u.is_Pow and not u.exp.has(X) and u.base != X:
        return u.exp * u.base ** (u.exp - 1), u.base
    return None


class DifferentiationSpace(Space[DiffState]):
    """Rule-by-rule differentiation of one function of x."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.f = _parse(problem.data()["function"])

    def root(self) -> DiffState:
        return DiffState(D(self.f, X))

    def key(self, state: DiffState) -> tuple:
        return (sympy.srepr(state.expr), state.done, state.slipped)

    def is_terminal(self, state: DiffState) -> bool:
        return state.done

    def answer(self, state: DiffState) -> str | None:
        return sympy.sstr(state.expr) if state.done else None

    def heuristic(self, state: DiffState) -> float:
        return float(sum(1 + int(sympy.count_ops(d.expr) > 2) for d in _pending(state.expr)) + (0 if state.done else 1))

    def _move(self, state: DiffState, expr: sympy.Expr, text: str, kind: str, done: bool = False, wrong: bool = False) -> Move:
        machine = sympy.sstr(expr)
        step = Step(f"{text}: {show(expr)}", machine, kind, intended_wrong=wrong, latex=latex(machine))
        return Move(step, DiffState(expr, done, state.slipped or wrong))

    def propose(self, state: DiffState, k: int) -> list[Move]:
        pending = _pending(state.expr)
        if not pending:
            return [self._move(state, _simplest(state.expr), "Simplify", "simplify", done=True)]
        moves = []
        structural = next((d for d in pending if _basic(d.expr) is None), None)
        if structural is not None:
            moves.append(self._rule(state, structural))
        basics = {d: _basic(d.expr) for d in pending if _basic(d.expr) is not None}
        if basics:
            parts = ", ".join(f"d/dx[{show(d.expr)}] = {show(v)}" for d, v in list(basics.items())[:4])
            moves.append(self._move(state, state.expr.xreplace(basics), f"Basic derivatives: {parts}", "basic"))
        return moves[:k]

    def _rule(self, state: DiffState, node: sympy.Derivative, slip: bool = False) -> Move:
        u = node.expr
        coeff, rest = u.as_coeff_Mul()
        if u.is_Add:
            new = sympy.Add(*[D(term, X) for term in u.args])
            text, kind = "Sum rule: differentiate term by term", "sum_rule"
        elif coeff != 1:
            new = coeff * D(rest, X)
            text, kind = f"Constant multiple: take {coeff} outside", "constant_rule"
        else:
            top, bottom = sympy.fraction(sympy.together(u)) if u.is_Mul or u.is_Pow else (u, sympy.Integer(1))
            chain = _chain_parts(u)
            if bottom.has(X) and top != 1 and u.is_Mul:
                new = (D(top, X) * bottom - top * D(bottom, X)) / bottom**2
                if slip:
                    new = (top * D(bottom, X) - D(top, X) * bottom) / bottom**2
                text, kind = f"Quotient rule with u = {show(top)}, v = {show(bottom)}: (u'v - uv')/v^2", "quotient_rule"
            elif u.is_Mul:
                first, second = u.args[0], sympy.Mul(*u.args[1:])
                new = D(first, X) * D(second, X) if slip else D(first, X) * second + first * D(second, X)
                text, kind = f"Product rule with u = {show(first)}, v = {show(second)}: u'v + uv'", "product_rule"
            elif chain is not None:
                outer, inner = chain
                new = outer if slip else outer * D(inner, X)
                text, kind = f"Chain rule with inner function {show(inner)}", "chain_rule"
            else:
                raise ValueError(f"no rule for {u}")
        return self._move(state, state.expr.xreplace({node: new}), text, kind + ("_slip" if slip else ""), wrong=slip)

    def propose_wrong(self, state: DiffState, k: int, rng: random.Random) -> list[Move]:
        if state.slipped or state.done:
            return []
        pending = _pending(state.expr)
        moves: list[Move] = []
        structural = next((d for d in pending if _basic(d.expr) is None), None)
        if structural is not None and not structural.expr.is_Add and structural.expr.as_coeff_Mul()[0] == 1:
            moves.append(self._rule(state, structural, slip=True))
        for d in pending:
            u = d.expr
            if u.is_polynomial(X) and u.has(X):
                slip = sympy.Add(*[_power_rule(t, slip=True) for t in sympy.Add.make_args(sympy.expand(u))])
                wrong = state.expr.xreplace({d: slip})
                moves.append(self._move(state, wrong, f"Power rule: d/dx[{show(u)}] = {show(slip)}", "power_slip", wrong=True))
            if u == sympy.cos(X):
                moves.append(self._move(state, state.expr.xreplace({d: sympy.sin(X)}), "Basic derivatives: d/dx[cos(x)] = sin(x)", "sign_slip", wrong=True))
        truth = _values(state.expr)
        kept = [m for m in moves if truth is not None and _values(m.next_state.expr) != truth]
        rng.shuffle(kept)
        return kept[:k]


def _values(expr: sympy.Expr) -> tuple | None:
    """The expression (pending derivatives done) at the sample points, to 9 places."""
    try:
        done = expr.doit()
        return tuple(round(complex(sympy.N(done.subs(X, p), 20)).real, 9) for p in SAMPLES)
    except (TypeError, ValueError, ZeroDivisionError):
        return None


def _simplest(expr: sympy.Expr) -> sympy.Expr:
    """The shortest of a few cheap normal forms (expanded, over one denominator, factored)."""
    expanded = sympy.expand(expr)
    candidates = [expanded]
    if sympy.fraction(sympy.together(expanded))[1] != 1:
        candidates.append(sympy.factor(sympy.together(expanded)))
    return min(candidates, key=lambda e: (sympy.count_ops(e), len(sympy.sstr(e))))


@lru_cache(maxsize=1024)
def _parse(text: str) -> sympy.Expr:
    return sympy.sympify(text, locals={"x": X})


SPACES.register("differentiation", DifferentiationSpace)
