"""A process reward model that scores a language model's proposed steps during search (as in rStar-Math).

The model is a token-classification head trained on cotforge's own ``prm`` view by
``cotforge.pipelines.train.train_prm`` (TRL's ``PRMTrainer``). A candidate step is scored the way
it was trained: the question, then the steps so far and the candidate, each followed by the
separator, tokenized by TRL's own ``PRMTrainer.tokenize_row``; the score is the probability of
"sound" read at the candidate's last token. ``LMSpace`` uses it as the move's prior, so MCTS
(PUCT), beam (ranking) and best-first (path score) follow the steps the PRM trusts instead of the
ones the policy found likely.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path

from cotforge.core.errors import ConfigError

DEFAULT_SEPARATOR = "\n\n"


class PRMScorer:
    """Scores candidate next steps with a process reward model from a local folder."""

    def __init__(self, folder: str | Path) -> None:
        path = Path(folder)
        if not path.is_dir():
            raise ConfigError(f"process reward model folder not found: {path}")
        try:
            import torch
            from transformers import AutoModelForTokenClassification, AutoTokenizer
            from trl.experimental.prm import PRMTrainer
        except ImportError:
            raise ConfigError("the PRM scorer needs torch, transformers and trl 1.13: pip install 'cotforge[train]'") from None
        log = path / "train.json"
        self.separator = json.loads(log.read_text()).get("separator", DEFAULT_SEPARATOR) if log.is_file() else DEFAULT_SEPARATOR
        self.torch = torch
        self.tokenize_row = PRMTrainer.tokenize_row
        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        config = json.loads((path / "config.json").read_text()) if (path / "config.json").is_file() else {}
        kinds = config.get("architectures") or []
        if not any(k.endswith("ForTokenClassification") for k in kinds) or len(config.get("id2label") or {0: 0, 1: 1}) != 2:
            raise ConfigError(f"{path} is not a process reward model (a 2-label token classifier; its config names {kinds or 'no architecture'})")
        self.model = AutoModelForTokenClassification.from_pretrained(path, local_files_only=True).eval()
        self.calls = 0

    def _row(self, question: str, steps: Sequence[str]) -> tuple[list[int], int]:
        features = {"prompt": question, "completions": list(steps), "labels": [False] * len(steps)}
        row = self.tokenize_row(features, self.tokenizer, self.separator, None, None, False, True)
        marks = [i for i, label in enumerate(row["labels"]) if label != -100]
        return row["input_ids"], marks[-1]

    def score(self, question: str, state: Sequence[str], candidates: Sequence[str]) -> list[float]:
        """The probability that each candidate, taken after the steps in ``state``, is a sound step."""
        if not candidates:
            return []
        torch = self.torch
        rows = [self._row(question, [*state, c]) for c in candidates]
        width = max(len(ids) for ids, _ in rows)
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0
        ids = torch.tensor([ids + [pad] * (width - len(ids)) for ids, _ in rows])
        mask = torch.tensor([[1] * len(ids) + [0] * (width - len(ids)) for ids, _ in rows])
        with torch.no_grad():
            logits = self.model(input_ids=ids, attention_mask=mask).logits
        self.calls += 1
        at = torch.tensor([mark for _, mark in rows])
        probabilities = logits[torch.arange(len(rows)), at].softmax(-1)[:, 1]
        return [float(p) for p in probabilities]


@functools.lru_cache(maxsize=2)
def scorer_for(folder: str) -> PRMScorer:
    """The scorer of ``folder``, loaded once per process."""
    return PRMScorer(folder)

