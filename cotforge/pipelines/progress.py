"""Live progress of a run on the terminal: problems done, records kept and rejected, rate, ETA.

It watches the units' stats files (each unit's completion marker) from a thread,
so it needs no hook into the flow and works whatever runs the units.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from cotforge.pipelines.plan import WorkUnit
from cotforge.pipelines.run_unit import stats_path


class RunProgress:
    """A rich progress bar over problems; units finished by an earlier run count from the start."""

    def __init__(self, console: Console, units: list[WorkUnit], out: Path, interval: float = 0.5) -> None:
        self.units = units
        self.out = out
        self.interval = interval
        self.seen: set[int] = set()
        self.accepted = 0
        self.rejected = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("kept {task.fields[accepted]} rejected {task.fields[rejected]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.bar = self.progress.add_task("problems", total=sum(u.size for u in units), accepted=0, rejected=0)

    def __enter__(self) -> "RunProgress":
        self.progress.start()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.poll()
        self.progress.stop()

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            self.poll()

    def poll(self) -> None:
        for unit in self.units:
            if unit.unit in self.seen:
                continue
            path = stats_path(self.out, unit)
            try:
                stats = json.loads(path.read_text())
            except (OSError, ValueError):
                continue  # not finished yet
            self.seen.add(unit.unit)
            self.accepted += stats["accepted"]
            self.rejected += stats["rejected"]
            self.progress.update(self.bar, advance=stats["generated"], accepted=self.accepted, rejected=self.rejected)
