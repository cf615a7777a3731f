"""``sft``: ``messages`` (user question, assistant CoT + final answer) and ``prompt``/``completion``."""

from __future__ import annotations

from collections.abc import Iterator

from cotforge.pipelines.views.text import Row, keys, solution_text


def sft_rows(row: Row) -> Iterator[Row]:
    completion = solution_text(row)
    yield {**keys(row), "messages": [{"role": "user", "content": row["question"]}, {"role": "assistant", "content": completion}],
           "prompt": row["question"], "completion": completion}
