"""Full records/s of two code trees in the same minutes: an issue's filing tree against this one, drift cancelled.

This machine runs the same code 1.6-2.3x faster or slower from one day to the next (bench/README, "The machine
drifts"), so a rate measured today against a table written on another day says little. This bench times both trees
now, alternating: each round times every task on one tree, then on the other (the order flips every round), and the
medians over the rounds are compared. Each task is timed in a process of its own with ``bench_tasks.bench_cotforge``
after a warm-up task that pays the imports (the filing table's method otherwise: the default garbage collector, no
memo dropped): in one long process the memos and objects earlier tasks leave behind make the collector's passes
longer for the tasks after them, by up to 2.4x here (inequality after countdown, derivative, futoshiki and
graph_coloring), which a run never sees (its workers drop the memos of a finished task and tune the collector).

The base tree is any checkout of the project (``git worktree add /tmp/filing <commit>``); it runs with this
environment's packages and this bench's timing code, so only the project's code differs.

    python bench/bench_trees.py --base /tmp/filing --rounds 3 --n 60 --tasks rational_expression linear_equation \
        --json bench/results/trees.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
THIS_TREE = HERE.parent
WARM_UP = "arithmetic_expression"
"""Timed first and left out, as the filing table's first task paid the process's imports and first-use caches."""


def worker(tasks: list[str], n: int, negatives: int | None) -> None:
    """Times ``tasks`` in this process (the tree on ``PYTHONPATH``) and prints one JSON line per task."""
    sys.path.insert(0, str(HERE))
    import bench_tasks
    import cotforge

    print(json.dumps({"cotforge": str(Path(cotforge.__file__).resolve().parent)}), flush=True)
    bench_tasks.bench_cotforge(WARM_UP, 20, negatives=negatives)
    for task in tasks:
        result = bench_tasks.bench_cotforge(task, n, negatives=negatives)
        print(json.dumps({"task": task, "full_per_s": result["full_per_s"], "mean_steps": result["mean_steps"]}), flush=True)


def run_tree(tree: Path, tasks: list[str], n: int, negatives: int | None) -> dict[str, dict]:
    """``tree``'s figures per task, each task timed in a worker process of its own."""
    return {task: run_task(tree, task, n, negatives) for task in tasks}


def run_task(tree: Path, task: str, n: int, negatives: int | None) -> dict:
    """One worker process on ``tree`` timing ``task``."""
    env = {**os.environ, "PYTHONPATH": str(tree), "OMP_NUM_THREADS": "1"}
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", "--n", str(n), "--tasks", task]
    if negatives is not None:
        command += ["--negatives", str(negatives)]
    done = subprocess.run(command, env=env, cwd=tree, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench_trees: the worker on {tree} failed on {task}: {done.stderr.strip().splitlines()[-1:]}")
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if not rows or rows[0].get("cotforge") != str(tree / "cotforge"):
        raise SystemExit(f"bench_trees: the worker on {tree} imported cotforge from {rows[0] if rows else 'nowhere'}")
    return rows[1]


def compare(base: Path, tasks: list[str], rounds: int, n: int, negatives: int | None) -> dict:
    """Both trees, ``rounds`` times, alternating which goes first; the rates per round and their medians."""
    runs: dict[str, list[dict[str, dict]]] = {"base": [], "this": []}
    trees = {"base": base, "this": THIS_TREE}
    for r in range(rounds):
        for side in (("base", "this") if r % 2 == 0 else ("this", "base")):
            start = time.perf_counter()
            runs[side].append(run_tree(trees[side], tasks, n, negatives))
            print(f"round {r + 1}/{rounds}: {side} tree in {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    table = {}
    for task in tasks:
        base_rates = [run[task]["full_per_s"] for run in runs["base"]]
        this_rates = [run[task]["full_per_s"] for run in runs["this"]]
        table[task] = {"base": base_rates, "this": this_rates, "base_median": statistics.median(base_rates),
                       "this_median": statistics.median(this_rates),
                       "ratio": statistics.median(this_rates) / statistics.median(base_rates),
                       "steps": [runs["base"][0][task]["mean_steps"], runs["this"][0][task]["mean_steps"]]}
    return {"base": commit_of(base), "this": commit_of(THIS_TREE), "rounds": rounds, "n": n, "negatives": negatives,
            "tasks": table}


def commit_of(tree: Path) -> str:
    """The commit a tree has checked out ("+changes" when its files differ from it), not its path on this machine."""
    head = subprocess.run(["git", "-C", str(tree), "rev-parse", "HEAD"], capture_output=True, text=True, check=False)
    if head.returncode != 0:
        return "not a git checkout"
    dirty = subprocess.run(["git", "-C", str(tree), "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                           text=True, check=False).stdout.strip()
    return head.stdout.strip() + ("+changes" if dirty else "")


def markdown(result: dict) -> str:
    lines = ["| task | base, full records/s (runs) | this tree (runs) | this / base | steps, base -> this |",
             "|---|---|---|---:|---|"]
    for task, row in result["tasks"].items():
        base = ", ".join(f"{x:.1f}" for x in row["base"])
        this = ", ".join(f"{x:.1f}" for x in row["this"])
        lines.append(f"| {task} | **{row['base_median']:.1f}** ({base}) | **{row['this_median']:.1f}** ({this}) | "
                     f"{row['ratio']:.2f}x | {row['steps'][0]:.1f} -> {row['steps'][1]:.1f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="the other tree (a checkout of the project)")
    parser.add_argument("--tasks", nargs="+", required=True)
    parser.add_argument("--n", type=int, default=60, help="problems per task, levels 1-5 evenly")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--negatives", type=int, help="negatives per record (default: each tree's recipe default)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.tasks, args.n, args.negatives)
        return
    if args.base is None or not (args.base / "cotforge" / "__init__.py").is_file():
        parser.error(f"--base must be a checkout of the project (no cotforge/__init__.py under {args.base})")
    if args.rounds < 1 or args.n < 5:
        parser.error("--rounds must be at least 1 and --n at least 5 (one problem per level)")
    result = compare(args.base.resolve(), args.tasks, args.rounds, args.n, args.negatives)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    print(markdown(result))


if __name__ == "__main__":
    main()
