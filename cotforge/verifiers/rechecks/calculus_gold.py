"""A second route to the gold answers of derivative, integral, polynomial_expand and
polynomial_factor, read from the LaTeX formula printed in the question (``$…$``) and the
LaTeX gold answer: an mpmath numeric derivative beside sympy's ``diff``; the antiderivative
differentiated back (symbolically and numerically); exact values at rational points for
expansions; multiplying back plus primitive and irreducible factors for factorisations.
Nothing here imports the generators, the step spaces or ``domains.polynomial``.
"""

from __future__ import annotations

import re

import mpmath
import sympy
from sympy.parsing.sympy_parser import convert_xor, implicit_multiplication, parse_expr, standard_transformations

from cotforge.core.records import Problem
from cotforge.verifiers.math_parse import normalize
from cotforge.verifiers.rechecks.math_gold import RecheckParseError, agree_at_points, gold_as_written, gold_values, register, verdict

X = sympy.Symbol("x")
_NAMES: dict[str, object] = {"x": X, "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "exp": sympy.exp, "log": sympy.log,
                             "ln": sympy.log, "sqrt": sympy.sqrt, "e": sympy.E, "E": sympy.E, "Abs": sympy.Abs, "pi": sympy.pi}  # fmt: skip
_HUMAN = standard_transformations + (implicit_multiplication, convert_xor)


def read_latex(text: str, evaluate: bool = True) -> sympy.Expr:
    """A LaTeX formula as sympy, through the answer reader's normaliser (``\\ln|x|`` included)."""
    plain = normalize(text)
    plain = re.sub(r"\b(ln|log|sin|cos|tan|sqrt|exp)\s+(Abs\([^()]*\))", r"\1(\2)", plain)  # ln Abs(x) -> ln(Abs(x))
    try:
        expr = parse_expr(plain.strip(), local_dict=dict(_NAMES), transformations=_HUMAN, evaluate=evaluate)
    except (SyntaxError, TypeError, ValueError, sympy.SympifyError) as exc:
        raise RecheckParseError(f"cannot read {text!r}: {exc}") from exc
    if expr.free_symbols - {X}:
        raise RecheckParseError(f"unexpected symbols {sorted(map(str, expr.free_symbols - {X}))} in {text!r}")
    return expr


def printed_formula(question: str) -> str:
    """The LaTeX between the question's first pair of ``$`` signs."""
    match = re.search(r"\$([^$]+)\$", question)
    if not match:
        raise RecheckParseError(f"no formula in the question {question!r}")
    return match.group(1)


def _gold(problem: Problem, evaluate: bool = True) -> sympy.Expr:
    """The LaTeX gold through the shared answer reader (``gold_values``), never the payload."""
    return gold_values(problem)[0] if evaluate else gold_as_written(problem)


def _numeric_derivative(f: sympy.Expr, points: tuple[float, ...] = (0.7, 1.3, 2.3)) -> list[tuple[mpmath.mpf, mpmath.mpf]]:
    """(x, f'(x)) by mpmath's high-precision numerical differentiation: no rules involved."""
    fn = sympy.lambdify(X, f, modules="mpmath")
    with mpmath.workdps(40):
        return [(mpmath.mpf(p), mpmath.diff(fn, mpmath.mpf(p))) for p in points]


def _numerically_equal(g: sympy.Expr, samples: list[tuple[mpmath.mpf, mpmath.mpf]]) -> bool:
    gn = sympy.lambdify(X, g, modules="mpmath")
    with mpmath.workdps(40):
        return all(abs(gn(point) - value) <= mpmath.mpf(10) ** -20 * max(1, abs(value)) for point, value in samples)


def _same(a: sympy.Expr, b: sympy.Expr) -> bool:
    difference = sympy.expand(a - b)
    return difference == 0 or sympy.simplify(difference) == 0


@register("derivative")
def derivative(problem: Problem) -> str | None:
    """The printed function, differentiated numerically (mpmath) and symbolically; both must agree with the gold."""
    f = read_latex(printed_formula(problem.question).split("=", 1)[-1])
    gold = _gold(problem)
    if not _numerically_equal(gold, _numeric_derivative(f)):
        return f"the gold {problem.answer} differs from a numeric derivative of f(x) = {f}"
    return verdict(sympy.diff(f, X), gold, _same(sympy.diff(f, X), gold))


@register("integral")
def integral(problem: Problem) -> str | None:
    """Differentiate the gold antiderivative (symbolically and numerically) back to the printed integrand."""
    body = printed_formula(problem.question)
    match = re.fullmatch(r"\s*\\int\s*(.*?)\s*\\,\s*dx\s*", body)
    if not match:
        raise RecheckParseError(f"not an integral: {body!r}")
    integrand = read_latex(match.group(1))
    answer = problem.answer.rstrip()
    if not answer.endswith("+ C"):
        return f"gold {problem.answer!r} has no constant of integration"
    (antiderivative,) = gold_values(problem, "antiderivative")
    antiderivative = antiderivative.replace(sympy.Abs, lambda arg: arg)  # d/dx ln|g| = g'/g, as for ln g
    if not _numerically_equal(integrand, _numeric_derivative(antiderivative)):
        return f"d/dx of the gold {problem.answer} differs numerically from the integrand {integrand}"
    back = sympy.diff(antiderivative, X)
    return verdict(back, integrand, _same(back, integrand))


@register("polynomial_expand")
def polynomial_expand(problem: Problem) -> str | None:
    """Exact values of the printed expression at eight points, and the gold is a sum of collected monomials."""
    expression = read_latex(printed_formula(problem.question))
    gold = _gold(problem)
    if not gold.is_polynomial(X) or any(len(sympy.Mul.make_args(t)) > 2 or t.has(sympy.Add) for t in sympy.Add.make_args(gold)):
        return f"gold {problem.answer} is not written as a sum of monomials"
    if sympy.expand(gold) != gold or len(sympy.Add.make_args(gold)) != len(sympy.Poly(gold, X).terms()):
        return f"gold {problem.answer} has uncollected terms"
    return None if agree_at_points(expression, gold) else f"gold {problem.answer} differs from {expression} at some point"


@register("polynomial_factor")
def polynomial_factor(problem: Problem) -> str | None:
    """The gold multiplies back to the printed polynomial and each factor is primitive and irreducible."""
    polynomial = read_latex(printed_formula(problem.question))
    gold = _gold(problem, evaluate=False)  # unevaluated, so 2(x + 3) keeps its bracket
    if not agree_at_points(polynomial, gold):
        return f"gold {problem.answer} does not multiply back to {polynomial}"
    content, factors = sympy.Integer(1), []
    for factor in sympy.Mul.make_args(gold):
        base, power = factor.as_base_exp()
        if base.is_number:
            content *= factor
        else:
            factors += [base] * int(power)
    expected_content = sympy.Poly(polynomial, X).content()
    if abs(content) != expected_content:
        return f"gold {problem.answer} leaves a common factor: content {expected_content}, gold pulls out {content}"
    for base in factors:
        poly = sympy.Poly(base, X)
        if poly.content() != 1 or not poly.is_irreducible:
            return f"factor {base} of the gold can be factored further"
    return None
