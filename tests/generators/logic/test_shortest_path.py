"""shortest_path: levels change the work; every shortest route is accepted; steps and wrong moves checked."""

from __future__ import annotations

import json
import random

import pytest

from cotforge.core.records import Problem
from cotforge.core.registry import SPACES, VERIFIERS
from cotforge.generators.logic.shortest_path import ShortestPathGenerator

V = VERIFIERS.get("shortest_path")


def _routes(data: dict) -> list[tuple[int, list[str]]]:
    """Every simple route from start to goal with its weight, by brute force written apart from cotforge."""
    names, directed = data["nodes"], data["directed"]
    roads: dict[tuple[int, int], int] = {}
    for u, v, w in data["edges"]:
        roads[(u, v)] = w
        if not directed:
            roads[(v, u)] = w
    out = []

    def walk(path: list[int], total: int) -> None:
        if path[-1] == data["target"]:
            out.append((total, [names[i] for i in path]))
            return
        for (a, b), w in roads.items():
            if a == path[-1] and b not in path:
                walk(path + [b], total + w)

    walk([data["source"]], 0)
    return out


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_every_shortest_route_is_accepted_and_longer_ones_rejected(level: int) -> None:
    gen = ShortestPathGenerator.from_level(level, seed=5)
    for i in range(6):
        p = gen.generate(i)
        routes = _routes(p.data())
        best = min(w for w, _ in routes)
        shortest = [r for w, r in routes if w == best]
        meta = json.loads(p.metadata)
        assert meta["length"] == best and p.answer.endswith(f"(length {best})")
        assert (len(shortest) > 1) == (level >= 4)  # ties only at levels 4 and 5
        assert len(p.answer.split(" -> ")) - 1 >= {1: 2, 2: 3, 3: 3, 4: 4, 5: 4}[level]
        for route in shortest:
            assert V.verify(p, " -> ".join(route)).accepted
            assert V.verify(p, f"{', '.join(route)}, length {best}").accepted
        for w, route in routes:
            if w > best:
                assert V.verify(p, f"{' -> '.join(route)} (length {w})").status == "reject"


def test_levels_grow_and_distractors_appear() -> None:
    sizes, edges = [], []
    for level in range(1, 6):
        p = ShortestPathGenerator.from_level(level, seed=1).generate(0)
        data = p.data()
        sizes.append(len(data["nodes"]))
        edges.append(len(data["edges"]))
        direct = [e for e in data["edges"] if (e[0], e[1]) == (data["source"], data["target"])]
        assert data["directed"] == (level >= 3)
        if level >= 3:  # a direct road that is longer than the best route
            assert len(direct) == 1 and direct[0][2] > json.loads(p.metadata)["length"]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1] and edges[0] < edges[-1]


def test_level_5_defeats_the_greedy_walk() -> None:
    for i in range(5):
        p = ShortestPathGenerator.from_level(5, seed=2).generate(i)
        data = p.data()
        at, seen, route = data["source"], {data["source"]}, [data["nodes"][data["source"]]]
        while at != data["target"]:
            options = sorted((w, v) for u, v, w in data["edges"] if u == at and v not in seen)
            if not options:
                break
            at = options[0][1]
            seen.add(at)
            route.append(data["nodes"][at])
        assert not V.verify(p, " -> ".join(route)).accepted


def test_generation_is_deterministic_by_seed() -> None:
    a = [ShortestPathGenerator.from_level(4, seed=9).generate(i) for i in range(4)]
    b = [ShortestPathGenerator.from_level(4, seed=9).generate(i) for i in range(4)]
    c = [ShortestPathGenerator.from_level(4, seed=10).generate(i) for i in range(4)]
    assert a == b and a != c


def _walk(p: Problem, wrong_at: int | None = None) -> list:
    """Follow the first proposal to the end; at step ``wrong_at`` take a wrong move instead."""
    space = SPACES.get(p.space)(p)
    state, steps, rng = space.root(), [], random.Random(0)
    while not space.is_terminal(state):
        moves = space.propose_wrong(state, 1, rng) if len(steps) == wrong_at else []
        move = (moves or space.propose(state, 4))[0]
        steps.append(move.step)
        state = space.apply(state, move)
    return [steps, space.answer(state)]


@pytest.mark.parametrize("level", [1, 3, 5])
def test_dijkstra_steps_check_and_reach_the_gold(level: int) -> None:
    for i in range(4):
        p = ShortestPathGenerator.from_level(level, seed=3).generate(i)
        steps, answer = _walk(p)
        assert V.check_steps(p, steps) == [True] * len(steps)
        assert V.verify(p, answer).accepted
        kinds = {s.kind for s in steps}
        assert {"settle", "relax", "answer"} <= kinds


def test_wrong_moves_are_labelled_and_fail_the_step_check() -> None:
    seen = set()
    for i in range(6):
        p = ShortestPathGenerator.from_level(4, seed=7).generate(i)
        clean, _ = _walk(p)
        for at in range(len(clean) - 1):
            steps, _ = _walk(p, wrong_at=at)
            wrong = [j for j, s in enumerate(steps) if s.intended_wrong]
            if not wrong:
                continue
            assert wrong == [at]
            seen.add(steps[at].kind)
            checks = V.check_steps(p, steps)
            assert checks[:at] == [True] * at and checks[at] is False
    assert seen == {"settle", "relax"}


def test_a_tampered_step_fails() -> None:
    p = ShortestPathGenerator.from_level(2, seed=3).generate(0)
    steps, _ = _walk(p)
    relax = next(j for j, s in enumerate(steps) if s.kind == "relax")
    body = json.loads(steps[relax].state)
    body["relax"]["weight"] += 1  # a road of the map with the wrong weight
    bad = steps[:relax] + [type(steps[relax])(steps[relax].text, json.dumps(body), "relax")]
    assert V.check_steps(p, bad)[relax] is False
