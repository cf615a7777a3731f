"""Verifier for shortest paths: any route that is as short as possible, read the way models write it.

An answer is a route ("A -> C -> D", "A, C, D", "[A, C, D]", JSON) with or without its length
("length 7"). It is accepted when it starts at the start, ends at the goal, uses only roads of the
map in their allowed direction, states its own length correctly (if it states one) and is as short
as the optimum, which Bellman-Ford computes here (the generator uses Floyd-Warshall, the step space
Dijkstra). Steps are checked against the map and those distances: a relaxation must name a road,
add correctly from a settled place and update the table by the minimum; a settled place must be
the closest open one and its distance the true shortest distance.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from cotforge.core.memo import Memo
from cotforge.core.records import Problem, Step, Verdict
from cotforge.core.registry import VERIFIERS
from cotforge.domains.weighted_graph import WeightedGraph
from cotforge.verifiers._readers import BAD_PAYLOAD, AnswerError, loads_json, payload, raw_json, read_final
from cotforge.verifiers.base import Verifier

_ARROWS = re.compile(r"\\(?:to|rightarrow|longrightarrow|Rightarrow)|→|⟶|⇒|=>|(?<!-)-+>|—>|–>")
_WEIGHT_NOTE = re.compile(r"\(\s*\d+\s*\)|\[\s*\d+\s*\]")
_LENGTH = re.compile(r"\b(?:length|distance|cost|weight|total)\b[^\d\n]{0,20}?(\d+)", re.I)
_TOKEN = re.compile(r"\w+|->|\S")
_SEPARATORS = {"->", "-", "–", "—", ",", "[", "]", '"', "'", "`", "*", "to", "then", "and"}


def bellman_ford(graph: WeightedGraph) -> list[int | None]:
    """Shortest distance from the start to every place (None: unreachable); weights are positive."""
    dist: list[int | None] = [None] * len(graph.names)
    dist[graph.source] = 0
    arcs = graph.arcs()
    for _ in range(len(graph.names) - 1):
        changed = False
        for u, v, w in arcs:
            du, dv = dist[u], dist[v]
            if du is not None and (dv is None or du + w < dv):
                dist[v] = du + w
                changed = True
        if not changed:
            break
    return dist


def read_route(names: Sequence[str], text: str, ends: tuple[str, str] | None = None) -> tuple[list[str], int | None]:
    """(the places of the route, the stated length or None); raises AnswerError when none is found.

    The route is the last run of places in the answer ("A -> C -> D", "A, C, D", "A to C to D");
    runs joined by arrows win over runs joined otherwise ("the route from A to D is A -> C -> D").
    When ``ends`` (start, goal) is given and the last sentence holding a route names two different
    routes between them ("A -> B -> D or A -> C -> D"), the answer is unreadable.
    """
    return read_final(text, lambda part: _read_part(names, part, ends))


def _read_part(names: Sequence[str], text: str, ends: tuple[str, str] | None) -> tuple[list[str], int | None]:
    part = text.strip().strip("$").strip()
    if part[:1] in "{[":
        found = _read_json(part)
        if found is not None:
            return found
    part = _ARROWS.sub(" -> ", part.replace("\\text", "").replace("\\mathrm", ""))
    stated = [int(m.group(1)) for m in _LENGTH.finditer(part)]
    bare = _WEIGHT_NOTE.sub(" ", _LENGTH.sub(" ", part))
    runs = _runs(set(names), bare)
    if not runs:
        raise AnswerError("no route (two or more places in a row) found in the answer")
    if any(arrow for *_, arrow in runs):
        runs = [r for r in runs if r[3]]
    start, end, run, _ = runs[-1]
    if ends is not None:
        line_start = max(bare.rfind("\n", 0, start), max(bare.rfind(". ", 0, start), bare.rfind("; ", 0, start)))
        rivals = {tuple(r) for b, _, r, _ in runs if b > line_start and r[0] == ends[0] and r[-1] == ends[1]}
        if len(rivals) > 1:
            raise AnswerError(f"the answer gives {len(rivals)} different routes")
    if stated:
        return run, stated[-1]
    after = re.match(r"\s*(?:[=:,]|\(|is\b)?\s*(\d+)\b", bare[end:])
    return run, int(after.group(1)) if after else None


def _runs(names: set[str], text: str) -> list[tuple[int, int, list[str], bool]]:
    """Maximal runs of place names joined only by arrows, dashes, commas, "to"/"then" or spaces:
    (start, end, places, whether an arrow joins them)."""
    runs: list[tuple[int, int, list[str], bool]] = []
    current: list[str] = []
    begin = end = 0
    arrow = False
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        if token in names:
            if not current:
                begin, arrow = m.start(), False
            current.append(token)
            end = m.end()
        elif token in _SEPARATORS:
            arrow |= token == "->" and bool(current)
        else:
            if len(current) >= 2:
                runs.append((begin, end, current, arrow))
            current = []
    if len(current) >= 2:
        runs.append((begin, end, current, arrow))
    return runs


def _read_json(part: str) -> tuple[list[str], int | None] | None:
    try:
        data, end = raw_json(part)
    except json.JSONDecodeError:
        return None  # "[A, C, D]" is not JSON; read it as text
    later = [int(m.group(1)) for m in _LENGTH.finditer(part[end:])]
    length: Any = later[-1] if later else None
    if isinstance(data, dict):
        lowered = {str(k).lower(): v for k, v in data.items()}
        route = next((lowered[k] for k in ("path", "route", "places", "nodes") if k in lowered), None)
        length = next((lowered[k] for k in ("length", "distance", "cost", "total", "weight") if k in lowered), length)
    else:
        route = data
    if isinstance(route, str):
        route = [p for p in re.split(r"\s*(?:->|→|,|-)\s*", route.strip()) if p]
    if not isinstance(route, list) or not all(isinstance(p, str) for p in route):
        raise AnswerError("JSON answer must give the route as a list of places")
    if length is not None and (isinstance(length, bool) or not isinstance(length, (int, float, str)) or not str(length).strip().isdigit()):
        raise AnswerError(f"the stated length {length!r} is not a whole number")
    return [p.strip() for p in route], None if length is None else int(str(length).strip())


_GRAPHS: Memo[str, tuple[WeightedGraph, tuple[int | None, ...]]] = Memo(2_000)
"""Per payload text, the map and its true distances: a record's search, chain and negatives ask about one problem
many times."""
_STEPS: Memo[tuple[str, str | None, str, str], tuple[bool | None, _Table | None]] = Memo(20_000)
"""Per (payload text, the state the table before comes from, step kind, step state), the step's verdict and the table
it leaves: a negative repeats its chain's steps up to its wrong one."""


