"""``rl``: a conversational ``prompt`` plus what ``cotforge.verifiers.rewards`` needs to score a
completion, and a LaTeX ``solution`` for TRL's own ``accuracy_reward`` (math only)."""

from __future__ import annotations

from collections.abc import Iterator

from cotforge.pipelines.views.text import Row, keys, user_turn


def solution(domain: str, answer: str) -> str:
    """The gold for Math-Verify graders (TRL's ``accuracy_reward``): the LaTeX answer, in math
    delimiters so it is read whole. Empty outside math, where such a grader would misread a
    code or logic answer: ``accuracy_reward`` then returns None (skip), and ``verified_reward``
    scores the row."""
    return f"${answer}$" if domain == "math" else ""


def rl_rows(row: Row) -> Iterator[Row]:
    yield {**keys(row), "prompt": user_turn(row["question"], row["domain"]), "answer": row["answer"],
           "solution": solution(row["domain"], row["answer"]), "domain": row["domain"],
           "verifier": row["verifier"], "payload": row["payload"]}
