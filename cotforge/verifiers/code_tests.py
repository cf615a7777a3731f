"""Verifiers that run answers in the sandbox: a function against hidden tests, an input against a target.

Answers are untrusted: they are only ever compiled and run in the sandbox (the warm pool), since
even parsing a short hostile program exhausts the host's parser. Expected values stay on this
side (see :mod:`cotforge.domains.code_harness`). The program is read through the shared answer
reader: after thinking, the last fenced block that defines ``f``. A program that is slow, crashes or breaks a
limit is a rejected answer; a sandbox that cannot run at all is a verifier error. Steps whose state
carries ``code`` and ``claims`` ([argument, tagged result] pairs) are checked by running that code.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from typing import Any

from cotforge.domains.code_harness import extract_code, harness, parse, tag, untag
from cotforge.domains.code_ops import valid_input
from cotforge.core.records import Problem, Step, Verdict
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers._readers import BAD_PAYLOAD, AnswerError, final_parts, loads_json, payload
from cotforge.verifiers.base import Verifier
from cotforge.sandbox.runner import Limits
from cotforge.sandbox.pool import run_warm

LIMITS = Limits(cpu_seconds=2, wall_seconds=4, memory_mb=256, max_output_bytes=200_000)
MAX_CODE_CHARS = 20_000
MAX_ANSWER_CHARS = 200_000
"""Longer answers are rejected before any reading (a reply that long is not a function)."""
_SYNTAX_MARK = "@@cotforge-syntax@@"
_SYNTAX_LINE = re.compile(re.escape(_SYNTAX_MARK) + r"(.*)")


def compiled_in_sandbox(code: str) -> str:
    """A program that compiles ``code`` inside the sandbox and runs it as its own module body.

    Parsing untrusted code is itself a hazard (a short answer of nested operators exhausts the
    parser's memory or the compiler's recursion), so the host never parses it: a program that
    does not compile ends the run with a marked line naming the error.
    """
    return (f"_cotforge_src = {code!r}\n"
            "try:\n"
            "    _cotforge_code = compile(_cotforge_src, 'answer.py', 'exec')\n"
            "except BaseException as _e:\n"
            "    import sys as _s\n"
            "    _where = f' (line {_e.lineno})' if isinstance(_e, SyntaxError) and _e.lineno else ''\n"
            "    _what = str(_e.msg if isinstance(_e, SyntaxError) else _e)[:120] or 'too deeply nested'\n"
            f"    print('\\n{_SYNTAX_MARK}' + type(_e).__name__ + ': ' + _what + _where, file=_s.stderr)\n"
            "    raise SystemExit(1)\n"
            "del _cotforge_src\n"
            "exec(_cotforge_code)\n")


_PYTHON_FENCE = re.compile(r"```(?:python|py)?[ \t]*\n(.*?)```", re.S)
_DEFINES_F = re.compile(r"^(?:async\s+)?def\s+f\s*\(|^f\s*=", re.M)


def program_text(answer: str) -> str:
    """The program an answer states, read through the shared answer reader: the last fenced block of
    its final answer that defines ``f`` (else its last block); when the final statement names no
    code ("Final answer: the function above"), the same over the text after any thinking; else the
    final answer itself. AnswerError if there is none."""
    found = final_parts(answer)[0]
    if "```" not in found:
        body = answer.rsplit("</think>", 1)[1] if "</think>" in answer else answer
        if "```" not in body:
            return found
        found = body
    blocks = _PYTHON_FENCE.findall(found)
    defining = [b for b in blocks if _DEFINES_F.search(b)]  # not a usage example after the function
    return defining[-1] if defining else extract_code(found)


def run_calls(source: str, calls: Sequence[tuple[str, Any]]) -> list[list[Any]] | Verdict:
    """Tagged results of the calls, or the verdict on a program that did not get that far."""
    result = run_warm(harness(source, calls), limits=LIMITS)
    if result.status == "error":
        return Verdict.error(f"the sandbox could not run the program: {result.stderr[-200:]}")
    got = parse(result.stdout, len(calls))
    if got is None:
        syntax = _SYNTAX_LINE.findall(result.stderr)
        if syntax:
            return Verdict.reject(f"the program does not parse: {syntax[-1].strip()[:200]}")
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
            tests = payload(problem)["tests"]
            calls = [("f", t["arg"]) for t in tests]
            wants = [t["want"] for t in tests]
        except BAD_PAYLOAD as exc:
            return Verdict.error(f"problem {problem.uid} has no hidden tests in its payload: {exc}")
        if not isinstance(answer, str) or not answer.strip():
            return Verdict.unreadable("no answer given")
        if len(answer) > MAX_ANSWER_CHARS:
            return Verdict.reject(f"answer longer than {MAX_ANSWER_CHARS} characters")
        try:
            code = program_text(answer)
        except AnswerError as exc:
            return Verdict.unreadable(str(exc))
        if len(code) > MAX_CODE_CHARS:
            return Verdict.reject(f"program longer than {MAX_CODE_CHARS} characters")
        got = run_calls(compiled_in_sandbox(code), calls)
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

    def check_steps_many(self, problem: Problem, chains: Sequence[Sequence[Step]]) -> list[list[bool | None]]:
        return check_claims_many(chains)


def check_claims(steps: Sequence[Step]) -> list[bool | None]:
    """Run each step's ``code`` on its claimed arguments; True when every claimed result is what it returns.

    All steps run in one sandbox program, each step's code in its own namespace.
    """
    checks: list[bool | None] = [None] * len(steps)
    defs, calls, owners = _claims(steps)
    if not calls:
        return checks
    got = run_calls("\n".join(defs), calls)
    if isinstance(got, Verdict):
        if got.status == "error" or len(defs) == 1:
            return [None if got.status == "error" else False if any(k == i for k, _ in owners) else None
                    for i in range(len(steps))]
        return [check_claims([step])[0] for step in steps]  # one step broke the run: check them one by one
    return _verdicts(len(steps), owners, got)


def check_claims_many(chains: Sequence[Sequence[Step]]) -> list[list[bool | None]]:
    """``check_claims`` of each chain, the chains' steps run in one sandbox program. Each step's code has its own
    namespace there, as within one chain, so each step gets what its chain's run gives it; a step whose state text
    another step's repeats (a negative's copy of the chain's steps) is run once. Where that run does not complete,
    each chain is checked on its own, as ``check_claims`` alone does."""
    if len(chains) < 2:
        return [check_claims(steps) for steps in chains]
    first: dict[str, int] = {}
    unique: list[Step] = []
    for step in (s for steps in chains for s in steps):
        if step.state not in first:
            first[step.state] = len(unique)
            unique.append(step)
    defs, calls, owners = _claims(unique)
    got = run_calls("\n".join(defs), calls) if calls else []
    if isinstance(got, Verdict):
        return [check_claims(steps) for steps in chains]
    checks = _verdicts(len(unique), owners, got)
    return [[checks[first[s.state]] for s in steps] for steps in chains]


def _claims(steps: Sequence[Step]) -> tuple[list[str], list[tuple[str, Any]], list[tuple[int, Any]]]:
    """The definitions of the steps' code (step k's function ``f_k``, in a namespace of its own), the calls of their
    claims, and per call its step and claimed result; a step without code and claims has none."""
    defs, calls, owners = [], [], []
    for k, step in enumerate(steps):
        try:
            state = loads_json(step.state)
            code, claims = state["code"], state["claims"]
            args = [(arg, want) for arg, want in claims]
        except BAD_PAYLOAD:
            continue
        if not isinstance(code, str) or not code or not args:
            continue
        defs.append(f"_ns{k} = {{}}\ntry:\n    exec({code!r}, _ns{k})\n    f_{k} = _ns{k}['f']\n"
                    f"except Exception as _e:\n    def f_{k}(_x, _e=_e):\n        raise _e\n")
        for arg, want in args:
            calls.append((f"f_{k}", arg))
            owners.append((k, want))
    return defs, calls, owners


def _verdicts(count: int, owners: list[tuple[int, Any]], got: list[list[Any]]) -> list[bool | None]:
    """Per step, whether every call of its claims returned the claimed result (None: a step with no claims run)."""
    checks: list[bool | None] = [None] * count
    for (k, want), result in zip(owners, got):
        checks[k] = (checks[k] is not False) and result == ["ok", want]
    return checks


class UnreadableInput(ValueError):
    """No Python literal can be read from the answer (as opposed to a literal that is not allowed)."""


_PREFIX = re.compile(r"^\W*(?:(?:so,?\s+)?(?:the\s+)?(?:final\s+|correct\s+)?(?:input|answer|argument)(?:\s+is)?\s*[:=]?|"
                     r"f\s*\((?=.*\)\W*$))\s*", re.I)  # fmt: skip


def parse_input(text: str, kind: str, param: str = "") -> Any:
    """The argument an answer states (a Python literal); raises UnreadableInput when none can be
    read, ValueError when it is read but not an allowed input.

    Read forms: ``[1, 2]``, ``f([1, 2])``, ``nums = [1, 2]``, ``f(nums=[1, 2])``, ``Input: [1, 2]``,
    "The input is `[1, 2]`.", in a fenced block or not. Where several lines (of the last 100) could
    hold it, the one literal they give must agree."""
    try:
        text = extract_code(final_parts(text)[0]).strip()
    except AnswerError as exc:
        raise UnreadableInput(str(exc)) from None
    found: list[Any] = []
    lines = [ln for ln in text.splitlines() if ln.strip()][-MAX_INPUT_LINES:] if "\n" in text else []
    for line in [text] + lines:
        value = _literal(line, param)
        if value is not _NONE and not any(type(value) is type(f) and value == f for f in found):
            found.append(value)
        if value is not _NONE and line is text or len(found) > 1:
            break
    if not found:
        raise UnreadableInput(f"{text[:60]!r} is not a Python literal")
    if len(found) > 1:
        raise UnreadableInput(f"the answer gives {len(found)} different inputs")
    value = found[0]
    if not valid_input(value, kind):
        raise ValueError(f"the input must be {kind_text(kind)}, got {repr(value)[:60]}")
    return value


_NONE = object()
MAX_INPUT_LINES = 100
"""Lines of an answer (the last ones) where code_input looks for the input it states."""
_CALL_RESULT = re.compile(r"^`*f\s*\((.*)\)`*\s*(?:==|->|→|=|returns?\b|gives?\b|is\b|evaluates to\b).*$", re.S)


def _literal(line: str, param: str) -> Any:
    """The literal one line states, or _NONE."""
    text = line.strip()
    if len(text) > 2_000:
        return _NONE
    for _ in range(3):  # peel "Input:", "f(...)", "nums =" in any order, at most once each
        before = text
        call = _CALL_RESULT.match(text)  # "f([1, 2]) == 10", "f(nums=[1, 2]) returns 10"
        if call:
            text = call.group(1).strip()
        text = re.sub(r"[.;]$", "", _PREFIX.sub("", text, count=1).strip()).strip().strip("`*").strip()
        if param:
            text = re.sub(rf"^{re.escape(param)}\s*=\s*", "", text)
        if before.lstrip().startswith("f(") and text.endswith(")"):
            text = text[:-1].strip()
        if text == before:
            break
    text = re.sub(r"[.;]$", "", text.rstrip()).rstrip()
    if len(text) > 2_000 or not text:
        return _NONE
    try:
        return ast.literal_eval(text)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _NONE


def kind_text(kind: str) -> str:
    return {"list": "a list of at most 50 integers", "int": "an integer", "str": "a string of at most 200 characters"}[kind]


class CodeInputVerifier(Verifier):
    """Any valid input is accepted when running the function on it in the sandbox gives the target."""

    name = "code_input"

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        try:
            data = payload(problem)
            source, target, kind = data["function"], data["target"], data["input_type"]
            tag(untag(target))
        except BAD_PAYLOAD as exc:
            return Verdict.error(f"problem {problem.uid} has no function and target in its payload: {exc}")
        if not isinstance(answer, str) or not answer.strip():
            return Verdict.unreadable("no answer given")
        if len(answer) > MAX_ANSWER_CHARS:
            return Verdict.reject(f"answer longer than {MAX_ANSWER_CHARS} characters")
        try:
            param = re.search(r"def\s+f\s*\(\s*(\w+)", str(source))
            arg = parse_input(answer, kind, param.group(1) if param else "")
        except UnreadableInput as exc:
            return Verdict.unreadable(str(exc))
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

    def check_steps_many(self, problem: Problem, chains: Sequence[Sequence[Step]]) -> list[list[bool | None]]:
        return check_claims_many(chains)


VERIFIERS.register("code_tests", FunctionTestsVerifier())
VERIFIERS.register("code_input", CodeInputVerifier())
