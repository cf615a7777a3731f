"""Verifier for countdown / 24: any expression that makes the target from the given numbers.

The answer's expression is parsed with ``ast`` and evaluated by hand with exact fractions (never
``eval``); it must equal the target, use only the given numbers (each at most once, or exactly
once in the 24 game) and keep to the rules on the way. Steps are checked by exact arithmetic and
by an exhaustive search that the target is still reachable after each one.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction

from cotforge.domains.countdown import OPS, ExpressionError, Rules, combine, evaluate, read_expression, solvable
from cotforge.core.records import Problem, Step, Verdict
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers.base import Verifier
from cotforge.verifiers.logic_puzzles import AnswerError, final_part


def _setup(problem: Problem) -> tuple[list[int], Fraction, Rules]:
    data = problem.data()
    nums = [int(x) for x in data["numbers"]]
    return nums, Fraction(int(data["target"])), Rules(use_all=bool(data["use_all"]), whole=bool(data["whole"]))


class CountdownVerifier(Verifier):
    name = "countdown"

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        try:
            nums, target, rules = _setup(problem)
        except (ValueError, TypeError, KeyError) as e:
            return Verdict.error(f"bad countdown payload: {e}")
        if not isinstance(answer, str) or not answer.strip():
            return Verdict.reject("no answer")
        try:
            text = final_part(answer).strip().strip("$").strip()
            lines = [line for line in text.splitlines() if any(ch.isdigit() for ch in line)]
            value, used = evaluate(read_expression(lines[-1] if lines else text), rules)
        except (ExpressionError, AnswerError) as e:
            return Verdict.reject(str(e))
        except RecursionError:
            return Verdict.reject("expression nested too deeply")
        extra = used - Counter(nums)
        if extra:
            return Verdict.reject(f"uses numbers not given (or too often): {sorted(extra.elements())}")
        if rules.use_all and used != Counter(nums):
            return Verdict.reject(f"must use every number exactly once; unused: {sorted((Counter(nums) - used).elements())}")
        if value != target:
            return Verdict.reject(f"the expression makes {value}, not {target}")
        return Verdict.accept(f"makes {target} with {sum(used.values())} numbers")

    def check_steps(self, problem: Problem, steps: Sequence[Step]) -> list[bool | None]:
        """A step is right when its numbers come from the previous ones by one legal operation and the
        target can still be made; a dead end must really be one; the answer must verify."""
        try:
            nums, target, rules = _setup(problem)
        except (ValueError, TypeError, KeyError):
            return [None] * len(steps)
        prev = Counter(Fraction(x) for x in nums)
        memo: dict = {}
        out: list[bool | None] = []
        for step in steps:
            try:
                now = Counter(Fraction(x) for x in json.loads(step.state)["numbers"])
            except (ValueError, TypeError, KeyError, ZeroDivisionError):
                out.append(None)
                continue
            reachable = solvable(tuple(now.elements()), target, rules, memo)
            if step.kind == "contradiction":
                out.append(now == prev and not reachable)
            elif step.kind == "answer":
                out.append(now == prev and self.verify(problem, step.text.rsplit("Answer:", 1)[-1]).accepted)
            else:
                out.append(_one_operation(prev, now, rules) and reachable)
            prev = now
        return out


def _one_operation(prev: Counter[Fraction], now: Counter[Fraction], rules: Rules) -> bool:
    gone, new = prev - now, now - prev
    if sum(gone.values()) != 2 or sum(new.values()) != 1 or sum(now.values()) != sum(prev.values()) - 1:
        return False
    a, b = gone.elements()
    (c,) = new.elements()
    return any(combine(x, y, op, rules) == c for x, y in ((a, b), (b, a)) for op in OPS)


VERIFIERS.register("countdown", CountdownVerifier())
