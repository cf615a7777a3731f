"""The exact antiderivative reader (verifiers/antideriv_read.py) against the general route: the same verdicts on the
answers the integration space really writes, on hand-made texts and on random formulas of its grammar."""

from __future__ import annotations

import dataclasses
import random
from fractions import Fraction

import pytest
import sympy

import cotforge.verifiers.math as math_verifier
import cotforge.verifiers.math_exact as math_exact
from cotforge.core.records import Problem
from cotforge.core.registry import SPACES, TASKS, VERIFIERS
from cotforge.verifiers import antideriv_read, math_read
from cotforge.verifiers.antideriv_read import read, verdict
from cotforge.verifiers.math_latex import normalize

X = sympy.Symbol("x")


def _general(problem: Problem, answer: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    with monkeypatch.context() as patched:
        patched.setitem(math_exact.READERS, "antiderivative", lambda *args: None)
        got = VERIFIERS.get("math").verify(problem, answer)
    return got.status, got.reason


def _fast(problem: Problem, answer: str) -> tuple[str, str]:
    got = VERIFIERS.get("math").verify(problem, answer)
    return got.status, got.reason


def _space_answers(seed: int, per_level: int, max_states: int = 40) -> list[tuple[Problem, str]]:
    """(problem, answer) of every finished state reachable by sound and wrong moves (and the gold), per problem."""
    out = []
    for level in range(1, 6):
        generator = TASKS.get("integral").from_level(level, seed=seed)
        for i in range(per_level):
            problem = generator.generate(i)
            space = SPACES.get(problem.space)(problem)
            todo, seen, answers = [space.root()], set(), {problem.answer}
            while todo and len(seen) < max_states:
                state = todo.pop()
                if space.key(state) in seen:
                    continue
                seen.add(space.key(state))
                if space.is_terminal(state):
                    answers.add(space.answer(state) or "")
                for move in space.propose(state, 1) + space.propose_wrong(state, 3, random.Random(5)):
                    todo.append(move.next_state)
            out += [(problem, a) for a in sorted(answers) if a]
    return out


def test_same_verdicts_on_the_space_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    pairs = _space_answers(seed=31, per_level=6)
    decided = 0
    for problem, answer in pairs:
        assert _fast(problem, answer) == _general(problem, answer, monkeypatch), answer
        decided += verdict(answer, problem.answer) is not None
    assert len(pairs) > 150
    assert decided >= 0.9 * len(pairs)  # the route is worth having: nearly every answer the project writes


def _general_derivative(text: str) -> sympy.Expr:
    value = math_verifier._log_abs(math_read.read(text, "antiderivative", ["x"]).values[0])
    return sympy.diff(value, X)


def _close(a: complex, b: complex) -> bool:
    return abs(a - b) <= 1e-8 * max(1.0, abs(a), abs(b))


@pytest.mark.parametrize("seed", [3, 44])
def test_reader_reads_what_the_general_reader_reads(seed: int) -> None:
    """Each text the reader reads means what the general reader reads (the derivatives agree at four points), and
    normalising it never makes it longer (the general reader's length bound is on the normalised text)."""
    texts = {a for _, a in _space_answers(seed=seed, per_level=3, max_states=25)}
    read_count = 0
    for text in sorted(texts):
        tree = read(text)
        if tree is None:
            continue
        read_count += 1
        assert len(normalize(text)) <= len(text)
        derivative = _general_derivative(text)
        for point in (0.7, 1.3, 2.3, 3.1):
            mine = antideriv_read._slope(tree, point, [1.0])[1]
            theirs = complex(sympy.N(derivative.xreplace({X: sympy.Rational(str(point))}), 30))
            assert _close(mine, theirs), (text, point, mine, theirs)
    assert read_count >= 0.9 * len(texts)


GOLD = "\\frac{x^{4} \\ln\\left|x\\right|}{4} + \\frac{127 x^{4}}{16} - 3 e^{x} + C"
HAND = [
    # (answer, what the exact route says: True / False / None)
    (GOLD, True),
    ("\\frac{x^{4} \\ln\\left|x\\right|}{4} + \\frac{127 x^{4}}{16} - 3 e^{x}", True),  # "+ C" is optional
    ("\\frac{x^{4} \\ln\\left|x\\right|}{4} + \\frac{127 x^{4}}{16} - 3 e^{x} + 7 + C", None),  # another constant: close
    ("\\frac{127 x^{4}}{16} - 3 e^{x} + \\frac{x^{4} \\ln\\left|x\\right|}{4} + C", None),  # terms in another order
    ("\\frac{x^{4} \\ln\\left(x\\right)}{4} + \\frac{127 x^{4}}{16} - 3 e^{x} + C", None),  # ln x for ln|x|
    ("\\frac{x^{4} \\ln\\left|x\\right|}{4} + \\frac{127 x^{4}}{16} + 3 e^{x} + C", False),
    ("\\frac{x^{4} \\ln\\left|x\\right|}{4} + 8 x^{4} - 3 e^{x} + C", False),
    ("x^{4} + C", False),
    ("\\frac{x^{4} \\ln\\left|x\\right|}{4} + \\frac{127 x^{4}}{16} - 3 e^{y} + C", None),  # another letter
    ("\\frac{x^{4} \\ln\\left|x\\right|}{4} + 7.9375 x^{4} - 3 e^{x} + C", None),  # a decimal
    ("2 \\frac{3}{4} x^{4}", None),  # a mixed number to the general reader
    ("\\ln\\left|x\\right| x^{4}", None),  # a factor after a function
    ("e^{x} x", None),
    ("x^{4} 3", None),  # a number after a factor
    ("1 000 x", None),  # digit groups
    ("\\ln\\left|x + \\ln\\left|x\\right|\\right|", None),  # bars inside bars
    ("\\sin\\left(x\\right)^{2}", None),
    ("x^{x}", None),
    ("2^{x}", None),
    ("C", None),
    ("5 + C", None),  # no x: the general route differentiates by the text's own unknown
    ("x^{1000}", None),  # the exponent is not small
    ("x + " * 80 + "x", None),  # longer than the general reader reads
    ("\\left(" * 14 + "x" + "\\right)" * 14, None),  # nested deeper than the reader goes
    ("\\boxed{x^{4}}", None),
    ("x^{4} + \\frac{1}{x - \\frac{13}{10}}", False),  # undefined at one point, decided at another
    ("x^{2}", False),
    ("-x", False),
    ("- x^{4} \\ln\\left|x\\right|", False),
    ("e^{1000 x}", None),  # too large at every point
]


@pytest.mark.parametrize(("answer", "expected"), HAND)
def test_hand_made_texts(answer: str, expected: bool | None, monkeypatch: pytest.MonkeyPatch) -> None:
    problem = _problem(GOLD)
    assert verdict(answer, GOLD) is expected
    assert _fast(problem, answer) == _general(problem, answer, monkeypatch)


def _problem(gold: str) -> Problem:
    return dataclasses.replace(TASKS.get("integral").from_level(5, seed=1).generate(0), answer=gold)


POWERS = ["2", "3", "7", "\\frac{3}{2}", "-1"]


def _random_formula(rng: random.Random, depth: int = 0) -> str:
    """A random sum in the reader's grammar, written as the project writes LaTeX."""
    terms = []
    for _ in range(rng.randint(1, 4)):
        coefficient = rng.choice(["", "", "2 ", "3 ", "12 "])
        shape = rng.randrange(9 if depth < 2 else 5)
        if shape == 0:
            body = "x^{" + rng.choice(POWERS) + "}"
        elif shape == 1:
            body = "x"
        elif shape == 2:
            body = f"e^{{{rng.choice(['x', '2 x', '-4 x - 2', '8 - 4 x', 'x^{2} + 3'])}}}"
        elif shape == 3:
            body = f"\\{rng.choice(['sin', 'cos'])}\\left({rng.choice(['x', '2 x', '3 x + 3'])}\\right)"
        elif shape == 4:
            body = f"\\ln\\left|{rng.choice(['x', 'x^{2} + 1', '4 x - 3'])}\\right|"
        elif shape == 5:
            body = f"\\frac{{{_random_formula(rng, depth + 1)}}}{{{rng.choice(['2', '16', 'x + 1'])}}}"
        elif shape == 6:
            body = f"\\left({_random_formula(rng, depth + 1)}\\right)^{{{rng.choice(['2', '5'])}}}"
        elif shape == 7:
            body = f"x \\{rng.choice(['sin', 'cos'])}\\left(2 x\\right)"
        else:
            body = f"\\sqrt{{{rng.choice(['x', 'x + 4'])}}}"
        terms.append(body if body.startswith("\\frac") else coefficient + body)  # "2 \\frac{3}{4}" is a mixed number
    text = terms[0]
    for term in terms[1:]:
        text += f" {rng.choice('+-')} {term}"
    return ("-" if rng.random() < 0.2 else "") + text


def test_random_formulas(monkeypatch: pytest.MonkeyPatch) -> None:
    """Random formulas of the grammar against random golds and against themselves with a constant added: the same
    verdicts as the general route, and most decided here."""
    rng = random.Random(11)
    decided = total = 0
    for _ in range(60):
        gold = _random_formula(rng) + " + C"
        problem = _problem(gold)
        for answer in (_random_formula(rng) + " + C", gold.replace(" + C", " + 5 + C"), gold):
            assert _fast(problem, answer) == _general(problem, answer, monkeypatch), (answer, gold)
            if "+ 5 + C" not in answer:  # the same up to a constant: close at every point, left to the general route
                total += 1
                decided += verdict(answer, gold) is not None
    assert decided >= 0.8 * total


def test_constants_read_exactly() -> None:
    assert read("x^{\\frac{3}{2}}") == ("^", ("x",), Fraction(3, 2))
    assert read("\\sqrt{x}") == ("^", ("x",), Fraction(1, 2))
    assert read("007 x") is None  # a leading zero: the general reader drops it; this one leaves it to it
