"""Graph colouring: colour every vertex so that no edge joins two vertices of the same colour.

A few vertices come pre-coloured, just enough that exactly one colouring is left. Levels: 1 → 5
vertices, 3 colours, at least 2 left to colour; 2 → 6 vertices, 3 colours, 3 left; 3 → 8 vertices,
3 colours, 4 left; 4 → 10 vertices, 4 colours, 5 left; 5 → 12 vertices, 4 colours, 7 left, and a
case split is allowed. The graph is drawn around a
hidden colouring; pre-colours are removed in random order while the step space's rules (forced
colours along edges, one guess at level 5) still settle every vertex, which proves uniqueness; a
complete search re-checks it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from cotforge.domains.csp import Constraint, Csp, render_answer
from cotforge.domains.csp_solve import solve
from cotforge.domains.csp_grade import grade
from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

COLOURS = ("red", "green", "blue", "yellow")
_SHAPES = {1: (5, 3, 0.6, 2), 2: (6, 3, 0.6, 3), 3: (8, 3, 0.6, 4), 4: (10, 4, 0.7, 5), 5: (12, 4, 0.75, 7)}
"""Vertices, colours, chance of an edge between two differently coloured vertices, fewest vertices
left to colour."""
_ACCEPT = {1: ("naked",), 2: ("naked",), 3: ("naked",), 4: ("naked",), 5: ("naked", "guess")}
WORDS = {"noun": "vertex", "is": "{var} is {val}", "one_of": "{var} is {vals}", "not": "{var} cannot be {vals}"}


@dataclass(frozen=True, slots=True)
class GraphColoringConfig(TaskConfig):
    """Level sets the number of vertices (5 to 12) and colours (3 or 4)."""

    max_attempts: int = 1000
    """Random graphs tried before giving up (a safety net)."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise ConfigError(f"max_attempts must be a positive integer, got {self.max_attempts!r}")


def coloring_csp(names: tuple[str, ...], k: int, edges: list[tuple[int, int]], given: dict[int, int]) -> Csp:
    doms = tuple(1 << given[v] if v in given else (1 << k) - 1 for v in range(len(names)))
    cons = tuple(Constraint("rel", (a, b), op="ne", label=f"edge {names[a]}-{names[b]}") for a, b in edges)
    return Csp(names, COLOURS[:k], doms, cons, {"kind": "assignment"})


class GraphColoringGenerator(Generator[GraphColoringConfig]):
    name = "graph_coloring"
    version = 2
    """Version 2: a floor of vertices left to colour per level, denser graphs, 12 vertices at level 5
    (version 1 left a median of 2-3.5 to colour at every level; one level-5 item had 8 of 10 given)."""
    domain = "logic"
    space = "csp"
    verifier = "graph_coloring"
    config_cls = GraphColoringConfig

    def build(self, rng: random.Random) -> Draft:
        config = self.config
        n, k, density, free = _SHAPES[config.level]
        names = tuple(chr(ord("A") + i) for i in range(n))
        for attempt in range(1, config.max_attempts + 1):
            colour = [rng.randrange(k) for _ in range(n)]
            if len(set(colour)) < k:
                continue
            edges = [(a, b) for a in range(n) for b in range(a + 1, n) if colour[a] != colour[b] and rng.random() < density]
            given = dict(enumerate(colour))
            # the graph with every vertex open; the colours given are the starting candidates the grading takes apart
            # (the constraints, and so what they compile to, do not depend on them)
            graph, every = coloring_csp(names, k, edges, {}), (1 << k) - 1
            for v in rng.sample(range(n), n):
                keep = given.pop(v)
                if grade(graph, [1 << given[w] if w in given else every for w in range(n)]) not in _ACCEPT[config.level]:
                    given[v] = keep
            csp = coloring_csp(names, k, edges, given)
            if len(given) <= n - free and len(solve(csp, limit=2)) == 1 and grade(csp) in _ACCEPT[config.level]:
                return _draft(csp, edges, given, colour, config.level, attempt)
        raise RuntimeError(f"no graph colouring puzzle in {config.max_attempts} attempts")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        data = problem.data()
        values = list(data["solution"])
        v = rng.randrange(len(values))
        values[v] = (values[v] + 1) % len(data["values"])
        return render_answer(Csp.from_payload(data), values)


def _draft(csp: Csp, edges: list[tuple[int, int]], given: dict[int, int], colour: list[int], level: int,
           attempts: int) -> Draft:  # fmt: skip
    names, k = csp.var_names, len(csp.value_names)
    listed = ", ".join(f"{names[a]}-{names[b]}" for a, b in edges)
    pre = ", ".join(f"{names[v]} is {COLOURS[c]}" for v, c in sorted(given.items()))
    question = (
        f"A graph has vertices {', '.join(names)} and edges {listed}. Colour every vertex {', '.join(COLOURS[:k - 1])} "
        f"or {COLOURS[k - 1]} so that the two ends of every edge have different colours. Already coloured: {pre}. "
        'Give the colour of every vertex, one per line, like "A: red".'
    )
    payload = {**csp.payload(), "words": WORDS, "solution": colour}
    meta = {"level": level, "vertices": len(names), "colours": k, "edges": len(edges), "given": len(given), "attempts": attempts}
    return Draft(question=question, answer=render_answer(csp, colour), payload=payload, metadata=meta)


TASKS.register("graph_coloring", GraphColoringGenerator)
