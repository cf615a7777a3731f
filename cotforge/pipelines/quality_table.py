"""The quality figures as a table: the same columns in the dataset card (Markdown) and the report (HTML)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from cotforge.pipelines.quality import ALL_LEVELS

Row = dict[str, Any]


def pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def _ratio(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _kinds(f: Row) -> str:
    """The error kinds of first wrong steps, most common first, with their counts."""
    kinds = sorted(f["error_kinds"].items(), key=lambda kv: (-kv[1], kv[0]))  # stats.json keeps them by name
    if not kinds:
        return "–"
    shown = ", ".join(f"{k} {n}" for k, n in kinds[:3])
    return shown + (f", +{len(kinds) - 3} more kinds" if len(kinds) > 3 else "")


def _opening(f: Row) -> str:
    if f["top_opening_share"] is None:
        return "–"
    words = f["top_opening"].split()
    text = " ".join(words[:6]) + (" …" if len(words) > 6 else "")
    return f"{pct(f['top_opening_share'])} “{text}”"


def _probe(f: Row) -> str:
    return pct(f["surface_probe"]) if f["surface_probe"] is not None else f"– ({f['dpo_pairs']} pairs)"


def _step_probe(f: Row) -> str:
    """The probe on step-level pairs; a run measured before it existed has no figure."""
    if "step_probe" not in f:
        return "–"
    return pct(f["step_probe"]) if f["step_probe"] is not None else f"– ({f['dpo_step_pairs']} pairs)"


def _step_probe_off(f: Row) -> bool:
    probe = f.get("step_probe")
    return probe is not None and round(probe, 2) > 0.6 and f["dpo_step_pairs"] >= MIN_PAIRS_TO_FLAG


def _math(f: Row) -> str:
    return pct(f["math_verify"]) if f["math_verify"] is not None else ("–" if f["math_verify_note"] == "not math" else "skipped")


Column = tuple[str, str, Callable[[Row], str]]
KEYS: list[Column] = [
    ("task", "", lambda f: f["task"]),
    ("level", "", lambda f: str(f["level"])),
    ("records", "", lambda f: str(f["records"])),
]
SIGNALS: list[Column] = [
    ("with negative", "records with at least one labelled negative", lambda f: pct(f["with_negative"])),
    ("first error at last step", "negatives whose first wrong step is at the last step of the solution (or later)",
     lambda f: pct(f["first_error_at_last"])),
    ("first error, median position", "median of (first wrong step) / (steps in the solution); 1.00 is its last step",
     lambda f: _ratio(f["first_error_median"])),
    ("error kinds", "error kinds of first wrong steps (Step.error_kind), most common first, with counts", _kinds),
    ("DPO len ratio", "median length rejected/chosen of whole-solution pairs (1.0: no length shortcut)",
     lambda f: _ratio(f["dpo_length_ratio"])),
    ("surface probe", ("cross-validated accuracy of a classifier on surface features alone - length, step count, last line's wording, "
                       "where the pair parts (50%: no shortcut; near 100%: e.g. every rejected ends differently from its chosen)"), _probe),
    ("step-pair probe", "the same probe on the step-level pairs (the two continuations after a shared prefix of steps)", _step_probe),
    ("think backtrack", "think blocks that write out a step off the final path, then return to it",
     lambda f: pct(f["think_backtrack"])),
]
VARIETY: list[Column] = [
    ("question structures", "distinct questions with numbers, one-letter variables and names masked", lambda f: str(f["question_structures"])),
    ("top opening", "the most common first step (wording) and its share", _opening),
    ("dups dropped", "records the export's duplicate filters dropped", lambda f: str(f["duplicates_dropped"])),
    ("targets pass reward", "sft, sft_think and dpo chosen targets the task's reward scores 1.0 (sampled records)",
     lambda f: pct(f["targets_pass_reward"])),
    ("rejected fail reward", "dpo rejected the reward scores 0.0", lambda f: pct(f["rejected_fail_reward"])),
    ("Math-Verify", "sft completions whose box Math-Verify reads as the gold", _math),
]
COLUMNS = KEYS + SIGNALS + VARIETY
TEXT = {"error kinds", "top opening"}
"""Every column, in the card's order; the report shows them as two tables (learning signals; variety and targets)."""


