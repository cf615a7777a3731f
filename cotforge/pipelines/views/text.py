"""What every view shares: the answer-format hint, the final line a reward reads back, a
record's solution text and its identifying keys."""

from __future__ import annotations

from cotforge.core.records import Row

FORMAT_HINT = {
    "math": "Reason step by step, then give the final answer as \\boxed{...}.",
    "code": "Reason step by step, then give the exact output after 'Final answer:' in a code block.",
}
DEFAULT_HINT = "Reason step by step, then give the answer after 'Final answer:'."


def prompt_text(question: str, domain: str) -> str:
    """What a model is asked, in every view and in ``cotforge.make`` rows: the question, then the
    answer-format hint of its domain (the format the rewards read back)."""
    return f"{question}\n\n{FORMAT_HINT.get(domain, DEFAULT_HINT)}"


def user_turn(question: str, domain: str) -> list[dict[str, str]]:
    """The prompt as a conversation (one user message), so trainers apply the chat template."""
    return [{"role": "user", "content": prompt_text(question, domain)}]


def assistant_turn(text: str) -> list[dict[str, str]]:
    return [{"role": "assistant", "content": text}]


def final_line(domain: str, answer: str | None) -> str:
    """The last line of a completion, in the format the reward functions read back."""
    if answer is None:
        return "This path reaches no answer."
    if domain == "math":
        return f"The final answer is $\\boxed{{{answer}}}$."
    if domain == "code":
        fenced = answer.lstrip().startswith("```")  # a program is its own code block: never fence it twice
        return f"Final answer:\n{answer}" if fenced else f"Final answer:\n```\n{answer}\n```"
    return f"Final answer: {answer}"


def texts(steps: list[Row]) -> list[str]:
    return [s["text"] for s in steps]


def solution_text(row: Row) -> str:
    return "\n\n".join(texts(row["steps"]) + [final_line(row["domain"], row["final_answer"])])


def wrong_prefix(negative: Row) -> list[Row]:
    """A negative's steps up to and including its first wrong step (all of them for a dead end)."""
    k = negative["first_wrong_step"]
    return negative["steps"] if k is None else negative["steps"][: k + 1]


def keys(row: Row) -> Row:
    return {"id": row["id"], "task": row["task"], "level": row["level"]}
