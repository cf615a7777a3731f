"""The Prefect flow that runs a recipe: work units as tasks on local processes, then export.

This is the only module that imports Prefect. The flow body only calls the plain
pipeline functions, so the same work runs under any Prefect task runner.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from prefect import flow, task  # noqa: E402
from prefect.futures import as_completed  # noqa: E402
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner  # noqa: E402

from cotforge.pipelines.export import export  # noqa: E402
from cotforge.pipelines.output import prepare_output  # noqa: E402
from cotforge.pipelines.plan import WorkUnit, plan  # noqa: E402
from cotforge.pipelines.recipe import Recipe  # noqa: E402
from cotforge.pipelines.run_unit import run_unit, stats_path  # noqa: E402

@task(name="work-unit", retries=2, retry_delay_seconds=1, task_run_name="{unit.name} {unit.task} L{unit.level}")
def unit_task(recipe_json: str, unit: WorkUnit, out: str) -> dict[str, Any]:
    return run_unit(Recipe.model_validate_json(recipe_json), unit, Path(out))


@flow(name="cotforge-run", log_prints=True)
def forge(recipe_json: str, out: str) -> dict[str, Any]:
    recipe = Recipe.model_validate_json(recipe_json)
    units = plan(recipe)
    todo = [u for u in units if not stats_path(Path(out), u).exists()]
    for future in as_completed([unit_task.submit(recipe_json, u, out) for u in todo]):
        future.result()  # raises if a unit failed after its retries
    return export(recipe, units, Path(out))


@contextlib.contextmanager
def local_api() -> Iterator[None]:
    """Without a configured server, start Prefect's local API once for this run.

    Setting ``PREFECT_API_URL`` lets worker processes join it instead of each
    starting a temporary server of their own (about 8 s apiece).
    """
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start(timeout=90)
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        yield
    finally:
        from prefect._internal.concurrency.services import QueueService

        # send the last logs and events while the API is still up, or exit waits on retries
        QueueService.drain_all(timeout=10)
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()


def run_recipe(recipe: Recipe, out: Path | None = None) -> dict[str, Any]:
    """Run ``recipe`` into ``out`` (default: the recipe's output); resume what a killed run left."""
    out = out or recipe.output_dir()
    prepare_output(recipe, out)
    runner = ProcessPoolTaskRunner(max_workers=recipe.workers) if recipe.workers > 1 else ThreadPoolTaskRunner(max_workers=1)
    with local_api():
        return forge.with_options(task_runner=runner)(recipe.model_dump_json(), str(out))
