"""``sft_think``: the search written out in ``<think>...</think>``, then only the final answer line.

The think block is the search as it went, told only where it really branched:

- the search tree's own failed branches (``search_cot``: a case that ran into a contradiction, which
  names the violated clue, then the way back to before the supposition), when the search took any;
- else the record's refuted attempt: the chain up to a negative's first wrong step, that step and the
  sound steps that followed from it to its wrong end, then the check that refutes it written out
  (the step redone and what it gives instead, or the contradiction and the step it goes back to,
  ``search_trace.refutation``), then the right way on from there. The shared steps are written once.

A record with neither (nothing was tried and refuted) gets no think block: its completion is the
plain solution, as in ``sft``. After ``</think>`` comes the final answer line and nothing else, so
the solution is never written twice.
"""

from __future__ import annotations

from collections.abc import Iterator

from cotforge.core.records import Step
from cotforge.pipelines.views.sft import conversation
from cotforge.pipelines.views.text import Row, final_line, solution_text, texts
from cotforge.solvers.search_trace import refutation, short


def _step(s: Row) -> Step:
    return Step(text=s["text"], state="", kind=s["kind"] or "step", latex=s.get("latex") or "", error_kind=s.get("error_kind") or "")


def _tree_search(row: Row) -> str | None:
    """The search tree told (``search_cot``) when it holds a failed branch the clean chain does not."""
    told = row.get("search_cot") or ""
    if not told or told == row["cot"]:
        return None
    clean = {s["text"].strip() for s in row["steps"]}
    if all(p.strip() in clean or p.startswith("Final answer:") for p in told.split("\n\n") if p.strip()):
        return None
    paragraphs = told.split("\n\n")
    if paragraphs and paragraphs[-1].startswith("Final answer:"):
        paragraphs = paragraphs[:-1]  # the answer line follows </think>
    return "\n\n".join(paragraphs)


def _attempt(row: Row) -> Row | None:
    """The negative told as the attempt: one with a planted wrong step, a wrong answer before a dead end,
    the middle one by position (so think blocks go wrong early and late alike)."""
    planted = [n for n in row["negatives"] if n["first_wrong_step"] is not None and n["steps"][n["first_wrong_step"]]["intended_wrong"]]
    if not planted:
        return None
    answered = [n for n in planted if n["answer"] is not None] or planted
    answered.sort(key=lambda n: n["first_wrong_step"])
    return answered[len(answered) // 2]


def _refuted_attempt(row: Row) -> str | None:
    negative = _attempt(row)
    if negative is None:
        return None
    k = negative["first_wrong_step"]
    chain = row["steps"]
    wrong = _step(negative["steps"][k])
    right = _step(chain[k]) if k < len(chain) and chain[k]["kind"] == negative["steps"][k]["kind"] else None
    parts = texts(chain[:k]) + texts(negative["steps"][k:])
    answer = negative["answer"]
    ran_into = answer is None and len(negative["steps"]) > k + 1  # sound steps from it ran into a contradiction
    if answer is not None:
        shown = f" ${answer}$. " if row["domain"] == "math" else _shown(answer)
        check = f"That would make the answer{shown}Before settling on it, c" + refutation(wrong, right, False, f'the step "{short(wrong.text)}"')[1:]
    else:
        check = refutation(wrong, right, dead_end=ran_into)
    return "\n\n".join(parts + [check] + texts(chain[k:]))


def _shown(answer: str) -> str:
    """A code or logic answer after "That would make the answer": in the sentence, or, where it spans
    lines (a program's output, a grid), as a block of its own."""
    if "\n" not in answer.strip():
        return f" {answer.strip()}. "
    block = answer.strip() if answer.strip().startswith("```") else f"```\n{answer.strip()}\n```"
    return f":\n{block}\n"


def think_text(row: Row) -> str:
    """The completion of ``sft_think``: the search in ``<think>...</think>``, then the final answer line;
    the plain solution where nothing was tried and refuted."""
    body = _tree_search(row) or _refuted_attempt(row)
    if body is None:
        return solution_text(row)
    return "<think>\n" + body + "\n</think>\n\n" + final_line(row["domain"], row["final_answer"])


def sft_think_rows(row: Row) -> Iterator[Row]:
    yield conversation(row, think_text(row))
