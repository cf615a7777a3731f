"""CPU time per verified math record (generate, search, negatives, verify, step checks), for A/B runs.

On a shared machine wall-clock rates swing with the load; the process's CPU time per record is
steadier, so two code trees can be compared run for run (``PYTHONPATH=<tree>``). One warm-up
record per task is left out (imports and first-use caches).

Generation is timed with the rest (``generate_cpu_ms_per_record`` says how much of it). Before 2026-12-02 the
problems were generated before the clock started, so the figures in bench/README before the section "Generation
counted" leave it out: at level 5 it is most of polynomial_factor's record (about 50 ms of its 60) and a third of
integral's.

    PYTHONPATH=<tree> python bench/bench_math_cpu.py --n 20 --tasks linear_equation quadratic_equation [--json out.json] [--peers] [--phases]

The bench sets the garbage collector as a run's worker does (``cotforge.pipelines.gc_tuning.tune_gc``, called by the
first ``run_unit`` of every process), after its imports and before the first record, so it times what a run does.

``--peers`` also times reasoning-gym's nearest task (``bench_tasks.PEERS``: bare generation plus scoring its own gold)
in CPU time in the same process, so the ratio holds under any load.
"""

from __future__ import annotations

import argparse
import json
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

from bench_tasks import PEERS  # noqa: E402

from cotforge.core.registry import TASKS  # noqa: E402
from cotforge.pipelines.gc_tuning import tune_gc  # noqa: E402
from cotforge.pipelines.recipe import SearchSettings  # noqa: E402
from cotforge.pipelines.solve import solve_problem  # noqa: E402


def cpu_ms_per_record(task: str, n: int, seed: int = 123, phases: Phases | None = None) -> dict:
    """CPU ms per record, the problem's generation included (a record is generated, then solved and checked: the
    peer's figure is its generation too). ``n`` is spread evenly over levels 1-5."""
    per_level = max(1, n // 5)
    generators = [TASKS.get(task).from_level(level, seed=seed) for level in range(1, 6)]
    solve_problem(TASKS.get(task).from_level(1, seed=seed + 1000).generate(0), SearchSettings())  # warm-up
    if phases is not None:
        phases.cpu.clear()
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    gen_cpu, rows = 0.0, []
    for generator in generators:
        for i in range(per_level):
            before = time.process_time()
            problem = generator.generate(i)
            gen_cpu += time.process_time() - before
            rows.append(solve_problem(problem, SearchSettings()).row)
    cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
    out = {"task": task, "records": len(rows), "accepted": sum(r is not None for r in rows),
           "cpu_ms_per_record": 1000 * cpu / len(rows), "wall_ms_per_record": 1000 * wall / len(rows),
           "generate_cpu_ms_per_record": 1000 * gen_cpu / len(rows)}
    if phases is not None:  # the search includes its own verifications; the negatives their checks and continuations
        out["phases_cpu_ms_per_record"] = {k: round(1000 * v / len(rows), 2) for k, v in sorted(phases.cpu.items())}
    return out


class Phases:
    """CPU time in the phases of a record (outermost call only): verifying answers, checking steps, the search, the
    continued negatives and their sound continuations; installed by wrapping the functions the pipeline calls."""

    WRAPPED = (("cotforge.verifiers.math", "MathVerifier.verify", "verify"),
               ("cotforge.verifiers.math", "MathVerifier.check_steps", "check_steps"),
               ("cotforge.pipelines.continue_negative", "continue_sound", "continue_sound"),
               ("cotforge.pipelines.solve", "continued_negatives", "negatives"))

    def __init__(self) -> None:
        import importlib

        from cotforge.core.registry import SEARCHES

        self.cpu: dict[str, float] = {}
        self.depth: dict[str, int] = {}
        for module, name, label in self.WRAPPED:
            owner: object = importlib.import_module(module)
            *path, attr = name.split(".")
            for part in path:
                owner = getattr(owner, part)
            setattr(owner, attr, self._timed(getattr(owner, attr), label))
        for name in SEARCHES.names():
            SEARCHES._items[name] = self._timed(SEARCHES.get(name), "search")

    def _timed(self, fn, label: str):  # type: ignore[no-untyped-def]
        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            self.depth[label] = self.depth.get(label, 0) + 1
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.depth[label] -= 1
                if not self.depth[label]:
                    self.cpu[label] = self.cpu.get(label, 0.0) + time.process_time() - start

        return timed


def peer_cpu_ms_per_item(name: str, n: int) -> float:
    """CPU ms per reasoning-gym item (generate, then score its own gold), as ``bench_tasks.bench_peer`` times it."""
    import reasoning_gym

    reasoning_gym.create_dataset(name, size=2, seed=7)[0]  # warm-up
    start = time.process_time()
    dataset = reasoning_gym.create_dataset(name, size=n, seed=123)
    items = [dataset[i] for i in range(n)]
    for item in items:
        dataset.score_answer(item["answer"], item)
    return 1000 * (time.process_time() - start) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--tasks", nargs="+", required=True)
    parser.add_argument("--json")
    parser.add_argument("--peers", action="store_true", help="also time reasoning-gym's nearest task in CPU time")
    parser.add_argument("--phases", action="store_true", help="also split each record's CPU time by phase")
    args = parser.parse_args()
    tune_gc()  # as the first run_unit of a worker process does
    phases = Phases() if args.phases else None
    out = []
    for task in args.tasks:
        out.append(cpu_ms_per_record(task, args.n, phases=phases))
        if args.peers and task in PEERS:
            peer = peer_cpu_ms_per_item(PEERS[task], max(args.n, 20))
            out[-1].update(peer=PEERS[task], peer_cpu_ms_per_item=peer, full_over_peer=peer / out[-1]["cpu_ms_per_record"])
        print(json.dumps(out[-1]), flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()
