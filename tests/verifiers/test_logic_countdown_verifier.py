"""countdown verifier: any correct expression, read safely; rules on numbers and intermediate results."""

from __future__ import annotations

import itertools
import json
import random
from fractions import Fraction

from cotforge.core.records import Problem
from cotforge.core.registry import SPACES, VERIFIERS
from cotforge.generators.logic.countdown import CountdownGenerator

V = VERIFIERS.get("countdown")


def _problem(numbers: list[int], target: int, use_all: bool, whole: bool) -> Problem:
    payload = json.dumps({"numbers": numbers, "target": target, "use_all": use_all, "whole": whole})
    return Problem("countdown", 1, "logic", 3, 0, 0, "q", "", payload, "countdown", "countdown")


def _all_expressions(nums: list[int]) -> list[tuple[Fraction, str]]:
    """Every value/expression from all the numbers, by brute force written apart from cotforge."""
    if len(nums) == 1:
        return [(Fraction(nums[0]), str(nums[0]))]
    out = []
    for k in range(1, len(nums)):
        for left in set(itertools.combinations(range(len(nums)), k)):
            a = [nums[i] for i in left]
            b = [nums[i] for i in range(len(nums)) if i not in left]
            for (x, ex), (y, ey) in itertools.product(_all_expressions(a), _all_expressions(b)):
                out += [(x + y, f"({ex}+{ey})"), (x - y, f"({ex}-{ey})"), (x * y, f"({ex}*{ey})")]
                if y:
                    out.append((x / y, f"({ex}/{ey})"))
    return out


def test_every_correct_24_expression_is_accepted() -> None:
    p = _problem([1, 2, 3, 4], 24, use_all=True, whole=False)
    found = {e for v, e in _all_expressions([1, 2, 3, 4]) if v == 24}
    assert len(found) > 20
    for expr in found:
        assert V.verify(p, expr).accepted, expr


def test_answer_forms() -> None:
    p = _problem([3, 3, 8, 8], 24, use_all=True, whole=False)
    for text in ["8 / (3 - 8 / 3)", "8 ÷ (3 − 8 ÷ 3) = 24", "Answer: $8 \\div (3 - 8 \\div 3)$",
                 "\\boxed{8/(3-8/3)}", "So the answer is:\n8/(3-8/3) = 24."]:  # fmt: skip
        assert V.verify(p, text).accepted, text


def test_rejections() -> None:
    p = _problem([3, 3, 8, 8], 24, use_all=True, whole=False)
    assert "every number" in V.verify(p, "3 * 8").reason
    assert V.verify(p, "3 * 8 + 8 - 8").status == "reject"  # 8 used three times
    assert V.verify(p, "__import__('os').system('true')").status == "unreadable"
    assert V.verify(p, "8 ** 2").status == "reject"
    assert V.verify(p, "").status == "unreadable"
    q = _problem([2, 7, 10], 35, use_all=False, whole=True)
    assert V.verify(q, "7 * 10 / 2").accepted
    assert "not allowed" in V.verify(q, "7 / 2 * 10").reason  # 7/2 is not a whole number
    assert V.verify(q, "7 * 5").status == "reject"  # 5 is not given
    assert V.verify(q, "(10 - 7) * 2").status == "reject"  # 6, not 35


def test_generated_targets_need_every_number_and_gold_verifies() -> None:
    for level in (1, 2, 3):
        gen = CountdownGenerator.from_level(level, seed=3)
        for i in range(5):
            p = gen.generate(i)
            data = p.data()
            assert V.verify(p, p.answer).accepted
            nums = data["numbers"]
            for k in range(1, len(nums)):
                for sub in itertools.combinations(nums, k):
                    assert all(v != data["target"] for v, _ in _all_expressions(list(sub)))


def test_space_steps_check_and_wrong_moves_fail() -> None:
    seen = 0
    for i in range(6):
        p = CountdownGenerator.from_level(4, seed=5).generate(i)
        space = SPACES.get("countdown")(p)
        state, steps = space.root(), []
        while not space.is_terminal(state):
            move = space.propose(state, 1)[0]
            steps.append(move.step)
            state = move.next_state
        assert all(V.check_steps(p, steps)) and V.verify(p, space.answer(state)).accepted
        for wrong in space.propose_wrong(space.root(), 2, random.Random(i)):
            seen += 1
            assert wrong.step.intended_wrong and V.check_steps(p, [wrong.step]) == [False]
    assert seen >= 6
