"""The run report: an HTML page with PNG plots, made from an output folder (or fsspec URL) alone.

Plots: records per task and level, why records were dropped, CoT length per task,
search cost per level, and the solve rate against the search budget (from each
record's expansions-at-first-solution, over all problems generated). Where the units
kept cost ledgers (``cotforge annotate``), also the solve rate against generated
tokens for each search algorithm, best-of-N drawn as the baseline at equal tokens:
a search that stops at its first verified answer spends its budget in order, so the
cost at that answer tells, for every smaller budget, whether it would have solved the
problem, and one run at the largest budget gives the whole curve.
"""

from __future__ import annotations

import html
import json
import os
from collections import Counter, defaultdict
from typing import Any

import pyarrow.parquet as pq

from cotforge.core.errors import ConfigError
from cotforge.pipelines.rows import write_text_atomic
from cotforge.pipelines.storage import Location, location

COLUMNS = ["task", "level", "steps", "cot", "search"]


def _raw(out: Location) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for shard in sorted((out / "data" / "raw").glob("train-*.parquet"), key=str):
        with shard.open("rb") as f:
            table = pq.read_table(f, columns=COLUMNS)
        for r in table.to_pylist():
            rows.append({"task": r["task"], "level": r["level"], "steps": len(r["steps"]), "chars": len(r["cot"]),
                         "solved_at": r["search"]["solved_at"], "expansions": r["search"]["expansions"]})
    return rows


