"""Shortest paths: find a shortest route between two places of a weighted graph given in words.

Levels: 1 → 6 places, two-way roads, weights up to 9, one shortest route of at least 2 roads;
2 → 7 places, weights up to 12, at least 3 roads; 3 → 8 places, one-way roads, weights up to 15,
a direct road from start to goal that is longer than the best route (a distractor);
4 → 10 places, one-way, weights up to 20, the direct distractor, and two or more shortest routes
of equal length (any of them is right); 5 → 12 places, weights up to 30, ties, and a greedy trap:
always taking the cheapest next road does not give a shortest route. At every level there are at
least ten simple routes from start to goal for each shortest one. The gold distance comes from
the start's distances (``distances``); where several routes are shortest, Floyd-Warshall's next hops
pick the gold one (the step space runs Dijkstra from the start).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig
from cotforge.domains.weighted_graph import WeightedGraph, path_text


@dataclass(frozen=True, slots=True)
class _Shape:
    nodes: int
    directed: bool
    max_weight: int
    extra: int
    """Random edges added beside the hidden route and the edges that attach every place."""
    hops: int
    """Fewest roads the gold route may have."""
    ties: bool
    """True: two or more shortest routes; False: exactly one."""
    direct: bool
    """A direct start -> goal road, longer than the best route."""
    trap: bool
    """The greedy walk (cheapest road onward each time) must miss every shortest route."""


_SHAPES = {
    1: _Shape(6, False, 9, 4, 2, False, False, False),
    2: _Shape(7, False, 12, 6, 3, False, False, False),
    3: _Shape(8, True, 15, 7, 3, False, True, False),
    4: _Shape(10, True, 20, 10, 4, True, True, False),
    5: _Shape(12, True, 30, 14, 4, True, True, True),
}
INF = float("inf")


@dataclass(frozen=True, slots=True)
class ShortestPathConfig(TaskConfig):
    """Level sets the number of places (5 to 12), one-way roads, weights, distractors and ties."""

    max_attempts: int = 500
    """Random graphs tried before giving up (a safety net)."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise ConfigError(f"max_attempts must be a positive integer, got {self.max_attempts!r}")


class ShortestPathGenerator(Generator[ShortestPathConfig]):
    name = "shortest_path"
    version = 2
    """Version 2: a wrong move is offered only when its line of play misses the shortest route
    (version 1 kept slips that still ended on a right answer: dpo rejected texts scoring 1.0); ten
    simple routes per shortest one, a larger level 1 (a random route was a shortest one 16% of the
    time, 45% at level 1)."""
    domain = "logic"
    space = "dijkstra"
    verifier = "shortest_path"
    config_cls = ShortestPathConfig

    def build(self, rng: random.Random) -> Draft:
        config = self.config
        shape = _SHAPES[config.level]
        names = tuple(chr(ord("A") + i) for i in range(shape.nodes))
        for attempt in range(1, config.max_attempts + 1):
            edges, source, target = _random_edges(rng, shape)
            graph = _finish(rng, shape, names, edges, source, target)
            if graph is None:
                continue
            dist = distances(graph)  # once for the finished graph: the checks and the draft read it
            ways = count_shortest(graph, dist)
            if not _guessable(graph, ways):
                return _draft(graph, _gold_route(graph, dist, ways), int(dist[target]), config.level, attempt, ways)
        raise RuntimeError(f"no shortest-path puzzle in {config.max_attempts} attempts")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        """A longer route with its true length, or the gold route with a wrong length."""
        graph = WeightedGraph.from_payload(problem.data())
        dist, nxt = floyd_warshall(graph)
        best = int(dist[graph.source][graph.target])
        longer = sorted((w, p) for w, p in _simple_paths(graph, 4000) if w > best)
        if longer and rng.random() < 0.7:
            w, p = longer[0]
            return path_text(graph.names, p, w)
        return path_text(graph.names, _route(nxt, graph.source, graph.target), best + rng.choice((-1, 1, 2)))


