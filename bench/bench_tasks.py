"""Generation + search + verification speed per task, beside reasoning-gym's nearest task.

One process, one core, everything in the same run so the machine's load hits both
sides alike. cotforge is timed twice: bare generation, and the full path of a
record (generate -> search -> verify the answer -> check every step). The peer is
timed on bare generation plus scoring its own gold answer, which is all it does.

    python bench/bench_tasks.py [--n 60] [--out bench/results]

Writes ``tasks.json`` and ``tasks.md`` (the Markdown table) into ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from cotforge.core.registry import TASKS  # noqa: E402
from cotforge.pipelines.recipe import SearchSettings  # noqa: E402
from cotforge.pipelines.solve import solve_problem  # noqa: E402

PEERS = {
    "linear_equation": "simple_equations",
    "arithmetic_expression": "basic_arithmetic",
    "quadratic_equation": "polynomial_equations",
    "polynomial_expand": "polynomial_multiplication",
    "integral": "intermediate_integration",
    "number_theory": "gcd",
    "knights_knaves": "knights_knaves",
    "sudoku": "sudoku",
    "zebra": "zebra_puzzles",
    "futoshiki": "futoshiki",
    "countdown": "countdown",
    "propositional": "propositional_logic",
    "syllogism": "syllogism",
    "graph_coloring": "graph_color",
    "code_output": "codeio",
    "shortest_path": "shortest_path",  # reasoning-gym's is a grid maze: the nearest graph-search task
    "word_problem": "gsm_symbolic",
    "sequence": "number_sequence",
    "probability": "coin_flip",
    "percentage": "decimal_arithmetic",  # no percentage task: the nearest everyday-number one
    "derivative": "simple_integration",  # no derivative task: the nearest calculus one
    "polynomial_factor": "polynomial_equations",  # solving by factoring: the nearest factoring one
}


MATCHED = {"sudoku": ((3, 4, 5), "sudoku", {"min_empty": 50, "max_empty": 57})}
"""Rows at matched difficulty: reasoning-gym's defaults make easier puzzles than some of our levels
(its sudoku leaves 30-50 cells empty; our 9x9 levels 3-5 leave 50-57), so these levels are also
timed against the peer configured to the same range."""


def bench_cotforge(task: str, n: int, levels: tuple[int, ...] = (1, 2, 3, 4, 5), negatives: int | None = None) -> dict:
    """Records/s of ``task``; ``negatives`` (default: the recipe default) is how many wrong chains a record keeps.
    0 times the record as it was before the continued negatives of issue 18 (the chain, its checks, no negative)."""
    per_level = max(1, n // len(levels))
    problems, gen_seconds = [], 0.0
    for level in levels:
        generator = TASKS.get(task).from_level(level, seed=123)
        start = time.perf_counter()
        problems += [generator.generate(i) for i in range(per_level)]
        gen_seconds += time.perf_counter() - start
    settings = SearchSettings() if negatives is None else SearchSettings(negatives=negatives)
    start = time.perf_counter()
    outcomes = [solve_problem(p, settings) for p in problems]
    solve_seconds = time.perf_counter() - start
    accepted = sum(o.row is not None for o in outcomes)
    return {
        "problems": len(problems),
        "accepted": accepted,
        "generate_per_s": len(problems) / gen_seconds,
        "full_per_s": len(problems) / (gen_seconds + solve_seconds),
        "mean_steps": sum(len(o.row["steps"]) for o in outcomes if o.row) / max(accepted, 1),
        "mean_expansions": sum(o.expansions for o in outcomes) / len(outcomes),
    }


def bench_peer(name: str, n: int, config: dict | None = None) -> dict | None:
    try:
        import reasoning_gym
    except ImportError:
        return None
    start = time.perf_counter()
    dataset = reasoning_gym.create_dataset(name, size=n, seed=123, **(config or {}))
    items = [dataset[i] for i in range(n)]
    gen_seconds = time.perf_counter() - start
    start = time.perf_counter()
    scores = [dataset.score_answer(item["answer"], item) for item in items]
    score_seconds = time.perf_counter() - start
    return {
        "task": name + (" (" + ", ".join(f"{k}={v}" for k, v in config.items()) + ")" if config else ""),
        "generate_per_s": n / gen_seconds,
        "generate_and_score_per_s": n / (gen_seconds + score_seconds),
        "gold_scores_1": sum(s == 1.0 for s in scores),
    }


def markdown(results: dict) -> str:
    lines = [
        f"Machine: {results['machine']}; {results['n']} problems per task (levels 1-5 evenly, unless a row names"
        " its levels; the peer at its defaults unless its settings are shown); one process.",
        "",
        "| task | cotforge gen/s | cotforge full record/s | steps/record | expansions | peer (reasoning-gym) | peer gen+score/s | gen / peer | full / peer |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for task, r in results["tasks"].items():
        c, p = r["cotforge"], r["peer"]
        peer_cells = (
            f"{p['task']} | {p['generate_and_score_per_s']:.0f} | {c['generate_per_s'] / p['generate_per_s']:.2f}x | "
            f"{c['full_per_s'] / p['generate_and_score_per_s']:.3f}x"
            if p else "n/a | n/a | n/a | n/a"
        )
        lines.append(
            f"| {task} | {c['generate_per_s']:.0f} | {c['full_per_s']:.1f} | {c['mean_steps']:.1f} | "
            f"{c['mean_expansions']:.1f} | {peer_cells} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--tasks", nargs="*", help="only these tasks (default: all registered)")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    parser.add_argument("--negatives", type=int, help="negatives per record (default: the recipe default); 0: none")
    args = parser.parse_args()
    results = {"machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}", "n": args.n, "tasks": {}}
    for task in args.tasks or TASKS.names():
        results["tasks"][task] = {"cotforge": bench_cotforge(task, args.n, negatives=args.negatives), "peer": bench_peer(PEERS[task], args.n) if task in PEERS else None}
        print(task, json.dumps(results["tasks"][task]))
        if task in MATCHED:
            levels, peer, config = MATCHED[task]
            row = f"{task} (levels {levels[0]}-{levels[-1]})"
            results["tasks"][row] = {"cotforge": bench_cotforge(task, args.n, levels, args.negatives), "peer": bench_peer(peer, args.n, config)}
            print(row, json.dumps(results["tasks"][row]))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "tasks.json").write_text(json.dumps(results, indent=2))
    (out / "tasks.md").write_text(markdown(results))
    print(markdown(results))


if __name__ == "__main__":
    main()
