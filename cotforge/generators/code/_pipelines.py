"""Shared by the code tasks built on the op library: drawing compositions and inputs, running references."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from cotforge.domains.code_harness import harness, parse, tag
from cotforge.domains.code_ops import OPS, apply
from cotforge.core.errors import SandboxError
from cotforge.sandbox.runner import Limits
from cotforge.sandbox.pool import run_warm

REFERENCE_LIMITS = Limits(cpu_seconds=2, wall_seconds=5, memory_mb=256, max_output_bytes=400_000)
WORDS = ("apple", "Stone", "river", "echo", "Maple", "cloud", "IDEA", "tiger", "Ocean", "bird", "unit", "Lemon")
EDGE: dict[str, list[Any]] = {"list": [[], [0], [-3], [4, 4, 1]], "str": ["", "a", "  Two  spaces ", "x9 Y!"],
                              "int": [0, 1, -7, 10]}


def draw_pipeline(rng: random.Random, length: int, start: str | None = None) -> list[str]:
    """``length`` op names whose types chain, no op or family twice in a row, never int -> int -> int."""
    for _ in range(200):
        kind = start or rng.choice(["list", "list", "str"])
        names: list[str] = []
        while len(names) < length:
            options = [op for op in OPS.values() if op.src == kind and op.name not in names
                       and (not names or OPS[names[-1]].family != op.family)]
            if len(names) == length - 1 or rng.random() < 0.7:  # prefer staying on a rich type until the end
                keep = [op for op in options if op.dst == kind]
                options = keep if keep and len(names) < length - 1 else options
            if not options:
                break
            families = sorted({o.family for o in options})
            family = rng.choice(families)  # a family first, so kinds with many constants do not crowd out the
            # rest of a chain; a one-op program takes any op, so the many constants make many programs
            op = rng.choice(options if length == 1 else [o for o in options if o.family == family])
            names.append(op.name)
            kind = op.dst
        if len(names) == length:
            return names
    raise ValueError(f"no chain of {length} ops from {start}")  # pragma: no cover - the library allows any length


def random_input(rng: random.Random, kind: str) -> Any:
    if kind == "list":
        return [rng.randint(-5, 12) for _ in range(rng.randint(3, 6))]
    if kind == "int":
        return rng.randint(1, 60)
    words = [rng.choice(WORDS) for _ in range(rng.randint(2, 4))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words) + 1), str(rng.randint(1, 99)))
    return " ".join(words)


def distinct_inputs(rng: random.Random, kind: str, n: int, avoid: Sequence[Any] = ()) -> list[Any]:
    out: list[Any] = []
    while len(out) < n:
        x = random_input(rng, kind)
        if x not in out and x not in avoid:
            out.append(x)
    return out


def run_reference(source: str, args: Sequence[Any]) -> list[list[Any]]:
    """Tagged results of the reference ``f`` on each argument, from really running it in the sandbox."""
    result = run_warm(harness(source, [("f", a) for a in args]), limits=REFERENCE_LIMITS)
    got = parse(result.stdout, len(args))
    if result.status != "ok" or got is None or any(status != "ok" for status, _ in got):
        raise SandboxError(f"reference function failed in the sandbox ({result.status}): {result.stderr[-300:]}")
    return [value for _, value in got]


Outcome = list[list[Any]] | SandboxError
"""What ``run_reference`` gives a program: its tagged results, or the SandboxError it raises."""


def run_both(first: str, second: str, args: Sequence[Any]) -> tuple[Outcome, list[list[Any]] | None]:
    """``run_reference`` of two programs on the same arguments, in one sandbox run where that cannot change what each
    gives: the first's outcome, and the second's results, or None where the first raised (``bug_fix`` runs the
    reference only for a bug that does not crash); the second's own SandboxError is raised.

    Each program is defined in a namespace of its own and every call gets a fresh copy of its argument, so neither
    sees the other, and the run has the limits of one. Where it breaks (a program that never ends, or that passes a
    limit together with the other), each program gets its own run, as before."""
    defs = "".join(f"_ns{k} = {{}}\nexec({source!r}, _ns{k})\nf_{k} = _ns{k}['f']\n" for k, source in enumerate((first, second)))
    calls = [(f"f_{k}", a) for k in (0, 1) for a in args]
    result = run_warm(harness(defs, calls), limits=REFERENCE_LIMITS)
    got = parse(result.stdout, len(calls))
    if result.status != "ok" or got is None:
        one = _own(first, args)
        return one, None if isinstance(one, SandboxError) else run_reference(second, args)
    halves = got[: len(args)], got[len(args):]
    raised = [next((value for status, value in half if status != "ok"), None) for half in halves]
    if raised[0] is not None:
        return SandboxError(f"reference function failed in the sandbox (ok): {raised[0]}"), None
    if raised[1] is not None:
        raise SandboxError(f"reference function failed in the sandbox (ok): {raised[1]}")
    return [value for _, value in halves[0]], [value for _, value in halves[1]]


def _own(source: str, args: Sequence[Any]) -> Outcome:
    try:
        return run_reference(source, args)
    except SandboxError as exc:
        return exc


def check_routes(names: Sequence[str], args: Sequence[Any], tagged: Sequence[list[Any]]) -> None:
    """The op library's own route must agree with the sandbox run (a library bug otherwise)."""
    for arg, want in zip(args, tagged):
        if tag(apply(names, arg)[-1]) != want:
            raise SandboxError(f"op library disagrees with execution for {list(names)} on {arg!r}")
