"""Real records on the page: per task and level, the question, the chain of thought with each step's
check, a negative with its first wrong step marked, and a DPO pair - math drawn as mathematics."""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from cotforge.pipelines.report.mathtext import MathText
from cotforge.pipelines.views import dpo_rows, final_line

Row = dict[str, Any]
CHECK = {True: ("ok", "✓", "the step checker showed it correct"), False: ("bad", "✗", "the step checker showed it wrong"),
         None: ("na", "·", "not checkable step by step")}


def pick(rows: Iterable[Row], per_level: int = 2) -> dict[str, dict[int, list[Row]]]:
    """The first ``per_level`` records of each task and level (a record with a negative first, where one exists)."""
    kept: dict[str, dict[int, list[Row]]] = defaultdict(lambda: defaultdict(list))
    spare: dict[tuple[str, int], Row] = {}
    for row in rows:
        mine = kept[row["task"]][row["level"]]
        if len(mine) < per_level:
            mine.append(row)
        elif row["negatives"] and not any(r["negatives"] for r in mine) and (row["task"], row["level"]) not in spare:
            spare[(row["task"], row["level"])] = row
    for (task, level), row in spare.items():
        kept[task][level][-1] = row
    return kept


def _steps(steps: list[Row], math: MathText, wrong_at: int | None = None) -> str:
    items = []
    for i, step in enumerate(steps):
        cls, mark, why = CHECK[step["verified"]]
        tags = []
        if i == wrong_at:
            tags.append('<span class="tag bad">first wrong step</span>')
        if step.get("error_kind"):
            tags.append(f'<span class="tag">{html.escape(step["error_kind"])}</span>')
        shown = step.get("latex") and step["latex"] not in step["text"] and "$" not in step["text"]
        formula = f'<div class="state">{math.formula(step["latex"], True)}</div>' if shown else ""
        items.append(f'<li class="{"wrong" if i == wrong_at else ""}"><span class="check {cls}" title="{why}">{mark}</span> '
                     f'{math.text(step["text"])}{formula}{"".join(tags)}</li>')
    return f'<ol class="steps">{"".join(items)}</ol>'


def record_html(row: Row, math: MathText) -> str:
    parts = [f'<div class="record"><p class="rid"><code>{html.escape(row["id"])}</code></p>',
             f'<div class="question">{math.text(row["question"])}</div>',
             "<h5>Chain of thought</h5>", _steps(row["steps"], math),
             f'<p class="final">{math.text(final_line(row["domain"], row["final_answer"]))}</p>']
    negative = next((n for n in row["negatives"] if n["first_wrong_step"] is not None), None) or next(iter(row["negatives"]), None)
    if negative is not None:
        k = negative["first_wrong_step"]
        where = f"first wrong step: {k + 1} of {len(negative['steps'])}" if k is not None else "a dead end (no wrong step labelled)"
        parts += [f"<h5>A negative ({html.escape(where)}; {html.escape(negative['reason'] or 'no reason given')})</h5>",
                  _steps(negative["steps"], math, k),
                  f'<p class="final">{math.text(final_line(row["domain"], negative["answer"]))}</p>']
    pair = next((p for p in dpo_rows(row) if p["pair_type"] == "solution"), None)
    if pair is not None:
        parts.append('<details><summary>DPO pair (as the <code>dpo</code> view writes it)</summary><div class="pair">'
                     f'<div><h6>chosen</h6>{math.text(pair["chosen"])}</div>'
                     f'<div><h6>rejected</h6>{math.text(pair["rejected"])}</div></div></details>')
    else:
        parts.append('<p class="none">No DPO pair: this record has no negative.</p>')
    return "".join(parts) + "</div>"


def examples_html(kept: dict[str, dict[int, list[Row]]], math: MathText) -> str:
    if not kept:
        return "<p>No records to show.</p>"
    out = []
    for n, task in enumerate(sorted(kept)):
        levels = "".join(f"<h4>{html.escape(task)}, level {level}</h4>" + "".join(record_html(r, math) for r in rows)
                         for level, rows in sorted(kept[task].items()))
        out.append(f'<details class="task"{" open" if n == 0 else ""}><summary>{html.escape(task)}</summary>{levels}</details>')
    return "".join(out)
