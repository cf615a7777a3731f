"""Every math step carries the LaTeX of its new state, written as the state is (nothing re-simplified)."""

from __future__ import annotations

import random

import pytest

from cotforge.core.registry import SPACES, TASKS
from cotforge.core.task import LEVELS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from cotforge.solvers.spaces._latex import latex, text

MATH = sorted(t for t in TASKS.names() if TASKS.get(t).domain == "math")


@pytest.mark.parametrize("task", MATH)
def test_accepted_and_negative_steps_carry_latex(task: str) -> None:
    level = 1 + MATH.index(task) % len(LEVELS)  # one solve per task, the levels spread over the tasks
    problem = TASKS.get(task).from_level(level, seed=4).generate(0)
    row = solve_problem(problem, SearchSettings()).row
    assert row is not None and row["verdict"] == "accept"
    steps = row["steps"] + [s for n in row["negatives"] for s in n["steps"]]
    assert steps and all(isinstance(s["latex"], str) and s["latex"].strip() for s in steps), task


@pytest.mark.parametrize("task", MATH)
def test_every_level_proposes_moves_with_latex(task: str) -> None:
    """Walk each level's space along its first move, asking for wrong moves too, to the end."""
    rng = random.Random(0)
    for level in LEVELS:
        problem = TASKS.get(task).from_level(level, seed=9).generate(1)
        space = SPACES.get(problem.space)(problem)
        state, seen = space.root(), 0
        for _ in range(40):
            if space.is_terminal(state):
                break
            moves = space.propose(state, 4)
            for move in moves + space.propose_wrong(state, 2, rng):
                assert move.step.latex.strip(), (task, level, move.step.text)
                seen += 1
            state = space.apply(state, moves[0])
        assert seen >= 1


def test_logic_and_code_steps_leave_latex_empty() -> None:
    for task in ("knights_knaves", "code_output"):
        problem = TASKS.get(task).from_level(1, seed=1).generate(0)
        space = SPACES.get(problem.space)(problem)
        assert all(m.step.latex == "" for m in space.propose(space.root(), 4))


@pytest.mark.parametrize(
    ("machine", "expected"),
    [
        ("3*(x - 9)*(x + 10)", r"3 \left(x - 9\right) \left(x + 10\right)"),
        ("-(x - 3)", r"-\left(x - 3\right)"),  # kept as written, not turned into 3 - x
        ("2*x**2 - 4*x - 2*x", r"2 x^{2} - 4 x - 2 x"),  # like terms not yet collected stay apart
        ("(6*x + 24)/((x + 3)*(x + 6))", r"\frac{6 x + 24}{\left(x + 3\right) \left(x + 6\right)}"),
        ("((x + 1)/(x - 6)) / ((x + 2)/(x - 8))", r"\frac{x + 1}{x - 6} \div \frac{x + 2}{x - 8}"),
        ("(1 - 2*sqrt(21))/2", r"\frac{1 - 2 \sqrt{21}}{2}"),
        ("x - 3 = 0 or x + 2 = 0", r"x - 3 = 0 \quad\text{or}\quad x + 2 = 0"),
        ("-2 < 3*x + 1 <= 7", r"-2 < 3 x + 1 \le 7"),
        ("2*x + 5*y = 47; x = 1", r"\begin{cases} 2 x + 5 y = 47 \\ x = 1 \end{cases}"),
        ("(-3/2) × 4 ÷ 2^3", r"\left(-\frac{3}{2}\right) \times 4 \div 2^{3}"),
        ("2*(3/4)", r"2 \cdot \frac{3}{4}"),
        ("C(7, 3) = 35", r"\binom{7}{3} = 35"),
        ("Derivative(x**2*sin(x), x) + exp(3*x)", r"\frac{d}{dx}\left[x^{2} \sin\left(x\right)\right] + e^{3 x}"),
        ("Integral(x*log(x), x)", r"\int x \ln\left(x\right) \, dx"),
        ("-3 + 2*I", r"-3 + 2\,i"),
    ],
)
def test_latex_of_machine_text(machine: str, expected: str) -> None:
    assert latex(machine) == expected


def test_text_is_escaped() -> None:
    assert text("40% of Ana's $20 & more") == r"\text{40\% of Ana's \$20 \& more}"


def test_the_expansion_spaces_latex_is_the_readers() -> None:
    """The expansion space writes LaTeX of its own texts by substitution; it is what the LaTeX reader writes."""
    from cotforge.domains import latex as reader
    from cotforge.solvers.spaces import polynomial

    seen: set[str] = set()
    for level in LEVELS:
        problem = TASKS.get("polynomial_expand").from_level(level, seed=8).generate(0)
        space = SPACES.get(problem.space)(problem)
        state, rng = space.root(), random.Random(level)
        while not space.is_terminal(state):
            moves = space.propose(state, 1) + space.propose_wrong(state, 3, rng)
            seen.update(m.step.state for m in moves)
            seen.update(polynomial._term_text(t) for m in moves for t in m.next_state.terms)
            state = moves[0].next_state
    assert len(seen) > 40
    assert all(polynomial.latex(m) == reader._latex(m) for m in seen)
