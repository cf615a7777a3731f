"""A run submits its units a window at a time, the next as each finishes: a submitted unit holds its
serialized arguments until it runs, so submitting every unit of a large run at once held gigabytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from prefect.task_runners import ThreadPoolTaskRunner

from cotforge.pipelines.flows import forge
from cotforge.pipelines.flows.engines import local_api
from cotforge.pipelines.job import prepare, recipe_job
from cotforge.pipelines.recipe import load_recipe
from cotforge.pipelines.run_unit import stats_path
from cotforge.pipelines.storage import location


def test_units_are_submitted_a_window_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    submitted: list[str] = []
    finished: list[str] = []
    most = 0
    real_submit, real_run = forge.unit_task.submit, forge.run_unit

    def run(job: Any, unit: Any, out: Any) -> Any:
        try:
            return real_run(job, unit, out)
        finally:
            finished.append(unit.name)

    def submit(job: Any, unit: Any, out: Any) -> Any:
        nonlocal most
        submitted.append(unit.name)
        most = max(most, len(submitted) - len(finished))
        return real_submit(job, unit, out)

    monkeypatch.setattr(forge, "run_unit", run)
    monkeypatch.setattr(forge.unit_task, "submit", submit)
    recipe = load_recipe({"name": "window", "seed": 3, "unit_size": 1, "workers": 1, "output": str(tmp_path / "out"),
                          "tasks": [{"name": "percentage", "count": 12, "levels": [1, 2]}]})
    job = recipe_job(recipe)
    out = location(tmp_path / "out")
    units = prepare(job, out)
    runner = ThreadPoolTaskRunner(max_workers=1)

    with local_api():
        failed = forge.run_units.with_options(task_runner=runner)(job, str(tmp_path / "out"), units, 3)

    assert not failed and len(units) == 12 and all(stats_path(out, unit).exists() for unit in units)
    assert sorted(submitted) == sorted(finished) == sorted(unit.name for unit in units)  # every unit ran, once
    assert most == 3  # never more than the window outstanding
    assert forge.in_flight("local", 2) == 4 and forge.in_flight("dask", 2) == forge.CLUSTER_IN_FLIGHT
