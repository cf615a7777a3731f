"""bench/bench_curves.py's options reach the evolve it runs, and its table's intervals are right."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))

import bench_curves  # noqa: E402
from tiny_lm import build_tiny_lm  # noqa: E402


def test_wilson_interval() -> None:
    low, high = bench_curves.wilson(0, 100)
    assert low == 0 and 0.03 < high < 0.04  # a zero count still has an upper bound (3.7%)
    low, high = bench_curves.wilson(50, 100)
    assert 0.40 < low < 0.41 and 0.59 < high < 0.60
    assert bench_curves.wilson(100, 100)[1] == pytest.approx(1.0)
    cell = bench_curves.accuracy_cell({"problems": 100, "right": 12, "pass@1": 0.12})
    assert cell.startswith("12 / 100 = 12.0% [")


def test_cli_options_reach_the_evolve_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    base = build_tiny_lm(tmp_path / "base", ["What is $3 + 4$? Add: $3 + 4 = 7$."] * 10)
    (tmp_path / "recipe.yaml").write_text("{}")
    args = argparse.Namespace(rounds=1, train_steps=7, learning_rate=1e-3, batch_size=4, round_search_count=0,
                              gradient_checkpointing=False, test_per_level=100, eval_max_tokens=64)
    options = bench_curves.evolve_options(tmp_path, base, "answer", args)
    assert options.search_count == 0 and options.symbolic and options.targets == "answer"
    assert (options.train.steps, options.train.batch_size, options.train.gradient_checkpointing) == (7, 4, False)
    assert (options.eval.per_level, options.eval.max_tokens) == (100, 64)
