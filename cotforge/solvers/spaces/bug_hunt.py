"""Step space for bug_fix: run the tests, trace the failing one against the docstring, fix, re-run.

The program is untrusted text, so every run (the tests, the line-by-line values of the failing
test, the re-run after the fix) happens in the sandbox. The docstring says what the function does,
step by step ("Count the words, then add 7."); what a line *should* give is that step (the payload's
``comments``, one per line, read as an op of :mod:`cotforge.domains.code_ops`) applied to the value
the line received. The fix rewrites the first line whose value on the failing test disagrees with
its step; ``propose_wrong`` offers a plausible misfix (another op of the same family) as a labelled
negative.
"""

from __future__ import annotations

import random
import re
from typing import Any

from cotforge.domains.code_harness import harness, parse, untag
from cotforge.domains.code_ops import OPS, PARAM, Op
from cotforge.core.errors import SandboxError
from cotforge.core.memo import Memo
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._code_steps import claim_step, nudged
from cotforge.sandbox.runner import Limits
from cotforge.sandbox.pool import run_warm

LIMITS = Limits(cpu_seconds=2, wall_seconds=5, memory_mb=256, max_output_bytes=200_000)
State = tuple[str, str]
"""(phase: start | trace:<lines checked> | located | fixed | done | wrong, the program as it stands)."""


_RUNS: Memo[str, list[Any]] = Memo(256)
"""Harness program -> what its calls gave: a record's search and its negatives each build a space of the same
program and run the same tests and line prefixes (the ops are pure; a run that fails is not kept)."""


def _run(source: str, calls: list[tuple[str, Any]]) -> list[Any]:
    program = harness(source, calls)
    got = _RUNS.get(program)
    if got is None:
        result = run_warm(program, limits=LIMITS)
        read = parse(result.stdout, len(calls))
        if read is None:
            raise SandboxError(f"running the program under test failed ({result.status}): {result.stderr[-300:]}")
        got = _RUNS.keep(program, [untag(v) if status == "ok" else f"<{v}>" for status, v in read])
    return list(got)


