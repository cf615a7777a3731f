"""The identity step check's exact route (python-flint, ``verifiers/rational_identity.py``) against its sympy route
(``math_steps._identity_by_sympy``, the check as it was): the same verdict on every step state of real
rational_expression records and their negatives, and on random rational expressions, their rewrites, perturbations
and junk; and the exact route really decides the real states (it is not silently bypassed)."""

from __future__ import annotations

import random
from typing import Any

import pytest
import sympy

from cotforge.core.records import Problem, Verdict
from cotforge.core.registry import TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from cotforge.verifiers import math_exact, math_steps
from cotforge.verifiers.math import MathVerifier
from cotforge.verifiers.math_read import equal
from cotforge.verifiers.rational_identity import one_fraction, read_rational, same_rational_text, simplified_verdict

X = sympy.Symbol("x")
JUNK = ["x^^2", "1/0", "x/0", "sin(x)", "y + 1", "x + y", "x**100000", "x**61", "x**(1/2)", "x**x", "2**3*x", "1.5*x",
        "(x - x)**-1", "x/(x - x)", "(0/(x + 1))**-1", "(x + 1 - x)**2", "-" * 30 + "x", "(" * 30 + "x" + ")" * 30,
        "x**-0", "0**-1", "x*2 / 3", "2x", "x-3", "x -3", "", " ", "x +", "(x + 1", "x + 1)", "x**2**2", "x**(2)",
        "x**(-2)", "x**-2", "--x", "E*x", "pi + x", "oo", "zoo", "I*x", "x**02", "007*x", "x/((x + 1)**2 - x**2 - 2*x - 1)",
        "(x + 1)**2 - x**2 - 2*x - 1", "1/((x + 2)*(x - 2)) * (x - 2)", "x ** 2", "x**  2", "sqrt(x)", "Abs(x)", "x!",
        "9" * 31 + "*x", "x*" + "9" * 31]


def _old(state: str, problem: Problem, data: dict[str, Any]) -> bool | None:
    """The check as it was (the sympy route), with check_steps' guard: an exception is None."""
    try:
        return math_steps._identity_by_sympy(state, problem, data, equal)
    except (ArithmeticError, ValueError, TypeError, RecursionError, sympy.PolynomialError, sympy.SympifyError):
        return None


def _new(state: str, problem: Problem, data: dict[str, Any]) -> bool | None:
    try:
        return math_steps._identity(state, problem, data, equal)
    except (ArithmeticError, ValueError, TypeError, RecursionError, sympy.PolynomialError, sympy.SympifyError):
        return None


def _real_states() -> list[tuple[Problem, str]]:
    out = []
    for seed in (11, 29):
        for level in range(1, 6):
            generator = TASKS.get("rational_expression").from_level(level, seed=seed)
            for i in range(20):
                problem = generator.generate(i)
                row = solve_problem(problem, SearchSettings()).row
                if row is None:
                    continue
                states = [s["state"] for s in row["steps"]]
                states += [s["state"] for negative in row.get("negatives", []) for s in negative["steps"]]
                out += [(problem, state) for state in dict.fromkeys(states)]
    return out


def test_real_states_and_negatives_get_the_sympy_routes_verdicts() -> None:
    states = _real_states()
    fast = 0
    verdicts = []
    for problem, state in states:
        data = problem.data()
        old, new = _old(state, problem, data), _new(state, problem, data)
        assert new is old, (problem.payload, state, old, new)
        fast += same_rational_text(state, data["expression"], ("x",)) is not None
        verdicts.append(new)
    assert len(states) > 1000
    assert fast >= 0.95 * len(states)  # the exact route decides nearly all real states: it is really used
    assert verdicts.count(True) > 300 and verdicts.count(False) > 300


def _poly(rng: random.Random) -> str:
    terms = []
    for k in range(rng.randint(0, 3), -1, -1):
        c = rng.randint(-9, 9)
        if c == 0:
            continue
        body = {0: f"{abs(c)}", 1: "x"}.get(k, f"x**{k}")
        if k and abs(c) != 1:
            body = f"{abs(c)}*{body}"
        terms.append(("-" if c < 0 else "+", body))
    if not terms:
        return str(rng.randint(1, 9))
    text = ("-" if terms[0][0] == "-" else "") + terms[0][1]
    return text + "".join(f" {sign} {body}" for sign, body in terms[1:])


def _expression(rng: random.Random, depth: int = 0) -> str:
    if depth > 2 or rng.random() < 0.3:
        choice = rng.random()
        if choice < 0.5:
            return _poly(rng)
        if choice < 0.8:
            return f"x {rng.choice('+-')} {rng.randint(1, 12)}"
        return rng.choice(["x", str(rng.randint(0, 12))])
    a, b = _expression(rng, depth + 1), _expression(rng, depth + 1)
    op = rng.choice([" + ", " - ", "*", "/", " * ", " / ", "**"])
    if op == "**":
        return f"({a})**{rng.choice(['2', '3', '-1', '-2', '(-1)', '(2)', '0'])}"
    return f"({a}){op}({b})"


