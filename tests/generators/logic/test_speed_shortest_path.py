"""shortest_path's faster routes give what the plain ones gave: the graph's remembered arcs, the all-pairs table, the
start's distances, and the gold route read back where only one route is shortest."""

from __future__ import annotations

import random

from cotforge.domains.weighted_graph import WeightedGraph
from cotforge.generators.logic.shortest_path import (_SHAPES, INF, _finish, _gold_route, _random_edges, _route,
                                                     count_shortest, distances, floyd_warshall)


def _reference_arcs(g: WeightedGraph) -> list[tuple[int, int, int]]:
    if g.directed:
        return list(g.edges)
    return [a for u, v, w in g.edges for a in ((u, v, w), (v, u, w))]


def _reference_floyd_warshall(graph: WeightedGraph) -> tuple[list[list[float]], list[list[int]]]:
    """``floyd_warshall`` as it was: every sum read from the table."""
    n = len(graph.names)
    dist = [[0.0 if i == j else INF for j in range(n)] for i in range(n)]
    nxt = [[j if i == j else -1 for j in range(n)] for i in range(n)]
    for u, v, w in _reference_arcs(graph):
        if w < dist[u][v]:
            dist[u][v], nxt[u][v] = w, v
    for k in range(n):
        for i in range(n):
            if dist[i][k] == INF:
                continue
            for j in range(n):
                if dist[i][k] + dist[k][j] < dist[i][j]:
                    dist[i][j] = dist[i][k] + dist[k][j]
                    nxt[i][j] = nxt[i][k]
    return dist, nxt


def _graphs() -> list[WeightedGraph]:
    """Raw and finished graphs of every level (with ties, distractors, unreachable goals)."""
    rng, out = random.Random(4), []
    names = tuple(chr(ord("A") + i) for i in range(12))
    for shape in _SHAPES.values():
        for _ in range(60):
            edges, s, t = _random_edges(rng, shape)
            out.append(WeightedGraph(names[:shape.nodes], tuple(edges), shape.directed, s, t))
            done = _finish(rng, shape, names[:shape.nodes], edges, s, t)
            if done is not None:
                out.append(done)
    return out


def test_remembered_arcs_are_the_arcs() -> None:
    for g in _graphs():
        arcs = _reference_arcs(g)
        assert g.arcs() == arcs
        for u in range(-1, len(g.names) + 1):
            assert g.out_arcs(u) == [a for a in arcs if a[0] == u]
            for v in range(-1, len(g.names) + 1):
                assert g.weight(u, v) == next((w for a, b, w in arcs if a == u and b == v), None)


def test_floyd_warshall_distances_and_gold_route_agree_with_the_plain_table() -> None:
    unique = several = 0
    for g in _graphs():
        dist, nxt = _reference_floyd_warshall(g)
        assert floyd_warshall(g) == (dist, nxt)
        row = distances(g)
        assert row == dist[g.source]
        if row[g.target] == INF:
            continue
        ways = count_shortest(g, row)
        assert _gold_route(g, row, ways) == _route(nxt, g.source, g.target)
        unique += ways == 1
        several += ways > 1
    assert unique > 100 and several > 20, (unique, several)
