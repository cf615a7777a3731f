"""The bad-input suite: hostile and careless inputs to `run`, `annotate`, `export`, the Python API
and the reward functions, each run as a user would and each expected to end in one line.

``python bad_inputs.py WORK RESULTS.json`` builds the inputs under WORK, imports cotforge once,
then runs every case in a forked child whose address space may grow by at most 1 GiB beyond
those imports (``RLIMIT_AS``) and which is killed after ``CASE_SECONDS``. For each case it
records the exit code (CLI) or the exception (API), stderr, and the child's peak RSS; the
pytest module ``test_bad_inputs.py`` checks them. CLI cases call ``cli.main(argv)`` in the
child exactly as the ``cotforge`` entry point does.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import bad_inputs_api  # noqa: E402
from bad_inputs_api import API_EXPECT  # noqa: E402
from bad_inputs_other import annotate_cases, export_cases  # noqa: E402
from bad_inputs_run import Case, run_cases  # noqa: E402

GIB = 1 << 30
CASE_SECONDS = 120


def build(work: Path) -> list[Case]:
    """Write every input under ``work``; return the cases."""
    cases = run_cases(work)
    cases += export_cases(work)
    cases += annotate_cases(work)
    cases += [Case(f"api:{name}", expect, api=name) for name, expect in API_EXPECT.items()]
    return cases


def run_case(case: Case, work: Path, out: Path) -> dict[str, Any]:
    """In the forked child: the case, with stdout and stderr going to files; returns what happened."""
    from cotforge.core.errors import CotforgeError

    result: dict[str, Any] = {}
    if case.api:
        try:
            value = getattr(bad_inputs_api, case.api)(work)
            result = {"code": 0, "returned": repr(value)[:300]}
        except CotforgeError as exc:
            result = {"code": 2, "error": str(exc)}
        except BaseException as exc:  # noqa: BLE001 - what the suite looks for
            result = {"code": 1, "error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()[-3000:]}
    else:
        from cotforge.pipelines import cli

        argv = [a.replace("{O}", str(out)).replace("{W}", str(work)) for a in case.argv]
        try:
            result = {"code": cli.main(argv)}
        except BaseException as exc:  # noqa: BLE001 - a traceback is what the suite looks for
            result = {"code": 1, "error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()[-3000:]}
    return result


def vm_size() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def main(work: Path, results_path: Path, only: set[str] | None = None) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ["HF_DATASETS_CACHE"] = str(work / "hf-cache")
    os.environ["HF_DATASETS_OFFLINE"] = "1"
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.pop("COTFORGE_DEBUG", None)
    import datasets  # noqa: F401 - imported once here, shared by every forked case

    import cotforge.pipelines.annotate  # noqa: F401
    import cotforge.pipelines.cli  # noqa: F401
    import cotforge.pipelines.export  # noqa: F401
    import cotforge.verifiers.rewards  # noqa: F401

    cases = [c for c in build(work) if only is None or c.name in only]
    results = {}
    for number, case in enumerate(cases):
        out = work / "outs" / f"case-{number:03d}"
        report = work / "reports" / f"case-{number:03d}.json"
        report.parent.mkdir(parents=True, exist_ok=True)
        stderr_path, stdout_path = report.with_suffix(".err"), report.with_suffix(".out")
        limit = vm_size() + GIB
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: limits, its own cwd and output files, then the case
            try:
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
                signal.alarm(CASE_SECONDS)
                cwd = work / "cwd" / f"case-{number:03d}"
                cwd.mkdir(parents=True, exist_ok=True)
                os.chdir(cwd)
                err = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                out_fd = os.open(stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                os.dup2(err, 2)
                os.dup2(out_fd, 1)
                sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
                sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
                from cotforge.pipelines import cli

                cli.console.file = sys.stderr
                outcome = run_case(case, work, out)
                sys.stdout.flush()
                sys.stderr.flush()
                report.write_text(json.dumps(outcome))
            finally:
                os._exit(0)
        _, status, usage = os.wait4(pid, 0)
        outcome = json.loads(report.read_text()) if report.exists() else {"code": None}
        outcome.update(stderr=stderr_path.read_text(errors="replace")[-4000:], stdout=stdout_path.read_text(errors="replace")[-2000:],
                       maxrss=usage.ru_maxrss * 1024, killed=os.WIFSIGNALED(status) and os.WTERMSIG(status),
                       expect=case.expect, api=bool(case.api))
        results[case.name] = outcome
    results_path.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), set(sys.argv[3].split(",")) if len(sys.argv) > 3 else None)
