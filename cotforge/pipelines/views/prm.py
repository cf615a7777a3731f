"""``prm``: ``prompt``, ``completions`` (steps), ``labels`` (bools) - stepwise supervision.

One row for the verified chain and one per negative. A negative is kept whole: its labels are True
up to its first wrong step and False from that step on, through the continuation to its wrong end
(every later step works from a wrong state: no path from it reaches the gold, so a Monte Carlo
value there is 0, as in Math-Shepherd). The first error sits anywhere in the chain, and the False
run after it is as long as the model would have gone on. A trainer that wants TRL's older cut shape
(prefix + one False) takes ``labels[: labels.index(False) + 1]``.
"""

from __future__ import annotations

from collections.abc import Iterator

from cotforge.pipelines.views.text import Row, keys, texts


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


def labels_of(steps: list[Row], threshold: float | None = None) -> list[bool]:
    """Each step's label; once one is False every later one is (they build on it)."""
    labels = [step_label(s, threshold) for s in steps]
    if False in labels:
        first = labels.index(False)
        labels = labels[:first] + [False] * (len(labels) - first)
    return labels


def prm_rows(row: Row, threshold: float | None = None) -> Iterator[Row]:
    """The verified path, then each negative whole (True before its first error, False from it)."""
    sources = [("solution", row["steps"])] + [("negative", n["steps"]) for n in row["negatives"]]
    for source, steps in sources:
        if steps:
            yield {**keys(row), "prompt": row["question"], "completions": texts(steps), "labels": labels_of(steps, threshold),
                   "source": source}
