"""futoshiki and zebra: one solution each, re-checked by a brute force apart from cotforge.core."""

from __future__ import annotations

import json

import pytest

from cotforge.core.errors import ConfigError
from cotforge.generators.logic.futoshiki import FutoshikiConfig, FutoshikiGenerator
from cotforge.generators.logic.zebra import ZebraConfig, ZebraGenerator

REL = {
    "eq": lambda a, b, k: a == b, "ne": lambda a, b, k: a != b, "lt": lambda a, b, k: a < b,
    "off": lambda a, b, k: b - a == k, "next": lambda a, b, k: abs(a - b) == 1,
    "nnext": lambda a, b, k: abs(a - b) > 1, "cnext": lambda a, b, k: min((a - b) % k, (b - a) % k) == 1,
    "cw": lambda a, b, k: b == (a + 1) % k,
}  # fmt: skip


def _holds(c: dict, values: dict[int, int]) -> bool | None:
    """A constraint of the payload on a partial assignment (None: not all its variables set)."""
    if c["kind"] == "alldiff":
        xs = [values[v] for v in c["vars"] if v in values]
        return len(set(xs)) == len(xs)
    if any(v not in values for v in c["vars"]):
        return None
    xs = [values[v] for v in c["vars"]]
    if c["kind"] == "in":
        return xs[0] in c["allowed"]
    return REL[c["op"]](xs[0], xs[1], c.get("arg", 0))


def count_solutions(data: dict, limit: int = 2) -> int:
    """Backtracking over the payload, always on the variable with fewest values still consistent."""
    doms, cons = data["domains"], data["constraints"]
    watch: dict[int, list[dict]] = {}
    for c in cons:
        for v in c["vars"]:
            watch.setdefault(v, []).append(c)
    values: dict[int, int] = {}

    def fits(v: int, x: int) -> bool:
        values[v] = x
        ok = all(_holds(c, values) is not False for c in watch.get(v, []))
        del values[v]
        return ok

    def rec() -> int:
        open_ = [v for v in range(len(doms)) if v not in values]
        if not open_:
            return 1
        options = {v: [x for x in doms[v] if fits(v, x)] for v in open_}
        v = min(open_, key=lambda u: len(options[u]))
        total = 0
        for x in options[v]:
            values[v] = x
            total += rec()
            del values[v]
            if total >= limit:
                break
        return total

    return rec()


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_futoshiki_unique_and_gold(level: int) -> None:
    gen = FutoshikiGenerator.from_level(level, seed=6)
    for i in range(3 if level < 3 else 1):
        data = gen.generate(i).data()
        assert count_solutions(data) == 1
        assert all(s in d for s, d in zip(data["solution"], data["domains"]))
        assert len(data["values"]) == {1: 4, 2: 5, 3: 6, 4: 6, 5: 7}[level]


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_zebra_unique_and_gold(level: int) -> None:
    gen = ZebraGenerator.from_level(level, seed=6)
    for i in range(4 if level < 4 else 1):
        p = gen.generate(i)
        data = p.data()
        assert count_solutions(data) == 1
        sol = dict(enumerate(data["solution"]))
        assert all(_holds(c, sol) for c in data["constraints"])
        for clue in (c for c in data["constraints"] if c["kind"] != "alldiff"):
            assert f"{clue['label'].split()[1]}. {clue['text']}." in p.question


def test_zebra_levels_grow_and_use_relative_clues() -> None:
    small = ZebraGenerator.from_level(1, seed=2).generate(0).data()
    big = ZebraGenerator.from_level(5, seed=2).generate(0).data()
    assert (len(small["values"]), len(small["vars"])) == (3, 9)
    assert (len(big["values"]), len(big["vars"])) == (6, 36)
    ops = {c.get("op") for c in big["constraints"] if c["kind"] == "rel"}
    assert ops & {"next", "off", "lt"}


def test_bad_configs_name_the_field() -> None:
    for cls in (FutoshikiConfig, ZebraConfig):
        with pytest.raises(ConfigError, match="max_attempts"):
            cls(max_attempts=-1)


@pytest.mark.parametrize("level", [1, 3, 5])
def test_seating_unique_and_answer_forms(level: int) -> None:
    from cotforge.core.registry import VERIFIERS
    from cotforge.generators.logic.seating import SeatingGenerator

    v = VERIFIERS.get("seating")
    for i in range(3):
        p = SeatingGenerator.from_level(level, seed=8).generate(i)
        data = p.data()
        assert count_solutions(data) == 1
        order = [name for _, name in sorted(zip(data["solution"], data["vars"]))]
        forms = [
            p.answer,
            ", ".join(order),
            "\n".join(f"{k + 1}. {name}" for k, name in enumerate(order)),
            " ".join(f"{name} sits in seat {k + 1}." for k, name in enumerate(order)),
            json.dumps(order),
            json.dumps({name: k + 1 for k, name in enumerate(order)}),
        ]
        for text in forms:
            assert v.verify(p, text).accepted, text
        assert v.verify(p, ", ".join(order[::-1])).status == "reject"
        assert v.verify(p, ", ".join(order[:-1])).status == "unreadable"  # a seat left out: not read in full


@pytest.mark.parametrize("level", [1, 3, 5])
def test_graph_coloring_unique_and_answer_forms(level: int) -> None:
    from cotforge.core.registry import VERIFIERS
    from cotforge.generators.logic.graph_coloring import GraphColoringGenerator

    v = VERIFIERS.get("graph_coloring")
    for i in range(3):
        p = GraphColoringGenerator.from_level(level, seed=8).generate(i)
        data = p.data()
        assert count_solutions(data) == 1
        colour = {name: data["values"][c] for name, c in zip(data["vars"], data["solution"])}
        forms = [p.answer, "; ".join(f"{k} = {c}" for k, c in colour.items()), json.dumps(colour),
                 " ".join(f"{k} is {c}." for k, c in colour.items())]  # fmt: skip
        for text in forms:
            assert v.verify(p, text).accepted, text
        a, b = next(c["vars"] for c in data["constraints"] if c["kind"] == "rel")
        clash = dict(colour)
        clash[data["vars"][a]] = clash[data["vars"][b]]
        assert v.verify(p, json.dumps(clash)).status == "reject"


def test_levels_rise_in_work_left_to_do() -> None:
    """graph_coloring leaves a floor of vertices to colour per level (a level-5 item once had 8 of
    10 given); seating's level 4 needs more than elimination and level 5 a case split on 8 seats."""
    from cotforge.core.registry import TASKS
    from cotforge.generators.logic.graph_coloring import _SHAPES

    for level, (n, _, _, free) in _SHAPES.items():
        metas = [json.loads(TASKS.get("graph_coloring").from_level(level, seed=4).generate(i).metadata) for i in range(8)]
        assert all(m["vertices"] == n and n - m["given"] >= free for m in metas)
    seating = {lv: [json.loads(TASKS.get("seating").from_level(lv, seed=4).generate(i).metadata) for i in range(6)] for lv in (4, 5)}
    assert all(m["needs"] != "naked" for m in seating[4])
    assert all(m["needs"] == "guess" and m["people"] == 8 for m in seating[5])
