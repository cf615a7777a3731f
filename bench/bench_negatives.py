"""The wrong moves of the logic and code tasks as training data (issue 18): how many records carry a
negative, of how many kinds, where the first error falls, and whether the step checker itself
rejects every step labelled wrong.

Per task, over ``--n`` items per level solved by the default search (one wrong move asked per
expansion, as ``cotforge run`` does): the share of records with at least one negative; the error
kinds seen (``Step.error_kind``); the first wrong step's position as a share of the negative's
steps, in thirds (early / middle / late); the share of labelled-wrong steps the task's own step
check rejects (``verified`` False: an independent check, not the generator's flag); the median
length ratio of a negative to the solution (whole-solution DPO pairs).

    python bench/bench_negatives.py --n 6      # writes bench/results/negatives.{json,md}
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from cotforge.core.registry import TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem

LOGIC_CODE = ("countdown", "futoshiki", "graph_coloring", "knights_knaves", "propositional", "seating", "shortest_path",
              "sudoku", "syllogism", "zebra", "bug_fix", "code_input", "code_output", "function_synthesis")  # fmt: skip


def measure(task: str, n: int, seed: int = 4) -> dict[str, Any]:
    records = with_negative = 0
    kinds: Counter[str] = Counter()
    thirds: Counter[str] = Counter()
    labelled = rejected = 0
    ratios: list[float] = []
    for level in range(1, 6):
        gen = TASKS.get(task).from_level(level, seed=seed)
        for i in range(n):
            row = solve_problem(gen.generate(i), SearchSettings()).row
            if row is None:
                continue
            records += 1
            with_negative += bool(row["negatives"])
            chosen = sum(len(s["text"].split()) for s in row["steps"]) or 1
            for neg in row["negatives"]:
                steps = neg["steps"]
                ratios.append(sum(len(s["text"].split()) for s in steps) / chosen)
                k = neg["first_wrong_step"]
                if k is not None:
                    thirds[("early", "middle", "late")[min(2, 3 * k // max(len(steps), 1))]] += 1
                for s in steps:
                    if s["intended_wrong"]:
                        labelled += 1
                        rejected += s["verified"] is False
                        kinds[s["error_kind"] or "(none)"] += 1
    return {"records": records, "with_negative": with_negative / max(records, 1), "kinds": dict(kinds),
            "first_error": dict(thirds), "labelled_wrong": labelled, "rejected_by_check": rejected / max(labelled, 1),
            "length_ratio": statistics.median(ratios) if ratios else None}  # fmt: skip


def table(results: dict[str, Any]) -> list[str]:
    lines = ["| task | records with a negative | error kinds | first error early / middle / late | "
             "labelled-wrong steps the check rejects | length rejected/chosen |", "|---|---:|---|---|---:|---:|"]
    for task, r in results.items():
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(r["kinds"].items())) or "-"
        f = r["first_error"]
        ratio = "-" if r["length_ratio"] is None else f"{r['length_ratio']:.2f}"
        lines.append(f"| {task} | {r['with_negative']:.0%} | {kinds} | {f.get('early', 0)} / {f.get('middle', 0)} / "
                     f"{f.get('late', 0)} | {r['rejected_by_check']:.0%} of {r['labelled_wrong']} | {ratio} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=6, help="items per level")
    parser.add_argument("--tasks", default=",".join(LOGIC_CODE))
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "negatives"))
    args = parser.parse_args(argv)
    results = {}
    for task in args.tasks.split(","):
        results[task] = measure(task, args.n)
        print(table({task: results[task]})[-1], flush=True)
    Path(args.out + ".json").write_text(json.dumps(results, indent=1, sort_keys=True))
    Path(args.out + ".md").write_text("\n".join(table(results)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
