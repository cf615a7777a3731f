"""``dpo``: ``prompt``, ``chosen``, ``rejected`` - whole solutions, and step-level pairs that share a
prefix of steps.

A rejected completion is a negative continued past its first error to its own end
(``cotforge.pipelines.continue_negative``): a wrong final answer in the same final-line format as the
chosen one, or, where the task's sound moves run into one, the contradiction that ends a dead end
(its last step says what failed; no canned "no answer" line is added). Only negatives that end the
way the chosen one does make pairs: a dead end is kept for the process labels, but paired with a
solution its missing answer line alone would tell them apart (a surface probe read ~1.0 on such
tasks). So the pair differs in its reasoning, from the first wrong step on, not in its ending.

Lengths are matched: a whole-solution pair is kept only when the rejected text is within
``LENGTH_BAND`` (0.7-1.3, rejected/chosen in characters) of the chosen one; a negative outside it (a
slip that skips or adds half the work) still gives its step-level pair when that pair's two continuations are in the band.
"""

from __future__ import annotations

from collections.abc import Iterator

from cotforge.pipelines.views.text import Row, final_line, keys, prompt_text, texts
from cotforge.pipelines.continue_negative import LENGTH_BAND


def completion(domain: str, steps: list[str], answer: str | None) -> str:
    """Steps, then the final line; a dead end ends on its own last step (the contradiction it found)."""
    return "\n\n".join(steps + ([final_line(domain, answer)] if answer is not None else []))


def in_band(chosen: str, rejected: str) -> bool:
    low, high = LENGTH_BAND
    return low <= len(rejected) / max(len(chosen), 1) <= high


def dpo_rows(row: Row) -> Iterator[Row]:
    """Per negative: a whole-solution pair, and a step-level pair after the shared prefix (each if its
    lengths match)."""
    chosen_steps = texts(row["steps"])
    asked = prompt_text(row["question"], row["domain"])  # the prompt of every view
    chosen = completion(row["domain"], chosen_steps, row["final_answer"])
    for negative in row["negatives"]:
        if (negative["answer"] is None) != (row["final_answer"] is None):
            continue  # a dead end (kept for PRM) against a solution: the pair would differ in how it ends
        rejected_steps = texts(negative["steps"])
        if rejected_steps == chosen_steps:
            continue
        rejected = completion(row["domain"], rejected_steps, negative["answer"])
        if in_band(chosen, rejected):
            yield {**keys(row), "prompt": asked, "chosen": chosen, "rejected": rejected, "pair_type": "solution"}
        shared = 0
        while shared < min(len(chosen_steps), len(rejected_steps)) and chosen_steps[shared] == rejected_steps[shared]:
            shared += 1
        if 0 < shared < len(rejected_steps):
            later_chosen = completion(row["domain"], chosen_steps[shared:], row["final_answer"])
            later_rejected = completion(row["domain"], rejected_steps[shared:], negative["answer"])
            if in_band(later_chosen, later_rejected):
                prompt = asked + "\n\n" + "\n\n".join(chosen_steps[:shared])
                yield {**keys(row), "prompt": prompt, "chosen": later_chosen, "rejected": later_rejected, "pair_type": "step"}