def _variants(rng: random.Random, posed: str) -> list[str]:
    out = [posed, f"-({posed})", f"({posed}) + 1", f"({posed}) - 1", f"(({posed})*(x - 2))/(x - 2)",
           f"(({posed})*(x - 2))/(x - 3)", f"({posed})*(x + 1)/(x + 1)", f"({posed})**1", f"({posed})/1",
           posed.replace(" + ", " - ", 1), posed.replace(" - ", " + ", 1), f"{posed} + 0*x"]
    digits = [i for i, ch in enumerate(posed) if ch.isdigit()]
    if digits:
        i = rng.choice(digits)
        out.append(posed[:i] + str((int(posed[i]) + 1) % 10) + posed[i + 1:])
    try:
        f = sympy.sympify(posed.replace("/", " / "), locals={"x": X})
        if not f.has(sympy.zoo, sympy.nan, sympy.oo):
            out += [sympy.sstr(g) for g in (sympy.cancel(f), sympy.factor(f), sympy.together(f), sympy.expand(f))]
    except (sympy.SympifyError, ZeroDivisionError, TypeError):
        pass
    out += [posed + junk for junk in ("^^2", " + y", "**100000", "/0", " + sin(x)")]
    return out


def test_random_expressions_rewrites_perturbations_and_junk_get_the_sympy_routes_verdicts() -> None:
    rng = random.Random(21)
    generator = TASKS.get("rational_expression").from_level(3, seed=1)
    template = generator.generate(0)
    decided = compared = 0
    for _ in range(80):  # about 2,200 states: the sympy route is the slow side
        posed = _expression(rng)
        problem, data = template, {**template.data(), "expression": posed}  # both routes read the posed text from data
        for state in _variants(rng, posed) + rng.sample(JUNK, 6):
            old, new = _old(state, problem, data), _new(state, problem, data)
            assert new is old, (posed, state, old, new)
            compared += 1
            decided += same_rational_text(state, posed, ("x",)) is not None
    assert compared > 1500 and decided > 0.5 * compared


@pytest.mark.parametrize("state", JUNK)
def test_junk_is_not_read(state: str) -> None:
    if state in ("x**(2)", "x**(-2)", "x**-2", "--x", "x**-0", "1/((x + 2)*(x - 2)) * (x - 2)", "x*2 / 3",
                 "(x + 1)**2 - x**2 - 2*x - 1"):
        assert read_rational(state, "x") is not None  # inside the grammar
    else:
        assert read_rational(state, "x") is None


@pytest.mark.parametrize(("state", "posed", "same"), [
    ("(6*(x - 7)*(x + 8))/(x - 7)", "(6*x**2 + 6*x - 336)/(x - 7)", True),
    ("6*(x + 8)", "(6*x**2 + 6*x - 336)/(x - 7)", True),  # the cancelled factor: the same rational function
    ("6*(x + 7)", "(6*x**2 + 6*x - 336)/(x - 7)", False),
    ("(-2)/((x - 11)*(x - 10))", "2/(x - 10) - 2/(x - 11)", True),
    ("2/((x - 11)*(x - 10))", "2/(x - 10) - 2/(x - 11)", False),
    ("x", "x*y", None),  # another name: the sympy route decides
])
def test_hand_made(state: str, posed: str, same: bool | None) -> None:
    assert same_rational_text(state, posed, ("x",)) is same


def _verified_answers() -> list[tuple[Problem, str]]:
    """(problem, answer) of every answer the pipeline verifies on real records (search ends, negatives' ends)."""
    seen: list[tuple[Problem, str]] = []
    route = MathVerifier.verify

    def spy(self: MathVerifier, problem: Problem, answer: str | None) -> Verdict:
        if answer is not None:
            seen.append((problem, answer))
        return route(self, problem, answer)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(MathVerifier, "verify", spy)
        for level in range(1, 6):
            generator = TASKS.get("rational_expression").from_level(level, seed=17)
            for i in range(16):
                solve_problem(generator.generate(i), SearchSettings())
    return list(dict.fromkeys(seen))


def _answer_variants(rng: random.Random, gold: str) -> list[str]:
    out = [gold, f"-{gold}", f"{gold} + 1", gold.replace("+", "-", 1), gold.replace("-", "+", 1), f"\\boxed{{{gold}}}",
           f"The answer is ${gold}$.", f"f(x) = {gold}", f"{gold} = {gold}", f"\\frac{{x - 2}}{{x - 2}} {gold}",
           gold.replace("x", "y", 1), gold.replace("x", "x^{2}", 1), gold + "^{2}", f"\\sin({gold})", f"{gold}.5"]
    digits = [i for i, ch in enumerate(gold) if ch.isdigit()]
    if digits:
        i = rng.choice(digits)
        out.append(gold[:i] + str((int(gold[i]) + 1) % 10) + gold[i + 1:])
    return out


