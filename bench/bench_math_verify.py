"""cotforge's math answer verifier beside Math-Verify on the same mixed answer pairs.

The pairs are built deterministically from the gold answers of cotforge's math tasks
(through the task registry), rewritten the ways models write answers: LaTeX, ``\\boxed{}``,
sentences, decimals, thousands separators, mixed numbers, solution sets in another order,
``x = ...`` forms, inequalities for intervals, ``+ C`` or not; and wrong variants: the
task's own plausible wrong answer, off by one, sign flips, swapped tuples, a lost root,
an open end made closed, an exact value missed by 1e-7, a rounded fraction. Each pair
carries its label (equal or not) by construction and the form it was written in.

Both verifiers run in one process on the same answer strings; an answer that has neither
``$`` nor ``\\boxed`` is put in ``$...$`` as a completion would have it (Math-Verify reads
LaTeX only in math mode: bare ``- \\frac{1}{2}`` parses to ``1/2``). Math-Verify gets the
task's own LaTeX gold in ``$...$`` (its documented input; variants are built from the payload's SymPy text) and is timed end to end (parse gold, parse
answer, verify), as cotforge is (``verify(problem, answer)``). Every disagreement is written out, grouped by
the form of the answer, with who is right by the label.

Then Math-Verify's own labelled test triples, read from its sdist at bench time (downloaded with
``pip download math-verify==VERSION --no-deps --no-binary :all:``, nothing stored here; see
``math_verify_triples.py``): cotforge's agreement with the labels and every disagreement with its reason.

    pip install -e ".[bench]"
    python bench/bench_math_verify.py [--per-level 10] [--out bench/results] [--sdist math_verify-0.9.0.tar.gz]

Writes ``math_verify.json`` (every pair's verdicts, every disagreement) and ``math_verify.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path

import sympy

from cotforge.domains.intervals import parse_set
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS, VERIFIERS

SEED = 2026
X, Y, Z = sympy.symbols("x y z")


@dataclass(frozen=True)
class Pair:
    task: str
    kind: str
    gold: str
    gold_latex: str
    answer: str
    form: str
    equal: bool


# --- gold text (cotforge's own sympy syntax) to values and LaTeX ---------------------------


def _value(text: str) -> sympy.Expr:
    return sympy.sympify(text, locals={"x": X, "y": Y, "z": Z})


def _split(text: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "([{" and 1 or ch in ")]}" and -1 or 0
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    return [p.strip() for p in [*parts, cur] if p.strip()]


def _tex(value: sympy.Expr) -> str:
    return sympy.latex(value, imaginary_unit="i")


def _interval_tex(s: sympy.Set, cup: str = " \\cup ") -> str:
    if isinstance(s, sympy.Union):
        return cup.join(_interval_tex(a) for a in s.args)
    left = "(" if s.left_open or s.start == -sympy.oo else "["
    right = ")" if s.right_open or s.end == sympy.oo else "]"
    return f"\\left{left}{_tex(s.start)}, {_tex(s.end)}\\right{right}"


GE = "\\ge"


def _inequality_tex(s: sympy.Set) -> str:
    if isinstance(s, sympy.Union):
        return " \\text{ or } ".join(_inequality_tex(a) for a in s.args)
    lo = "<" if s.left_open else "\\le"
    hi = "<" if s.right_open else "\\le"
    if s.start == -sympy.oo:
        return f"x {hi} {_tex(s.end)}"
    if s.end == sympy.oo:
        return f"x {'>' if s.left_open else GE} {_tex(s.start)}"
    return f"{_tex(s.start)} {lo} x {hi} {_tex(s.end)}"


def _gold_latex(kind: str, gold: str) -> str:
    if kind == "value":
        return _tex(_value(gold))
    if kind == "set":
        return "\\{" + ", ".join(_tex(_value(p)) for p in _split(gold[1:-1])) + "\\}"
    if kind == "tuple":
        return "(" + ", ".join(_tex(_value(p)) for p in _split(gold[1:-1])) + ")"
    if kind == "interval":
        return _interval_tex(parse_set(gold, _value))
    if kind == "antiderivative":
        return _tex(_value(gold.replace("+ C", ""))) + " + C"
    return _tex(sympy.parse_expr(gold, local_dict={"x": X}, evaluate=False))


# --- the ways models write an answer ------------------------------------------------------


def _decimal(q: Fraction) -> str | None:
    """The exact decimal of a fraction whose denominator has only factors 2 and 5, else None."""
    d = q.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d != 1:
        return None
    places = 0
    while (q * 10**places).denominator != 1:
        places += 1
    return f"{float(q):.{max(places, 1)}f}" if places < 15 else None


def _value_variants(gold: str, rng: random.Random) -> list[tuple[str, str, bool]]:
    q = Fraction(gold)
    tex = _tex(sympy.Rational(q.numerator, q.denominator))
    out = [
        (gold, "as the gold is written", True),
        (f"${tex}$", "LaTeX", True),
        (f"Adding these up, the total is $\\boxed{{{tex}}}$.", "boxed in a sentence", True),
        (f"The answer is ${tex}$.", "'The answer is ...' sentence", True),
        (f"Final Answer: The final answer is ${tex}$. I hope it is correct.", "Minerva-style final line", True),
        (f"x = {tex}", "x = value", True),
    ]
    if q.denominator > 1:
        out.append((f"\\dfrac{{{q.numerator}}}{{{q.denominator}}}", "\\dfrac", True))
        whole = abs(q.numerator) // q.denominator
        if whole:
            sign = "-" if q < 0 else ""
            out.append((f"{sign}{whole}\\frac{{{abs(q.numerator) % q.denominator}}}{{{q.denominator}}}", "LaTeX mixed number", True))
        out.append((f"\\frac{{{q.denominator}}}{{{q.numerator}}}", "wrong: reciprocal", False) if abs(q) != 1 else (f"{tex} + 1", "wrong: off by one", False))
    decimal = _decimal(q)
    if decimal is not None and q.denominator > 1:
        out.append((decimal, "exact decimal", True))
    elif q.denominator > 1:
        out.append((f"{float(q):.4f}", "wrong: fraction rounded to 4 decimals", False))
    if q.denominator == 1 and abs(q) >= 1000:
        out.append((f"{int(q):,}", "thousands separators", True))
        out.append((f"\\${int(q):,}", "dollar sign and separators", True))
    elif q.denominator == 1:
        out.append((f"{int(q)}.0", "integer written as a decimal", True))
    out.append((f"{tex} + 1" if rng.random() < 0.5 else f"{tex} - 1", "wrong: off by one", False))
    if q != 0:
        out.append((_tex(sympy.Rational(-q.numerator, q.denominator)), "wrong: sign flipped", False))
    out.append((f"{float(q) + 1e-7:.7f}" if abs(q) < 10**6 else f"{int(q) + 1}", "wrong: exact value missed by 1e-7 (or the last digit)", False))
    return out


def _set_variants(gold: str) -> list[tuple[str, str, bool]]:
    values = [_value(p) for p in _split(gold[1:-1])]
    texs = [_tex(v) for v in values]
    out = [
        ("\\{" + ", ".join(reversed(texs)) + "\\}", "set in the other order", True),
        (" \\text{ or } ".join(f"x = {t}" for t in reversed(texs)), "x = a or x = b", True),
        (f"The solutions are $x = {texs[0]}$ and $x = {texs[1]}$." if len(texs) == 2 else f"$x = {texs[0]}$", "'The solutions are ...' sentence", True),
        (f"\\boxed{{{', '.join(texs)}}}", "boxed list", True),
        (f"$x = {texs[0]}$" if len(texs) > 1 else f"$x = {_tex(values[0] + 1)}$", "wrong: a root lost" if len(texs) > 1 else "wrong: off by one", False),
    ]
    if len(values) == 2:
        mid, half = sympy.nsimplify((values[0] + values[1]) / 2), sympy.simplify((values[1] - values[0]) / 2)
        if not mid.is_Rational or not half.is_Rational:  # conjugate roots: p ± q
            out.append((f"x = {_tex(mid)} \\pm {_tex(half)}" if mid != 0 else f"x = \\pm {_tex(half)}", "p \\pm q", True))
        if all(v.is_real and not v.is_Rational for v in values):
            out.append(("\\{" + ", ".join(f"{float(v):.6f}" for v in values) + "\\}", "decimals of irrational roots (6 places)", True))
            out.append(("\\{" + ", ".join(f"{float(v):.2f}" for v in values) + "\\}", "wrong: irrational roots to 2 decimals", False))
    flipped = [-v for v in values]
    if {sympy.expand(v) for v in flipped} != {sympy.expand(v) for v in values}:
        out.append(("\\{" + ", ".join(_tex(v) for v in flipped) + "\\}", "wrong: every root's sign flipped", False))
    return out


def _tuple_variants(gold: str, names: list[str]) -> list[tuple[str, str, bool]]:
    values = [_value(p) for p in _split(gold[1:-1])]
    texs = [_tex(v) for v in values]
    out = [
        ("\\left(" + ", ".join(texs) + "\\right)", "LaTeX tuple", True),
        (", ".join(f"{n} = {t}" for n, t in zip(names, texs)), "x = a, y = b", True),
        (", ".join(f"{n} = {t}" for n, t in reversed(list(zip(names, texs)))), "named values in another order", True),
        (f"The solution is $\\boxed{{({', '.join(texs)})}}$.", "boxed in a sentence", True),
        ("(" + ", ".join(texs[:-1] + [_tex(values[-1] + 1)]) + ")", "wrong: last value off by one", False),
    ]
    if values != values[::-1]:
        out.append(("(" + ", ".join(reversed(texs)) + ")", "wrong: values in reversed order", False))
    return out


def _interval_variants(gold: str) -> list[tuple[str, str, bool]]:
    s = parse_set(gold, _value)
    out = [
        (f"${_interval_tex(s)}$", "LaTeX interval", True),
        (_inequality_tex(s), "inequality in x", True),
        (f"x \\in {_interval_tex(s)}", "x \\in interval", True),
        (f"\\boxed{{{_interval_tex(s)}}}", "boxed interval", True),
    ]
    first = s.args[0] if isinstance(s, sympy.Union) else s
    flip = sympy.Interval(first.start, first.end, first.left_open, not first.right_open) if first.end != sympy.oo else sympy.Interval(first.start, first.end, not first.left_open, True)
    changed = s.subs(first, flip) if isinstance(s, sympy.Union) else flip
    if changed != s:
        out.append((_interval_tex(changed), "wrong: one end open instead of closed (or back)", False))
    if first.start != -sympy.oo and first.end != sympy.oo:
        out.append((f"\\left({_tex(first.end)}, {_tex(first.start)}\\right)", "wrong: bounds reversed", False))
    return out


def _formula_variants(gold: str, kind: str) -> list[tuple[str, str, bool]]:
    written = sympy.parse_expr(gold.replace("+ C", ""), local_dict={"x": X}, evaluate=False)
    value = sympy.sympify(written)
    tex = _tex(written)
    out = [(f"${tex}$", "LaTeX", True), (f"\\boxed{{{tex}}}", "boxed", True), (_tex(-value), "wrong: sign flipped", False)]
    out.append((_tex(value + X), "wrong: plus x", False) if kind == "antiderivative" else (_tex(value + 1), "wrong: plus one", False))
    if kind == "expression":
        out += [(f"f'(x) = {tex}", "f'(x) = ...", True), (_tex(sympy.expand(value)), "expanded form", True)]
    if kind == "expanded" and sympy.factor(value).is_Mul and any(f.is_Add for f in sympy.Mul.make_args(sympy.factor(value))):
        out += [(_tex(sympy.factor(value)), "wrong form: factored instead of expanded", False)]
    if kind == "factored":
        out += [(_tex(sympy.expand(value)), "wrong form: expanded instead of factored", False)]
    if kind == "simplified":
        out += [(f"\\frac{{{_tex(sympy.numer(value) * (X + 5))}}}{{{_tex(sympy.denom(value) * (X + 5))}}}", "wrong form: not cancelled", False)]
    if kind == "antiderivative":
        out += [
            (f"{tex} + C", "with + C", True),
            (f"{_tex(value + 7)} + C", "shifted by a constant", True),
            (_tex(2 * value), "wrong: twice the antiderivative", False),
        ]
    return out


def build_pairs(per_level: int) -> tuple[list[Pair], list[Problem]]:
    """Every pair, and the problem each pair's gold came from (same index)."""
    rng = random.Random(SEED)
    pairs: list[Pair] = []
    problems: list[Problem] = []
    math_tasks = [t for t in TASKS.names() if TASKS.get(t).from_level(1).generate(0).verifier == "math"]
    for task in math_tasks:
        for level in range(1, 6):
            generator = TASKS.get(task).from_level(level, seed=SEED)
            for index in range(per_level):
                problem = generator.generate(index)
                data = problem.data()
                kind = data.get("answer_kind", "value")
                names = data.get("variables") or [data.get("variable", "x")]
                gold = data.get("answer_sympy", problem.answer)  # gold answers are LaTeX; variants are built from SymPy text
                if kind == "value":
                    variants = _value_variants(gold, rng)
                elif kind == "set":
                    variants = _set_variants(gold)
                elif kind == "tuple":
                    variants = _tuple_variants(gold, names)
                elif kind == "interval":
                    variants = _interval_variants(gold)
                else:
                    variants = _formula_variants(gold, kind)
                wrong = generator.perturb(problem, random.Random(SEED + index))
                variants.append((wrong, "wrong: the task's own plausible wrong answer", False))
                gold_latex = problem.answer if "answer_sympy" in data else _gold_latex(kind, gold)
                for answer, form, equal in variants:
                    if "$" not in answer.replace("\\$", "") and "\\boxed" not in answer:
                        answer = f"${answer}$"  # math mode, as in a completion: Math-Verify reads LaTeX only there
                    pairs.append(Pair(task, kind, gold, gold_latex, answer, form, equal))
                    problems.append(problem)
    return pairs, problems


