"""``sft``: a conversational ``prompt`` (the user's question and the answer-format hint) and
``completion`` (the assistant's CoT and final answer), so TRL's SFTTrainer applies the chat
template and trains on the completion only; ``messages`` holds the same conversation whole."""

from __future__ import annotations

from collections.abc import Iterator

from cotforge.pipelines.views.text import Row, assistant_turn, keys, solution_text, user_turn


def conversation(row: Row, completion: str) -> Row:
    """A record's SFT example for ``completion``: prompt/completion turns and the whole ``messages``."""
    prompt, answer = user_turn(row["question"], row["domain"]), assistant_turn(completion)
    return {**keys(row), "prompt": prompt, "completion": answer, "messages": prompt + answer}


def sft_rows(row: Row) -> Iterator[Row]:
    yield conversation(row, solution_text(row))
