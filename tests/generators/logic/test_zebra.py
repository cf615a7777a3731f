"""zebra generator: the grade it records is the puzzle's, levels change the clues, records check out."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from cotforge.domains.csp import Csp
from cotforge.domains.csp_grade import grade
from cotforge.generators.logic.zebra import ZebraGenerator
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_recorded_grade_is_the_puzzles(level: int) -> None:
    for i in range(2):
        p = ZebraGenerator.from_level(level, seed=21).generate(i)
        meta = json.loads(p.metadata)
        got = grade(Csp.from_payload(p.data()))
        assert got == meta["needs"] and got is not None  # a grade proves one solution
        if level <= 3:
            assert got != "guess"


def test_levels_change_the_clues() -> None:
    def ops(level: int) -> Counter[str]:
        out: Counter[str] = Counter()
        for i in range(3):
            for c in ZebraGenerator.from_level(level, seed=4).generate(i).data()["constraints"]:
                if c["kind"] != "alldiff":
                    out[c.get("op") or "in"] += 1
        return out

    low, high = ops(1), ops(5)
    relative = ("next", "off", "lt")
    assert sum(high[o] for o in relative) / sum(high.values()) > sum(low[o] for o in relative) / sum(low.values())
    assert len(ZebraGenerator.from_level(5, seed=4).generate(0).data()["vars"]) == 36


@pytest.mark.parametrize("level", [1, 4])
def test_every_step_of_the_record_checks(level: int) -> None:
    p = ZebraGenerator.from_level(level, seed=8).generate(0)
    row = solve_problem(p, SearchSettings())
    assert row.row is not None
    assert all(s["verified"] is True for s in row.row["steps"] if s["kind"] == "deduce")
    slips = [s for n in row.row["negatives"] for s in n["steps"] if s["intended_wrong"]]
    assert slips and all(s["verified"] is False for s in slips)  # wrong moves are offered, and caught


def test_same_seed_same_bytes() -> None:
    a = ZebraGenerator.from_level(4, seed=17).generate(2)
    b = ZebraGenerator.from_level(4, seed=17).generate(2)
    assert (a.question, a.payload, a.metadata) == (b.question, b.payload, b.metadata)