class BugHuntSpace(Space[State]):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        data = problem.data()
        self.program: str = data["program"]
        self.param = PARAM[data["input_type"]]
        self.comments: list[str] = data["comments"]
        self.tests = [(t["arg"], untag(t["want"])) for t in data["tests"][: data["visible"]]]
        lines = self.program.rstrip("\n").split("\n")
        self.head, self.body = lines[:2], lines[2:]  # def + docstring, then one line per comment
        self._cache: dict[str, Any] = {}

    def _prefix(self, body: list[str], k: int, name: str = "f") -> str:
        """The function cut after its k-th line, returning the value that line made."""
        last = re.sub(r"^    \w+ = ", "    return ", body[k - 1], count=1)
        return "\n".join([f"def {name}({self.param}):", *body[: k - 1], last]) + "\n"

    def _results(self, program: str) -> list[Any]:
        if program not in self._cache:
            self._cache[program] = _run(program, [("f", x) for x, _ in self.tests])
        return self._cache[program]

    def _ops(self) -> list[Op]:
        return [next(o for o in OPS.values() if o.says == c) for c in self.comments]

    def root(self) -> State:
        return ("start", self.program)

    def propose(self, state: State, k: int) -> list[Move]:
        phase, program = state
        if phase == "start":
            got = self._results(program)
            marks = [f"test {i + 1} passes" if g == w else f"test {i + 1} fails: f({x!r}) returns {g!r}, expected {w!r}"
                     for i, ((x, w), g) in enumerate(zip(self.tests, got))]
            step = claim_step(f"Running the tests: {'; '.join(marks)}.", "run", program,
                              [(x, g) for (x, _), g in zip(self.tests, got)])
            return [Move(step, next_state=("trace:0", program))]
        if phase.startswith("trace:"):
            return [self._trace(program, int(phase[6:]))]
        if phase == "located":
            return [self._fix(program, self._bad_line(program)[0])]
        if phase == "fixed":
            got = self._results(program)
            if any(g != w for (_, w), g in zip(self.tests, got)):
                return []
            text = (f"Re-running the tests on the fixed function: all {len(self.tests)} pass. The fixed function:\n"
                    f"```python\n{program}```")
            return [Move(claim_step(text, "answer", program, self.tests), next_state=("done", program))]
        return []

    def _failing(self, program: str) -> tuple[Any, Any]:
        got = self._results(program)
        return next((x, w) for (x, w), g in zip(self.tests, got) if g != w)

    def _bad_line(self, program: str) -> tuple[int, list[Any], Any]:
        """(index of the first line that disagrees with its comment, line values on the failing test, its input)."""
        key = "bad:" + program
        if key not in self._cache:
            x, _ = self._failing(program)
            body = program.rstrip("\n").split("\n")[2:]
            sources = "\n".join(self._prefix(body, j + 1, f"f{j + 1}") for j in range(len(body)))
            values = _run(sources, [(f"f{j + 1}", x) for j in range(len(body))])
            before = x
            for j, (op, value) in enumerate(zip(self._ops(), values)):
                if op.fn(before) != value:
                    self._cache[key] = (j, values, x)
                    break
                before = value
            else:
                raise SandboxError("no line disagrees with its comment")  # cannot happen while a test fails
        return self._cache[key]

    def _trace(self, program: str, i: int) -> Move:
        """Line ``i`` of the failing test's run against its comment: as it should be, or the bug."""
        j, values, x = self._bad_line(program)
        before = values[i - 1] if i else x
        should = self._ops()[i].fn(before)
        code = self.body[i].split("  #")[0].strip()
        intro = f"Tracing the failing test f({x!r}) line by line against the docstring's steps. " if i == 0 else ""
        body = program.rstrip("\n").split("\n")[2:]
        if i < j:
            text = f"{intro}Line {i + 3} `{code}` is the step \"{self.comments[i]}\": {before!r} becomes {values[i]!r}, as it should."
            return Move(claim_step(text, "trace", self._prefix(body, i + 1), [(x, values[i])]),
                        next_state=(f"trace:{i + 1}", program))
        text = (f"{intro}Line {i + 3} `{code}` is the step \"{self.comments[i]}\", which turns {before!r} into {should!r}, "
                f"but it gives {values[i]!r}. So the bug is in line {i + 3}.")
        return Move(claim_step(text, "locate", self._prefix(body, i + 1), [(x, values[i])]),
                    next_state=("located", program))

    def _fix(self, program: str, j: int, op: Op | None = None) -> Move:
        right = self._ops()[j]
        op = op or right
        lines = program.rstrip("\n").split("\n")
        code = lines[j + 2].partition("  #")[0]
        fixed = self._rewrite(program, j, op)
        lines = fixed.rstrip("\n").split("\n")
        x, want = self._failing(program)
        text = (f"`{code.strip()}` does not {right.says}. Writing the line so that it does"
                f"{'' if op is right else ' (as I read it)'}: `{lines[j + 2].split('  #')[0].strip()}`.")
        step = claim_step(text, "fix", fixed, [(x, self._results(fixed)[[t for t, _ in self.tests].index(x)])],
                          wrong=op is not right)
        return Move(step, next_state=("fixed", fixed))

    def propose_wrong(self, state: State, k: int, rng: random.Random) -> list[Move]:
        phase, program = state
        if k < 1:
            return []
        if phase.startswith("trace:"):
            return self._misread(program, int(phase[6:]), rng)
        if phase != "located":
            return []
        j = self._bad_line(program)[0]
        right = self._ops()[j]
        var = self._input(j)
        body = program.rstrip("\n").split("\n")
        buggy = body[j + 2].split("  #")[0]
        x, want = self._failing(program)
        options: list[tuple[int, Op, str]] = []
        for o in OPS.values():
            if o.family == right.family and o.name != right.name and (o.src, o.dst) == (right.src, right.dst) \
                    and not buggy.rstrip().endswith(o.expr(var)):  # a "fix" that leaves the line as it was is no fix
                options.append((j, o, "wrong_fix"))
        ops = self._ops()
        for i, op in enumerate(ops):
            if i != j:
                options += [(i, o, "wrong_line") for o in OPS.values()
                            if o.family == op.family and o.name != op.name and (o.src, o.dst) == (op.src, op.dst)][:2]
        rng.shuffle(options)
        for i, o, kind in options[:6]:
            fixed = self._rewrite(program, i, o)
            if self._results(fixed)[[t for t, _ in self.tests].index(x)] == want:
                continue  # this change happens to pass the failing test: not a mistake the check can show
            line = fixed.rstrip("\n").split("\n")[i + 2].split("  #")[0].strip()
            code = body[i + 2].split("  #")[0].strip()
            if kind == "wrong_fix":  # worded as the sound fix: the line rewritten as another op, believed to do its step
                text = f"`{code}` does not {right.says}. Writing the line so that it does: `{line}`."
            else:
                text = f"`{code}` must be the culprit after all. Writing it as `{line}` instead makes the test pass."
            step = claim_step(text, "fix", fixed, [(x, want)], True, kind)
            return [Move(step, next_state=("wrong", fixed))]
        return []

    def _rewrite(self, program: str, i: int, op: Op) -> str:
        """The program with line ``i`` written as ``op`` (same variable in, same variable out)."""
        lines = program.rstrip("\n").split("\n")
        code, _, comment = lines[i + 2].partition("  #")
        lead = code.split("=", 1)[0].strip() + " =" if re.match(r"\s*\w+ = ", code) else "return"
        lines[i + 2] = f"    {lead} {op.expr(self._input(i))}" + (f"  #{comment}" if comment else "")
        return "\n".join(lines) + "\n"

    def _input(self, i: int) -> str:
        """The variable line ``i`` of the function reads (the parameter, or the line above's result)."""
        if i == 0:
            return self.param
        above = self.body[i - 1].partition("  #")[0]
        return above.split("=", 1)[0].strip()

    def _misread(self, program: str, i: int, rng: random.Random) -> list[Move]:
        """Line ``i`` of the trace with its value misread, and declared as it should be."""
        j, values, x = self._bad_line(program)
        if i >= j:
            return []
        wrong = nudged(values[i], rng)
        if wrong is None or wrong == values[i]:
            return []
        before = values[i - 1] if i else x
        code = self.body[i].split("  #")[0].strip()
        body = program.rstrip("\n").split("\n")[2:]
        text = f"Line {i + 3} `{code}` is the step \"{self.comments[i]}\": {before!r} becomes {wrong!r}, as it should."
        step = claim_step(text, "trace", self._prefix(body, i + 1), [(x, wrong)], True, "misread_value")
        return [Move(step, next_state=("wrong", program))]

    def conclude_careless(self, state: State) -> tuple[list[Step], str] | None:
        """After a wrong edit (the wrong line, or the right line written wrong), a solver that does not
        notice: it trusts its edit without re-running the tests and gives the wrongly edited program
        as the answer, in the gold's format. None after a misread trace (the program is unchanged)."""
        phase, program = state
        if phase != "wrong" or program == self.program:
            return None
        text = f"With that edit the failing test passes, so it is fixed. The fixed function:\n```python\n{program}```"
        return [claim_step(text, "answer", program, self.tests)], f"```python\n{program}```"

    def is_terminal(self, state: State) -> bool:
        return state[0] in ("done", "wrong")

    def answer(self, state: State) -> str | None:
        return f"```python\n{state[1]}```" if state[0] == "done" else None

    def heuristic(self, state: State) -> float:
        phase = state[0]
        if phase.startswith("trace:"):
            return float(len(self.body) - int(phase[6:]) + 2)
        return float({"start": len(self.body) + 3, "located": 2, "fixed": 1}.get(phase, 0))


SPACES.register("bug_hunt", BugHuntSpace)
