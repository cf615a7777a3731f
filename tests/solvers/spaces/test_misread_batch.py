"""Misread copies traced in one sandbox run: each gives what its own run of the misread tracer gives, or is left to
that run; the space's records are the same with the batch as without it."""

from __future__ import annotations

import random

import pytest

import cotforge.solvers.spaces.execution as execution
from cotforge.core.registry import TASKS
from cotforge.domains.code_harness import MARK
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from cotforge.sandbox.pool import run_warm
from cotforge.solvers.spaces._code_mistakes import mistakes
from cotforge.solvers.spaces._misread_batch import traced
from cotforge.solvers.spaces._tracer import MISREAD_TRACER

LIMITS = execution.MISTAKE_LIMITS
ENDLESS = "i = 0\nwhile i < 10:\n    i -= 1\nprint(i)\n"
DEEP = ("def r(n):\n    try:\n        return r(n + 1)\n    except RecursionError:\n        return n\n"
        "print(r(0))\n")  # how deep it got: the batch must run it at the depth of its own run
RAISES = "xs = [1, 2]\nprint(xs[0])\nprint(xs[5])\n"
READS = "name = input()\nprint(name)\n"
STDERR = "import sys\nprint('x', file=sys.stderr)\nprint(1)\n"
LOUD = "for i in range(3000):\n    print('y' * 400)\n"  # its report is over the 1 MB a run may print


def _own(source: str) -> tuple[str, str] | None:
    """What the misread tracer's own run of ``source`` gives, in ``traced``'s terms (None: a run that failed otherwise)."""
    result = run_warm(MISREAD_TRACER, stdin=source, limits=LIMITS)
    if result.status == "ok":
        return ("ok", result.stdout)
    return ("cut", "") if (result.status, result.returncode) == ("crashed", 3) else None


def _misread_copies() -> list[str]:
    out = []
    for level in range(1, 6):
        source = TASKS.get("code_output").from_level(level, seed=5).generate(1).data()["program"]
        out += [source] + [m.source for m in mistakes(source, set(), random.Random(level))]
    return out


def test_each_program_gets_what_its_own_run_gives() -> None:
    sources = _misread_copies() + [ENDLESS, DEEP, RAISES, READS]
    got = traced(sources, LIMITS)
    assert len(got) == len(sources)
    for source, batch in zip(sources, got):
        assert batch == _own(source), source
    assert got[-4][0] == "cut" and all(g is not None and g[0] == "ok" for g in got[-3:])


def test_what_a_batch_cannot_speak_for_is_left_to_its_own_run() -> None:
    got = traced([STDERR, "print(2)\n", LOUD], LIMITS)
    assert got[0] is None and got[2] is None  # stderr written; a report over the output limit
    assert got[1] == _own("print(2)\n")
    assert _own(LOUD) is None  # its own run stops at the output limit
    assert traced(["print(1)\n", "import os\nos._exit(0)\n", "print(3)\n"], LIMITS) == [None, None, None]
    assert traced([], LIMITS) == []


@pytest.mark.parametrize("level", [3, 5])
def test_records_are_the_same_with_and_without_the_batch(level: int, monkeypatch: pytest.MonkeyPatch) -> None:
    problems = [TASKS.get("code_output").from_level(level, seed=9).generate(i) for i in range(3)]
    execution._TRACES.clear()
    execution._CUT.clear()
    batched = [solve_problem(p, SearchSettings()).row for p in problems]
    assert execution._TRACES, "the batch filled the memo"
    monkeypatch.setattr(execution, "_trace_ahead", lambda sources: None)
    execution._TRACES.clear()
    execution._CUT.clear()
    alone = [solve_problem(p, SearchSettings()).row for p in problems]
    assert batched == alone


@pytest.mark.parametrize("stdout", ["", MARK + "not json", MARK + "[1, 2]", MARK + '[["ok"], 3]',
                                    MARK + '[["ok", 5], ["cut", ""], ["weird", "x"]]'])
def test_output_that_is_not_the_batch_s_own_leaves_every_program_to_its_own_run(stdout: str,
                                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import cotforge.solvers.spaces._misread_batch as batch
    from cotforge.sandbox.runner import RunResult

    monkeypatch.setattr(batch, "run_warm", lambda *a, **k: RunResult("ok", stdout, "", 0, 0.01))
    got = traced(["print(1)\n", "print(2)\n", "print(3)\n"], LIMITS)
    assert got[0] is None and got[2] is None and len(got) == 3
    assert got[1] in (None, ("cut", ""))
