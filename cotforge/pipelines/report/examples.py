"""Real records on the page: per task and level, the question, the chain of thought with each step's
check, a negative with its first wrong step marked, and a DPO pair - math drawn as mathematics."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from cotforge.pipelines.report.mathtext import MathText, plain
from cotforge.pipelines.views import dpo_rows, final_line
from cotforge.pipelines.views.dpo import completion
from cotforge.pipelines.views.text import texts

Row = dict[str, Any]
LONG, HEAD, TAIL = 16, 8, 4
"""Chains longer than LONG steps show their first HEAD and last TAIL steps; the rest folds."""
_QUOTED = re.compile(r"'([^']+)'")
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
    if len(items) > LONG:  # a long chain: its head and tail, the middle one click away (the wrong step stays in view)
        keep = set(range(HEAD)) | set(range(len(items) - TAIL, len(items))) | ({wrong_at} if wrong_at is not None else set())
        hidden = [i for i in range(len(items)) if i not in keep]
        first = hidden[0]
        folded = "".join(items[i].replace("<li ", f'<li value="{i + 1}" ', 1) for i in hidden)
        fold = (f'<li class="fold" value="{first + 1}"><details><summary>{len(hidden)} more steps</summary>'
                f'<ol class="steps">{folded}</ol></details></li>')
        items = [items[i] for i in range(first) if i in keep] + [fold] + [
            items[i].replace("<li ", f'<li value="{i + 1}" ', 1) for i in range(first, len(items)) if i in keep]
    return f'<ol class="steps">{"".join(items)}</ol>'


def _reason(reason: str | None, domain: str, math: MathText) -> str:
    """A verdict's reason; in math, its quoted answers (written as Python reprs) drawn as formulas."""
    if not reason:
        return "no reason given"
    if domain != "math":
        return plain(reason)
    out, last = [], 0
    for m in _QUOTED.finditer(reason):
        out += [html.escape(reason[last:m.start()]), math.formula(m.group(1).replace("\\\\", "\\"), quoted=True)]
        last = m.end()
    return "".join(out) + html.escape(reason[last:])


def _paragraphs(chosen: str, rejected: str, math: MathText) -> tuple[str, str]:
    """Both sides of a pair paragraph by paragraph, the first paragraph where they part highlighted."""
    a, b = chosen.split("\n\n"), rejected.split("\n\n")
    k = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))

    def side(paras: list[str]) -> str:
        return "".join(f'<p class="{"parts" if i == k else ""}">{math.text(p)}</p>' for i, p in enumerate(paras))

    return side(a), side(b)


def _negative_and_pair(row: Row) -> tuple[Row | None, Row | None]:
    """The negative to show (one with a labelled wrong step first) and the whole-solution DPO pair made of
    it; where none of them was paired, the first such negative and no pair."""
    pairs = {p["rejected"]: p for p in dpo_rows(row) if p["pair_type"] == "solution"}
    order = sorted(row["negatives"], key=lambda n: n["first_wrong_step"] is None)
    for negative in order:
        pair = pairs.get(completion(row["domain"], texts(negative["steps"]), negative["answer"]))
        if pair is not None:
            return negative, pair
    return (order[0] if order else None), None


def record_html(row: Row, math: MathText) -> str:
    parts = [f'<div class="record"><p class="rid"><code>{html.escape(row["id"])}</code></p>',
             f'<div class="question">{math.text(row["question"])}</div>',
             "<h5>Chain of thought</h5>", _steps(row["steps"], math),
             f'<p class="final">{math.text(final_line(row["domain"], row["final_answer"]))}</p>']
    negative, pair = _negative_and_pair(row)
    if negative is not None:
        k = negative["first_wrong_step"]
        where = f"first wrong step: {k + 1} of {len(negative['steps'])}" if k is not None else "a dead end (no wrong step labelled)"
        parts += [f"<h5>A negative ({html.escape(where)})</h5>",
                  _steps(negative["steps"], math, k),
                  f'<p class="final">{math.text(final_line(row["domain"], negative["answer"]))}</p>',
                  f'<p class="verdict">Verdict: {_reason(negative["reason"], row["domain"], math)}</p>']
    if pair is not None:
        chosen, rejected = _paragraphs(pair["chosen"], pair["rejected"], math)
        parts.append('<details><summary>Its DPO pair (as the <code>dpo</code> view writes it; '
                     '<span class="parts-key">highlighted</span>: where the two part)</summary><div class="pair">'
                     f'<div><h6>chosen</h6>{chosen}</div><div><h6>rejected</h6>{rejected}</div></div></details>')
    elif row["negatives"]:
        parts.append('<p class="none">No DPO pair: the <code>dpo</code> view paired none of this record\'s negatives '
                     '(each is the chosen solution again, or outside its length band).</p>')
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
