"""``score`` and the TRL reward: the reward and its reason, and why it is logged through TRL's own hooks."""

from __future__ import annotations

import inspect
import json
from collections import defaultdict

import pytest

from cotforge.verifiers.rewards import Score, format_reward, score, verified_reward

ROW = {"answer": "125", "verifier": "math", "payload": json.dumps({"answer_kind": "value"}), "task": "t", "domain": "math",
       "level": 1}  # fmt: skip
CASES = [  # completion, status, reward, answer read
    ("They sold 125 tickets altogether.", "accept", 1.0, "They sold 125 tickets altogether."),
    ("<think>so \\boxed{12}</think>\n<answer>125</answer>", "accept", 1.0, "125"),
    ("Final answer: 124", "reject", 0.0, "124"),
    ("Final answer: 12,5", "unreadable", 0.0, "12,5"),
    ("The answer is \\boxed{125", "unreadable", 0.0, None),
    ("", "unreadable", 0.0, None),
]


@pytest.mark.parametrize(("completion", "status", "reward", "extracted"), CASES)
def test_score_gives_the_reward_the_verdict_and_the_answer_read(completion, status, reward, extracted) -> None:
    scored = score(ROW, completion)
    assert isinstance(scored, Score)
    assert (scored.status, scored.reward, scored.extracted) == (status, reward, extracted)
    assert scored.reason or status == "accept"
    assert score(ROW, [{"role": "assistant", "content": completion}]) == scored


def test_an_unusable_gold_scores_none_not_zero() -> None:
    scored = score({**ROW, "answer": "\\boxed{12"}, "125")
    assert scored.status == "error" and scored.reward is None and "unclosed" in scored.reason


def test_a_row_without_the_fields_is_refused_with_their_names() -> None:
    with pytest.raises(ValueError, match="payload"):
        score({"answer": "1", "verifier": "math"}, "1")


def test_score_logs_through_callables_of_trls_shape() -> None:
    columns: dict[str, list] = defaultdict(list)
    metrics: dict[str, list] = defaultdict(list)
    score(ROW, "Final answer: 12,5", log_extra=lambda c, v: columns[c].extend(v), log_metric=lambda n, v: metrics[n].append(v))
    assert columns == {"cotforge_answer": ["12,5"], "cotforge_verdict": [columns["cotforge_verdict"][0]]}
    assert columns["cotforge_verdict"][0].startswith("unreadable: several different answers")
    assert metrics == {"cotforge/accept": [0.0], "cotforge/reject": [0.0], "cotforge/unreadable": [1.0], "cotforge/error": [0.0]}


def test_verified_reward_logs_through_trls_own_hooks_when_called_as_grpo_calls_it() -> None:
    trl = pytest.importorskip("trl")
    from trl import GRPOTrainer

    # TRL 1.13 passes both hooks to every reward function; this fails if a TRL release stops doing so
    source = inspect.getsource(GRPOTrainer._calculate_rewards)
    assert 'reward_kwargs["log_extra"]' in source and 'reward_kwargs["log_metric"]' in source, trl.__version__

    class Trainer:  # the state TRL's hooks write to, with TRL's own methods
        _pending_extra_logs: dict = defaultdict(list)
        _pending_metrics: dict = defaultdict(list)
        _log_completion_extra = GRPOTrainer._log_completion_extra
        _log_metric = GRPOTrainer._log_metric

    trainer = Trainer()
    completions = [[{"role": "assistant", "content": text}] for text, *_ in CASES]
    n = len(completions)
    inputs = [{key: value for key, value in ROW.items()} for _ in range(n)]
    reward_kwargs = {key: [example[key] for example in inputs] for key in inputs[0]}  # as _calculate_rewards builds them
    reward_kwargs.update(trainer_state=None, log_extra=trainer._log_completion_extra, log_metric=trainer._log_metric)
    prompts = [[{"role": "user", "content": "How many tickets?"}]] * n
    rewards = verified_reward(prompts=prompts, completions=completions, completion_ids=[[1]] * n, **reward_kwargs)
    assert rewards == [reward for _, _, reward, _ in CASES]
    assert trainer._pending_extra_logs["cotforge_answer"] == [extracted or "" for *_, extracted in CASES]
    verdicts = trainer._pending_extra_logs["cotforge_verdict"]
    assert [v.split(":")[0] for v in verdicts] == [status for _, status, _, _ in CASES]
    unreadable = trainer._pending_metrics["cotforge/unreadable"]
    assert len(unreadable) == n and sum(unreadable) / n == pytest.approx(3 / n)


def test_without_hooks_nothing_is_logged_and_the_rewards_are_the_same() -> None:
    columns = {key: [ROW[key]] * len(CASES) for key in ROW}
    assert verified_reward([text for text, *_ in CASES], **columns) == [reward for _, _, reward, _ in CASES]


def test_format_reward_rewards_an_explicit_final_answer_only() -> None:
    completions = ["\\boxed{3}", "<answer>3</answer>", "#### 3", "The answer is 3.", "3", "I hope the answer is correct.", ""]
    assert format_reward(completions) == [0.5, 0.5, 0.5, 0.5, 0.0, 0.0, 0.0]


@pytest.mark.slow
def test_a_grpo_run_logs_the_answer_and_verdict_of_every_completion(tmp_path) -> None:
    pytest.importorskip("trl")
    import datasets
    import torch
    from tiny_lm import build_tiny_lm
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import GRPOConfig, GRPOTrainer

    torch.set_num_threads(1)
    rows = [{"prompt": [{"role": "user", "content": f"What is {a} + {b}?"}], **ROW, "answer": str(a + b)} for a, b in ((2, 3), (4, 5))]
    lm = build_tiny_lm(tmp_path / "lm", [f"What is {a} + {b}? The answer is {a + b}." for a in range(9) for b in range(9)])
    args = GRPOConfig(output_dir=str(tmp_path / "out"), max_steps=1, per_device_train_batch_size=2, num_generations=2,
                      max_completion_length=8, report_to="none", save_strategy="no", use_cpu=True, logging_steps=1)  # fmt: skip
    trainer = GRPOTrainer(model=AutoModelForCausalLM.from_pretrained(lm), processing_class=AutoTokenizer.from_pretrained(lm),
                          reward_funcs=[verified_reward], args=args, train_dataset=datasets.Dataset.from_list(rows))  # fmt: skip
    trainer.train()
    verdicts = list(trainer._logs["extra"]["cotforge_verdict"])
    assert len(verdicts) == len(trainer._logs["completion"]) >= 2
    assert all(v.split(":")[0] in ("accept", "reject", "unreadable") for v in verdicts)
    assert len(trainer._logs["extra"]["cotforge_answer"]) == len(verdicts)
    assert any(key.startswith("cotforge/") for log in trainer.state.log_history for key in log)
