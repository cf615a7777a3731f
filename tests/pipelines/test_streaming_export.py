"""The streaming export: filters over batches decide as over the whole list, the compact LSH
index finds what datasketch's finds, and batch or shard sizes never change the rows."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from datasketch import MinHashLSH

from cotforge.pipelines import export as export_module
from cotforge.pipelines.export import export
from cotforge.pipelines.filtering import build_filters
from cotforge.pipelines.output import prepare_output
from cotforge.pipelines.plan import plan
from cotforge.pipelines.recipe import FilterSettings, load_recipe
from cotforge.pipelines.rows import read_rows
from cotforge.pipelines.run_unit import run_unit
from cotforge.pipelines.views import build_views
from cotforge.verifiers.filters import NearDuplicateFilter
from cotforge.verifiers.filters.base import stream_filters

RECIPE = {
    "name": "stream",
    "seed": 6,
    "tasks": [{"name": "linear_equation", "count": 12, "levels": [1, 3]}, {"name": "knights_knaves", "count": 8, "levels": [2, 4]},
              {"name": "percentage", "count": 6, "levels": [2]}],
    "unit_size": 4,
    "views": {"think": True},
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished run (parts and stats only) with a planted exact and near duplicate."""
    out = tmp_path_factory.mktemp("stream") / "run"
    recipe = load_recipe({**RECIPE, "output": str(out)})
    prepare_output(recipe, out)
    for unit in plan(recipe):
        run_unit(recipe, unit, out)
    part = out / "parts" / "unit-00005.parquet"  # knights and knaves: long questions
    rows = read_rows(part)
    from cotforge.pipelines.rows import RAW, write_table_atomic

    near = dict(rows[0], id="planted-near", question=rows[0]["question"].replace(".", " .").replace(":", " :"))
    exact = dict(rows[1], id="planted-exact", question=rows[1]["question"].upper())
    write_table_atomic(rows + [near, exact], RAW, part)
    return out


def all_rows(out: Path) -> list[dict]:
    return [r for unit in plan(load_recipe(RECIPE)) for r in read_rows(out / "parts" / f"{unit.name}.parquet")]


