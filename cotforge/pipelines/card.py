"""The dataset card: a YAML header the Hub and ``datasets`` read, and a page a person reads."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import yaml
from datasets import DatasetInfo, Features

from cotforge.pipelines.quality import headline
from cotforge.pipelines.quality_table import markdown as quality_markdown
from cotforge.pipelines.rows import write_text_atomic
from cotforge.pipelines.storage import Location

if TYPE_CHECKING:
    from cotforge.pipelines.job import Options

VIEW_USE = {
    "raw": "every field: steps with search values and step checks, negative traces, search figures, provenance",
    "sft": "conversational `prompt`/`completion` for TRL's SFTTrainer (chat template, loss on the completion); also `messages`",
    "sft_think": "as `sft`, with the search (wrong turns and backtracking) inside `<think>...</think>`",
    "prm": "`prompt`, `completions`, `labels` (stepwise supervision, TRL's PRMTrainer)",
    "dpo": "`prompt`, `chosen`, `rejected` (whole solutions and step-level pairs; TRL's DPOTrainer)",
    "rl": "conversational `prompt` + `answer`, `verifier`, `payload` for `cotforge.verifiers.rewards.verified_reward`, LaTeX `solution` for TRL's `accuracy_reward` (GRPOTrainer)",
}


def size_category(n: int) -> str:
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")):
        if n < limit:
            return label
    return "1M<n<10M"


def _header(recipe: Options, schemas: dict[str, pa.Schema], records: int, fingerprints: dict[str, str]) -> dict[str, Any]:
    entries, infos = [], []
    for name, schema in schemas.items():
        # the shard fingerprint in data_files is what makes datasets' cache key differ between contents
        path = f"data/{name}/train-*-{fingerprints[name]}.parquet" if fingerprints.get(name) else f"data/{name}/train-*"
        entry: dict[str, Any] = {"config_name": name, "data_files": [{"split": "train", "path": path}]}
        if fingerprints.get(f"{name}_test"):  # the held-out split that `cotforge eval` answers (export --test)
            entry["data_files"].append({"split": "test", "path": f"data/{name}/test-*-{fingerprints[name + '_test']}.parquet"})
        if name == "raw":
            entry["default"] = True
        entries.append(entry)
        features = DatasetInfo(features=Features.from_arrow_schema(schema))._to_yaml_dict()["features"]
        infos.append({"config_name": name, "features": features})
    return {
        "language": ["en"],
        "license": "apache-2.0",
        "pretty_name": f"cotforge {recipe.name}",
        "size_categories": [size_category(records)],
        "task_categories": ["text-generation", "question-answering"],
        "tags": ["chain-of-thought", "reasoning", "synthetic", "verified", "process-supervision", "cotforge"],
        "configs": entries,
        "dataset_info": infos,
    }


def _with_quality(header: dict[str, Any], stats: dict[str, Any]) -> dict[str, Any]:
    """The per-task quality headline travels in the YAML header (``cotforge_quality``)."""
    return {**header, "cotforge_quality": headline(stats["quality"])} if stats.get("quality") else header


def _table(head: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def first_per_domain(examples: dict[str, dict[str, Any]], rows: list[dict[str, Any]]) -> None:
    """Keep in ``examples`` the first record of each domain (the card shows one each)."""
    for row in rows:
        if row["domain"] not in examples:
            examples[row["domain"]] = {k: row[k] for k in ("domain", "task", "level", "id", "question", "cot")}


def _examples(examples: list[dict[str, Any]]) -> str:
    out = []
    for row in examples:
        cot = row["cot"] if len(row["cot"]) < 1200 else row["cot"][:1200] + " ..."
        out.append(f"**{row['task']}, level {row['level']}** (`{row['id']}`)\n\n```text\n{row['question']}\n```\n\n```text\n{cot}\n```")
    return "\n\n".join(out) or "(no records)"


def _missing(stats: dict[str, Any]) -> str:
    failed = stats.get("failed_units") or {}
    missing = [u for u in stats["missing_units"]]
    if not missing:
        return ""
    lines = [f"- **Incomplete:** {len(missing)} work unit(s) missing; their problems are not in this dataset:"]
    lines += [f"  - `{u}`: {failed.get(u, 'not run')}" for u in missing]
    return "\n".join(lines) + "\n"


def write_card(recipe: Options, schemas: dict[str, pa.Schema], examples: list[dict[str, Any]], stats: dict[str, Any],
               path: Location, fingerprints: dict[str, str] | None = None) -> None:
    """The card of an export: ``schemas`` of its configs (row counts are in ``stats["views"]``),
    ``examples``, the first record of each domain, and each config's shard ``fingerprints``."""
    header = _with_quality(_header(recipe, schemas, stats["records"], fingerprints or {}), stats)
    per = stats["per_task_level"]
    counts = _table(
        ["task", "level", "generated", "solved", "kept", "solve rate", "steps / record", "expansions / problem"],
        [[d["task"], d["level"], d["generated"], d["solved"], d["accepted"], f"{d['solved'] / max(d['generated'], 1):.0%}",
          f"{d['steps'] / max(d['solved'], 1):.1f}", f"{d['expansions'] / max(d['generated'], 1):.1f}"] for d in per],
    )
    by_level: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for d in per:
        by_level[d["level"]][0] += d["solved"]
        by_level[d["level"]][1] += d["generated"]
    solve = _table(["level", "solve rate"], [[lv, f"{s / max(g, 1):.1%} ({s}/{g})"] for lv, (s, g) in sorted(by_level.items())])
    views = _table(["config", "rows", "for"], [[n, stats["views"][n], VIEW_USE.get(n, "")] for n in schemas])
    reasons = _table(["reason", "count"], [[r, n] for r, n in stats["rejection_reasons"].items()] or [["(none)", 0]])
    loads = "\n".join(f'{name} = load_dataset("path/to/this/folder", "{name}")' for name in schemas)
    recipe_yaml = yaml.safe_dump(recipe.model_dump(exclude={"workers", "output"}), sort_keys=False)
    checked = stats["steps_checked"] / max(stats["steps_total"], 1)
    body = f"""# cotforge {recipe.name}

Verified chain-of-thought data made by cotforge. Every problem comes from a seeded generator
with a checkable gold answer; a search over exact symbolic steps found the chain of thought; a
verifier that does not reuse the generator's arithmetic accepted the final answer and checked
each step; filters removed duplicates, leaks and malformed text, recording why.

- **Records:** {stats['records']} ({', '.join(f'{k}: {v}' for k, v in stats['per_domain'].items())})
- **Verification:** every final answer accepted by its verifier; {stats['steps_total']} steps, {checked:.0%}
  checked step by step and none failing; {stats['negatives']} labelled negative traces; {stats['errors']} verifier errors.
- **Recipe fingerprint:** `{stats['fingerprint']}` (the same recipe and seed give the same rows)
{_missing(stats)}
## Configs

{views}

```python
from datasets import load_dataset
{loads}
```

## Counts per task and level

{counts}

## Solve rate per level

{solve}

## Quality

Measured from this dataset's own rows (`cotforge.pipelines.quality`); bold rows: the task over all levels.

{quality_markdown(stats.get("quality", []))}

## Why records were dropped

{reasons}

Dropped problems are kept, with stage and reason, in `rejected/` next to this card.

## Examples

{_examples(examples)}

## Recipe

```yaml
{recipe_yaml}```
"""
    write_text_atomic("---\n" + yaml.safe_dump(header, sort_keys=False) + "---\n\n" + body, path)
