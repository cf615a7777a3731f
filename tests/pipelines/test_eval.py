"""`cotforge eval`: the held-out test split (export --test), and a model answering it, scored and
judged step by step. A scripted backend gives exact figures; the CLI runs a tiny model end to end."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cotforge.core.errors import ConfigError
from cotforge.pipelines import cli
from cotforge.pipelines.eval import EvalOptions, evaluate, judge_steps, pass_at
from cotforge.pipelines.heldout import make_test_split
from cotforge.pipelines.recipe import Recipe
from cotforge.pipelines.run_unit import normalize_question
from cotforge.pipelines.views import SCHEMAS
from cotforge.solvers.lm.backends import Backend, Prompt, Request, Sample
from tiny_lm import build_tiny_lm

RECIPE = {"name": "evtest", "seed": 0, "unit_size": 4, "workers": 1,
          "tasks": [{"name": "linear_equation", "count": 4, "levels": [1]}, {"name": "arithmetic_expression", "count": 4, "levels": [1]}],
          "search": {"algorithm": "best_first", "max_expansions": 50}}


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dataset folder with only a test split (as export writes it), made without a run."""
    folder = tmp_path_factory.mktemp("data")
    (folder / "data" / "rl").mkdir(parents=True)
    rows: list[dict] = []
    make_test_split(Recipe(**RECIPE), 3, [], rows.extend)
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS["rl"]), folder / "data" / "rl" / "test-00000-of-00001-x.parquet")
    return folder


class ScriptedBackend(Backend):
    """Four answers per problem: right with a sound step; right after an unsound step; wrong; cut off."""

    def __init__(self, rows: list[dict]) -> None:
        self.rows = {r["prompt"]: r for r in rows}
        self.calls = 0

    def sample_batch(self, requests: Sequence[Request]) -> list[list[Sample]]:
        self.calls += 1
        out = []
        for r in requests:
            assert isinstance(r.prompt, Prompt) and r.n == 4
            row = self.rows[r.prompt.user]
            gold, data = int(row["answer"]), json.loads(row["payload"])
            if "equation" in data:
                sound, unsound = f"x = {gold}", f"x = {gold + 1}"
            else:
                sound, unsound = f"{data['expression']} = {gold}", f"{data['expression']} = {gold + 1}"
            texts = [f"Let us work.\n{sound}\nFinal answer: \\boxed{{{gold}}}", f"{unsound}\nFinal answer: \\boxed{{{gold}}}",
                     f"{unsound}\nFinal answer: \\boxed{{{gold + 1}}}", "So the answer is \\boxed{"]
            out.append([Sample(t, 10) for t in texts])
        return out


def test_the_test_split_is_disjoint_from_train_and_verified(split: Path) -> None:
    rows = pq.read_table(next((split / "data" / "rl").glob("test-*.parquet"))).to_pylist()
    assert len(rows) == 6 and {(r["task"], r["level"]) for r in rows} == {("linear_equation", 1), ("arithmetic_expression", 1)}
    train_questions = [r["prompt"].split("\n\n")[0] for r in rows[:2]]  # pretend two of them were train
    kept: list[dict] = []
    counts = make_test_split(Recipe(**RECIPE), 3, train_questions, kept.extend)
    assert counts["duplicate of train"] == 2 and counts["kept"] == 4
    assert not {normalize_question(q) for q in train_questions} & {normalize_question(r["prompt"].split("\n\n")[0]) for r in kept}


def test_eval_figures_keep_wrong_unreadable_and_unsound_apart(split: Path, tmp_path: Path) -> None:
    rows = pq.read_table(next((split / "data" / "rl").glob("test-*.parquet"))).to_pylist()
    options = EvalOptions(model="scripted", data=str(split), output=str(tmp_path / "ev"), k=4, unit_size=4)
    summary = evaluate(options, backend=ScriptedBackend(rows))
    for group in summary["per_task_level"]:
        assert group["problems"] == 3 and group["answers"] == 12
        assert group["pass@1"] == pytest.approx(0.5) and group["pass@4"] == 1.0
        assert group["wrong"] == pytest.approx(0.25) and group["unreadable"] == pytest.approx(0.25) and group["error"] == 0
        assert group["right"] == 6 and group["right_with_unsound_steps"] == 3  # right answers reached by invalid steps show
        assert group["sound_steps"] == pytest.approx(1 / 3)  # 3 sound lines, 6 unsound
    answers = pq.read_table(tmp_path / "ev" / "answers.parquet").to_pylist()
    assert len(answers) == 24 and all(a["completion"] for a in answers)  # the model's text is kept
    assert "pass@1" in (tmp_path / "ev" / "summary.md").read_text()
    again = ScriptedBackend(rows)
    assert evaluate(options, backend=again)["overall"] == summary["overall"] and again.calls == 0  # resumed: nothing redone


