"""Weighted graphs for the shortest-path task: the shared payload format, its text, and path length.

Generators, step spaces and verifiers meet only through ``cotforge.core``, so the graph model
lives here: named nodes, positive integer edge weights, directed or not, a source and a target.
No search strategy lives here; each of them computes distances its own way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class WeightedGraph:
    names: tuple[str, ...]
    edges: tuple[tuple[int, int, int], ...]
    """(from, to, weight) by node index; an undirected edge is listed once and works both ways."""
    directed: bool
    source: int
    target: int
    _arcs: tuple[tuple[int, int, int], ...] = field(init=False, repr=False, compare=False)
    """``arcs()``, worked out once: searches and generators read them, a node's and a pair's, many times a graph."""
    _out: tuple[tuple[tuple[int, int, int], ...], ...] = field(init=False, repr=False, compare=False)
    """Per node, ``out_arcs``."""
    _weights: dict[tuple[int, int], int] = field(init=False, repr=False, compare=False)
    """Per (from, to), ``weight``."""

    def __post_init__(self) -> None:
        n = len(self.names)
        if n < 2 or len(set(self.names)) != n:
            raise ValueError("a graph needs at least two distinct node names")
        if not (0 <= self.source < n and 0 <= self.target < n) or self.source == self.target:
            raise ValueError(f"bad source/target {self.source}/{self.target}")
        seen: set[tuple[int, int]] = set()
        for u, v, w in self.edges:
            if not (0 <= u < n and 0 <= v < n) or u == v:
                raise ValueError(f"bad edge {(u, v, w)!r}")
            if not isinstance(w, int) or isinstance(w, bool) or w < 1:
                raise ValueError(f"edge weights must be positive integers, got {w!r}")
            key = (u, v) if self.directed else (min(u, v), max(u, v))
            if key in seen:
                raise ValueError(f"two edges join {self.names[u]} and {self.names[v]}")
            seen.add(key)
        arcs = tuple(self.edges) if self.directed else tuple(a for u, v, w in self.edges for a in ((u, v, w), (v, u, w)))
        out: list[list[tuple[int, int, int]]] = [[] for _ in range(n)]
        weights: dict[tuple[int, int], int] = {}
        for a in arcs:
            out[a[0]].append(a)
            weights.setdefault((a[0], a[1]), a[2])
        object.__setattr__(self, "_arcs", arcs)
        object.__setattr__(self, "_out", tuple(tuple(x) for x in out))
        object.__setattr__(self, "_weights", weights)

    def arcs(self) -> list[tuple[int, int, int]]:
        """Every usable direction of every edge: (from, to, weight)."""
        return list(self._arcs)

    def out_arcs(self, u: int) -> list[tuple[int, int, int]]:
        """The arcs leaving ``u``, in the order the question lists their edges."""
        return list(self._out[u]) if 0 <= u < len(self._out) else []

    def weight(self, u: int, v: int) -> int | None:
        """The weight of the arc u -> v, or None when no edge allows it."""
        return self._weights.get((u, v))

    def path_weight(self, path: Sequence[int]) -> int | None:
        """Total weight of a walk, or None when some step has no edge."""
        total = 0
        for u, v in zip(path, path[1:]):
            w = self.weight(u, v)
            if w is None:
                return None
            total += w
        return total

    def edge_text(self, u: int, v: int, w: int) -> str:
        return f"{self.names[u]} {'->' if self.directed else '-'} {self.names[v]} ({w})"

    def payload(self) -> dict[str, Any]:
        return {
            "nodes": list(self.names),
            "edges": [list(e) for e in self.edges],
            "directed": self.directed,
            "source": self.source,
            "target": self.target,
        }

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> WeightedGraph:
        """Decode a task payload; raises ValueError (or KeyError/TypeError) when malformed."""
        return cls(
            tuple(str(x) for x in data["nodes"]),
            tuple((int(u), int(v), int(w)) for u, v, w in data["edges"]),
            bool(data["directed"]),
            int(data["source"]),
            int(data["target"]),
        )


def path_text(names: Sequence[str], path: Sequence[int], length: int) -> str:
    """The canonical answer: "A -> C -> F (length 12)"."""
    return f"{' -> '.join(names[i] for i in path)} (length {length})"
