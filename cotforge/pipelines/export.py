"""Gather the unit parts into a Hugging Face dataset folder: shards per config + a card.

Layout: ``data/<config>/train-0000K-of-0000M.parquet`` for the configs ``raw``
(every field; the default) and ``sft`` (chat ``messages`` and ``prompt`` /
``completion``), plus ``README.md`` whose YAML header names the configs and
their features, so ``datasets.load_dataset(folder)`` works offline.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from cotforge.pipelines.card import write_card
from cotforge.pipelines.plan import WorkUnit
from cotforge.pipelines.recipe import Recipe
from cotforge.pipelines.rows import RAW, REJECTED, write_table_atomic, write_text_atomic
from cotforge.pipelines.run_unit import normalize_question, stats_path

SFT = pa.schema(
    [
        ("id", pa.string()),
        ("task", pa.string()),
        ("level", pa.int32()),
        ("messages", pa.list_(pa.struct([("role", pa.string()), ("content", pa.string())]))),
        ("prompt", pa.string()),
        ("completion", pa.string()),
    ]
)


def sft_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "task": row["task"],
        "level": row["level"],
        "messages": [{"role": "user", "content": row["question"]}, {"role": "assistant", "content": row["cot"]}],
        "prompt": row["question"],
        "completion": row["cot"],
    }


def _write_shards(table: pa.Table, folder: Path, shard_rows: int) -> int:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    n = max(1, -(-table.num_rows // shard_rows))
    for k in range(n):
        tmp = folder / f".train-{k:05d}.tmp"
        pq.write_table(table.slice(k * shard_rows, shard_rows), tmp, compression="zstd")
        tmp.rename(folder / f"train-{k:05d}-of-{n:05d}.parquet")
    return n


def export(recipe: Recipe, units: list[WorkUnit], out: Path) -> dict[str, Any]:
    """Merge finished units (in unit order), drop cross-unit duplicates, write shards, card, stats."""
    tables, unit_stats, missing = [], [], []
    for unit in units:
        if not stats_path(out, unit).exists():
            missing.append(unit.name)
            continue
        unit_stats.append(json.loads(stats_path(out, unit).read_text()))
        tables.append(pq.read_table(out / "parts" / f"{unit.name}.parquet", schema=RAW))
    raw = pa.concat_tables(tables) if tables else RAW.empty_table()
    keys = [normalize_question(q) for q in raw.column("question").to_pylist()]
    first: dict[str, int] = {}
    keep, duplicates = [], []
    for i, key in enumerate(keys):
        if key in first:
            duplicates.append(i)
        else:
            first[key] = i
            keep.append(i)
    dup_rows = raw.take(duplicates).to_pylist() if duplicates else []
    write_table_atomic(
        [
            {**{k: r[k] for k in ("id", "task", "level", "seed", "index", "question", "answer")},
             "stage": "dedup", "status": "reject", "reason": "exact duplicate of a question in an earlier unit",
             "final_answer": r["final_answer"]}
            for r in dup_rows
        ],
        REJECTED,
        out / "rejected" / "export-duplicates.parquet",
    )
    raw = raw.take(keep)
    sft = pa.Table.from_pylist([sft_row(r) for r in raw.to_pylist()], schema=SFT)
    configs = {"raw": raw, "sft": sft}
    for name, table in configs.items():
        _write_shards(table, out / "data" / name, recipe.shard_rows)
    stats = summarize(recipe, raw, unit_stats, len(duplicates), missing)
    write_text_atomic(json.dumps(stats, indent=2, sort_keys=True), out / "stats.json")
    write_card(recipe, {k: v.schema for k, v in configs.items()}, stats, out / "README.md")
    return stats


def summarize(recipe: Recipe, raw: pa.Table, unit_stats: list[dict], duplicates: int, missing: list[str]) -> dict[str, Any]:
    per: dict[str, dict[str, Any]] = {}
    for s in unit_stats:
        key = f"{s['task']}/level{s['level']}"
        d = per.setdefault(key, {"task": s["task"], "level": s["level"], "generated": 0, "accepted": 0,
                                 "rejected": 0, "errors": 0, "expansions": 0, "steps": 0})
        for field in ("generated", "accepted", "rejected", "errors", "expansions", "steps"):
            d[field] += s[field]
    reasons: Counter[str] = Counter()
    for s in unit_stats:
        reasons.update(s["reasons"])
    if duplicates:
        reasons["dedup: exact duplicate across units"] += duplicates
    domains = Counter(raw.column("domain").to_pylist())
    return {
        "recipe": recipe.name,
        "fingerprint": recipe.fingerprint(),
        "records": raw.num_rows,
        "per_domain": dict(sorted(domains.items())),
        "per_task_level": [per[k] for k in sorted(per)],
        "generated": sum(s["generated"] for s in unit_stats),
        "rejected": sum(s["rejected"] for s in unit_stats) + duplicates,
        "errors": sum(s["errors"] for s in unit_stats),
        "rejection_reasons": dict(reasons.most_common()),
        "missing_units": missing,
    }
