"""Measures of math training-data quality, shared by the registry-wide test and ``bench/bench_math_quality.py``.

Each measure reads what a user of the data sees: the question, the ``sft`` completion (graded with
Math-Verify, as TRL's accuracy reward does), the step texts and states.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from math_verify import parse, verify

from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from cotforge.pipelines.views.sft import sft_rows

MATH_TASKS = sorted(t for t in TASKS.names() if TASKS.get(t).domain == "math")
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:/\d+)?(?![\w.])")
_MATH = re.compile(r"\$[^$]*\$")


@dataclass
class LevelSample:
    """One (task, level): its problems of two seeds, and the records of those solved."""

    task: str
    level: int
    problems: list[Problem]
    other_seed: list[Problem]
    rows: list[dict[str, Any]] = field(default_factory=list)
    unsolved: int = 0


def sample(task: str, level: int, generated: int, solved: int, seed: int = 0) -> LevelSample:
    generator = TASKS.get(task).from_level(level, seed=seed)
    other = TASKS.get(task).from_level(level, seed=seed + 1)
    problems = [generator.generate(i) for i in range(generated)]
    out = LevelSample(task, level, problems, [other.generate(i) for i in range(generated)])
    for problem in problems[:solved]:
        row = solve_problem(problem, SearchSettings()).row
        if row is None:
            out.unsolved += 1
        else:
            out.rows.append(row)
    return out


@cache
def task_samples(task: str, generated: int, solved: int) -> tuple[LevelSample, ...]:
    return tuple(sample(task, level, generated, solved) for level in range(1, 6))


def completion(row: dict[str, Any]) -> str:
    """The text of the ``sft`` completion (the assistant turns, when the view writes a conversation)."""
    value = next(iter(sft_rows(row)))["completion"]
    if isinstance(value, str):
        return value
    return "\n\n".join(turn["content"] for turn in value if turn["role"] == "assistant")


def boxed_mismatches(rows: Iterable[dict[str, Any]]) -> list[str]:
    """Completions whose ``\\boxed{}`` Math-Verify does not read as the gold (read from ``$gold$``)."""
    bad = []
    for row in rows:
        gold = parse(f"${row['answer']}$")
        given = parse(completion(row))
        if not gold or not given or not verify(gold, given):
            bad.append(f"{row['id']}: gold {row['answer']!r} box {row['final_answer']!r}")
    return bad


def _flat(text: str) -> str:
    return re.sub(r"\s+|\\left|\\right|\\,", "", text)


def noop_steps(rows: Iterable[dict[str, Any]]) -> list[str]:
    """Steps whose state is the one before (or, first, a formula the question already shows)."""
    bad = []
    for row in rows:
        shown = {_flat(m[1:-1]) for m in _MATH.findall(row["question"])}
        previous = None
        for i, step in enumerate(row["steps"]):
            state = _flat(step["latex"] or step["state"])
            if state and (state == previous or (i == 0 and state in shown)):
                bad.append(f"{row['id']} step {i + 1}: {step['text'][:80]!r}")
            previous = state
    return bad


def mean_steps(rows: list[dict[str, Any]]) -> float:
    return sum(len(r["steps"]) for r in rows) / max(1, len(rows))


def leaks(problems: Iterable[Problem]) -> list[str]:
    """Questions that state their own (number-valued, two characters or more) answer in their prose."""
    bad = []
    for p in problems:
        data = p.data()
        if data.get("answer_kind", "value") != "value":
            continue
        answer = str(data.get("answer_sympy", p.answer)).strip()
        if len(answer.lstrip("-")) < 2 or not _NUMBER.fullmatch(answer):
            continue
        prose = _MATH.sub(" ", p.question)
        if answer in _NUMBER.findall(prose):
            bad.append(f"{p.uid}: {p.question[:100]!r} answer {answer}")
    return bad


def duplicate_share(problems: list[Problem]) -> float:
    counts = Counter(p.question for p in problems)
    return sum(c - 1 for c in counts.values()) / max(1, len(problems))


def cross_seed_overlap(a: list[Problem], b: list[Problem]) -> int:
    return len({p.question for p in a} & {p.question for p in b})


def structure(question: str) -> str:
    """A question's structure: numbers become ``#``, names (capitalised words inside a sentence) ``N``."""
    text = re.sub(r"\d+", "#", question)
    return re.sub(r"(?<=[a-z,;] )[A-Z][a-z]+", "N", text)


def template(step_text: str) -> str:
    """A step's wording: its words of two letters or more, formulas (``$...$`` or plain) and numbers left out."""
    return " ".join(re.findall(r"[A-Za-z]{2,}", _MATH.sub(" ", step_text)))


def diversity(samples: Iterable[LevelSample]) -> dict[str, float]:
    """Distinct question structures, distinct step templates, share of the most common opening."""
    samples = list(samples)
    structures = {structure(p.question) for s in samples for p in s.problems}
    rows = [r for s in samples for r in s.rows]
    templates = {template(st["text"]) for r in rows for st in r["steps"]}
    openings = Counter(template(r["steps"][0]["text"]) for r in rows if r["steps"])
    top = openings.most_common(1)[0][1] / sum(openings.values()) if openings else 0.0
    return {"structures": len(structures), "step_templates": len(templates), "top_opening_share": round(top, 3)}