def _plots(out: Location, stats: dict[str, Any], rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = out / "report"
    made: list[tuple[str, str]] = []

    def save(fig: Any, name: str, title: str) -> None:
        fig.tight_layout()
        with (folder / name).open("wb") as f:
            fig.savefig(f, format="png", dpi=90)
        plt.close(fig)
        made.append((name, title))

    per = stats["per_task_level"]
    tasks = sorted({d["task"] for d in per})
    levels = sorted({d["level"] for d in per})
    fig, ax = plt.subplots(figsize=(7, 3.5))
    width = 0.8 / max(len(tasks), 1)
    for i, task in enumerate(tasks):
        kept = {d["level"]: d["accepted"] for d in per if d["task"] == task}
        ax.bar([lv + i * width for lv in levels], [kept.get(lv, 0) for lv in levels], width, label=task)
    ax.set(xlabel="level", ylabel="records kept", xticks=[lv + 0.4 - width / 2 for lv in levels], xticklabels=levels)
    ax.legend(fontsize=7)
    save(fig, "records.png", "Records per task and level")

    reasons = Counter(stats["rejection_reasons"])
    fig, ax = plt.subplots(figsize=(7, 0.4 * max(len(reasons), 2) + 1))
    labels = [r[:60] for r, _ in reasons.most_common(12)] or ["(none)"]
    ax.barh(labels, [n for _, n in reasons.most_common(12)] or [0])
    ax.set(xlabel=f"records dropped (kept: {stats['records']})")
    save(fig, "rejections.png", "Why records were dropped")

    fig, ax = plt.subplots(figsize=(7, 3.5))
    for task in tasks:
        ax.hist([r["steps"] for r in rows if r["task"] == task], bins=20, alpha=0.6, label=task)
    ax.set(xlabel="steps in the chain of thought", ylabel="records")
    ax.legend(fontsize=7)
    save(fig, "cot_length.png", "CoT length")

    fig, ax = plt.subplots(figsize=(7, 3.5))
    for task in tasks:
        ds = sorted((d for d in per if d["task"] == task), key=lambda d: d["level"])
        ax.plot([d["level"] for d in ds], [d["expansions"] / max(d["generated"], 1) for d in ds], marker="o", label=task)
    ax.set(xlabel="level", ylabel="expansions per problem")
    ax.legend(fontsize=7)
    save(fig, "search_cost.png", "Search cost per level")

    fig, ax = plt.subplots(figsize=(7, 3.5))
    for task, budget, rate in solve_curve(per, rows):
        ax.step(budget, rate, where="post", label=task)
    ax.set(xlabel="search budget (expansions)", ylabel="share of problems solved", ylim=(0, 1.02))
    ax.legend(fontsize=7)
    save(fig, "solve_rate.png", "Solve rate against search budget")

    ledgers = read_ledgers(out)
    if ledgers:
        fig, ax = plt.subplots(figsize=(7, 3.5))
        measure = _ledger_plot(ax, ledgers)
        save(fig, "solve_rate_by_algorithm.png", f"Solve rate against {'generated tokens' if measure == 'tokens' else 'expansions'}, "
             "per algorithm (best-of-N: the baseline at equal budget)")
    return made


def read_ledgers(out: Location) -> list[dict[str, Any]]:
    """Every attempt's cost ledger kept in the unit stats files (one per problem and algorithm)."""
    ledgers: list[dict[str, Any]] = []
    for path in sorted((out / "stats").glob("*.json"), key=str):
        ledgers += json.loads(path.read_text()).get("ledgers", [])
    return ledgers


def ledger_measure(ledgers: list[dict[str, Any]]) -> str:
    """Generated tokens where a model counted them, else expansions."""
    return "tokens" if any(entry.get("tokens") for entry in ledgers) else "expansions"


def budget_curves(ledgers: list[dict[str, Any]], measure: str = "tokens") -> dict[str, tuple[list[float], list[float]]]:
    """Per algorithm, the share of its problems solved within each budget from 0 to the largest any attempt spent;
    the points are where the share changes (draw as steps)."""
    top = max((float(entry[measure]) for entry in ledgers), default=0.0)
    costs: dict[str, list[float | None]] = defaultdict(list)
    for entry in ledgers:
        costs[entry["algorithm"]].append(entry.get(f"{measure}_at_solution"))
    curves = {}
    for algorithm, spent in sorted(costs.items()):
        solved = sorted(float(c) for c in spent if c is not None)
        xs = [0.0] + solved + [max(top, solved[-1] if solved else 0.0)]
        curves[algorithm] = (xs, [sum(c <= x for c in solved) / len(spent) for x in xs])
    return curves


def budget_table(ledgers: list[dict[str, Any]], measure: str = "tokens", points: int = 4) -> list[dict[str, Any]]:
    """Per algorithm: attempts, solved, what was spent, and the solve rate at ``points`` equal budgets
    (fractions of the largest spend), so every algorithm reads against best-of-N at the same budget."""
    top = max((float(entry[measure]) for entry in ledgers), default=0.0)
    budgets = [top * (k + 1) / points for k in range(points)]
    table = []
    for algorithm in sorted({entry["algorithm"] for entry in ledgers}):
        mine = [entry for entry in ledgers if entry["algorithm"] == algorithm]
        at = [entry.get(f"{measure}_at_solution") for entry in mine]
        spent = sum(float(entry[measure]) for entry in mine)
        table.append({"algorithm": algorithm, "attempts": len(mine), "solved": sum(a is not None for a in at), "spent": spent,
                      "solved_per_1k": 1000 * sum(a is not None for a in at) / spent if spent else None,
                      "rates": [(b, sum(a is not None and a <= b for a in at) / len(mine)) for b in budgets]})
    return table


def _ledger_plot(ax: Any, ledgers: list[dict[str, Any]]) -> str:
    measure = ledger_measure(ledgers)
    for algorithm, (xs, ys) in budget_curves(ledgers, measure).items():
        baseline = algorithm == "best_of_n"
        ax.step(xs, ys, where="post", label="best_of_n (baseline)" if baseline else algorithm,
                linestyle="--" if baseline else "-", color="black" if baseline else None)
    ax.set(xlabel=f"budget per problem ({'generated tokens' if measure == 'tokens' else 'expansions'})",
           ylabel="share of problems solved", ylim=(0, 1.02))
    ax.legend(fontsize=7)
    return measure


def solve_curve(per: list[dict[str, Any]], rows: list[dict[str, Any]]) -> list[tuple[str, list[int], list[float]]]:
    """Per task: for budgets 0..max, the share of generated problems solved within that budget."""
    generated: Counter[str] = Counter()
    for d in per:
        generated[d["task"]] += d["generated"]
    solved_at: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        if r["solved_at"] is not None:
            solved_at[r["task"]].append(r["solved_at"])
    curves = []
    for task in sorted(generated):
        top = max(solved_at[task], default=0)
        budget = list(range(top + 2))
        curves.append((task, budget, [sum(s <= b for s in solved_at[task]) / max(generated[task], 1) for b in budget]))
    return curves


def _budget_html(ledgers: list[dict[str, Any]]) -> str:
    measure = ledger_measure(ledgers)
    table = budget_table(ledgers, measure)
    head = "".join(f"<th>solved within {b:.0f}</th>" for b, _ in table[0]["rates"])
    body = ""
    for r in table:
        per_1k = "" if r["solved_per_1k"] is None else f"{r['solved_per_1k']:.2f}"
        rates = "".join(f"<td>{rate:.0%}</td>" for _, rate in r["rates"])
        body += (f"<tr><td>{html.escape(r['algorithm'])}</td><td>{r['attempts']}</td><td>{r['solved']}</td>"
                 f"<td>{r['spent']:.0f}</td><td>{per_1k}</td>{rates}</tr>")
    return (f"<h2>Search algorithms at equal budgets ({measure} per problem)</h2><table><tr><th>algorithm</th><th>attempts</th>"
            f"<th>solved</th><th>{measure} spent</th><th>solved per 1k {measure}</th>{head}</tr>{body}</table>")


def write_report(out: str | os.PathLike[str] | Location) -> Location:
    """Render ``out/report/index.html`` and its plots (``out``: a folder or an fsspec URL); returns the page's path."""
    out = location(out)
    stats_file = out / "stats.json"
    if not stats_file.exists():
        raise ConfigError(f"{out} has no stats.json: run or export it first")
    stats = json.loads(stats_file.read_text())
    (out / "report").mkdir(exist_ok=True)
    rows = _raw(out)
    plots = _plots(out, stats, rows)
    figures = "\n".join(f'<figure><img src="{n}" alt="{html.escape(t)}"><figcaption>{html.escape(t)}</figcaption></figure>' for n, t in plots)
    table = "".join(
        f"<tr><td>{html.escape(d['task'])}</td><td>{d['level']}</td><td>{d['generated']}</td><td>{d['solved']}</td>"
        f"<td>{d['accepted']}</td><td>{d['expansions'] / max(d['generated'], 1):.1f}</td></tr>"
        for d in stats["per_task_level"]
    )
    ledgers = read_ledgers(out)
    budgets = _budget_html(ledgers) if ledgers else ""
    failed = stats.get("failed_units") or {}
    failures = "".join(f"<li>{html.escape(k)}: {html.escape(v)}</li>" for k, v in failed.items())
    page = f"""<!doctype html><html><head><meta charset="utf-8"><title>cotforge report: {html.escape(stats['recipe'])}</title>
<style>body{{font-family:sans-serif;max-width:960px;margin:2em auto}}td,th{{padding:2px 10px;text-align:right}}
td:first-child{{text-align:left}}figure{{display:inline-block;margin:1em}}</style></head><body>
<h1>cotforge run <code>{html.escape(stats['recipe'])}</code></h1>
<p>{stats['records']} records kept of {stats['generated']} generated; {stats['rejected']} dropped; {stats['errors']} verifier errors;
recipe fingerprint <code>{stats['fingerprint']}</code>.</p>
{f"<h2>Failed units (skipped)</h2><ul>{failures}</ul>" if failures else ""}
<table><tr><th>task</th><th>level</th><th>generated</th><th>solved</th><th>kept</th><th>expansions/problem</th></tr>{table}</table>
{budgets}
{figures}
</body></html>
"""
    page_path = out / "report" / "index.html"
    write_text_atomic(page, page_path)
    return page_path