def _map(problem: Problem) -> tuple[WeightedGraph, tuple[int | None, ...]]:
    """The problem's map and true distances (``bellman_ford``); a bad payload raises as ``from_payload`` does."""
    read = _GRAPHS.get(problem.payload)
    if read is None:
        graph = WeightedGraph.from_payload(payload(problem))
        read = _GRAPHS.keep(problem.payload, (graph, tuple(bellman_ford(graph))))
    return read


class ShortestPathVerifier(Verifier):
    name = "shortest_path"

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        try:
            graph, true = _map(problem)
        except BAD_PAYLOAD as e:
            return Verdict.error(f"bad shortest_path payload: {e}")
        if not isinstance(answer, str) or not answer.strip():
            return Verdict.unreadable("no answer")
        ends = (graph.names[graph.source], graph.names[graph.target])
        try:
            route, stated = read_route(graph.names, answer, ends)
        except AnswerError as e:
            return Verdict.unreadable(str(e))
        index = {name: i for i, name in enumerate(graph.names)}
        unknown = [p for p in route if p not in index]
        if unknown:
            return Verdict.reject(f"{unknown[0]!r} is not a place on the map")
        path = [index[p] for p in route]
        s, t = graph.names[graph.source], graph.names[graph.target]
        if path[0] != graph.source:
            return Verdict.reject(f"the route starts at {route[0]}, not at {s}")
        if path[-1] != graph.target:
            return Verdict.reject(f"the route ends at {route[-1]}, not at {t}")
        for u, v in zip(path, path[1:]):
            if graph.weight(u, v) is None:
                way = "->" if graph.directed else "-"
                return Verdict.reject(f"there is no road {graph.names[u]} {way} {graph.names[v]}")
        total = graph.path_weight(path)
        if stated is not None and stated != total:
            return Verdict.reject(f"the route's length is {total}, not the stated {stated}")
        best = true[graph.target]  # reachable: the route just walked reaches it
        if total != best:
            return Verdict.reject(f"the route has length {total}, but a shorter one of length {best} exists")
        return Verdict.accept(f"a shortest route, length {best}")

    def check_steps(self, problem: Problem, steps: Sequence[Step]) -> list[bool | None]:
        """Each step against the table before it, the map, and the true distances."""
        try:
            graph, distances = _map(problem)
        except BAD_PAYLOAD:
            return [None] * len(steps)
        true = dict(zip(graph.names, distances))
        prev = _Table({graph.names[graph.source]: 0}, {}, [])
        prev_state: str | None = None  # the step state ``prev`` was read from (None: the start)
        out: list[bool | None] = []
        for step in steps:
            key = (problem.payload, prev_state, step.kind, step.state)
            seen = _STEPS.get(key)
            if seen is None:
                try:
                    body = loads_json(step.state)
                    now = _Table.read(body, graph.names)
                    claim = body.get(step.kind, {})
                    seen = (self._check(problem, graph, true, step.kind, claim, prev, now), now)
                except BAD_PAYLOAD:
                    seen = (None, None)
                _STEPS.keep(key, seen)
            ok, after = seen
            out.append(ok)
            if after is not None:
                prev, prev_state = after, step.state
        return out

    def _check(self, problem: Problem, graph: WeightedGraph, true: dict[str, int | None], kind: str,
               claim: dict[str, Any], prev: _Table, now: _Table) -> bool | None:  # fmt: skip
        open_ = {x: d for x, d in prev.dist.items() if d is not None and x not in prev.settled}
        if kind == "settle":
            x, d = str(claim["place"]), int(claim["distance"])
            return (x in open_ and open_[x] == d == min(open_.values()) and true.get(x) == d
                    and now.settled == prev.settled + [x] and now.dist == prev.dist and now.pred == prev.pred)  # fmt: skip
        if kind == "relax":
            u, v, w, total = str(claim["from"]), str(claim["to"]), int(claim["weight"]), int(claim["sum"])
            index = {name: i for i, name in enumerate(graph.names)}
            if u not in prev.settled or v in prev.settled or v not in index or graph.weight(index[u], index[v]) != w:
                return False
            du, old = prev.dist.get(u), prev.dist.get(v)
            if du is None or du != true.get(u) or total != du + w:
                return False
            dist, pred = dict(prev.dist), dict(prev.pred)
            if old is None or total < old:
                dist[v], pred[v] = total, u
            elif total == old and now.pred.get(v) == u:
                pred[v] = u  # an equally short way in may replace the old one
            return now.dist == dist and now.pred == pred and now.settled == prev.settled
        if kind == "answer":
            t = graph.names[graph.target]
            path, length = [str(p) for p in claim["path"]], int(claim["length"])
            text = f"{' -> '.join(path)} (length {length})"
            return t in prev.settled and length == prev.dist.get(t) and self.verify(problem, text).accepted and now == prev
        if kind == "contradiction":
            return not open_ and graph.names[graph.target] not in prev.settled
        return None


class _Table:
    """Tentative distances, predecessors and settled places, by name, as a step's state records them."""

    def __init__(self, dist: dict[str, int | None], pred: dict[str, str], settled: list[str]) -> None:
        self.dist = {k: v for k, v in dist.items() if v is not None}
        self.pred = pred
        self.settled = settled

    @classmethod
    def read(cls, body: dict[str, Any], names: Sequence[str]) -> _Table:
        dist = {str(k): (None if v is None else int(v)) for k, v in body["dist"].items()}
        pred = {str(k): str(v) for k, v in body["pred"].items()}
        settled = [str(x) for x in body["settled"]]
        if not set(dist) | set(pred) | set(settled) <= set(names):
            raise ValueError("the step's table names places not on the map")
        return cls(dist, pred, settled)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Table) and (self.dist, self.pred, self.settled) == (other.dist, other.pred, other.settled)


VERIFIERS.register("shortest_path", ShortestPathVerifier())
