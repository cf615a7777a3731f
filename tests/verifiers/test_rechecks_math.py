"""Independent re-checks of the math gold answers: they agree with the generators, and catch a bad gold."""

from __future__ import annotations

import dataclasses
import re
import random
from fractions import Fraction

import pytest
import sympy

from cotforge.core.records import Problem
from cotforge.core.registry import RECHECKS, TASKS
from cotforge.core.task import LEVELS
from cotforge.verifiers.rechecks.math_gold import X, human

MATH = sorted(t for t in TASKS.names() if TASKS.get(t).domain == "math")
ITEMS = 2


def _problems(task: str, level: int) -> list[Problem]:
    generator = TASKS.get(task).from_level(level, seed=23)
    return [generator.generate(i) for i in range(ITEMS)]


def test_every_math_task_has_a_recheck() -> None:
    assert MATH, "no math task registered"
    assert [t for t in MATH if t not in RECHECKS] == []


@pytest.mark.parametrize("task", MATH)
def test_recheck_agrees_with_gold_at_every_level(task: str) -> None:
    for level in LEVELS:
        for problem in _problems(task, level):
            assert RECHECKS.get(task)(problem) is None, (problem.question, problem.answer)


@pytest.mark.parametrize("task", MATH)
def test_recheck_rejects_a_corrupted_gold(task: str) -> None:
    """The generator's own plausible wrong answer, stored as the gold, must be caught."""
    generator_cls = TASKS.get(task)
    for level in LEVELS:
        for problem in _problems(task, level):
            wrong = generator_cls.from_level(level).perturb(problem, random.Random(problem.index + 7))
            message = RECHECKS.get(task)(dataclasses.replace(problem, answer=wrong))
            assert isinstance(message, str) and message, (problem.question, wrong)


# Right value, wrong form, or a near miss that a careless comparison would let through.
def _machine(p: object) -> str:
    return p.data()["answer_sympy"]  # type: ignore[attr-defined]


CORRUPTIONS = {
    "polynomial_factor": lambda p: "2*(x**2 - 16)" if _machine(p) == "2*(x - 4)*(x + 4)" else None,
    "linear_system": lambda p: _machine(p).replace("(", "(0, ", 1),
    "quadratic_equation": lambda p: "{" + _machine(p).strip("{}").split(", ")[0] + "}",
    "integral": lambda p: _machine(p).replace(" + C", ""),
    "number_theory": lambda p: str(int(_machine(p)) * 2 + 1),
    "arithmetic_expression": lambda p: str(-Fraction(_machine(p))) if _machine(p) != "0" else "1",
    "word_problem": lambda p: _machine(p) + ".5",
}


@pytest.mark.parametrize("task", sorted(CORRUPTIONS))
def test_recheck_rejects_answers_of_the_wrong_shape(task: str) -> None:
    for level in LEVELS:
        for problem in _problems(task, level):
            bad = CORRUPTIONS[task](problem)
            if bad is None or bad == problem.answer:
                continue
            assert RECHECKS.get(task)(dataclasses.replace(problem, answer=bad)) is not None, (problem.question, bad)


def test_factoring_recheck_wants_every_factor_irreducible_and_primitive() -> None:
    generator = TASKS.get("polynomial_factor").from_level(1, seed=3)
    problem = next(p for p in map(generator.generate, range(50)) if "(" in p.data()["answer_sympy"] and p.data()["answer_sympy"][0].isdigit())
    check = RECHECKS.get("polynomial_factor")
    poly = human(re.search(r"\$([^$]+)\$", problem.question).group(1))  # the polynomial as printed
    assert check(problem) is None
    unfactored = dataclasses.replace(problem, answer=sympy.sstr(sympy.expand(poly)))
    assert check(unfactored) is not None
    content = sympy.Poly(poly, X).content()
    assert content > 1
    first, *rest = (f for f, e in sympy.factor_list(poly)[1] for _ in range(e))
    scaled = "*".join(f"({sympy.sstr(f)})" for f in [sympy.expand(content * first), *rest])  # (5*x - 20)*(x + 10)
    inside = dataclasses.replace(problem, answer=scaled)
    assert check(inside) is not None


def test_rational_recheck_wants_the_fraction_fully_cancelled() -> None:
    problem = TASKS.get("rational_expression").from_level(1, seed=3).generate(0)
    check = RECHECKS.get("rational_expression")
    assert check(problem) is None
    top = _machine(problem)
    uncancelled = dataclasses.replace(problem, answer=f"(({top})*(x + 101))/(x + 101)")
    assert check(uncancelled) is not None


def test_word_problem_recheck_reads_the_text_not_the_graph() -> None:
    """Change one number in the story (not the payload graph): the re-check must notice."""
    problem = TASKS.get("word_problem").from_level(2, seed=5).generate(0)
    number = re.search(r"(?<![\w.$])\d+(?![\d.,])", problem.question)  # the first plain number of the story
    assert number is not None
    changed = problem.question[: number.start()] + str(int(number.group()) + 1) + problem.question[number.end() :]
    assert RECHECKS.get("word_problem")(problem) is None
    assert RECHECKS.get("word_problem")(dataclasses.replace(problem, question=changed)) is not None
