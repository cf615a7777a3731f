"""The quality figures as a table: the same columns in the dataset card (Markdown) and the report (HTML)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from cotforge.pipelines.quality import ALL_LEVELS, POSITION_BINS

Row = dict[str, Any]


def pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def _ratio(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _positions(f: Row) -> str:
    bins = f["first_error_bins"]
    n = sum(bins.values())
    return "–" if not n else " / ".join(f"{bins[b] / n:.0%}" for b in POSITION_BINS)


def _kinds(f: Row) -> str:
    kinds = f["error_kinds"]
    if not kinds:
        return "–"
    named = [k for k in kinds if k != "(not named)"]
    return f"{len(named)} named" + (f" ({', '.join(named[:3])}{', …' if len(named) > 3 else ''})" if named else "")


def _opening(f: Row) -> str:
    if f["top_opening_share"] is None:
        return "–"
    words = f["top_opening"].split()
    text = " ".join(words[:6]) + (" …" if len(words) > 6 else "")
    return f"{pct(f['top_opening_share'])} “{text}”"


def _probe(f: Row) -> str:
    return pct(f["surface_probe"]) if f["surface_probe"] is not None else f"– ({f['dpo_pairs']} pairs)"


def _math(f: Row) -> str:
    return pct(f["math_verify"]) if f["math_verify"] is not None else ("–" if f["math_verify_note"] == "not math" else "skipped")


COLUMNS: list[tuple[str, str, Callable[[Row], str]]] = [
    ("task", "", lambda f: f["task"]),
    ("level", "", lambda f: str(f["level"])),
    ("records", "", lambda f: str(f["records"])),
    ("with negative", "records with at least one labelled negative", lambda f: pct(f["with_negative"])),
    ("first error", "where a negative's first wrong step sits: first third / middle / last third / the last step",
     _positions),
    ("error kinds", "named error kinds of first wrong steps", _kinds),
    ("DPO len ratio", "median length rejected/chosen of whole-solution pairs (1.0: no length shortcut)",
     lambda f: _ratio(f["dpo_length_ratio"])),
    ("surface probe", "cross-validated accuracy of a classifier on surface features alone (50%: no shortcut)", _probe),
    ("think backtrack", "think blocks that write out a step off the final path, then return to it",
     lambda f: pct(f["think_backtrack"])),
    ("question structures", "distinct questions with numbers and names masked", lambda f: str(f["question_structures"])),
    ("top opening", "the most common first step (wording) and its share", _opening),
    ("dups dropped", "records the export's duplicate filters dropped", lambda f: str(f["duplicates_dropped"])),
    ("targets pass reward", "sft, sft_think and dpo chosen targets the task's reward scores 1.0 (sampled records)",
     lambda f: pct(f["targets_pass_reward"])),
    ("rejected fail reward", "dpo rejected the reward scores 0.0", lambda f: pct(f["rejected_fail_reward"])),
    ("Math-Verify", "sft completions whose box Math-Verify reads as the gold", _math),
]


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


def html_table(figures: list[Row]) -> str:
    """The quality figures as an HTML table, explanations as header tooltips and a legend below."""
    head = "".join(f'<th title="{html.escape(d)}">{html.escape(h)}</th>' for h, d, _ in COLUMNS)
    body = "".join(
        f'<tr class="{"total" if f["level"] == ALL_LEVELS else ""}">'
        + "".join(f"<td>{html.escape(fmt(f))}</td>" for _, _, fmt in COLUMNS) + "</tr>"
        for f in figures)
    notes = "".join(f"<dt>{html.escape(h)}</dt><dd>{html.escape(d)}</dd>" for h, d, _ in COLUMNS if d)
    warn = "".join(f"<li>{html.escape(w)}</li>" for w in warnings(figures))
    return (f'<div class="wide"><table class="quality"><tr>{head}</tr>{body}</table></div>'
            + (f'<p class="warn">Capacity warnings:</p><ul>{warn}</ul>' if warn else "")
            + f'<details><summary>What the columns mean</summary><dl>{notes}</dl></details>')
