"""Integration one method at a time, over sympy expressions with pending integrals.

A state may still contain ``Integral(f, x)`` nodes. A move works on the first one, one
method per step, named as a textbook names it: expand a product or power of brackets
(shown, never done silently inside another rule); split a sum into terms; take a constant
outside; the power rule (∫xⁿ dx = xⁿ⁺¹/(n + 1), n ≠ −1), the log rule (∫1/x dx = ln|x|)
and the standard integrals of eˣ, sin and cos; a linear inner function (divide by its
slope); a substitution u = g(x) when g' is present; integration by parts (u = x or
u = ln x). The last move adds the constant. Each keeps the derivative of the state equal
to the integrand. Steps and answers are LaTeX; integrands that are sums stand in brackets.

Wrong moves on request (``Step.error_kind``): the power rule without dividing by n + 1, dividing by
n + 1 but leaving the power as it was, or dividing by n (``POWER_SLIPS``), the slope of a linear inner
function multiplied instead of divided, the substitution's du forgotten, eˣ integrated by the power rule
(``wrong_rule``); ∫sin = cos, ∫cos = −sin, uv + ∫v du, a polynomial's last term or a term of a split sum
with its sign lost (``sign_slip``); a term's number dropped as a sum is split, the slope not divided by, a
constant lost on its way outside (``dropped_factor``); a term of a sum forgotten (``dropped_term``); each
checked numerically to change the derivative. A table step writes the number in front of its integral
(28∫x³ dx = 7x⁴), so a slip changes that one term as the sound step does.
"""

from __future__ import annotations

import random
from functools import lru_cache
from dataclasses import dataclass

import sympy

from cotforge.core.memo import Memo
from cotforge.domains.algebra import sympy_text
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._integration_print import sstr
from cotforge.solvers.spaces._integration_slopes import clearly_apart
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
    out = absolute_logs(latex(_sstr(expr.xreplace(marks))))
    for node, mark in marks.items():
        out = out.replace(rf"\mathrm{{{mark.name}}}", rf"\int {_body(node.function)}\,dx")
    return out


@lru_cache(maxsize=8192)
def plain(expr: sympy.Expr) -> str:
    """LaTeX of a piece of the integrand, as the question writes it."""
    return latex(_sstr(expr))


_sstr = lru_cache(maxsize=8192)(sstr)
"""Printing a state is most of a move's cost; the search and the negatives meet the same states many times."""


@dataclass(frozen=True, slots=True)
class IntState:
    expr: sympy.Expr
    done: bool = False
    slipped: bool = False


_MEMO_MAX = 20_000
_SOUND: Memo[IntState, tuple[Move, ...]] = Memo(_MEMO_MAX)
"""state -> its sound move (a pure function of the state: the search and the negatives' fresh spaces meet the same states)."""
_WRONG: Memo[IntState, tuple[Move, ...]] = Memo(_MEMO_MAX)
"""state -> its wrong moves that change the derivative, in the order they are built (shuffled per request)."""


POWER_SLIPS = ("undivided", "unraised", "by_n")
"""The power rule's slips: not dividing by n + 1; dividing by n + 1 but leaving the power as it was;
dividing by n instead of n + 1 (the one shortens the answer, the next keeps its length, the last
lengthens it, as a model's slips do)."""


@lru_cache(maxsize=_MEMO_MAX)
def _expand(f: sympy.Expr) -> sympy.Expr:
    """``sympy.expand(f)``, remembered: the sound move and the five slips of a state each ask for the same expansions."""
    return sympy.expand(f)


@lru_cache(maxsize=_MEMO_MAX)
def _dx(f: sympy.Expr) -> sympy.Expr:
    """``sympy.diff(f, x)``, remembered for the same reason."""
    return sympy.diff(f, X)


@lru_cache(maxsize=_MEMO_MAX)
def _cancel(f: sympy.Expr) -> sympy.Expr:
    return sympy.cancel(f)


@lru_cache(maxsize=_MEMO_MAX)
def _is_polynomial(f: sympy.Expr, var: sympy.Symbol = X) -> bool:
    return bool(f.is_polynomial(var))