# --- running both sides -------------------------------------------------------------------


def run_cotforge(pairs: list[Pair], problems: list[Problem], cold: bool = False) -> tuple[list[str], float]:
    """Every verdict and the seconds taken; ``cold`` empties the caches before each pair (no reuse of the gold's reading)."""
    from cotforge.verifiers.math import read_gold
    from cotforge.verifiers.math_parse import _expression

    verifier = VERIFIERS.get("math")
    statuses = []
    start = time.perf_counter()
    for pair, problem in zip(pairs, problems):
        if cold:
            _expression.cache_clear()
            read_gold.cache_clear()
        statuses.append(verifier.verify(problem, pair.answer).status)
    return statuses, time.perf_counter() - start


def run_math_verify(pairs: list[Pair]) -> tuple[list[bool], float]:
    from math_verify import parse, verify

    start = time.perf_counter()
    verdicts = []
    for pair in pairs:
        gold = parse(f"${pair.gold_latex}$")
        answer = parse(pair.answer)
        verdicts.append(bool(verify(gold, answer)))
    return verdicts, time.perf_counter() - start


CHUNK = 250
"""Pairs per turn: the three runs take turns chunk by chunk, so a change in the machine's load hits all of them alike."""


def run_interleaved(pairs: list[Pair], problems: list[Problem]) -> tuple[list[str], float, list[str], float, list[bool], float]:
    """cotforge (caches kept), cotforge (caches emptied before each pair) and Math-Verify, taking turns by chunk."""
    from cotforge.verifiers.math import read_gold
    from cotforge.verifiers.math_parse import _expression

    _expression.cache_clear()
    read_gold.cache_clear()
    warm, cold, mv = [], [], []
    warm_s = cold_s = mv_s = 0.0
    for at in range(0, len(pairs), CHUNK):
        chunk, chunk_problems = pairs[at : at + CHUNK], problems[at : at + CHUNK]
        statuses, seconds = run_cotforge(chunk, chunk_problems)
        warm, warm_s = warm + statuses, warm_s + seconds
        statuses, seconds = run_cotforge(chunk, chunk_problems, cold=True)
        cold, cold_s = cold + statuses, cold_s + seconds
        verdicts, seconds = run_math_verify(chunk)
        mv, mv_s = mv + verdicts, mv_s + seconds
    return warm, warm_s, cold, cold_s, mv, mv_s


