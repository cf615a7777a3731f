from __future__ import annotations

import pytest

from cotforge.core.errors import ConfigError, UnknownNameError
from cotforge.core.records import Verdict
from cotforge.core.registry import TASKS
from cotforge.core.rng import item_rng, item_seed


def test_neighbouring_seeds_never_share_items() -> None:
    seed_s = {item_seed("linear_equation", 1, 7, i) for i in range(1000)}
    seed_s1 = {item_seed("linear_equation", 1, 8, i) for i in range(1000)}
    assert len(seed_s) == 1000 and not seed_s & seed_s1
    # the reasoning-gym pitfall: item i+1 of seed s must not be item i of seed s+1
    assert all(
        item_rng("t", 1, 7, i + 1).random() != item_rng("t", 1, 8, i).random() for i in range(1000)
    )


def test_item_rng_is_deterministic_and_task_specific() -> None:
    assert item_rng("a", 1, 0, 5).random() == item_rng("a", 1, 0, 5).random()
    assert item_rng("a", 1, 0, 5).random() != item_rng("b", 1, 0, 5).random()
    assert item_rng("a", 1, 0, 5).random() != item_rng("a", 2, 0, 5).random()


def test_unknown_name_suggests_the_close_one() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'linear_equation'"):
        TASKS.get("linear_equatoin")


def test_generator_config_is_validated() -> None:
    generator = TASKS.get("linear_equation")
    with pytest.raises(ConfigError, match="level must be an integer from 1 to 5, got 9"):
        generator.from_level(9)
    with pytest.raises(ConfigError, match="index"):
        generator.from_level(1).generate(-1)


def test_verdict_status_is_checked() -> None:
    assert Verdict.error("x").status == "error" and not Verdict.error("x").accepted
    with pytest.raises(ValueError):
        Verdict("wrong")  # type: ignore[arg-type]
