"""Stream throughput: problems per second, drawn and scored, beside reasoning-gym.

cotforge: ``cotforge.stream([task], level=L)`` (de-duplicating every question) and
``cotforge.score(row, completion)`` on a completion stating the gold answer. reasoning-gym:
``create_dataset(name, size, seed)`` and ``score_answer(entry["answer"], entry)`` for its nearest
task (the pairs of ``bench_tasks.py``). One process; the two sides alternate, pair by pair, in
``--rounds`` rounds, and each keeps its best round, so the machine's load hits both alike.

    python bench/bench_stream.py [--n 200] [--budget 5] [--levels 1 3] [--out bench/results]

Writes ``stream.json`` and ``stream.md`` into ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).parent))

import cotforge  # noqa: E402
from bench_tasks import PEERS  # noqa: E402
from cotforge.pipelines.views.text import final_line  # noqa: E402


def load() -> float:
    return os.getloadavg()[0]


def bench_cotforge(task: str, level: int, n: int, budget: float) -> dict:
    stream = cotforge.stream([task], seed=123, level=level)
    done = accepted = 0
    scoring = 0.0
    start = time.perf_counter()
    while done < n and time.perf_counter() - start < budget:
        row = next(stream)
        before = time.perf_counter()
        accepted += cotforge.score(row, final_line(row["metadata"]["domain"], row["answer"])).reward == 1.0
        scoring += time.perf_counter() - before
        done += 1
    seconds = time.perf_counter() - start
    return {"items": done, "per_s": done / seconds, "gold_accepted": accepted, "duplicates_skipped": stream.duplicates,
            "score_share": scoring / seconds}


def bench_peer(name: str, n: int, budget: float) -> dict | None:
    try:
        import reasoning_gym
    except ImportError:
        return None
    done = accepted = 0
    scoring = 0.0
    start = time.perf_counter()
    dataset = reasoning_gym.create_dataset(name, size=n, seed=123)
    while done < n and time.perf_counter() - start < budget:
        entry = dataset[done]
        before = time.perf_counter()
        accepted += dataset.score_answer(entry["answer"], entry) == 1.0
        scoring += time.perf_counter() - before
        done += 1
    seconds = time.perf_counter() - start
    return {"task": name, "items": done, "per_s": done / seconds, "gold_accepted": accepted, "score_share": scoring / seconds}


def best(runs: list[dict | None]) -> dict | None:
    runs = [r for r in runs if r]
    return max(runs, key=lambda r: r["per_s"]) if runs else None


def markdown(results: dict) -> str:
    levels = results["levels"]
    head = " | ".join(f"cotforge L{lvl}/s" for lvl in levels)
    ratios = " | ".join(f"L{lvl} / peer" for lvl in levels)
    lines = [
        f"Machine: {results['machine']}; load average {results['load_before']:.1f} before, {results['load_after']:.1f} after "
        f"(2 cores shared with other jobs: compare the ratios, not the absolute figures). Up to {results['n']} items or "
        f"{results['budget']:.0f} s per side and round, best of {results['rounds']} alternating rounds; one process.",
        "",
        f"| task | {head} | scoring share L{levels[0]} | peer (reasoning-gym) | peer/s | peer scoring share | peer golds scored 1.0 | {ratios} |",
        "|---|" + "---:|" * (len(levels) + 1) + "---|---:|---:|---:|" + "---:|" * len(levels),
    ]
    for task, r in results["tasks"].items():
        ours = " | ".join(f"{r['cotforge'][str(lvl)]['per_s']:.1f}" for lvl in levels)
        share = f"{r['cotforge'][str(levels[0])]['score_share']:.0%}"
        p = r["peer"]
        if p:
            cells = " | ".join(f"{r['cotforge'][str(lvl)]['per_s'] / p['per_s']:.2f}x" for lvl in levels)
            lines.append(f"| {task} | {ours} | {share} | {p['task']} | {p['per_s']:.1f} | {p['score_share']:.0%} | "
                         f"{p['gold_accepted']}/{p['items']} | {cells} |")
        else:
            lines.append(f"| {task} | {ours} | {share} | n/a | n/a | n/a | n/a | " + " | ".join("n/a" for _ in levels) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--budget", type=float, default=5.0, help="seconds per side and round at most")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 3])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--tasks", nargs="*", help="only these tasks (default: every task with a peer)")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    args = parser.parse_args()
    results = {"machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}", "n": args.n,
               "budget": args.budget, "levels": args.levels, "rounds": args.rounds, "load_before": load(), "tasks": {}}
    for task in args.tasks or list(PEERS):
        ours: dict[int, list] = {lvl: [] for lvl in args.levels}
        peers: list = []
        for lvl in args.levels:  # warm up (imports, caches) on both sides, untimed
            bench_cotforge(task, lvl, 3, args.budget)
        bench_peer(PEERS[task], 3, args.budget)
        for _ in range(args.rounds):
            for lvl in args.levels:
                ours[lvl].append(bench_cotforge(task, lvl, args.n, args.budget))
            peers.append(bench_peer(PEERS[task], args.n, args.budget))
        results["tasks"][task] = {"cotforge": {str(lvl): best(runs) for lvl, runs in ours.items()}, "peer": best(peers)}
        print(task, json.dumps(results["tasks"][task]), flush=True)
    results["load_after"] = load()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "stream.json").write_text(json.dumps(results, indent=2))
    (out / "stream.md").write_text(markdown(results))
    print(markdown(results))


if __name__ == "__main__":
    main()
