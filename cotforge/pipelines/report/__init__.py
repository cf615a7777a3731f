"""The run report: ``report/index.html`` with PNG plots, made from an output folder (or fsspec URL) alone.

What a researcher decides from before training: counts per task and level, the quality figures
(:mod:`cotforge.pipelines.quality`, the same as in the dataset card), real examples with their step
checks, negatives and DPO pairs (math drawn as MathML, rendered here: the page works offline),
plots that read at a glance, and the runs over time from ``runs.jsonl``.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterator
from typing import Any

from cotforge.core.errors import ConfigError
from cotforge.pipelines.quality import iter_raw, measure_folder
from cotforge.pipelines.quality_table import html_table
from cotforge.pipelines.report.budget import (
    budget_curves,
    budget_html,
    budget_table,
    ledger_measure,
    read_ledgers,
    solve_curve,
)
from cotforge.pipelines.report.examples import examples_html, pick
from cotforge.pipelines.report.history import history_html, read_runs
from cotforge.pipelines.report.mathtext import MathText
from cotforge.pipelines.report.page import page_html
from cotforge.pipelines.report.plots import Plotter, draw_all
from cotforge.pipelines.rows import write_text_atomic
from cotforge.pipelines.storage import Location, location

__all__ = ["budget_curves", "budget_table", "ledger_measure", "read_ledgers", "solve_curve", "write_report"]

Row = dict[str, Any]


def _light(rows: Iterator[Row], keep: list[Row]) -> Iterator[Row]:
    """Pass rows through, keeping the few fields the plots need."""
    for r in rows:
        keep.append({"task": r["task"], "level": r["level"], "steps": len(r["steps"]), "solved_at": r["search"]["solved_at"]})
        yield r


def _figure(name: str, title: str, why: str) -> str:
    if not name:
        return f'<figure class="empty"><figcaption>{html.escape(title)}</figcaption><p>{html.escape(why)}</p></figure>'
    return f'<figure><figcaption>{html.escape(title)}</figcaption><img src="{name}" alt="{html.escape(title)}"></figure>'


def write_report(out: str | os.PathLike[str] | Location, examples_per_level: int = 2) -> Location:
    """Render ``out/report/index.html`` and its plots (``out``: a folder or an fsspec URL); returns the page's path."""
    out = location(out)
    stats_file = out / "stats.json"
    if not stats_file.exists():
        raise ConfigError(f"{out} has no stats.json: run or export it first")
    stats = json.loads(stats_file.read_text())
    (out / "report").mkdir(exist_ok=True)
    light: list[Row] = []
    kept = pick(_light(iter_raw(out), light), examples_per_level)
    quality = stats.get("quality")
    if quality is None:  # a folder exported before the quality figures were kept in stats.json
        quality = measure_folder(out, stats["per_task_level"])
    ledgers = read_ledgers(out)
    figures = draw_all(out, stats, light, quality, ledgers)
    math = MathText()
    sections = {
        "quality": html_table(quality) if quality else "<p>No records: nothing to measure.</p>",
        "examples": examples_html(kept, math),
        "plots": "".join(_figure(*f) for f in figures),
        "history": history_html(read_runs(out), Plotter(out / "report")),
        "budgets": budget_html(ledgers) if ledgers else "",
    }
    page = page_html(stats, sections, math)
    page_path = out / "report" / "index.html"
    write_text_atomic(page, page_path)
    return page_path
