"""Instructions per verified record beside the peer's per bare item: a count the machine's load and drift do not move.

CPU time on this shared 2-core machine drifts by 1.6-2.3x between days and moves with whatever else runs (bench/README,
"The machine drifts"). The number of instructions a piece of work executes does not: this bench counts them with
valgrind (``cachegrind --cache-sim=no``, the instruction count only) for

- ``ours``: the full verified record as ``bench_math_cpu.py`` times it (generate, search with wrong moves, continued
  negatives, verify, every step checked, the row), levels 1-5 in turn;
- ``peer``: reasoning-gym's nearest task (``bench_tasks.PEERS``) as ``bench_math_cpu.peer_cpu_ms_per_item`` times it
  (generate, then score its own gold).

Each side runs in two processes, with ``--base`` and with ``--base + --n`` items after the same imports and warm-up;
the difference over ``--n`` is the count per item, the imports and warm-up cancelled. Instructions are not time
(cache misses and branches differ), so this is the drift-free companion of the CPU-time ratio, not a replacement.
Needs valgrind (``apt install valgrind``) and the bench extra (``pip install -e ".[bench]"``).

    python bench/bench_instructions.py --n 200 --tasks linear_equation quadratic_equation
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench_tasks; cotforge itself from the installed tree or PYTHONPATH (an A/B sets it)


def child(side: str, name: str, n: int) -> None:
    """The work counted: ``n`` of our records of task ``name``, or ``n`` of the peer's items of task ``name``."""
    if side == "ours":
        from cotforge.core.registry import TASKS
        from cotforge.pipelines.gc_tuning import tune_gc
        from cotforge.pipelines.recipe import SearchSettings
        from cotforge.pipelines.solve import solve_problem

        tune_gc()  # as a run's worker and bench_math_cpu do
        solve_problem(TASKS.get(name).from_level(1, seed=1123).generate(0), SearchSettings())  # warm-up
        generators = [TASKS.get(name).from_level(level, seed=123) for level in range(1, 6)]
        for i in range(n):
            solve_problem(generators[i % 5].generate(i // 5), SearchSettings())
    else:
        import reasoning_gym

        reasoning_gym.create_dataset(name, size=2, seed=7)[0]  # warm-up
        dataset = reasoning_gym.create_dataset(name, size=max(n, 1), seed=123)
        for i in range(n):
            item = dataset[i]
            dataset.score_answer(item["answer"], item)


def instructions(side: str, name: str, n: int) -> int:
    """Instructions a child process executes (valgrind's ``I refs``)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cachegrind.out"
        done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out}",
                               sys.executable, __file__, "--child", side, name, str(n)], capture_output=True, text=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"valgrind run of {side} {name} n={n} failed: {done.stderr[-500:]}")
    return int(found.group(1).replace(",", ""))


def per_item(side: str, name: str, base: int, n: int) -> float:
    return (instructions(side, name, base + n) - instructions(side, name, base)) / n


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", nargs=3, metavar=("SIDE", "NAME", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--tasks", nargs="+", default=["linear_equation"])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--base", type=int, default=5)
    parser.add_argument("--json", type=Path, default=HERE / "results" / "instructions.json")
    args = parser.parse_args(argv)
    if args.child:
        side, name, n = args.child
        child(side, name, int(n))
        return
    from bench_tasks import PEERS

    rows = []
    for task in args.tasks:
        ours = per_item("ours", task, args.base, args.n)
        row = {"task": task, "n": args.n, "ours_instructions_per_record": round(ours)}
        if task in PEERS:
            peer = per_item("peer", PEERS[task], args.base, args.n)
            row.update(peer=PEERS[task], peer_instructions_per_item=round(peer), ours_over_peer=round(ours / peer, 3))
        rows.append(row)
        print(json.dumps(row), flush=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
