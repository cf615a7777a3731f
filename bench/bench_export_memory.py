"""Peak memory and speed of `export` at 10k and 100k records: flat memory is the goal.

The records are synthetic but realistic: a small real run (search, verified steps,
negatives) gives template rows per task and level, and each synthetic record takes a
template's chain of thought with a freshly generated question and gold answer (same
task, level and seed scheme), so ids and questions are distinct and the filters
(exact and near-duplicate, leak, malformed) have real work to do. The parts and stats
files are laid out as `cotforge run` writes them; each export runs in a child process,
whose peak RSS (``ru_maxrss`` from ``os.wait4``) and wall time are recorded.

    python bench/bench_export_memory.py                      # 10k and 100k
    python bench/bench_export_memory.py --sizes 2000 20000   # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TASKS = ["linear_equation", "knights_knaves", "percentage", "number_theory"]
UNIT_SIZE = 50


def _recipe(name: str, count_per_task: int, unit_size: int) -> dict[str, Any]:
    return {"name": name, "seed": 0, "unit_size": unit_size, "workers": 1,
            "tasks": [{"name": t, "count": count_per_task} for t in TASKS]}


def templates(work: Path) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """Real rows of a small run, by (task, level)."""
    from cotforge.pipelines.plan import plan
    from cotforge.pipelines.recipe import load_recipe
    from cotforge.pipelines.rows import read_rows
    from cotforge.pipelines.run_unit import run_unit

    out = work / "templates"
    recipe = load_recipe({**_recipe("bench-templates", 20, 4), "output": str(out)})
    by_group: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for unit in plan(recipe):
        run_unit(recipe, unit, out)
        for row in read_rows(out / "parts" / f"{unit.name}.parquet"):
            by_group[(row["task"], row["level"])].append(row)
    return by_group


def build(work: Path, n: int, rows_by_group: dict[tuple[str, int], list[dict[str, Any]]]) -> Path:
    """An output folder of ``n`` records (parts + stats markers), as a finished run leaves it."""
    from cotforge.core.registry import TASKS as REGISTRY
    from cotforge.pipelines.output import prepare_output
    from cotforge.pipelines.plan import plan
    from cotforge.pipelines.recipe import load_recipe
    from cotforge.pipelines.rows import RAW, write_table_atomic, write_text_atomic
    from cotforge.pipelines.run_unit import stats_path

    out = work / f"export-{n}"
    recipe = load_recipe({**_recipe(f"bench-export-{n}", n // len(TASKS), UNIT_SIZE), "output": str(out)})
    if (out / "stats").exists() and len(list((out / "stats").glob("*.json"))) == len(plan(recipe)):
        return out
    prepare_output(recipe, out)
    for unit in plan(recipe):
        generator = REGISTRY.get(unit.task).from_level(unit.level, seed=unit.seed)
        pool = rows_by_group.get((unit.task, unit.level)) or next(v for (t, _), v in rows_by_group.items() if t == unit.task)
        rows = []
        for index in range(unit.start, unit.stop):
            p = generator.generate(index)
            rows.append(dict(pool[index % len(pool)], id=p.uid, level=p.level, seed=p.seed, index=p.index,
                             question=p.question, answer=p.answer, final_answer=p.answer, payload=p.payload))
        write_table_atomic(rows, RAW, out / "parts" / f"{unit.name}.parquet")
        stats = {"unit": unit.unit, "task": unit.task, "level": unit.level, "generated": unit.size, "accepted": len(rows),
                 "rejected": 0, "errors": 0, "reasons": {}, "expansions": sum(r["search"]["expansions"] for r in rows),
                 "steps": sum(len(r["steps"]) for r in rows), "seconds": 0.0}
        write_text_atomic(json.dumps(stats, sort_keys=True), stats_path(out, unit))
    return out


def child(folder: str) -> None:
    """Run in the measured process: one export of ``folder``, its figures on stdout."""
    from cotforge.pipelines.export import export
    from cotforge.pipelines.plan import plan
    from cotforge.pipelines.recipe import load_recipe

    out = Path(folder)
    recipe = load_recipe(out / "recipe.yaml", [f"output={out}"])
    units = plan(recipe)
    started = time.perf_counter()
    stats = export(recipe, units, out)
    seconds = time.perf_counter() - started
    print(json.dumps({"records_in": sum(u.size for u in units), "records_out": stats["records"], "seconds": seconds,
                      "filter_drops": stats["filter_drops"], "views": stats["views"]}))


def measure(folder: Path) -> dict[str, Any]:
    proc = subprocess.Popen([sys.executable, __file__, "--child", str(folder)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"export of {folder} failed with exit code {proc.returncode}")
    result = json.loads(output.strip().splitlines()[-1])
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)  # Linux reports KiB
    result["records_per_s"] = round(result["records_in"] / result["seconds"], 1)
    result["seconds"] = round(result["seconds"], 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--work", help="folder for the synthetic runs (kept, reused); default a temporary one")
    parser.add_argument("--label", default="streaming", help="name of this measurement in the results file")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "export_memory.json"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="cotforge-bench-export-"))
    work.mkdir(parents=True, exist_ok=True)
    rows_by_group = templates(work)
    runs = {}
    for n in args.sizes:
        built = time.perf_counter()
        folder = build(work, n, rows_by_group)
        print(f"{n} records built in {time.perf_counter() - built:.1f} s; exporting", file=sys.stderr)
        runs[str(n)] = measure(folder)
        print(f"{n}: {json.dumps(runs[str(n)])}", file=sys.stderr)
    sizes = [str(n) for n in args.sizes]
    result = {
        "label": args.label,
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "tasks": TASKS,
        "unit_size": UNIT_SIZE,
        "runs": runs,
        "peak_ratio_largest_to_smallest": round(runs[sizes[-1]]["peak_rss_mb"] / runs[sizes[0]]["peak_rss_mb"], 2),
    }
    path = Path(args.out)
    previous = json.loads(path.read_text()) if path.exists() else {}
    previous[args.label] = result
    path.write_text(json.dumps(previous, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
