"""The live progress counts finished units from their stats files, with one listing of the stats
folder per poll rather than a read attempt per unfinished unit (a request each on object storage)."""

from __future__ import annotations

import io
import json
import time
import uuid
from pathlib import Path

import pytest

import fsspec
from rich.console import Console

from cotforge.pipelines.plan import WorkUnit
from cotforge.pipelines import progress
from cotforge.pipelines.progress import REMOTE_INTERVAL, RunProgress
from cotforge.pipelines.storage import location

UNITS = [WorkUnit(unit=i, task="sudoku", level=1, seed=0, start=10 * i, stop=10 * i + 10) for i in range(200)]


def _finish(stats: Path, unit: WorkUnit, accepted: int) -> None:
    stats.mkdir(parents=True, exist_ok=True)
    (stats / f"{unit.name}.json").write_text(json.dumps({"generated": unit.size, "accepted": accepted,
                                                          "rejected": unit.size - accepted}))  # fmt: skip


def test_finished_units_are_counted_once(tmp_path: Path) -> None:
    watch = RunProgress(Console(file=io.StringIO()), UNITS, tmp_path)
    assert watch.interval == 0.5
    watch.poll()  # no stats folder yet
    for unit, kept in ((UNITS[0], 7), (UNITS[5], 10), (UNITS[199], 1)):
        _finish(tmp_path / "stats", unit, kept)
    (tmp_path / "stats" / "unit-00003.json.tmp").write_text("{")  # a file still being written
    watch.poll()
    watch.poll()
    assert (watch.seen, watch.accepted, watch.rejected) == ({0, 5, 199}, 18, 12)
    assert watch.progress.tasks[0].completed == 30


def test_a_remote_output_is_listed_once_per_poll() -> None:
    fs = fsspec.filesystem("memory")
    root = f"/progress-{uuid.uuid4().hex[:8]}"
    out = location(f"memory://{root}")
    calls = {"ls": 0, "read": 0}
    real_glob, real_open = fs.glob, fs.open

    def glob(*args: object, **kwargs: object) -> object:
        calls["ls"] += 1
        return real_glob(*args, **kwargs)

    def open_(*args: object, **kwargs: object) -> object:
        calls["read"] += 1
        return real_open(*args, **kwargs)

    fs.glob, fs.open = glob, open_  # type: ignore[method-assign]
    try:
        fs.pipe(f"{root}/stats/unit-00002.json", json.dumps({"generated": 10, "accepted": 9, "rejected": 1}).encode())
        watch = RunProgress(Console(file=io.StringIO()), UNITS, out)
        assert watch.interval == REMOTE_INTERVAL
        watch.poll()
        watch.poll()
        assert watch.accepted == 9
        assert calls["ls"] == 2  # one listing per poll, not 200 reads
        assert calls["read"] == 1  # the one finished unit, read once
    finally:
        fs.glob, fs.open = real_glob, real_open  # type: ignore[method-assign]
        fs.rm(root, recursive=True)


def test_problems_saved_by_a_running_unit_move_the_bar(tmp_path: Path) -> None:
    watch = RunProgress(Console(file=io.StringIO()), UNITS, tmp_path)
    journal = tmp_path / "journal" / UNITS[1].name
    journal.mkdir(parents=True)
    for index in (10, 11, 12):
        (journal / f"mcts-{index}.json").write_text("{}")
    (journal / ".mcts-13.json.abc.tmp").write_text("{")  # still being written: not counted
    watch.poll()
    assert watch.progress.tasks[0].completed == 3
    _finish(tmp_path / "stats", UNITS[1], 10)  # the unit finished (its journal is deleted after its marker)
    watch.poll()
    assert watch.progress.tasks[0].completed == 10  # the finished unit's 10; its leftover journal is not counted again


def test_a_console_that_is_not_a_terminal_gets_plain_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "PLAIN_EVERY", 0.0)
    log = io.StringIO()  # a log file: the bar cannot redraw there
    _finish(tmp_path / "stats", UNITS[0], 7)
    _finish(tmp_path / "stats", UNITS[1], 10)
    with RunProgress(Console(file=log), UNITS, tmp_path, interval=0.05):
        deadline = time.monotonic() + 30
        while "problems 20/2,000" not in log.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
    text = log.getvalue()
    assert "problems 20/2,000 (1.0%), kept 17, rejected 3," in text and "elapsed" in text and " left" in text
    quiet = io.StringIO()
    with RunProgress(Console(file=quiet, force_terminal=True), UNITS, tmp_path, interval=0.05):
        time.sleep(0.3)
    assert "problems 20/2,000 (" not in quiet.getvalue()  # a terminal gets the bar, not the lines
