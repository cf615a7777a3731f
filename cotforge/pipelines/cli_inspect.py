"""The ``cotforge`` commands that look without running: ``list`` (what is registered), ``show`` (sample
problems solved), ``report`` (a folder's report page) and ``recheck`` (an independent re-check)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from cotforge.core.errors import ConfigError
from cotforge.pipelines.cli import console


def cmd_list(args: argparse.Namespace) -> int:
    from cotforge.core.registry import SEARCHES, SPACES, TASKS, VERIFIERS

    table = Table(title="tasks")
    for col in ("task", "domain", "version", "space", "verifier"):
        table.add_column(col, no_wrap=True)
    table.add_column("about")
    for name in TASKS.names():
        g = TASKS.get(name)
        about = (sys.modules[g.__module__].__doc__ or "").strip().splitlines()[0]
        table.add_row(name, g.domain, str(g.version), g.space, g.verifier, about)
    out = Console()
    out.print(table)
    out.print("step spaces: " + ", ".join(SPACES.names()))
    out.print("verifiers:   " + ", ".join(VERIFIERS.names()))
    out.print("algorithms:  " + ", ".join(SEARCHES.names()))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from cotforge.core.registry import TASKS
    from pydantic import ValidationError

    from cotforge.pipelines.recipe import _format_errors
    from cotforge.pipelines.solve import solve_problem
    from cotforge.solvers.search.base import SearchSettings

    if not 1 <= args.n <= 1000:
        raise ConfigError(f"--n {args.n}: show between 1 and 1,000 problems")
    generator = TASKS.get(args.task).from_level(args.level, seed=args.seed)
    try:
        settings = SearchSettings(algorithm=args.algorithm)
    except ValidationError as exc:
        raise ConfigError(f"--algorithm: {_format_errors(exc)}") from None
    out = Console()
    for index in range(args.n):
        outcome = solve_problem(generator.generate(index), settings)
        p = outcome.problem
        out.rule(f"{p.uid}  level {p.level}")
        out.print(p.question, markup=False)
        if outcome.row is None:
            out.print(f"[red]{outcome.stage}: {outcome.verdict.status} - {outcome.verdict.reason}[/red]")
            continue
        for i, step in enumerate(outcome.row["steps"], 1):
            mark = {True: "[green]✓[/green]", False: "[red]✗[/red]", None: "·"}[step["verified"]]
            out.print(f" {mark} {i}. ", end="")
            out.print(step["text"], markup=False)
        out.print(f"answer: {outcome.row['final_answer']}  (gold {p.answer})", markup=False, highlight=False)
        out.print(f"verdict: [green]{outcome.row['verdict']}[/green]  expansions: {outcome.expansions}, "
                  f"negatives: {len(outcome.row['negatives'])}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from cotforge.pipelines.report import write_report
    from cotforge.pipelines.storage import location

    stats = location(args.out) / "stats.json"
    try:  # the report reads it whole; an unreadable one is said here, in a line
        if stats.is_file() and not isinstance(json.loads(stats.read_text()), dict):
            raise ValueError("not a mapping")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"{stats} is unreadable ({type(exc).__name__}); run `cotforge export {args.out}` to write it again") from None
    page = write_report(args.out)
    console.print(f"report: {page}", soft_wrap=True)
    return 0


def cmd_recheck(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from cotforge.pipelines.recheck import count_records, recheck_folder

    columns = (TextColumn("re-checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    total = count_records(args.out)  # a folder without shards is said before the bar shows
    with Progress(*columns, console=console, transient=True) as progress:
        bar = progress.add_task("records", total=total)
        report = recheck_folder(args.out, set(args.task or []) or None, on_record=lambda: progress.advance(bar))
    table = Table(title=f"independent re-check of {args.out}")
    for col in ("task", "checked", "disagree", "crashed", "ms/record"):
        table.add_column(col, justify="left" if col == "task" else "right", no_wrap=True)
    for task, t in report.tasks.items():
        table.add_row(task, str(t.checked), str(t.disagree), str(t.errors), f"{1000 * t.seconds / max(t.checked, 1):.1f}")
    console.print(table)
    for task, t in report.tasks.items():
        for line in t.examples:
            console.print(f"[red]{task}[/red] {line}", soft_wrap=True, highlight=False)
    for task, n in report.no_route.items():
        console.print(f"{task}: {n} records have no independent route", soft_wrap=True)
    if args.json:
        Path(args.json).write_text(json.dumps({
            "tasks": {k: {"checked": t.checked, "disagree": t.disagree, "crashed": t.errors, "examples": t.examples}
                      for k, t in report.tasks.items()},
            "no_route": report.no_route}, indent=2))
    return 1 if report.disagreements else 0
