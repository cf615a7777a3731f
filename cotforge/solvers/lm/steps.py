"""Reading a model's own chain of thought: answers copied from the question.

A chain whose final answer is a number that already stands in the question, and whose steps
never derive it (no ``... = answer`` with work on the left), proves nothing: "Gia baked 11 more
cookies than Maya. How many more?" answered "Final answer: 11" after unrelated steps passes the
answer check but not as reasoning. Such chains are refused as answers (``copied_answer``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:/\d+)?(?![\w])")
_EQUALS_RIGHT = re.compile(r"([^=\n]*?)=\s*\$?\s*(-?\d+(?:\.\d+)?(?:/\d+)?)(?![\d])")
_WORK = re.compile(r"[-+*/×÷^()]|\\(?:frac|cdot|times|div)|\d")


def _value(text: str) -> Fraction | None:
    text = text.strip().strip("$").strip().replace(",", "")
    text = re.sub(r"^[a-zA-Z]\s*=\s*", "", text)  # "x = 11" states 11
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None


def _numbers(text: str) -> set[Fraction]:
    out = set()
    for m in _NUMBER.finditer(text.replace(",", "")):
        value = _value(m.group())
        if value is not None:
            out.add(value)
    return out


def _derives(steps: Sequence[str], value: Fraction) -> bool:
    """Some step computes ``value``: an ``=`` whose right side is it and whose left side has work
    (an operation, or another number), not just the value restated."""
    for step in steps:
        for m in _EQUALS_RIGHT.finditer(step.replace(",", "")):
            if _value(m.group(2)) != value:
                continue
            left = m.group(1).strip()
            if not _WORK.search(left):
                continue  # "x = 11", "answer = 11": a statement, not a computation
            if _numbers(left) - {value} or re.search(r"[-+*/×÷^]|\\(?:frac|cdot|times|div)", left):
                return True
    return False


def copied_answer(question: str, steps: Sequence[str], answer: str | None) -> bool:
    """True when ``answer`` is a number found in ``question`` that no step derives."""
    if not answer:
        return False
    value = _value(answer)
    if value is None or value not in _numbers(question):
        return False
    return not _derives(steps, value)


# -- a model's own steps, as states the domain's step checker can judge ---------------------------

EQUATION_CHECKS = ("equation", "roots", "inequality")
"""Payload checks whose step state is an equation (or inequality) in the unknown: each line's
relation must keep the gold solution set, as a sound rewrite does."""

_LATEX = [(re.compile(r"\\(?:cdot|times)"), "*"), (re.compile(r"\\div"), "/"), (re.compile(r"\\left|\\right|\\,|\\!|\\;"), ""),
          (re.compile(r"\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}"), r"(\1)/(\2)"), (re.compile(r"\\le(?:q)?\b"), "<="),
          (re.compile(r"\\ge(?:q)?\b"), ">="), (re.compile(r"[{}]"), "")]
_MATH_RUN = re.compile(r"(?:\d+(?:\.\d+)?[a-z]?(?![A-Za-z])|(?<![A-Za-z])[a-z](?![A-Za-z])|[-+*/^=()<>≤≥.]|\s)+")
_RELATION = re.compile(r"<=|>=|≤|≥|<|>|=")


def _plain(line: str) -> str:
    line = re.sub(r"^\s*(?:[-*•]|\d+[.)]|step\s*\d+\s*[:.)-]?)\s*", "", line, flags=re.I)
    line = line.replace("**", "").replace("$", " ").replace("\\(", " ").replace("\\)", " ").replace("\\[", " ").replace("\\]", " ")
    for pattern, repl in _LATEX:
        line = pattern.sub(repl, line)
    return line.replace("−", "-").replace("×", "*").replace("÷", "/")


def _runs(line: str) -> list[str]:
    """Maximal runs of math in a prose line, longest first; a run needs a digit and a relation or an operator."""
    found = [m.group().strip(" .") for m in _MATH_RUN.finditer(line)]
    keep = [r for r in found if re.search(r"\d", r) and re.search(r"[-+*/^=<>≤≥]", r.lstrip("-"))]
    return sorted(keep, key=len, reverse=True)


def model_states(text: str, check: str | None) -> list[tuple[str, list[str]]]:
    """Each line of a model's answer with the states to judge in it (empty: nothing judgeable).

    For an equation-like check, a line's equation ``a = b`` (a chain ``a = b = c`` gives ``a = b`` and
    ``a = c``); lines without the unknown or a relation are not judged. For ``value``, each arithmetic
    claim ``a = b`` of a line (consecutive parts of a chain), judged by exact arithmetic."""
    body = text.split("</think>")[-1]
    out: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if not line.strip():
            continue
        states: list[str] = []
        runs = _runs(_plain(line))
        if check in EQUATION_CHECKS:
            run = next((r for r in runs if _RELATION.search(r) and re.search(r"(?<![A-Za-z])[a-z]", r)), None)
            if run is not None:
                parts = [p.strip() for p in _RELATION.split(run)]
                relations = _RELATION.findall(run)
                if all(parts) and len(set(relations)) == 1:
                    states = [f"{parts[0]} {relations[0]} {p}" for p in parts[1:]]
        elif check == "value":
            for run in runs:
                parts = [p.strip() for p in run.split("=")]
                if len(parts) > 1 and all(parts) and not re.search(r"[a-z<>]", run):
                    states.extend(f"{a} = {b}" for a, b in zip(parts, parts[1:]))
        out.append((line.strip(), states))
    return out


def claim_holds(state: str) -> bool | None:
    """``a = b`` where both sides are exact arithmetic: True / False; None where either cannot be read."""
    from cotforge.domains.arith import ArithError, value_of

    left, _, right = state.partition("=")
    try:
        return bool(value_of(left.strip()) == value_of(right.strip()))
    except (ArithError, ValueError, ZeroDivisionError, OverflowError):
        return None
