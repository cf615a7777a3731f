"""``math_latex.normalize_formula`` (the project's formula LaTeX in the steps of ``normalize`` that can change it)
against ``normalize`` itself: the same text for every answer the pipeline verifies on real records of the formula
tasks, and for random texts over the fast path's alphabet (and a little outside it)."""

from __future__ import annotations

import random

import pytest

from cotforge.core.records import Problem, Verdict
from cotforge.core.registry import TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from cotforge.verifiers import math_latex
from cotforge.verifiers.math import MathVerifier
from cotforge.verifiers.math_latex import normalize, normalize_formula

PIECES = ["x", "1", "2", "23", "0", "007", "100", " ", " ", "+", "-", "+-", "\\frac{", "\\frac", "}", "{", "^{", "^",
          "\\left(", "\\right)", "\\cdot", "(", ")", "3 100", "\\frac34", "2 \\frac{1}{2}", "\\frac{x}{2}", "y", ".",
          "\\left", "\\sqrt{", "!", "%", "\\\\frac{"]


def _answers() -> list[str]:
    seen: list[str] = []
    route = MathVerifier.verify

    def spy(self: MathVerifier, problem: Problem, answer: str | None) -> Verdict:
        seen.extend([answer, problem.answer] if answer is not None else [problem.answer])
        return route(self, problem, answer)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(MathVerifier, "verify", spy)
        for task in ("rational_expression", "polynomial_factor", "polynomial_expand", "derivative"):
            for level in range(1, 6):
                generator = TASKS.get(task).from_level(level, seed=41)
                for i in range(4):
                    solve_problem(generator.generate(i), SearchSettings())
    return list(dict.fromkeys(seen))


def test_real_answers_are_normalised_alike() -> None:
    answers = _answers()
    fast = [a for a in answers if math_latex._PROJECT_SHAPE.fullmatch(a) and not math_latex._MIXED.search(a)]
    assert len(answers) > 300 and len(fast) > 0.5 * len(answers)  # the fast path is the one these answers take
    for answer in answers:
        assert normalize_formula(answer) == normalize(answer), answer


def test_random_texts_are_normalised_alike() -> None:
    rng = random.Random(13)
    texts = ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 14))) for _ in range(20000)]
    inside = [t for t in texts if math_latex._PROJECT_SHAPE.fullmatch(t) and not math_latex._MIXED.search(t)]
    assert len(inside) > 3000  # both paths are taken
    for text in texts:
        try:
            want: str | type[Exception] = normalize(text)
        except Exception as exc:  # noqa: BLE001 - the same exception either way
            want = type(exc)
        try:
            got: str | type[Exception] = normalize_formula(text)
        except Exception as exc:  # noqa: BLE001
            got = type(exc)
        assert got == want, text
