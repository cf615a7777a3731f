"""One worker vs two local processes vs a 2-worker local Dask cluster, on the same recipe.

Each engine runs ``cotforge run`` into a fresh temporary folder, one after the other in
this one invocation, against one shared Prefect API (so the API's start-up is not
counted; starting the process pool or the Dask cluster is). The rows must be identical
byte for byte. Writes bench/results/engines.json.

    python bench/bench_engines.py --count 80 --unit-size 8
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

ENGINES = {
    "one worker (thread)": ["--set", "workers=1"],
    "two local processes": ["--set", "workers=2"],
    "Dask, 2-worker local cluster": ["--set", "workers=2", "--engine", "dask"],
}
TASKS = ("linear_equation", "knights_knaves", "code_output")


def recipe_text(count: int, unit_size: int, seed: int) -> str:
    tasks = "\n".join(f"  - {{name: {name}, count: {count}}}" for name in TASKS)
    return f"name: bench-engines\nseed: {seed}\ntasks:\n{tasks}\nunit_size: {unit_size}\n"


def shards(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted((out / "data").rglob("*.parquet"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=80, help="problems per task (three tasks)")
    parser.add_argument("--unit-size", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", default=str(Path(__file__).parent / "results" / "engines.json"))
    args = parser.parse_args()

    from prefect.server.api.server import SubprocessASGIServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = SubprocessASGIServer(port=port)
    server.start(timeout=120)
    env = {**os.environ, "PREFECT_API_URL": server.api_url, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    results = []
    reference: dict[str, bytes] | None = None
    try:
        with tempfile.TemporaryDirectory(prefix="bench-engines-") as tmp:
            recipe = Path(tmp) / "recipe.yaml"
            recipe.write_text(recipe_text(args.count, args.unit_size, args.seed))
            for name, extra in ENGINES.items():
                out = Path(tmp) / name.split()[0].lower()
                started = time.perf_counter()
                done = subprocess.run([sys.executable, "-m", "cotforge.pipelines.cli", "run", str(recipe), "--out", str(out),
                                       *extra], env=env, capture_output=True, text=True)
                seconds = time.perf_counter() - started
                if done.returncode != 0:
                    raise SystemExit(f"{name} failed:\n{done.stderr[-3000:]}")
                stats = json.loads((out / "stats.json").read_text())
                unit_seconds = sum(json.loads(p.read_text())["seconds"] for p in (out / "stats").glob("unit-*.json"))
                found = shards(out)
                reference = reference if reference is not None else found
                results.append({
                    "engine": name, "args": extra, "seconds": round(seconds, 2), "generated": stats["generated"],
                    "records": stats["records"], "problems_per_s": round(stats["generated"] / seconds, 2),
                    "records_per_s": round(stats["records"] / seconds, 2), "unit_cpu_seconds": round(unit_seconds, 2),
                    "same_bytes_as_one_worker": found == reference,
                })
                print(f"{name:32s} {seconds:7.1f} s  {stats['records'] / seconds:6.2f} records/s", flush=True)
    finally:
        server.stop()
    base = results[0]["seconds"]
    for r in results:
        r["speed_up"] = round(base / r["seconds"], 2)
    report = {
        "date": time.strftime("%Y-%m-%d"), "host": platform.node(), "cpus": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()], "python": platform.python_version(),
        "recipe": recipe_text(args.count, args.unit_size, args.seed), "units": -(-args.count // args.unit_size) * len(TASKS),
        "results": results,
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    print("\n| engine | seconds | records | records/s | speed-up | same bytes |\n|---|---:|---:|---:|---:|---|")
    for r in results:
        print(f"| {r['engine']} | {r['seconds']} | {r['records']} | {r['records_per_s']} | {r['speed_up']}x | "
              f"{'yes' if r['same_bytes_as_one_worker'] else 'NO'} |")
    if not all(r["same_bytes_as_one_worker"] for r in results):
        raise SystemExit("the engines wrote different rows")


if __name__ == "__main__":
    main()
