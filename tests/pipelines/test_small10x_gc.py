"""A process that runs a work unit makes its records with the garbage collector set for them (gc_tuning)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cotforge.pipelines.gc_tuning import THRESHOLD

UNIT_IN_A_FRESH_PROCESS = """
import gc, json, sys
from cotforge.pipelines.output import prepare_output
from cotforge.pipelines.plan import plan
from cotforge.pipelines.recipe import load_recipe
from cotforge.pipelines.run_unit import run_unit
from cotforge.pipelines.storage import location

out = sys.argv[1]
recipe = load_recipe({"name": "gc", "seed": 3, "tasks": [{"name": "arithmetic_expression", "count": 2}], "unit_size": 2,
                      "output": out})
before = {"threshold": list(gc.get_threshold()), "frozen": gc.get_freeze_count()}
prepare_output(recipe, location(out))
stats = run_unit(recipe, plan(recipe)[0], location(out))
after = {"threshold": list(gc.get_threshold()), "frozen": gc.get_freeze_count(), "accepted": stats["accepted"]}
print(json.dumps({"before": before, "after": after}))
"""


def test_a_unit_run_in_a_fresh_process_sets_the_collector(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", UNIT_IN_A_FRESH_PROCESS, str(tmp_path / "out")], env=env,
                          capture_output=True, text=True, timeout=300, check=True)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["before"]["threshold"] != list(THRESHOLD)  # the library's imports leave the collector alone
    assert seen["after"]["threshold"] == list(THRESHOLD)
    assert seen["after"]["frozen"] > seen["before"]["frozen"]  # what was alive before the first unit is frozen
    assert seen["after"]["accepted"] >= 1  # records were made
