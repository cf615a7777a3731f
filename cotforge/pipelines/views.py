"""Fine-tuning views of raw rows, in the layouts TRL's trainers read.

- ``sft``: ``messages`` (user question, assistant CoT + final answer) and ``prompt``/``completion``.
- ``sft_think``: the same, with the search written out first in ``<think>...</think>``: the
  wrong turns it took (up to the first wrong step), why each failed, then the clean path.
- ``prm``: ``prompt``, ``completions`` (steps), ``labels`` (bools) - stepwise supervision.
- ``dpo``: ``prompt``, ``chosen``, ``rejected`` - whole solutions, and step-level pairs that
  share a prefix of steps.
- ``rl``: ``prompt`` plus what ``cotforge.verifiers.rewards`` needs to score a completion.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pyarrow as pa

Row = dict[str, Any]

FORMAT_HINT = {
    "math": "Reason step by step, then give the final answer as \\boxed{...}.",
    "code": "Reason step by step, then give the exact output after 'Final answer:' in a code block.",
}
DEFAULT_HINT = "Reason step by step, then give the answer after 'Final answer:'."

_MESSAGE = pa.struct([("role", pa.string()), ("content", pa.string())])
_KEYS = [("id", pa.string()), ("task", pa.string()), ("level", pa.int32())]
SCHEMAS = {
    "sft": pa.schema(_KEYS + [("messages", pa.list_(_MESSAGE)), ("prompt", pa.string()), ("completion", pa.string())]),
    "prm": pa.schema(_KEYS + [("prompt", pa.string()), ("completions", pa.list_(pa.string())), ("labels", pa.list_(pa.bool_())), ("source", pa.string())]),
    "dpo": pa.schema(_KEYS + [("prompt", pa.string()), ("chosen", pa.string()), ("rejected", pa.string()), ("pair_type", pa.string())]),
    "rl": pa.schema(_KEYS + [("prompt", pa.string()), ("answer", pa.string()), ("domain", pa.string()), ("verifier", pa.string()), ("payload", pa.string())]),
}
SCHEMAS["sft_think"] = SCHEMAS["sft"]


def final_line(domain: str, answer: str | None) -> str:
    """The last line of a completion, in the format the reward functions read back."""
    if answer is None:
        return "This path reaches no answer."
    if domain == "math":
        return f"The final answer is $\\boxed{{{answer}}}$."
    if domain == "code":
        return f"Final answer:\n```\n{answer}\n```"
    return f"Final answer: {answer}"


def _texts(steps: list[Row]) -> list[str]:
    return [s["text"] for s in steps]


def solution_text(row: Row) -> str:
    return "\n\n".join(_texts(row["steps"]) + [final_line(row["domain"], row["final_answer"])])


def _wrong_prefix(negative: Row) -> list[Row]:
    """A negative's steps up to and including its first wrong step (all of them for a dead end)."""
    k = negative["first_wrong_step"]
    return negative["steps"] if k is None else negative["steps"][: k + 1]


def _keys(row: Row) -> Row:
    return {"id": row["id"], "task": row["task"], "level": row["level"]}


def sft_rows(row: Row) -> Iterator[Row]:
    completion = solution_text(row)
    yield {**_keys(row), "messages": [{"role": "user", "content": row["question"]}, {"role": "assistant", "content": completion}],
           "prompt": row["question"], "completion": completion}


def think_text(row: Row) -> str:
    """The search as a monologue: the tree's dead ends and backtracking when it explored any
    (``search_cot``), else each labelled wrong attempt, why it fails, and the way that works."""
    if row.get("search_cot") and row["search_cot"] != row["cot"]:
        return "<think>\n" + row["search_cot"] + "\n</think>\n\n" + solution_text(row)
    parts = []
    for negative in row["negatives"]:
        steps = _texts(_wrong_prefix(negative))
        verdict = negative["reason"] or "it does not hold up"
        ending = f"That gives {negative['answer']}, but {verdict}." if negative["answer"] is not None else "This leads to a contradiction."
        parts.append("Let me try this.\n" + "\n".join(steps) + f"\n{ending} That is wrong, so I go back.")
    parts.append(("Let me try again, carefully.\n" if parts else "") + "\n".join(_texts(row["steps"])))
    return "<think>\n" + "\n\n".join(parts) + "\n</think>\n\n" + solution_text(row)


def sft_think_rows(row: Row) -> Iterator[Row]:
    completion = think_text(row)
    yield {**_keys(row), "messages": [{"role": "user", "content": row["question"]}, {"role": "assistant", "content": completion}],
           "prompt": row["question"], "completion": completion}


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
    sources = [("solution", row["steps"])] + [("negative", _wrong_prefix(n)) for n in row["negatives"]]
    for source, steps in sources:
        labels = [step_label(s, threshold) for s in steps]
        if False in labels:
            cut = labels.index(False) + 1
            steps, labels = steps[:cut], labels[:cut]
        if steps:
            yield {**_keys(row), "prompt": row["question"], "completions": _texts(steps), "labels": labels, "source": source}


def dpo_rows(row: Row) -> Iterator[Row]:
    """Per negative: a whole-solution pair, and a step-level pair after the shared prefix."""
    chosen_steps = _texts(row["steps"])
    chosen_end = final_line(row["domain"], row["final_answer"])
    for negative in row["negatives"]:
        rejected_steps = _texts(negative["steps"])
        rejected_end = final_line(row["domain"], negative["answer"])
        yield {**_keys(row), "prompt": row["question"], "chosen": "\n\n".join(chosen_steps + [chosen_end]),
               "rejected": "\n\n".join(rejected_steps + [rejected_end]), "pair_type": "solution"}
        shared = 0
        while shared < min(len(chosen_steps), len(rejected_steps)) and chosen_steps[shared] == rejected_steps[shared]:
            shared += 1
        if 0 < shared < len(rejected_steps):
            prompt = row["question"] + "\n\n" + "\n\n".join(chosen_steps[:shared])
            yield {**_keys(row), "prompt": prompt, "chosen": "\n\n".join(chosen_steps[shared:] + [chosen_end]),
                   "rejected": "\n\n".join(rejected_steps[shared:] + [rejected_end]), "pair_type": "step"}


def rl_rows(row: Row) -> Iterator[Row]:
    hint = FORMAT_HINT.get(row["domain"], DEFAULT_HINT)
    yield {**_keys(row), "prompt": f"{row['question']}\n\n{hint}", "answer": row["answer"], "domain": row["domain"],
           "verifier": row["verifier"], "payload": row["payload"]}


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
