"""The exact reader of factored answers against the general route: the same verdicts (status and reason) on what the
factoring space writes, on random products in several spellings, and on hand-made near-misses; refusals outside its
shape."""

from __future__ import annotations

import random

import pytest

import cotforge.verifiers.math as math_verifier
import cotforge.verifiers.math_exact as math_exact
from cotforge.core.records import Problem
from cotforge.core.registry import SPACES, TASKS
from cotforge.verifiers.factored_read import decide, read_product
from cotforge.verifiers.math import MathVerifier


def _verdicts(problem: Problem, answer: str, monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[str, str], tuple[str, str], bool | None]:
    """(fast route's verdict, general route's verdict, what ``decide`` said) of one answer."""
    verifier = MathVerifier()
    fast = verifier.verify(problem, answer)
    with monkeypatch.context() as m:
        m.setattr(math_exact, "factored_decide", lambda *args: None)
        general = verifier.verify(problem, answer)
    decided = decide(answer, math_verifier.gold_answer(problem.answer), "x")
    return (fast.status, fast.reason), (general.status, general.reason), decided


def _space_answers() -> list[tuple[Problem, str]]:
    """Every answer the factoring space ends on (sound and wrong chains) for 4 problems per level."""
    out = []
    for level in range(1, 6):
        generator = TASKS.get("polynomial_factor").from_level(level, seed=31)
        for i in range(4):
            problem = generator.generate(i)
            space = SPACES.get(problem.space)(problem)
            todo, seen = [space.root()], set()
            while todo and len(seen) < 60:
                state = todo.pop()
                if state in seen:
                    continue
                seen.add(state)
                if space.is_terminal(state):
                    answer = space.answer(state)
                    if answer is not None:
                        out.append((problem, answer))
                    continue
                for move in space.propose(state, 2) + space.propose_wrong(state, 6, random.Random(level * 10 + i)):
                    todo.append(move.next_state)
    return out


