"""The code_output step check's own re-run of a problem's program, line by line, in the sandbox.

A code_output step's machine state is ``{"line", "vars", "output"}``: the line just run (None for the
concluding step), every variable of the running frame after it (``repr``, cut to 60 characters; names
starting ``__``, functions, classes and modules left out) and the output so far; a call's step holds
the function's ``def`` line and its arguments. The check does not read those from any record: it runs
the payload's program again under this tracer (written for the check, not the solver's) and keeps
every state the program passes through, in order. Re-traces are memoised per program, so a record's
many step checks cost one sandboxed run.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from cotforge.sandbox.pool import run_warm
from cotforge.sandbox.runner import Limits

LIMITS = Limits(cpu_seconds=10, wall_seconds=20, memory_mb=512, max_output_bytes=8_000_000)
MAX_STATES = 20_000
"""States kept per run; past them the run goes on untraced (its output still counts)."""
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")

# Runs in the sandbox with the program on stdin; prints one JSON line: the states, the output, and
# whether states were left out. pending[frame] = the line the frame is running (None before its first).
_TRACER = r'''import io, json, sys
SOURCE = sys.stdin.read()
MAX = {max_states}
buf, states, pending, cut = io.StringIO(), [], {}, [False]
def shown(value):
    try: text = repr(value)
    except Exception: text = "?"
    return text[:57] + "..." if len(text) > 60 else text
def variables(frame):
    return {name: shown(value) for name, value in frame.f_locals.items()
            if not name.startswith("__") and not callable(value) and type(value).__name__ != "module"}
def keep(line, frame):
    if len(states) >= MAX: cut[0] = True
    else: states.append([line, variables(frame), len(buf.getvalue())])
def ours(code):
    return code.co_filename == "<program>" and (code.co_name == "<module>" or not code.co_name.startswith("<"))
def step(frame, event, arg):
    if cut[0]: return None
    if event in ("line", "return"):
        if pending.get(frame) is not None: keep(pending[frame], frame)
        if event == "line": pending[frame] = frame.f_lineno
        else: pending.pop(frame, None)
    return step
def enter(frame, event, arg):
    if event != "call" or cut[0] or not ours(frame.f_code): return None
    pending[frame] = None
    if frame.f_code.co_name != "<module>": keep(frame.f_lineno, frame)
    return step
screen, sys.stdout = sys.stdout, buf
sys.settrace(enter)
try: exec(compile(SOURCE, "<program>", "exec"), {"__name__": "__main__", "__builtins__": __builtins__})
except BaseException: pass
finally: sys.settrace(None); sys.stdout = screen
print(json.dumps({"states": states, "output": buf.getvalue(), "cut": cut[0]}))
'''.replace("{max_states}", str(MAX_STATES))  # fmt: skip


def state_key(line: object, variables: dict[str, str]) -> str:
    """One comparable text for a line and its variables (object addresses masked: they differ per run)."""
    return _ADDRESS.sub(" at 0x?", json.dumps([line, variables], sort_keys=True))


@dataclass(frozen=True, slots=True)
class Retrace:
    """The states of one real run: ``at[key]`` the indexes of the states with that line and variables,
    ``outs`` the output length at each; ``by_vars[variables key]`` the same ignoring the line."""

    output: str
    cut: bool
    outs: tuple[int, ...]
    at: dict[str, tuple[int, ...]]
    by_vars: dict[str, tuple[int, ...]]

    def find(self, line: int | None, variables: dict[str, str], output: str, start: int) -> int | None:
        """The first state from ``start`` on with this line (None: any), these variables and this output so
        far; None if the run never passes through it there."""
        if not self.output.startswith(output) and line is not None:
            return None
        if line is None:
            if output.rstrip("\n") != self.output.rstrip("\n"):
                return None
            found = self.by_vars.get(state_key(None, variables), ())
            return next(iter(found[bisect_left(found, start) :]), None)
        found = self.at.get(state_key(line, variables), ())
        return next((i for i in found[bisect_left(found, start) :] if self.outs[i] == len(output)), None)


@lru_cache(maxsize=256)
def retrace(source: str) -> Retrace | None:
    """The program's states, run under the check's tracer in the sandbox; None if the run could not be made."""
    try:
        result = run_warm(_TRACER, stdin=source, limits=LIMITS)
    except Exception:  # noqa: BLE001 - the sandbox could not run it: the check cannot be made, never a crash
        return None
    if result.status != "ok":
        return None
    try:
        report = json.loads(result.stdout.strip().rsplit("\n", 1)[-1])
        states = [(int(line), {str(k): str(v) for k, v in variables.items()}, int(out))
                  for line, variables, out in report["states"]]
        output, cut = str(report["output"]), bool(report["cut"])
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None
    at: dict[str, list[int]] = {}
    by_vars: dict[str, list[int]] = {}
    for i, (line, variables, _out) in enumerate(states):
        at.setdefault(state_key(line, variables), []).append(i)
        by_vars.setdefault(state_key(None, variables), []).append(i)
    return Retrace(output, cut, tuple(out for _l, _v, out in states), {k: tuple(v) for k, v in at.items()},
                   {k: tuple(v) for k, v in by_vars.items()})
