"""Live progress of a run on the terminal: units, records kept and rejected, rate, ETA."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from cotforge.pipelines.plan import WorkUnit
from cotforge.pipelines.run_unit import stats_path


class RunProgress:
    """A rich progress bar over problems; units finished by an earlier run count as done."""

    def __init__(self, console: Console, units: list[WorkUnit], out: Path) -> None:
        self.total = sum(u.size for u in units)
        self.done = sum(u.size for u in units if stats_path(out, u).exists())
        self.accepted = 0
        self.rejected = 0
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("kept {task.fields[accepted]} rejected {task.fields[rejected]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
        )
        self.bar = self.progress.add_task("problems", total=self.total, completed=self.done, accepted=0, rejected=0)

    def __enter__(self) -> "RunProgress":
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def unit_done(self, stats: dict[str, Any]) -> None:
        self.accepted += stats["accepted"]
        self.rejected += stats["rejected"]
        self.progress.update(self.bar, advance=stats["generated"], accepted=self.accepted, rejected=self.rejected)