def test_the_space_answers_get_the_general_routes_verdicts(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = _space_answers()
    decided = 0
    for problem, answer in answers:
        fast, general, said = _verdicts(problem, answer, monkeypatch)
        assert fast == general, (problem.answer, answer)
        decided += said is not None
    assert len(answers) >= 100
    assert decided == len(answers)  # every answer the space writes is read exactly


def _poly_tex(coeffs: list[int], rng: random.Random) -> str:
    """A sum of monomials (constant first in ``coeffs``), highest power first, in one of a few spellings."""
    terms = []
    for power in range(len(coeffs) - 1, -1, -1):
        c = coeffs[power]
        if not c:
            continue
        body = "" if power == 0 else "x" if power == 1 else (f"x^{{{power}}}" if rng.random() < 0.7 else f"x^{power}")
        number = str(abs(c)) if (abs(c) != 1 or not body) else ""
        sign = "-" if c < 0 else "+"
        terms.append((sign, f"{number} {body}".strip()))
    text = ("-" if terms[0][0] == "-" else "") + terms[0][1]
    return text + "".join(f" {s} {t}" for s, t in terms[1:])


def _random_product(rng: random.Random) -> tuple[str, list[list[int]], int]:
    unit = rng.choice([1, -1, 2, -3, 6, 12, -1])
    power = rng.choice([0, 0, 1, 2, 3])
    factors = []
    for _ in range(rng.randint(1, 3)):
        degree = rng.choice([1, 1, 1, 2, 2, 3])
        coeffs = [rng.randint(-9, 9) for _ in range(degree)] + [rng.choice([1, 1, 2, 3, -1])]
        if all(c == 0 for c in coeffs[:-1]):
            coeffs[0] = 1
        factors.append(coeffs)
    lead = "" if unit == 1 else "-" if unit == -1 else str(unit)
    lead += "" if not power else (" x" if power == 1 else f" x^{{{power}}}")
    parts = [lead.strip()] if lead.strip() else []
    for f in factors:
        inner = _poly_tex(f, rng)
        bracket = f"\\left({inner}\\right)" if rng.random() < 0.6 else f"({inner})"
        if rng.random() < 0.15:
            bracket += "^{2}"
        parts.append(bracket)
    return " ".join(parts), factors, unit


def test_random_products_get_the_general_routes_verdicts(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    golds = ["12 \\left(x - 8\\right) \\left(x - 6\\right)", "10 x \\left(2 x + 3\\right) \\left(x - 7\\right)",
             "x^{2} \\left(2 x + 9\\right) \\left(4 x + 1\\right)", "\\left(x - 1\\right) \\left(x^{2} + x + 1\\right)",
             "-2 \\left(x + 1\\right) \\left(x^{2} + 3\\right)"]
    outcomes = {True: 0, False: 0, None: 0}
    for n in range(150):
        gold = golds[n % len(golds)]
        problem = Problem(task="polynomial_factor", task_version=1, domain="math", seed=0, index=n, level=1, question="Factor.", answer=gold,
                          payload='{"answer_kind": "factored", "variable": "x"}', verifier="math", space="factoring")
        answer = _random_product(rng)[0] if n % 3 else gold.replace("\\left(", "(").replace("\\right)", ")")
        fast, general, said = _verdicts(problem, answer, monkeypatch)
        assert fast == general, (gold, answer)
        outcomes[said] += 1
    assert outcomes[True] >= 40 and outcomes[False] >= 60


@pytest.mark.parametrize("answer", [
    "12 \\left(x - 6\\right) \\left(x - 8\\right)",  # the gold's factors in another order
    "12 (x - 8)(x - 6)",
    "-12 \\left(8 - x\\right) \\left(x - 6\\right)",  # a sign moved into a bracket
    "12 \\left(x^{2} - 14 x + 48\\right)",  # equal, not factored completely: left to the general route
    "6 \\left(2 x - 16\\right) \\left(x - 6\\right)",  # a bracket with a common factor
    "\\left(12 x - 96\\right) \\left(x - 6\\right)",
    "\\left(12 x^{2} - 168 x + 576\\right)",  # a lone bracket
    "12 x^{2} - 168 x + 576",  # expanded
    "12 \\left(x - 8\\right) \\left(x + 6\\right)",
    "12 \\left(x - 8\\right)^{2}",
    "12 \\left(x - 7\\right)^{2} - 12",
    "12 \\cdot \\left(x - 8\\right) \\left(x - 6\\right)",
    "12 \\left(x - 8\\right) \\left(x - 6\\right) + 0",
    "12 \\left(y - 8\\right) \\left(y - 6\\right)",
    "1 2 \\left(x - 8\\right) \\left(x - 6\\right)",
    "12 \\left(x - 8.0\\right) \\left(x - 6\\right)",
    "12 \\left(\\left(x - 8\\right) \\left(x - 6\\right)\\right)",
    "012 \\left(x - 8\\right) \\left(x - 6\\right)",
    "12 x^{0} \\left(x - 8\\right) \\left(x - 6\\right)",
    "12 \\left(x - 8\\right) \\left(x - 6\\right)^{1}",
    "3 \\cdot 4 \\left(x - 8\\right) \\left(x - 6\\right)",
    "12 \\left(x - 8\\right) \\left(x - 3 - 3\\right)",
    "12 \\left(x^{4} - 16\\right)",
    "x = 12 \\left(x - 8\\right) \\left(x - 6\\right)",
    "1 \\left(12 x^{2} - 168 x + 576\\right)",
    "-1 \\left(-12 x^{2} + 168 x - 576\\right)",
    "-1 \\left(x - 8\\right) \\left(-12 x + 72\\right)",
    "1 \\left(x - 8\\right) \\left(12 x - 72\\right)",
    "-12 \\left(x - 8\\right) \\left(-x + 6\\right)",
])
def test_near_misses_get_the_general_routes_verdicts(answer: str, monkeypatch: pytest.MonkeyPatch) -> None:
    gold = "12 \\left(x - 8\\right) \\left(x - 6\\right)"
    problem = Problem(task="polynomial_factor", task_version=1, domain="math", seed=0, index=0, level=1, question="Factor.", answer=gold,
                      payload='{"answer_kind": "factored", "variable": "x"}', verifier="math", space="factoring")
    fast, general, _ = _verdicts(problem, answer, monkeypatch)
    assert fast == general


@pytest.mark.parametrize("text", [
    "12 \\cdot \\left(x - 8\\right)", "12 \\left(x - 8\\right) + 1", "\\frac{1}{2} \\left(x - 8\\right)", "12 (x - 0.5)",
    "12 \\left(y - 8\\right)", "12 \\left(\\left(x - 8\\right)\\right)", "12 (x - 8)(x 2)", "x^{100}", "12 (x - 1234567890123)",
    "12 (x + x)", "12 (1 x - 8)", "7", "", "12 (x - 8)^{0}", "x^23 (x - 1)", "\\left(x - 8\\right", "12 (x - 8) \\left(x + 1\\right",
])
def test_texts_outside_the_shape_are_left_to_the_general_route(text: str) -> None:
    assert read_product(text, "x") is None
    assert decide(text, "12 \\left(x - 8\\right) \\left(x - 6\\right)", "x") is None


def test_completeness_is_decided_exactly_up_to_degree_three() -> None:
    gold = "\\left(x - 1\\right) \\left(x^{2} + x + 1\\right)"
    assert decide("\\left(x - 1\\right) \\left(x^{2} + x + 1\\right)", gold, "x") is True
    assert decide("\\left(x^{3} - 1\\right)", gold, "x") is None  # a lone bracket
    assert decide("-\\left(1 - x^{3}\\right)", gold, "x") is None  # a cubic with the root 1: not complete
    assert decide("\\left(x^{2} + 2 x + 1\\right) \\left(x - 1\\right)", gold, "x") is False
    cubic = "x \\left(2 x^{3} + 3 x + 1\\right)"
    assert decide(cubic, cubic, "x") is True  # no rational root among ±1, ±1/2
    quartic = "x \\left(x^{4} + 1\\right)"
    assert decide(quartic, quartic, "x") is None  # degree 4: the general route decides
