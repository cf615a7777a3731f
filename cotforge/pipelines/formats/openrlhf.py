"""OpenRLHF: a JSONL prompt dataset and the ``reward_func`` its ``--remote_rm_url file.py`` loads.

Each line has ``prompt`` (chat messages: ``--input_key prompt --apply_chat_template``) and
``label`` (``--label_key label``): one JSON string with the gold answer and everything the
verifier needs, since OpenRLHF passes a single label column to the reward. Train with
``--remote_rm_url OUT/formats/openrlhf/reward_func.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cotforge.pipelines.formats.base import FormatFolder, jsonl, rl_row, scorer_label
from cotforge.verifiers.rewards import score

REWARD_FILE = '''"""OpenRLHF custom reward: --remote_rm_url <this file> --label_key label"""

from cotforge.pipelines.formats.openrlhf import reward_func  # noqa: F401
'''


def response_of(query: str, prompt: str) -> str:
    """OpenRLHF's query is the templated prompt followed by the response."""
    return query[len(prompt):] if query.startswith(prompt) else query


def reward_func(queries: Sequence[str], prompts: Sequence[str], labels: Sequence[str], **_: Any) -> dict[str, Any]:
    """``rewards`` / ``scores`` 1.0 accepted, 0.0 otherwise; ``extra_logs`` count what could not be checked."""
    import torch

    results = [score(json.loads(label), response_of(q, p)) for q, p, label in zip(queries, prompts, labels, strict=True)]
    rewards = torch.tensor([r.reward or 0.0 for r in results], dtype=torch.float32)
    unchecked = torch.tensor([float(r.reward is None) for r in results], dtype=torch.float32)
    return {"rewards": rewards, "scores": rewards.clone(), "extra_logs": {"cotforge_unchecked": unchecked}}


def write(folder: FormatFolder, rows: Iterable[Mapping[str, Any]]) -> int:
    lines = []
    for row in rows:
        r = rl_row(row)
        lines.append({"id": r["id"], "task": r["task"], "level": int(r["level"]), "prompt": r["prompt"], "label": scorer_label(r)})
    folder.text("train.jsonl", jsonl(lines))
    folder.text("reward_func.py", REWARD_FILE)
    return len(lines)
