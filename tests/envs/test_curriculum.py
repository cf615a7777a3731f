"""The curriculum: levels follow measured reward; its state resumes."""

from __future__ import annotations

import json

import pytest

from cotforge.core.errors import ConfigError
from cotforge.envs import Curriculum, CurriculumConfig


def feed(c: Curriculum, task: str, rewards: list[float | None]) -> None:
    for r in rewards:
        c.update(task, c.level(task), r)


def test_levels_move_up_on_high_reward_and_down_on_low() -> None:
    c = Curriculum(["a", "b"], start={"a": 2, "b": 4}, config={"window": 4, "raise_at": 0.75, "lower_at": 0.25})
    feed(c, "a", [1, 1, 1])
    assert c.level("a") == 2  # the window is not full yet
    feed(c, "a", [0])
    assert c.level("a") == 3  # mean 0.75 >= raise_at
    feed(c, "b", [0, 0, 1, 0])
    assert c.level("b") == 3  # mean 0.25 <= lower_at
    feed(c, "b", [1, 0, 1, 0])
    assert c.level("b") == 3  # in between: stays
    assert [(h["task"], h["from"], h["to"]) for h in c.history] == [("a", 2, 3), ("b", 4, 3)]


def test_levels_stop_at_the_bounds_and_step_sizes_apply() -> None:
    c = Curriculum(["a"], start=4, config=CurriculumConfig(window=2, step=2, max_level=5))
    feed(c, "a", [1, 1])
    assert c.level("a") == 4  # 6 is past max_level: no move
    c = Curriculum(["a"], start=5, config={"window": 2, "step": 2})
    feed(c, "a", [0, 0])
    assert c.level("a") == 3


def test_stale_and_unscorable_rewards_decide_nothing() -> None:
    c = Curriculum(["a"], start=3, config={"window": 2})
    for _ in range(5):
        c.update("a", 2, 1.0)  # rows drawn at an older level
    feed(c, "a", [None, None, None])
    assert c.level("a") == 3 and (c.stale, c.skipped, c.scored) == (5, 3, 0)


def test_blocked_levels_are_skipped() -> None:
    c = Curriculum(["a"], start=1, config={"window": 1})
    c.block("a", 1)
    assert c.level("a") == 2 and c.history[-1]["why"] == "level 1 exhausted"
    c.block("a", 3)
    feed(c, "a", [1.0])
    assert c.level("a") == 4
    feed(c, "a", [0.0])
    assert c.level("a") == 2  # 3 is blocked; 1 too


def test_state_round_trips_through_json_and_resumes() -> None:
    c = Curriculum(["a", "b"], start=2, config={"window": 3}, per_task={"b": {"window": 2, "raise_at": 0.5}})
    feed(c, "a", [1, 1, 1, 1])
    feed(c, "b", [1, 0])
    state = json.loads(json.dumps(c.state_dict()))
    d = Curriculum(["a", "b"])
    d.load_state_dict(state)
    assert d.state_dict() == c.state_dict()
    feed(c, "a", [1, 1])
    feed(d, "a", [1, 1])
    assert c.level("a") == d.level("a") == 4  # the partial window was carried over
    with pytest.raises(ConfigError, match="tasks"):
        Curriculum(["a"]).load_state_dict(state)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"config": {"raise_at": 0.2, "lower_at": 0.5}}, "lower_at .* must be below raise_at"),
        ({"config": {"window": 0}}, "window must be an integer >= 1"),
        ({"config": {"raise_at": 2}}, "raise_at must be a number from 0 to 1"),
        ({"config": {"windwo": 3}}, "no setting 'windwo'"),
        ({"config": {"min_level": 4, "max_level": 2}}, "min_level <= max_level"),
        ({"start": 7}, "start level of a must be from 1 to 5"),
        ({"per_task": {"z": {}}}, "per_task names z"),
    ],
)
def test_bad_settings_fail_in_one_line(kwargs: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Curriculum(["a"], **kwargs)
