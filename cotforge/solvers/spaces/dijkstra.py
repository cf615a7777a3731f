"""Step space for shortest paths: Dijkstra's algorithm, one settle or one relaxation per step.

A state holds each place's tentative distance and predecessor, the places settled so far, and the
roads out of the last settled place still to relax. Moves: settle the closest unsettled place
(several when they tie), relax the next road out of the place just settled (naming the road and
the sum), and, once the goal is settled, trace the predecessors back into the answer. Wrong moves
on request: a relaxation with a wrong sum, or settling a place that is not the closest; the
verifier's step check shows both wrong.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import Any

from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.domains.weighted_graph import WeightedGraph, path_text


@dataclass(frozen=True, slots=True)
class DijkstraState:
    dist: tuple[int | None, ...]
    """Tentative distance per place (None: no route found yet)."""
    pred: tuple[int | None, ...]
    """The place each tentative distance comes from."""
    settled: tuple[int, ...]
    """Places whose distance is final, in the order they were settled."""
    pending: tuple[tuple[int, int, int], ...] = ()
    """Roads (from, to, weight) out of the last settled place, still to relax."""
    done: bool = False
    dead: bool = False
    slipped: bool = False


SLIP_PENALTY = -0.5
"""Steps the heuristic adds after a deliberate slip: less than none, so best-first plays a wrong line out
to its (wrong) answer and the record keeps the negative."""
_Option = tuple[DijkstraState, str, str, dict[str, Any]]
"""A move before it becomes a Step: next state, text, kind, and the claim the step check reads."""


class DijkstraSpace(Space[DijkstraState]):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.graph = WeightedGraph.from_payload(problem.data())
        self.names = self.graph.names
        self._walks: dict[Any, tuple[DijkstraState, int]] = {}
        """A state's key -> where the first right move at every turn ends from it, and in how many steps."""
        self._quoted = [json.dumps(name) for name in self.names]
        """Each place's name as JSON, so a step's state is joined rather than encoded (``_move``)."""

    def root(self) -> DijkstraState:
        n = len(self.names)
        dist: list[int | None] = [None] * n
        dist[self.graph.source] = 0
        return DijkstraState(tuple(dist), (None,) * n, ())

    def is_terminal(self, state: DijkstraState) -> bool:
        return state.done or state.dead

    def answer(self, state: DijkstraState) -> str | None:
        if not state.done:
            return None
        path = self._trace(state)
        return path_text(self.names, path, state.dist[self.graph.target] or 0)

    def key(self, state: DijkstraState) -> tuple[object, ...]:
        return (state.dist, state.pred, state.settled, state.pending, state.done, state.dead, state.slipped)

    def heuristic(self, state: DijkstraState) -> float:
        """The steps the first proposal at every turn still takes from here; after a slip, a little
        more, since no verified answer lies that way (a slip that cuts the work short, such as
        settling the goal too early, is still played out, and gives a negative cheaply)."""
        return float(self._walk(state)[1] + (SLIP_PENALTY if state.slipped else 0))

    def _walk(self, state: DijkstraState) -> tuple[DijkstraState, int]:
        """Where the first right move at every turn ends from ``state``, and in how many steps: remembered for every
        state on the way (the first move depends on the state alone), the moves taken without their words."""
        path: list[Any] = []
        current = state
        while (key := self.key(current)) not in self._walks and not self.is_terminal(current):
            path.append(key)
            current = self._next(current, worded=False)[0][0]
        end, steps = self._walks.get(key, (current, 0))
        self._walks[key] = (end, steps)
        for key in reversed(path):
            steps += 1
            self._walks[key] = (end, steps)
        return end, steps

    def propose(self, state: DijkstraState, k: int) -> list[Move]:
        if self.is_terminal(state):
            return []
        # after a slip, one line of play is enough for a negative; its tie orders add nothing
        return [self._move(*option) for option in self._next(state)[: 1 if state.slipped else k]]

    def propose_wrong(self, state: DijkstraState, k: int, rng: random.Random) -> list[Move]:
        """A relaxation whose sum is off, or settling a place farther than the closest one."""
        if self.is_terminal(state) or state.slipped or k < 1:
            return []
        if state.pending:
            u, v, w = state.pending[0]
            du = state.dist[u] or 0
            if rng.random() < 0.5:
                error = "arithmetic_slip"
                wrong = du + w + rng.choice((-3, -2, -1, 1, 2, 10))
                if wrong < 1:
                    wrong = du + w + 1
                nxt, text, kind, claim = self._relax(state, (u, v, w), wrong)
            else:
                error = "misread_road"
                seen = max(1, w + rng.choice((-2, -1, 1, 2, 5)))
                if seen == w:
                    seen = w + 1
                nxt, text, kind, claim = self._relax(state, (u, v, seen), du + seen)
        else:
            error = "premature_settle"
            if self.graph.target in state.settled:
                return []
            open_ = self._open(state)
            closest = min((d for _, d in open_), default=None)
            farther = [x for x, d in open_ if closest is not None and d > closest]
            if not farther:
                return []
            nxt, text, kind, claim = self._settle(state, rng.choice(farther))
        if not self._misleads(_slip(nxt)):
            return []  # a slip whose line of play still ends on a shortest route teaches nothing as a negative
        return [self._move(_slip(nxt), text, kind, claim, wrong=True, error_kind=error)]

    def _misleads(self, state: DijkstraState) -> bool:
        """True when playing on from ``state`` (the first proposal at every turn, as the search does
        after a slip) ends without a shortest route stated with its true length."""
        end = self._walk(state)[0]
        if not end.done:
            return True
        best = self._walk(self.root())[0].dist[self.graph.target]
        path = self._trace(end)
        return not (end.dist[self.graph.target] == best and self.graph.path_weight(path) == best)

    # --- the moves ---------------------------------------------------------------------

    def _next(self, state: DijkstraState, worded: bool = True) -> list[_Option]:
        """The right moves from ``state``, best first (several only when places tie); without ``worded``, the first
        one's next state alone (no text, no claim: a walk reads where it leads)."""
        if state.pending:
            u, _, w = state.pending[0]
            return [self._relax(state, state.pending[0], (state.dist[u] or 0) + w, worded)]
        target = self.graph.target
        if target in state.settled:
            done = DijkstraState(state.dist, state.pred, state.settled, (), done=True, slipped=state.slipped)
            if not worded:
                return [(done, "", "answer", {})]
            path = self._trace(state)
            route = ", ".join(f"{self.names[b]} came from {self.names[a]}" for a, b in reversed(list(zip(path, path[1:]))))
            text = (f"{self.names[target]} is settled, so no shorter route to it exists. Tracing back: {route}. "
                    f"Answer: {path_text(self.names, path, state.dist[target] or 0)}")  # fmt: skip
            return [(done, text, "answer", {"path": [self.names[x] for x in path], "length": state.dist[target]})]
        open_ = self._open(state)
        if not open_:
            text = f"No unsettled place can be reached any more, and {self.names[target]} was never reached: a dead end."
            return [(DijkstraState(state.dist, state.pred, state.settled, (), dead=True, slipped=state.slipped), text, "contradiction", {})]
        closest = min(d for _, d in open_)
        ties = [x for x, d in open_ if d == closest]
        return [self._settle(state, x, worded) for x in (ties if worded else ties[:1])]

    def _open(self, state: DijkstraState) -> list[tuple[int, int]]:
        """Unsettled places with a tentative distance, by name."""
        return [(x, d) for x, d in enumerate(state.dist) if d is not None and x not in state.settled]

    def _settle(self, state: DijkstraState, x: int, worded: bool = True) -> _Option:
        settled = state.settled + (x,)
        pending = tuple(a for a in self.graph.out_arcs(x) if a[1] not in settled) if x != self.graph.target else ()
        after = DijkstraState(state.dist, state.pred, settled, pending, slipped=state.slipped)
        if not worded:
            return after, "", "settle", {}
        d = state.dist[x]
        if not state.settled:
            text = f"Start at {self.names[x]}, distance 0. Settle {self.names[x]}."
        else:
            others = [f"{self.names[y]} {dy}" for y, dy in sorted(self._open(state), key=lambda p: (p[1], p[0])) if y != x]
            also = f" (the other open places: {', '.join(others)})" if others else ""
            text = f"The closest unsettled place is {self.names[x]} at {d}{also}. Settle {self.names[x]}: its shortest distance is {d}."
        if x != self.graph.target and not pending:
            text += f" No road leads from {self.names[x]} to an unsettled place."
        return after, text, "settle", {"place": self.names[x], "distance": d}

    def _relax(self, state: DijkstraState, arc: tuple[int, int, int], total: int, worded: bool = True) -> _Option:
        """Relax ``arc`` claiming ``total`` as the sum (the right sum, or a slip)."""
        u, v, w = arc
        old = state.dist[v]
        dist, pred = list(state.dist), list(state.pred)
        better = old is None or total < old
        if better:
            dist[v], pred[v] = total, u
        after = DijkstraState(tuple(dist), tuple(pred), state.settled, state.pending[1:], slipped=state.slipped)
        if not worded:
            return after, "", "relax", {}
        head = f"Road {self.graph.edge_text(u, v, w)}: {state.dist[u]} + {w} = {total}"
        if better:
            before = "no route yet" if old is None else f"better than {old}"
            text = f"{head}, {before}, so {self.names[v]} gets {total} via {self.names[u]}."
        else:
            text = f"{head}, not better than {old}; {self.names[v]} stays at {old}."
        return after, text, "relax", {"from": self.names[u], "to": self.names[v], "weight": w, "sum": total}

    def _trace(self, state: DijkstraState) -> list[int]:
        path = [self.graph.target]
        while path[-1] != self.graph.source and len(path) <= len(self.names):
            before = state.pred[path[-1]]
            if before is None:
                break
            path.append(before)
        return path[::-1]

    def _move(self, state: DijkstraState, text: str, kind: str, claim: dict[str, Any], wrong: bool = False,
              error_kind: str = "") -> Move:
        """The step; its state records the whole table and what the step claims, for the step check: the JSON of
        {"dist", "pred", "settled", kind: claim}, joined by hand from the places' names written once."""
        q = self._quoted
        dist = ", ".join([f"{q[x]}: {'null' if d is None else d}" for x, d in enumerate(state.dist)])  # whole numbers
        pred = ", ".join([f"{q[x]}: {q[p]}" for x, p in enumerate(state.pred) if p is not None])
        settled = ", ".join([q[x] for x in state.settled])
        body = f'{{"dist": {{{dist}}}, "pred": {{{pred}}}, "settled": [{settled}], {json.dumps(kind)}: {json.dumps(claim)}}}'
        return Move(Step(text=text, state=body, kind=kind, intended_wrong=wrong, error_kind=error_kind if wrong else ""), state)


def _slip(state: DijkstraState) -> DijkstraState:
    return DijkstraState(state.dist, state.pred, state.settled, state.pending, state.done, state.dead, slipped=True)


SPACES.register("dijkstra", DijkstraSpace)