@lru_cache(maxsize=_MEMO_MAX)
def table(f: sympy.Expr, var: sympy.Symbol = X, slip: bool = False, power: str = "undivided") -> sympy.Expr | None:
    """A standard antiderivative of ``f`` (polynomials, powers, 1/x, exp, sin, cos) or None. With ``slip``:
    the power rule's slip named ``power`` (``POWER_SLIPS``), and for the first of them also ∫sin = cos,
    ∫cos = -sin (None where ``f`` has no such slip)."""
    if not f.has(var):
        return f * var
    if _is_polynomial(f, var) and _expand(f).is_Add:
        terms = [table(t, var, slip, power) for t in _expand(f).args]
        return None if any(t is None for t in terms) else sympy.Add(*terms)
    coeff, rest = f.as_coeff_Mul()
    n = sympy.Integer(1) if rest == var else rest.exp if rest.is_Pow and rest.base == var and not rest.exp.has(var) else None
    if n is not None and n != -1:
        if not slip:
            return coeff * var ** (n + 1) / (n + 1)
        if power == "unraised":
            return coeff * var**n / (n + 1)
        if power == "by_n":
            return None if n == 0 else coeff * var ** (n + 1) / n
        return coeff * var ** (n + 1)
    if slip and power != "undivided":
        return None
    if n == -1:
        return coeff * sympy.log(var)
    known = {sympy.exp(var): sympy.exp(var), sympy.sin(var): (1 if slip else -1) * sympy.cos(var),
             sympy.cos(var): (-1 if slip else 1) * sympy.sin(var)}
    return coeff * known[rest] if rest in known else None


OTHER_SLIPS = ("sign", "dropped")
"""Slips beside the power rule's: a sign lost (the last term of a sum), a number dropped (a term's coefficient)."""
SLIP_MODES = POWER_SLIPS + OTHER_SLIPS


@lru_cache(maxsize=_MEMO_MAX)
def _other_slip(f: sympy.Expr, mode: str) -> tuple[sympy.Expr | None, str]:
    """A table integral of ``f`` gone wrong in ``mode`` (``OTHER_SLIPS``), with its error kind; (None, "") where it has none.

    ``sign``: a polynomial's last term written with the wrong sign (``sign_slip``), or eˣ integrated by the
    power rule as eˣ⁺¹/(x + 1) (``wrong_rule``). ``dropped``: the number in front of a single term lost
    (∫ x²/3 dx as x³/3: ``dropped_factor``)."""
    right = table(f)
    if right is None:
        return None, ""
    coeff, rest = f.as_coeff_Mul()
    if mode == "sign":
        if _is_polynomial(f) and _expand(right).is_Add:
            last = _expand(right).as_ordered_terms()[-1]
            return right - 2 * last, "sign_slip"
        if rest == sympy.exp(X):
            return coeff * sympy.exp(X + 1) / (X + 1), "wrong_rule"
        return None, ""
    if abs(coeff) != 1 and not _expand(f).is_Add:
        return sympy.sign(coeff) * table(rest), "dropped_factor"
    return None, ""


