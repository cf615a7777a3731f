"""Test-harness programs for code tasks, and the tagged encoding of the values they report.

A harness defines the code under test, calls named functions on JSON arguments, and prints
one marked JSON line of tagged results. Expected values never enter the sandbox: the host
compares what the harness reports with what it recorded from the reference, so code under
test cannot pass by printing a fake verdict. Values are tagged by exact type (``True`` is not
``1``, and an ``int`` subclass with a lying ``__repr__`` is reported as something else).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

MARK = "@@cotforge-results@@"
_FENCE = re.compile(r"```(?:python|py)?[ \t]*\n(.*?)```", re.S)

_RUNNER = r'''
def _cotforge_run(_calls):
    import json as _j
    def _enc(r, d=0):
        t = type(r)
        if t is bool: return ["b", r]
        if t is int: return ["i", r]
        if t is str: return ["s", r]
        if t is list and d < 20: return ["l", [_enc(e, d + 1) for e in r]]
        if r is None: return ["n", None]
        return ["x", t.__name__]
    _out = []
    for _name, _arg in _calls:
        try:
            _out.append(["ok", _enc(globals()[_name](_j.loads(_arg)))])
        except Exception as _e:
            _out.append(["error", type(_e).__name__ + ": " + str(_e)[:120]])
    print("\n" + MARK + _j.dumps(_out), flush=True)
'''


def harness(source: str, calls: Sequence[tuple[str, Any]]) -> str:
    """A program that runs ``source`` then calls each ``(function name, argument)`` with a fresh copy."""
    encoded = [[name, json.dumps(arg)] for name, arg in calls]
    return (f"{source.rstrip()}\n\nMARK = {MARK!r}\n{_RUNNER}\n"
            f"_cotforge_run(__import__('json').loads({json.dumps(encoded)!r}))\n")


def parse(stdout: str, n: int) -> list[list[Any]] | None:
    """The ``n`` results a harness printed (["ok", tagged] or ["error", text]), or None if it did not finish."""
    at = stdout.rfind(MARK)
    if at < 0:
        return None
    try:
        out = json.loads(stdout[at + len(MARK):].split("\n", 1)[0])
    except ValueError:
        return None
    return out if isinstance(out, list) and len(out) == n else None


def tag(value: Any) -> list[Any]:
    """The tagged form of a plain value (what the harness reports for it)."""
    if isinstance(value, bool):
        return ["b", value]
    if isinstance(value, int):
        return ["i", value]
    if isinstance(value, str):
        return ["s", value]
    if isinstance(value, list):
        return ["l", [tag(e) for e in value]]
    if value is None:
        return ["n", None]
    raise TypeError(f"no tagged form for {type(value).__name__}")


def untag(tagged: Sequence[Any]) -> Any:
    """The plain value of a tagged one; an unsupported type becomes ``<type name>``."""
    kind, value = tagged[0], tagged[1]
    if kind == "l":
        return [untag(e) for e in value]
    return f"<{value}>" if kind == "x" else value


def extract_code(answer: str) -> str:
    """The program an answer states: its last fenced code block, else the whole text."""
    blocks = _FENCE.findall(answer)
    return blocks[-1] if blocks else answer
