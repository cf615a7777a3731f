"""The pipeline's fast copies and memos give what the general route gives (speed9, issue 21)."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter

from cotforge.core.records import Problem, Step, Trace, Verdict
from cotforge.pipelines.continue_negative import (
    DEAD_END_SLOT_FROM,
    KINDS_FIRST,
    LENGTH_BAND,
    _kind,
    checked,
    choose,
    shape,
    text_length,
)


def _steps() -> list[Step]:
    return [Step("Add 3: $x = 5$", "x = 5"),
            Step("Divide", "x = 2", kind="divide", value=0.5, verified=True, intended_wrong=True, latex="x = 2", error_kind="sign_slip"),
            Step("", "", kind="", value=None, verified=None, latex="", error_kind="")]


def test_checked_equals_replace_field_by_field() -> None:
    # a new field on Step must be copied by ``checked`` too: this fails until it is
    assert [f.name for f in dataclasses.fields(Step)] == ["text", "state", "kind", "value", "verified", "intended_wrong",
                                                          "latex", "error_kind"]
    for step in _steps():
        for verified in (True, False, None):
            for value in (None, 0.0, 0.75):
                assert checked(step, verified, value) == dataclasses.replace(step, verified=verified, value=value)


def _reference_choose(found: list[Trace], limit: int, rng: random.Random, gold: str | None = None,
                      length: int | None = None, count: int | None = None) -> tuple[Trace, ...]:
    """``choose`` as it was before its lengths and shapes were memoised (main 75caebe): the oracle."""
    pool = list(found)
    rng.shuffle(pool)
    pool.sort(key=lambda t: t.answer is None)
    picked: list[Trace] = []
    kinds: set[str] = set()
    spots: set[int] = set()
    sides: Counter[int] = Counter()
    like = shape(gold) if gold is not None else None
    low, high = LENGTH_BAND

    def side(t: Trace) -> int:
        if count is not None and len(t.steps) != count:
            return 1 if len(t.steps) > count else -1
        return 0 if length is None else (text_length(t.steps, t.answer) > length) - (text_length(t.steps, t.answer) < length)

    def rank(i: int) -> tuple[bool | int, ...]:
        t = pool[i]
        unlike = like is not None and t.answer is not None and shape(t.answer) != like
        outside = length is not None and not low <= text_length(t.steps, t.answer) / max(length, 1) <= high
        crowded = side(t) != 0 and sides[side(t)] > sides[-side(t)]
        if count is not None and not kinds_first:
            off = len(t.steps) != count
            return (t.answer is None, unlike, outside, off and crowded, off, crowded, _kind(t) in kinds, t.first_wrong_step in spots, i)
        return (t.answer is None, unlike, outside, _kind(t) in kinds, crowded, t.first_wrong_step in spots, i)

    kinds_first = count is None or rng.random() < KINDS_FIRST
    ends = [t for t in pool if t.answer is None]
    reserve = int(limit >= DEAD_END_SLOT_FROM and bool(ends) and len(pool) > len(ends))
    while pool and len(picked) < limit - reserve:
        best = min(range(len(pool)), key=rank)
        trace = pool.pop(best)
        picked.append(trace)
        kinds.add(_kind(trace))
        spots.add(trace.first_wrong_step or 0)
        sides[side(trace)] += 1
    if reserve:
        dead = [i for i, t in enumerate(pool) if t.answer is None]
        if dead:
            picked.append(pool.pop(min(dead, key=lambda i: (_kind(pool[i]) in kinds, pool[i].first_wrong_step in spots, i))))
    return tuple(sorted(picked, key=lambda t: t.first_wrong_step or 0))


def _random_traces(rng: random.Random) -> list[Trace]:
    """Candidates as the continued negatives make them, equal ones (told apart by position only) among them."""
    out: list[Trace] = []
    for _ in range(rng.randrange(0, 12)):
        n = rng.randrange(1, 6)
        wrong = rng.randrange(n)
        steps = tuple(Step("w" * rng.randrange(1, 30), "s", error_kind=rng.choice(["a", "b", "c"]) if i == wrong else "")
                      for i in range(n))
        answer = rng.choice([None, "5", "-\\frac{3}{4}", "12", "x"])
        out += [Trace(steps, answer, Verdict.reject("no"), first_wrong_step=wrong) for _ in range(rng.choice([1, 1, 2]))]
    return out


def test_choose_picks_as_before_the_memo() -> None:
    rng = random.Random(5)
    picked = 0
    for case in range(800):
        found = _random_traces(rng)
        limit = rng.randrange(0, 5)
        gold = rng.choice([None, "7", "\\frac{1}{2}"])
        length = rng.choice([None, 20, 60])
        count = rng.choice([None, 2, 3])
        new = choose(list(found), limit, random.Random(case), gold=gold, length=length, count=count)
        old = _reference_choose(list(found), limit, random.Random(case), gold=gold, length=length, count=count)
        assert [id(t) for t in new] == [id(t) for t in old]
        picked += len(new)
    assert picked > 800  # the cases pick something


def test_negatives_with_the_chains_checks_are_the_negatives_without() -> None:
    """Handing the chain's step verdicts to ``continued_negatives`` (only the steps from the wrong one on are checked)
    gives the same negatives, labels included, as checking every step of every candidate."""
    from cotforge.core.registry import SEARCHES, SPACES, TASKS, VERIFIERS
    from cotforge.pipelines.recipe import SearchSettings
    from cotforge.pipelines.solve import record_negatives
    from cotforge.verifiers.base import Verifier
    from cotforge.solvers.linearize import path_steps

    compared = 0
    for task in ("linear_equation", "arithmetic_expression", "number_theory", "percentage", "quadratic_equation"):
        for level in (1, 3, 5):
            for index in range(3):
                problem = TASKS.get(task).from_level(level, seed=11).generate(index)
                verifier = VERIFIERS.get(problem.verifier)
                settings = SearchSettings()

                def reward(answer: str | None, verifier: Verifier = verifier, problem: Problem = problem) -> float:
                    return 1.0 if answer is not None and verifier.verify(problem, answer).accepted else 0.0

                result = SEARCHES.get(settings.algorithm)(SPACES.get(problem.space)(problem), reward, settings, random.Random(index))
                path = result.best_path()
                if path is None:
                    continue
                steps = path_steps(result, path)
                checks = verifier.check_steps(problem, steps)
                plain = record_negatives(problem, SPACES.get(problem.space)(problem), result, path, verifier, 3, {})
                known = record_negatives(problem, SPACES.get(problem.space)(problem), result, path, verifier, 3, {}, steps, checks)
                assert plain == known
                compared += len(plain)
    assert compared >= 60
