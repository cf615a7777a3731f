"""cotforge evolve end to end on a tiny model: rounds of LM search -> verified (+ symbolic) chains -> SFT -> eval,
a report per round, and resuming at the last finished round. The plain functions run the one pipeline
(prepare, run_unit, export) here; the CLI test drives the Prefect flow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import torch
import yaml

from cotforge.core.errors import ConfigError
from cotforge.pipelines.evolve import EvolveOptions, evolve, prompt_of, training_questions, prepare_evolve
from cotforge.pipelines.eval import prompt_text_of
from cotforge.pipelines.export import export
from cotforge.pipelines.job import Job, prepare
from cotforge.pipelines.run_unit import run_unit
from tiny_lm import build_tiny_lm

torch.set_num_threads(1)

RECIPE = {"name": "evo", "seed": 5, "tasks": [{"name": "linear_equation", "count": 4, "levels": [1]}], "unit_size": 4, "workers": 1}
SMALL = {"search": {"algorithm": "best_first", "max_expansions": 2, "branching": 2, "wrong_moves": 0, "negatives": 0},
         "lm": {"max_steps": 3, "max_step_tokens": 12}, "train": {"steps": 3, "batch_size": 2, "learning_rate": 1e-2},
         "eval": {"per_level": 3, "max_tokens": 16}}


def direct(job: Job, out: Path) -> dict[str, Any]:
    """The one pipeline without Prefect: claim, units, export."""
    units = prepare(job, out)
    for unit in units:
        run_unit(job, unit, out)
    return export(job.options, units, out)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    texts = ["Solve the equation 3x + 4 = 10 for x. Subtract 4 from both sides: 3x = 6. The final answer is $\\boxed{2}$."] * 10
    return build_tiny_lm(tmp_path_factory.mktemp("base"), texts)


@pytest.fixture
def recipe(tmp_path: Path) -> Path:
    path = tmp_path / "recipe.yaml"
    path.write_text(yaml.safe_dump(RECIPE))
    return path


def options(recipe: Path, base: Path, out: Path, **more: Any) -> EvolveOptions:
    return EvolveOptions(recipe=str(recipe), model=str(base), output=str(out), **{"rounds": 2, "symbolic": True, **SMALL, **more})


def test_two_rounds_train_on_found_chains_and_report_each(recipe: Path, base: Path, tmp_path: Path) -> None:
    out = tmp_path / "evo"
    calls: list[str] = []

    def run(job: Job, folder: Path) -> dict[str, Any]:
        calls.append(folder.relative_to(out).as_posix())
        return direct(job, folder)

    summary = evolve(options(recipe, base, out), run)
    rounds = summary["rounds"]
    assert [r["round"] for r in rounds] == [0, 1, 2]
    assert calls == ["round-1/search", "round-1/symbolic", "round-2/search", "round-2/symbolic"]
    test_rows = pq.read_table(out / "test" / "data" / "rl" / "test-00000-of-00001.parquet").to_pylist()
    for report in rounds:
        assert report["eval"]["problems"] == len(test_rows) > 0
        assert 0 <= report["eval"]["pass@1"] <= 1
    for report in rounds[1:]:
        assert report["search"]["problems"] == 4 and report["search"]["tokens"] > 0  # the policy was sampled
        assert report["symbolic_chains"] >= 1 and report["chains_kept"] >= report["symbolic_chains"]
        assert report["trained"] and report["train"]["steps"] == 3
    # each round's policy is the last one trained on: round 2 starts from round 1's model
    assert json.loads((out / "round-1" / "model" / "train.json").read_text())["base"] == str(base)
    assert json.loads((out / "round-2" / "model" / "train.json").read_text())["base"] == str(out / "round-1" / "model")
    # the rounds see different problems, and the test split none of them
    train = training_questions(prepare_evolve(options(recipe, base, out)))
    assert len(set(train)) == 8
    assert not {prompt_of(q, "math") for q in train} & {prompt_text_of(r["prompt"]) for r in test_rows}
    table = (out / "report.md").read_text()
    assert "| base |" in table and "| 2 |" in table


def test_a_killed_evolve_resumes_at_the_last_finished_round(recipe: Path, base: Path, tmp_path: Path) -> None:
    out = tmp_path / "evo"
    opts = options(recipe, base, out, rounds=1)
    evolve(opts, direct)
    (out / "round-1" / "report.json").unlink()  # as if killed after training, before the round's report
    trained = (out / "round-1" / "model" / "model.safetensors").stat().st_mtime_ns

    def no_new_units(job: Job, folder: Path) -> dict[str, Any]:
        units = prepare(job, folder)
        assert all((folder / "stats" / f"{u.name}.json").exists() for u in units)  # every unit already done
        return export(job.options, units, folder)

    summary = evolve(opts, no_new_units)
    assert [r["round"] for r in summary["rounds"]] == [0, 1]
    assert (out / "round-1" / "model" / "model.safetensors").stat().st_mtime_ns == trained  # not trained again

    def must_not_run(job: Job, folder: Path) -> dict[str, Any]:
        raise AssertionError("a finished round ran again")

    assert evolve(opts, must_not_run)["rounds"] == summary["rounds"]


def test_answer_only_control_trains_on_the_final_line(recipe: Path, base: Path, tmp_path: Path) -> None:
    from cotforge.pipelines.evolve import training_pairs, verified_rows

    out = tmp_path / "ctl"
    evolve(options(recipe, base, out, rounds=1, targets="answer"), direct)
    rows = verified_rows(out / "round-1" / "symbolic")
    pairs = training_pairs(rows, "answer")
    assert pairs and all(c.startswith("The final answer is $\\boxed{") and "\n" not in c for _, c in pairs)
    chains = training_pairs(rows, "chain")
    assert all(c.endswith(a) and len(c) > len(a) for (_, c), (_, a) in zip(chains, pairs))


def test_another_evolve_or_a_user_folder_is_refused(recipe: Path, base: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(ConfigError, match="not an evolve output folder"):
        evolve(options(recipe, base, out), direct)
    assert (out / "notes.txt").read_text() == "keep me"
    other = tmp_path / "evo"
    prepare_evolve(options(recipe, base, other, rounds=1))
    with pytest.raises(ConfigError, match="another evolve run"):
        prepare_evolve(options(recipe, base, other, rounds=3))
    with pytest.raises(ValueError, match="model folder not found"):
        options(recipe, tmp_path / "nope", tmp_path / "x")
    mixed = tmp_path / "mixed.yaml"
    mixed.write_text(yaml.safe_dump({**RECIPE, "tasks": [{"name": "linear_equation", "count": 2}, {"name": "knights_knaves", "count": 2}]}))
    with pytest.raises(ConfigError, match="one domain"):
        prepare_evolve(options(mixed, base, tmp_path / "y"))


def test_search_count_limits_the_policy_search_and_the_symbolic_chains_cover_the_rest(recipe: Path, base: Path, tmp_path: Path) -> None:
    out = tmp_path / "few"
    searched: list[int] = []

    def run(job: Job, folder: Path) -> dict[str, Any]:
        stats = direct(job, folder)
        if folder.name == "search":
            searched.append(sum(t.count or 0 for t in job.options.tasks))
        return stats

    opts = options(recipe, base, out, rounds=1, search_count=1, train={**SMALL["train"], "gradient_checkpointing": False})
    report = evolve(opts, run)["rounds"][1]
    assert searched == [1] and report["search"]["problems"] == 1
    assert report["symbolic_chains"] == 4  # every problem of the round, not only the searched one
    log = json.loads((out / "round-1" / "model" / "train.json").read_text())
    assert log["settings"]["gradient_checkpointing"] is False
    assert report["eval"]["right"] == round(report["eval"]["pass@1"] * report["eval"]["problems"])
    # the test split is decontaminated against every problem trained on, searched or not
    questions = training_questions(prepare_evolve(opts))
    assert len(set(questions)) == 4


def test_search_count_zero_trains_on_the_symbolic_chains_alone(recipe: Path, base: Path, tmp_path: Path) -> None:
    out = tmp_path / "none"

    def run(job: Job, folder: Path) -> dict[str, Any]:
        assert folder.name != "search", "search_count 0 must not search"
        return direct(job, folder)

    report = evolve(options(recipe, base, out, rounds=1, search_count=0), run)["rounds"][1]
    assert report["search"]["problems"] == 0 and report["search"]["verified"] == 0
    assert report["trained"] and report["chains_kept"] == report["symbolic_chains"] == 4
    with pytest.raises(ValueError, match="add --symbolic"):
        options(recipe, base, tmp_path / "x", search_count=0, symbolic=False)
