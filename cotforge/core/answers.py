"""Reading the final answer out of free text (a model's completion, a CoT)."""

from __future__ import annotations

import re

_BOXED = re.compile(r"\\boxed\{")
_MARKERS = re.compile(r"(?:final answer|the answer is|answer)\s*(?:is)?\s*[:=]?\s*", re.IGNORECASE)
FINAL_MARKERS = ("final answer", "\\boxed{")
"""Text that, once a step contains it, ends a chain of thought."""


def boxed(text: str) -> str | None:
    """The content of the last ``\\boxed{...}``, braces matched."""
    starts = [m.end() for m in _BOXED.finditer(text)]
    if not starts:
        return None
    depth, start = 1, starts[-1]
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start:i]
    return None


def has_marker(text: str) -> bool:
    return bool(_MARKERS.search(text))


def extract_answer(text: str) -> str:
    """The final answer ``text`` states: a ``\\boxed{}``, else what follows the last
    "Final answer:" / "The answer is", else the whole text (verifiers read it themselves)."""
    if "</think>" in text:
        text = text.rsplit("</think>", 1)[1]
    found = boxed(text)
    if found is not None:
        return found
    markers = list(_MARKERS.finditer(text))
    if markers:
        return text[markers[-1].end() :].strip()
    return text.strip()
