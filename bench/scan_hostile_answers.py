"""Time every logic verifier (and code_output) on long runs of one character or token: a reward
function is called on whatever a policy writes, so its readers must stay linear.

Each of 61 units (punctuation, letters, digits, markers such as ``\\boxed{`` and ``<answer>``,
role words, arrows) is repeated to 100 KB and given 6 endings; every answer that takes longer than
``--over`` seconds, or raises, is printed. The sandboxed code verifiers are left out (their
reading is bounded before any run).

    python bench/scan_hostile_answers.py [--over 0.8]
"""

from __future__ import annotations

import argparse
import os
import string
import time

from cotforge.core.registry import TASKS, VERIFIERS

UNITS = list(string.punctuation) + [
    " ", "\n", "a", "A", "1", "1.", "a ", "1 ", "- ", " -", "--", "=-", "-=", "a-", "1-", "(a", "a)", "[1", '{"',
    "\\\\", "\\boxed{", "<answer>", "Answer:", "not ", "knight ", "p = ", "T ", "house ", "seat ", "A: ", "| ",
    "1 | ", "x1", "->", " to ", "**", "`", "```\n", "'", '"', "\t", "é", "→", "×"]  # fmt: skip
ENDINGS = ("", "1", ">", ":", "?", "x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--over", type=float, default=0.8, help="report answers slower than this (seconds)")
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    print(f"load {os.getloadavg()[0]:.1f}")
    tasks = [t for t in sorted(TASKS.names()) if TASKS.get(t).domain == "logic" or t == "code_output"]
    slow = raised = 0
    for task in tasks:
        problem = TASKS.get(task).from_level(3, seed=3).generate(0)
        verifier = VERIFIERS.get(problem.verifier)
        worst = 0.0
        for unit in UNITS:
            for ending in ENDINGS:
                answer = (unit * (args.size // len(unit) + 1))[: args.size] + ending
                started = time.perf_counter()
                try:
                    verifier.verify(problem, answer)
                except Exception as e:  # counted and shown: a verifier must never raise
                    raised += 1
                    print(f"RAISED {task} {unit!r}+{ending!r}: {type(e).__name__}: {e}"[:200])
                seconds = time.perf_counter() - started
                worst = max(worst, seconds)
                if seconds > args.over:
                    slow += 1
                    print(f"slow {task} {unit!r}+{ending!r}: {seconds:.2f} s")
        print(f"{task}: worst {worst:.2f} s over {len(UNITS) * len(ENDINGS)} answers", flush=True)
    print(f"{slow} answers over {args.over} s, {raised} raised")


if __name__ == "__main__":
    main()
