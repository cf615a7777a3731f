"""Verifiers that run answers in the sandbox: a function against hidden tests, an input against a target.

Answers are untrusted and only ever run in the sandbox (the warm pool). Expected values stay on
this side (see :mod:`cotforge.domains.code_harness`). A program that is slow, crashes or breaks a
limit is a rejected answer; a sandbox that cannot run at all is a verifier error. Steps whose state
carries ``code`` and ``claims`` ([argument, tagged result] pairs) are checked by running that code.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Sequence
from typing import Any

from cotforge.domains.code_harness import extract_code, harness, parse, tag, untag
from cotforge.domains.code_ops import valid_input
from cotforge.core.records import Problem, Step, Verdict
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers.base import Verifier
from cotforge.sandbox.runner import Limits
from cotforge.sandbox.pool import run_warm

LIMITS = Limits(cpu_seconds=2, wall_seconds=4, memory_mb=256, max_output_bytes=200_000)
MAX_CODE_CHARS = 20_000


def run_calls(source: str, calls: Sequence[tuple[str, Any]]) -> list[list[Any]] | Verdict:
    """Tagged results of the calls, or the verdict on a program that did not get that far."""
    result = run_warm(harness(source, calls), limits=LIMITS)
    if result.status == "error":
        return Verdict.error(f"the sandbox could not run the program: {result.stderr[-200:]}")
    got = parse(result.stdout, len(calls))
    if got is None:
        last = result.stderr.strip().rsplit("\n", 1)[-1][:200] if result.stderr.strip() else ""
        return Verdict.reject(f"the program did not finish its tests ({result.status}{': ' + last if last else ''})")
    return got


def _call(arg: Any) -> str:
    return f"f({arg!r})"


class FunctionTestsVerifier(Verifier):
    """A program defining ``f`` passes only if every hidden test returns exactly the recorded value."""

    name = "code_tests"

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        try:
            tests = problem.data()["tests"]
            calls = [("f", t["arg"]) for t in tests]
            wants = [t["want"] for t in tests]
        except (ValueError, KeyError, TypeError) as exc:
            return Verdict.error(f"problem {problem.uid} has no hidden tests in its payload: {exc}")
        if answer is None:
            return Verdict.reject("no answer given")
        code = extract_code(answer)
        if len(code) > MAX_CODE_CHARS:
            return Verdict.reject(f"program longer than {MAX_CODE_CHARS} characters")
        try:
            ast.parse(code)
        except SyntaxError as exc:
            return Verdict.reject(f"the program does not parse: {exc.msg} (line {exc.lineno})")
        got = run_calls(code, calls)
        if isinstance(got, Verdict):
            return got
        for number, ((status, value), want, (_, arg)) in enumerate(zip(got, wants, calls), 1):
            if status != "ok":
                return Verdict.reject(f"hidden test {number} fails: {_call(arg)} raised {value}")
            if value != want:
                return Verdict.reject(f"hidden test {number} fails: {_call(arg)} returned {untag(value)!r}, "
                                      f"expected {untag(want)!r}")
        return Verdict.accept(f"all {len(calls)} hidden tests pass")

    def check_steps(self, problem: Problem, steps: Sequence[Step]) -> list[bool | None]:
        return check_claims(steps)


def check_claims(steps: Sequence[Step]) -> list[bool | None]:
    """Run each step's ``code`` on its claimed arguments; True when every claimed result is what it returns.

    All steps run in one sandbox program, each step's code in its own namespace.
    """
    checks: list[bool | None] = [None] * len(steps)
    defs, calls, owners = [], [], []
    for k, step in enumerate(steps):
        try:
            state = json.loads(step.state)
            code, claims = state["code"], state["claims"]
            args = [(arg, want) for arg, want in claims]
        except (ValueError, KeyError, TypeError):
            continue
        if not isinstance(code, str) or not code or not args:
            continue
        defs.append(f"_ns{k} = {{}}\ntry:\n    exec({code!r}, _ns{k})\n    f_{k} = _ns{k}['f']\n"
                    f"except Exception as _e:\n    def f_{k}(_x, _e=_e):\n        raise _e\n")
        for arg, want in args:
            calls.append((f"f_{k}", arg))
            owners.append((k, want))
    if not calls:
        return checks
    got = run_calls("\n".join(defs), calls)
    if isinstance(got, Verdict):
        if got.status == "error" or len(defs) == 1:
            return [None if got.status == "error" else False if any(k == i for k, _ in owners) else None
                    for i in range(len(steps))]
        return [check_claims([step])[0] for step in steps]  # one step broke the run: check them one by one
    for (k, want), result in zip(owners, got):
        checks[k] = (checks[k] is not False) and result == ["ok", want]
    return checks


def parse_input(text: str, kind: str) -> Any:
    """The argument an answer states (a Python literal); raises ValueError saying why it is not valid."""
    text = extract_code(text).strip().strip("`").strip()
    if text.startswith("f(") and text.endswith(")"):
        text = text[2:-1]
    if len(text) > 2_000:
        raise ValueError("the input is longer than 2000 characters")
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raise ValueError(f"{text[:60]!r} is not a Python literal") from None
    ok = valid_input(value, kind)
    if not ok:
        raise ValueError(f"the input must be {kind_text(kind)}, got {text[:60]}")
    return value


def kind_text(kind: str) -> str:
    return {"list": "a list of at most 50 integers", "int": "an integer", "str": "a string of at most 200 characters"}[kind]


class CodeInputVerifier(Verifier):
    """Any valid input is accepted when running the function on it in the sandbox gives the target."""

    name = "code_input"

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        try:
            data = problem.data()
            source, target, kind = data["function"], data["target"], data["input_type"]
            tag(untag(target))
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            return Verdict.error(f"problem {problem.uid} has no function and target in its payload: {exc}")
        if answer is None:
            return Verdict.reject("no answer given")
        try:
            arg = parse_input(answer, kind)
        except ValueError as exc:
            return Verdict.reject(str(exc))
        got = run_calls(source, [("f", arg)])
        if isinstance(got, Verdict):
            return got
        status, value = got[0]
        if status != "ok":
            return Verdict.reject(f"{_call(arg)} raises {value}")
        if value != target:
            return Verdict.reject(f"{_call(arg)} returns {untag(value)!r}, not {untag(target)!r}")
        return Verdict.accept()

    def check_steps(self, problem: Problem, steps: Sequence[Step]) -> list[bool | None]:
        return check_claims(steps)


VERIFIERS.register("code_tests", FunctionTestsVerifier())
VERIFIERS.register("code_input", CodeInputVerifier())
