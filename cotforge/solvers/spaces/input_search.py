"""Step space for code_input: read the function, then work backwards from the target line by line.

At each line (last first) the space lists the values that could have gone in (from level 3 on
first asking whether the line could have left the value unchanged), drops those the line above could never produce (saying why: "[20] would not do: every number in it is a perfect
square"), and branches over the rest. At the top it runs the candidate forward and answers.
Every step claims that the tail of the function, run on its candidate, returns the target; the
verifier re-checks that claim by running it in the sandbox.
"""

from __future__ import annotations

import json
from typing import Any

from cotforge.domains.code_harness import untag
from cotforge.domains.code_ops import PARAM, TYPES, apply, chain_ops, function_lines, function_source, valid_input
from cotforge.core.records import Problem
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._code_steps import claim_step

State = tuple[int, str, str]
"""(lines undone from the bottom, JSON of the value needed there, phase: start | back | done | stuck)."""
MAX_SHOWN = 4


class InputSearchSpace(Space[State]):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        data = problem.data()
        self.names: list[str] = data["ops"]
        self.ops = chain_ops(self.names)
        self.kind: str = data["input_type"]
        self.target: Any = untag(data["target"])
        self.lines = [line.strip() for line in function_lines(self.names)]

    def root(self) -> State:
        return (0, json.dumps(self.target), "start")

    def propose(self, state: State, k: int) -> list[Move]:
        j, value_json, phase = state
        n, param = len(self.ops), PARAM[self.kind]
        if phase == "start":
            does = ", then ".join(op.says for op in self.ops)
            text = (f"`f` takes {TYPES[self.kind]} `{param}`; it will {does}, and return the result. We need it to "
                    f"return {self.target!r}, so I work backwards from the last line.")
            return [Move(claim_step(text, "read", "", []), next_state=(0, value_json, "back"))]
        if phase != "back":
            return []
        value = json.loads(value_json)
        if j == n:
            forward = " → ".join(repr(v) for v in [value, *apply(self.names, value)])
            text = f"Running it forwards to be sure: {forward}. So `f({value!r})` returns {self.target!r}."
            step = claim_step(text, "answer", function_source(self.names), [(value, self.target)])
            return [Move(step, next_state=(j, value_json, "done"))]
        return self._back(j, value)[:k]

    def _back(self, j: int, value: Any) -> list[Move]:
        n = len(self.ops)
        i = n - 1 - j  # the op being undone
        op, above = self.ops[i], self.ops[i - 1] if i > 0 else None
        cands = list({json.dumps(c): c for c in op.inverse(value)}.values())  # distinct, in order
        where = f"Line {i + 2} `{self.lines[i]}` {'must give' if j == 0 else 'must produce'} {value!r}."
        notes = []
        if self.problem.level >= 3 and op.src == op.dst and value not in cands:
            # the first thing a careful reader rules out: that the line left the value as it was
            notes.append(f"It cannot have been {value!r} already: `{op.expr('v')}` would turn that into "
                         f"{apply([op.name], value)[-1]!r}.")
        good, bad = [], []
        for c in cands:
            if apply([op.name], c)[-1] != value:
                continue  # the library's inverse promised too much; never shown
            if above is not None and not above.ok(c):
                bad.append((c, f"the line above only produces values where {above.need}"))
            elif above is None and not valid_input(c, self.kind):
                bad.append((c, f"it is not a valid input ({TYPES[self.kind]} of reasonable size)"))
            else:
                good.append(c)
        shown = [c for c in cands if c in good or any(c == b for b, _ in bad)][:MAX_SHOWN]
        notes.append(f"Values going in that give it: {', '.join(repr(c) for c in shown)}." if shown
                     else "No value going in can give that, so this way is a dead end.")
        notes += [f"{c!r} would not do: {why}." for c, why in bad[:MAX_SHOWN]]
        head = " ".join([where] + notes)
        moves = []
        tail = function_source(self.names[i:])
        for c in good:
            pick = f" So {'the input' if i == 0 else 'the value before it'} can be {c!r}."
            step = claim_step(head + pick, "backward", tail, [(c, self.target)])
            moves.append(Move(step, next_state=(j + 1, json.dumps(c), "back")))
        return moves

    def is_terminal(self, state: State) -> bool:
        j, value_json, phase = state
        return phase == "done" or (phase == "back" and j < len(self.ops) and not self._back(j, json.loads(value_json)))

    def answer(self, state: State) -> str | None:
        return repr(json.loads(state[1])) if state[2] == "done" else None

    def heuristic(self, state: State) -> float:
        j, _, phase = state
        return {"start": len(self.ops) + 2.0, "back": float(len(self.ops) - j + 1)}.get(phase, 0.0)

    def key(self, state: State) -> State:
        return state


SPACES.register("input_search", InputSearchSpace)