EXPLAIN: dict[str, str] = {
    "wrong: exact value missed by 1e-7 (or the last digit)": (
        "cotforge is right. The gold is an exact rational and the answer a decimal that misses it by 1e-7. "
        "Math-Verify compares numbers after rounding (float_rounding=6), so anything within about 1e-6 passes; "
        "cotforge reads a decimal as the exact rational it spells and compares exactly, because a tolerance "
        "applies only to an approximation of an irrational gold."
    ),
    "inequality in x": (
        "cotforge is right. `x \\ge -2` is how a model writes the solution set [-2, oo). Math-Verify parses it as a "
        "relation and compares a relation with an interval only with allow_set_relation_comp=True (off by default). "
        "cotforge reads the inequality as its solution set."
    ),
    "antiderivative:LaTeX": (
        "cotforge is right. The gold is an indefinite integral `F + C`. Math-Verify reads C as one more unknown, so an "
        "answer without `+ C`, or with another constant, is unequal. cotforge compares antiderivatives up to a constant "
        "(their derivatives must agree) and makes `+ C` optional."
    ),
    "wrong form: expanded instead of factored": (
        "cotforge is right. The task asks for the complete factorisation. The expanded polynomial has the same value, "
        "and Math-Verify compares values only. cotforge also checks the asked form: it must be a product of irreducible factors."
    ),
    "wrong form: not cancelled": (
        "cotforge is right. The task asks for the fully simplified fraction. Math-Verify accepts any equal expression; "
        "cotforge also checks that no common factor is left to cancel."
    ),
    "wrong form: factored instead of expanded": (
        "cotforge is right. The task asks for the expanded polynomial. Math-Verify accepts the equal factored form; "
        "cotforge checks that no bracketed sum is left."
    ),
    "named values in another order": (
        "cotforge is right. `y = -8, x = -5` names each value. Math-Verify keeps the values in the order written and "
        "ignores the names, so it compares (-8, -5) with (-5, -8). cotforge puts each value under its variable first."
    ),
    "x = a, y = b": (
        "cotforge is right. Math-Verify does not read a list of assignments as a tuple; cotforge maps each name to its place."
    ),
    "set in the other order": "cotforge is right: a solution set has no order.",
    "x = a or x = b": "cotforge is right: `x = 3 or x = 1` states the solution set {1, 3}.",
    "p \\pm q": "cotforge is right: `x = 6 \\pm \\sqrt{3}` states both roots.",
    "decimals of irrational roots (6 places)": (
        "cotforge is right. Both roots are irrational and correctly rounded to 6 places, a decimal approximation within "
        "the tight relative tolerance."
    ),
}
"""Why the two verifiers disagree on a form of answer, written from the measured disagreements (see the .md)."""


