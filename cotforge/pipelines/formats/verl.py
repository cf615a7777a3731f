"""verl: a parquet dataset in verl's RL layout and the ``compute_score`` its reward manager calls.

Rows: ``data_source`` (``cotforge/<task>``), ``prompt`` (chat messages, templated by verl's
``RLHFDataset``), ``ability`` (the domain), ``reward_model`` ``{style: "rule", ground_truth: the
gold answer}``, ``extra_info`` (id, index, split and what the verifier needs beyond the gold:
task, domain, level, verifier, payload). Point verl at the exported ``reward.py``:
``custom_reward_function.path=OUT/formats/verl/reward.py custom_reward_function.name=compute_score``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa

from cotforge.core.errors import ConfigError
from cotforge.pipelines.formats.base import FormatFolder, Row, rl_row
from cotforge.verifiers.rewards import score

_MESSAGE = pa.struct([("role", pa.string()), ("content", pa.string())])
SCHEMA = pa.schema([
    ("data_source", pa.string()),
    ("prompt", pa.list_(_MESSAGE)),
    ("ability", pa.string()),
    ("reward_model", pa.struct([("style", pa.string()), ("ground_truth", pa.string())])),
    ("extra_info", pa.struct([("id", pa.string()), ("index", pa.int64()), ("split", pa.string()), ("task", pa.string()),
                              ("domain", pa.string()), ("level", pa.int64()), ("verifier", pa.string()), ("payload", pa.string())])),
])
DATA_SOURCE_PREFIX = "cotforge/"
REWARD_FILE = '''"""verl custom reward: custom_reward_function.path=<this file> custom_reward_function.name=compute_score"""

from cotforge.pipelines.formats.verl import compute_score  # noqa: F401
'''


def verl_row(row: Mapping[str, Any], index: int, split: str = "train") -> Row:
    r = rl_row(row)
    return {"data_source": DATA_SOURCE_PREFIX + r["task"], "prompt": r["prompt"], "ability": r["domain"],
            "reward_model": {"style": "rule", "ground_truth": r["answer"]},
            "extra_info": {"id": r["id"], "index": index, "split": split, "task": r["task"], "domain": r["domain"],
                           "level": int(r["level"]), "verifier": r["verifier"], "payload": r["payload"]}}


def compute_score(data_source: str, solution_str: str, ground_truth: str, extra_info: Mapping[str, Any] | None = None,
                  **_: Any) -> dict[str, Any]:
    """verl's reward call: ``score`` 1.0 accepted, 0.0 otherwise; ``checked`` 0.0 where the check could
    not be made (an unusable gold: ``score`` 0.0 then says nothing about the answer), ``status`` why."""
    needed = ("task", "domain", "level", "verifier", "payload")
    if not isinstance(extra_info, Mapping) or any(k not in extra_info for k in needed):
        raise ConfigError(f"compute_score({data_source!r}): extra_info must carry {', '.join(needed)} "
                          "(keep the extra_info column of cotforge's verl export)")
    row = {k: extra_info[k] for k in needed} | {"answer": ground_truth}
    scored = score(row, solution_str)
    return {"score": scored.reward or 0.0, "checked": float(scored.reward is not None), "status": scored.status}


def write(folder: FormatFolder, rows: Iterable[Mapping[str, Any]]) -> int:
    table = pa.Table.from_pylist([verl_row(r, i) for i, r in enumerate(rows)], schema=SCHEMA)
    folder.table("train.parquet", table)
    folder.text("reward.py", REWARD_FILE)
    return table.num_rows
