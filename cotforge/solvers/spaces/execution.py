"""Step space for predicting a program's output: its line-by-line execution trace.

The program is untrusted, so the tracer (``sys.settrace``) runs with it inside the
sandbox and reports JSON events; this side only parses the source (never runs it)
and turns the events into steps a careful human would write, folding calls and
summarising loops: a loop of more than three passes is shown by what every pass does (its body),
its first pass and its last pass in full, and the passes between as one step giving the loop
variable's values and how each changed variable moves ("total goes 10 → 16 → 20"). A chain of
thought is at most ``MAX_STEPS[level]`` steps long.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import random
import re
from collections import Counter
from typing import Any, NamedTuple

from cotforge.core.errors import SandboxError
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.core.text import normalize_output
from cotforge.solvers.spaces._code_mistakes import mistakes
from cotforge.solvers.spaces._misread_batch import traced
from cotforge.solvers.spaces._tracer import MISREAD_TRACER, TRACER
from cotforge.sandbox.runner import Limits, run_python  # noqa: F401 (tests run programs cold with it)
from cotforge.sandbox.pool import run_warm
from cotforge.core.memo import Memo

MAX_STEPS = {1: 14, 2: 18, 3: 24, 4: 30, 5: 36}
"""The longest chain of thought per level (the most detailed rendering that fits is used)."""
MIDDLE = 3
"""Loops with more passes than this show their first and last pass and summarise the rest."""
TRACE_LIMITS = Limits(cpu_seconds=10, wall_seconds=20, memory_mb=512, max_output_bytes=8_000_000)
MISTAKE_LIMITS = Limits(cpu_seconds=1, wall_seconds=8, memory_mb=256, max_output_bytes=1_000_000)
"""A misread program (a bound moved, a branch flipped) may never end: it gets less time than the real one. One CPU
second, the least ``RLIMIT_CPU`` can say (2 s before, the same rows): the longest misread run that ended took 68 ms of
1,542. An endless loop of traced lines stops sooner, at ``MISREAD_TRACER``'s event cap; this limit ends the rest."""
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_TRACES: Memo[tuple[str, Limits, str], str] = Memo(256)
"""(program, limits, tracer) -> the tracer's output of a run that ended ok."""
_CUT: Memo[tuple[str, Limits, str], bool] = Memo(256)
"""(program, limits, tracer) of misread copies a batch saw end at the event cap (their own runs exit with status 3)."""


def _trace_ahead(sources: list[str]) -> None:
    """Trace the misread copies not traced yet in one sandbox run (``_misread_batch``), so that their spaces find what
    their own runs would give in ``_TRACES`` or ``_CUT``; a copy the batch cannot speak for is left to its own run."""
    keys = [k for k in dict.fromkeys((s, MISTAKE_LIMITS, MISREAD_TRACER) for s in sources) if k not in _TRACES and k not in _CUT]
    if len(keys) < 2:
        return  # one copy: its own run is as cheap
    for key, got in zip(keys, traced([k[0] for k in keys], MISTAKE_LIMITS)):
        if got is not None and got[0] == "ok":
            _TRACES.keep(key, got[1])
        elif got is not None:
            _CUT.keep(key, True)


class _Opt(NamedTuple):
    """How much to fold: calls into their line; loops nested this deep to one step per iteration, or
    one step; long loops to their first and last pass and a summary of the passes between."""

    collapse: bool
    per_iter: int
    whole: int
    middle: bool = True


# From most to least detailed; the first that fits in the level's MAX_STEPS is used.
_OPTIONS = [_Opt(False, 99, 99), _Opt(True, 99, 99), _Opt(True, 2, 99), _Opt(True, 99, 2), _Opt(True, 1, 2),
            _Opt(True, 99, 1)]


class _Shown(NamedTuple):
    text: str
    ev: dict[str, Any]  # the event whose line, variables and output the step ends at
    kind: str
    changes: dict[str, str]


