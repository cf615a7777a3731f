"""Integration one method at a time, over sympy expressions with pending integrals.

A state may still contain ``Integral(f, x)`` nodes. A move works on the first one, one
method per step, named as a textbook names it: expand a product or power of brackets
(shown, never done silently inside another rule); split a sum into terms; take a constant
outside; the power rule (∫xⁿ dx = xⁿ⁺¹/(n + 1), n ≠ −1), the log rule (∫1/x dx = ln|x|)
and the standard integrals of eˣ, sin and cos; a linear inner function (divide by its
slope); a substitution u = g(x) when g' is present; integration by parts (u = x or
u = ln x). The last move adds the constant. Each keeps the derivative of the state equal
to the integrand. Steps and answers are LaTeX; integrands that are sums stand in brackets.

Wrong moves on request (``Step.error_kind``): the power rule without dividing by n + 1, the
slope of a linear inner function multiplied instead of divided, the substitution's du
forgotten (``wrong_rule``); ∫sin = cos and uv + ∫v du (``sign_slip``); a term of a sum
forgotten (``dropped_term``); each checked numerically to change the derivative.
"""

from __future__ import annotations

import random
from functools import lru_cache
from dataclasses import dataclass

import sympy

from cotforge.domains.algebra import sympy_text
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.domains.calculus_tex import absolute_logs
from cotforge.domains.latex import latex
from cotforge.domains.latex_answer import answer_latex

X = sympy.Symbol("x")
U = sympy.Symbol("u")
SAMPLES = (sympy.Rational(7, 10), sympy.Rational(13, 10), sympy.Rational(23, 10))


@lru_cache(maxsize=8192)
def tex(expr: sympy.Expr) -> str:
    """LaTeX of a state: pending integrals as ``\\int \\left(f\\right)\\,dx`` (bracketed when f is a sum);
    a logarithm found by integrating gets its bars (ln|x|), one inside an integrand keeps its brackets."""
    nodes = [n for n in sympy.preorder_traversal(expr) if isinstance(n, sympy.Integral)]
    marks = {n: sympy.Symbol(f"Q{i}q") for i, n in enumerate(dict.fromkeys(nodes))}
    out = absolute_logs(latex(sympy.sstr(expr.xreplace(marks))))
    for node, mark in marks.items():
        out = out.replace(rf"\mathrm{{{mark.name}}}", rf"\int {_body(node.function)}\,dx")
    return out


@lru_cache(maxsize=8192)
def plain(expr: sympy.Expr) -> str:
    """LaTeX of a piece of the integrand, as the question writes it."""
    return latex(sympy.sstr(expr))


_sstr = lru_cache(maxsize=8192)(sympy.sstr)
_srepr = lru_cache(maxsize=8192)(sympy.srepr)
"""Printing a state is most of a move's cost; the search and the negatives meet the same states many times."""


@dataclass(frozen=True, slots=True)
class IntState:
    expr: sympy.Expr
    done: bool = False
    slipped: bool = False


def table(f: sympy.Expr, var: sympy.Symbol = X, slip: bool = False) -> sympy.Expr | None:
    """A standard antiderivative of ``f`` (polynomials, powers, 1/x, exp, sin, cos) or None."""
    if not f.has(var):
        return f * var
    if f.is_polynomial(var) and sympy.expand(f).is_Add:
        return sympy.Add(*[table(t, var, slip) for t in sympy.expand(f).args])
    coeff, rest = f.as_coeff_Mul()
    if rest == var:
        return coeff * var**2 / (1 if slip else 2)
    if rest.is_Pow and rest.base == var and not rest.exp.has(var):
        n = rest.exp
        if n == -1:
            return coeff * sympy.log(var)
        return coeff * var ** (n + 1) / (1 if slip else n + 1)
    known = {sympy.exp(var): sympy.exp(var), sympy.sin(var): (1 if slip else -1) * sympy.cos(var), sympy.cos(var): sympy.sin(var)}
    return coeff * known[rest] if rest in known else None


