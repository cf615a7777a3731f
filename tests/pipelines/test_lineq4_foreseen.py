"""Continued negatives where the space foresees their ends (``continue_negative.Foresees``): the same wrong moves are
drawn as without the foresight, the preferred ones are continued first, and only ``limit + FORESEEN_EXTRA`` of them
where enough are kept; each negative is still continued, verified and checked as before."""

from __future__ import annotations

import random

import pytest

from cotforge.core.records import Step
from cotforge.core.registry import TASKS
from cotforge.core.space import Move
from cotforge.pipelines import continue_negative
from cotforge.pipelines.continue_negative import FORESEEN_EXTRA, continue_sound, foreseen_order
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from cotforge.solvers.spaces.algebra import AlgebraSpace


def _move(name: str) -> Move:
    return Move(Step(name, name, intended_wrong=True), next_state=name)


def test_foreseen_order_prefers_other_answers_like_the_gold_of_the_solutions_length_spread_over_positions() -> None:
    ends = {"gold": ("4", 2), "none": (None, 2), "frac": ("\\frac{1}{2}", 2), "long": ("7", 5), "a": ("5", 2), "b": ("6", 2),
            "c": ("8", 1)}
    wrongs = [(0, _move("gold")), (0, _move("none")), (0, _move("frac")), (1, _move("long")), (1, _move("a")), (1, _move("b")),
              (2, _move("c"))]
    order = [m.step.text for _, m in foreseen_order(wrongs, lambda s: ends[s], "4", count=4)]
    # a, b at position 1 end at step 1 + 1 + 2 = 4 (the count), c at position 2 too; a is position 1's second draw
    assert order == ["c", "a", "b", "long", "frac", "gold", "none"]


def test_foresee_tells_the_end_of_the_sound_continuation() -> None:
    exact = total = 0
    for level in range(1, 6):
        gen = TASKS.get("linear_equation").from_level(level, seed=9)
        rng = random.Random(level)
        for i in range(8):
            space = AlgebraSpace(gen.generate(i))
            state = space.root()
            while not space.is_terminal(state):
                for move in space.propose_wrong(state, 5, rng):
                    rest = continue_sound(space, move.next_state, 20)
                    assert rest is not None
                    end, steps = space.foresee(move.next_state)
                    assert end == space.answer(rest[1])  # the answer, exactly
                    exact += steps == len(rest[0])
                    total += 1
                state = space.propose(state, 1)[0].next_state
    assert total > 200 and exact >= 0.75 * total  # the step count about (it only orders)


@pytest.mark.parametrize("level", [1, 3, 5])
def test_fewer_continued_same_draws_and_every_negative_checked(level: int, monkeypatch: pytest.MonkeyPatch) -> None:
    continued = []
    original = continue_negative._continued

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        continued.append(args[2])  # the position (one wrong move a call where the space foresees)
        return original(*args, **kwargs)

    monkeypatch.setattr(continue_negative, "_continued", counted)
    gen = TASKS.get("linear_equation").from_level(level, seed=2)
    for i in range(6):
        continued.clear()
        record = solve_problem(gen.generate(i), SearchSettings()).record
        assert record is not None and len(record.negatives) == 3
        assert len(continued) <= 3 + FORESEEN_EXTRA + 2  # never all nine (a few more only where some are not kept)
        for negative in record.negatives:
            k = negative.first_wrong_step
            assert k is not None and negative.steps[k].intended_wrong and negative.steps[k].verified is False
            assert all(s.verified is not False for s in negative.steps[:k])
            assert not negative.verdict.accepted

