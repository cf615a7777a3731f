"""A second route to every math task's gold answer, read from the question text.

Each re-check parses what a solver would see (the question, as printed) and reaches
the answer by a route the generator and the step space do not take: sympy's
``solve`` / ``linsolve`` / ``solve_univariate_inequality`` for equations, ``diff``
of the stored antiderivative, a high-precision numeric derivative beside the
symbolic one, ``sympy.ntheory`` for number theory, closed counting formulas
where the generator enumerates, ``summation`` and interpolation for sequences,
and a sentence-by-sentence reading of word problems. Nothing here imports the
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

import mpmath
import sympy
from sympy.parsing.sympy_parser import convert_xor, implicit_multiplication, parse_expr, standard_transformations

from cotforge.core.records import Problem
from cotforge.core.registry import RECHECKS

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
    """A formula as printed in a question (``3(x + 2)``, ``x^2``, ``2x·cos(x)``), exactly."""
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


def _split(text: str) -> list[str]:
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


def _gold(problem: Problem, names: tuple[sympy.Symbol, ...] = (X,)) -> sympy.Expr:
    try:
        return human(problem.answer.replace("**", "^"), names)
    except (SyntaxError, TypeError, ValueError, sympy.SympifyError) as exc:
        raise RecheckParseError(f"gold answer {problem.answer!r} does not parse: {exc}") from exc


def _value(problem: Problem) -> Fraction:
    """A number-valued gold answer (``7``, ``-3/4``)."""
    try:
        return Fraction(problem.answer.strip())
    except ValueError as exc:
        raise RecheckParseError(f"gold answer {problem.answer!r} is not a number") from exc


def _same(mine: sympy.Expr, gold: sympy.Expr) -> bool:
    """Exact equality: an exact zero difference, never a numeric closeness."""
    difference = sympy.expand(mine - gold)
    if difference == 0:
        return True
    difference = sympy.simplify(difference)
    return difference == 0 or difference.equals(0) is True


def _verdict(mine: object, gold: object, same: bool | None = None) -> str | None:
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
    mine = exact_eval(_after(problem.question, "Evaluate", ". Give the exact value."))
    return _verdict(mine, _value(problem))


def _equation(text: str, names: tuple[sympy.Symbol, ...]) -> sympy.Expr:
    sides = text.split("=")
    if len(sides) != 2:
        raise RecheckParseError(f"not one equation: {text!r}")
    return human(sides[0], names) - human(sides[1], names)


@register("linear_equation")
def linear_equation(problem: Problem) -> str | None:
    """``sympy.solve`` on the printed equation: exactly one solution, the gold."""
    v = sympy.Symbol(problem.data().get("variable", "x"))
    text = _after(problem.question, f"Solve for {v.name}:")
    roots = sympy.solve(_equation(text.replace(v.name, "x"), (X,)), X)
    gold = _gold(problem)
    return _verdict(roots, [gold], len(roots) == 1 and roots[0] == gold)


@register("linear_system")
def linear_system(problem: Problem) -> str | None:
    """``sympy.linsolve`` on the printed equations: one solution, equal to the gold tuple."""
    head, _, body = problem.question.partition(":")
    names = tuple(sympy.Symbol(n.strip()) for n in head.rsplit("for", 1)[1].split(","))
    equations = [_equation(line, names) for line in body.strip().splitlines()]
    solutions = list(sympy.linsolve(equations, list(names)))
    try:
        gold = tuple(sympy.Rational(v) for v in _split(problem.answer.strip()[1:-1]))
    except (TypeError, ValueError, sympy.SympifyError) as exc:
        raise RecheckParseError(f"gold answer {problem.answer!r} is not a tuple of numbers") from exc
    unique = len(solutions) == 1 and not any(s.free_symbols for s in solutions[0])
    return _verdict(solutions, gold, unique and tuple(solutions[0]) == gold)


def _root_set(text: str) -> list[sympy.Expr]:
    text = text.strip()
    if not (text.startswith("{") and text.endswith("}")):
        raise RecheckParseError(f"gold answer {text!r} is not a set")
    try:
        return [human(part.replace("**", "^"), ()) for part in _split(text[1:-1])]
    except (SyntaxError, TypeError, ValueError, sympy.SympifyError) as exc:
        raise RecheckParseError(f"gold answer {text!r} does not parse: {exc}") from exc


@register("quadratic_equation")
def quadratic_equation(problem: Problem) -> str | None:
    """The roots of the printed equation by ``sympy.roots`` (complex ones included)."""
    v = problem.data().get("variable", "x")
    text = _after(problem.question, f"Solve for {v}:").replace(" (give complex roots too)", "")
    text = re.sub(rf"\b{v}\b|(?<=\d){v}\b|\b{v}(?=\()", "x", text)
    polynomial = sympy.Poly(sympy.expand(_equation(text, (X,))), X)
    mine = list(sympy.roots(polynomial, X))
    gold = _root_set(problem.answer)
    if polynomial.degree() != 2 or len(mine) != len(gold):
        return f"second route gives roots {mine} of a degree-{polynomial.degree()} equation, gold is {gold}"
    unmatched = list(gold)
    for root in mine:
        match = next((g for g in unmatched if _same(root, g)), None)
        if match is None:
            return f"root {root} of the equation is not in the gold set {problem.answer}"
        unmatched.remove(match)
    return None


def _interval(text: str) -> sympy.Set:
    pieces = [p.strip() for p in re.split(r"\s+U\s+|∪", text.strip())]
    out: sympy.Set = sympy.S.EmptySet
    for piece in pieces:
        match = re.fullmatch(r"([\[(])\s*(.+?)\s*,\s*(.+?)\s*([\])])", piece)
        if not match:
            raise RecheckParseError(f"gold answer {text!r} is not interval notation")
        lo, hi = (human(v, ()) for v in match.group(2, 3))
        out = out.union(sympy.Interval(lo, hi, match.group(1) == "(", match.group(4) == ")"))
    return out


@register("inequality")
def inequality(problem: Problem) -> str | None:
    """``solve_univariate_inequality`` on each printed relation; a chain is their intersection."""
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
    gold = _interval(problem.answer)
    return _verdict(solution, gold, solution == gold or solution.symmetric_difference(gold) == sympy.S.EmptySet)


# --- calculus ------------------------------------------------------------------------------


def _numeric_derivative(f: sympy.Expr, points: tuple[float, ...] = (0.7, 1.3, 2.3)) -> list[tuple[mpmath.mpf, mpmath.mpf]]:
    """(x, f'(x)) by mpmath's high-precision numerical differentiation: no rules involved."""
    fn = sympy.lambdify(X, f, modules="mpmath")
    with mpmath.workdps(40):
        return [(mpmath.mpf(p), mpmath.diff(fn, mpmath.mpf(p))) for p in points]


def _numerically_equal(g: sympy.Expr, samples: list[tuple[mpmath.mpf, mpmath.mpf]]) -> bool:
    gn = sympy.lambdify(X, g, modules="mpmath")
    with mpmath.workdps(40):
        for point, value in samples:
            got = gn(point)
            if abs(got - value) > mpmath.mpf(10) ** -20 * max(1, abs(value)):
                return False
    return True


@register("derivative")
def derivative(problem: Problem) -> str | None:
    """The printed function, differentiated numerically (mpmath) and symbolically; both must agree."""
    f = human(_after(problem.question, "Differentiate f(x) =", "with respect to x."))
    gold = _gold(problem)
    if not _numerically_equal(gold, _numeric_derivative(f)):
        return f"the gold {problem.answer} differs from a numeric derivative of f(x) = {f}"
    return _verdict(sympy.diff(f, X), gold, _same(sympy.diff(f, X), gold))


@register("integral")
def integral(problem: Problem) -> str | None:
    """Differentiate the stored antiderivative (symbolically and numerically) back to the integrand."""
    integrand = human(_after(problem.question, "Find the indefinite integral ∫", "dx."))
    if not problem.answer.rstrip().endswith("+ C"):
        return f"gold {problem.answer!r} has no constant of integration"
    antiderivative = human(problem.answer.rstrip()[:-3].replace("**", "^"))
    if not _numerically_equal(integrand, _numeric_derivative(antiderivative)):
        return f"d/dx of the gold {problem.answer} differs numerically from the integrand {integrand}"
    back = sympy.diff(antiderivative, X)
    return _verdict(back, integrand, _same(back, integrand))


# --- polynomials and rational expressions ------------------------------------------------

_POINTS = tuple(sympy.Rational(p, q) for p, q in ((-3, 1), (-1, 2), (0, 1), (1, 3), (2, 1), (5, 2), (7, 1), (11, 3)))


def _agree_at_points(a: sympy.Expr, b: sympy.Expr) -> bool:
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


@register("polynomial_expand")
def polynomial_expand(problem: Problem) -> str | None:
    """Exact values of the printed expression at eight points, and the gold is a sum of monomials."""
    expression = human(_after(problem.question, "Expand and simplify:"))
    gold = _gold(problem)
    if not gold.is_polynomial(X) or any(len(sympy.Mul.make_args(t)) > 2 or t.has(sympy.Add) for t in sympy.Add.make_args(gold)):
        return f"gold {problem.answer} is not written as a sum of monomials"
    if sympy.expand(gold) != gold or len(sympy.Add.make_args(gold)) != len(sympy.Poly(gold, X).terms()):
        return f"gold {problem.answer} has uncollected terms"
    return None if _agree_at_points(expression, gold) else f"gold {problem.answer} differs from {expression} at some point"


@register("polynomial_factor")
def polynomial_factor(problem: Problem) -> str | None:
    """The gold multiplies back to the printed polynomial and each factor is primitive and irreducible."""
    polynomial = human(_after(problem.question, "Factor completely:"))
    try:  # unevaluated, so 2*(x + 3) keeps its bracket
        gold = parse_expr(problem.answer, local_dict={"x": X}, evaluate=False)
    except (SyntaxError, TypeError, ValueError, sympy.SympifyError) as exc:
        return f"gold answer {problem.answer!r} does not parse: {exc}"
    if not _agree_at_points(polynomial, gold):
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


@register("rational_expression")
def rational_expression(problem: Problem) -> str | None:
    """Exact values of the printed expression at rational points, and gcd(top, bottom) = 1."""
    expression = human(_after(problem.question, "Simplify completely:"))
    gold = _gold(problem)
    if not _agree_at_points(expression, gold):
        return f"gold {problem.answer} differs from {expression} at some point"
    written = parse_expr(problem.answer, local_dict={"x": X}, evaluate=False)  # as stored: nothing cancelled yet
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
    if q.startswith("Find the greatest common divisor"):
        mine = math.gcd(*numbers)
    elif q.startswith("Find the least common multiple"):
        mine = int(sympy.ilcm(*numbers))
    elif q.startswith("How many positive divisors"):
        mine = int(sympy.divisor_count(numbers[0]))
    elif q.startswith("Find the remainder when"):
        base, exponent, modulus = numbers
        mine = pow(base, exponent, modulus)
    else:
        raise RecheckParseError(f"unknown number theory question {q!r}")
    return _verdict(mine, _value(problem))


# --- quantities: percentages, counting, sequences, word problems -------------------------


def _money(text: str) -> Fraction:
    return Fraction(text.replace("$", "").replace(",", ""))


def _pick(pattern: str, text: str) -> tuple[str, ...]:
    match = re.search(pattern, text)
    if not match:
        raise RecheckParseError(f"no match for {pattern!r} in {text!r}")
    return match.groups()


@register("percentage")
def percentage(problem: Problem) -> str | None:
    """Multipliers on the printed amounts (``price × (1 − p) × (1 + t)``), not the stored graph."""
    q, money, pct = problem.question, r"\$(\d+(?:\.\d+)?)", r"(\d+)%"
    if "share $" in q:
        amount, a, b, c = _pick(r"share \$(\d+) in the ratio (\d+):(\d+):(\d+)", q)
        parts = [Fraction(a), Fraction(b), Fraction(c)]
        mine = Fraction(amount) * (parts[0] - parts[2]) / sum(parts)
    elif q.startswith("After a"):
        off, sale = _pick(rf"After a {pct} discount .* costs {money}\.", q)
        mine = _money(sale) / (1 - Fraction(int(off), 100))
    elif "sales tax" in q:
        price, off, tax = _pick(rf"is marked {money}\. It is sold at {pct} off, and then {pct} sales tax", q)
        mine = _money(price) * (1 - Fraction(int(off), 100)) * (1 + Fraction(int(tax), 100))
    elif "Its price" in q:
        price, way, p = _pick(rf"cost {money}\. Its price (rose|fell) by {pct}\.", q)
        mine = _money(price) * (1 + (1 if way == "rose" else -1) * Fraction(int(p), 100))
    else:
        price, p = _pick(rf"costs {money}\. How many dollars is {pct} of its price\?", q)
        mine = _money(price) * Fraction(int(p), 100)
    return _verdict(mine, _value(problem))


@register("probability")
def probability(problem: Problem) -> str | None:
    """Closed counting formulas (products, C(n, k), hypergeometric) where the generator enumerates."""
    q = problem.question
    if "outfit" in q:
        sizes = [int(n) for n in re.findall(r"(\d+) (?:shirts|pairs of trousers|hats|scarves)", q)]
        mine = Fraction(math.prod(sizes))
    elif "committee" in q:
        b, c, boys, girls = map(int, _pick(r"of (\d+) boys and (\d+) girls? is chosen from (\d+) boys and (\d+) girls", q))
        mine = Fraction(math.comb(boys, b) * math.comb(girls, c))
    else:
        held = re.findall(r"(\d+) ([a-z]+)(?:,| and| (?:marbles|balls|counters|socks)\.)", _pick(r"holds (.*?\.)", q)[0])
        counts = {colour: int(n) for n, colour in held}
        total = sum(counts.values())
        if "not " in q:
            (colour,) = _pick(r"that it is not ([a-z]+)\?", q)
            mine = Fraction(total - counts[colour], total)
        elif "both are" in q:
            (colour,) = _pick(r"both are ([a-z]+)\?", q)
            mine = Fraction(math.comb(counts[colour], 2), math.comb(total, 2))
        else:
            k, j, colour = _pick(r"(\d+) are taken at random\. .* exactly (\d+) of them are ([a-z]+)\?", q)
            k_, j_ = int(k), int(j)
            mine = Fraction(math.comb(counts[colour], j_) * math.comb(total - counts[colour], k_ - j_), math.comb(total, k_))
    return _verdict(mine, _value(problem))


_ORDINAL = r"(\d+)(?:st|nd|rd|th)"


@register("sequence")
def sequence(problem: Problem) -> str | None:
    """Interpolation through the printed terms and ``sympy.summation``, not the listed-out terms."""
    q, n, k = problem.question, sympy.Symbol("n"), sympy.Symbol("k", integer=True)
    if q.startswith("In an arithmetic sequence"):
        p, a, r, b, m = _pick(rf"the {_ORDINAL} term is (-?\d+) and the {_ORDINAL} term is (-?\d+)\. What is the {_ORDINAL} term\?", q)
        general = sympy.interpolate([(int(p), int(a)), (int(r), int(b))], n)
        return _verdict(general.subs(n, int(m)), sympy.Rational(_value(problem)))
    listing, kind = _pick(r"The sequence (.*), …\s+is (arithmetic|geometric)\.", q)
    shown = [sympy.Rational(t) for t in _split(listing)]
    if kind == "arithmetic":
        general = sympy.interpolate(list(enumerate(shown, start=1)), n)
        if sympy.degree(general, n) > 1:
            return f"the listed terms {listing} are not arithmetic"
    else:
        ratio = shown[1] / shown[0]
        if any(b != a * ratio for a, b in zip(shown, shown[1:])):
            return f"the listed terms {listing} are not geometric"
        general = shown[0] * ratio ** (n - 1)
    if "sum of its first" in q:
        (count,) = _pick(rf"sum of its first (\d+) terms", q)
        mine = sympy.summation(general.subs(n, k), (k, 1, int(count)))
    else:
        (count,) = _pick(rf"What is its {_ORDINAL} term\?", q)
        mine = general.subs(n, int(count))
    return _verdict(sympy.nsimplify(mine), sympy.Rational(_value(problem)))


_TIMES = r"(twice|\d+ times)"


def _times(word: str) -> Fraction:
    return Fraction(2) if word == "twice" else Fraction(word.split()[0])


def _word_rules(verb: str, things: str) -> list[tuple[re.Pattern[str], Callable[..., tuple[tuple[str, ...], Callable[..., Fraction]]]]]:
    """Sentence patterns → (people it depends on, how to get the amount from theirs)."""
    v, t = re.escape(verb), re.escape(things)
    fractions = {"half": Fraction(1, 2), "a third": Fraction(1, 3), "a quarter": Fraction(1, 4)}
    return [
        (re.compile(rf"(\w+) {v} (\d+) {t} .+"), lambda n: ((), lambda: Fraction(n))),
        (re.compile(rf"(\w+) {v} (\d+) more than {_TIMES} as many {t} as (\w+)"),
         lambda extra, k, src: ((src,), lambda s: _times(k) * s + int(extra))),
        (re.compile(rf"(\w+) {v} {_TIMES} (?:as many {t} as|the number) (\w+)(?: does| did)?"),
         lambda k, src: ((src,), lambda s: _times(k) * s)),
        (re.compile(rf"(\w+) {v} (\d+) (more|fewer) {t} than (\w+)"),
         lambda k, way, src: ((src,), lambda s: s + int(k) if way == "more" else s - int(k))),
        (re.compile(rf"(\w+) {v} (half|a third|a quarter) as many {t} as (\w+)"),
         lambda word, src: ((src,), lambda s: s * fractions[word])),
        (re.compile(rf"(\w+) {v} as many {t} as (\w+) and (\w+) combined"),
         lambda a, b: ((a, b), lambda s, u: s + u)),
    ]  # fmt: skip


@register("word_problem")
def word_problem(problem: Problem) -> str | None:
    """Read every sentence, work out each person's amount, then answer the printed question."""
    sentences = [s.strip() for s in re.split(r"(?<=[.?])\s+", problem.question.strip()) if s.strip()]
    *facts, asked = sentences
    first = re.match(r"(\w+) (\w+) \d+ (\w+) ", facts[0])
    if not first:
        raise RecheckParseError(f"first sentence {facts[0]!r} does not state an amount")
    verb, things = first.group(2), first.group(3)
    rules, pending = _word_rules(verb, things), {}
    for sentence in facts:
        for pattern, build in rules:
            match = pattern.fullmatch(sentence.rstrip("."))
            if match:
                pending[match.group(1)] = build(*match.groups()[1:])
                break
        else:
            raise RecheckParseError(f"cannot read the sentence {sentence!r}")
    amounts: dict[str, Fraction] = {}
    while pending:  # irrelevant facts may come before the person they mention
        ready = [name for name, (deps, _) in pending.items() if all(d in amounts for d in deps)]
        if not ready:
            raise RecheckParseError(f"amounts of {sorted(pending)} depend on people never stated")
        for name in ready:
            deps, rule = pending.pop(name)
            amounts[name] = rule(*(amounts[d] for d in deps))
    if asked.startswith("How many more"):
        a, b = _pick(rf"How many more {re.escape(things)} \w+ (\w+) \w+ than (\w+)\?", asked)
        mine = amounts[a] - amounts[b]
    else:
        (listed,) = _pick(rf"How many {re.escape(things)} \w+ (.+) \w+ altogether\?", asked)
        mine = sum((amounts[n] for n in re.split(r", | and ", listed)), Fraction(0))
    return _verdict(mine, _value(problem))
