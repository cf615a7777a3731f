"""Runs over time, from the folder's ``runs.jsonl``: speed, kept share and the quality headline of
each run, so a change in a generator shows up as a change here."""

from __future__ import annotations

import html
import json
from typing import Any

from cotforge.pipelines.output import RUN_LOG
from cotforge.pipelines.report.plots import Plotter
from cotforge.pipelines.storage import Location

Row = dict[str, Any]
SHOWN = (("with_negative", "with negative", True), ("dpo_length_ratio", "DPO len ratio", False),
         ("surface_probe", "surface probe", True), ("think_backtrack", "think backtrack", True),
         ("targets_pass_reward", "targets pass reward", True), ("math_verify", "Math-Verify", True))


def read_runs(out: Location) -> list[Row]:
    """The logged runs, oldest first (a line that is not JSON is skipped: the log is advisory)."""
    log = out / RUN_LOG
    runs = []
    for line in log.read_text().splitlines() if log.exists() else []:
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(entry, dict) and "records" in entry:
            runs.append(entry)
    return runs


def _rate(run: Row) -> float | None:
    return run["records"] / run["seconds"] if run.get("seconds") else None


def _cell(value: Any, share: bool) -> str:
    if value is None:
        return "–"
    return f"{value:.0%}" if share else f"{value:.2f}"


def history_html(runs: list[Row], p: Plotter) -> str:
    if not runs:
        return "<p>No run is logged in <code>runs.jsonl</code> yet (a run appends its line when it finishes).</p>"
    head = "<th>run</th><th>started (UTC)</th><th>code</th><th>seconds</th><th>records</th><th>records/s</th><th>kept</th>"
    body = ""
    for n, r in enumerate(runs, 1):
        rate = _rate(r)
        body += (f"<tr><td>{n}</td><td>{html.escape(str(r.get('started', '')))}</td><td>{html.escape(str(r.get('code', '')))}</td>"
                 f"<td>{r.get('seconds', '–')}</td><td>{r['records']}</td><td>{'–' if rate is None else f'{rate:.1f}'}</td>"
                 f"<td>{_cell(r['records'] / r['generated'] if r.get('generated') else None, True)}</td></tr>")
    table = f'<div class="wide"><table class="history"><tr>{head}</tr>{body}</table></div>' + _quality_by_run(runs)
    if len(runs) < 2:
        return table + "<p>One run so far: the plot of runs over time appears from the second run on.</p>"
    fig, ax = p.axes(3.0)
    xs = list(range(1, len(runs) + 1))
    ax.plot(xs, [_rate(r) or 0 for r in runs], marker="o", label="records/s")
    ax.set(xlabel="run (oldest first)", ylabel="records per second", xticks=xs, ylim=(0, max(_rate(r) or 0 for r in runs) * 1.15 or 1))
    twin = ax.twinx()
    twin.plot(xs, [r["records"] / r["generated"] if r.get("generated") else 0 for r in runs], marker="s", color="#d9534f", label="kept share")
    twin.set(ylabel="kept share", ylim=(0, 1.05))
    handles = ax.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    ax.legend(handles, ["records/s", "kept share"], loc="upper left", bbox_to_anchor=(1.12, 1.0), frameon=False)
    p.save(fig, ax, "history.png", "Runs over time", legend=False)
    name, title, _ = p.made.pop()
    return table + f'<figure><figcaption>{html.escape(title)}</figcaption><img src="{name}" alt="{html.escape(title)}"></figure>'


def _quality_by_run(runs: list[Row]) -> str:
    """Per task, one row per run: the quality headline side by side, so a change stands out."""
    tasks = sorted({t for r in runs for t in (r.get("quality") or {})})
    if not tasks:
        return "<p>The logged runs carry no quality figures (runs before cotforge logged them).</p>"
    head = "<th>task</th><th>run</th>" + "".join(f"<th>{label}</th>" for _, label, _ in SHOWN)
    body = ""
    for task in tasks:
        for n, r in enumerate(runs, 1):
            q = (r.get("quality") or {}).get(task)
            if q is None:
                continue
            body += (f"<tr><td>{html.escape(task)}</td><td>{n}</td>"
                     + "".join(f"<td>{_cell(q.get(key), share)}</td>" for key, _, share in SHOWN) + "</tr>")
    return f'<h3>Quality per run</h3><div class="wide"><table class="history"><tr>{head}</tr>{body}</table></div>'
