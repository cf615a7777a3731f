"""cotforge: verified reasoning problems, chains of thought and rewards for training language models.

The Python API, two lines from a problem to a reward::

    rows = cotforge.make("linear_equation", level=2, seed=0, n=8)
    cotforge.score(rows[0], completion)        # Score(reward=1.0, status="accept", ...)

``tasks()`` lists what ``make`` can generate; ``stream(...)`` is an endless, de-duplicated mix of
tasks for online RL, with a curriculum over levels (``cotforge.envs``). Generating and scoring
import neither Prefect nor torch.
"""

from __future__ import annotations

from cotforge import plugins as _plugins  # noqa: F401 - tells core's registries where cotforge's own tasks, spaces, ... live

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cotforge.core.task import TaskConfig
    from cotforge.envs.curriculum import Curriculum, CurriculumConfig
    from cotforge.envs.stream import Stream
    from cotforge.verifiers.rewards import Score

__version__ = "0.1.0"
"""The package version (the same as ``pyproject.toml``'s)."""

__all__ = ["__version__", "make", "score", "stream", "tasks"]

MAX_MAKE = 1_000_000
"""Most rows one ``make`` call returns (ask for more in slices with ``start=``)."""


def tasks(domain: str | None = None) -> list[str]:
    """The registered task names, sorted (only ``domain``'s: ``math``, ``logic`` or ``code``, if given)."""
    from cotforge.core.errors import ConfigError
    from cotforge.core.registry import TASKS

    names = TASKS.names()
    if domain is None:
        return names
    domains = sorted({TASKS.get(n).domain for n in names})
    if domain not in domains:
        raise ConfigError(f"unknown domain {domain!r} (known: {', '.join(domains)})")
    return [n for n in names if TASKS.get(n).domain == domain]


def make(
    task: str,
    *,
    level: int | None = None,
    seed: int = 0,
    n: int = 1,
    start: int = 0,
    config: Mapping[str, Any] | TaskConfig | None = None,
) -> list[dict[str, Any]]:
    """``n`` problems of ``task`` as plain dict rows, items ``start`` to ``start + n - 1`` of ``seed``.

    Each row has ``id``, ``question``, ``answer`` (LaTeX for math), ``prompt`` (a one-message
    conversation: the question and the answer-format hint) and ``metadata`` (``task``, ``domain``,
    ``level``, ``verifier``, ``payload``, ``id``, ``seed``, ``index``, ...: all that :func:`score`
    needs). The same arguments always give the same rows. ``level`` is 1 (default) to 5;
    ``config`` sets the task's other knobs by name (``cotforge show TASK`` describes them).
    """
    from cotforge.core.errors import ConfigError
    from cotforge.core.registry import TASKS
    from cotforge.envs.rows import problem_row, task_config

    for name, value, low in (("n", n, 0), ("start", start, 0)):
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            raise ConfigError(f"make: {name} must be an integer >= {low}, got {value!r}")
    if n > MAX_MAKE:
        raise ConfigError(f"make: n={n} is more than {MAX_MAKE:,} rows at once; ask in slices with start=")
    generator = TASKS.get(task)(task_config(task, level, config), seed=seed)
    return [problem_row(generator.generate(i)) for i in range(start, start + n)]


def score(row: Mapping[str, Any], completion: str | Sequence[Mapping[str, str]]) -> Score:
    """Score a model's completion (text, or a conversation whose last message is the answer) against
    a row of :func:`make`, :func:`stream` or the ``rl`` view.

    Returns a ``Score``: ``reward`` 1.0 (accepted), 0.0 (rejected, or no answer could be read),
    ``None`` (the check itself could not be made); ``status`` (accept, reject, unreadable, error),
    ``reason`` and the ``extracted`` answer.
    """
    from cotforge.envs.rows import score_fields
    from cotforge.verifiers import rewards

    return rewards.score(score_fields(row), completion)  # type: ignore[arg-type]


def stream(
    tasks: Sequence[str] | Mapping[str, float] | None = None,
    *,
    seed: int = 0,
    level: int | Mapping[str, int] = 1,
    curriculum: bool | Curriculum | CurriculumConfig | Mapping[str, Any] | None = None,
    config: Mapping[str, Mapping[str, Any]] | None = None,
    patience: int = 500,
) -> Stream:
    """An endless, de-duplicated stream of :func:`make` rows mixing ``tasks`` (names, or names to
    weights; all tasks if None) at ``level`` (one for all, or per task), with an optional
    ``curriculum`` (True, a dict of ``CurriculumConfig`` settings, or a ``Curriculum``) that moves
    each task's level by the reward fed back; see :class:`cotforge.envs.Stream`."""
    from cotforge.envs.stream import Stream

    return Stream(tasks, seed=seed, level=level, curriculum=curriculum, config=config, patience=patience)
