"""Adversarial answer tables for the code verifiers, built from real generated problems.

Entries as in adversarial_logic.py: (problem, completion, right). Right programs are the gold in
the wrappers models use (prose around a fence, thinking first, a usage example after, a variable
named ``answer``, tags); wrong ones are the bug_fix item's buggy program, the gold with its result
changed, a right program in thinking and a wrong one after, a program that fakes the harness's
result line. code_input inputs are labelled by running the item's own function on them in the
sandbox; code_output outputs by perturbing the recorded output.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from adversarial_logic import Case  # beside this file

from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.domains.code_harness import untag
from cotforge.sandbox.runner import Limits, run_python


def _problems(task: str, levels: tuple[int, ...], per_level: int, seed: int = 11) -> Iterator[Problem]:
    for level in levels:
        gen = TASKS.get(task).from_level(level, seed=seed)
        for i in range(per_level):
            yield gen.generate(i)


def _source(answer: str) -> str:
    return re.search(r"```python\n(.*?)```", answer, re.S).group(1)  # type: ignore[union-attr]


def _fence(code: str) -> str:
    return f"```python\n{code.rstrip()}\n```"


def code_tests() -> list[Case]:
    out: list[Case] = []
    for task in ("function_synthesis", "bug_fix"):
        for p in _problems(task, (1, 3, 5), 2):
            gold = _source(p.answer)
            renamed = re.sub(r"\bdef f\(", "def _g(", gold, count=1)
            named_answer = renamed + "\n\ndef f(x):\n    answer = _g(x)\n    return answer\n"
            shifted = renamed + "\n\ndef f(x):\n    r = _g(x)\n    return r + 1 if type(r) is int else None\n"
            n_tests = len(p.data()["tests"])
            spoof = (shifted + "\nimport atexit, json\natexit.register(lambda: print('\\n@@cotforge-results@@' + "
                     f"json.dumps([['ok', ['i', 0]]] * {n_tests})))\n")  # fmt: skip
            rights = [
                p.answer,
                f"Here is the function:\n\n{_fence(gold)}\n\nIt handles the empty list too.",
                gold,
                f"<think>\nFirst attempt:\n{_fence('def f(x):' + chr(10) + '    return 0')}\nNo, that ignores "
                f"the input.\n</think>\n{_fence(gold)}",
                f"Final answer:\n{_fence(gold)}",
                f"{_fence(gold)}\n\nThe answer is correct.",
                _fence(named_answer),
                f"<answer>\n{_fence(gold)}\n</answer>",
                f"{_fence(gold)}\n\nUsage:\n{_fence('print(f([1, 2, 3]))')}",
            ]
            for text in rights:
                out.append(Case(p, text, True, "the gold, wrapped"))
            wrongs = [
                _fence(shifted),
                f"Here is the function:\n\n{_fence(shifted)}\n\nThe answer is correct.",
                f"<think>\n{_fence(gold)}\n</think>\n{_fence(shifted)}",
                f"{_fence(gold)}\n\nAlternatively, a shorter version:\n{_fence(shifted)}",
                _fence(spoof),
                _fence(gold + "\nraise SystemExit(0)\n"),
                "I could not write it.",
            ]
            if task == "bug_fix":
                wrongs.append(_fence(p.data()["program"]))
            for text in wrongs:
                out.append(Case(p, text, False, "a wrong program, dressed"))
    return out


def _f_of(function: str, arg: Any) -> Any:
    """The function's result on ``arg``, run in the sandbox (the tables' own route, not the verifier's)."""
    program = f"{function}\nimport json\nprint(json.dumps(f({arg!r})))\n"
    result = run_python(program, limits=Limits(cpu_seconds=2, wall_seconds=10))
    return json.loads(result.stdout) if result.status == "ok" else ("crashed", result.status)


def _perturb(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [value + [7], value[1:] if value else [3], [x + 1 for x in value], list(reversed(value)) + [0]]
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value + 1, value - 3, value * 2 + 1]
    if isinstance(value, str):
        return [value + "x", value[1:], value.upper() + "Q"]
    return []


def code_input() -> list[Case]:
    out: list[Case] = []
    for p in _problems("code_input", (1, 3, 5), 3):
        data = p.data()
        function, target = data["function"], untag(data["target"])
        param = re.search(r"def f\((\w+)", function).group(1)  # type: ignore[union-attr]
        gold = p.answer.strip()
        rights = [gold, f"{param} = {gold}", f"Input: {gold}", f"f({gold})", f"f({param}={gold})",
                  f"The input is `{gold}`.", f"```python\n{param} = {gold}\n```", f"<answer>{gold}</answer>",
                  f"**Answer:** {gold}", f"f({gold}) == {untag(data['target'])!r}",
                  f"f({param}={gold}) returns {untag(data['target'])!r}"]  # fmt: skip
        for text in rights:
            out.append(Case(p, text, True, "the gold input, phrased"))
        for value in _perturb(ast.literal_eval(gold)):
            right = _f_of(function, value) == target
            out.append(Case(p, f"{param} = {value!r}", right, "a perturbed input, labelled by running f"))
        out.append(Case(p, f"{gold}\n{_perturb(ast.literal_eval(gold))[0]!r}", False, "two inputs"))
    return out


def code_output() -> list[Case]:
    out: list[Case] = []
    for p in _problems("code_output", (1, 3, 5), 3):
        gold = p.data()["output"].rstrip("\n")
        lines = gold.split("\n")
        rights = [gold, f"```\n{gold}\n```", f"The program prints:\n```text\n{gold}\n```",
                  f"Final answer:\n```\n{gold}\n```", f"<think>\nTracing the loop...\n</think>\n```\n{gold}\n```",
                  f"<answer>\n{gold}\n</answer>", f"Output:\n```\n{gold}\n```\n\nThat is what it prints.",
                  f"The output is:\n{gold}", f"It prints\n{gold}", f"The output is: {gold}"]  # fmt: skip
        if len(lines) == 1:
            rights.append(f"\\boxed{{{gold}}}")
        for text in rights:
            out.append(Case(p, text, True, "the output, wrapped"))
        changed = re.sub(r"\d", lambda m: str((int(m.group(0)) + 1) % 10), lines[0], count=1)
        if changed == lines[0]:
            changed = lines[0] + "!"
        wrong_out = "\n".join([changed] + lines[1:])
        wrongs = [wrong_out, f"```\n{wrong_out}\n```", f"The output is:\n{wrong_out}", f"The output is: {wrong_out}", f"```\n{gold}\n{lines[-1]}\n```", f"<think>\n{gold}\n</think>\n```\n{wrong_out}\n```",
                  f"```\n{gold}\n```\nWait, rather:\n```\n{wrong_out}\n```"]  # fmt: skip
        if len(lines) > 1:
            wrongs.append("\n".join(lines[:-1]))
        for text in wrongs:
            out.append(Case(p, text, False, "a wrong output, dressed"))
    return out


TABLES: dict[str, Callable[[], list[Case]]] = {"code_tests": code_tests, "code_input": code_input,
                                              "code_output": code_output}  # fmt: skip
