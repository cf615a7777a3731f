"""Serving the run flow on a cron schedule with Prefect (``cotforge serve``)."""

from __future__ import annotations

from typing import Any

from prefect import flow
from prefect.client.schemas.objects import State

from cotforge.pipelines.flows.engines import exit_with_parent, scheduling_api
from cotforge.pipelines.flows.forge import forge
from cotforge.pipelines.recipe import Recipe


@flow(name="cotforge-scheduled")
def scheduled(recipe_json: str, out: str) -> dict[str, Any] | State:
    """One scheduled run: the run flow as a subflow, on the recipe's local worker processes.

    Prefect's runner starts each run in a process of its own; when ``cotforge serve`` stops (a
    SIGTERM, or killed), that process must not go on writing the run on its own, so it ends
    itself once its parent is gone (finished units are kept; the next run resumes)."""
    exit_with_parent()
    return forge(recipe_json, out)


def serve(recipe: Recipe, cron: str, name: str | None = None) -> None:
    """Serve until interrupted; each run's parameters can be overridden in the Prefect UI or CLI."""
    parameters = {"recipe_json": recipe.model_dump_json(), "out": str(recipe.output_dir())}
    try:
        with scheduling_api():
            scheduled.serve(name=name or recipe.name, cron=cron, parameters=parameters)
    except SystemExit:
        pass  # Prefect's SIGTERM handler ends serving with sys.exit(0); the API is stopped above
