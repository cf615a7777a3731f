from __future__ import annotations

import random
import re

import sympy

from cotforge.core.registry import RECHECKS, TASKS, VERIFIERS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_wrong_moves_are_wrong

X = sympy.Symbol("x")


def _problems(level: int, n: int, seed: int = 8) -> list:
    generator = TASKS.get("integral").from_level(level, seed=seed)
    return [generator.generate(i) for i in range(n)]


def test_gold_differentiates_back_to_the_integrand_and_any_constant_is_accepted() -> None:
    verifier = VERIFIERS.get("math")
    for level in range(1, 6):
        for p in _problems(level, 10):
            gold = sympy.sympify(p.data()["answer_sympy"].replace(" + C", ""), locals={"x": X})
            integrand = sympy.sympify(p.data()["integrand"], locals={"x": X})
            assert sympy.simplify(sympy.diff(gold, X) - integrand) == 0
            assert verifier.verify(p, f"{sympy.sstr(gold)} + 7").accepted
            assert verifier.verify(p, f"{sympy.sstr(gold * 2)} + C").status == "reject"
            assert RECHECKS.get("integral")(p) is None
            assert r"\ln\left(x\right)" not in p.answer  # ln|x|, never ln(x), for a result of integrating 1/x
            if integrand.is_Add:
                assert re.search(r"\\int \\left\(.*\\right\)\\,dx", p.question), p.question  # a sum is bracketed


def test_levels_need_their_method_and_steps_rise() -> None:
    expected = {1: "table", 2: "expand", 3: "linearity", 4: "linearity", 5: "by_parts"}
    means = []
    for level, kind in expected.items():
        rows = [solve_problem(p, SearchSettings()).row for p in _problems(level, 5, seed=1)]
        assert all(rows)
        share = sum(kind in {s["kind"] for s in r["steps"]} for r in rows) / len(rows)
        assert share >= 0.5, (level, kind)
        means.append(sum(len(r["steps"]) for r in rows) / len(rows))
        for row in rows:
            for step in row["steps"]:
                if "Power rule" in step["text"]:
                    assert "\\frac{1}{x}" not in step["text"].split(":")[1].split("=")[0]  # 1/x is the log rule
            if any("ln" in s["text"] and "Log rule" in s["text"] for s in row["steps"]):
                assert "\\ln\\left|x\\right|" in row["steps"][-1]["text"]
    assert means == sorted(means) and means[-1] > means[1], means


def test_no_duplicates_within_or_across_seeds() -> None:
    for level in range(1, 6):
        mine = {p.data()["integrand"] for p in _problems(level, 120, seed=0)}
        assert len(mine) >= 119, level
        assert not mine & {p.data()["integrand"] for p in _problems(level, 120, seed=1)}


def test_wrong_moves_are_really_wrong() -> None:
    problems = [p for level in range(1, 6) for p in _problems(level, 3, seed=2)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=3)


def test_power_rule_slips_shorten_keep_and_lengthen_the_answer() -> None:
    """The power rule's three slips (not dividing by n + 1, the power left as it was, dividing by n), each
    shown wrong by the step check, and ∫cos = -sin as a sign slip."""
    from cotforge.core.registry import SPACES
    from cotforge.solvers.spaces.integration import table

    assert table(12 * X**2, slip=True) == 12 * X**3
    assert table(12 * X**2, slip=True, power="unraised") == 4 * X**2
    assert table(12 * X**2, slip=True, power="by_n") == 6 * X**3
    assert table(sympy.cos(X), slip=True) == -sympy.sin(X) and table(sympy.cos(X), slip=True, power="unraised") is None
    p = next(p for p in _problems(1, 10) if "sin" not in p.question and "cos" not in p.question and "e^" not in p.question)
    space = SPACES.get(p.space)(p)
    state = space.root()
    while not any(m.step.error_kind == "wrong_rule" for m in space.propose_wrong(state, 3, random.Random(0))):
        state = space.apply(state, space.propose(state, 1)[0])
    wrong = [m.step for m in space.propose_wrong(state, 3, random.Random(0))]
    assert len({w.state for w in wrong}) == len(wrong) >= 2
    assert VERIFIERS.get("math").check_steps(p, wrong) == [False] * len(wrong)


def test_sign_and_dropped_number_slips_at_every_kind_of_step() -> None:
    """A polynomial's last term with its sign lost, a sum split with a sign lost or a term's number dropped,
    a slope not divided by, eˣ by the power rule: each named, each shown wrong by the step check; a table
    step writes the number in front of its integral (-35∫x⁴ dx = -7x⁵)."""
    from cotforge.core.registry import SPACES
    from cotforge.solvers.spaces.integration import _other_slip

    assert _other_slip(30 * X**5 - 16 * X**3 + 8, "sign") == (5 * X**6 - 4 * X**4 - 8 * X, "sign_slip")
    assert _other_slip(sympy.exp(X), "sign") == (sympy.exp(X + 1) / (X + 1), "wrong_rule")
    assert _other_slip(X**2 / 3, "dropped") == (X**3 / 3, "dropped_factor")
    verifier = VERIFIERS.get("math")
    seen: set[tuple[str, str]] = set()
    scaled = False
    for level in (1, 3, 4):
        for p in _problems(level, 6, seed=3):
            space = SPACES.get(p.space)(p)
            state = space.root()
            while not space.is_terminal(state):
                wrong = [m.step for m in space.propose_wrong(state, 10, random.Random(0))]
                assert verifier.check_steps(p, wrong) == [False] * len(wrong)
                seen |= {(w.error_kind, w.kind) for w in wrong}
                step = space.propose(state, 1)[0]
                scaled |= bool(re.search(r": \$-?\d+ \\int", step.step.text))
                state = space.apply(state, step)
    assert {("sign_slip", "table"), ("sign_slip", "linearity"), ("dropped_factor", "linearity"),
            ("dropped_factor", "linear_substitution"), ("wrong_rule", "table")} <= seen, seen
    assert scaled



def test_level_five_antiderivatives_are_kept_per_integrand_and_are_sympys() -> None:
    from cotforge.generators.math import integral

    x = sympy.Symbol("x")
    integral._by_parts.cache_clear()
    generator = TASKS.get("integral").from_level(5, seed=4)
    assert all(generator.generate(i).answer for i in range(120))
    assert integral._by_parts.cache_info().hits > 0  # integrands repeat across draws: each is integrated once
    for integrand in ((2 * x - 3) * sympy.exp(2 * x), (x + 1) * sympy.sin(-x), 3 * x**2 * sympy.log(x)):
        assert integral._by_parts(integrand) == sympy.integrate(integrand, x)
        assert integral._by_parts(integrand) is integral._by_parts(integrand)
