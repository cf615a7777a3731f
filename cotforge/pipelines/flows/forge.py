"""The Prefect flow that runs a recipe: work units as tasks, then export and the report.

This is the only package that imports Prefect. The flow body only calls the plain
pipeline functions, so the same work runs under any Prefect task runner (local
processes by default; Dask or Ray through their Prefect integrations).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.exceptions import FailedRun  # noqa: E402
from prefect.futures import as_completed  # noqa: E402
from prefect.client.schemas.objects import State  # noqa: E402
from prefect.states import Failed  # noqa: E402

from cotforge.core.errors import CotforgeError  # noqa: E402
from cotforge.pipelines.export import export  # noqa: E402
from cotforge.pipelines.flows.engines import local_api, task_runner  # noqa: E402
from cotforge.pipelines.filtering import check_references  # noqa: E402
from cotforge.pipelines.job import Job, prepare, recipe_job  # noqa: E402
from cotforge.pipelines.output import finish_run_log, hold_output, start_run_log  # noqa: E402
from cotforge.pipelines.plan import WorkUnit  # noqa: E402
from cotforge.pipelines.recipe import Recipe  # noqa: E402
from cotforge.pipelines.report import write_report  # noqa: E402
from cotforge.pipelines.run_unit import run_unit, stats_path  # noqa: E402
from cotforge.pipelines.storage import Location, check_engine, is_local, location  # noqa: E402

WORKER_LOST = frozenset({"BrokenProcessPool", "KilledWorker", "WorkerCrashedError", "NodeDiedError"})
"""Errors that say a worker died under a unit (killed, out of memory), not that the unit failed."""
IDLE_ROUNDS = 2
"""Rounds in a row that may lose a worker without finishing any unit before the run gives up on them."""
UNIT_FOLDERS = ("parts", "rejected", "stats")
CLUSTER_IN_FLIGHT = 64
"""Units submitted at a time to a Dask or Ray cluster at least (``in_flight``), whose size ``workers`` may not say."""


@task(name="work-unit", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE,
      task_run_name="{unit.name} {unit.task} L{unit.level}")
def unit_task(job: Job, unit: WorkUnit, out: str) -> dict[str, Any]:
    return run_unit(job, unit, location(out))


@flow(name="cotforge-units", log_prints=True, validate_parameters=False)
def run_units(job: Job, out: str, units: list[WorkUnit], window: int) -> dict[str, str]:
    """Run ``units`` on this flow's task runner; return each failed unit's error.

    At most ``window`` units are submitted at a time, the next one as each finishes. A submitted unit
    holds its serialized arguments until it runs (all 5,020 units of a million-record run, submitted at
    once, held 3 GB in this process), and a stopped run first finishes the units it submitted."""
    waiting = iter(units)
    running: dict[Any, tuple[WorkUnit, Any]] = {}
    failed: dict[str, str] = {}

    def submit_next() -> None:
        unit = next(waiting, None)
        if unit is not None:
            future = unit_task.submit(job, unit, out)
            running[future.task_run_id] = (unit, future)

    for _ in range(window):
        submit_next()
    while running:
        future = next(as_completed([f for _, f in running.values()]))
        unit, _ = running.pop(future.task_run_id)
        try:
            future.result()
        except Exception as exc:  # noqa: BLE001 - a failed unit is reported and skipped, the run goes on
            failed[unit.name] = f"{type(exc).__name__}: {exc}"
        submit_next()
    return failed


def in_flight(engine: str, workers: int) -> int:
    """Units submitted at a time: enough to keep every worker busy while the next is submitted."""
    return 2 * workers if engine == "local" else max(CLUSTER_IN_FLIGHT, 4 * workers)


def _worker_lost(error: str | None) -> bool:
    return error is not None and error.split(":", 1)[0] in WORKER_LOST


def run_in_rounds(todo: list[WorkUnit], run_round: Callable[[list[WorkUnit]], dict[str, str]],
                  warn: Callable[[str], None]) -> dict[str, str]:
    """Run ``todo`` with ``run_round``; when a worker dies, run what it took down again on fresh workers.

    A dead local process breaks the whole pool, failing every unit still queued, so the
    units it left go to a new pool, as long as rounds keep finishing units (and at most
    ``IDLE_ROUNDS`` rounds in a row that finish none). Returns the units that still failed.
    """
    errors: dict[str, str] = {}
    idle = 0
    while todo:
        failed = run_round(todo)
        for unit in todo:
            errors.pop(unit.name, None)
        errors.update(failed)
        lost = [u for u in todo if _worker_lost(failed.get(u.name))]
        idle = idle + 1 if len(failed) == len(todo) else 0
        if not lost or idle >= IDLE_ROUNDS:
            break
        warn(f"a worker died: running the {len(lost)} units it left again on new workers")
        todo = lost
    return errors


def run_all_units(job: Job, units: list[WorkUnit], out: str, engine: str, address: str | None) -> dict[str, str]:
    """Run the units without a completion marker, each round on a new task runner."""
    workers = job.options.workers

    def run_round(todo: list[WorkUnit]) -> dict[str, str]:
        runner = task_runner(engine, workers, address)
        return run_units.with_options(task_runner=runner)(job, out, todo, in_flight(engine, workers))

    todo = [u for u in units if not stats_path(location(out), u).exists()]
    logger = get_run_logger()
    lost: list[str] = []

    def warn(message: str) -> None:
        lost.append(message)
        logger.warning(message)

    try:
        return run_in_rounds(todo, run_round, warn)
    finally:
        if lost:
            release_broken_queues()


def release_broken_queues() -> None:
    """Let this process exit although a killed worker broke a queue of the pool's.

    A worker killed while it held a multiprocessing queue's write lock (Prefect's log and event
    forwarding queue) leaves the lock held for good: this process's own put on that queue then
    blocks in its feeder thread, and Python joins feeder threads at exit, so a run that finished
    every unit would never exit. After a lost worker, no queue is joined at exit; what may be lost
    is forwarded log lines, never data (units write their own files)."""
    import gc
    import multiprocessing.queues

    for obj in gc.get_objects():
        if isinstance(obj, multiprocessing.queues.Queue):
            obj.cancel_join_thread()


def sweep_temp_files(out: Location, folders: tuple[str, ...] = UNIT_FOLDERS) -> None:
    """Remove the temporary files of writes that a killed or failed process left unfinished."""
    for name in folders:
        folder = out / name
        for tmp in folder.glob(".*.tmp") if folder.is_dir() else []:
            tmp.unlink(missing_ok=True)


def export_folders(out: Location) -> tuple[str, ...]:
    data = out / "data"
    return tuple(f"data/{config.name}" for config in data.iterdir()) if data.is_dir() else ()


@flow(name="cotforge-run", log_prints=True, validate_parameters=False)
def forge(job: Job, units: list[WorkUnit], out: str, engine: str = "local", address: str | None = None) -> dict[str, Any] | State:
    """Run every unfinished unit of a prepared output; a unit that still fails after its retries
    is skipped and reported. Returns the run's stats, or a failed state saying why the dataset
    could not be written."""
    where = location(out)
    started = start_run_log(where)
    sweep_temp_files(where)
    failed = run_all_units(job, units, out, engine, address)
    sweep_temp_files(where)
    try:
        stats = export(job.options, units, where, failed=failed)
        finish_run_log(where, started, stats)  # before the report, which shows this run among the runs over time
        page = write_report(where)
    except OSError as exc:  # disk full, no permission, a lost mount: say so in one line, keep the finished units
        sweep_temp_files(where, export_folders(where))  # shards still under their temporary names take room
        return Failed(message=f"cannot write the dataset to {out}: {exc.strerror or exc}; the finished units are "
                              f"kept: make room (or fix access) and run the same command again to resume")
    report = f"report: [{page}](file://{page.resolve()})" if is_local(page) else f"report: {page}"
    create_markdown_artifact(
        key="cotforge-report",
        markdown=f"**{stats['records']}** records from `{job.options.name}`; {report}",
        description="cotforge run report",
    )
    return stats


def run_job(job: Job, out: Location | str, units: list[WorkUnit] | None = None, engine: str = "local",
            address: str | None = None) -> dict[str, Any]:
    """Run ``job`` into ``out``, resuming what a killed run left; ``units`` from ``prepare`` (else prepared here).

    The folder is held for the whole run: a second command on it is refused while this one lives.
    """
    out = location(out)
    check_engine(out, engine, job.options.workers)
    task_runner(engine, job.options.workers, address)  # a bad engine or address fails here, before any flow starts
    check_references(job.options.filters)  # benchmark files, tokenizer, earlier outputs: found now, not at export
    with hold_output(out):
        units = units if units is not None else prepare(job, out)
        with local_api():
            try:
                stats = forge(job, units, str(out), engine, address)
            except FailedRun as exc:
                raise CotforgeError(str(exc)) from None
    if not isinstance(stats, dict):  # a failed state is raised as FailedRun by the call
        raise CotforgeError(f"the run ended without stats: {stats}")
    return stats


def run_recipe(recipe: Recipe, out: Location | str | None = None, engine: str = "local", address: str | None = None) -> dict[str, Any]:
    """Run ``recipe`` into ``out`` (default: the recipe's output); resume what a killed run left."""
    return run_job(recipe_job(recipe), out if out is not None else recipe.output_dir(), engine=engine, address=address)
