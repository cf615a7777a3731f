"""The shortest-path space's faster routes give what the plain ones gave: a step's state joined by hand is the JSON
the table encoded to, and a walk's unworded first move is the first right move."""

from __future__ import annotations

import json
import random
from typing import Any

from cotforge.core.registry import SPACES, TASKS
from cotforge.solvers.spaces.dijkstra import DijkstraSpace, DijkstraState


def _reference_body(space: DijkstraSpace, state: DijkstraState, kind: str, claim: dict[str, Any]) -> str:
    """``_move``'s step state as it was: the table as a dict, encoded."""
    body: dict[str, Any] = {
        "dist": {space.names[x]: d for x, d in enumerate(state.dist)},
        "pred": {space.names[x]: space.names[p] for x, p in enumerate(state.pred) if p is not None},
        "settled": [space.names[x] for x in state.settled],
        kind: claim,
    }
    return json.dumps(body)


def test_steps_joined_by_hand_are_the_encoded_table_and_walks_take_the_first_right_move() -> None:
    checked = ties = 0
    for level in range(1, 6):
        for index in range(4):
            problem = TASKS.get("shortest_path").from_level(level, seed=11).generate(index)
            space = SPACES.get("dijkstra")(problem)
            rng = random.Random(index)
            frontier = [space.root()]
            while frontier and checked < 400 * level:
                state = frontier.pop(rng.randrange(len(frontier)))
                options = space._next(state) if not space.is_terminal(state) else []
                if options:
                    walked = space._next(state, worded=False)
                    assert len(walked) == 1 and walked[0][0] == options[0][0]
                    ties += len(options) > 1
                for nxt, text, kind, claim in options:
                    move = space._move(nxt, text, kind, claim)
                    assert move.step.state == _reference_body(space, nxt, kind, claim)
                    assert json.loads(move.step.state)[kind] == claim
                    checked += 1
                    frontier.append(nxt)
                for move in space.propose_wrong(state, 1, rng):
                    assert json.loads(move.step.state)["dist"] == {space.names[x]: d for x, d in enumerate(move.next_state.dist)}
                    claim = json.loads(move.step.state)[move.step.kind]
                    assert move.step.state == _reference_body(space, move.next_state, move.step.kind, claim)
    assert checked > 400 and ties > 10, (checked, ties)
