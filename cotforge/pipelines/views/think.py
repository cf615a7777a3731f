"""``sft_think``: the search written out in ``<think>...</think>`` (its wrong turns, why each
failed), then the clean solution."""

from __future__ import annotations

from collections.abc import Iterator

from cotforge.pipelines.views.sft import conversation
from cotforge.pipelines.views.text import Row, texts, wrong_prefix, solution_text


def think_text(row: Row) -> str:
    """The search as a monologue: the tree's dead ends and backtracking when it explored any
    (``search_cot``), else each labelled wrong attempt, why it fails, and the way that works."""
    if row.get("search_cot") and row["search_cot"] != row["cot"]:
        return "<think>\n" + row["search_cot"] + "\n</think>\n\n" + solution_text(row)
    parts = []
    for negative in row["negatives"]:
        steps = texts(wrong_prefix(negative))
        verdict = negative["reason"] or "it does not hold up"
        ending = f"That gives {negative['answer']}, but {verdict}." if negative["answer"] is not None else "This leads to a contradiction."
        parts.append("Let me try this.\n" + "\n".join(steps) + f"\n{ending} That is wrong, so I go back.")
    parts.append(("Let me try again, carefully.\n" if parts else "") + "\n".join(texts(row["steps"])))
    return "<think>\n" + "\n\n".join(parts) + "\n</think>\n\n" + solution_text(row)


def sft_think_rows(row: Row) -> Iterator[Row]:
    yield conversation(row, think_text(row))
