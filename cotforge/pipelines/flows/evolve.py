"""The Prefect flow of ``cotforge evolve``: rounds of search, SFT and eval (``cotforge.pipelines.evolve``).

Each round's searches run as the ``cotforge-run`` flow (``run_job``), nested in this one, so their
units are Prefect tasks on the same task runners and resume the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger

from cotforge.pipelines.evolve import EvolveOptions, evolve
from cotforge.pipelines.flows.engines import local_api
from cotforge.pipelines.flows.forge import run_job
from cotforge.pipelines.job import Job


def _run_search(job: Job, out: Path) -> dict[str, Any]:
    return run_job(job, out)


@flow(name="cotforge-evolve", log_prints=True, validate_parameters=False)
def evolve_flow(options: EvolveOptions) -> dict[str, Any]:
    logger = get_run_logger()

    def progress(report: dict[str, Any]) -> None:
        logger.info("round %s: accuracy %.1f%%, chains kept %s", report["round"], 100 * report["eval"]["pass@1"],
                    report.get("chains_kept", "-"))

    return evolve(options, _run_search, progress)


def run_evolve(options: EvolveOptions) -> dict[str, Any]:
    """Run (or resume) an evolve under Prefect's local API."""
    with local_api():
        return evolve_flow(options)
