"""Step space for code_input: read the function, then work backwards from the target line by line.

At each line (last first) the space lists the values that could have gone in (from level 3 on
first asking whether the line could have left the value unchanged), drops those the line above could never produce (saying why: "[20] would not do: every number in it is a perfect
square"), and branches over the rest. At the top it runs the candidate forward and answers.
Every step claims that the tail of the function, run on its candidate, returns the target; the
verifier re-checks that claim by running it in the sandbox. Wrong moves, each a false claim the
check rejects: a candidate off by one (``off_by_one``), a candidate from undoing the line as if it
were another of its kind (``wrong_inverse``: "add 5" undone as "add 3"), each listed among the values
that give the line's output as the writer worked them out, and a forward run that declares the target
reached for a near miss (``premature_conclusion``); a wrong line of work goes on backwards from its
wrong value to a wrong input, and its run forwards shows the values the writer expects.
"""

from __future__ import annotations

import json
import random
from typing import Any

from cotforge.domains.code_harness import untag
from cotforge.domains.code_ops import (OPS, PARAM, TYPES, apply, chain_ops, function_lines, function_source, input_name,
                                      valid_input)
from cotforge.core.records import Problem
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._code_steps import claim_step, nudged

State = tuple[int, str, str]
"""(lines undone from the bottom, JSON of the value needed there, phase: start | back | done | stuck, or
``SLIP`` after a wrong candidate)."""
SLIP = "slip "
"""The phase of a line of work gone wrong, then the line it went wrong at and (JSON) the value that line
had to give: the run forwards at the top shows that value there, as the writer expects."""
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
        if phase != "back" and not phase.startswith(SLIP):
            return []
        value = json.loads(value_json)
        if j == n:
            seen = [value, *apply(self.names, value)]
            if phase.startswith(SLIP):  # a line of work gone wrong earlier: the run forwards sees what it expects
                at, believed = phase[len(SLIP):].split(" ", 1)
                i, out = int(at), json.loads(believed)
                seen = [value, *apply(self.names[:i], value), out, *apply(self.names[i + 1:], out)]
            forward = " → ".join(repr(v) for v in seen)
            text = f"Running it forwards to be sure: {forward}. So `f({value!r})` returns {self.target!r}."
            step = claim_step(text, "answer", function_source(self.names), [(value, self.target)])
            return [Move(step, next_state=(j, value_json, "done"))]
        return self._back(j, value, phase)[:k]

    def propose_wrong(self, state: State, k: int, rng: random.Random) -> list[Move]:
        """One near miss claimed to work: at a line, a candidate off by one or undone as another op
        of its kind would be; at the top, a forward run claiming the target for a nudged input."""
        j, value_json, phase = state
        if phase != "back" or k < 1:
            return []
        value, n = json.loads(value_json), len(self.ops)
        if j == n:
            wrong = nudged(value, rng)
            if wrong is None or not valid_input(wrong, self.kind) or apply(self.names, wrong)[-1] == self.target:
                return []
            seen = [wrong, *apply(self.names, wrong)[:-1], self.target]  # the last line read as giving the target
            text = f"Running it forwards to be sure: {' → '.join(repr(v) for v in seen)}. So `f({wrong!r})` returns {self.target!r}."
            step = claim_step(text, "answer", function_source(self.names), [(wrong, self.target)], True, "premature_conclusion")
            return [Move(step, next_state=(j, json.dumps(wrong), "done"))]
        i = n - 1 - j
        op, tail = self.ops[i], function_source(self.names[i:])
        good = [c for c in op.inverse(value) if apply([op.name], c)[-1] == value]
        options: list[tuple[Any, str]] = []
        for c in good[:1]:
            near = nudged(c, rng)
            if near is not None:
                options.append((near, "off_by_one"))
        for other in OPS.values():
            if other.family == op.family and other.name != op.name and (other.src, other.dst) == (op.src, op.dst):
                for c in other.inverse(value)[:1]:
                    options.append((c, "wrong_inverse"))  # the line undone as if it were ``other``
        rng.shuffle(options)
        for c, kind in options:
            if json.dumps(c) == value_json or not valid_input(c, op.src if i else self.kind):
                continue
            if apply(self.names[i:], c)[-1] == self.target:
                continue  # a near miss that happens to work is no mistake
            head, _ = self._head(j, value, misread=c)
            pick = f" So {'the input' if i == 0 else 'the value before it'} can be {c!r}."
            step = claim_step(head + pick, "backward", tail, [(c, self.target)], True, kind)
            return [Move(step, next_state=(j + 1, json.dumps(c), f"{SLIP}{i} {json.dumps(value)}"))]
        return []

    def _head(self, j: int, value: Any, misread: Any = None) -> tuple[str, list[Any]]:
        """The backward step at line ``j`` from the bottom up to its pick: what the line must give, the
        value it cannot have left as it was, the values that give it, the ones the line above rules out;
        and the candidates that stay. With ``misread``: the values listed as the writer got them, the
        first that gives it written as ``misread`` (an inverse worked out wrong)."""
        n = len(self.ops)
        i = n - 1 - j  # the op being undone
        op, above = self.ops[i], self.ops[i - 1] if i > 0 else None
        cands = list({json.dumps(c): c for c in op.inverse(value)}.values())  # distinct, in order
        where = f"Line {i + 2} `{self.lines[i]}` {'must give' if j == 0 else 'must produce'} {value!r}."
        notes = []
        if self.problem.level >= 3 and op.src == op.dst and value not in cands:
            # the first thing a careful reader rules out: that the line left the value as it was
            notes.append(f"It cannot have been {value!r} already: `{op.expr(input_name(self.names, i))}` would turn that into "
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
        if misread is not None:
            first = next((c for c in shown if c in good), None)
            shown = [misread if c == first else c for c in shown] if first is not None else [misread, *shown][:MAX_SHOWN]
            shown = list({json.dumps(c): c for c in shown}.values())
        notes.append(f"Values going in that give it: {', '.join(repr(c) for c in shown)}." if shown
                     else "No value going in can give that, so this way is a dead end.")
        notes += [f"{c!r} would not do: {why}." for c, why in bad[:MAX_SHOWN]]
        return " ".join([where] + notes), good

    def _back(self, j: int, value: Any, phase: str = "back") -> list[Move]:
        i = len(self.ops) - 1 - j  # the op being undone
        head, good = self._head(j, value)
        moves = []
        tail = function_source(self.names[i:])
        for c in good:
            pick = f" So {'the input' if i == 0 else 'the value before it'} can be {c!r}."
            step = claim_step(head + pick, "backward", tail, [(c, self.target)])
            moves.append(Move(step, next_state=(j + 1, json.dumps(c), phase)))
        return moves

    def is_terminal(self, state: State) -> bool:
        j, value_json, phase = state
        return phase == "done" or ((phase == "back" or phase.startswith(SLIP)) and j < len(self.ops)
                                   and not self._back(j, json.loads(value_json)))

    def answer(self, state: State) -> str | None:
        return repr(json.loads(state[1])) if state[2] == "done" else None

    def heuristic(self, state: State) -> float:
        j, _, phase = state
        left = float(len(self.ops) - j + 1)
        return left + 1 if phase.startswith(SLIP) else {"start": len(self.ops) + 2.0, "back": left}.get(phase, 0.0)

    def key(self, state: State) -> State:
        return state


SPACES.register("input_search", InputSearchSpace)
