"""Step checks for math tasks, chosen by the payload's ``check`` field.

- ``value``: each state is an arithmetic expression with the gold value (exact).
- ``equation``: each state is an equation in one unknown with exactly the gold solution.
- ``roots``: each state is an equation, or equations joined by "or", whose solutions
  (complex ones included) are exactly the gold set.
- ``system``: each state is a system of linear equations joined by ";" whose only
  solution is the gold tuple.
- ``derivative``: each state, its pending derivatives done, is the function's derivative.
- ``quantities``: each state's quantities have the values the word problem's graph defines.
- ``inequality``: each state (inequalities, possibly joined by "or") has the gold solution set.
- ``integral``: each state differentiates back to the integrand.
- ``identity``: each state is the posed expression rewritten (the same polynomial).
- ``facts``: each state is a number-theory fact that holds by brute force.

Equations are solved, never judged by subtracting their sides from the gold's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from fractions import Fraction
from functools import lru_cache, partial
from typing import Any

import sympy

from cotforge.core.memo import Memo
from cotforge.core.registry import Registry
from cotforge.domains.arith import ArithError, value_of
from cotforge.domains.intervals import parse_set, relation_set
from cotforge.domains.numfacts import FactError, holds
from cotforge.domains.quantities import evaluate, from_json, parse_state
from cotforge.core.records import Problem, Step
from cotforge.verifiers.linear_read import linear_equation, linear_system_row
from cotforge.verifiers.surds import Value, quadratic_roots, read_value
from cotforge.verifiers.integral_steps import integral_check
from cotforge.verifiers.interval_read import same_solution_set
from cotforge.verifiers.poly_steps import poly_identity, solve_exactly
from cotforge.verifiers.sstr_read import read_sstr
from cotforge.verifiers.ratfun import same_rational_function
from cotforge.verifiers.rational_identity import same_rational_text
from cotforge.verifiers.math_read import equal as exact_equal
from cotforge.verifiers.math_parse import AnswerParseError, expression, normalize, split_top, unwrap

Equal = Callable[[sympy.Expr, sympy.Expr], bool]
Check = Callable[[str, Problem, dict[str, Any], Equal], "bool | None"]
MAX_DEGREE = 4

STEP_CHECKS: Registry = Registry("math step check")
"""payload ``check`` name -> ``fn(state, problem, data, equal) -> bool | None``; each check registers
itself where it is defined (a task with a new kind of state adds its check with one decorator)."""


def step_check(name: str) -> Callable[[Check], Check]:
    return STEP_CHECKS.decorator(name)


_VERDICTS_MAX = 50_000
_VERDICTS: Memo[tuple[str, str, str, str, Equal], bool | None] = Memo(_VERDICTS_MAX)
"""(check, state, payload, gold, equal) -> the check's verdict. A check is a pure function of these;
a search and the negatives continued from it ask about the same step states many times."""


def check_steps(problem: Problem, steps: Sequence[Step], equal: Equal) -> list[bool | None]:
    check = _check_named(problem.payload)
    if not check or check not in STEP_CHECKS:
        return [None] * len(steps)
    checker = STEP_CHECKS.get(check)
    decoded: list[dict[str, Any]] = []  # the payload, decoded only when a verdict is not remembered

    def verdict(state: str) -> bool | None:
        if not decoded:
            decoded.append(problem.data())
        try:
            return checker(state, problem, decoded[0], equal)
        except (ArithmeticError, ValueError, TypeError, RecursionError, sympy.PolynomialError, sympy.SympifyError):
            return None  # a state the check cannot read (a model's "1/x = 2") is unchecked, never a crash

    return [_VERDICTS.remember((check, step.state, problem.payload, problem.answer, equal), partial(verdict, step.state))
            for step in steps]


@lru_cache(maxsize=4096)
def _check_named(payload: str) -> str | None:
    """The step check a payload names (``check``, or ``equation`` where it carries one): a search and its negatives ask
    many times per problem, and most answers are remembered verdicts that need nothing else from the payload."""
    data = json.loads(payload)
    return data.get("check") or ("equation" if "equation" in data else None)


@step_check("value")
def _value(state: str, problem: Problem, data: dict[str, Any], equal: Equal) -> bool | None:
    try:
        return value_of(state) == Fraction(gold_text(problem, data))
    except (ArithError, ValueError, ZeroDivisionError):
        return None


def _symbols(data: dict[str, Any]) -> dict[str, sympy.Symbol]:
    names = data.get("variables") or [data.get("variable", "x")]
    return {n: sympy.Symbol(n) for n in names}


def gold_text(problem: Problem, data: dict[str, Any]) -> str:
    """The gold answer as machine text: the payload's SymPy form, else the (LaTeX) answer read back."""
    return data.get("answer_sympy") or normalize(problem.answer)


