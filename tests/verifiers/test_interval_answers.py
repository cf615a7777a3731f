"""The math verifier's exact route for interval answers (``interval_read.latex_intervals``) against its general route
(sympy sets): the same verdict on gold answers, their perturbations and texts a model might write."""

from __future__ import annotations

import random

import pytest

from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.verifiers import math_exact
from cotforge.verifiers.interval_read import latex_intervals


def _both(problem, answer: str, monkeypatch: pytest.MonkeyPatch) -> tuple:
    verifier = VERIFIERS.get("math")
    fast = verifier.verify(problem, answer)
    with monkeypatch.context() as patched:
        patched.setattr(math_exact, "latex_intervals", lambda text: None)
        general = verifier.verify(problem, answer)
    return fast, general


PIECES = [r"\left(-\infty, 3\right)", r"\left(-\infty, 3\right]", r"\left[-\frac{5}{2}, 4\right)", r"\left(3, \infty\right)",
          r"\left[3, \infty\right)", r"\left(-\infty, \infty\right)", r"\left(-2, 3\right)", r"\left[1, 1\right]",
          r"\left(2, 1\right)", r"\left[-\infty, 3\right)", r"\left(\frac{4}{2}, 5\right]", r"\left(03, 5\right)",
          r"\left(-\frac{7}{3}, -\frac{1}{2}\right)", r"\left(3, \frac{5}{0}\right)", r"\left(-0, 4\right)"]  # fmt: skip


def test_generated_answers_and_variants(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(2)
    fast_answers = 0
    for level in range(1, 6):
        generator = TASKS.get("inequality").from_level(level, seed=8)
        for i in range(6):
            problem = generator.generate(i)
            gold = problem.answer
            variants = [gold, gold.replace(r"\left(", r"\left[", 1), gold.replace(r"\right)", r"\right]", 1),
                        gold.replace(r"\left[", r"\left(", 1), gold.replace(r"\right]", r"\right)", 1),
                        gold.replace(r" \cup ", " U "), rf"\boxed{{{gold}}}", f"x \\in {gold}", gold.replace(", ", ",")]  # fmt: skip
            variants += [r" \cup ".join(rng.sample(PIECES, rng.randint(1, 2))) for _ in range(6)]
            variants += [gold + r" \cup " + rng.choice(PIECES), rng.choice(PIECES) + r" \cup " + gold]
            for answer in variants:
                fast, general = _both(problem, answer, monkeypatch)
                assert (fast.status, fast.reason) == (general.status, general.reason), answer
                fast_answers += latex_intervals(answer) is not None
    assert fast_answers > 100


def test_canonical_reader_refuses_what_it_cannot_decide() -> None:
    assert latex_intervals(r"\left(-\infty, -\frac{5}{2}\right] \cup \left(3, \infty\right)") is not None
    assert latex_intervals(r"\left(-\infty, 1\right) \cup \left(1, \infty\right)") is not None
    for text in [r"\left(-\infty, 1\right] \cup \left(1, \infty\right)", r"\left(1, 3\right) \cup \left(2, 5\right)",
                 r"\left(3, 5\right) \cup \left(1, 2\right)", r"\left[1, 1\right]", r"\left(2, 1\right)",
                 r"\left[-\infty, 3\right)", r"(-\infty, 3)", r"\emptyset", r"\left(03, 5\right)", r"\left(3, \frac{5}{0}\right)"]:  # fmt: skip
        assert latex_intervals(text) is None, text
