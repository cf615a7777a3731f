"""Data quality and diversity of the math tasks, measured as a user of the data reads it.

Per task and level: generated questions (duplicates, overlap with the next seed, answers stated
in the prose) and solved records (Math-Verify reads the box as the gold, no step leaves the
state unchanged, steps per record); per task the diversity figures of bench/README.md: distinct
question structures (numbers and names blanked), distinct step templates (formulas and numbers
blanked), and the share of the most common opening step.

    python bench/bench_math_quality.py [--tasks a,b] [--generated 200] [--solved 200] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.generators.math._quality import (  # noqa: E402
    MATH_TASKS,
    boxed_mismatches,
    cross_seed_overlap,
    diversity,
    duplicate_share,
    leaks,
    mean_steps,
    noop_steps,
    sample,
)


def measure(task: str, generated: int, solved: int) -> dict:
    samples = [sample(task, level, generated, solved) for level in range(1, 6)]
    rows = [r for s in samples for r in s.rows]
    return {
        "task": task,
        "unsolved": sum(s.unsolved for s in samples),
        "box_not_gold": len(boxed_mismatches(rows)),
        "noop_steps": len(noop_steps(rows)),
        "steps_by_level": [round(mean_steps(s.rows), 2) for s in samples],
        "leaks": sum(len(leaks(s.problems)) for s in samples),
        "duplicate_share_max": max(duplicate_share(s.problems) for s in samples),
        "cross_seed_overlap": sum(cross_seed_overlap(s.problems, s.other_seed) for s in samples),
        **diversity(samples),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", default="")
    parser.add_argument("--generated", type=int, default=200)
    parser.add_argument("--solved", type=int, default=200)
    parser.add_argument("--json", default="")
    args = parser.parse_args()
    tasks = args.tasks.split(",") if args.tasks else MATH_TASKS
    results = []
    print("| task | structures | step templates | top opening | steps L1-L5 | box != gold | no-op steps | leaks | dup max | overlap |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for task in tasks:
        start = time.perf_counter()
        r = measure(task, args.generated, args.solved)
        r["seconds"] = round(time.perf_counter() - start, 1)
        results.append(r)
        print(f"| {task} | {r['structures']} | {r['step_templates']} | {r['top_opening_share']:.0%} | "
              f"{' / '.join(str(x) for x in r['steps_by_level'])} | {r['box_not_gold']} | {r['noop_steps']} | {r['leaks']} | "
              f"{r['duplicate_share_max']:.1%} | {r['cross_seed_overlap']} |", flush=True)  # fmt: skip
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
