"""Turn a path of the explored tree into chain-of-thought steps and text."""

from __future__ import annotations

import dataclasses

from cotforge.core.records import Step
from cotforge.solvers.search.base import SearchResult


def path_steps(result: SearchResult, path: list[int]) -> tuple[Step, ...]:
    """The steps along ``path`` (root excluded), each carrying its node's search value."""
    steps = []
    for node_id in path[1:]:
        node = result.nodes[node_id]
        if node.step is None:
            continue
        value = node.value
        if value is None:  # never backed up: use the exact label the tree knows
            value = 1.0 if node.solved_below else None
        steps.append(dataclasses.replace(node.step, value=value))
    return tuple(steps)


def cot_text(steps: tuple[Step, ...], answer: str | None) -> str:
    """The clean chain of thought: one step per paragraph, then the final answer."""
    body = "\n\n".join(step.text for step in steps)
    if steps and steps[-1].kind == "answer":  # the last step already states the answer
        return body
    return f"{body}\n\nFinal answer: {answer}" if answer is not None else body