def _gold_values(problem: Problem, symbols: dict[str, sympy.Symbol]) -> list[sympy.Expr]:
    return [expression(p, symbols) for p in split_top(unwrap(gold_text(problem, problem.data()), "{}()"))]


def _sides(equation: str, symbols: dict[str, sympy.Symbol]) -> sympy.Expr:
    """``lhs - rhs`` expanded (to solve the equation, not to compare it with another)."""
    return _sides_cached(equation.strip(), tuple(symbols))


@lru_cache(maxsize=4096)
def _sides_cached(equation: str, names: tuple[str, ...]) -> sympy.Expr:
    if equation.count("=") != 1:
        raise AnswerParseError(f"not one equation: {equation!r}")
    symbols = {n: sympy.Symbol(n) for n in names}
    lhs, rhs = equation.split("=")
    return sympy.expand(expression(lhs.strip(), symbols, True) - expression(rhs.strip(), symbols, True))


def _linear_form(side: str, names: list[str]) -> tuple[list[Fraction], Fraction] | None:
    """``side`` as exact coefficients and constant, by evaluating it at 0, the unit points and all-twos
    (plain arithmetic on the text: no sympy); None when it is not linear there or not plain arithmetic."""
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")

    def at(point: dict[str, Fraction]) -> Fraction:
        return value_of(pattern.sub(lambda m: f"({point[m.group(1)]})", side))

    try:
        zero = {n: Fraction(0) for n in names}
        constant = at(zero)
        coeffs = [at({**zero, n: Fraction(1)}) - constant for n in names]
        twos = at({n: Fraction(2) for n in names})
    except (ArithError, ValueError, ZeroDivisionError):
        return None
    return (coeffs, constant) if twos == constant + 2 * sum(coeffs) else None


@lru_cache(maxsize=4096)
def _exact_linear(equation: str, names: tuple[str, ...]) -> tuple[tuple[Fraction, ...], Fraction] | None:
    """``lhs - rhs`` of a linear equation as (coefficients, constant), or None (then sympy decides).

    Cached: a search and the negatives continued from it check the same step texts many times."""
    if equation.count("=") != 1 or "**" in equation or "^" in equation:
        return None
    left, right = (_linear_form(part, list(names)) for part in equation.split("="))
    if left is None or right is None:
        return None
    return tuple(a - b for a, b in zip(left[0], right[0])), left[1] - right[1]


def _gold_fractions(problem: Problem, data: dict[str, Any]) -> list[Fraction] | None:
    return _fractions(gold_text(problem, data))


@lru_cache(maxsize=4096)
def _fractions(gold: str) -> list[Fraction] | None:
    try:
        return [Fraction(p.strip()) for p in split_top(unwrap(gold, "{}()"))]
    except (ValueError, ZeroDivisionError):
        return None


