from __future__ import annotations

from fractions import Fraction

import pytest

from cotforge.verifiers.poly_steps import PolyReadError, read_poly


def test_reads_products_powers_and_signs_exactly() -> None:
    assert read_poly("3*(x - 2)*(x + 2) - (2*x + 1)**2") == ((0, Fraction(-13)), (1, Fraction(-4)), (2, Fraction(-1)))
    assert read_poly("-x*(x**2 - 1)") == ((1, Fraction(1)), (3, Fraction(-1)))
    assert read_poly("(x**2 + x - 6)/2") == ((0, Fraction(-3)), (1, Fraction(1, 2)), (2, Fraction(1, 2)))


@pytest.mark.parametrize("bad", ["sin(x)", "x**y", "(x + 1", "1/x", "x ** 99"])
def test_unreadable_text_is_an_error_never_a_value(bad: str) -> None:
    with pytest.raises(PolyReadError):
        read_poly(bad)


def test_solves_equations_of_degree_up_to_two_exactly() -> None:
    from cotforge.verifiers.poly_steps import solve_exactly

    assert solve_exactly("2*(y - 3)*(3*y + 1) = 0", "y").rational == (Fraction(-1, 3), Fraction(3))
    assert solve_exactly("x = -5/2", "x").rational == (Fraction(-5, 2),)
    assert solve_exactly("x**2 + 1 = 0", "x").other and solve_exactly("x**2 = 2", "x").other
    assert solve_exactly("x*x - x**2 = 3", "x").degree == 0
    for refused in ("x**3 = 1", "x = 1 = 2", "2 x = 4", "x = 007", "x\t= 1", "y = 2", "sqrt(x) = 2", "x/0 = 1"):
        assert solve_exactly(refused, "x") is None, refused


def test_reader_agrees_with_sympy_on_random_polynomials() -> None:
    import random

    import sympy

    rng = random.Random(6)

    def expr(depth: int = 0) -> str:
        pick = rng.randrange(8 if depth < 3 else 3)
        if pick == 0:
            return str(rng.randint(0, 30))
        if pick == 1:
            return "x"
        if pick == 2:
            return f"{rng.randint(1, 9)}*x**{rng.randint(0, 4)}"
        if pick == 3:
            return f"({expr(depth + 1)} {rng.choice('+-')} {expr(depth + 1)})"
        if pick == 4:
            return f"{expr(depth + 1)}*{expr(depth + 1)}"
        if pick == 5:
            return f"({expr(depth + 1)})**{rng.randint(0, 3)}"
        if pick == 6:
            return f"({expr(depth + 1)})/{rng.randint(1, 5)}"
        return f"-{expr(depth + 1)}"

    x = sympy.Symbol("x")
    for _ in range(300):
        text = expr() + rng.choice(["", " - " + expr(), " + " + expr()])
        expected = sympy.Poly(sympy.expand(sympy.sympify(text)), x).as_dict()
        assert read_poly(text) == tuple(sorted((k[0], Fraction(int(v.p), int(v.q))) for k, v in expected.items() if v)), text


def _space_states(task: str) -> set[str]:
    import random

    from cotforge.core.registry import SPACES, TASKS

    out: set[str] = set()
    for level in range(1, 6):
        for i in range(4):
            problem = TASKS.get(task).from_level(level, seed=17).generate(i)
            space = SPACES.get(problem.space)(problem)
            state, rng = space.root(), random.Random(i)
            for _ in range(40):
                if space.is_terminal(state):
                    break
                out.update(m.step.state for m in [*space.propose_wrong(state, 5, rng), *space.propose(state, 3)])
                state = space.propose(state, 1)[0].next_state
    return out


@pytest.mark.parametrize("task", ["polynomial_expand", "polynomial_factor"])
def test_reading_term_by_term_is_reading_the_whole(task: str) -> None:
    from cotforge.verifiers.poly_steps import _read_by_terms
    from cotforge.verifiers.sstr_read import terms

    states = _space_states(task) | {"x - 2-x", "3*x + 2*x - 5*x", "x - -3", "2 - x*(x + 1) + (x - 1)**2", "x + 1/x", "x**13 + 1",
                                    "x + sin(x)", "x + (1", "x*-3 + 1"}
    split = sum((t := terms(s)) is not None and len(t) > 1 for s in states)
    assert split > (len(states) / 2 if task == "polynomial_expand" else 0)  # factoring's states are mostly products
    for state in states:
        try:
            whole: object = read_poly(state)
        except PolyReadError:
            whole = PolyReadError
        try:
            parts: object = _read_by_terms(state)
        except PolyReadError:
            parts = PolyReadError
        assert parts == whole, state
