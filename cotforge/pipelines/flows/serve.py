"""Serving the run flow on a cron schedule with Prefect (``cotforge serve``)."""

from __future__ import annotations

import os
import signal
from typing import Any

from prefect import flow
from prefect.client.schemas.objects import State

from cotforge.pipelines.flows.engines import exit_with_parent, scheduling_api
from cotforge.pipelines.flows.forge import forge
from cotforge.pipelines.job import prepare, recipe_job
from cotforge.pipelines.recipe import Recipe
from cotforge.pipelines.storage import location


@flow(name="cotforge-scheduled")
def scheduled(recipe_json: str, out: str) -> dict[str, Any] | State:
    """One scheduled run: the run flow as a subflow, on the recipe's local worker processes.

    Prefect's runner starts each run in a process of its own; when ``cotforge serve`` stops (a
    SIGTERM, or killed), that process must not go on writing the run on its own, so it ends
    itself once its parent is gone (finished units are kept; the next run resumes)."""
    exit_with_parent()
    _exit_on_sigterm()
    job = recipe_job(Recipe.model_validate_json(recipe_json))  # once per run: the UI may have changed it
    return forge(job, prepare(job, location(out)), out)


def _exit_on_sigterm() -> None:
    """In the run's own process: end at once on SIGTERM (what serve's runner sends it on stopping).
    Prefect's default there reschedules the run through the API that serve is stopping, which could
    hold serve's shutdown for minutes; every finished unit is on disk, the next run resumes."""
    try:
        signal.signal(signal.SIGTERM, lambda *_: os._exit(143))
    except ValueError:
        pass  # not the main thread (the flow runs in-process): serve's own handling applies


def serve(recipe: Recipe, cron: str, name: str | None = None) -> None:
    """Serve until interrupted; each run's parameters can be overridden in the Prefect UI or CLI."""
    parameters = {"recipe_json": recipe.model_dump_json(), "out": str(recipe.output_dir())}
    try:
        with scheduling_api():
            scheduled.serve(name=name or recipe.name, cron=cron, parameters=parameters)
    except SystemExit:
        pass  # Prefect's SIGTERM handler ends serving with sys.exit(0); the API is stopped above