@step_check("equation")
def _equation(state: str, problem: Problem, data: dict[str, Any], equal: Equal) -> bool | None:
    """A linear equation step must keep the unique gold solution."""
    names = data.get("variables") or [data.get("variable", "x")]
    gold_exact = _gold_fractions(problem, data)
    if gold_exact is not None and len(gold_exact) == 1:
        read = linear_equation(state, names[0])  # one pass over the tokens; else evaluation at three points
        if read is None:
            fast = _exact_linear(state, tuple(names[:1]))
            read = None if fast is None else (fast[0][0], fast[1])
        if read is not None:
            a, b = read
            return a != 0 and Fraction(-b) / a == gold_exact[0]  # a = 0: an identity or a contradiction lost the solution
    symbols = _symbols(data)
    x = next(iter(symbols.values()))
    try:
        difference = _sides(state, symbols)
        gold = _gold_values(problem, symbols)
    except AnswerParseError:
        return None
    if not difference.free_symbols <= {x}:
        return None
    if sympy.Poly(difference, x).degree() != 1:
        return False  # an identity or a contradiction has lost the unique solution
    (root,) = sympy.solve(difference, x)
    return len(gold) == 1 and equal(root, gold[0])


@step_check("roots")
def _roots(state: str, problem: Problem, data: dict[str, Any], equal: Equal) -> bool | None:
    """Every solution of the state (a union over "or") is a gold root, and every gold root solves it."""
    symbols = _symbols(data)
    x = next(iter(symbols.values()))
    exact = _exact_roots(state, problem, data, x.name)
    if exact is not None:
        return exact
    try:
        gold = _gold_values(problem, symbols)
        found: list[sympy.Expr] = []
        for part in split_top(state, (",",)):
            left, _, right = part.partition("=")
            if left.strip() == x.name:  # already solved: x = value
                value = expression(right.strip(), symbols, True)
                if x not in value.free_symbols:
                    found.append(value)
                    continue
            difference = _sides(part, symbols)
            if not difference.free_symbols <= {x}:
                return None
            poly = sympy.Poly(difference, x)
            if poly.degree() < 1:
                return False  # identity or contradiction: not the gold set
            if poly.degree() > MAX_DEGREE:
                return None
            found += list(sympy.roots(poly, multiple=True))
    except (AnswerParseError, sympy.PolynomialError):  # not a polynomial in x ("sqrt(x) = 2"): not this check's to judge
        return None
    covers = all(any(equal(f, g) for g in gold) for f in found)
    return covers and all(any(equal(f, g) for f in found) for g in gold)


def _exact_roots(state: str, problem: Problem, data: dict[str, Any], name: str) -> bool | None:
    """``_roots`` decided by exact arithmetic (:mod:`surds`) when every gold root is a number or a quadratic surd the
    exact reader reads, and every part of the state is ``x = value`` in that grammar or a polynomial equation of
    degree at most 2 the exact reader reads; None otherwise (sympy decides). The verdict is the one sympy's route
    gives: a part of degree 0 is False, and the found roots must be exactly the gold set."""
    gold = _exact_gold(gold_text(problem, data))
    if gold is None:
        return None
    found: set[Value] = set()
    for part in split_top(state, (",",)):
        left, sign, right = part.partition("=")
        if sign and left.strip() == name and "=" not in right:
            value = read_value(right)  # already solved: x = (-14 + sqrt(31))/2
            if value is None and "sqrt(-" in right:  # sqrt(-68) is sympy's principal root, sqrt(68)*I
                value = read_value(_NEGATIVE_RADICAND.sub(r"(sqrt(\1)*I)", right))
            if value is not None:
                found.add(value)
                continue
        solved = solve_exactly(part, name)
        if solved is None:
            return None
        if solved.degree == 0:
            return False
        if solved.other:
            roots = quadratic_roots(*solved.coefficients)
            if roots is None:
                return None
            found.update(roots)
        else:
            found.update(frozenset({((1, False), r)} if r else ()) for r in solved.rational)
    return found == gold


_NEGATIVE_RADICAND = re.compile(r"sqrt\(\s*-\s*(\d{1,30})\s*\)")


@lru_cache(maxsize=4096)
def _exact_gold(gold: str) -> frozenset[Value] | None:
    values = [read_value(part) for part in split_top(unwrap(gold, "{}()"))]
    return None if not values or any(v is None for v in values) else frozenset(v for v in values if v is not None)


