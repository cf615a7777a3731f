"""``rl``: the prompt plus what ``cotforge.verifiers.rewards`` needs to score a completion."""

from __future__ import annotations

from collections.abc import Iterator

from cotforge.pipelines.views.text import DEFAULT_HINT, FORMAT_HINT, Row, keys


def rl_rows(row: Row) -> Iterator[Row]:
    hint = FORMAT_HINT.get(row["domain"], DEFAULT_HINT)
    yield {**keys(row), "prompt": f"{row['question']}\n\n{hint}", "answer": row["answer"], "domain": row["domain"],
           "verifier": row["verifier"], "payload": row["payload"]}
