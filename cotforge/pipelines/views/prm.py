"""``prm``: ``prompt``, ``completions`` (steps), ``labels`` (bools) - stepwise supervision."""

from __future__ import annotations

from collections.abc import Iterator

from cotforge.pipelines.views.text import Row, keys, texts, wrong_prefix


def step_label(step: Row, threshold: float | None) -> bool:
    """Hard label: the step is sound and some explored path from it reaches a verified answer.

    With a ``threshold`` the Monte Carlo value decides instead (soft label, thresholded,
    since TRL casts labels with int()).
    """
    if step["verified"] is False or step["intended_wrong"]:
        return False
    if threshold is not None and step["value"] is not None:
        return bool(step["value"] >= threshold)
    return bool(step["reaches_answer"]) if step["reaches_answer"] is not None else step["verified"] is not False


def prm_rows(row: Row, threshold: float | None = None) -> Iterator[Row]:
    """The verified path, then each negative cut after its first wrong step."""
    sources = [("solution", row["steps"])] + [("negative", wrong_prefix(n)) for n in row["negatives"]]
    for source, steps in sources:
        labels = [step_label(s, threshold) for s in steps]
        if False in labels:
            cut = labels.index(False) + 1
            steps, labels = steps[:cut], labels[:cut]
        if steps:
            yield {**keys(row), "prompt": row["question"], "completions": texts(steps), "labels": labels, "source": source}