def _only_solution(rows: list[tuple[tuple[Fraction, ...], Fraction]], n: int) -> list[Fraction] | None:
    """The one solution of ``coeffs . v + constant = 0`` rows (Gauss-Jordan over Fraction), else None."""
    matrix = [list(coeffs) + [-constant] for coeffs, constant in rows]
    row = 0
    for col in range(n):
        pivot = next((r for r in range(row, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            return None
        matrix[row], matrix[pivot] = matrix[pivot], matrix[row]
        matrix[row] = [v / matrix[row][col] for v in matrix[row]]
        for r in range(len(matrix)):
            if r != row and matrix[r][col] != 0:
                matrix[r] = [a - matrix[r][col] * b for a, b in zip(matrix[r], matrix[row])]
        row += 1
    if any(all(v == 0 for v in r[:-1]) and r[-1] != 0 for r in matrix):
        return None
    return [matrix[i][-1] for i in range(n)]


@lru_cache(maxsize=4096)
def _system_row(equation: str, names: tuple[str, ...]) -> tuple[tuple[Fraction, ...], Fraction] | None:
    """``lhs - rhs`` of one equation of a system as (coefficients, constant): read in one pass over its tokens
    (``linear_read``), else by evaluation at points (``_exact_linear``), which gives the same exact form wherever
    the reader answers (``tests/verifiers/test_linear_read.py``) at a tenth of the cost."""
    read = linear_system_row(equation, names)
    if read is None:
        return _exact_linear(equation, names)
    return tuple(Fraction(a) for a in read[:-1]), Fraction(read[-1])


@step_check("system")
def _system(state: str, problem: Problem, data: dict[str, Any], equal: Equal) -> bool | None:
    """The linear system's solution set is exactly the gold point."""
    names = list(_symbols(data))
    parts = [p for p in state.split(";") if p.strip()]
    fast = [_system_row(p, tuple(names)) for p in parts]
    gold_exact = _gold_fractions(problem, data)
    if parts and all(f is not None for f in fast) and gold_exact is not None:
        found = _only_solution([f for f in fast if f is not None], len(names))
        return found is not None and found == gold_exact
    symbols = _symbols(data)
    try:
        gold = _gold_values(problem, symbols)
        equations = [_sides(part, symbols) for part in state.split(";") if part.strip()]
    except AnswerParseError:
        return None
    unknowns = list(symbols.values())
    if any(sympy.Poly(e, *unknowns).total_degree() > 1 for e in equations if e != 0):
        return None
    solutions = sympy.linsolve(equations, unknowns)
    if not isinstance(solutions, sympy.FiniteSet) or len(solutions) != 1:
        return False
    (point,) = solutions
    if any(value.free_symbols for value in point):
        return False  # a free unknown: the system no longer pins the answer down
    return len(point) == len(gold) and all(equal(a, b) for a, b in zip(point, gold))


@step_check("derivative")
def _derivative(state: str, problem: Problem, data: dict[str, Any], equal: Equal) -> bool | None:
    """The state, with its pending derivatives done, is the derivative of the function."""
    symbols = _symbols(data)
    try:
        function = expression(data["function"], symbols, True)
        read = read_sstr(state, tuple(symbols), derivatives=True)  # as printed: exact, one pass
        value = (read if read is not None else expression(state, symbols, True, derivatives=True)).doit()
    except (AnswerParseError, KeyError):
        return None
    key = (value, _diff(function, next(iter(symbols.values()))), equal)
    # the states of a chain and of its negatives often come to the same expression
    return _SAME_DERIVATIVE.remember(key, lambda: equal(key[0], key[1]))


_SAME_DERIVATIVE: Memo[tuple[sympy.Expr, sympy.Expr, Equal], bool] = Memo(_VERDICTS_MAX)
"""(a state with its derivatives done, the function's derivative, equal) -> equal's verdict on the two."""


@lru_cache(maxsize=4096)
def _diff(function: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    return sympy.diff(function, x)


@step_check("quantities")
def _quantities(state: str, problem: Problem, data: dict[str, Any], equal: Equal) -> bool | None:
    """Every quantity the step states has the value the problem's graph defines."""
    try:
        truth = _quantity_values(problem.payload)
        stated = parse_state(state)
    except (ValueError, KeyError, ArithError, ZeroDivisionError):
        return None
    return bool(stated) and all(k in truth and truth[k] == v for k, v in stated.items())


@lru_cache(maxsize=1024)
def _quantity_values(payload: str) -> dict[str, Fraction]:
    """Every quantity's value by the problem's graph: a function of the payload, read once per problem (every new
    state of a search and of its negatives is checked against it); only read, never changed."""
    return evaluate(from_json(json.loads(payload)["quantities"]))


@step_check("facts")
def _facts(state: str, problem: Problem, data: dict[str, Any], equal: Equal) -> bool | None:
    """A number-theory fact, decided by brute force."""
    try:
        return holds(state)
    except FactError:
        return None


@step_check("identity")
def _identity(state: str, problem: Problem, data: dict[str, Any], equal: Equal) -> bool | None:
    """The state is the same polynomial (or expression) as the one posed: read exactly with python-flint where both
    are rational functions that reader reads (verifiers/rational_identity.py, the same verdict), else by sympy."""
    if equal is exact_equal:
        same = same_rational_text(state, data.get("expression"), tuple(data.get("variables") or [data.get("variable", "x")]))
        if same is not None:
            return same
    return _identity_by_sympy(state, problem, data, equal)


def _identity_by_sympy(state: str, problem: Problem, data: dict[str, Any], equal: Equal) -> bool | None:
    """The identity check's general route: both read into sympy, compared exactly at whole-number points, else by
    expanding."""
    symbols = _symbols(data)
    try:
        original = expression(data["expression"], symbols, True)
        read = read_sstr(state, tuple(symbols))  # as printed: exact, one pass
        value = read if read is not None else expression(state, symbols, True)
    except (AnswerParseError, KeyError):
        return None
    if equal is exact_equal:  # exact values at whole-number points decide rational functions as exact_equal does
        same = same_rational_function(value, original, next(iter(symbols.values())))
        if same is not None:
            return same
    return equal(sympy.expand(value), _expanded(original))


@lru_cache(maxsize=4096)
def _expanded(expr: sympy.Expr) -> sympy.Expr:
    """``sympy.expand`` of an expression asked about again and again (a problem's own, once per step checked)."""
    return sympy.expand(expr)


@step_check("inequality")
def _inequality(state: str, problem: Problem, data: dict[str, Any], equal: Equal) -> bool | None:
    """The state's solution set (an inequality chain, or chains joined by "or") is the gold set."""
    names = tuple(_symbols(data))
    exact = same_solution_set(state, gold_text(problem, data), names[0])  # a sign chart, exactly (verifiers/interval_read.py)
    if exact is not None:
        return exact
    try:
        gold = _interval_set(gold_text(problem, data), names[0])
        found = _relation_set(state, names)
    except ValueError:
        return None
    return bool(found == gold)


@lru_cache(maxsize=4096)
def _relation_set(state: str, names: tuple[str, ...]) -> sympy.Set:
    """The solution set of an inequality state (sympy sets, the costly part), once per text: a record's negatives
    share their prefixes, so the same states are checked again and again."""
    symbols = {n: sympy.Symbol(n) for n in names}
    return relation_set(state, lambda t: expression(t, symbols, True), names[0])


@lru_cache(maxsize=1024)
def _interval_set(text: str, name: str) -> sympy.Set:
    return parse_set(text, lambda t: expression(t, {}), name)


STEP_CHECKS.register("poly_identity", poly_identity)  # exact, for polynomial_expand and polynomial_factor (verifiers/poly_steps.py)
STEP_CHECKS.register("integral", integral_check)  # term by term, memoised (verifiers/integral_steps.py)
