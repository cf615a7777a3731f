"""What each level of a task asks for: question templates, steps, words and search work per level.

Per task and level, over ``--n`` items solved by the default search (as ``cotforge run`` does):
the median steps and words of the chain of thought, the median search nodes, and, per task, the
distinct question templates. A template is the question's first and last sentence with every word
that is not common to the task's questions masked (names, numbers, clue contents), consecutive
masks merged: two questions share a template when they open and ask in the same words.

    python bench/bench_task_shape.py --n 20 --out bench/results/shape     # writes shape.{json,md}

Only the public pipeline API is used, so the same script measures an older checkout (run it with
that checkout on PYTHONPATH) for a before/after table.
"""

from __future__ import annotations

import argparse
import json
import re
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


def _sentences(question: str) -> list[str]:
    text = re.sub(r"```.*?```", " ", question, flags=re.S)
    parts = [p.strip() for p in re.split(r"(?<=[.?!:])\s+|\n+", text) if re.search(r"[A-Za-z]{3}", p)]
    return [parts[0], parts[-1]] if parts else [""]


def templates(questions: list[str]) -> int:
    """Distinct opening-and-asking skeletons (see the module docstring)."""
    heads = [" ".join(_sentences(q)) for q in questions]
    tokens = [re.findall(r"[a-z]{3,}", h.lower()) for h in heads]  # letters and digits are never template words
    common = {w for w, c in Counter(w for ts in tokens for w in set(ts)).items() if c >= len(heads) / 4}
    masked = {re.sub(r"(_ )+", "_ ", " ".join(w if w in common else "_" for w in ts)) for ts in tokens}
    return len(masked)


def measure(task: str, n: int, seed: int = 3) -> dict[str, Any]:
    out: dict[str, Any] = {}
    questions = []
    for level in range(1, 6):
        gen = TASKS.get(task).from_level(level, seed=seed)
        steps, words, nodes = [], [], []
        for i in range(n):
            problem = gen.generate(i)
            questions.append(problem.question)
            row = solve_problem(problem, SearchSettings()).row
            if row is None:
                continue
            steps.append(len(row["steps"]))
            words.append(len(row["cot"].split()))
            nodes.append(row["search"]["nodes"])
        out[str(level)] = {"solved": len(steps), "steps": statistics.median(steps) if steps else None,
                           "words": statistics.median(words) if words else None,
                           "nodes": statistics.median(nodes) if nodes else None}  # fmt: skip
    out["templates"] = templates(questions)
    return out


def table(results: dict[str, Any]) -> list[str]:
    lines = ["| task | templates | steps L1-L5 | words L1-L5 | search nodes L1-L5 |", "|---|---:|---|---|---|"]
    def row(r: dict[str, Any], key: str) -> str:
        return " / ".join("-" if r[str(lv)][key] is None else f"{r[str(lv)][key]:g}" for lv in range(1, 6))

    for task, r in results.items():
        lines.append(f"| {task} | {r['templates']} | {row(r, 'steps')} | {row(r, 'words')} | {row(r, 'nodes')} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="items per level")
    parser.add_argument("--tasks", default=",".join(LOGIC_CODE))
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "shape"))
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