LOG = (
    "cotforge is right. The answer writes the natural logarithm as `\\log` (SymPy's LaTeX for log), the gold as "
    "`\\ln`. Math-Verify reads `\\log` as the logarithm to base 10, so it rejects; cotforge reads `\\log` and `\\ln` "
    "alike, as SymPy and higher mathematics do (a base-10 logarithm is written `\\log_{10}`)."
)


def explain(pair: Pair) -> str:
    if "\\log" in pair.answer and "\\ln" in pair.gold_latex and pair.kind in ("expression", "antiderivative"):
        return LOG
    if pair.kind == "antiderivative" and pair.form in ("LaTeX", "boxed", "shifted by a constant", "with + C"):
        return EXPLAIN["antiderivative:LaTeX"]
    return EXPLAIN.get(pair.form, "")


def report(pairs: list[Pair], statuses: list[str], mv: list[bool], cot_s: float, mv_s: float) -> dict:
    cot = [s == "accept" for s in statuses]
    rows, groups = [], defaultdict(list)
    for pair, status, c, m in zip(pairs, statuses, cot, mv):
        if c != m:
            right = "cotforge" if c == pair.equal else "Math-Verify"
            row = {**asdict(pair), "cotforge": status, "math_verify": m, "right": right}
            rows.append(row)
            groups[(pair.kind, pair.form, pair.equal, right)].append(row)

    def score(ok: list[bool]) -> dict:
        fp = sum(o and not p.equal for o, p in zip(ok, pairs))
        fn = sum(p.equal and not o for o, p in zip(ok, pairs))
        return {"correct": len(pairs) - fp - fn, "false_positives": fp, "false_negatives": fn}

    n = len(pairs)
    return {
        "pairs": n,
        "equal_pairs": sum(p.equal for p in pairs),
        "by_kind": dict(Counter(p.kind for p in pairs)),
        "cotforge": {"seconds": round(cot_s, 2), "pairs_per_s": round(n / cot_s, 1), **score(cot), "errors": statuses.count("error")},
        "math_verify": {"seconds": round(mv_s, 2), "pairs_per_s": round(n / mv_s, 1), **score(mv)},
        "speed_ratio_cotforge_over_math_verify": round(mv_s / cot_s, 2),
        "disagreements": len(rows),
        "groups": [
            {"kind": k, "form": f, "equal": e, "right": r, "count": len(g), "why": explain(Pair("", k, g[0]["gold"], g[0]["gold_latex"],
             g[0]["answer"], f, e)), "examples": g}
            for (k, f, e, r), g in sorted(groups.items(), key=lambda kv: -len(kv[1]))
        ],
    }


