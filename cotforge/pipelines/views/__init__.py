"""Fine-tuning views of raw rows, in the layouts TRL's trainers read.

- ``sft``: conversational ``prompt`` (question + answer-format hint) and ``completion`` (CoT + final
  answer), the layout TRL's SFTTrainer templates and masks (loss on the completion only); also
  ``messages``, the whole conversation.
- ``sft_think``: the same, with the search written out first in ``<think>...</think>``: the
  wrong turns it took (up to the first wrong step), why each failed, then the clean path.
- ``prm``: ``prompt``, ``completions`` (steps), ``labels`` (bools) - stepwise supervision.
- ``dpo``: ``prompt``, ``chosen``, ``rejected`` - whole solutions, and step-level pairs that
  share a prefix of steps.
- ``rl``: conversational ``prompt``, ``answer``, a LaTeX ``solution`` (math; for TRL's
  ``accuracy_reward``) and what ``cotforge.verifiers.rewards`` needs to score a completion.

Every view asks the same prompt: the question, then the answer-format hint (``text.prompt_text``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pyarrow as pa

from cotforge.pipelines.views.dpo import dpo_rows
from cotforge.pipelines.views.prm import prm_rows, step_label
from cotforge.pipelines.views.rl import rl_rows
from cotforge.pipelines.views.sft import sft_rows
from cotforge.pipelines.views.text import DEFAULT_HINT, FORMAT_HINT, Row, final_line, prompt_text, solution_text, user_turn
from cotforge.pipelines.views.think import sft_think_rows, think_text

__all__ = ["DEFAULT_HINT", "FORMAT_HINT", "SCHEMAS", "Row", "build_views", "dpo_rows", "final_line", "prm_rows", "prompt_text", "rl_rows",
           "sft_rows", "sft_think_rows", "solution_text", "step_label", "think_text", "user_turn", "view_makers",
           "view_tables"]

_MESSAGE = pa.struct([("role", pa.string()), ("content", pa.string())])
_KEYS = [("id", pa.string()), ("task", pa.string()), ("level", pa.int32())]
_CONVERSATION = pa.list_(_MESSAGE)
SCHEMAS = {
    "sft": pa.schema(_KEYS + [("prompt", _CONVERSATION), ("completion", _CONVERSATION), ("messages", _CONVERSATION)]),
    "prm": pa.schema(_KEYS + [("prompt", pa.string()), ("completions", pa.list_(pa.string())), ("labels", pa.list_(pa.bool_())), ("source", pa.string())]),
    "dpo": pa.schema(_KEYS + [("prompt", pa.string()), ("chosen", pa.string()), ("rejected", pa.string()), ("pair_type", pa.string())]),
    "rl": pa.schema(_KEYS + [("prompt", _CONVERSATION), ("answer", pa.string()), ("solution", pa.string()), ("domain", pa.string()),
                             ("verifier", pa.string()), ("payload", pa.string())]),
}
SCHEMAS["sft_think"] = SCHEMAS["sft"]


def view_makers(think: bool = False, prm_threshold: float | None = None) -> dict[str, Callable[[Row], Iterator[Row]]]:
    """Each view's rows-from-a-record function, in the order the configs are written."""
    makers: dict[str, Callable[[Row], Iterator[Row]]] = {"sft": sft_rows, "prm": lambda r: prm_rows(r, prm_threshold), "dpo": dpo_rows, "rl": rl_rows}
    if think:
        makers["sft_think"] = sft_think_rows
    return makers


def view_tables(rows: list[Row], makers: dict[str, Callable[[Row], Iterator[Row]]]) -> dict[str, pa.Table]:
    """Every view of ``rows`` as an Arrow table, rows in the order of ``rows`` (one batch of a stream)."""
    return {name: pa.Table.from_pylist([v for r in rows for v in make(r)], schema=SCHEMAS[name]) for name, make in makers.items()}


def build_views(rows: list[Row], think: bool = False, prm_threshold: float | None = None) -> dict[str, pa.Table]:
    """Every view as an Arrow table, rows in the order of ``rows``."""
    return view_tables(rows, view_makers(think, prm_threshold))
