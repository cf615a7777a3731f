"""The dataset card: a YAML header the Hub and ``datasets`` read, and a page a person reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml
from datasets import DatasetInfo, Features

from cotforge.pipelines.recipe import Recipe
from cotforge.pipelines.rows import write_text_atomic


def _header(schemas: dict[str, pa.Schema], records: int) -> dict[str, Any]:
    configs, infos = [], []
    for i, (name, schema) in enumerate(schemas.items()):
        entry: dict[str, Any] = {"config_name": name, "data_files": [{"split": "train", "path": f"data/{name}/train-*"}]}
        if i == 0:
            entry["default"] = True
        configs.append(entry)
        features = DatasetInfo(features=Features.from_arrow_schema(schema))._to_yaml_dict()["features"]
        infos.append({"config_name": name, "features": features})
    return {
        "language": ["en"],
        "license": "apache-2.0",
        "pretty_name": None,
        "tags": ["chain-of-thought", "reasoning", "synthetic", "cotforge"],
        "task_categories": ["text-generation"],
        "configs": configs,
        "dataset_info": infos,
    }


def write_card(recipe: Recipe, schemas: dict[str, pa.Schema], stats: dict[str, Any], path: Path) -> None:
    header = _header(schemas, stats["records"])
    header["pretty_name"] = f"cotforge {recipe.name}"
    rows = "\n".join(
        f"| {d['task']} | {d['level']} | {d['generated']} | {d['accepted']} | {d['rejected']} |"
        f" {d['steps'] / max(d['accepted'], 1):.1f} | {d['expansions'] / max(d['generated'], 1):.1f} |"
        for d in stats["per_task_level"]
    )
    reasons = "\n".join(f"| {r} | {n} |" for r, n in stats["rejection_reasons"].items()) or "| (none) | 0 |"
    recipe_yaml = yaml.safe_dump(recipe.model_dump(exclude={"workers", "output"}), sort_keys=False)
    body = f"""# cotforge {recipe.name}

Verified chain-of-thought data made by [cotforge](https://pypi.org/project/cotforge/): every problem
comes from a seeded generator with a checkable gold answer, a search over exact symbolic steps
found the chain of thought, and a verifier independent of the generator accepted the final
answer and checked each step.

- **Records:** {stats['records']} ({', '.join(f'{k}: {v}' for k, v in stats['per_domain'].items())})
- **Recipe fingerprint:** `{stats['fingerprint']}` (same recipe and seed give the same rows)
- **Configs:** `raw` (default; every field: steps with search values and step checks, negative
  traces with their first wrong step, search figures, provenance) and `sft` (`messages`, and
  `prompt`/`completion`, for TRL's SFTTrainer).

```python
from datasets import load_dataset
raw = load_dataset("path/to/this/folder")            # config "raw"
sft = load_dataset("path/to/this/folder", "sft")
```

## Counts per task and level

| task | level | generated | accepted | rejected | steps / record | expansions / problem |
|---|---|---|---|---|---|---|
{rows}

## Why records were rejected

| reason | count |
|---|---|
{reasons}

Rejected problems are kept, with their reasons, in `rejected/` next to this card.

## Recipe

```yaml
{recipe_yaml}```
"""
    text = "---\n" + yaml.safe_dump(header, sort_keys=False) + "---\n\n" + body
    write_text_atomic(text, path)
