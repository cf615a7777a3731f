"""Guess what kind of math answer a gold string is (for data that comes without one, such as
``cotforge annotate`` input), and its unknowns.

The rules, first match wins (the gold is read as :func:`cotforge.core.answers.gold_answer` reads it,
every box of it, then normalised, so LaTeX and Unicode forms count too):

* ``interval``: a union (``\\cup``, ``∪``), an inequality (``<``, ``≤``, ``>``, ``≥``), or a pair
  with a square bracket or an infinite end (``[2, 5)``, ``(-oo, 3]``, ``[0, 1]``, ``(1, +\\infty)``);
* ``set``: braces around several values (``{-3, 2}``), several ``x = …`` joined by "or", ``±``,
  or values separated by commas with no brackets (``2, -3``);
* ``tuples``: several tuples (``(2, 1), (1, 2)``, ``\\{(0, 1), (1, 0)\\}``): a set of tuples, in any order;
* ``tuple``: a pair or longer in round brackets (``(2, -1)``), ``(p, q) = (3, 2)``, or ``x = 2, y = -1``. A pair in
  round brackets is read as a tuple, never as an open interval: pass the kind when it is one;
* ``expression`` for ``f(x) = …``, else ``equation``: an ``=`` whose left side is not one unknown alone (``y = 2x + 1`` has two
  unknowns; ``x = 3`` is a value);
* ``expression``: a formula in one-letter unknowns (``x^2 + 1``);
* ``text``: words only, written in ``\\text{}`` or longer than one letter (``\\text{Evelyn}``, ``odd``,
  ``\\text{(C)}``): compared as words, case and surrounding brackets aside;
* ``value``: anything else (``42``, ``\\frac{1}{2}``, ``3\\sqrt{2}``, ``x = 3``, ``z = 1 + 1 = 2``).
"""

from __future__ import annotations

import re

from cotforge.core.answers import gold_answer
from cotforge.verifiers.math_latex import normalize
from cotforge.verifiers.math_parse import split_top, unwrap

_LETTER = r"(?<![A-Za-z])([a-df-hj-z])(?![A-Za-z])"
"""One-letter unknowns: any letter but ``e`` and ``i`` (the constants), not inside a word (``sqrt``)."""
_ASSIGNED = re.compile(r"\s*[A-Za-z]\s*=\s*[^=]+")
_PAIR = re.compile(r"\(\s*[^()]*[,;][^()]*\)")
_WORDS = re.compile(r"[\s(]*[A-Za-z][A-Za-z' -]*[\s).]*")
_TEXT_COMMAND = r"\\(?:text|textnormal|textrm|textbf|mbox|mathrm)\s*\{"
_MATH_WORDS = {"sqrt", "pi", "e", "i", "oo", "or", "and", "sin", "cos", "tan", "sec", "csc", "cot", "exp", "log", "ln"}


def unknowns(text: str) -> list[str]:
    """The one-letter unknowns a normalised answer uses, in alphabetical order."""
    return sorted(set(re.findall(_LETTER, text)))


def infer_kind(gold: str) -> tuple[str, list[str]]:
    """The kind of answer ``gold`` is (see the module docstring) and the unknowns to read it with."""
    raw = gold_answer(gold)
    text = normalize(raw).strip()
    if _WORDS.fullmatch(text) and (re.search(_TEXT_COMMAND, raw) or re.search(r"[A-Za-z]{2,}", text)) and not (
        set(re.findall(r"[A-Za-z]+", text)) <= _MATH_WORDS
    ):
        return "text", []  # \text{Evelyn}, odd, \text{(C)}: compared as words
    text = re.sub(r"^\s*[A-Za-z]\s*(?:\\in|∈)\s*", "", text)  # x \in [-2, 7]
    header = re.fullmatch(r"\(\s*([A-Za-z](?:\s*,\s*[A-Za-z])+)\s*\)\s*=\s*(\(.+\))", text)  # (p, q) = (3, 2)
    if header:
        return "tuple", [n.strip() for n in header.group(1).split(",")]
    chain = text.split("=")
    if len(chain) > 2 and re.fullmatch(r"\s*[A-Za-z]\s*", chain[0]) and not unknowns("=".join(chain[1:])):
        return "value", [chain[0].strip()]  # z = 1 + 1 = 2
    groups = split_top(re.sub(r"\)\s*or\s*\(", "), (", unwrap(text, "{}")))
    if len(groups) >= 2 and all(_PAIR.fullmatch(g) for g in groups) and "oo" not in text:
        return "tuples", ["x"]  # (2, 1), (1, 2): a set of tuples
    names = unknowns(text)
    parts = split_top(text[1:-1]) if len(text) > 1 and text[0] in "([{" and text[-1] in ")]}" else []
    infinite = len(parts) == 2 and any(re.fullmatch(r"[-+]?\s*oo", p) for p in parts)
    if re.search(r"\\cup|∪|<|>|≤|≥", text) or (len(parts) == 2 and (text[0] == "[" or text[-1] == "]" or infinite)):
        return "interval", names or ["x"]
    if text.startswith("{") and text.endswith("}") or re.search(r"\bor\b|±|\\pm", text):
        return "set", names or ["x"]
    if len(parts) >= 2 and text[0] == "(":
        return "tuple", names if len(names) == len(parts) else ["x", "y", "z", "w"][: len(parts)]
    pieces = split_top(text)
    if len(pieces) >= 2:
        if all(_ASSIGNED.fullmatch(p) for p in pieces) and len(set(unknowns(" ".join(p.split("=")[0] for p in pieces)))) > 1:
            return "tuple", [p.split("=")[0].strip() for p in pieces]
        return "set", names or ["x"]
    function = re.fullmatch(r"\s*[A-Za-z]\w*'*\(([a-z])\)\s*=\s*(.+)", text)  # "f(x) = 2x": a formula
    if function:
        return "expression", unknowns(function.group(2)) or [function.group(1)]
    if text.count("=") == 1:
        left, right = text.split("=")
        if not (re.fullmatch(r"\s*[A-Za-z]\s*", left) and not unknowns(right)):
            return "equation", names or ["x", "y"]
        return "value", [left.strip()]
    if names:
        return "expression", names
    return "value", ["x"]


def answer_payload(gold: str, kind: str = "auto") -> dict[str, object]:
    """The math verifier's payload for a gold answer: its kind (``auto``: inferred) and unknowns."""
    inferred, names = infer_kind(gold)
    if kind != "auto" and kind != inferred:
        text = normalize(gold_answer(gold))
        if kind == "tuple":
            parts = split_top(text[1:-1] if text[:1] in "([" else text)
            names = ["x", "y", "z", "w"][: max(len(parts), 2)]
        else:
            names = unknowns(text) or (["x", "y"] if kind == "equation" else ["x"])
    return {"answer_kind": inferred if kind == "auto" else kind, "variables": names}
