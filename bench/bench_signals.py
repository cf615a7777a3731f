"""Learning signals per task: negatives, first-error positions, error kinds, DPO lengths and a
surface-only probe, PRM shapes, think blocks with a real backtrack.

Two steps, so one code tree's rows can be measured by the same views (run each with PYTHONPATH
pointing at the code tree to measure):

    python bench/bench_signals.py solve --per-level 20 --out /tmp/signals/after.jsonl
    python bench/bench_signals.py measure /tmp/signals/after.jsonl --json /tmp/signals/after.json
    python bench/bench_signals.py table /tmp/signals/before.json /tmp/signals/after.json

``solve`` runs every registered task (or ``--tasks``) at levels 1-5 through
``cotforge.pipelines.solve.solve_problem`` with the default search settings and writes the raw rows,
item by item over all tasks and levels (stop it any time: what it wrote is a balanced sample).
``measure`` takes the figures from ``cotforge.pipelines.quality`` (the report's implementation; this
tree's file, run over the views of the cotforge on the path) and adds what it does not count.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

Row = dict[str, Any]


def solve(tasks: list[str], per_level: int, seed: int, out: Path, start: int = 0) -> None:
    """Item by item over every task and level (so a run stopped early is still balanced), one JSON line
    per record, flushed as it comes; from item ``start`` on, appending (to resume a stopped run). A search
    that raises is named on stderr and counted, not fatal (an old tree may have bugs the new one fixed)."""
    from cotforge.core.registry import TASKS
    from cotforge.pipelines.solve import solve_problem
    from cotforge.solvers.search.base import SearchSettings

    generators = {(t, lv): TASKS.get(t).from_level(lv, seed=seed) for t in tasks for lv in range(1, 6)}
    crashed = 0
    with out.open("a" if start else "w") as f:
        for index in range(start, per_level):
            for (task, level), generator in generators.items():
                try:
                    outcome = solve_problem(generator.generate(index), SearchSettings())
                except Exception as e:  # noqa: BLE001 - a bench of an old tree goes on past its crashes
                    crashed += 1
                    print(f"{task} L{level} #{index}: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
                    continue
                if outcome.row is not None:
                    f.write(json.dumps(outcome.row, default=str) + "\n")
                    f.flush()
            print("item", index, "done;", crashed, "crashed so far", file=sys.stderr, flush=True)


def _rows(path: Path) -> list[Row]:
    opener = gzip.open if path.suffix == ".gz" else open
    rows = []
    with opener(path, "rt") as f:
        for line in f:
            if line.endswith("\n"):  # a run stopped mid-line leaves its last line unfinished
                rows.append(json.loads(line))
    return list({r["id"]: r for r in rows}.values())  # a resumed run may write an item twice


QUALITY = Path(__file__).resolve().parent.parent / "cotforge" / "pipelines" / "quality.py"


def _quality(path: Path = QUALITY) -> Any:
    """``cotforge/pipelines/quality.py`` (of the tree this script is in, or ``path``), loaded on its own so
    that it measures through the views of whichever cotforge is on the path (the before tree has none).
    Its sibling ``quality_probe.py``, where one stands beside it, is loaded the same way first."""
    probe = path.with_name("quality_probe.py")
    if probe.exists():
        _load("cotforge.pipelines.quality_probe", probe)
    return _load("bench_signals_quality", path)


def _load(name: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up; quality.py imports the probe by name
    spec.loader.exec_module(module)
    return module


KEEP = ("records", "with_negative", "negatives_with_error", "dead_ends", "first_error_bins", "first_error_at_last",
        "first_error_median", "error_kinds", "wrong_step_checked_wrong", "dpo_pairs", "dpo_length_ratio", "surface_probe",
        "dpo_step_pairs", "step_probe", "think_backtrack", "targets_pass_reward", "rejected_fail_reward")


CANNED = ("That does not check out", "the line was wrong from its first step on")
"""The stock refutation the old think blocks wrote after every injected slip (issue 18)."""


def _extras(rows: list[Row]) -> Row:
    """What quality.py does not count: rejected completions ending in a final answer, PRM rows whose first
    False is not their last label, think blocks that copy the whole solution after </think>, think blocks
    with the stock refutation (quality's backtrack test counts those as backtracks)."""
    from cotforge.pipelines.views import dpo_rows, prm_rows, think_text

    answered = pairs = prm_neg = prm_inner = copies = canned = 0
    for r in rows:
        for pair in dpo_rows(r):
            if pair["pair_type"] == "solution":
                pairs += 1
                last = pair["rejected"].strip().split("\n\n")[-1].lower()  # an answer may take several lines
                answered += "final answer" in last.split("\n")[0] and "no answer" not in last
        for p in prm_rows(r):
            if p["source"] == "negative" and False in p["labels"]:
                prm_neg += 1
                prm_inner += p["labels"].index(False) < len(p["labels"]) - 1
        think = think_text(r)
        canned += any(c in think for c in CANNED)
        if "</think>" in think and think[think.find("<think>") + 7: think.find("</think>")].strip():
            after = think[think.find("</think>") + 8:]
            copies += len(r["steps"]) > 1 and all(s["text"] in after for s in r["steps"])

    def share(n: int, d: int) -> float | None:
        return round(n / d, 4) if d else None

    return {"rejected_ends_in_answer": share(answered, pairs), "prm_negative_rows": prm_neg,
            "prm_first_false_not_last": share(prm_inner, prm_neg), "think_repeats_solution": share(copies, len(rows)),
            "think_canned_refutation": share(canned, len(rows))}


def measure(rows: list[Row], sample: int, quality: Path = QUALITY) -> dict[str, Row]:
    """Per task over all levels: quality.py's figures (``sample`` records per level get the reward checks)
    and the extras."""
    by_task: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_task[r["task"]].append(r)
    figures = _quality(quality).measure(rows, sample=sample)
    out = {}
    for f in figures:
        if f["level"] == "all":
            out[f["task"]] = {k: f[k] for k in KEEP} | _extras(by_task[f["task"]])
    return out


def _fmt(v: Any) -> str:
    return "-" if v is None else f"{v:.2f}" if isinstance(v, float) else str(v)


COLUMNS = ("records", "with_negative", "first_error_bins", "error_kinds", "dpo_length_ratio", "rejected_ends_in_answer",
           "surface_probe", "step_probe", "wrong_step_checked_wrong", "prm_first_false_not_last", "think_backtrack", "think_canned_refutation", "think_repeats_solution")


def _cell(key: str, v: Any) -> str:
    if v is None:
        return "-"
    if key == "first_error_bins":
        n = sum(v.values())
        return "/".join(f"{round(100 * x / n)}" for x in v.values()) if n else "-"
    if key == "error_kinds":
        return str(len([k for k in v if k != "(not named)"]))
    return _fmt(v)


def table(before: dict[str, Row], after: dict[str, Row]) -> str:
    head = ("| task | records | ≥1 negative | first error % (1st/2nd/3rd third/last step) | error kinds | DPO len ratio | "
            "rejected ends in an answer | surface probe | step-pair probe | wrong step checked wrong | PRM first False before the end | think backtrack | think: stock refutation | "
            "think repeats solution |")
    lines = [head, "|---" + "|---:" * len(COLUMNS) + "|"]
    for task in sorted(set(before) | set(after)):
        cells = []
        for key in COLUMNS:
            b, a = _cell(key, before.get(task, {}).get(key)), _cell(key, after.get(task, {}).get(key))
            cells.append(f"{b} / {a}" if key == "records" else f"{b} → {a}")
        lines.append(f"| {task} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("solve")
    s.add_argument("--per-level", type=int, default=20)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--start", type=int, default=0, help="first item (appends to --out: resumes a stopped run)")
    s.add_argument("--tasks", nargs="*")
    s.add_argument("--out", type=Path, required=True)
    m = sub.add_parser("measure")
    m.add_argument("rows", type=Path)
    m.add_argument("--json", type=Path, required=True)
    m.add_argument("--sample", type=int, default=20, help="records per task and level that get the reward checks")
    m.add_argument("--items", type=int, help="only items 0..N-1 of each task and level (to compare runs stopped at different items)")
    m.add_argument("--quality", type=Path, default=QUALITY, help="the quality.py to measure with (default: this tree's)")
    t = sub.add_parser("table")
    t.add_argument("before", type=Path)
    t.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.cmd == "solve":
        from cotforge.core.registry import TASKS

        solve(args.tasks or TASKS.names(), args.per_level, args.seed, args.out, args.start)
    elif args.cmd == "measure":
        rows = [r for r in _rows(args.rows) if args.items is None or r["index"] < args.items]
        figures = measure(rows, args.sample, args.quality)
        args.json.write_text(json.dumps(figures, indent=1))
        print(json.dumps(figures, indent=1))
    else:
        print(table(json.loads(args.before.read_text()), json.loads(args.after.read_text())))


if __name__ == "__main__":
    main()