def warnings(figures: list[Row]) -> list[str]:
    return [f"{f['task']} level {f['level']}: {f['capacity_warning']}" for f in figures
            if f["capacity_warning"] and f["level"] != ALL_LEVELS]


def markdown(figures: list[Row]) -> str:
    """The quality section of a dataset card."""
    if not figures:
        return "(no records)"
    lines = ["| " + " | ".join(h for h, _, _ in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for f in figures:
        cells = [fmt(f).replace("|", "\\|") for _, _, fmt in COLUMNS]
        if f["level"] == ALL_LEVELS:
            cells = [f"**{c}**" for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    notes = "\n".join(f"- **{h}**: {d}" for h, d, _ in COLUMNS if d)
    warn = "\n".join(f"- **Capacity:** {w}" for w in warnings(figures))
    return "\n".join(lines) + "\n\n" + notes + ("\n" + warn if warn else "")


MIN_PAIRS_TO_FLAG = 50
"""The probe is flagged only over this many pairs (on 20 pairs, 65% is within chance)."""
TARGETS: dict[str, tuple[str, Callable[[Row], bool]]] = {
    "with negative": ("target: at least 80% of records", lambda f: f["with_negative"] is not None and round(f["with_negative"], 2) < 0.8),
    "DPO len ratio": ("target: 0.7 to 1.3", lambda f: f["dpo_length_ratio"] is not None and not 0.7 <= round(f["dpo_length_ratio"], 2) <= 1.3),
    "surface probe": (f"target: at most 60% (flagged from {MIN_PAIRS_TO_FLAG} pairs)",
                      lambda f: f["surface_probe"] is not None and round(f["surface_probe"], 2) > 0.6 and f["dpo_pairs"] >= MIN_PAIRS_TO_FLAG),
    "step-pair probe": (f"target: at most 60% (flagged from {MIN_PAIRS_TO_FLAG} pairs)", _step_probe_off),
    "targets pass reward": ("every target must pass", lambda f: f["targets_pass_reward"] is not None and f["targets_pass_reward"] < 1.0),
    "rejected fail reward": ("every rejected must fail", lambda f: f["rejected_fail_reward"] is not None and f["rejected_fail_reward"] < 1.0),
    "Math-Verify": ("target: every sft completion", lambda f: f["math_verify"] is not None and f["math_verify"] < 1.0),
}
"""Figures outside the data-quality targets (issues 16-18), flagged on the page."""


def _cell(head: str, f: Row, text: str) -> str:
    classes = ["text"] if head in TEXT else []
    title = ""
    if head in TARGETS and TARGETS[head][1](f):
        classes.append("off")
        title = f' title="{html.escape(TARGETS[head][0])}"'
    cls = f' class="{" ".join(classes)}"' if classes else ""
    return f"<td{cls}{title}>{html.escape(text)}</td>"


def _attrs(head: str, doc: str) -> str:
    title = f' title="{html.escape(doc)}"' if doc else ""
    return title + (" class=text" if head in TEXT else "")


def _html_rows(figures: list[Row], columns: list[Column]) -> str:
    head = "".join(f'<th{_attrs(h, d)}>{html.escape(h)}</th>' for h, d, _ in columns)
    body = "".join(
        f'<tr class="{"total" if f["level"] == ALL_LEVELS else ""}">'
        + "".join(_cell(h, f, fmt(f)) for h, _, fmt in columns) + "</tr>"
        for f in figures)
    return f'<div class="wide"><table class="quality"><tr>{head}</tr>{body}</table></div>'


def html_table(figures: list[Row]) -> str:
    """The quality figures as two HTML tables (learning signals; variety and targets), explanations
    as header tooltips and a legend below, capacity warnings above."""
    notes = "".join(f"<dt>{html.escape(h)}</dt><dd>{html.escape(d)}</dd>" for h, d, _ in COLUMNS if d)
    warn = "".join(f"<li>{html.escape(w)}</li>" for w in warnings(figures))
    return ((f'<p class="warn">Capacity warnings:</p><ul>{warn}</ul>' if warn else "")
            + "<h3>Negatives, process labels and preference pairs</h3>" + _html_rows(figures, KEYS + SIGNALS)
            + "<h3>Variety and targets</h3>" + _html_rows(figures, KEYS + VARIETY)
            + '<p class="note"><span class="off">Red</span>: outside the data-quality target (hover for it).</p>'
            + f'<details><summary>What the columns mean</summary><dl>{notes}</dl></details>')
