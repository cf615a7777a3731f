"""Gather the unit parts into a Hugging Face dataset folder: filters, views, shards, a card.

Layout: ``data/<config>/train-0000K-of-0000M.parquet`` for ``raw`` (every field; the
default config) and the fine-tuning views (``sft``, ``prm``, ``dpo``, ``rl``, and
``sft_think`` when asked), plus ``README.md`` whose YAML header names the configs and
their features, so ``datasets.load_dataset(folder, name)`` works offline. Records the
filters drop go to ``rejected/export.parquet`` with the filter and the reason.
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
from cotforge.pipelines.filtering import filter_rows
from cotforge.pipelines.plan import WorkUnit
from cotforge.pipelines.recipe import Recipe
from cotforge.pipelines.rows import RAW, REJECTED, write_table_atomic, write_text_atomic
from cotforge.pipelines.run_unit import stats_path
from cotforge.pipelines.views import build_views


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


def _rejection(row: dict[str, Any], stage: str, reason: str) -> dict[str, Any]:
    keep = ("id", "task", "level", "seed", "index", "question", "answer", "final_answer")
    return {**{k: row[k] for k in keep}, "stage": stage, "status": "reject", "reason": reason}


def export(recipe: Recipe, units: list[WorkUnit], out: Path, failed: dict[str, str] | None = None) -> dict[str, Any]:
    """Merge finished units (in unit order), filter, write every config's shards, the card and stats."""
    tables, unit_stats, missing = [], [], []
    for unit in units:
        if not stats_path(out, unit).exists():
            missing.append(unit.name)
            continue
        unit_stats.append(json.loads(stats_path(out, unit).read_text()))
        tables.append(pq.read_table(out / "parts" / f"{unit.name}.parquet", schema=RAW))
    merged = (pa.concat_tables(tables) if tables else RAW.empty_table()).to_pylist()
    kept, dropped = filter_rows(recipe.filters, merged)
    write_table_atomic([_rejection(r, name, why) for r, name, why in dropped], REJECTED, out / "rejected" / "export.parquet")
    configs = {"raw": pa.Table.from_pylist(kept, schema=RAW)}
    configs.update(build_views(kept, think=recipe.views.think, prm_threshold=recipe.views.prm_threshold))
    for stale in (out / "data").glob("*") if (out / "data").exists() else []:
        if stale.name not in configs:
            shutil.rmtree(stale)
    for name, table in configs.items():
        _write_shards(table, out / "data" / name, recipe.shard_rows)
    stats = summarize(recipe, kept, unit_stats, dropped, missing)
    stats["views"] = {name: table.num_rows for name, table in configs.items()}
    stats["failed_units"] = dict(sorted((failed or {}).items()))
    write_text_atomic(json.dumps(stats, indent=2, sort_keys=True), out / "stats.json")
    write_card(recipe, configs, stats, out / "README.md")
    return stats


def summarize(recipe: Recipe, kept: list[dict], unit_stats: list[dict], dropped: list, missing: list[str]) -> dict[str, Any]:
    per: dict[str, dict[str, Any]] = {}
    for s in unit_stats:
        d = per.setdefault(f"{s['task']}/level{s['level']:02d}", {"task": s["task"], "level": s["level"], "generated": 0,
                           "solved": 0, "accepted": 0, "rejected": 0, "errors": 0, "expansions": 0, "steps": 0})
        for field in ("generated", "rejected", "errors", "expansions", "steps"):
            d[field] += s[field]
        d["solved"] += s["accepted"]
    kept_per = Counter((r["task"], r["level"]) for r in kept)
    for d in per.values():
        d["accepted"] = kept_per[(d["task"], d["level"])]
    reasons: Counter[str] = Counter()
    for s in unit_stats:
        reasons.update(s["reasons"])
    filter_drops = Counter(name for _, name, _ in dropped)
    for name, n in filter_drops.items():
        reasons[f"filter {name}"] += n
    steps = [s for r in kept for s in r["steps"]]
    return {
        "recipe": recipe.name,
        "fingerprint": recipe.fingerprint(),
        "records": len(kept),
        "per_domain": dict(sorted(Counter(r["domain"] for r in kept).items())),
        "per_task_level": [per[k] for k in sorted(per)],
        "generated": sum(s["generated"] for s in unit_stats),
        "rejected": sum(s["rejected"] for s in unit_stats) + len(dropped),
        "errors": sum(s["errors"] for s in unit_stats),
        "filter_drops": dict(sorted(filter_drops.items())),
        "rejection_reasons": dict(reasons.most_common()),
        "steps_checked": sum(s["verified"] is not None for s in steps),
        "steps_total": len(steps),
        "negatives": sum(len(r["negatives"]) for r in kept),
        "missing_units": missing,
    }
