"""Predicted program output checked against the output recorded by really running the program.

Answers are read the way people and models write them, through the shared answer reader (after
any thinking; a tag, a box or a final-answer statement with its paragraph): the bare output, a
fenced block (```` ```text ... ``` ````, the last one wins) or ``\\boxed{...}``. Trailing
spaces on each line and trailing blank lines are ignored on both sides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import zip_longest

from cotforge.core.records import Problem, Step, Verdict
from cotforge.core.text import normalize_output
from cotforge.core.registry import VERIFIERS
from cotforge.core.answers import final_answer, why_unreadable
from cotforge.verifiers._retrace import Retrace, retrace
from cotforge.verifiers._readers import BAD_PAYLOAD, final_parts, loads_json, payload
from cotforge.verifiers.base import Verifier

MAX_ANSWER_CHARS = 200_000
_FENCE = re.compile(r"```[^\n`]*\n(.*?)```", re.S)
_LABEL = re.compile(r"[ \t]*(?:the\s+)?(?:program\s+|code\s+|it\s+)?(?:output|prints|will\s+print|outputs)"
                    r"(?:\s+is)?(?:\s+the\s+following)?[ \t]*(?::[ \t]*\n?|\n)", re.I)  # fmt: skip
_INLINE_FENCE = re.compile(r"^\s*```([^\n]*)```\s*$")


def extract_output(answer: str) -> str:
    """The output an answer states: the last fenced block, else a ``\\boxed{}``, else the text itself."""
    fences = _FENCE.findall(answer)
    if fences:
        return normalize_output(fences[-1])
    inline = _INLINE_FENCE.match(answer)
    if inline:
        return normalize_output(inline.group(1))
    start = answer.rfind("\\boxed{")
    if start >= 0:
        depth, begin = 0, start + len("\\boxed{")
        for at in range(begin, len(answer)):
            depth += {"{": 1, "}": -1}.get(answer[at], 0)
            if depth < 0:
                return normalize_output(answer[begin:at])
    return normalize_output(answer)


def _gold(problem: Problem) -> str:
    output = payload(problem)["output"]
    if not isinstance(output, str):
        raise TypeError(f"payload output is {type(output).__name__}, not str")
    return output


class CodeOutputVerifier(Verifier):
    """Exact match of the predicted output with the executed one; steps checked as output prefixes."""

    name = "code_output"

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        try:
            want = normalize_output(_gold(problem))
        except BAD_PAYLOAD as exc:
            return Verdict.error(f"problem {problem.uid} has no executed output in its payload: {exc}")
        if not isinstance(answer, str):
            return Verdict.unreadable("no answer given")
        if len(answer) > MAX_ANSWER_CHARS:
            return Verdict.reject(f"answer longer than {MAX_ANSWER_CHARS} characters")
        found = final_answer(answer)
        if found is None:
            return Verdict.unreadable(why_unreadable(answer))
        if found.source == "text":  # no statement: the text itself, leading spaces and all
            body = answer.rsplit("</think>", 1)[1] if "</think>" in answer else answer
            label = _LABEL.match(body)  # "The output is:\n43" (unless the output itself starts so)
            got = extract_output(body[label.end():] if label and not _LABEL.match(want) else body)
        else:  # a prose statement's whole paragraph, since outputs run over several lines
            got = extract_output(final_parts(answer, found)[-1])
        if got == want:
            return Verdict.accept()
        for number, (expected, given) in enumerate(zip_longest(want.split("\n"), got.split("\n")), 1):
            if expected != given:
                shown = "nothing" if given is None else repr(given)
                return Verdict.reject(f"line {number} differs: expected {expected!r}, got {shown}")
        return Verdict.reject("output differs")  # pragma: no cover - unreachable when got != want

    def check_steps(self, problem: Problem, steps: Sequence[Step]) -> list[bool | None]:
        """A step's machine state (line, variables, output so far) checked against the program run again.

        The output so far must begin the real output (the last step's must equal it): a step whose output
        does not is wrong. Its line and variables must then be a state the program really passes through,
        no earlier than the state the step before it matched: the payload's program is re-traced in the
        sandbox (:mod:`._retrace`, once per program), never read from the steps or the record. The first
        step whose state the run never reaches there is wrong (a later one may match again). A step with no
        machine state is not checkable (None); so is one whose output is right when the re-run could not
        be made (the sandbox failed). When the re-run prints other output than the payload records, the
        program is not the one that printed it (a placeholder): then only the output is checked."""
        try:
            gold = _gold(problem)
            program = payload(problem).get("program")
        except BAD_PAYLOAD:
            return [None] * len(steps)
        real: Retrace | None = None
        traced = False  # the program is re-run on the first step that needs it, once
        checks: list[bool | None] = []
        start = 0
        for number, step in enumerate(steps, 1):
            try:
                state = loads_json(step.state)
                output = state["output"]
            except BAD_PAYLOAD:
                checks.append(None)  # no machine state (a free-text step): not checkable
                continue
            if not isinstance(output, str):
                checks.append(None)
                continue
            final = number == len(steps)
            if not (normalize_output(output) == normalize_output(gold) if final else gold.startswith(output)):
                checks.append(False)
                continue
            line, variables = state.get("line"), state.get("vars")
            if not (line is None or type(line) is int) or not isinstance(variables, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) for k, v in variables.items()):
                checks.append(None)  # no line and variables to check
                continue
            if not traced:
                real, traced = (retrace(program) if isinstance(program, str) else None), True
            if real is None:
                checks.append(None)  # the program could not be re-run: its states are unknown
            elif normalize_output(real.output) != normalize_output(gold):
                checks.append(True)  # not the program that printed the gold: the output alone is checked
            else:
                at = real.find(line, variables, output, start)
                if at is None:
                    checks.append(None if real.cut else False)  # past the states kept, a state is unknown
                else:
                    checks.append(True)
                    start = at
        return checks


VERIFIERS.register("code_output", CodeOutputVerifier())
