"""The bad-input suite (``bad_inputs.py``): every hostile or careless input to `run`, `annotate`,
`export`, the Python API and the rewards ends in one error line that names it: no traceback, no
silent acceptance, and each case's peak memory under 1 GiB."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

GIB = 1 << 30
HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    work = tmp_path_factory.mktemp("bad-inputs")
    out = work / "results.json"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90"}
    done = subprocess.run([sys.executable, str(HERE / "bad_inputs.py"), str(work / "w"), str(out)], env=env,
                          capture_output=True, text=True, timeout=3600)
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(out.read_text()))


def problems(name: str, r: dict[str, Any]) -> list[str]:
    """What is wrong with one case's outcome (empty: it ended in one clear line)."""
    found = []
    if r["killed"]:
        found.append(f"killed by signal {r['killed']} (time or memory)")
    if r["maxrss"] >= GIB:
        found.append(f"peak memory {r['maxrss'] / GIB:.2f} GiB")
    if r.get("traceback") or "Traceback" in r["stderr"]:
        found.append("traceback: " + (r.get("traceback") or r["stderr"])[-600:])
    if r["api"]:
        error = r.get("error", "")
        if r["code"] == 0:
            found.append(f"accepted silently, returned {r.get('returned')}")
        elif r["code"] != 2:
            found.append(f"raised something other than a CotforgeError: {error[:300]}")
        if "\n" in error or r["expect"] not in error:
            found.append(f"error does not say {r['expect']!r} in one line: {error[:400]!r}")
        return found
    lines = [line for line in r["stderr"].splitlines() if line.strip()]
    if r["code"] == 0:
        found.append("accepted silently (exit 0)")
    if "internal error" in r["stderr"]:
        found.append("internal error: " + r["stderr"][-400:])
    if len(lines) != 1 or not lines[0].startswith("error:"):
        found.append(f"not one error line: {r['stderr'][-600:]!r}")
    elif r["expect"] not in lines[0]:
        found.append(f"the error does not name {r['expect']!r}: {lines[0][:400]!r}")
    if len(lines) == 1 and len(lines[0]) > 700:
        found.append(f"the error line is {len(lines[0])} characters long")
    return found


@pytest.mark.slow
def test_every_bad_input_ends_in_one_line_that_names_it(results: dict[str, dict[str, Any]]) -> None:
    failures = {name: p for name, r in results.items() if (p := problems(name, r))}
    report = "\n".join(f"{name}: {'; '.join(p)}" for name, p in sorted(failures.items()))
    assert not failures, f"{len(failures)} of {len(results)} bad inputs misbehaved:\n{report}"


@pytest.mark.slow
def test_the_suite_covers_every_entry_point(results: dict[str, dict[str, Any]]) -> None:
    kinds = {name.split(":")[0] for name in results}
    assert len(results) >= 150
    assert {"run", "annotate", "export", "api", "cli"} <= kinds
    assert any("reward" in name for name in results)


@pytest.mark.parametrize("filters", [
    {"decontaminate": [{"path": "{tmp}/gone.jsonl"}]},
    {"length": {"tokenizer": "{tmp}/no-tokenizer"}},
    {"near_duplicate": {"against": ["{tmp}/no-earlier-run"]}},
])
def test_a_missing_reference_stops_the_run_before_any_unit(filters: dict, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture) -> None:
    from cotforge.pipelines import cli

    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(json.dumps({"name": "early", "tasks": [{"name": "linear_equation", "count": 4, "levels": [1]}],
                                  "filters": json.loads(json.dumps(filters).replace("{tmp}", str(tmp_path)))}))
    out = tmp_path / "out"
    assert cli.main(["run", str(recipe), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(tmp_path) in err
    assert not (out / "parts").exists() and not (out / "run.json").exists()  # nothing ran, nothing was written


def test_the_memory_bombs_of_the_issue_are_refused_in_process() -> None:
    """The cheap half of the suite, in this process: each is refused before it allocates."""
    from cotforge.core.errors import ConfigError
    from cotforge.pipelines.recipe import load_recipe

    sys.path.insert(0, str(HERE))
    from bad_inputs_run import GOOD, LAUGHS_FLOW

    for change, overrides in [({"count": 10**12, "tasks": [{"name": "linear_equation"}]}, []), ({}, [f"tasks={LAUGHS_FLOW}"]),
                              ({}, ["tasks.0.count=1000000000000"]), ({"seed": 10**30}, [])]:
        with pytest.raises(ConfigError):
            load_recipe({**GOOD, **change}, overrides)
