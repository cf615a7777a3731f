"""`cotforge evolve` from the command line, through the Prefect flow (round searches as nested runs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
import yaml

from cotforge.pipelines.cli import main
from tiny_lm import build_tiny_lm

torch.set_num_threads(1)

RECIPE = {"name": "evo", "seed": 1, "tasks": [{"name": "arithmetic_expression", "count": 3, "levels": [1]}], "unit_size": 3, "workers": 1}
OPTIONS = {"lm": {"max_steps": 2, "max_step_tokens": 10}, "train": {"batch_size": 2}, "eval": {"max_tokens": 12}}


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path, Path]:
    recipe, more = tmp_path / "recipe.yaml", tmp_path / "evolve.yaml"
    recipe.write_text(yaml.safe_dump(RECIPE))
    more.write_text(yaml.safe_dump(OPTIONS))
    base = build_tiny_lm(tmp_path / "base", ["Compute $3 + 4$ exactly. Add: $3 + 4 = 7$."] * 10)
    return recipe, more, base


@pytest.mark.slow
def test_evolve_command_runs_rounds_through_the_flow(files: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    recipe, more, base = files
    out = tmp_path / "out"
    args = ["evolve", str(recipe), "--model", str(base), "--out", str(out), "--rounds", "1", "--symbolic", "--options", str(more),
            "--algorithm", "best_of_n", "--max-expansions", "2", "--branching", "2", "--train-steps", "2", "--test-per-level", "2"]
    assert main(args) == 0
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert len(printed["accuracy"]) == 2
    report = json.loads((out / "report.json").read_text())
    assert [r["round"] for r in report["rounds"]] == [0, 1]
    first = report["rounds"][1]
    assert first["search"]["algorithm"] == "best_of_n" and first["train"]["steps"] == 2
    assert (out / "round-1" / "search" / "run.json").exists()  # the search was a cotforge run
    assert main(args) == 0  # finished: read back, nothing redone
    assert json.loads((out / "report.json").read_text())["rounds"] == report["rounds"]


def test_bad_evolve_options_are_one_line_errors(files: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    recipe, more, base = files
    assert main(["evolve", str(recipe), "--model", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert "model folder not found" in capsys.readouterr().err
    assert main(["evolve", str(recipe), "--model", str(base), "--out", str(tmp_path / "o"), "--targets", "vibes"]) == 2
    assert "targets" in capsys.readouterr().err
    assert main(["evolve", str(recipe), "--model", str(base), "--out", str(tmp_path / "o"), "--algorithm", "nope"]) == 2
    assert not (tmp_path / "o").exists()


def test_search_count_and_gradient_checkpointing_flags_reach_the_options(files: tuple[Path, Path, Path], tmp_path: Path) -> None:
    from cotforge.pipelines.cli import build_parser
    from cotforge.pipelines.evolve_cli import options_from

    recipe, more, base = files
    common = ["evolve", str(recipe), "--model", str(base), "--out", str(tmp_path / "o"), "--options", str(more)]
    options = options_from(build_parser().parse_args([*common, "--search-count", "2", "--no-gradient-checkpointing"]))
    assert options.search_count == 2 and options.train.gradient_checkpointing is False
    assert options.train.batch_size == 2  # the options file's train settings are kept beside the flag
    assert not options.train.settings(0).gradient_checkpointing
    default = options_from(build_parser().parse_args(common))
    assert default.search_count is None and default.train.gradient_checkpointing is True
    assert default.fingerprint() == options_from(build_parser().parse_args([*common, "--no-gradient-checkpointing"])).fingerprint()
    assert default.fingerprint() != options.fingerprint()  # searching fewer problems is another run
