"""The step check reads a product factor by factor (``poly_steps._read_by_factors``): it must give exactly what the
whole-text reader it stands in for gives (the same polynomial, or the same refusal) on the factoring space's real
states, on its wrong moves' states, and on junk."""

from __future__ import annotations

import random
from fractions import Fraction

from cotforge.core.registry import SPACES, TASKS
from cotforge.verifiers.poly_steps import PolyReadError, _read_by_factors, poly_identity, read_poly


def _outcome(read: object, text: str) -> tuple[str, object]:
    try:
        return "read", read(text)  # type: ignore[operator]
    except PolyReadError:
        return "refused", None
    except (ValueError, RecursionError) as error:  # what the whole reader lets through, it must let through alike
        return "raised", type(error)


_DATA = {"expression": "3*x**3 - 12*x"}


def _verdict_before(text: str) -> bool | None:
    """``poly_identity`` as it was: the whole state read (the term route stands in for exactly that)."""
    try:
        return read_poly(text) == read_poly(_DATA["expression"])
    except PolyReadError:
        return None


def _assert_same(text: str) -> None:
    assert _outcome(_read_by_factors, text) == _outcome(read_poly, text), text
    now = _outcome(lambda t: poly_identity(t, None, _DATA, None), text)  # type: ignore[arg-type]
    assert now == _outcome(_verdict_before, text), text


def _states() -> list[str]:
    """Every state of the first-choice path and of every wrong move offered along it, a few hundred problems."""
    out = []
    for level in range(1, 6):
        generator = TASKS.get("polynomial_factor").from_level(level, seed=9)
        for index in range(40):
            problem = generator.generate(index)
            space = SPACES.get("factoring")(problem)
            state, rng = space.root(), random.Random(index)
            out.append(problem.data()["expression"])
            while not space.is_terminal(state):
                out += [m.step.state for m in space.propose_wrong(state, 20, rng)]
                move = space.propose(state, 1)[0]
                out.append(move.step.state)
                state = move.next_state
    return out


def test_real_and_wrong_states_read_as_the_whole_text_reads_them() -> None:
    states = _states()
    assert len(states) > 1000
    for text in states:
        _assert_same(text)
    factored = [t for t in states if "*(" in t]
    assert len(factored) > 500 and all(_outcome(_read_by_factors, t)[0] == "read" for t in factored)


def test_verdicts_on_real_states_are_the_whole_readers() -> None:
    generator = TASKS.get("polynomial_factor").from_level(3, seed=2)
    for index in range(30):
        problem = generator.generate(index)
        data = problem.data()
        space = SPACES.get("factoring")(problem)
        state, rng = space.root(), random.Random(index)
        verdicts = []
        while not space.is_terminal(state):
            for move in space.propose_wrong(state, 20, rng) + space.propose(state, 1):
                verdict = poly_identity(move.step.state, problem, data, None)
                assert verdict == (read_poly(move.step.state) == read_poly(data["expression"]))
                verdicts.append((verdict, move.step.intended_wrong))
            state = space.propose(state, 1)[0].next_state
        assert all(v is (not wrong) for v, wrong in verdicts)


def test_junk_and_near_misses_read_as_the_whole_text_reads_them() -> None:
    rng = random.Random(12)
    pieces = ["x", "2", "12", "0", "007", "(", ")", "*", "**", "/", "+", "-", " ", "y", "x**2", "(x - 3)", "-1", "3*",
              "(2*x + 1)", "**13", "**2", "(x/2)", "sin(x)", ".", "\t", "x x", "((", "))"]
    for _ in range(6000):
        _assert_same("".join(rng.choice(pieces) for _ in range(rng.randint(0, 9))))
    states = _states()[:300]
    for _ in range(3000):
        text = rng.choice(states)
        i = rng.randrange(len(text) + 1)
        mutated = rng.choice([text[:i] + rng.choice("*-+()x0/ ") + text[i:], text[:i] + text[i + 1:], text + "*" + rng.choice(states)])
        _assert_same(mutated)
    for text in ("3*(x - 2)*(x + 5)", "-(x + 1)*(x - 1)", "2*-3*x", "x**2*(x - 1)**2", "(x/2)*(2*x + 4)", "x*x - x**2",
                 "2*x - 3*(x + 1)", "(x + 1)*(x - 1)/2", "*3", "3*", "x**2**2*3", "((x)))*(x", "x**13*x", "4*(x)**0",
                 "(" * 45 + "x" + ")" * 45 + "*2", "1" * 5000 + "*x", "3*x*(x - 2)*(x + 2)", "3*x**3 - 12*x", "-3*x*(2 - x)*(x + 2)"):
        _assert_same(text)
    assert _read_by_factors("(x/2)*(2*x + 4)") == ((1, Fraction(2)), (2, Fraction(1)))
    assert poly_identity("3*x*(x - 2)*(x + 2)", None, _DATA, None) is True  # type: ignore[arg-type]
    assert poly_identity("3*x*(x - 2)*(x - 2)", None, _DATA, None) is False  # type: ignore[arg-type]
