"""The report's PNG plots. Legends sit outside the axes (never over data); a plot with nothing to
draw is not made: its place gets a sentence saying why."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from cotforge.pipelines.quality import ALL_LEVELS, POSITION_BINS
from cotforge.pipelines.report.budget import budget_curves, ledger_measure, solve_curve
from cotforge.pipelines.storage import Location

Row = dict[str, Any]
Figure = tuple[str, str, str]
"""(file name or "" when nothing was drawn, title, the sentence shown instead of an empty plot)."""
WIDTH = 7.5


class Plotter:
    """Draws into ``folder`` and remembers what it made, in order."""

    def __init__(self, folder: Location) -> None:
        import matplotlib

        matplotlib.use("Agg")
        matplotlib.rcParams.update({"font.size": 11, "axes.titlesize": 11, "legend.fontsize": 10})
        import matplotlib.pyplot as plt

        self.plt = plt
        self.folder = folder
        self.made: list[Figure] = []

    def axes(self, height: float = 3.4) -> tuple[Any, Any]:
        return self.plt.subplots(figsize=(WIDTH, height))

    def save(self, fig: Any, ax: Any, name: str, title: str, legend: bool = True) -> None:
        if legend and ax.get_legend_handles_labels()[0]:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        ax.grid(axis="y", alpha=0.3)
        fig.tight_layout()
        with (self.folder / name).open("wb") as f:
            fig.savefig(f, format="png", dpi=100)
        self.plt.close(fig)
        self.made.append((name, title, ""))

    def nothing(self, title: str, why: str) -> None:
        self.made.append(("", title, why))


def draw_all(out: Location, stats: dict[str, Any], rows: list[Row], quality: list[Row], ledgers: list[Row]) -> list[Figure]:
    p = Plotter(out / "report")
    per = stats["per_task_level"]
    tasks = sorted({d["task"] for d in per})
    levels = sorted({d["level"] for d in per})
    if not per:
        p.nothing("Records per task and level", "No work unit finished: there is nothing to count.")
        return p.made

    fig, ax = p.axes()
    width = 0.8 / max(len(tasks), 1)
    for i, task in enumerate(tasks):
        kept = {d["level"]: d["accepted"] for d in per if d["task"] == task}
        ax.bar([lv - 0.4 + width * (i + 0.5) for lv in levels], [kept.get(lv, 0) for lv in levels], width, label=task)
    ax.set(xlabel="level", ylabel="records kept", xticks=levels)
    p.save(fig, ax, "records.png", "Records kept per task and level")

    reasons = Counter(stats["rejection_reasons"])
    if reasons:
        top = reasons.most_common(12)[::-1]
        fig, ax = p.axes(0.35 * len(top) + 1.2)
        ax.barh([r[:70] for r, _ in top], [n for _, n in top])
        ax.set(xlabel=f"records dropped (kept: {stats['records']})")
        ax.tick_params(axis="y", labelsize=8)
        p.save(fig, ax, "rejections.png", "Why records were dropped", legend=False)
    else:
        p.nothing("Why records were dropped", f"No record was dropped: all {stats['generated']} generated problems were solved, "
                                              "verified and kept by every filter.")

    steps: dict[tuple[str, int], list[int]] = defaultdict(list)
    for r in rows:
        steps[(r["task"], r["level"])].append(r["steps"])
    fig, ax = p.axes()
    for task in tasks:
        lv = [level for level in levels if steps.get((task, level))]
        ax.plot(lv, [sum(steps[(task, v)]) / len(steps[(task, v)]) for v in lv], marker="o", label=task)
    ax.set(xlabel="level", ylabel="steps per record (mean)", xticks=levels)
    p.save(fig, ax, "cot_length.png", "Chain-of-thought length per level")

    fig, ax = p.axes()
    for task in tasks:
        ds = sorted((d for d in per if d["task"] == task), key=lambda d: d["level"])
        ax.plot([d["level"] for d in ds], [d["expansions"] / max(d["generated"], 1) for d in ds], marker="o", label=task)
    ax.set(xlabel="level", ylabel="expansions per problem", xticks=levels)
    p.save(fig, ax, "search_cost.png", "Search cost per level")

    fig, ax = p.axes()
    for task, budget, rate in solve_curve(per, rows):
        ax.step(budget, rate, where="post", label=task)
    ax.set(xlabel="search budget (expansions)", ylabel="share solved and kept", ylim=(0, 1.02))
    p.save(fig, ax, "solve_rate.png", "Solve rate against search budget (records the filters dropped count as unsolved)")

    _error_positions(p, quality)
    if ledgers:
        fig, ax = p.axes()
        measure = ledger_measure(ledgers)
        for algorithm, (xs, ys) in budget_curves(ledgers, measure).items():
            baseline = algorithm == "best_of_n"
            ax.step(xs, ys, where="post", label="best_of_n (baseline)" if baseline else algorithm,
                    linestyle="--" if baseline else "-", color="black" if baseline else None)
        unit = "generated tokens" if measure == "tokens" else "expansions"
        ax.set(xlabel=f"budget per problem ({unit})", ylabel="share of problems solved", ylim=(0, 1.02))
        p.save(fig, ax, "solve_rate_by_algorithm.png", f"Solve rate against {unit}, per algorithm (best-of-N: the baseline at equal budget)")
    return p.made


def _error_positions(p: Plotter, quality: list[Row]) -> None:
    totals = [f for f in quality if f["level"] == ALL_LEVELS]
    with_errors = [f for f in totals if sum(f["first_error_bins"].values())]
    title = "Where the first error of a negative sits"
    if not with_errors:
        p.nothing(title, "No negative trace has a labelled wrong step: there is no error position to show.")
        return
    fig, ax = p.axes(0.4 * len(with_errors) + 1.3)
    left = [0.0] * len(with_errors)
    colours = ["#4c9a2a", "#a4c639", "#f4b400", "#d9534f"]
    names = [f["task"] for f in with_errors]
    for b, colour in zip(POSITION_BINS, colours):
        shares = [f["first_error_bins"][b] / sum(f["first_error_bins"].values()) for f in with_errors]
        ax.barh(names, shares, left=left, color=colour, label=b)
        left = [x + s for x, s in zip(left, shares)]
    ax.set(xlabel="share of negatives (where along the solution the first wrong step sits)", xlim=(0, 1))
    p.save(fig, ax, "error_positions.png", title)