class CodeTraceSpace(Space[tuple[int, bool]]):
    """States are (steps taken, wrong?); the one exact path is the traced execution."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.source: str = problem.data()["program"]
        self._steps: list[_Shown] | None = None
        self._shown_lines: list[str] | None = None  # a mistaken program's trace is written with the real lines
        self._opt: _Opt | None = None  # the rendering used (None: steps joined to fit); a mistake reuses it
        self._mistakes: dict[int, list[tuple[str, Step, list[Step], str]]] | None = None
        self._limits = TRACE_LIMITS
        self._tracer = TRACER
        self._keys: list[str] | None = None  # each traced event's variables, as the step check compares them

    def root(self) -> tuple[int, bool]:
        return (0, False)  # (steps taken, on a wrong step)

    def propose(self, state: tuple[int, bool], k: int) -> list[Move]:
        i, wrong = state
        if wrong or i >= len(self.steps()):
            return []
        return [Move(self._step(self.steps()[i]), next_state=(i + 1, False))]

    def is_terminal(self, state: tuple[int, bool]) -> bool:
        return state[1] or state[0] >= len(self.steps())

    def answer(self, state: tuple[int, bool]) -> str | None:
        return None if state[1] or state[0] < len(self.steps()) else normalize_output(self.output)

    def heuristic(self, state: tuple[int, bool]) -> float:
        return float(max(len(self.steps()) - state[0], 0))

    def propose_wrong(self, state: tuple[int, bool], k: int, rng: random.Random) -> list[Move]:
        """Wrong next steps, labelled wrong: first the mistakes of tracing whose run parts from the real
        one here (:meth:`mistakes_at`: a loop bound, a division, a slice, an accumulator, a list method,
        an operator precedence misread, a miscount), then a printed value misread: a number off by one (``off_by_one``), a carry
        slip (``arithmetic_slip``: the tens digit one off, for numbers of two digits or more), a piece of
        text one character short or long (``string_slip``). A printed slip changes only a printing step,
        and the step's output changes with its text, so the step check (the output so far must begin
        the real output) rejects it."""
        i, wrong = state
        if wrong or i >= len(self.steps()) or k < 1:
            return []
        moves = [Move(dataclasses.replace(step, intended_wrong=True, error_kind=kind), next_state=(i + 1, True, "mistake", n))
                 for n, (kind, step, _rest, _out) in enumerate(self.mistakes_at(i))]
        slip = self._slip(i, rng)
        return (moves[: k - 1] + slip) if slip else moves[:k]

    def _slip(self, i: int, rng: random.Random) -> list[Move]:
        """A printed value misread at step ``i`` (see :meth:`propose_wrong`), or nothing."""
        shown = self.steps()[i]
        data = json.loads(self._step(shown).state)
        out: str = data["output"]
        printed = re.findall(r"`([^`\n]*)`", shown.text.split(" prints ", 1)[1]) if " prints " in shown.text else []
        if shown.kind == "answer":
            printed = normalize_output(out).split("\n")
        options = []
        for chunk in printed:
            numbers = list(re.finditer(r"-?\d+", chunk))
            if numbers:
                m = rng.choice(numbers)
                n = int(m.group())
                slips = [("off_by_one", n + rng.choice((-1, 1)))]
                carry = n + rng.choice((-10, 10))  # a carry dropped or taken twice: the tens digit one off
                if abs(n) >= 10 and (carry > 0) == (n > 0):
                    slips.append(("arithmetic_slip", carry))
                for kind, new in slips:
                    options.append((chunk, chunk[: m.start()] + str(new) + chunk[m.end() :], kind))
            elif len(chunk) > 1:
                options.append((chunk, chunk[:-1] if rng.random() < 0.5 else chunk + chunk[-1], "string_slip"))
        rng.shuffle(options)
        for old, new, kind in options:
            at = out.rfind(old)
            if at < 0 or old == new:
                continue
            data["output"] = out[:at] + new + out[at + len(old) :]
            if shown.kind == "answer":
                text = shown.text.replace(old, new, 1) if old in shown.text else shown.text
            else:
                head, tail = shown.text.split(" prints ", 1)
                text = f"{head} prints {tail.replace(f'`{old}`', f'`{new}`', 1)}"
            step = Step(text=text, state=json.dumps(data, sort_keys=True), kind=shown.kind, intended_wrong=True,
                        error_kind=kind)
            # the state keeps the slip (where, how long, what was printed instead) for conclude_careless
            return [Move(step, next_state=(i + 1, True, at, len(old), new))]
        return []

    def conclude_careless(self, state: tuple[Any, ...]) -> tuple[list[Step], str] | None:
        """After a misprinted output, a tracer that does not notice: the rest of the trace as it runs,
        its output carrying the slip, and the slipped output stated as what the program prints. After a
        mistaken step (:meth:`mistakes_at`): the rest of the trace of the program as the tracer misread it."""
        if len(state) == 4 and state[1] and state[2] == "mistake":
            _kind, _step, rest, out = self.mistakes_at(state[0] - 1)[state[3]]
            return list(rest), out
        if len(state) < 5 or not state[1]:
            return None
        i, _, at, size, new = state
        real = self.output
        slipped = real[:at] + new + real[at + size :]

        def upto(k: int) -> str:
            return real[:k] if k <= at else slipped[: max(k, at + size) - size + len(new)]

        steps = []
        for shown in self.steps()[i:]:
            data = json.loads(self._step(shown).state)
            data["output"] = upto(shown.ev["out"])
            text = shown.text
            if shown.kind == "answer":
                was, now = normalize_output(real), normalize_output(slipped)
                text = text.replace(f"```\n{was}\n```", f"```\n{now}\n```", 1) if now else "So the program prints nothing."
            steps.append(Step(text=text, state=json.dumps(data, sort_keys=True), kind=shown.kind))
        return steps, normalize_output(slipped)

    def mistakes_at(self, i: int) -> list[tuple[str, Step, list[Step], str]]:
        """The mistakes (:mod:`._code_mistakes`) whose trace first parts from the real one at step ``i``,
        each as (kind, the mistaken step, the steps after it, the output it ends on). Only mistakes whose
        first differing step the step check shows wrong are kept (:meth:`_shown_wrong`: it prints what the
        real program does not, or holds a line and variables the real run never reaches there - a total
        misread changes a variable long before anything is printed), so every step before it is the real
        one. A mistake whose first differing step differs in its words only (an ``if`` taken the wrong way
        says "the condition is false" over the real state) is not offered: no check could show it wrong."""
        if self._mistakes is None:
            self._mistakes = self._find_mistakes()
        return self._mistakes.get(i, [])

    def _find_mistakes(self) -> dict[int, list[tuple[str, Step, list[Step], str]]]:
        real = [self._step(s) for s in self.steps()]
        found: dict[int, list[tuple[str, Step, list[Step], str]]] = {}
        if self._opt is None or self._shown_lines is not None:
            return found  # steps joined to fit (no rendering to repeat), or this is a mistaken run itself
        runs = Counter(e["line"] for e in self.events if e["ev"] == "line" and e["depth"] == 0)
        once = {line for line, n in runs.items() if n == 1}
        misread = mistakes(self.source, once, random.Random(f"{self.problem.uid}:mistakes"))
        _trace_ahead([m.source for m in misread])
        for mistake in misread:
            other = CodeTraceSpace(self.problem)
            other.source, other._shown_lines, other._opt, other._limits = mistake.source, self.lines, self._opt, MISTAKE_LIMITS
            other._tracer = MISREAD_TRACER
            try:
                theirs = [other._step(s) for s in other.steps()]
            except SandboxError:
                continue  # the misread program runs too long or breaks the tracer: not a trace anyone writes
            out = normalize_output(other.output)
            if out == normalize_output(self.output):
                continue
            at = next((j for j, (a, b) in enumerate(zip(real, theirs)) if (a.text, a.state) != (b.text, b.state)),
                      min(len(real), len(theirs)))
            if at < len(theirs) and self._shown_wrong(real[:at], theirs[at], at == len(theirs) - 1):
                found.setdefault(at, []).append((mistake.kind, theirs[at], theirs[at + 1 :], out))
        return found

    def _shown_wrong(self, before: list[Step], step: Step, last: bool) -> bool:
        """Whether the step check shows ``step`` wrong after the real steps ``before``: its output so far
        does not begin the real output (the last step's does not equal it), or its line and variables are
        no state the real run passes through at or after the state the step before it reached (the check
        re-runs the program and matches each step's state to the first such state)."""
        data = json.loads(step.state)
        if (normalize_output(data["output"]) != normalize_output(self.output) if last
                else not self.output.startswith(data["output"])):
            return True
        start = 0
        for done in before:
            seen = json.loads(done.state)
            at = self._reaches(seen, start)
            if at is None:
                return False  # a real step the check cannot place (never so): offer nothing here
            start = at
        return self._reaches(data, start) is None and not self.truncated

    def _reaches(self, state: dict[str, Any], start: int) -> int | None:
        """The first traced event from ``start`` on whose line (any, for the concluding step), variables
        and output so far are ``state``'s."""
        want = _ADDRESS.sub(" at 0x?", json.dumps(state["vars"], sort_keys=True))
        line, out = state["line"], len(state["output"])
        if line is None and state["output"].rstrip("\n") != self.output.rstrip("\n"):
            return None
        if self._keys is None:
            self._keys = [_ADDRESS.sub(" at 0x?", json.dumps(e.get("vars", {}), sort_keys=True)) for e in self.events]
        for i in range(start, len(self.events)):
            e = self.events[i]
            if (line is None or (e["line"] == line and e["out"] == out)) and self._keys[i] == want:
                return i
        return None

    def steps(self) -> list[_Shown]:
        """The readable steps of the traced run (traced on first use, then cached)."""
        if self._steps is None:
            self._steps = self._build()
        return self._steps

    def _step(self, shown: _Shown) -> Step:
        ev = shown.ev
        state = {"line": ev.get("line"), "vars": ev.get("vars", {}), "output": self.output[: ev["out"]]}
        return Step(text=shown.text, state=json.dumps(state, sort_keys=True), kind=shown.kind)

    def _build(self) -> list[_Shown]:
        report = json.loads(self._traced().strip().rsplit("\n", 1)[-1])
        self.events: list[dict[str, Any]] = report["events"]
        self.output: str = report["output"]
        self.truncated: bool = report["truncated"]
        self._index_source()
        items = self._parse(0, 0, 0, 10**9)[0]
        most = MAX_STEPS.get(self.problem.level, MAX_STEPS[5]) - 1  # the answer step is one more
        for opt in _OPTIONS if self._opt is None else [self._opt]:
            self._pos = 0
            shown = self._render(items, opt, 0)
            if len(shown) <= most or self._opt is not None:
                self._opt = opt
                break
        else:  # still too long: join neighbouring steps
            size = -(-len(shown) // most)
            groups = [shown[j : j + size] for j in range(0, len(shown), size)]
            shown = [_Shown(" ".join(s.text for s in g), g[-1].ev, "execute", {}) for g in groups]
        error, printed = report["error"], normalize_output(self.output)
        if error and shown and shown[-1].ev["line"] == error["line"] and shown[-1].text.endswith("nothing changes."):
            shown.pop()  # the line that raised
        tail: list[str] = []
        if error:
            tail.append(f"Line {error['line']} raises {error['type']}: {error['message']}, and the program stops.")
        tail += ["The rest of the run repeats the same pattern until the program ends."] * report["truncated"]
        tail.append(f"So the program prints:\n```\n{printed}\n```" if printed else "So the program prints nothing.")
        last = {"line": None, "vars": shown[-1].ev["vars"] if shown else {}, "out": len(self.output)}
        return shown + [_Shown(" ".join(tail), last, "answer", {})]

    def _traced(self) -> str:
        """What the tracer printed for this program, from the sandbox; remembered per program and limits, since a
        record's search and its negatives each build a space of the same program (the step check traces on its own)."""
        def trace() -> str:
            result = run_warm(self._tracer, stdin=self.source, limits=self._limits)
            if result.status != "ok":
                raise SandboxError(f"tracing {self.problem.uid} failed ({result.status}): {result.stderr[-500:]}")
            return result.stdout

        key = (self.source, self._limits, self._tracer)
        if key in _CUT:
            raise SandboxError(f"tracing {self.problem.uid} failed (crashed): it ran past the tracer's event cap")
        return _TRACES.remember(key, trace)

    def _index_source(self) -> None:
        """Loops, branches, assignment targets and definitions, from the parsed (never run) source (``_indexed``)."""
        self.lines = self._shown_lines or self.source.split("\n")
        self.loops, self.ifs, self.targets, self.defs = _INDEXES.remember((self.source, tuple(self.lines)),
                                                                          lambda: _indexed(self.source, self.lines))

    def _parse(self, i: int, depth: int, lo: int, hi: int) -> tuple[list[tuple], int, list[tuple]]:
        """Events from ``i`` at ``depth`` on lines in [lo, hi] as items: ("line", event, [(call event, inner
        items)]) or ("loop", [(header item, body items)], exit item). Also returns the next index and
        calls not yet claimed by a line."""
        evs, items, calls = self.events, [], []  # type: list[dict[str, Any]], list[tuple], list[tuple]
        while i < len(evs):
            e = evs[i]
            if e["ev"] == "call" and e["depth"] == depth + 1:
                inner, i, _ = self._parse(i + 1, depth + 1, 0, 10**9)
                calls.append((e, inner))
                continue
            if e["ev"] != "line" or e["depth"] != depth or not lo <= e["line"] <= hi:
                break
            if e["line"] not in self.loops:
                items.append(("line", e, calls))
                calls, i = [], i + 1
                continue
            first, last, _ = self.loops[e["line"]]
            iters: list[tuple] = []
            exit_item: tuple | None = None
            while i < len(evs) and (evs[i]["ev"], evs[i]["depth"], evs[i]["line"]) == ("line", depth, e["line"]):
                head, calls = ("line", evs[i], calls), []
                if evs[i]["next"] != first:
                    exit_item, i = head, i + 1
                    break
                body, i, calls = self._parse(i + 1, depth, first, last)
                iters.append((head, body))
            items.append(("loop", iters, exit_item))
        return items, i, calls

    def _render(self, items: list[tuple], opt: _Opt, level: int) -> list[_Shown]:
        shown: list[_Shown] = []
        for item in items:
            shown += self._line(item, opt, level) if item[0] == "line" else self._loop(item, opt, level + 1)
        return shown

    def _line(self, item: tuple, opt: _Opt, level: int) -> list[_Shown]:
        _, e, calls = item
        line, shown, parts = e["line"], [], []
        for call, inner in calls:
            if opt.collapse:
                ret = next((ev["ret"] for ev in reversed(self._flat(inner)) if "ret" in ev), "None")
                parts.append(f"`{call['func']}({', '.join(call['vars'].values())})` returns {ret}")
            else:
                shown.append(_Shown(f"Calling `{call['func']}` with {self._vals(call['vars'])}.", call, "call", {}))
                shown += self._render(inner, opt, level)
        first, last, targets = self.loops.get(line, (0, 0, []))
        if line in self.loops:
            going = e["next"] == first
            parts.insert(0, (self._vals({t: e["vars"].get(t, "?") for t in targets}) if going else
                             "no items left, so the loop ends") if targets else
                         f"the condition is {'true, so the loop body runs' if going else 'false, so the loop ends'}")
        elif line in self.ifs:
            parts.insert(0, "the condition is true" if e["next"] == self.ifs[line][0] else
                         f"the condition is false, so {self.ifs[line][1]}")
        changes = {k: v for k, v in e["changed"].items() if k not in targets}
        parts += [f"{k} becomes {v}" for k, v in changes.items()]
        kept = [t for t in self.targets.get(line, []) if t in e["vars"] and t not in changes]
        parts += [f"{t} stays {e['vars'][t]}" for t in kept]
        parts += [f"`{e['func']}` returns {e['ret']}"] if "ret" in e else []
        printed = self._printed(e)
        if line in self.defs and not parts and not printed:
            return shown
        text = self._say(f"Line {line}: `{self.lines[line - 1].strip()}`", " —", parts, printed)
        return shown + [_Shown(text, e, "execute", changes)]

    def _loop(self, item: tuple, opt: _Opt, level: int) -> list[_Shown]:
        _, iters, exit_item = item
        header = (iters[0][0] if iters else exit_item)[1]["line"]
        _, last, targets = self.loops[header]
        if level >= opt.whole:
            what = f"the loop{f' over {targets[0]}' if targets else ''} runs {len(iters)} time{'s' * (len(iters) != 1)}"
            if targets and 0 < len(iters) <= 8:
                what += f" ({targets[0]} = {', '.join(h[1]['vars'].get(targets[0], '?') for h, _ in iters)})"
            return [self._summary(f"Lines {header}–{last}", [what], [item], targets, "loop")]
        shown: list[_Shown] = []
        long = opt.middle and len(iters) > MIDDLE
        if long:
            first_line, _, _ = self.loops[header]
            body_src = "; ".join(f"`{x.strip()}`" for x in self.lines[first_line - 1 : last] if x.strip() not in ("", "else:"))
            shown.append(_Shown(f"Lines {header}–{last} loop {len(iters)} times; every pass runs {body_src}. "
                                "Here are the first pass, the passes between in brief, and the last pass.",
                                (iters[0][0])[1], "loop", {}))
        for n, (head, body) in enumerate(iters, 1):
            if long and 1 < n < len(iters):
                if n == 2:
                    shown.append(self._between(iters[1:-1], targets))
                continue
            if level < opt.per_iter:
                shown += self._line(head, opt, level) + self._render(body, opt, level)
            else:
                values = self._vals({t: head[1]["vars"].get(t, "?") for t in targets})
                label = f"Iteration {n} ({values})" if targets else f"Iteration {n}"
                shown.append(self._summary(label, [], [head] + body, targets, "iteration"))
        return shown + (self._line(exit_item, opt, level) if exit_item else [])

    def _between(self, iters: list[tuple], targets: list[str]) -> _Shown:
        """One step for the passes between the first and the last: the loop variable's values and
        the course of every variable they change (its value after each pass)."""
        a, b = 2, len(iters) + 1
        label = f"Passes {a}–{b}" if b > a else f"Pass {a}"
        if targets:
            label += f" ({targets[0]} = {', '.join(h[1]['vars'].get(targets[0], '?') for h, _ in iters)})"
        course: dict[str, list[str]] = {}
        for head, body in iters:
            for k, v in self._merged(self._flat([head] + body), targets).items():
                course.setdefault(k, []).append(v)
        parts = [f"{k} goes {' → '.join(vs)}" if len(vs) > 1 else f"{k} becomes {vs[0]}" for k, vs in course.items()]
        evs = self._flat([item for head, body in iters for item in [head] + body])
        end = evs[-1]
        return _Shown(self._say(label, ":", parts or ["nothing else changes"], self._printed(end)), end, "iteration",
                      {k: vs[-1] for k, vs in course.items()})

    def _summary(self, label: str, parts: list[str], items: list[tuple], targets: list[str], kind: str) -> _Shown:
        """One step for a stretch of the run: the final values it leaves and what it prints."""
        evs = self._flat(items)
        changes, end = self._merged(evs, targets), evs[-1]
        kept = {t for ev in evs if ev["depth"] == end["depth"] for t in self.targets.get(ev["line"], [])}
        parts = parts + [f"{k} becomes {v}" for k, v in changes.items()]
        parts += [f"{t} stays {end['vars'][t]}" for t in sorted(kept) if t in end["vars"] and t not in changes]
        return _Shown(self._say(label, ":", parts, self._printed(end)), end, kind, changes)

    def _flat(self, items: list[tuple]) -> list[dict[str, Any]]:
        """Every event under ``items``, in the order they happened."""
        evs: list[dict[str, Any]] = []
        for item in items:
            if item[0] == "line":
                evs += [ev for _call, inner in item[2] for ev in self._flat(inner)] + [item[1]]
            else:
                evs += [ev for head, body in item[1] for ev in self._flat([head] + body)]
                evs += self._flat([item[2]]) if item[2] else []
        return evs

    @staticmethod
    def _merged(evs: list[dict[str, Any]], skip: list[str]) -> dict[str, str]:
        """Final values of the variables the events changed at the loop's own depth."""
        depth = evs[-1]["depth"]
        return {k: v for ev in evs if ev["depth"] == depth for k, v in ev["changed"].items() if k not in skip}

    @staticmethod
    def _say(head: str, sep: str, parts: list[str], printed: str) -> str:
        if printed and not parts:
            return f"{head} prints {printed}."
        parts = parts + ([f"it prints {printed}"] if printed else [] if parts else ["nothing changes"])
        return f"{head}{sep} {'; '.join(parts)}."

    def _printed(self, ev: dict[str, Any]) -> str:
        """What was printed since the previous step, as `a`, then `b`; moves the output position on."""
        text, self._pos = self.output[self._pos : ev["out"]], max(self._pos, ev["out"])
        lines = text[:-1].split("\n") if text.endswith("\n") else text.split("\n")
        return ", then ".join(f"`{x}`" if x.strip() else "an empty line" for x in lines) if text else ""

    @staticmethod
    def _vals(values: dict[str, str]) -> str:
        return ", ".join(f"{k} = {v}" for k, v in values.items()) or "no arguments"


_Index = tuple[dict[int, tuple[int, int, list[str]]], dict[int, tuple[int, str]], dict[int, list[str]], set[int]]
_INDEXES: Memo[tuple[str, tuple[str, ...]], _Index] = Memo(256)
"""(source, lines shown) -> ``_indexed``: the search's space and the negatives' fresh one index the same misread copies
(read only, never changed)."""


def _indexed(source: str, lines: list[str]) -> _Index:
    """Per loop header its body's first and last line and its targets, per ``if`` its body's first line and what runs
    when it is false, per assignment its names, and the lines that define or import: from the parsed source."""
    loops: dict[int, tuple[int, int, list[str]]] = {}
    ifs: dict[int, tuple[int, str]] = {}
    targets: dict[int, list[str]] = {}
    defs: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.For, ast.While)):
            names = [n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)] if isinstance(node, ast.For) else []
            loops[node.lineno] = (node.body[0].lineno, node.body[-1].end_lineno or node.lineno, names)
        elif isinstance(node, ast.If):
            orelse = node.orelse and lines[node.orelse[0].lineno - 1].lstrip().startswith("elif")
            ifs[node.lineno] = (node.body[0].lineno, "the next condition is checked" if orelse else
                                "the else branch runs" if node.orelse else "the block is skipped")
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            assigned = node.targets if isinstance(node, ast.Assign) else [node.target]
            targets[node.lineno] = [t.id for t in assigned if isinstance(t, ast.Name)]
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)):
            defs.add(node.lineno)
    return loops, ifs, targets, defs


SPACES.register("code_trace", CodeTraceSpace)