def _random_edges(rng: random.Random, shape: _Shape) -> tuple[list[tuple[int, int, int]], int, int]:
    """A hidden route from start to goal, an edge for every other place, random extras; with the
    start and the goal."""
    n = shape.nodes
    order = rng.sample(range(n), n)
    k = rng.randint(shape.hops, min(n - 1, shape.hops + 2))
    route = order[: k + 1]
    edges: dict[object, tuple[int, int, int]] = {}

    def add(u: int, v: int, w: int) -> None:
        key = (u, v) if shape.directed else frozenset((u, v))
        if u != v and {u, v} != {route[0], route[-1]} and key not in edges:
            edges[key] = (u, v, w)

    for u, v in zip(route, route[1:]):
        add(u, v, rng.randint(1, max(2, shape.max_weight // 2)))
    for v in order[k + 1 :]:
        u = rng.choice([x for x in order if x != v])
        add(*((u, v) if rng.random() < 0.5 else (v, u)), rng.randint(1, shape.max_weight))
    wanted = len(edges) + shape.extra
    for _ in range(shape.extra * 4):
        if len(edges) >= wanted:
            break
        u, v = rng.sample(range(n), 2)
        add(u, v, rng.randint(1, shape.max_weight))
    out = list(edges.values())
    rng.shuffle(out)
    return out, route[0], route[-1]


def _finish(rng: random.Random, shape: _Shape, names: tuple[str, ...], edges: list[tuple[int, int, int]],
            source: int, target: int) -> WeightedGraph | None:  # fmt: skip
    """Add the distractor road and a tie where the level asks; None when the graph does not fit."""
    graph = WeightedGraph(names, tuple(edges), shape.directed, source, target)
    dist = distances(graph)
    if dist[target] == INF:
        return None
    if shape.ties and count_shortest(graph, dist) == 1:
        tied = _add_tie(rng, graph, _gold_route(graph, dist, 1))
        if tied is None:
            return None
        graph = tied
        dist = distances(graph)
    best = int(dist[target])
    ways = count_shortest(graph, dist)
    # the tie test before the route's (neither draws, so the first to fail gives the same None): with one shortest
    # route no all-pairs table is needed to find it
    if (ways > 1) != shape.ties:
        return None
    if len(_gold_route(graph, dist, ways)) - 1 < shape.hops:
        return None
    if shape.trap and _greedy_hits(graph, dist):
        return None
    if shape.direct:
        at = rng.randrange(len(graph.edges) + 1)
        new = list(graph.edges)
        new.insert(at, (source, target, best + rng.randint(1, max(2, best // 3))))
        graph = WeightedGraph(names, tuple(new), shape.directed, source, target)
    return graph


def _add_tie(rng: random.Random, graph: WeightedGraph, path: list[int]) -> WeightedGraph | None:
    """Give one road of the best route ``path`` (weight >= 2) a detour of the same total through a place off it."""
    joined = {(u, v) for u, v, _ in graph.edges} | {(v, u) for u, v, _ in graph.edges}
    roads = [(u, v, graph.weight(u, v) or 0) for u, v in zip(path, path[1:])]
    off = [x for x in range(len(graph.names)) if x not in path]
    for u, v, w in rng.sample(roads, len(roads)):
        for x in rng.sample(off, len(off)):
            if w >= 2 and (u, x) not in joined and (x, v) not in joined:
                a = rng.randint(1, w - 1)
                return WeightedGraph(graph.names, graph.edges + ((u, x, a), (x, v, w - a)), graph.directed,
                                     graph.source, graph.target)  # fmt: skip
    return None


def floyd_warshall(graph: WeightedGraph) -> tuple[list[list[float]], list[list[int]]]:
    """All-pairs distances and next hops (-1: no route)."""
    n = len(graph.names)
    dist = [[0.0 if i == j else INF for j in range(n)] for i in range(n)]
    nxt = [[j if i == j else -1 for j in range(n)] for i in range(n)]
    for u, v, w in graph.arcs():
        if w < dist[u][v]:
            dist[u][v], nxt[u][v] = w, v
    for k in range(n):
        # row k and column k do not change while k is the middle place (a detour through k to k itself adds
        # nothing), so they are read once per row
        row_k = dist[k]
        for i in range(n):
            row, nxt_i = dist[i], nxt[i]
            via = row[k]
            if via == INF:
                continue
            first = nxt_i[k]
            for j, onward in enumerate(row_k):
                if via + onward < row[j]:
                    row[j] = via + onward
                    nxt_i[j] = first
    return dist, nxt


def distances(graph: WeightedGraph) -> list[float]:
    """The shortest distance from the start to each place (INF: no route), as ``floyd_warshall`` gives the start's row
    (distances are the same whichever way they are found; only the route taken among equals depends on the way)."""
    n = len(graph.names)
    dist: list[float] = [INF] * n
    dist[graph.source] = 0.0
    open_ = set(range(n))
    while open_:
        u = min(open_, key=lambda x: (dist[x], x))
        if dist[u] == INF:
            break
        open_.remove(u)
        for _, v, w in graph.out_arcs(u):
            if dist[u] + w < dist[v]:
                dist[v] = dist[u] + w
    return dist


def _gold_route(graph: WeightedGraph, dist: list[float], ways: int) -> list[int]:
    """The route the answer gives: ``floyd_warshall``'s next hops from start to goal. Where only ``ways`` = 1 shortest
    route exists it is that one, read back from the goal (each place on it has one road in that keeps to it), without
    the all-pairs table; among several, the table's choice."""
    if ways != 1:
        return _route(floyd_warshall(graph)[1], graph.source, graph.target)
    arcs = graph.arcs()
    path = [graph.target]
    while path[-1] != graph.source:
        v = path[-1]
        path.append(next(u for u, b, w in arcs if b == v and dist[u] + w == dist[v]))
    return path[::-1]


def _route(nxt: list[list[int]], u: int, v: int) -> list[int]:
    path = [u]
    while u != v:
        u = nxt[u][v]
        path.append(u)
    return path


def count_shortest(graph: WeightedGraph, dist: list[float]) -> int:
    """How many distinct shortest routes lead from start to goal (weights are positive), ``dist`` the distances from
    the start (``distances``)."""
    s, arcs = graph.source, graph.arcs()
    ways = {s: 1}
    for v in sorted((x for x in range(len(graph.names)) if dist[x] < INF), key=lambda x: dist[x]):
        if v != s:
            ways[v] = sum(ways.get(u, 0) for u, b, w in arcs if b == v and dist[u] + w == dist[v])
    return ways.get(graph.target, 0)


def _greedy_hits(graph: WeightedGraph, dist: list[float]) -> bool:
    """Whether always taking the cheapest road to a new place reaches the goal by a shortest route."""
    at, seen, total = graph.source, {graph.source}, 0
    while at != graph.target:
        options = sorted((w, v) for _, v, w in graph.out_arcs(at) if v not in seen)
        if not options:
            return False
        w, at = options[0]
        seen.add(at)
        total += w
    return total == dist[graph.target]


ROUTES_PER_BEST = 10
"""Simple routes from start to goal there must be for each shortest one, so a route picked at
random is rarely a shortest one."""


def _guessable(graph: WeightedGraph, best: int) -> bool:
    """Whether there are fewer than ROUTES_PER_BEST simple routes per shortest one (``best`` of them)."""
    return len(_simple_paths(graph, ROUTES_PER_BEST * best)) < ROUTES_PER_BEST * best


def _simple_paths(graph: WeightedGraph, limit: int) -> list[tuple[int, list[int]]]:
    """Up to ``limit`` simple routes from start to goal, with their weights."""
    out: list[tuple[int, list[int]]] = []
    stack = [(graph.source, [graph.source], 0)]
    while stack and len(out) < limit:
        at, path, total = stack.pop()
        if at == graph.target:
            out.append((total, path))
            continue
        for _, v, w in graph.out_arcs(at):
            if v not in path:
                stack.append((v, path + [v], total + w))
    return out


def _draft(graph: WeightedGraph, path: list[int], length: int, level: int, attempts: int, ways: int) -> Draft:
    names, s, t = graph.names, graph.names[graph.source], graph.names[graph.target]
    roads = ", ".join(graph.edge_text(u, v, w) for u, v, w in graph.edges)
    if graph.directed:
        kind = "one-way roads (X -> Y can only be driven from X to Y)"
    else:
        kind = "roads that can be driven both ways (X - Y joins X and Y)"
    question = (
        f"A map has {len(names)} places, {', '.join(names[:-1])} and {names[-1]}, joined by {kind}. "
        f"The roads, with their lengths in brackets, are: {roads}. "
        f"Find a shortest route from {s} to {t}. Give the places along it in order, like "
        f'"{s} -> ... -> {t}", and its total length.'
    )
    meta = {"level": level, "nodes": len(names), "edges": len(graph.edges), "directed": graph.directed,
            "hops": len(path) - 1, "length": length, "shortest_routes": ways,
            "attempts": attempts}  # fmt: skip
    return Draft(question=question, answer=path_text(names, path, length), payload=graph.payload(), metadata=meta)


TASKS.register("shortest_path", ShortestPathGenerator)
