"""The held-out ``test`` split: problems from a seed disjoint from the run's, decontaminated against train.

``cotforge export OUT --test N`` writes, beside the ``rl`` config's train shards, ``test`` shards of
N problems per task and level of the recipe, made by the same generators from the seed
``recipe.seed + TEST_SEED_OFFSET`` (every item's rng hashes the seed, so the items are independent
of train's). A problem is kept only when its gold answer verifies, and only when its question shares
no n-gram with a train question (the decontamination filter's rule, with the run's own template
n-grams ignored) and is not a train question, normalised. The rows are ``rl`` rows: the prompt and
what ``cotforge.verifiers.rewards.score`` needs, which is what ``cotforge eval`` answers and scores.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from cotforge.core.errors import ConfigError
from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.pipelines.recipe import Recipe
from cotforge.pipelines.run_unit import normalize_question
from cotforge.pipelines.views.rl import rl_rows

TEST_SEED_OFFSET = 1_000_003
"""Added to the recipe's seed for the test split (a prime, far from any seed a user would step to)."""

Row = dict[str, Any]


def problem_row(problem: Any) -> Row:
    """The fields of a raw record that the ``rl`` view reads, from a freshly generated problem."""
    return {"id": problem.uid, "task": problem.task, "level": problem.level, "question": problem.question,
            "answer": problem.answer, "domain": problem.domain, "verifier": problem.verifier, "payload": problem.payload}


def make_test_split(recipe: Any, per_level: int, train_questions: Iterable[str],
              write: Callable[[list[Row]], None]) -> dict[str, int]:
    """Make, check and write the test split; returns counts (kept, and dropped by reason)."""
    from cotforge.verifiers.filters.decontaminate import DecontaminationFilter

    if not isinstance(recipe, Recipe):
        raise ConfigError("a test split is made from a recipe's tasks: export --test works on a `cotforge run` folder, not an annotate one")
    train = list(train_questions)
    seen = {normalize_question(q) for q in train}
    decontaminate = DecontaminationFilter(train, source="train")
    seed = recipe.seed + TEST_SEED_OFFSET
    candidates: list[Any] = []
    for entry in recipe.tasks:
        for level in entry.levels:
            generator = TASKS.get(entry.name).from_level(level, seed=seed)
            candidates.extend(generator.generate(index) for index in range(per_level))
    rows = [problem_row(p) for p in candidates]
    decontaminate.start_fit()
    decontaminate.fit_batch(rows)
    decontaminate.end_fit()
    counts = {"kept": 0, "duplicate of train": 0, "shares an n-gram with train": 0, "gold does not verify": 0, "repeated": 0}
    kept: list[Row] = []
    own: set[str] = set()
    for problem, row in zip(candidates, rows):
        key = normalize_question(problem.question)
        if key in seen:
            counts["duplicate of train"] += 1
        elif key in own:
            counts["repeated"] += 1
        elif decontaminate.keep(row) is not True:
            counts["shares an n-gram with train"] += 1
        elif not VERIFIERS.get(problem.verifier).verify(problem, problem.answer).accepted:
            counts["gold does not verify"] += 1
        else:
            own.add(key)
            kept.extend(rl_rows(row))
            counts["kept"] += 1
    if kept:
        write(kept)
    return counts