@lru_cache(maxsize=_MEMO_MAX)
def _linear_inner(f: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(F(u), u) when f = g(ax + b) with a standard g: ∫ f dx = F(ax + b)/a."""
    inner = f.base if f.is_Pow else f.args[0] if isinstance(f, (sympy.exp, sympy.sin, sympy.cos)) else None
    if inner is None or inner == X or not _is_polynomial(inner) or sympy.degree(inner, X) != 1 or f.is_Pow and f.exp.has(X):
        return None
    outer = table(f.subs(inner, U), U)
    return (outer, inner) if outer is not None else None


@lru_cache(maxsize=_MEMO_MAX)
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
        return (state.expr, state.done, state.slipped)  # sympy compares and hashes by structure, as srepr would print it

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
        def sound() -> tuple[Move, ...]:
            move = self._method(state, slip=False)
            return (move,) if move is not None else ()

        return list(_SOUND.remember(state, sound))

    def propose_wrong(self, state: IntState, k: int, rng: random.Random) -> list[Move]:
        if state.slipped or state.done:
            return []
        kept = list(_WRONG.remember(state, lambda: self._wrong(state)))
        rng.shuffle(kept)
        return kept[:k]

    def _wrong(self, state: IntState) -> tuple[Move, ...]:
        """The wrong moves of ``state`` that change its derivative, one per distinct result, in the order built."""
        moves = [self._method(state, slip=True, power=mode) for mode in SLIP_MODES]
        kept = [m for m in moves if m is not None and m.step.intended_wrong and _changes_slope(state.expr, m.next_state.expr)]
        return tuple(list({m.step.state: m for m in reversed(kept)}.values())[::-1])  # x: by n = 1 is the undivided slip

    def _method(self, state: IntState, slip: bool, power: str = "undivided") -> Move | None:
        """The method for the first pending integral; with ``slip`` its wrong form (``power``: which of the
        power rule's slips; other methods have one slip, asked with the first; None where there is none)."""
        other = power != POWER_SLIPS[0]  # asking only for the power rule's other slips or another mode
        focus = _focus(state.expr)
        if focus is None:
            return None if slip else self._move(state, state.expr, "Add the constant of integration", "constant", done=True)
        node, scale, coeff, rest, high = focus  # scale: the number in front of the integral, shown with it (28∫x³dx = 7x⁴)
        f = node.function
        put = lambda new: state.expr.xreplace({node: new})  # noqa: E731
        local = lambda new: f"${_lead(scale)}\\int {_body(f)}\\,dx = {tex(sympy.expand(scale * new) if new.is_Add else scale * new)}$"  # noqa: E731
        if _is_polynomial(f) and _expand(f) != f and not high:
            if slip:
                return None
            return self._move(state, put(sympy.Integral(_expand(f), X)), f"Expand the integrand: ${plain(f)} = {plain(_expand(f))}$", "expand")
        if f.is_Add and not f.is_polynomial(X):
            split = [t.as_coeff_Mul() for t in f.args]
            if slip and power == "sign":  # the last term's sign lost as the sum is split
                split[-1] = (-split[-1][0], split[-1][1])
            elif slip and power == "dropped":  # a term's number left behind as the sum is split
                at = next((i for i, (c, _) in enumerate(split) if abs(c) != 1), None)
                if at is None:
                    return None
                split[at] = (sympy.sign(split[at][0]), split[at][1])
            elif other:
                return None
            elif slip:
                split = split[:-1]
            new = sympy.Add(*[c * sympy.Integral(r, X) for c, r in split])
            kind = {"sign": "sign_slip", "dropped": "dropped_factor"}.get(power, "dropped_term")
            return self._move(state, put(new), "Integrate term by term", "linearity", error_kind=kind if slip else "")
        if coeff != 1 and (table(f) is None or high):
            text = f"Take the constant ${tex(coeff)}$ outside the integral"
            if slip:  # the constant lost on the way out
                return self._move(state, put(sympy.Integral(rest, X)), text, "constant_multiple", error_kind="dropped_factor") if power == "dropped" else None
            return self._move(state, put(coeff * sympy.Integral(rest, X)), text, "constant_multiple")
        powered = _is_polynomial(f) or (rest.is_Pow and rest.base == X and rest.exp != -1)
        if slip and power in OTHER_SLIPS:
            basic, kind = (None, "") if high or table(f) is None else _other_slip(f, power)
        else:
            basic = None if high else table(f, slip=slip, power=power)
            kind = "wrong_rule" if powered else "" if rest == 1 / X else "sign_slip"
        if other and (basic is None or not powered) and power in POWER_SLIPS or power == "sign" and basic is None:
            return None
        if basic is not None:
            if powered:
                rule = "Power rule, $\\int x^{n}\\,dx = \\frac{x^{n + 1}}{n + 1}$ (term by term)"
            elif rest == 1 / X:
                rule = "Log rule, $\\int \\frac{1}{x}\\,dx = \\ln\\left|x\\right|$"
            else:
                rule = "Standard integral"
            if slip and not kind:
                return None
            return self._move(state, put(basic), f"{rule}: {local(basic)}", "table", error_kind=kind if slip else "")
        linear = _linear_inner(f)
        if linear is not None:
            if other and power != "dropped":
                return None
            outer, inner = linear
            slope = _dx(inner)
            new = outer.subs(U, inner) * ((1 if power == "dropped" else slope) if slip else 1 / slope)
            text = f"The inner function ${plain(inner)}$ is linear with slope ${tex(slope)}$: {local(new)}"
            kind = "dropped_factor" if power == "dropped" else "wrong_rule"
            return self._move(state, put(new), text, "linear_substitution", error_kind=kind if slip else "")
        if other:
            return None
        sub = self._substitution(f)
        if sub is not None:
            u, in_u, anti = sub
            result = anti.subs(U, u) * (_dx(u) if slip else 1)
            text = (f"Substitute $u = {plain(u)}$, so $du = {plain(_dx(u))}\\,dx$ and the integral becomes "
                    f"$\\int {_body(in_u)}\\,du = {tex(anti)}$; back in $x$: {local(result)}")
            return self._move(state, put(result), text, "substitution", error_kind="wrong_rule" if slip else "")
        parts = self._by_parts(f)
        if parts is not None:
            u, v = parts
            sign = 1 if slip else -1
            new = u * v + sign * sympy.Integral(_expand(v * _dx(u)), X)
            text = (f"Integrate by parts with $u = {plain(u)}$, $dv = {plain(_cancel(f / u))}\\,dx$, so $du = {plain(_dx(u))}\\,dx$ "
                    f"and $v = {tex(v)}$: $\\int u\\,dv = uv {'+' if slip else '-'} \\int v\\,du$")
            return self._move(state, put(new), text, "by_parts", error_kind="sign_slip" if slip else "")
        return None

    @staticmethod
    @lru_cache(maxsize=_MEMO_MAX)
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
    @lru_cache(maxsize=_MEMO_MAX)
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


@lru_cache(maxsize=_MEMO_MAX)
def _focus(expr: sympy.Expr) -> tuple[sympy.Integral, sympy.Expr, sympy.Expr, sympy.Expr, bool] | None:
    """The first pending integral of a state, the number in front of it, its integrand's constant factor and the
    rest, and whether that rest is a high power a substitution integrates; None when no integral is pending. Worked
    out once per state: the sound move and each slip start from it."""
    node = next((n for n in sympy.preorder_traversal(expr) if isinstance(n, sympy.Integral)), None)
    if node is None:
        return None
    f = node.function
    coeff, rest = f.as_independent(X, as_Add=False)
    return node, _scale(expr, node), coeff, rest, _high_power_by_substitution(rest, f)


def _scale(expr: sympy.Expr, node: sympy.Integral) -> sympy.Expr:
    """The number ``node`` is multiplied by in ``expr`` (1 where it stands alone or is multiplied by more than a number)."""
    for term in sympy.Add.make_args(expr):
        if term.has(node):
            rest = sympy.Mul(*[f for f in sympy.Mul.make_args(term) if f != node])
            return rest if rest.is_number else sympy.Integer(1)
    return sympy.Integer(1)


def _lead(scale: sympy.Expr) -> str:
    """``scale`` written in front of an integral sign: nothing for 1, a minus for -1."""
    return "" if scale == 1 else "-" if scale == -1 else f"{tex(scale)} "


@lru_cache(maxsize=8192)
def _body(f: sympy.Expr) -> str:
    body = latex(_sstr(f))
    return rf"\left({body}\right)" if f.is_Add else body


def _u_table(f: sympy.Expr) -> sympy.Expr | None:
    coeff, rest = f.as_coeff_Mul()
    return coeff * sympy.log(U) if rest == 1 / U else None


def _changes_slope(before: sympy.Expr, after: sympy.Expr) -> bool:
    """The move changes the state's derivative at a sample point: decided in floating point where it clearly does
    (``_integration_slopes``), else by ``_slopes`` (the same answer wherever the first one gives one)."""
    return clearly_apart(before, after) or _slopes(after) != _slopes(before)


@lru_cache(maxsize=8192)
def _slopes(expr: sympy.Expr) -> tuple | None:
    """The derivative of a state at the sample points (pending integrals count as their integrands)."""
    try:
        derivative = sympy.Add(*[_term_derivative(t) for t in expr.args]) if expr.is_Add else _term_derivative(expr)
        return tuple(round(complex(sympy.N(derivative.xreplace({X: p}), 20)).real, 9) for p in SAMPLES)  # xreplace: subs's result, without its pattern matching
    except (TypeError, ValueError):
        return None


@lru_cache(maxsize=_MEMO_MAX)
def _term_derivative(term: sympy.Expr) -> sympy.Expr:
    """d/dx of one term of a state: sympy differentiates a sum term by term (``Add._eval_derivative``), and the
    states of a chain and their wrong moves share most terms, so each is differentiated once. A pending integral
    times a number gives that number times its integrand, as sympy's Leibniz rule does, without that rule's work."""
    coeff, rest = term.as_coeff_Mul()
    if isinstance(rest, sympy.Integral) and rest.limits == ((X,),):
        return coeff * rest.function
    return sympy.diff(term, X)


SPACES.register("integration", IntegrationSpace)
