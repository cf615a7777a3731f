"""Math-Shepherd PRM data from the prm view: steps joined with the step tag, labels +/- in place."""

from __future__ import annotations

import json
from pathlib import Path

import datasets
import pytest

from cotforge.core.errors import ConfigError
from cotforge.pipelines.formats import export_format
from cotforge.pipelines.formats.math_shepherd import STEP_TAG, shepherd_row


def test_math_shepherd_rows_from_the_prm_view(exported: Path, tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "run"
    shutil.copytree(exported, out)
    folder, count = export_format(out, "math_shepherd")
    prm = datasets.load_dataset(str(exported), "prm")["train"]
    rows = [json.loads(line) for line in (folder / "train.jsonl").read_text().splitlines()]
    assert count == len(rows) == prm.num_rows
    for row, source in zip(rows, prm):
        assert row["input"].startswith(source["prompt"] + " Step 1: ")
        assert row["input"].count(STEP_TAG) == len(source["completions"])
        marks = ["+" if ok else "-" for ok in source["labels"]]
        parts = row["input"].split(" " + STEP_TAG)
        assert parts[0] + "".join(f" {m}{p}" for m, p in zip(marks, parts[1:])) == row["label"]  # each tag replaced
        assert row["label"].endswith(" +" if source["labels"][-1] else " -")
    assert any(r["source"] == "negative" and r["label"].endswith(" -") for r in rows)
    assert all(r["label"].count(" -\n") + r["label"].endswith(" -") == 0 for r in rows if r["source"] == "solution")


def test_a_step_holding_the_tag_is_refused() -> None:
    with pytest.raises(ConfigError, match="holds the step tag"):
        shepherd_row({"id": "x", "task": "t", "level": 1, "prompt": "q", "completions": [f"a {STEP_TAG} b"], "labels": [True]})
