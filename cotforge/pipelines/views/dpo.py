"""``dpo``: ``prompt``, ``chosen``, ``rejected`` - whole solutions, and step-level pairs that share
a prefix of steps."""

from __future__ import annotations

from collections.abc import Iterator

from cotforge.pipelines.views.text import Row, keys, prompt_text, texts, final_line


def dpo_rows(row: Row) -> Iterator[Row]:
    """Per negative: a whole-solution pair, and a step-level pair after the shared prefix."""
    chosen_steps = texts(row["steps"])
    chosen_end = final_line(row["domain"], row["final_answer"])
    asked = prompt_text(row["question"], row["domain"])  # the prompt of every view
    for negative in row["negatives"]:
        rejected_steps = texts(negative["steps"])
        rejected_end = final_line(row["domain"], negative["answer"])
        yield {**keys(row), "prompt": asked, "chosen": "\n\n".join(chosen_steps + [chosen_end]),
               "rejected": "\n\n".join(rejected_steps + [rejected_end]), "pair_type": "solution"}
        shared = 0
        while shared < min(len(chosen_steps), len(rejected_steps)) and chosen_steps[shared] == rejected_steps[shared]:
            shared += 1
        if 0 < shared < len(rejected_steps):
            prompt = asked + "\n\n" + "\n\n".join(chosen_steps[:shared])
            yield {**keys(row), "prompt": prompt, "chosen": "\n\n".join(chosen_steps[shared:] + [chosen_end]),
                   "rejected": "\n\n".join(rejected_steps[shared:] + [rejected_end]), "pair_type": "step"}
