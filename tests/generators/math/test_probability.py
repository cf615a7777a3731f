from __future__ import annotations

from fractions import Fraction

from cotforge.domains.quantities import evaluate, from_json
from cotforge.core.registry import TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_wrong_moves_are_wrong


def test_counting_graph_agrees_with_enumeration() -> None:
    """The gold is an enumeration; the graph the steps follow must give the same exact value."""
    for level in range(1, 6):
        generator = TASKS.get("probability").from_level(level, seed=6)
        for i in range(60):
            p = generator.generate(i)
            values = evaluate(from_json(p.data()["quantities"]))
            gold = Fraction(p.data()["answer_sympy"])
            assert values[p.data()["target"]] == gold
            assert (0 < gold <= 1) == (level >= 3)


def test_levels_use_their_principle() -> None:
    operations = {}
    for level in range(1, 6):
        problems = [TASKS.get("probability").from_level(level, seed=2).generate(i) for i in range(4)]
        rows = [solve_problem(p, SearchSettings()).row for p in problems]
        assert all(rows)
        operations[level] = {op for r in rows for op in ("C(", "÷", "×") if any(op in s["text"] for s in r["steps"])}
    assert operations[1] == {"×"} and "C(" in operations[2] and "÷" in operations[3]
    assert {"÷", "×"} <= operations[4] and {"C(", "÷"} <= operations[5]


def test_wrong_moves_are_really_wrong() -> None:
    problems = [TASKS.get("probability").from_level(level, seed=2).generate(i) for level in range(1, 6) for i in range(4)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=3)
