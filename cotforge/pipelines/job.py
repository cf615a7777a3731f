"""A run as the unit runner sees it: where problems come from, where steps come from, how to search.

``cotforge run`` and ``cotforge annotate`` differ only in their sources: run generates problems
with the registered generators and searches their registered symbolic step spaces; annotate
reads the user's rows and searches a language model's steps. Both go through the same unit
runner (``run_unit``), the same Prefect flow, engines and fsspec output, with the same resume
guarantees. A new kind of run (an evaluation, a round of evolve) is a new pair of sources.

A ``Job`` is built once, at the edge, from validated options, and is passed as it is to the
flow and to every unit (pickled to worker processes, never re-validated). Sources are plain
frozen descriptions; anything heavy (a model) is made where the work runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
import warnings
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from cotforge.core.errors import CapacityWarning, ConfigError
from cotforge.core.records import Problem, Rejection
from cotforge.core.task import Generator
from cotforge.core.registry import TASKS
from cotforge.pipelines.output import prepare_output
from cotforge.pipelines.plan import WorkUnit, plan
from cotforge.pipelines.recipe import FilterSettings, Recipe, ViewSettings
from cotforge.pipelines.solve import Outcome, solve_problem
from cotforge.pipelines.storage import Location
from cotforge.pipelines.task_config import task_config
from cotforge.solvers.search.base import SearchSettings


@runtime_checkable
class Options(Protocol):
    """The validated options of a run (a ``Recipe``, annotate's options): what the output folder
    records and what export reads (filters, views, shard size)."""

    @property
    def name(self) -> str: ...

    @property
    def shard_rows(self) -> int: ...

    @property
    def workers(self) -> int: ...

    @property
    def filters(self) -> FilterSettings: ...

    @property
    def views(self) -> ViewSettings: ...

    def fingerprint(self) -> str: ...

    def model_dump(self, *, exclude: set[str] | None = None) -> dict[str, Any]: ...


@runtime_checkable
class ProblemSource(Protocol):
    """Where a run's problems come from, unit by unit."""

    def units(self) -> list[WorkUnit]:
        """The run's work units, in a fixed order."""

    def problems(self, unit: WorkUnit) -> Iterator[Problem | Rejection]:
        """The unit's problems in order; one that cannot be made (an unreadable gold) comes as its rejection."""


@runtime_checkable
class StepSource(Protocol):
    """Where the steps come from: searches ``problems`` with one algorithm's settings."""

    def check(self, first: Callable[[], Problem | None]) -> None:
        """Raise a CotforgeError now if the steps cannot be had (a model server that does not answer);
        ``first()`` makes the run's first problem, for a source that must try one."""

    def solve(self, problems: Sequence[Problem], settings: SearchSettings, min_steps: int) -> list[Outcome]:
        """One outcome per problem, in order."""


@dataclass(frozen=True, slots=True)
class Job:
    """One run: its validated options, where its problems and its steps come from, how to search."""

    options: Options
    problems: ProblemSource
    steps: StepSource
    search: SearchSettings
    min_steps: int
    algorithms: tuple[str, ...] = ()
    """Algorithms run over the same problems, each with ``search``'s budget; empty: ``search.algorithm``."""

    def searches(self) -> list[SearchSettings]:
        """The search settings of each algorithm to run, in order."""
        names = self.algorithms or (self.search.algorithm,)
        return [self.search.with_algorithm(name) for name in names]


@dataclass(frozen=True, slots=True)
class GeneratedProblems:
    """Problems made by the registered generators, as the recipe's tasks, levels and seed say."""

    recipe: Recipe

    def units(self) -> list[WorkUnit]:
        return plan(self.recipe)

    def generator(self, task: str, level: int, seed: int) -> Generator[Any]:
        """The task's generator at ``level``, with the recipe's settings for it."""
        generator_cls = TASKS.get(task)
        settings = next(t.config for t in self.recipe.tasks if t.name == task)
        if settings:
            return generator_cls(task_config(task, level, settings), seed=seed)
        return generator_cls.from_level(level, seed=seed)

    def problems(self, unit: WorkUnit) -> Iterator[Problem | Rejection]:
        generator = self.generator(unit.task, unit.level, unit.seed)
        for index in range(unit.start, unit.stop):
            yield generator.generate(index)

    def over_capacity(self, units: Sequence[WorkUnit]) -> list[str]:
        """One line per (task, level) the plan asks for more items than one seed holds (tasks that
        state a capacity): past it, items repeat and the export's dedup filters drop them."""
        from cotforge.pipelines.quality import capacity_note

        asked: dict[tuple[str, int, int], int] = {}
        for unit in units:
            key = (unit.task, unit.level, unit.seed)
            asked[key] = max(asked.get(key, 0), unit.stop)
        notes = [(task, level, capacity_note(self.generator(task, level, seed), n)) for (task, level, seed), n in asked.items()]
        return [f"{task} level {level}: {note}" for task, level, note in notes if note]


@dataclass(frozen=True, slots=True)
class RegisteredSpaces:
    """Each problem searched in the step space it names, one after another."""

    def check(self, first: Callable[[], Problem | None]) -> None:
        """Registered spaces need nothing reached."""

    def solve(self, problems: Sequence[Problem], settings: SearchSettings, min_steps: int) -> list[Outcome]:
        return [solve_problem(problem, settings, min_steps) for problem in problems]


def prepare(job: Job, out: Location) -> list[WorkUnit]:
    """Once per run: plan the units (reading the user's input, if any), check the step source can be
    reached, then claim ``out`` for ``job`` (refusing another run's folder) - so a bad input or a dead
    server is one error before anything is written."""
    units = job.problems.units()
    if isinstance(job.problems, GeneratedProblems):
        for note in job.problems.over_capacity(units):
            warnings.warn(note, CapacityWarning, stacklevel=2)
    job.steps.check(lambda: first_problem(job.problems, units))
    prepare_output(job.options, out)
    return units


def first_problem(source: ProblemSource, units: Sequence[WorkUnit]) -> Problem | None:
    """The first problem of the first unit that has one (rejections are skipped), or None."""
    for unit in units:
        for item in source.problems(unit):
            if isinstance(item, Problem):
                return item
    return None


def recipe_job(recipe: Recipe) -> Job:
    """``cotforge run``: generated problems, symbolic steps."""
    if not isinstance(recipe, Recipe):
        raise ConfigError(f"a run needs a validated Recipe, got {type(recipe).__name__}")
    return Job(recipe, GeneratedProblems(recipe), RegisteredSpaces(), recipe.search, recipe.min_steps)