def _form_variants(gold: str) -> list[str]:
    """The gold's rational function written the ways the form check tells apart: one fraction (expanded, factored,
    signs moved, a constant common factor), fractions that can still be cancelled, sums, products and nested
    fractions, negative powers."""
    written = sympy.sympify(sympy.parse_expr(_sstr(gold)))
    top, bottom = sympy.fraction(sympy.cancel(written))
    n, d = sympy.latex(top), sympy.latex(bottom)
    ne, de = sympy.latex(sympy.expand(top)), sympy.latex(sympy.expand(bottom))
    nf, df = sympy.latex(sympy.factor(top)), sympy.latex(sympy.factor(bottom))
    out = [f"\\frac{{{ne}}}{{{de}}}", f"\\frac{{{nf}}}{{{df}}}", f"-\\frac{{-{nf}}}{{{df}}}",
           f"\\frac{{-\\left({n}\\right)}}{{-\\left({d}\\right)}}", f"\\frac{{2 \\left({n}\\right)}}{{2 \\left({d}\\right)}}",
           f"\\frac{{\\left({n}\\right) \\left(x + 3\\right)}}{{\\left({d}\\right) \\left(x + 3\\right)}}",
           f"\\frac{{{sympy.latex(sympy.expand(top * (x := sympy.Symbol('x'))))}}}{{{sympy.latex(sympy.expand(bottom * x))}}}",
           sympy.latex(sympy.apart(written)), f"\\left({n}\\right) \\cdot \\frac{{1}}{{{d}}}",
           f"\\frac{{1}}{{\\frac{{{d}}}{{{n}}}}}", f"\\left({n}\\right) \\left({d}\\right)^{{-1}}",
           f"\\frac{{{n}}}{{{d}}} \\cdot \\frac{{x + 1}}{{x + 1}}", f"\\frac{{{n}}}{{{d}}} + 0",
           f"\\frac{{\\frac{{{n}}}{{{d}}}}}{{1}}", f"\\left(\\frac{{{n}}}{{{d}}}\\right)^{{1}}", f"\\frac{{{n}}}{{{d}}} / 1"]
    return out


def _sstr(gold: str) -> str:
    from cotforge.core.answers import gold_answer
    from cotforge.verifiers.rational_identity import _latex_written

    written = _latex_written(gold_answer(gold), "x")
    assert written is not None, gold
    return written


@pytest.mark.parametrize(("written", "split"), [
    ("6*x + 48", True), ("6*(x + 8)", True), ("((x + 11)/(3))", True), ("-((2)/((x - 11)*(x - 10)))", True),
    ("(x + 1)/(x - 2)/3", True), ("x + ((1)/(x))", False), ("x + x**(-1)", False), ("x**-1", False),
    ("(1/x + 1)*(x + 1)/x", False), ("1/(x/(x + 1))", False), ("((x)/(x + 1))**2", False), ("x/-(x + 1)", False),
    ("(x))", False), ("((x)", False),
])
def test_one_fraction_splits_as_the_form_check(written: str, split: bool) -> None:
    assert one_fraction(written) is split


def test_simplified_answers_get_the_general_routes_verdicts(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    pairs = _verified_answers()
    problems = list(dict.fromkeys(p for p, _ in pairs))
    pairs += [(p, v) for p in problems for v in _answer_variants(rng, p.answer) + _form_variants(p.answer)]
    verifier = MathVerifier()
    monkeypatch.delitem(math_exact.READERS, "simplified", raising=False)  # the general route alone
    before = [verifier.verify(p, a) for p, a in pairs]
    decided = [simplified_verdict(p.data(), p.answer, a, ["x"]) for p, a in pairs]
    monkeypatch.setitem(math_exact.READERS, "simplified", simplified_verdict)
    after = [verifier.verify(p, a) for p, a in pairs]
    for (problem, answer), old, new in zip(pairs, before, after):
        assert new == old, (problem.answer, answer, old, new)
    # the reader decides most, both ways (it is used), and leaves some equal answers to the general route's form check
    assert len(pairs) > 3000 and decided.count(False) > 0.3 * len(pairs) and decided.count(True) > 0.25 * len(pairs)
    left = [v for v, d in zip(before, decided) if d is None]
    assert sum(v.status == "accept" for v in left) > 200 and sum("cancelled" in v.reason for v in left) > 200


@pytest.mark.parametrize("inner", ["x + 1", "(x - 2)/(x + 3)", "(6*(x - 1)*(x + 10))/(3*(x - 10))", "-x**2", "1/0"])
def test_a_bracketed_text_reads_as_its_inside(inner: str) -> None:
    assert read_rational(f"({inner})", "x") == read_rational(inner, "x")
    assert read_rational(f"(({inner}))", "x") == read_rational(inner, "x")


def test_the_depth_bound_holds_for_bracketed_texts() -> None:
    from cotforge.verifiers.rational_identity import MAX_DEPTH

    assert read_rational("(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH, "x") is not None
    assert read_rational("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1), "x") is None
    assert read_rational("(x)*(x) + (" + "(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH + ")", "x") is None