def test_an_eval_folder_is_not_shared_with_other_options_or_a_users_files(split: Path, tmp_path: Path) -> None:
    rows = pq.read_table(next((split / "data" / "rl").glob("test-*.parquet"))).to_pylist()
    evaluate(EvalOptions(model="scripted", data=str(split), output=str(tmp_path / "ev"), limit=2), backend=ScriptedBackend(rows))
    with pytest.raises(ConfigError, match="another eval"):
        evaluate(EvalOptions(model="scripted", data=str(split), output=str(tmp_path / "ev"), limit=3), backend=ScriptedBackend(rows))
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("x")
    with pytest.raises(ConfigError, match="not an eval output folder"):
        evaluate(EvalOptions(model="scripted", data=str(split), output=str(tmp_path / "mine")), backend=ScriptedBackend(rows))


@pytest.mark.parametrize(("text", "expected"), [
    ("8x = -64\nx = -8\nFinal answer: \\boxed{-8}", (2, 0, 1)),
    ("1. Subtract 15: $8x = -94$\n2. So $x = -8$", (1, 1, 0)),
    ("We know 8x - 15 = -79 so 8x = -79 + 15 = -64.", (1, 0, 0)),
])
def test_a_models_lines_are_judged_by_the_tasks_step_checker(text: str, expected: tuple[int, int, int]) -> None:
    row = {"task": "linear_equation", "domain": "math", "level": 1, "prompt": "Solve for x: 8x - 15 = -79", "answer": "-8",
           "payload": json.dumps({"equation": "8*x - 15 = -79", "variable": "x"}), "verifier": "math"}
    assert judge_steps(row, text) == expected


def test_pass_at_k_is_the_unbiased_estimate() -> None:
    assert pass_at(4, 0, 1) == 0 and pass_at(4, 4, 1) == 1 and pass_at(4, 1, 1) == pytest.approx(0.25)
    assert pass_at(4, 1, 4) == 1 and pass_at(4, 2, 2) == pytest.approx(1 - 1 / 6)


def test_the_cli_evaluates_a_local_model_and_says_bad_input_in_one_line(split: Path, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    model = build_tiny_lm(tmp_path / "model", ["Solve for x.\n\nx = 3\n\nFinal answer: \\boxed{3}"] * 20)
    out = tmp_path / "ev"
    argv = ["eval", str(model), str(out), "--data", str(split), "--k", "2", "--max-tokens", "8", "--limit", "3", "--unit-size", "2"]
    assert cli.main(argv) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["overall"]["answers"] == 6 and len(list((out / "stats").glob("unit-*.json"))) == 2
    assert cli.main(argv) == 0  # resumed
    assert cli.main(["eval", str(model), str(tmp_path / "x"), "--data", str(tmp_path)]) == 2
    assert "has no test split" in capsys.readouterr().err


@pytest.mark.slow  # a run through Prefect, then two exports
def test_export_writes_a_test_split_that_loads_beside_train(tmp_path: Path) -> None:
    from datasets import load_dataset

    recipe = tmp_path / "r.yaml"
    recipe.write_text(json.dumps(RECIPE))
    out = tmp_path / "run"
    assert cli.main(["run", str(recipe), "--out", str(out)]) == 0
    assert cli.main(["export", str(out), "--test", "3"]) == 0
    train = load_dataset(str(out), "rl", split="train")
    test = load_dataset(str(out), "rl", split="test")
    assert len(test) == json.loads((out / "stats.json").read_text())["test_split"]["rows"] > 0
    assert not {normalize_question(q) for q in train["prompt"]} & {normalize_question(q) for q in test["prompt"]}
    assert cli.main(["eval", str(build_tiny_lm(tmp_path / "m", ["x = 1"] * 5)), str(tmp_path / "ev"), "--data", str(out),
                     "--k", "1", "--max-tokens", "4", "--limit", "2"]) == 0
    assert cli.main(["export", str(out)]) == 0  # without --test: the split is retired with the export that wrote it
    assert not list((out / "data" / "rl").glob("test-*.parquet"))
