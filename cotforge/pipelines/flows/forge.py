"""The Prefect flow that runs a recipe: work units as tasks, then export and the report.

This is the only package that imports Prefect. The flow body only calls the plain
pipeline functions, so the same work runs under any Prefect task runner (local
processes by default; Dask or Ray through their Prefect integrations).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from prefect import flow, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.futures import as_completed  # noqa: E402

from cotforge.pipelines.export import export  # noqa: E402
from cotforge.pipelines.flows.engines import local_api, task_runner  # noqa: E402
from cotforge.pipelines.output import finish_run_log, prepare_output, start_run_log  # noqa: E402
from cotforge.pipelines.plan import WorkUnit, plan  # noqa: E402
from cotforge.pipelines.recipe import Recipe  # noqa: E402
from cotforge.pipelines.report import write_report  # noqa: E402
from cotforge.pipelines.run_unit import run_unit, stats_path  # noqa: E402


@task(name="work-unit", retries=2, retry_delay_seconds=1, task_run_name="{unit.name} {unit.task} L{unit.level}")
def unit_task(recipe_json: str, unit: WorkUnit, out: str) -> dict[str, Any]:
    return run_unit(Recipe.model_validate_json(recipe_json), unit, Path(out))


@flow(name="cotforge-run", log_prints=True)
def forge(recipe_json: str, out: str) -> dict[str, Any]:
    """Run every unfinished unit; a unit that still fails after its retries is skipped and reported."""
    recipe = Recipe.model_validate_json(recipe_json)
    prepare_output(recipe, Path(out))
    started = start_run_log(Path(out))
    units = plan(recipe)
    todo = [u for u in units if not stats_path(Path(out), u).exists()]
    submitted = [(unit, unit_task.submit(recipe_json, unit, out)) for unit in todo]
    unit_of = {future.task_run_id: unit for unit, future in submitted}
    failed: dict[str, str] = {}
    for future in as_completed([future for _, future in submitted]):
        try:
            future.result()
        except Exception as exc:  # noqa: BLE001 - a failed unit is reported and skipped, the run goes on
            failed[unit_of[future.task_run_id].name] = f"{type(exc).__name__}: {exc}"
    stats = export(recipe, units, Path(out), failed=failed)
    page = write_report(Path(out))
    create_markdown_artifact(
        key="cotforge-report",
        markdown=f"**{stats['records']}** records from recipe `{recipe.name}`; report: [{page}](file://{page.resolve()})",
        description="cotforge run report",
    )
    finish_run_log(Path(out), started, stats)
    return stats


def run_recipe(recipe: Recipe, out: Path | None = None, engine: str = "local", address: str | None = None) -> dict[str, Any]:
    """Run ``recipe`` into ``out`` (default: the recipe's output); resume what a killed run left."""
    out = out or recipe.output_dir()
    prepare_output(recipe, out)
    with local_api():
        return forge.with_options(task_runner=task_runner(engine, recipe.workers, address))(recipe.model_dump_json(), str(out))
