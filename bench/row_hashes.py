"""One hash per task of the rows the pipeline writes, to show that a change kept them ("same rows").

For each task: levels 1-5, ``--per-level`` items each (default 20, so 100 records) at ``--seed`` (default 7), solved
with the default search settings; the hash is the sha256 of every row's ``json.dumps(row, sort_keys=True)``, first 16
hex digits. Run it with each code tree on the path and compare the lines:

    PYTHONPATH=<tree> python bench/row_hashes.py linear_equation integral    # or --all
"""

from __future__ import annotations

import argparse
import hashlib
import json

from cotforge.core.registry import TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem


def row_hash(task: str, seed: int = 7, per_level: int = 20) -> str:
    h = hashlib.sha256()
    for level in range(1, 6):
        generator = TASKS.get(task).from_level(level, seed=seed)
        for index in range(per_level):
            row = solve_problem(generator.generate(index), SearchSettings()).row
            h.update(json.dumps(row, sort_keys=True, default=str).encode())
    return h.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tasks", nargs="*")
    parser.add_argument("--all", action="store_true", help="every registered task")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-level", type=int, default=20)
    args = parser.parse_args()
    tasks = sorted(TASKS.names()) if args.all else args.tasks
    if not tasks:
        parser.error("name the tasks, or pass --all")
    for task in tasks:
        print(task, row_hash(task, args.seed, args.per_level), flush=True)


if __name__ == "__main__":
    main()
