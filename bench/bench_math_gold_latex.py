"""Every math task's LaTeX gold, read by Math-Verify, equals the SymPy answer kept in its payload.

For each math task and level, ``--per-level`` items (default 200): Math-Verify's ``parse`` of
``$<gold>$`` must ``verify`` against the payload's ``answer_sympy`` printed by sympy's own LaTeX
printer (a route that shares nothing with cotforge's renderer), and cotforge's math verifier must
accept the LaTeX gold against the SymPy text and the reverse. Writes one line per task and the
first disagreements; exit code 1 if there is any.

    python bench/bench_math_gold_latex.py [--per-level 200] [--tasks a,b] [--seed 0]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import Counter

import sympy
from math_verify import parse, verify
from sympy.parsing.sympy_parser import parse_expr

from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.domains.intervals import parse_set


def _split(text: str) -> list[str]:
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            out.append(text[start:i])
            start = i + 1
    return [p for p in out + [text[start:]] if p.strip()]


def sympy_value(machine: str, kind: str, names: list[str]) -> sympy.Basic:
    """The payload's SymPy text as a sympy object of the answer's kind."""
    local = {n: sympy.Symbol(n) for n in names} | {"I": sympy.I, "E": sympy.E, "C": sympy.Symbol("C")}

    def one(text: str) -> sympy.Expr:
        return parse_expr(text, local_dict=local)

    text = machine.strip()
    if kind == "set":
        return sympy.FiniteSet(*map(one, _split(text[1:-1])))
    if kind == "tuple":
        return sympy.Tuple(*map(one, _split(text[1:-1])))
    if kind == "interval":
        return parse_set(text, one)
    if kind == "equation":
        left, right = text.split("=")
        return sympy.Eq(one(left), one(right))
    return one(text)


def check(task: str, level: int, per_level: int, seed: int) -> list[str]:
    verifier = VERIFIERS.get("math")
    generator = TASKS.get(task).from_level(level, seed=seed)
    problems = []
    for i in range(per_level):
        p = generator.generate(i)
        data = p.data()
        kind = data.get("answer_kind", "value")
        names = data.get("variables") or [data.get("variable", "x")]
        machine = data["answer_sympy"]
        target = "$" + sympy.latex(sympy_value(machine, kind, names), ln_notation=True) + "$"
        try:
            mv = verify(parse(f"${p.answer}$"), parse(target))
        except Exception as exc:  # noqa: BLE001 - a crash is a finding, reported as such
            mv = f"crash {type(exc).__name__}: {exc}"
        ours = [verifier.verify(p, machine).status, verifier.verify(dataclasses.replace(p, answer=machine), p.answer).status]
        if mv is not True or ours != ["accept", "accept"]:
            problems.append(f"{task} L{level} #{i}: gold {p.answer!r} payload {machine!r} math-verify={mv} cotforge={ours}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-level", type=int, default=200)
    parser.add_argument("--tasks", default="")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    tasks = args.tasks.split(",") if args.tasks else [t for t in TASKS.names() if TASKS.get(t).domain == "math"]
    failures: Counter[str] = Counter()
    shown: list[str] = []
    start = time.perf_counter()
    for task in tasks:
        for level in range(1, 6):
            found = check(task, level, args.per_level, args.seed)
            failures[task] += len(found)
            shown += found[:3]
        print(f"{task}: {failures[task]} of {5 * args.per_level} golds disagree", flush=True)
    print(f"{sum(failures.values())} disagreements over {len(tasks) * 5 * args.per_level} golds in {time.perf_counter() - start:.0f} s")
    for line in shown[:30]:
        print("  " + line)
    return 1 if any(failures.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
