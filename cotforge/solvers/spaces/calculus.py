"""Differentiation one rule at a time, over sympy expressions with pending derivatives.

A state is an expression that may still contain ``Derivative(u, x)`` nodes. A move applies
one named rule, as a strong student writes it: the sum rule (split into terms), the
constant multiple rule, the product rule, the quotient rule and the chain rule each work on
one pending derivative and are their own step (the rule written out with its u and v, or its
inner and outer functions); then the basic derivatives are evaluated by kind (the power rule
on c·xⁿ terms, the table for sin, cos, eˣ and ln), one kind per step. A product or power of
polynomials is never expanded silently: it goes through the product or chain rule. A last
step simplifies only when that makes the answer shorter; no step leaves the state unchanged.
Text and states are LaTeX.

Wrong moves on request (``Step.error_kind``): the product rule as u'v' and the chain rule
without the inner derivative (``wrong_rule``), the quotient rule with its terms swapped and
d/dx[cos x] = sin x (``sign_slip``), the power rule without lowering the power on one term
(``wrong_rule``: 25x⁵ for 5x⁵), the power rule multiplying by the lowered power on one term
(``arithmetic_slip``: 20x⁴ for 5x⁵), no power lowered at all (``wrong_rule``, the rule not known: 25x⁵ + 8x
for 5x⁵ + 8x), a constant's derivative taken as the constant (``kept_constant``:
d/dx[-2] = -2), a term of a sum forgotten (``dropped_term``); each is checked
numerically to really change the result. The two power-rule slips change the term of highest power
other than 1 (``x^{5}`` for ``x^{4}``, ``\\sqrt{x}`` for ``\\frac{1}{\\sqrt{x}}``, ``20`` for ``25``):
students rarely keep the x of 8x, and a slip on every term lengthened each linear and square
term, so length alone told the wrong step from the sound one (bench/README, derivative v4).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache

import sympy
from sympy.printing.str import StrPrinter

from cotforge.core.memo import Memo
from cotforge.domains.algebra import pretty, sympy_text
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.domains.latex import latex
from cotforge.domains.latex_answer import answer_latex
from cotforge.solvers.spaces._calc_values import clearly_changes

X = sympy.Symbol("x")
D = sympy.Derivative
SAMPLES = (sympy.Rational(7, 10), sympy.Rational(13, 10), sympy.Rational(23, 10))
"""Points where a slip must change the value (inside every generated function's domain)."""
_FLOAT_SAMPLES = tuple(float(p) for p in SAMPLES)


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
    """True when no derivative is pending and the expression is in its final form."""
    slipped: bool = False


_sstr = lru_cache(maxsize=8192)(sympy.sstr)
"""Printing a state is much of a move's cost; the search and the negatives meet the same states many times."""


@lru_cache(maxsize=8192)
def tex(expr: sympy.Expr) -> str:
    return latex(_sstr(expr))


_MEMO_MAX = 20_000
_SOUND: Memo[DiffState, tuple[Move, ...]] = Memo(_MEMO_MAX)
"""state -> its sound moves (a pure function of the state: the search and the negatives' fresh spaces meet the same states)."""
_WRONG: Memo[DiffState, tuple[Move, ...]] = Memo(_MEMO_MAX)
"""state -> its wrong moves that change the derivative's values, in the order they are built (shuffled per request)."""


def _pending(expr: sympy.Expr) -> list[sympy.Derivative]:
    return [node for node in sympy.preorder_traversal(expr) if isinstance(node, sympy.Derivative)]


def _basic(u: sympy.Expr, whole: bool = False) -> sympy.Expr | None:
    """The derivative of a basic function (c, c·xⁿ, a sum of those written out, c·sin x, c·cos x,
    c·eˣ, c·ln x), or None when a rule is needed first (a product or power of brackets included; the
    whole function, when it is a sum, goes through the sum rule first)."""
    if not u.has(X):
        return sympy.Integer(0)
    if u == X:
        return sympy.Integer(1)
    if u.is_polynomial(X) and sympy.expand(u) == u and (not u.is_Add or not whole):
        return sympy.Add(*[_power_rule(t) for t in sympy.Add.make_args(u)])  # term by term, each by the power rule
    coeff, rest = u.as_coeff_Mul()
    if rest.is_Pow and rest.base == X and not rest.exp.has(X):
        return coeff * rest.exp * X ** (rest.exp - 1)
    table = {sympy.sin(X): sympy.cos(X), sympy.cos(X): -sympy.sin(X), sympy.exp(X): sympy.exp(X), sympy.log(X): 1 / X}
    return coeff * table[rest] if rest in table else None


def _family(u: sympy.Expr) -> str:
    """Which rule evaluates a basic derivative: the power rule, or the table of standard derivatives."""
    rest = u.as_coeff_Mul()[1]
    return "table" if rest in (sympy.sin(X), sympy.cos(X), sympy.exp(X), sympy.log(X)) else "power"


def _power_rule(term: sympy.Expr, slip: str = "") -> sympy.Expr:
    """d/dx of c·xⁿ is n·c·xⁿ⁻¹ (slips: ``wrong_rule`` n·c·xⁿ, the power not lowered; ``arithmetic_slip``
    (n - 1)·c·xⁿ⁻¹, multiplied by the lowered power)."""
    coeff, power = term.as_coeff_exponent(X)
    if power == 0:
        return sympy.Integer(0)
    if slip == "wrong_rule":
        return coeff * power * X**power
    if slip == "arithmetic_slip":
        return coeff * (power - 1) * X ** (power - 1)
    return coeff * power * X ** (power - 1)


def _power_of(term: sympy.Expr) -> sympy.Expr | None:
    """n for a term c·xⁿ (n any nonzero constant power, √x included), else None."""
    coeff, power = term.as_coeff_exponent(X)
    return power if power != 0 and not coeff.has(X) and coeff * X**power == term else None


def _top_term(u: sympy.Expr) -> sympy.Expr:
    """The term a power-rule slip changes: of highest power other than 1, else the linear one (d/dx of 8x = 8 is
    the one students rarely get wrong); the first of equals in sympy's order."""
    return max(sympy.Add.make_args(u), key=lambda t: (_power_of(t) not in (None, 1), _power_of(t) or 0))


def _slip_target(pending: list[sympy.Derivative], slip: str) -> sympy.Derivative | None:
    """The pending power-rule derivative whose top term a slip changes: the top terms compared as in ``_top_term``;
    ``arithmetic_slip`` only on a whole power of at least 2 (on x it would make the term vanish)."""
    tops = {d: _top_term(d.expr) for d in pending}
    if slip == "arithmetic_slip":
        tops = {d: t for d, t in tops.items() if (_power_of(t) or 0) in range(2, 1000)}
    tops = {d: t for d, t in tops.items() if _power_of(t) is not None}
    if not tops:
        return None
    return max(tops, key=lambda d: (_power_of(tops[d]) != 1, _power_of(tops[d]) or 0))


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
        return (state.expr, state.done, state.slipped)  # sympy hashes and compares expressions by structure, as srepr spells it

    def is_terminal(self, state: DiffState) -> bool:
        return state.done

    def answer(self, state: DiffState) -> str | None:
        return answer_latex(_sstr(state.expr), "expression") if state.done else None

    def heuristic(self, state: DiffState) -> float:
        return _pending_weight(state.expr) + (0 if state.done else 1)

    def _move(self, state: DiffState, expr: sympy.Expr, text: str, kind: str, done: bool = False, error_kind: str = "") -> Move:
        machine = _sstr(expr)
        if not done and not _pending(expr) and (bool(error_kind) or _simplest(expr) == expr):
            done = True  # nothing left to do (a wrong line is not tidied up): this step is the last one
        prefix = "f'(x)" if not _pending(expr) else "f'(x)"
        step = Step(f"{text}, so ${prefix} = {tex(expr)}$.", machine, kind, intended_wrong=bool(error_kind), latex=tex(expr),
                    error_kind=error_kind)
        return Move(step, DiffState(expr, done, state.slipped or bool(error_kind)))

    def propose(self, state: DiffState, k: int) -> list[Move]:
        move = _SOUND.remember(state, lambda: (self._sound(state),))[0]
        return [move] if k > 0 or move.step.kind == "simplify" else []  # the last step is offered whatever k asks

    def _sound(self, state: DiffState) -> Move:
        """The state's one sound move: simplify when nothing is pending, else a rule, else basic derivatives."""
        pending = _pending(state.expr)
        if not pending:
            return self._move(state, _simplest(state.expr), "Simplify", "simplify", done=True)
        structural = next((d for d in pending if _basic(d.expr, state.expr == d) is None), None)
        if structural is not None:
            return self._rule(state, structural)
        return self._basics(state, pending)

    def _basics(self, state: DiffState, pending: list[sympy.Derivative], slip: str = "") -> Move:
        """Evaluate every pending basic derivative of one kind (power rule first, then the table)."""
        kinds = {_family(d.expr) for d in pending}
        family = "power" if "power" in kinds else "table"
        chosen = [d for d in pending if _family(d.expr) == family]
        values = {d: _basic(d.expr) for d in chosen}
        target = _slip_target(chosen, slip) if slip in ("wrong_rule", "arithmetic_slip") else None
        if target is not None:  # one term: the power not lowered, or multiplied by the lowered power
            top = _top_term(target.expr)
            values[target] = sympy.Add(*[_power_rule(t, slip if t == top else "") for t in sympy.Add.make_args(target.expr)])
        if slip == "power_everywhere":  # the power rule not known: no power lowered
            values = {d: (sympy.Add(*[_power_rule(t, "wrong_rule") for t in sympy.Add.make_args(d.expr)]) if d.expr.is_polynomial(X) else v)
                      for d, v in values.items()}
        if slip == "kept_constant":  # a constant's derivative taken as the constant itself
            kept = next(((d, t) for d in chosen for t in sympy.Add.make_args(d.expr) if t != 0 and not t.has(X)), None)
            if kept is not None:
                values[kept[0]] = values[kept[0]] + kept[1]
        if slip == "sign_slip":
            values = {d: (sympy.sin(X) * d.expr.as_coeff_Mul()[0] if d.expr.as_coeff_Mul()[1] == sympy.cos(X) else v) for d, v in values.items()}
        parts = ", ".join(f"$\\frac{{d}}{{dx}}\\left[{tex(d.expr)}\\right] = {tex(v)}$" for d, v in values.items())
        if family == "power":
            text = f"Power rule, $\\frac{{d}}{{dx}} x^{{n}} = n x^{{n - 1}}$ (a constant's derivative is 0): {parts}"
        else:
            text = f"Standard derivatives ($\\sin x \\to \\cos x$, $\\cos x \\to -\\sin x$, $e^{{x}} \\to e^{{x}}$, $\\ln x \\to \\frac{{1}}{{x}}$): {parts}"
        return self._move(state, state.expr.xreplace(values), text, "basic", error_kind="wrong_rule" if slip == "power_everywhere" else slip)

    def _rule(self, state: DiffState, node: sympy.Derivative, slip: str = "") -> Move:
        u = node.expr
        coeff, rest = u.as_coeff_Mul()
        if u.is_Add:
            terms = list(u.args)
            if slip == "dropped_term":
                terms = terms[:-1]
            new = sympy.Add(*[D(term, X) for term in terms])
            text, kind = "Sum rule: differentiate term by term", "sum_rule"
        elif coeff != 1:
            new = coeff * D(rest, X)
            text, kind = f"Constant multiple rule: take ${tex(coeff)}$ outside the derivative", "constant_rule"
        else:
            top, bottom = sympy.fraction(sympy.together(u)) if u.is_Mul or u.is_Pow else (u, sympy.Integer(1))
            chain = _chain_parts(u)
            if bottom.has(X) and top != 1 and u.is_Mul:
                new = (D(top, X) * bottom - top * D(bottom, X)) / bottom**2
                if slip == "sign_slip":
                    new = (top * D(bottom, X) - D(top, X) * bottom) / bottom**2
                rule = "u v' - u' v" if slip else "u' v - u v'"
                text = f"Quotient rule with $u = {tex(top)}$, $v = {tex(bottom)}$: $\\left(\\frac{{u}}{{v}}\\right)' = \\frac{{{rule}}}{{v^{{2}}}}$"
                kind = "quotient_rule"
            elif u.is_Mul:
                first, second = u.args[0], sympy.Mul(*u.args[1:])
                new = D(first, X) * D(second, X) if slip == "wrong_rule" else D(first, X) * second + first * D(second, X)
                rule = "u' v'" if slip == "wrong_rule" else "u' v + u v'"
                text, kind = f"Product rule with $u = {tex(first)}$, $v = {tex(second)}$: $(u v)' = {rule}$", "product_rule"
            elif chain is not None:
                outer, inner = chain
                new = outer if slip == "wrong_rule" else outer * D(inner, X)
                rule = "g'(h(x))" if slip == "wrong_rule" else "g'(h(x)) \\cdot h'(x)"
                text, kind = f"Chain rule with inner function $h(x) = {tex(inner)}$: $\\frac{{d}}{{dx}} g(h(x)) = {rule}$", "chain_rule"
            else:
                raise ValueError(f"no rule for {u}")
        return self._move(state, state.expr.xreplace({node: new}), text, kind, error_kind=slip)

    def propose_wrong(self, state: DiffState, k: int, rng: random.Random) -> list[Move]:
        if state.slipped or state.done:
            return []
        kept = list(_WRONG.remember(state, lambda: self._wrong(state)))
        rng.shuffle(kept)
        return kept[:k]

    def _wrong(self, state: DiffState) -> tuple[Move, ...]:
        """The wrong moves of ``state`` that change the values of its derivative, in the order built."""
        pending = _pending(state.expr)
        if not pending:
            return ()
        moves: list[Move] = []
        structural = next((d for d in pending if _basic(d.expr, state.expr == d) is None), None)
        if structural is not None:
            u = structural.expr
            if u.is_Add and len(u.args) > 1:
                moves.append(self._rule(state, structural, "dropped_term"))
            elif u.as_coeff_Mul()[0] == 1:
                top, bottom = sympy.fraction(sympy.together(u)) if u.is_Mul or u.is_Pow else (u, sympy.Integer(1))
                slip = "sign_slip" if bottom.has(X) and top != 1 and u.is_Mul else "wrong_rule"
                try:
                    moves.append(self._rule(state, structural, slip))
                except ValueError:
                    pass
        else:
            moves += [self._basics(state, pending, slip) for slip in ("wrong_rule", "power_everywhere", "arithmetic_slip", "kept_constant", "sign_slip")]
        distinct = {m.next_state.expr: m for m in reversed(moves)}  # two slips that write the same line: the first
        return tuple(m for m in moves if distinct[m.next_state.expr] is m and m.step.intended_wrong and _changes(state.expr, m.next_state.expr))


def _changes(expr: sympy.Expr, slipped: sympy.Expr) -> bool:
    """The slip really changes the derivative: its values differ from the state's (which has values). A quick float
    check decides when the values are far apart; otherwise the exact values do."""
    if clearly_changes(expr, slipped, X, _FLOAT_SAMPLES):
        return True
    truth = _values(expr)
    return truth is not None and _values(slipped) != truth


@lru_cache(maxsize=8192)
def _pending_weight(expr: sympy.Expr) -> float:
    """Pending derivatives, counting a non-trivial one twice (the heuristic's estimate of steps left)."""
    return float(sum(1 + int(sympy.count_ops(d.expr) > 2) for d in _pending(expr)))


@lru_cache(maxsize=8192)
def _values(expr: sympy.Expr) -> tuple | None:
    """The expression (pending derivatives done) at the sample points, to 9 places."""
    try:
        done = expr.doit()
        return tuple(round(complex(sympy.N(done.subs(X, p), 20)).real, 9) for p in SAMPLES)
    except (TypeError, ValueError, ZeroDivisionError):
        return None


@lru_cache(maxsize=4096)
def _simplest(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` itself unless a cheap normal form (expanded, over one denominator, factored) is strictly shorter."""
    if _plain(expr):
        return expr  # already expanded, and over no denominator: no candidate is shorter
    expanded = sympy.expand(expr)
    candidates = [expr] if expanded == expr else [expr, expanded]  # min keeps the first of equals
    if not _over_one(expanded):
        together = sympy.together(expanded)
        if sympy.fraction(together)[1] != 1:
            candidates.append(sympy.factor(together))
    ops = [sympy.count_ops(e) for e in candidates]
    fewest = [e for e, n in zip(candidates, ops) if n == min(ops)]
    return fewest[0] if len(fewest) == 1 else min(fewest, key=lambda e: len(_sstr(e)))  # printed only to break a tie


_PLAIN_FUNCTIONS = (sympy.sin(X), sympy.cos(X), sympy.exp(X), sympy.log(X))
_NO_DENOMINATOR = (sympy.Add, sympy.Mul, sympy.sin, sympy.cos, sympy.log)


def _over_one(expr: sympy.Expr) -> bool:
    """True when no node of ``expr`` can put anything under a line: sums, products, whole numbers, x, sin, cos and ln
    of such, and their positive whole powers (no fraction, negative or fractional power, ``exp``, other function).
    ``sympy.together`` then has nothing to combine and ``sympy.fraction`` finds the denominator 1, so the factored
    candidate of ``_simplest`` is never built (checked against the general route in test_calculus_space)."""
    for node in sympy.preorder_traversal(expr):
        if node.is_Pow:
            if not (node.exp.is_Integer and node.exp > 0):
                return False
        elif node.is_Number:
            if not node.is_Integer:
                return False
        elif not (node == X or isinstance(node, _NO_DENOMINATOR)):
            return False
    return True


def _plain_factor(factor: sympy.Expr) -> bool:
    """x, sin x, cos x, eˣ or ln x, or one of them to a positive whole power: ``expand`` leaves it as it is."""
    if factor.is_Pow:
        return factor.exp.is_Integer and factor.exp > 0 and (factor.base == X or factor.base in _PLAIN_FUNCTIONS)
    return factor == X or factor in _PLAIN_FUNCTIONS


def _plain(expr: sympy.Expr) -> bool:
    """A sum of whole multiples of products of plain factors (``3*x**2*sin(x) - 4*exp(x) + 7``): ``sympy.expand``
    returns it unchanged and ``sympy.together`` puts it over 1, so it is its own simplest form."""
    for term in sympy.Add.make_args(expr):
        coeff, rest = term.as_coeff_Mul()
        if not coeff.is_Integer or not all(_plain_factor(f) for f in sympy.Mul.make_args(rest) if f != 1):
            return False
    return True


@lru_cache(maxsize=1024)
def _parse(text: str) -> sympy.Expr:
    return sympy_text(text, {"x": X})


SPACES.register("differentiation", DifferentiationSpace)