def whole_list(filters: list, rows: list[dict]) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The meaning of a filter chain: each filter fits on, then runs over, every survivor of the one before."""
    kept, dropped = list(rows), []
    for f in filters:
        f.fit(kept)
        survivors = []
        for row in kept:
            decision = f.keep(row)
            if decision is True:
                survivors.append(row)
            else:
                dropped.append((row["id"], f.name, decision[1]))
        kept = survivors
    return [r["id"] for r in kept], dropped


def test_streamed_filters_decide_as_over_the_whole_list(run: Path, tmp_path: Path) -> None:
    rows = all_rows(run)
    bench = tmp_path / "bench.jsonl"
    bench.write_text("\n".join(json.dumps({"q": "Earlier: " + r["question"]}) for r in rows[5:7]))
    settings = FilterSettings.model_validate({
        "decontaminate": [{"path": str(bench), "fields": ["q"], "n": 13, "short_n": 5}],
        "length": {"min_cot_tokens": 20},
        "near_duplicate": {"threshold": 0.85},
        "balance": {"tasks": {"linear_equation": 2, "knights_knaves": 1, "percentage": 1}},
    })
    expected_kept, expected_dropped = whole_list(build_filters(settings), rows)
    assert {name for _, name, _ in expected_dropped} >= {"exact_duplicate", "length", "near_duplicate", "decontaminate", "balance"}

    filters = build_filters(settings)
    passes: list[bool] = []

    def read(last: bool):
        passes.append(last)
        for start in range(0, len(rows), 3):
            yield rows[start : start + 3]

    kept: list[str] = []
    drops: list[list[tuple[str, str, str]]] = [[] for _ in filters]
    stream_filters(filters, read, lambda batch: kept.extend(r["id"] for r in batch),
                   lambda i, row, why: drops[i].append((row["id"], filters[i].name, why)))
    assert kept == expected_kept
    assert [d for per in drops for d in per] == expected_dropped
    assert passes == [False, False, True]  # one pass, plus one for each filter that counts first


def test_the_compact_lsh_index_finds_what_datasketch_finds() -> None:
    rng = random.Random(1)
    vocab = [f"w{i}" for i in range(60)]
    base = [" ".join(rng.choice(vocab) for _ in range(30)) for _ in range(40)]
    questions = base + [q.replace(q.split()[k], "changed", 1) for q in base[:25] for k in (3,)]
    rng.shuffle(questions)
    ours = NearDuplicateFilter(threshold=0.8)
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    dropped = 0
    for i, q in enumerate(questions):
        sig = ours.signature(q)
        found = sorted(lsh.query(sig))
        decision = ours.keep({"id": f"q{i:03d}", "task": "t", "question": q})
        if found:
            dropped += 1
            assert decision == (False, f"near duplicate of {found[0]} (MinHash Jaccard >= 0.8)")
        else:
            assert decision is True
            lsh.insert(f"q{i:03d}", sig)
    assert dropped >= 5  # the planted near-copies are found


def shard_files(out: Path) -> dict[str, list[str]]:
    return {d.name: sorted(p.name for p in d.iterdir()) for d in sorted((out / "data").iterdir())}


def test_batch_and_shard_sizes_never_change_the_rows(run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one, small = tmp_path / "one", tmp_path / "small"
    for out in (one, small):
        shutil.copytree(run, out)
    recipe = load_recipe({**RECIPE, "output": str(one)})
    stats = export(recipe, plan(recipe), one)
    monkeypatch.setattr(export_module, "BATCH_ROWS", 3)
    small_recipe = load_recipe({**RECIPE, "output": str(small), "shard_rows": 4})
    small_stats = export(small_recipe, plan(small_recipe), small)

    def rows(out: Path, config: str) -> list[dict]:
        return [r for f in sorted((out / "data" / config).glob("train-*.parquet")) for r in pq.read_table(f).to_pylist()]

    kept = rows(one, "raw")
    assert {"planted-near", "planted-exact"}.isdisjoint(r["id"] for r in kept)
    views = build_views(kept, think=True)
    for config, files in shard_files(small).items():
        n = len(files)
        fingerprint = files[0][-len("0123456789abcdef.parquet"):-len(".parquet")]
        assert files == [f"train-{k:05d}-of-{n:05d}-{fingerprint}.parquet" for k in range(n)]  # no temporary files left
        assert all(pq.read_metadata(small / "data" / config / f).num_rows <= 4 for f in files)
        assert n == max(1, -(-stats["views"][config] // 4))
        assert rows(small, config) == rows(one, config)
        if config != "raw":
            assert rows(one, config) == views[config].to_pylist()
    assert all(len(files) == 1 for files in shard_files(one).values())
    assert pq.read_table(small / "rejected" / "export.parquet").equals(pq.read_table(one / "rejected" / "export.parquet"))
    assert {k: v for k, v in small_stats.items()} == stats


def test_an_export_with_nothing_kept_still_writes_a_loadable_empty_shard(run: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty"
    shutil.copytree(run, out)
    recipe = load_recipe({**RECIPE, "output": str(out), "filters": {"length": {"max_question_tokens": 1}}})
    stats = export(recipe, plan(recipe), out)
    assert stats["records"] == 0 and stats["filter_drops"]["length"] > 0
    for config, files in shard_files(out).items():
        assert len(files) == 1 and files[0].startswith("train-00000-of-00001-")
        assert pq.read_table(out / "data" / config / files[0]).num_rows == 0



def test_a_failed_re_export_keeps_the_previous_dataset(run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "again"
    shutil.copytree(run, out)
    recipe = load_recipe({**RECIPE, "output": str(out), "shard_rows": 4})
    export(recipe, plan(recipe), out)
    before = {c: [pq.read_table(out / "data" / c / f) for f in files] for c, files in shard_files(out).items()}

    def disk_full(rows: list, makers: dict) -> dict:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module, "view_tables", disk_full)
    with pytest.raises(OSError, match="No space left"):
        export(recipe, plan(recipe), out)
    after = {c: [pq.read_table(out / "data" / c / f) for f in files] for c, files in shard_files(out).items()}
    assert after.keys() == before.keys()  # no temporary shard left, no config lost
    assert all(a.equals(b) for c in before for a, b in zip(after[c], before[c], strict=True))