def markdown(result: dict, meta: dict) -> str:
    c, m = result["cotforge"], result["math_verify"]
    lines = [
        "# cotforge math verifier beside Math-Verify",
        "",
        f"{result['pairs']} answer pairs ({result['equal_pairs']} equal by construction), built from the gold answers of "
        f"cotforge's math tasks; {meta['when']}, {meta['machine']}, Math-Verify {meta['math_verify']}; load average "
        f"{meta['load_average'][0]} before and {meta['load_average'][1]} after the run (uptime, 2 cores). The runs take "
        f"turns by chunks of {CHUNK} pairs, so both verifiers see the same load.",
        "",
        "| verifier | pairs/s | seconds | correct | false positives | false negatives |",
        "|---|---:|---:|---:|---:|---:|",
        f"| cotforge | {c['pairs_per_s']} | {c['seconds']} | {c['correct']} | {c['false_positives']} | {c['false_negatives']} |",
        f"| Math-Verify | {m['pairs_per_s']} | {m['seconds']} | {m['correct']} | {m['false_positives']} | {m['false_negatives']} |",
        "",
        f"cotforge / Math-Verify speed: {result['speed_ratio_cotforge_over_math_verify']}x (cotforge reuses the reading of a "
        f"gold across its variants through caches, as it does for the completions of one prompt in RL; with the caches "
        f"emptied before every pair: "
        f"{c['cold_cache_pairs_per_s']} pairs/s, {result['speed_ratio_cold_cache']}x). "
        f"cotforge verdicts of `error` (could not verify): {c['errors']}.",
        "",
        f"## Every disagreement ({result['disagreements']}), grouped by the form of the answer",
        "",
    ]
    for g in result["groups"]:
        label = "equal" if g["equal"] else "not equal"
        lines += [f"### {g['kind']}: {g['form']} ({label}) - {g['count']} pairs, {g['right']} is right", "", g["why"] or "(no explanation written)", ""]
        lines += ["| task | gold | answer | cotforge | Math-Verify |", "|---|---|---|---|---|"]
        for row in g["examples"]:
            cell = lambda s: "`" + s.replace("|", "\\|").replace("`", "'") + "`"  # noqa: E731
            lines.append(f"| {row['task']} | {cell(row['gold'])} | {cell(row['answer'])} | {row['cotforge']} | {'accept' if row['math_verify'] else 'reject'} |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-level", type=int, default=10, help="problems per task and level")
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    parser.add_argument("--sdist", type=Path, default=None, help="Math-Verify's sdist (default: pip download it)")
    parser.add_argument("--no-triples", action="store_true", help="skip Math-Verify's own test triples")
    args = parser.parse_args()
    import importlib.metadata as md

    pairs, problems = build_pairs(args.per_level)
    load_before = os.getloadavg()[0]
    statuses, cot_s, cold_statuses, cold_s, mv, mv_s = run_interleaved(pairs, problems)
    if cold_statuses != statuses:
        raise RuntimeError("cotforge's verdicts depend on its caches")
    result = report(pairs, statuses, mv, cot_s, mv_s)
    result["cotforge"]["cold_cache_pairs_per_s"] = round(len(pairs) / cold_s, 1)
    result["speed_ratio_cold_cache"] = round(mv_s / cold_s, 2)
    meta = {
        "when": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "math_verify": md.version("math-verify"),
        "per_level": args.per_level,
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
    }
    text = markdown(result, meta)
    if not args.no_triples:
        from math_verify_triples import markdown as triples_markdown
        from math_verify_triples import run as run_triples

        result["math_verify_tests"] = run_triples(meta["math_verify"], args.sdist)
        text += "\n\n" + "\n".join(triples_markdown(result["math_verify_tests"]))
        t = result["math_verify_tests"]
        print(f"Math-Verify's own triples: {t['agree']}/{t['triples']} agree; false positives {t['false_positives']}")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "math_verify.json").write_text(json.dumps({"meta": meta, **result}, indent=1) + "\n")
    (args.out / "math_verify.md").write_text(text + "\n")
    c, m = result["cotforge"], result["math_verify"]
    print(f"{result['pairs']} pairs; cotforge {c['pairs_per_s']}/s FP {c['false_positives']} FN {c['false_negatives']}; "
          f"Math-Verify {m['pairs_per_s']}/s FP {m['false_positives']} FN {m['false_negatives']}; {result['disagreements']} disagreements")


if __name__ == "__main__":
    main()
