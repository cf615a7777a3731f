"""Learning signals per task: negatives, first-error positions, error kinds, DPO lengths and a
surface-only probe, PRM shapes, think blocks with a real backtrack.

Two steps, so one code tree's rows can be measured by the same views (run each with PYTHONPATH
pointing at the code tree to measure):

    python bench/bench_signals.py solve --per-level 20 --out /tmp/signals/after.jsonl.gz
    python bench/bench_signals.py measure /tmp/signals/after.jsonl.gz --json /tmp/signals/after.json
    python bench/bench_signals.py table /tmp/signals/before.json /tmp/signals/after.json

``solve`` runs every registered task (or ``--tasks``) at levels 1-5 through
``cotforge.pipelines.solve.solve_problem`` with the default search settings and writes the raw rows.
``measure`` builds the ``dpo``, ``prm`` and ``sft_think`` views of those rows and counts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

Row = dict[str, Any]
BINS = ("first third", "middle third", "last third (not last)", "last step")


def solve(tasks: list[str], per_level: int, seed: int, out: Path) -> None:
    from cotforge.core.registry import TASKS
    from cotforge.pipelines.solve import solve_problem
    from cotforge.solvers.search.base import SearchSettings

    with gzip.open(out, "wt") as f:
        for task in tasks:
            for level in range(1, 6):
                generator = TASKS.get(task).from_level(level, seed=seed)
                for index in range(per_level):
                    outcome = solve_problem(generator.generate(index), SearchSettings())
                    if outcome.row is not None:
                        f.write(json.dumps(outcome.row, default=str) + "\n")
            print(task, "done", file=sys.stderr, flush=True)


def _rows(path: Path) -> list[Row]:
    with gzip.open(path, "rt") as f:
        return [json.loads(line) for line in f]


def _bin(k: int, n: int) -> str:
    if k >= n - 1:
        return BINS[3]
    p = (k + 1) / n
    return BINS[0] if p <= 1 / 3 else BINS[1] if p <= 2 / 3 else BINS[2]


def _last_line(text: str) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return re.sub(r"-?\d+(\.\d+)?", "#", lines[-1].strip())[:60] if lines else ""


def _features(text: str, shared: int) -> tuple[float, float, float, str]:
    steps = [p for p in text.split("\n\n") if p.strip()]
    return math.log1p(len(text)), float(len(steps)), shared / max(len(steps), 1), _last_line(text)


def probe(pairs: list[tuple[str, str]], folds: int = 5, seed: int = 0) -> float | None:
    """Cross-validated accuracy of a logistic regression that sees only surface features (log length,
    step count, relative position of the first differing step, the last line with digits masked) of a
    pair shown in random order and says which one is chosen. 0.5: no surface shortcut."""
    if len(pairs) < 10:
        return None
    rng = np.random.default_rng(seed)
    feats = []
    for chosen, rejected in pairs:
        shared = 0
        for a, b in zip(chosen.split("\n\n"), rejected.split("\n\n")):
            if a != b:
                break
            shared += 1
        feats.append((_features(chosen, shared), _features(rejected, shared)))
    lines = sorted({f[3] for pair in feats for f in pair})
    where = {line: i for i, line in enumerate(lines)}

    def vec(f: tuple[float, float, float, str]) -> np.ndarray:
        hot = np.zeros(len(lines))
        hot[where[f[3]]] = 1.0
        return np.concatenate([np.array(f[:3]), hot])

    flip = rng.random(len(feats)) < 0.5
    x = np.array([vec(r) - vec(c) if s else vec(c) - vec(r) for (c, r), s in zip(feats, flip)])
    y = (~flip).astype(float)
    order = rng.permutation(len(x))
    correct = 0
    for k in range(folds):
        test = order[k::folds]
        train = np.setdiff1d(order, test)
        mu, sd = x[train].mean(0), x[train].std(0) + 1e-9
        xt = (x[train] - mu) / sd
        w = np.zeros(x.shape[1])
        for _ in range(400):  # plain gradient descent on the logistic loss, a little L2
            p = 1 / (1 + np.exp(-(xt @ w)))
            w -= 0.5 * (xt.T @ (p - y[train]) / len(xt) + 1e-3 * w)
        correct += int(((((x[test] - mu) / sd) @ w > 0).astype(float) == y[test]).sum())
    return correct / len(x)


CANNED = ("That does not check out", "That is wrong, so I go back", "it does not hold up")


def backtracks(think: str, row: Row) -> bool:
    """A real backtrack: the think block writes out a step that is not in the final solution, then returns
    to one that is, and no canned refutation stands in for the check."""
    if any(c in think for c in CANNED):
        return False
    inner = think[think.find("<think>") + 7: think.find("</think>")] if "</think>" in think else ""
    clean = {s["text"].strip() for s in row["steps"]}
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n", inner) if p.strip()]
    off = [i for i, p in enumerate(paras) if p not in clean]
    return bool(off) and any(p in clean for p in paras[off[0] + 1:])


def measure(rows: list[Row]) -> dict[str, Row]:
    from cotforge.pipelines.views import dpo_rows, prm_rows, think_text

    groups: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        groups[r["task"]].append(r)
    out: dict[str, Row] = {}
    for task, rs in sorted(groups.items()):
        bins: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        ratios, pairs, neg_count, dead, answered_rejected, think_bt, think_copy, solution_pairs_possible = [], [], 0, 0, 0, 0, 0, 0
        prm_neg, prm_false_not_last = 0, 0
        for r in rs:
            n = len(r["steps"])
            for neg in r["negatives"]:
                neg_count += 1
                dead += neg["answer"] is None
                k = neg["first_wrong_step"]
                if k is not None:
                    bins[_bin(k, n)] += 1
                    kind = neg["steps"][k].get("error_kind") or ""
                    if kind:
                        kinds[kind] += 1
            solution_pairs_possible += len(r["negatives"])
            for pair in dpo_rows(r):
                if pair["pair_type"] == "solution":
                    ratios.append(len(pair["rejected"]) / max(len(pair["chosen"]), 1))
                    pairs.append((pair["chosen"], pair["rejected"]))
                    answered_rejected += "no answer" not in pair["rejected"].splitlines()[-1] and (
                        "final answer" in pair["rejected"].splitlines()[-1].lower())
            for p in prm_rows(r):
                if p["source"] == "negative":
                    prm_neg += 1
                    if False in p["labels"] and p["labels"].index(False) < len(p["labels"]) - 1:
                        prm_false_not_last += 1
            think = think_text(r)
            think_bt += backtracks(think, r)
            inner = think[think.find("<think>") + 7: think.find("</think>")] if "</think>" in think else ""
            after = think[think.find("</think>") + 8:] if "</think>" in think else ""
            think_copy += len(r["steps"]) > 1 and all(s["text"] in after for s in r["steps"]) and bool(inner.strip())
        placed = sum(bins.values())
        out[task] = {
            "records": len(rs),
            "with_negative": round(sum(bool(r["negatives"]) for r in rs) / len(rs), 3),
            "negatives": neg_count,
            "dead_end_share": round(dead / neg_count, 3) if neg_count else None,
            "first_error": {b: round(bins[b] / placed, 3) for b in BINS} if placed else {},
            "error_kinds": len(kinds),
            "kinds": dict(kinds.most_common()),
            "dpo_solution_pairs": len(pairs),
            "dpo_pairs_kept_share": round(len(pairs) / solution_pairs_possible, 3) if solution_pairs_possible else None,
            "dpo_length_ratio": round(statistics.median(ratios), 3) if ratios else None,
            "dpo_rejected_with_answer": round(answered_rejected / len(pairs), 3) if pairs else None,
            "probe": None if (p := probe(pairs)) is None else round(p, 3),
            "prm_negative_rows": prm_neg,
            "prm_first_false_not_last": round(prm_false_not_last / prm_neg, 3) if prm_neg else None,
            "think_backtrack": round(think_bt / len(rs), 3),
            "think_repeats_solution": round(think_copy / len(rs), 3),
        }
    return out


def _fmt(v: Any) -> str:
    return "-" if v is None else f"{v:.2f}" if isinstance(v, float) else str(v)


def table(before: dict[str, Row], after: dict[str, Row]) -> str:
    head = ("| task | records | ≥1 negative | first error: 1st / 2nd / 3rd third / last step | error kinds | DPO len ratio | "
            "rejected ends in an answer | probe | think backtrack | think repeats solution |")
    lines = [head, "|" + "---|" * 10]
    for task in sorted(set(before) | set(after)):
        cells = []
        for key in ("records", "with_negative", "first_error", "error_kinds", "dpo_length_ratio", "dpo_rejected_with_answer", "probe",
                    "think_backtrack", "think_repeats_solution"):
            b, a = before.get(task, {}).get(key), after.get(task, {}).get(key)
            if key == "first_error":
                b = " / ".join(_fmt(x) for x in b.values()) if b else None
                a = " / ".join(_fmt(x) for x in a.values()) if a else None
            cells.append(f"{_fmt(b)} → {_fmt(a)}" if key != "records" else f"{_fmt(b)} / {_fmt(a)}")
        lines.append(f"| {task} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("solve")
    s.add_argument("--per-level", type=int, default=20)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--tasks", nargs="*")
    s.add_argument("--out", type=Path, required=True)
    m = sub.add_parser("measure")
    m.add_argument("rows", type=Path)
    m.add_argument("--json", type=Path, required=True)
    t = sub.add_parser("table")
    t.add_argument("before", type=Path)
    t.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.cmd == "solve":
        from cotforge.core.registry import TASKS

        solve(args.tasks or TASKS.names(), args.per_level, args.seed, args.out)
    elif args.cmd == "measure":
        figures = measure(_rows(args.rows))
        args.json.write_text(json.dumps(figures, indent=1))
        print(json.dumps(figures, indent=1))
    else:
        print(table(json.loads(args.before.read_text()), json.loads(args.after.read_text())))


if __name__ == "__main__":
    main()
