"""The misread programs' tracer: on a program that ends it prints exactly what the program's tracer prints; one that
runs past the traced-event cap ends there (exit 3, long before its CPU second), and the space takes it as never
ending, as it takes a run out of time."""

from __future__ import annotations

import random

import pytest

import cotforge.solvers.spaces.execution as execution
from cotforge.core.registry import TASKS
from cotforge.sandbox.pool import run_warm
from cotforge.solvers.spaces._code_mistakes import Mistake, mistakes
from cotforge.solvers.spaces._tracer import MISREAD_TRACER, TRACER

ENDLESS = "counts = {}\ni = 0\nwhile i < 10:\n    counts[i % 4] = counts.get(i % 4, 0) + 1\n    i -= 1\nprint(counts)\n"


def _programs() -> list[str]:
    """code_output programs of every level and their misread copies (the ones that end under the program's tracer)."""
    out = []
    for level in range(1, 6):
        problem = TASKS.get("code_output").from_level(level, seed=3).generate(0)
        source = problem.data()["program"]
        out.append(source)
        out += [m.source for m in mistakes(source, set(), random.Random(level))][:3]
    return out


def test_on_a_program_that_ends_it_prints_what_the_tracer_prints() -> None:
    compared = 0
    for source in _programs():
        plain = run_warm(TRACER, stdin=source, limits=execution.MISTAKE_LIMITS)
        if plain.status != "ok":
            continue
        misread = run_warm(MISREAD_TRACER, stdin=source, limits=execution.MISTAKE_LIMITS)
        assert (misread.status, misread.stdout) == ("ok", plain.stdout)
        compared += 1
    assert compared >= 10


def test_an_endless_run_ends_at_the_event_cap() -> None:
    result = run_warm(MISREAD_TRACER, stdin=ENDLESS, limits=execution.MISTAKE_LIMITS)
    assert (result.status, result.returncode) == ("crashed", 3)  # the cap, not the CPU limit (a timeout)


def test_the_space_drops_an_endless_misread_program(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = TASKS.get("code_output").from_level(2, seed=3).generate(0)
    space = execution.CodeTraceSpace(problem)
    source = space.source

    def one_endless(src: str, once: set[int], rng: random.Random) -> list[Mistake]:
        assert src == source  # the real program is traced; its misread copies are this one endless program
        return [Mistake("off_by_one_bound", 2, ENDLESS)]

    runs = []

    def recorded(program: str, **kw: object):  # type: ignore[no-untyped-def]
        result = run_warm(program, **kw)  # type: ignore[arg-type]
        runs.append((kw.get("stdin"), result.status, result.returncode))
        return result

    monkeypatch.setattr(execution, "mistakes", one_endless)
    monkeypatch.setattr(execution, "run_warm", recorded)
    execution._TRACES.clear()
    assert all(space.mistakes_at(i) == [] for i in range(len(space.steps()) + 1))
    assert (ENDLESS, "crashed", 3) in runs  # ended at the cap
    assert not any(key[0] == ENDLESS for key in execution._TRACES)  # a run that did not end is not remembered
