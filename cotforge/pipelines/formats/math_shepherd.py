"""Math-Shepherd PRM data from the ``prm`` view: ``input`` is the question and the steps, each
followed by the step tag ``ки``; ``label`` is the same text with each tag replaced by ``+`` (a
good step) or ``-`` (a bad one); ``task``. A PRM trainer in that style computes its loss at the
tag positions only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cotforge.core.errors import ConfigError
from cotforge.pipelines.formats.base import FormatFolder, Row, jsonl

STEP_TAG = "ки"


def shepherd_row(row: Mapping[str, Any]) -> Row:
    steps, labels = list(row["completions"]), list(row["labels"])
    if len(steps) != len(labels) or not steps:
        raise ConfigError(f"prm row {row.get('id')}: {len(steps)} steps but {len(labels)} labels")
    if any(STEP_TAG in s for s in [row["prompt"], *steps]):
        raise ConfigError(f"prm row {row.get('id')}: its text holds the step tag {STEP_TAG!r}")
    lines = [f"Step {i}: {' '.join(step.split())}" for i, step in enumerate(steps, 1)]
    text_in = row["prompt"] + " " + "\n".join(f"{line} {STEP_TAG}" for line in lines)
    text_label = row["prompt"] + " " + "\n".join(f"{line} {'+' if ok else '-'}" for line, ok in zip(lines, labels))
    return {"input": text_in, "label": text_label, "task": row["task"], "id": row["id"], "level": int(row["level"]),
            "source": row.get("source", "")}


def write(folder: FormatFolder, rows: Iterable[Mapping[str, Any]]) -> int:
    lines = [shepherd_row(r) for r in rows]
    folder.text("train.jsonl", jsonl(lines))
    return len(lines)
