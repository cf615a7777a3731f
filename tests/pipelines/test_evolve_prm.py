"""PRM-guided search: a classifier head trained on the prm view (TRL's PRMTrainer) scores a model's
proposed steps, and those scores become the moves' priors in the LM space."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem
from cotforge.pipelines.cli import main
from cotforge.pipelines.train import TrainSettings, prm_rows, train_prm
from cotforge.solvers.lm.backends import TransformersBackend
from cotforge.solvers.lm.prm import PRMScorer
from cotforge.solvers.lm.space import LMSettings, LMSpace
from tiny_lm import build_tiny_lm

torch.set_num_threads(1)

QUESTION = "Solve 2x = 4."
TOY = [{"prompt": QUESTION, "completions": ["Divide by 2: x = 2", "So x = 2"], "labels": [True, True]},
       {"prompt": QUESTION, "completions": ["Divide by 2: x = 2", "Add 9: x = 11"], "labels": [True, False]},
       {"prompt": QUESTION, "completions": ["Add 9: x = 11"], "labels": [False]}] * 8


@pytest.fixture(scope="module")
def lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    texts = [QUESTION + " " + " ".join(r["completions"]) for r in TOY]
    return build_tiny_lm(tmp_path_factory.mktemp("lm"), texts)


def test_a_prm_trained_on_labelled_steps_ranks_the_sound_one_higher(lm: Path, tmp_path: Path) -> None:
    out = tmp_path / "prm"
    log = train_prm(lm, TOY, out, TrainSettings(steps=60, batch_size=8, learning_rate=1e-2), head_only=False)
    assert log["loss_last"] < log["loss_first"]
    scorer = PRMScorer(out)
    good, bad = scorer.score(QUESTION, ["Divide by 2: x = 2"], ["So x = 2", "Add 9: x = 11"])
    assert 0 < bad < good < 1


def test_head_only_training_on_the_prm_view_freezes_the_language_model(exported: Path, lm: Path, tmp_path: Path) -> None:
    rows = prm_rows(exported)
    assert {label for r in rows for label in r["labels"]} == {True, False}  # the view has labelled negatives
    log = train_prm(lm, rows, tmp_path / "prm", TrainSettings(steps=2, batch_size=4))
    head = sum(p.numel() for p in torch.nn.Linear(16, 2).parameters())  # the tiny model's hidden size is 16
    assert log["trainable_parameters"] == head
    scores = PRMScorer(tmp_path / "prm").score(rows[0]["prompt"], [], ["a step", "another step", "a third"])
    assert len(scores) == 3 and all(0 < s < 1 for s in scores)
    with pytest.raises(ConfigError, match="sound and unsound"):
        train_prm(lm, [r | {"labels": [True] * len(r["labels"])} for r in rows], tmp_path / "x", TrainSettings(steps=1))
    with pytest.raises(ConfigError, match="not a process reward model"):
        PRMScorer(lm)  # a language model folder: its config has no 2-label head


class Fixed:
    """A scorer that prefers shorter steps, to see its scores become the priors."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, tuple[str, ...], list[str]]] = []

    def score(self, question: str, state, candidates) -> list[float]:  # type: ignore[no-untyped-def]
        self.seen.append((question, tuple(state), list(candidates)))
        return [1.0 / (1 + len(c)) for c in candidates]


def test_scores_become_the_priors_of_the_proposed_steps(lm: Path) -> None:
    problem = Problem(task="t", task_version=1, domain="math", level=1, seed=0, index=0, question=QUESTION, answer="2",
                      payload=json.dumps({}), space="lm", verifier="math")
    scorer = Fixed()
    space = LMSpace(problem, TransformersBackend(lm), LMSettings(max_step_tokens=6), seed=1, scorer=scorer)
    moves = space.propose((), 3)
    assert moves and scorer.seen == [(QUESTION, (), [m.step.text for m in moves])]
    assert [m.prior for m in moves] == [1.0 / (1 + len(m.step.text)) for m in moves]


def test_train_prm_command_and_evolve_option(exported: Path, lm: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cotforge.pipelines.evolve import EvolveOptions, prepare_evolve, search_job

    out = tmp_path / "prm"
    assert main(["train-prm", str(exported), "--model", str(lm), "--out", str(out), "--steps", "2", "--batch-size", "4"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["steps"] == 2
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text("name: p\ntasks: [{name: linear_equation, count: 2, levels: [1]}]\nunit_size: 2\n")
    options = EvolveOptions(recipe=str(recipe), model=str(lm), output=str(tmp_path / "evo"), rounds=1, prm=str(out),
                            eval={"per_level": 2})
    assert search_job(prepare_evolve(options), 1).steps.prm == str(out)
    with pytest.raises(ValueError, match="process reward model folder not found"):
        EvolveOptions(recipe=str(recipe), model=str(lm), output=str(tmp_path / "e2"), prm=str(tmp_path / "none"))


def test_annotate_with_a_prm_scores_every_proposal_with_it(exported: Path, lm: Path, tmp_path: Path) -> None:
    from cotforge.pipelines.annotate import AnnotateOptions, annotate_job
    from cotforge.pipelines.job import prepare
    from cotforge.pipelines.run_unit import run_unit
    from cotforge.solvers.lm.prm import scorer_for

    prm = tmp_path / "prm"
    train_prm(lm, prm_rows(exported), prm, TrainSettings(steps=2, batch_size=4))
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("\n".join(json.dumps({"question": q, "answer": a}) for q, a in [("Solve 2x = 4.", "2"), ("What is 3 + 4?", "7")]))
    options = AnnotateOptions(input=str(pairs), model=str(lm), prm=str(prm), output=str(tmp_path / "out"),
                              search={"algorithm": "beam", "max_expansions": 2, "branching": 2, "wrong_moves": 0},
                              lm={"max_steps": 2, "max_step_tokens": 6})
    job = annotate_job(options)
    assert job.steps.prm == str(prm)
    out = tmp_path / "out"
    stats = [run_unit(job, unit, out) for unit in prepare(job, out)]
    assert sum(s["generated"] for s in stats) == 2 and sum(s["tokens"] for s in stats) > 0
    assert scorer_for(str(prm)).calls >= 2  # each problem's proposals went through the PRM
    with pytest.raises(ValueError, match="process reward model folder not found"):
        AnnotateOptions(input=str(pairs), model=str(lm), prm=str(tmp_path / "nowhere"))
