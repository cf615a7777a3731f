"""Live progress of a run on the terminal: problems done, records kept and rejected, rate, ETA.

It watches the units' stats files (each unit's completion marker) from a thread,
so it needs no hook into the flow and works whatever runs the units: every 0.5 s on a
local folder, every 5 s on an fsspec URL, one listing of the stats folder per poll. Where the console is
not a terminal (a log file, a batch job), the bar cannot redraw: a plain line says the same every
``PLAIN_EVERY`` seconds. On a local
folder it also counts the problems of unfinished units that a model's search has saved one by
one (``journal/``, see ``cotforge.pipelines.journal``), so a long unit moves the bar per problem.
"""

from __future__ import annotations

import json
import threading
import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from cotforge.pipelines.plan import WorkUnit
from cotforge.pipelines.run_unit import stats_path
from cotforge.pipelines.storage import Location, is_local

REMOTE_INTERVAL = 5.0
"""Seconds between polls of an output on an fsspec URL (each poll lists the stats folder once)."""
PLAIN_EVERY = 60.0
"""Seconds between the plain progress lines written where the console is not a terminal."""


class RunProgress:
    """A rich progress bar over problems; units finished by an earlier run count from the start."""

    def __init__(self, console: Console, units: list[WorkUnit], out: Location, interval: float | None = None) -> None:
        self.units = units
        self.out = out
        self.console = console
        self.started = time.monotonic()
        self.last_line = self.started
        self.interval = interval if interval is not None else 0.5 if is_local(out) else REMOTE_INTERVAL
        self.seen: set[int] = set()
        self.accepted = 0
        self.rejected = 0
        self.finished = 0
        """Problems (once per algorithm) of finished units."""
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

    def __enter__(self) -> RunProgress:
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
            if not self.console.is_terminal and time.monotonic() - self.last_line >= PLAIN_EVERY:
                self.console.print(self.line(), highlight=False, soft_wrap=True)
                self.last_line = time.monotonic()

    def line(self) -> str:
        """The bar as one line of text: problems done of all, kept, rejected, elapsed, the time left."""
        task = self.progress.tasks[0]
        done, total = int(task.completed), int(task.total or 0)
        elapsed = time.monotonic() - self.started
        left = f"{_clock(elapsed * (total - done) / done)} left" if 0 < done < total else "time left unknown"
        return (f"problems {done:,}/{total:,} ({100 * done / max(total, 1):.1f}%), kept {self.accepted:,}, "
                f"rejected {self.rejected:,}, {_clock(elapsed)} elapsed, {left}")

    def poll(self) -> None:
        """One listing of the stats folder, then a read of each unit's stats file that is new there
        (not a read attempt per unfinished unit: on object storage each is a request)."""
        waiting = {stats_path(self.out, unit).name: unit for unit in self.units if unit.unit not in self.seen}
        if not waiting:
            return
        try:
            found = [path for path in (self.out / "stats").glob("*.json") if path.name in waiting]
        except OSError:
            found = []
        for path in found:
            unit = waiting[path.name]
            try:
                stats = json.loads(path.read_text())
            except (OSError, ValueError):
                continue  # listed but not readable yet
            self.seen.add(unit.unit)
            self.accepted += stats["accepted"]
            self.rejected += stats["rejected"]
            self.finished += stats["generated"]
        self.progress.update(self.bar, completed=self.finished + self._in_flight(), accepted=self.accepted, rejected=self.rejected)

    def _in_flight(self) -> int:
        """Problems saved so far by units still running (local folders only: a listing per unit is a
        request each on object storage)."""
        if not is_local(self.out):
            return 0
        names = {unit.name for unit in self.units if unit.unit not in self.seen}
        try:
            return sum(1 for path in (self.out / "journal").glob("*/*.json") if path.parent.name in names)
        except OSError:
            return 0


def _clock(seconds: float) -> str:
    minutes, sec = divmod(int(seconds), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{sec:02d}"
