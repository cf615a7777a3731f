"""The ``verifiers`` library (its classic API, ``verifiers.legacy`` in 0.3): ``load_environment``
returns a ``SingleTurnEnv`` whose rubric scores with cotforge's scorer.

From an export folder (``train.jsonl``: ``prompt`` messages, ``answer``, ``info`` with the verifier
fields, ``task``) or, without one, fresh problems from ``cotforge.make``. The export writes a
``cotforge_env.py`` beside the data: with that folder on ``sys.path``,
``verifiers.load_environment("cotforge_env")`` loads it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from cotforge.core.errors import ConfigError
from cotforge.pipelines.formats.base import FormatFolder, jsonl, rl_row
from cotforge.verifiers.rewards import score

ENV_FILE = '''"""A verifiers environment over this folder's cotforge problems: verifiers.load_environment("cotforge_env")."""

from pathlib import Path

from cotforge.pipelines.formats.verifiers_env import load_environment as _load


def load_environment(**kwargs):
    return _load(data_dir=Path(__file__).parent, **kwargs)
'''
INFO_KEYS = ("task", "domain", "level", "verifier", "payload")


def env_row(row: Mapping[str, Any]) -> dict[str, Any]:
    r = rl_row(row)
    return {"prompt": r["prompt"], "answer": r["answer"], "task": r["task"],
            "info": {"id": r["id"], **{k: r[k] for k in INFO_KEYS}}}


def _score(completion: Any, answer: str, info: Mapping[str, Any] | str) -> Any:
    info = json.loads(info) if isinstance(info, str) else info
    return score({**{k: info[k] for k in INFO_KEYS}, "answer": answer}, completion)


def cotforge_reward(completion: Any, answer: str, info: Mapping[str, Any] | str, **_: Any) -> float:
    """1.0 when cotforge's verifier accepts the completion's answer, else 0.0."""
    return _score(completion, answer, info).reward or 0.0


def cotforge_checked(completion: Any, answer: str, info: Mapping[str, Any] | str, **_: Any) -> float:
    """A metric (weight 0): 0.0 where the check could not be made (an unusable gold)."""
    return float(_score(completion, answer, info).reward is not None)


def load_environment(data_dir: str | Path | None = None, tasks: Sequence[str] | None = None, level: int = 1, n: int = 100,
                     seed: int = 0, **env_kwargs: Any) -> Any:
    """A ``verifiers`` ``SingleTurnEnv``: the rows of ``data_dir``'s ``train.jsonl``, or ``n`` fresh
    problems of each of ``tasks`` (all tasks if None) at ``level``."""
    try:
        import verifiers as vf
        from datasets import Dataset
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(f"the verifiers environment needs the verifiers library: pip install 'verifiers==0.3.1' ({exc})") from None
    if data_dir is not None:
        lines = (Path(data_dir) / "train.jsonl").read_text().splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
    else:
        import cotforge

        rows = [env_row(r) for t in (tasks or cotforge.tasks()) for r in cotforge.make(t, level=level, n=n, seed=seed)]
    dataset = Dataset.from_list([{**r, "info": json.dumps(r["info"])} for r in rows])
    rubric = vf.Rubric(funcs=[cotforge_reward, cotforge_checked], weights=[1.0, 0.0])
    return vf.SingleTurnEnv(dataset=dataset, rubric=rubric, **env_kwargs)


def write(folder: FormatFolder, rows: Iterable[Mapping[str, Any]]) -> int:
    lines = [env_row(r) for r in rows]
    folder.text("train.jsonl", jsonl(lines))
    folder.text("cotforge_env.py", ENV_FILE)
    return len(lines)
