"""The fine-tuning views: layout, labels, pairs, and that each loads with the card's features."""

from __future__ import annotations

from pathlib import Path

import datasets
import pytest
import yaml

from cotforge.verifiers.rewards import extract_answer, verified_reward

VIEWS = ["raw", "sft", "sft_think", "prm", "dpo", "rl"]


def load(folder: Path, name: str) -> datasets.Dataset:
    return datasets.load_dataset(str(folder), name)["train"]


@pytest.mark.parametrize("name", VIEWS)
def test_every_view_loads_with_the_cards_features(exported: Path, name: str) -> None:
    header = yaml.safe_load((exported / "README.md").read_text().split("---")[1])
    features = {c["config_name"]: datasets.Features._from_yaml_list(c["features"]) for c in header["dataset_info"]}
    view = load(exported, name)
    assert view.num_rows > 0
    assert view.features == features[name]


def test_prm_labels_mark_the_first_wrong_step(exported: Path) -> None:
    prm = load(exported, "prm")
    solutions = prm.filter(lambda r: r["source"] == "solution")
    negatives = prm.filter(lambda r: r["source"] == "negative")
    assert solutions.num_rows == load(exported, "raw").num_rows
    assert all(all(r["labels"]) for r in solutions)
    assert negatives.num_rows > 0
    for r in negatives:
        assert len(r["labels"]) == len(r["completions"])
        first = r["labels"].index(False)
        assert all(r["labels"][:first]) and not any(r["labels"][first:])  # True before the first error, False from it
    assert any(r["labels"].index(False) < len(r["labels"]) - 1 for r in negatives)  # kept past the error
    assert any(r["labels"][0] is False for r in negatives) and any(r["labels"][0] is True for r in negatives)


def test_dpo_pairs_differ_and_step_pairs_share_a_prefix(exported: Path) -> None:
    dpo = load(exported, "dpo")
    assert {"solution", "step"} <= set(dpo["pair_type"])
    raw = {r["id"]: r for r in load(exported, "raw")}
    for r in dpo:
        assert r["chosen"] != r["rejected"]
        if r["pair_type"] == "step":
            first_step = raw[r["id"]]["steps"][0]["text"]
            assert r["prompt"].startswith(raw[r["id"]]["question"]) and first_step in r["prompt"]


def test_think_view_writes_out_the_wrong_turns(exported: Path) -> None:
    think = load(exported, "sft_think")
    texts = [r["completion"][0]["content"] for r in think]
    thought = [t for t in texts if t.startswith("<think>")]
    assert thought and all("</think>" in t for t in thought)
    assert all(t.split("</think>")[1].strip().count("\n\n") == 0 for t in thought)  # only the answer line follows
    assert any("Back to before it." in t for t in thought)
    assert not any("That does not check out" in t for t in texts)


def test_reward_accepts_the_sft_answer_and_rejects_a_wrong_one(exported: Path) -> None:
    rl = load(exported, "rl")
    sft = {r["id"]: r["completion"] for r in load(exported, "sft")}
    columns = {k: rl[k] for k in ("answer", "verifier", "payload", "task", "domain", "level")}
    assert verified_reward([sft[i] for i in rl["id"]], **columns) == [1.0] * rl.num_rows
    wrong = ["The final answer is $\\boxed{123456}$." if d == "math" else "Final answer: nobody" for d in rl["domain"]]
    assert verified_reward(wrong, **columns) == [0.0] * rl.num_rows
    conversational = [[{"role": "assistant", "content": sft[rl["id"][0]]}]]
    one = {k: v[:1] for k, v in columns.items()}
    assert verified_reward(conversational, **one) == [1.0]
    broken = {**one, "answer": ["not a number ((("]} if rl["domain"][0] == "math" else None
    if broken:
        assert verified_reward(["\\boxed{1}"], **broken) == [None]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("so x = 2.\n\nThe final answer is $\\boxed{\\frac{1}{2}}$.", "\\frac{1}{2}"),
        ("<think>maybe \\boxed{3}</think> Final answer: 4", "4"),
        ("Final answer:\n```\n1\n2\n```", "```\n1\n2\n```"),
        ("just 7", "just 7"),
    ],
)
def test_extract_answer(text: str, answer: str) -> None:
    assert extract_answer(text) == answer
