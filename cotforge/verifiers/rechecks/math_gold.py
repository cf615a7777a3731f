"""A second route to every math task's gold answer, read from the question text.

Each re-check parses what a solver would see (the question, as printed) and reaches
the answer by a route the generator and the step space do not take: sympy's
``solve`` / ``linsolve`` / ``solve_univariate_inequality`` for equations, ``diff``
of the stored antiderivative, a high-precision numeric derivative beside the
symbolic one, and ``sympy.ntheory`` for number theory (the quantity tasks are in
:mod:`cotforge.verifiers.rechecks.quantities_gold`). Nothing here imports the
generators, their helpers (``core.arith``, ``core.quantities``, ``core.linear``,
``core.polynomial``) or the step spaces; answers are compared exactly.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable
from fractions import Fraction

import sympy
from sympy.parsing.sympy_parser import convert_xor, implicit_multiplication, parse_expr, standard_transformations

from cotforge.core.records import Problem
from cotforge.core.registry import RECHECKS
from cotforge.verifiers.math_parse import AnswerParseError, expression, imaginary_unit, normalize
from cotforge.verifiers.math_read import read

X, Y, Z = sympy.symbols("x y z")
_NAMES: dict[str, object] = {"x": X, "y": Y, "z": Z, "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan,
                             "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "sqrt": sympy.sqrt,
                             "I": sympy.I, "oo": sympy.oo, "pi": sympy.pi}  # fmt: skip
_HUMAN = standard_transformations + (implicit_multiplication, convert_xor)
_GLYPHS = {"·": "*", "×": "*", "÷": "/", "−": "-", "≤": "<=", "≥": ">=", "∞": "oo"}
Check = Callable[[Problem], "str | None"]


class RecheckParseError(ValueError):
    """The question or the gold answer could not be read: a finding, never a pass."""


# --- reading text ------------------------------------------------------------------------


def human(text: str, names: tuple[sympy.Symbol, ...] = (X,)) -> sympy.Expr:
    """A formula as printed in a question (``3(x + 2)``, ``x^2``, ``2x·cos(x)``, or LaTeX), exactly."""
    if any(mark in text for mark in ("\\", "$", "{")):  # LaTeX: the answer reader's normaliser writes it as plain text
        text = normalize(text)
    for glyph, plain in _GLYPHS.items():
        text = text.replace(glyph, plain)
    expr = parse_expr(text.strip(), local_dict=dict(_NAMES), transformations=_HUMAN)
    stray = expr.free_symbols - set(names)
    if stray:
        raise RecheckParseError(f"unexpected symbols {sorted(map(str, stray))} in {text!r}")
    return sympy.sympify(expr)


def _after(question: str, prefix: str, suffix: str = "") -> str:
    match = re.search(re.escape(prefix) + r"\s*(.*?)" + re.escape(suffix) + r"\s*$", question, re.S)
    if not match:
        raise RecheckParseError(f"question does not read {prefix!r}…{suffix!r}: {question!r}")
    return match.group(1)


def split_commas(text: str) -> list[str]:
    """Split on commas outside brackets."""
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [p.strip() for p in parts + [current] if p.strip()]


def _names(problem: Problem) -> list[str]:
    data = problem.data()
    return list(data.get("variables") or [data.get("variable", "x")])


def gold_values(problem: Problem, kind: str | None = None) -> tuple:
    """The LaTeX gold read back by the answer reader (never from the payload the generator wrote)."""
    kind = kind or problem.data().get("answer_kind", "value")
    try:
        return read(problem.answer, kind, _names(problem)).values
    except AnswerParseError as exc:
        raise RecheckParseError(f"gold answer {problem.answer!r} does not parse: {exc}") from exc


def gold_as_written(problem: Problem) -> sympy.Expr:
    """The gold formula with nothing evaluated (a factor stays a factor, nothing cancels)."""
    names = _names(problem)
    try:
        text = imaginary_unit(normalize(problem.answer), names)
        return expression(text, {n: sympy.Symbol(n) for n in names}, allow_free=True, evaluate=False)
    except AnswerParseError as exc:
        raise RecheckParseError(f"gold answer {problem.answer!r} does not parse: {exc}") from exc


def _gold(problem: Problem) -> sympy.Expr:
    return gold_values(problem)[0]


def gold_number(problem: Problem) -> Fraction:
    """A number-valued gold answer (``7``, ``-\\frac{3}{4}``)."""
    (value,) = gold_values(problem, "value")
    if not value.is_Rational:
        raise RecheckParseError(f"gold answer {problem.answer!r} is not a rational number")
    return Fraction(int(value.p), int(value.q))


def _same(mine: sympy.Expr, gold: sympy.Expr) -> bool:
    """Exact equality: an exact zero difference, never a numeric closeness."""
    difference = sympy.expand(mine - gold)
    if difference == 0:
        return True
    difference = sympy.simplify(difference)
    return difference == 0 or difference.equals(0) is True


def verdict(mine: object, gold: object, same: bool | None = None) -> str | None:
    agree = (mine == gold) if same is None else same
    return None if agree else f"second route gives {mine}, gold is {gold}"


def _answer_guard(check: Check) -> Check:
    """Turn an unreadable gold answer into a disagreement message (never a crash, never a pass)."""

    def guarded(problem: Problem) -> str | None:
        try:
            return check(problem)
        except RecheckParseError as exc:
            if "gold answer" in str(exc):
                return str(exc)
            raise

    guarded.__doc__ = check.__doc__
    return guarded


def register(task: str) -> Callable[[Check], Check]:
    def wrap(check: Check) -> Check:
        RECHECKS.register(task, _answer_guard(check))
        return check

    return wrap


# --- arithmetic, equations, systems ------------------------------------------------------

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def exact_eval(text: str) -> Fraction:
    """Evaluate a printed arithmetic expression with ``Fraction`` over Python's own parser."""

    def walk(node: ast.AST) -> Fraction:
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return Fraction(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return -walk(node.operand) if isinstance(node.op, ast.USub) else walk(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            exponent = walk(node.right)
            if exponent.denominator != 1 or abs(exponent) > 64:
                raise RecheckParseError(f"unexpected exponent {exponent} in {text!r}")
            return walk(node.left) ** int(exponent)
        raise RecheckParseError(f"unexpected {type(node).__name__} in {text!r}")

    for glyph, plain in {**_GLYPHS, "^": "**"}.items():
        text = text.replace(glyph, plain)
    return walk(ast.parse(text.strip(), mode="eval").body)


@register("arithmetic_expression")
def arithmetic_expression(problem: Problem) -> str | None:
    """Python's parser and ``Fraction`` on the printed expression, not the stored tree."""
    if "$" in problem.question:
        shown = formulas(problem.question)
        if len(shown) != 1:
            raise RecheckParseError(f"question does not show one expression: {problem.question!r}")
        mine = exact_eval(normalize(shown[0]))
    else:
        mine = exact_eval(_after(problem.question, "Evaluate", ". Give the exact value."))
    return verdict(mine, gold_number(problem))


def _equation(text: str, names: tuple[sympy.Symbol, ...]) -> sympy.Expr:
    sides = text.split("=")
    if len(sides) != 2:
        raise RecheckParseError(f"not one equation: {text!r}")
    return human(sides[0], names) - human(sides[1], names)


def formulas(question: str) -> list[str]:
    """The ``$...$`` formulas of a LaTeX question, in order."""
    return re.findall(r"\$([^$]+)\$", question)


def _printed_equation(question: str) -> str:
    found = [f for f in formulas(question) if "=" in f]
    if len(found) != 1:
        raise RecheckParseError(f"question does not show one equation: {question!r}")
    return found[0]


@register("linear_equation")
def linear_equation(problem: Problem) -> str | None:
    """``sympy.solve`` on the printed equation: exactly one solution, the gold."""
    v = sympy.Symbol(problem.data().get("variable", "x"))
    text = _printed_equation(problem.question) if "$" in problem.question else _after(problem.question, f"Solve for {v.name}:")
    roots = sympy.solve(_equation(text, (v,)), v)
    gold = _gold(problem)
    return verdict(roots, [gold], len(roots) == 1 and roots[0] == gold)


@register("linear_system")
def linear_system(problem: Problem) -> str | None:
    """``sympy.linsolve`` on the printed equations: one solution, equal to the gold tuple."""
    names = tuple(sympy.Symbol(n) for n in problem.data()["variables"])
    cases = [f for f in formulas(problem.question) if r"\begin{cases}" in f]
    if len(cases) != 1:
        raise RecheckParseError(f"question does not show one system: {problem.question!r}")
    body = cases[0].replace(r"\begin{cases}", "").replace(r"\end{cases}", "")
    equations = [_equation(line, names) for line in body.split(r"\\")]
    solutions = list(sympy.linsolve(equations, list(names)))
    gold = gold_values(problem, "tuple")
    if not all(v.is_Rational for v in gold):
        raise RecheckParseError(f"gold answer {problem.answer!r} is not a tuple of numbers")
    unique = len(solutions) == 1 and not any(s.free_symbols for s in solutions[0])
    return verdict(solutions, gold, unique and tuple(solutions[0]) == gold)


def _root_set(problem: Problem) -> list[sympy.Expr]:
    text = normalize(problem.answer).strip()
    if not (text.startswith("{") and text.endswith("}")):
        raise RecheckParseError(f"gold answer {problem.answer!r} is not a set")
    return list(gold_values(problem, "set"))


@register("quadratic_equation")
def quadratic_equation(problem: Problem) -> str | None:
    """The roots of the printed equation by ``sympy.roots`` (complex ones included)."""
    v = sympy.Symbol(problem.data().get("variable", "x"))
    if "$" in problem.question:
        text = _printed_equation(problem.question)
    else:
        text = _after(problem.question, f"Solve for {v.name}:").replace(" (give complex roots too)", "")
    polynomial = sympy.Poly(sympy.expand(_equation(text, (v,))), v)
    mine = list(sympy.roots(polynomial, v))
    gold = _root_set(problem)
    if polynomial.degree() != 2 or len(mine) != len(gold):
        return f"second route gives roots {mine} of a degree-{polynomial.degree()} equation, gold is {gold}"
    unmatched = list(gold)
    for root in mine:
        match = next((g for g in unmatched if _same(root, g)), None)
        if match is None:
            return f"root {root} of the equation is not in the gold set {problem.answer}"
        unmatched.remove(match)
    return None




@register("inequality")
def inequality(problem: Problem) -> str | None:
    """``solve_univariate_inequality`` on each printed relation; a chain is their intersection."""
    if "$" in problem.question:
        found = [f for f in formulas(problem.question) if re.search(r"<|>|\\le|\\ge", f)]
        if len(found) != 1:
            raise RecheckParseError(f"question does not show one inequality: {problem.question!r}")
        text = normalize(found[0])
    else:
        text = _after(problem.question, "Solve the inequality", ". Give the answer in interval notation.")
    for glyph, plain in _GLYPHS.items():
        text = text.replace(glyph, plain)
    tokens = re.split(r"\s(<=|>=|<|>)\s", text)
    exprs, ops = [human(t) for t in tokens[::2]], tokens[1::2]
    if not ops:
        raise RecheckParseError(f"no relation in {text!r}")
    relation = {"<": sympy.Lt, "<=": sympy.Le, ">": sympy.Gt, ">=": sympy.Ge}
    solution: sympy.Set = sympy.S.Reals
    for left, op, right in zip(exprs, ops, exprs[1:]):
        part = sympy.solve_univariate_inequality(relation[op](left, right), X, relational=False)
        solution = solution.intersect(part)
    (gold,) = gold_values(problem, "interval")
    return verdict(solution, gold, solution == gold or solution.symmetric_difference(gold) == sympy.S.EmptySet)


# --- rational expressions (derivative, integral and the polynomial tasks: rechecks/calculus_gold.py) ------------------------------------------------

_POINTS = tuple(sympy.Rational(p, q) for p, q in ((-3, 1), (-1, 2), (0, 1), (1, 3), (2, 1), (5, 2), (7, 1), (11, 3)))


def agree_at_points(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Exact values at rational points (skipping poles); enough points prove polynomial identity."""
    checked = 0
    for p in _POINTS:
        va, vb = a.subs(X, p), b.subs(X, p)
        if va.has(sympy.zoo, sympy.nan) or vb.has(sympy.zoo, sympy.nan):
            continue
        if sympy.nsimplify(va - vb) != 0:
            return False
        checked += 1
    return checked >= 5


@register("rational_expression")
def rational_expression(problem: Problem) -> str | None:
    """Exact values of the printed expression at rational points, and gcd(top, bottom) = 1."""
    shown = formulas(problem.question)
    expression = human(shown[0] if len(shown) == 1 else _after(problem.question, "Simplify completely:"))
    gold = _gold(problem)
    if not agree_at_points(expression, gold):
        return f"gold {problem.answer} differs from {expression} at some point"
    written = gold_as_written(problem)  # as stored: nothing cancelled yet
    top, bottom = (sympy.expand(part) for part in sympy.fraction(written))
    if not (top.is_polynomial(X) and bottom.is_polynomial(X)):
        return f"gold {problem.answer} is not one fraction of polynomials"
    if sympy.degree(sympy.gcd(top, bottom), X) > 0:
        return f"gold {problem.answer} is not fully cancelled"
    return None


# --- number theory ----------------------------------------------------------------------


@register("number_theory")
def number_theory(problem: Problem) -> str | None:
    """sympy.ntheory and Python's three-argument ``pow`` on the printed numbers."""
    q, numbers = problem.question, [int(n) for n in re.findall(r"\d+", problem.question)]
    kind = problem.data().get("kind", "")
    power = re.search(r"(\d+)\^\{?(\d+)\}?", q)
    if kind == "gcd" or q.startswith("Find the greatest common divisor"):
        mine = math.gcd(*numbers[:2])
    elif kind == "lcm" or q.startswith("Find the least common multiple"):
        mine = int(sympy.ilcm(*numbers[:2]))
    elif kind == "divisors" or q.startswith("How many positive divisors"):
        mine = int(sympy.divisor_count(numbers[0]))
    elif kind.startswith("power_mod") and power:
        mine = pow(int(power.group(1)), int(power.group(2)), numbers[-1])
    else:
        raise RecheckParseError(f"unknown number theory question {q!r}")
    return verdict(mine, gold_number(problem))
