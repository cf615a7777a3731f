"""shortest_path verifier: routes read as models write them; judged by the map, not the stored string."""

from __future__ import annotations

import json

import pytest

from cotforge.core.records import Problem
from cotforge.core.registry import VERIFIERS

V = VERIFIERS.get("shortest_path")


def _problem(edges: list[tuple[int, int, int]], directed: bool, names: str = "ABCDE", s: int = 0, t: int = 3) -> Problem:
    payload = json.dumps({"nodes": list(names), "edges": [list(e) for e in edges], "directed": directed,
                          "source": s, "target": t})  # fmt: skip
    return Problem("shortest_path", 1, "logic", 1, 0, 0, "q", "A -> B -> D (length 5)", payload, "dijkstra", "shortest_path")


# A-B 2, B-D 3, A-C 1, C-D 4, A-D 9, C-E 1, E-D 3: shortest A..D is 5, three ways (A B D, A C D, A C E D)
EDGES = [(0, 1, 2), (1, 3, 3), (0, 2, 1), (2, 3, 4), (0, 3, 9), (2, 4, 1), (4, 3, 3)]


@pytest.mark.parametrize("text", [
    "A -> B -> D", "A -> C -> D (length 5)", "A, C, E, D", "[A, C, D]", '["A", "B", "D"]',
    '{"path": ["A", "C", "D"], "length": 5}', '{"route": "A-C-E-D", "distance": 5}', "A → C → D, total 5",
    "A-B-D", "The shortest route is A -> B -> D with length 5.", "Answer: \\boxed{A \\to C \\to D}",
    "A -> B (2) -> D (3), total length 5", "Route: A C D\nLength: 5", "A -> C -> D = 5",
    "**Answer:** A -> B -> D, length 5",
])  # fmt: skip
def test_every_shortest_route_in_many_forms(text: str) -> None:
    p = _problem(EDGES, directed=False)
    assert V.verify(p, text).accepted, (text, V.verify(p, text).reason)


@pytest.mark.parametrize(("text", "why"), [
    ("A -> D", "shorter"),                       # a real road, but 9
    ("A -> B -> D (length 6)", "stated"),        # right route, wrong length
    ("B -> D", "starts at B"),
    ("A -> B -> C", "ends at C"),
    ("A -> E -> D", "no road"),
    ("A -> Q -> D", "no route"),                 # Q is not a place: the run is broken
    ("", "no answer"),
    ("I don't know", "no route"),
    ('{"path": "A", "length": "five"}', "whole number"),
])  # fmt: skip
def test_wrong_routes_are_rejected_with_a_reason(text: str, why: str) -> None:
    v = V.verify(_problem(EDGES, directed=False), text)
    expected = "unreadable" if why in ("no route", "no answer", "whole number") else "reject"
    assert v.status == expected and why in v.reason, (text, v.reason)


def test_direction_matters_on_one_way_roads() -> None:
    p = _problem([(0, 1, 1), (3, 1, 1), (1, 2, 5), (2, 3, 1)], directed=True)  # D -> B exists, B -> D does not
    assert V.verify(p, "A -> B -> C -> D (length 7)").accepted
    assert "no road B -> D" in V.verify(p, "A -> B -> D").reason


def test_malformed_payload_is_an_error_not_a_reject() -> None:
    bad = Problem("shortest_path", 1, "logic", 1, 0, 0, "q", "", "{}", "dijkstra", "shortest_path")
    assert V.verify(bad, "A -> B").status == "error"
    loop = _problem([(0, 0, 1)], directed=True)
    assert V.verify(loop, "A -> D").status == "error"


def test_remembered_step_checks_give_the_fresh_verdicts() -> None:
    """The verifier remembers each map and each step's verdict (by the payload, the state the table before came from,
    the step's kind and state). Records' chains and negatives, and the same with junk steps put in (a junk step leaves
    the table before in place) or a step left out, get the verdicts a fresh verifier gives each chain alone."""
    import random

    from cotforge.core.records import Record, Step
    from cotforge.core.registry import TASKS
    from cotforge.pipelines.recipe import SearchSettings
    from cotforge.pipelines.solve import solve_problem
    from cotforge.verifiers import shortest_path as module

    rng = random.Random(2)
    chains = []
    for level in range(1, 6):
        generator = TASKS.get("shortest_path").from_level(level, seed=3)
        for index in range(4):
            problem = generator.generate(index)
            record = solve_problem(problem, SearchSettings()).result
            assert isinstance(record, Record)
            for trace in (record.chain, *record.negatives):
                steps = list(trace.steps)
                chains.append((problem, steps))
                junk = list(steps)
                junk.insert(rng.randrange(len(junk) + 1), Step("junk", "{not json", steps[0].kind))
                chains.append((problem, junk))
                if len(steps) > 2:  # a step left out: the next one follows another table than in its chain
                    cut = rng.randrange(len(steps) - 1)
                    chains.append((problem, steps[:cut] + steps[cut + 1:]))
    module._STEPS.clear()
    module._GRAPHS.clear()
    remembered = [V.check_steps(problem, steps) for problem, steps in chains]
    again = [V.check_steps(problem, steps) for problem, steps in chains]
    fresh = []
    for problem, steps in chains:
        module._STEPS.clear()
        module._GRAPHS.clear()
        fresh.append(V.check_steps(problem, steps))
    assert remembered == fresh == again
    assert sum(v is False for verdicts in fresh for v in verdicts) > 20 and any(None in verdicts for verdicts in fresh)