def _linear_inner(f: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(F(u), u) when f = g(ax + b) with a standard g: ∫ f dx = F(ax + b)/a."""
    inner = f.base if f.is_Pow else f.args[0] if isinstance(f, (sympy.exp, sympy.sin, sympy.cos)) else None
    if inner is None or inner == X or not inner.is_polynomial(X) or sympy.degree(inner, X) != 1 or f.is_Pow and f.exp.has(X):
        return None
    outer = table(f.subs(inner, U), U)
    return (outer, inner) if outer is not None else None


def _high_power_by_substitution(rest: sympy.Expr, f: sympy.Expr) -> bool:
    """A bracket to a power of 3 or more that a substitution integrates: the textbook does not multiply it out.

    (Expanding (2x + 6)^4 and integrating term by term gives an antiderivative that differs from
    (2x + 6)^5 / 10 by a constant, which a grader comparing expressions reads as another answer.)"""
    powers = [p for p in sympy.Mul.make_args(rest) if p.is_Pow and p.base.is_Add and p.exp.is_Integer and p.exp >= 3]
    return bool(powers) and (_linear_inner(rest) is not None or IntegrationSpace._substitution(f) is not None)


class IntegrationSpace(Space[IntState]):
    """Method-by-method integration of one function of x."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.f = sympy_text(problem.data()["integrand"], {"x": X})

    def root(self) -> IntState:
        return IntState(sympy.Integral(self.f, X))

    def key(self, state: IntState) -> tuple:
        return (_srepr(state.expr), state.done, state.slipped)

    def is_terminal(self, state: IntState) -> bool:
        return state.done

    def answer(self, state: IntState) -> str | None:
        return absolute_logs(answer_latex(f"{_sstr(state.expr)} + C", "antiderivative")) if state.done else None

    def heuristic(self, state: IntState) -> float:
        return float(sum(1 for n in sympy.preorder_traversal(state.expr) if isinstance(n, sympy.Integral)) + (not state.done))

    def _move(self, state: IntState, expr: sympy.Expr, text: str, kind: str, done: bool = False, error_kind: str = "") -> Move:
        machine = _sstr(expr)
        whole = tex(expr) + (" + C" if done else "")
        step = Step(f"{text}, so the integral is ${whole}$.", machine, kind, intended_wrong=bool(error_kind), latex=whole,
                    error_kind=error_kind)
        return Move(step, IntState(expr, done, state.slipped or bool(error_kind)))

    def propose(self, state: IntState, k: int) -> list[Move]:
        move = self._method(state, slip=False)
        return [move] if move is not None else []

    def propose_wrong(self, state: IntState, k: int, rng: random.Random) -> list[Move]:
        if state.slipped or state.done:
            return []
        move = self._method(state, slip=True)
        if move is None or not move.step.intended_wrong or _slopes(move.next_state.expr) == _slopes(state.expr):
            return []
        return [move]

    def _method(self, state: IntState, slip: bool) -> Move | None:
        node = next((n for n in sympy.preorder_traversal(state.expr) if isinstance(n, sympy.Integral)), None)
        if node is None:
            return None if slip else self._move(state, state.expr, "Add the constant of integration", "constant", done=True)
        f = node.function
        put = lambda new: state.expr.xreplace({node: new})  # noqa: E731
        local = lambda new: f"$\\int {_body(f)}\\,dx = {tex(new)}$"  # noqa: E731
        coeff, rest = f.as_independent(X, as_Add=False)
        high = _high_power_by_substitution(rest, f)
        if f.is_polynomial(X) and sympy.expand(f) != f and not high:
            if slip:
                return None
            return self._move(state, put(sympy.Integral(sympy.expand(f), X)), f"Expand the integrand: ${plain(f)} = {plain(sympy.expand(f))}$", "expand")
        if f.is_Add and not f.is_polynomial(X):
            terms = list(f.args)[:-1] if slip else list(f.args)
            new = sympy.Add(*[c * sympy.Integral(r, X) for c, r in (t.as_coeff_Mul() for t in terms)])
            return self._move(state, put(new), "Integrate term by term", "linearity",
                              error_kind="dropped_term" if slip else "")
        if coeff != 1 and (table(f) is None or high):
            return None if slip else self._move(state, put(coeff * sympy.Integral(rest, X)), f"Take the constant ${tex(coeff)}$ outside the integral", "constant_multiple")
        basic = None if high else table(f, slip=slip)
        if basic is not None:
            if f.is_polynomial(X) or (rest.is_Pow and rest.base == X and rest.exp != -1):
                rule, kind = "Power rule, $\\int x^{n}\\,dx = \\frac{x^{n + 1}}{n + 1}$ (term by term)", "wrong_rule"
            elif rest == 1 / X:
                rule, kind = "Log rule, $\\int \\frac{1}{x}\\,dx = \\ln\\left|x\\right|$", ""
            else:
                rule, kind = "Standard integral", "sign_slip"
            if slip and not kind:
                return None
            return self._move(state, put(basic), f"{rule}: {local(basic)}", "table", error_kind=kind if slip else "")
        linear = _linear_inner(f)
        if linear is not None:
            outer, inner = linear
            slope = sympy.diff(inner, X)
            new = outer.subs(U, inner) * (slope if slip else 1 / slope)
            text = f"The inner function ${plain(inner)}$ is linear: integrate the outer function and divide by its slope ${tex(slope)}$: {local(new)}"
            return self._move(state, put(new), text, "linear_substitution", error_kind="wrong_rule" if slip else "")
        sub = self._substitution(f)
        if sub is not None:
            u, in_u, anti = sub
            result = anti.subs(U, u) * (sympy.diff(u, X) if slip else 1)
            text = (f"Substitute $u = {plain(u)}$, so $du = {plain(sympy.diff(u, X))}\\,dx$ and the integral becomes "
                    f"$\\int {_body(in_u)}\\,du = {tex(anti)}$; back in $x$: {local(result)}")
            return self._move(state, put(result), text, "substitution", error_kind="wrong_rule" if slip else "")
        parts = self._by_parts(f)
        if parts is not None:
            u, v = parts
            sign = 1 if slip else -1
            new = u * v + sign * sympy.Integral(sympy.expand(v * sympy.diff(u, X)), X)
            text = (f"Integrate by parts with $u = {plain(u)}$, $dv = {plain(sympy.cancel(f / u))}\\,dx$, so $du = {plain(sympy.diff(u, X))}\\,dx$ "
                    f"and $v = {tex(v)}$: $\\int u\\,dv = uv {'+' if slip else '-'} \\int v\\,du$")
            return self._move(state, put(new), text, "by_parts", error_kind="sign_slip" if slip else "")
        return None

    @staticmethod
    def _substitution(f: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr, sympy.Expr] | None:
        """(u, the integrand in u, its antiderivative in u) for the first u whose derivative is present."""
        candidates = [n.base if n.is_Pow else n.args[0] for n in sympy.preorder_traversal(f) if (n.is_Pow and n.base.has(X) and n.base != X) or isinstance(n, (sympy.exp, sympy.sin, sympy.cos, sympy.log))]
        for u in candidates:
            if not u.has(X) or u == X:
                continue
            ratio = f / sympy.diff(u, X)
            rest = next((r for r in (sympy.factor_terms(ratio).subs(u, U), sympy.factor_terms(sympy.cancel(ratio)).subs(u, U)) if not r.has(X)), None)
            if rest is None:
                continue
            antiderivative = table(rest, U) or (_u_table(rest))
            if antiderivative is not None:
                return u, rest, antiderivative
        return None

    @staticmethod
    def _by_parts(f: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr] | None:
        factors = sympy.Mul.make_args(f)
        logs = [g for g in factors if isinstance(g, sympy.log)]
        if logs:
            v = table(sympy.cancel(f / logs[0]))
            return (logs[0], v) if v is not None else None
        polys = [g for g in factors if g.is_polynomial(X) and g.has(X)]
        if polys:
            rest = sympy.cancel(f / polys[0])
            linear = _linear_inner(rest)
            v = table(rest) if linear is None else linear[0].subs(U, linear[1]) / sympy.diff(linear[1], X)
            return (polys[0], v) if v is not None else None
        return None


@lru_cache(maxsize=8192)
def _body(f: sympy.Expr) -> str:
    body = latex(_sstr(f))
    return rf"\left({body}\right)" if f.is_Add else body


def _u_table(f: sympy.Expr) -> sympy.Expr | None:
    coeff, rest = f.as_coeff_Mul()
    return coeff * sympy.log(U) if rest == 1 / U else None


@lru_cache(maxsize=8192)
def _slopes(expr: sympy.Expr) -> tuple | None:
    """The derivative of a state at the sample points (pending integrals count as their integrands)."""
    try:
        derivative = sympy.diff(expr, X)
        return tuple(round(complex(sympy.N(derivative.subs(X, p), 20)).real, 9) for p in SAMPLES)
    except (TypeError, ValueError):
        return None


SPACES.register("integration", IntegrationSpace)
