"""countdown's step space: every step is a legal combination that keeps the target reachable, and
says why, worked back from the target with the numbers it leaves."""

from __future__ import annotations

import re
from fractions import Fraction

from cotforge.core.registry import SPACES, TASKS


def test_each_step_gives_a_plan_that_really_reaches_the_target() -> None:
    for level in (1, 2, 4, 5):
        problem = TASKS.get("countdown").from_level(level, seed=9).generate(0)
        target = problem.data()["target"]
        space = SPACES.get("countdown")(problem)
        state = space.root()
        while not space.is_terminal(state):
            move = space.propose(state, 1)[0]
            text, state = move.step.text, move.next_state
            if move.step.kind != "deduce" or not re.search(r"\band \d+ = ", text):
                continue
            plan = re.search(r"Numbers now: ([\d, ]+), and (.+)\.$", text)
            assert plan is not None, text
            pool = [Fraction(x) for x in plan.group(1).split(", ")]
            facts = re.findall(r"(\d+) = (\d+) (.) (\d+)", plan.group(2))
            assert int(facts[0][0]) == target, text
            for value, a, op, b in reversed(facts):  # replay the plan forward on the numbers left
                x, y = Fraction(a), Fraction(b)
                got = {"+": x + y, "-": x - y, "×": x * y, "÷": x / y}[op]
                assert got == Fraction(value) and x in pool, text
                pool.remove(x)
                assert y in pool, text
                pool.remove(y)
                pool.append(got)
            assert Fraction(target) in pool
