"""Output on any fsspec URL: a run to memory:// gives the rows of a local run; half-written
objects never count as finished parts and a resumed run fills them in; a bad URL is named."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import uuid
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cotforge.core.errors import ConfigError
from cotforge.pipelines import cli
from cotforge.pipelines.export import export
from cotforge.pipelines.output import prepare_output
from cotforge.pipelines.plan import plan
from cotforge.pipelines.recipe import load_recipe
from cotforge.pipelines.report import write_report
from cotforge.pipelines.run_unit import run_unit, stats_path
from cotforge.pipelines.storage import RemotePath, atomic_target, location

RECIPE = {
    "name": "fsspec",
    "seed": 3,
    "tasks": [{"name": "linear_equation", "count": 6, "levels": [2, 3]}, {"name": "knights_knaves", "count": 6, "levels": [3]}],
    "unit_size": 3,
    "workers": 1,
    "views": {"think": True},
}

# run the CLI in a child process (memory:// lives and dies with it), then copy the tree out
CHILD = """
import json, sys
import fsspec
from cotforge.pipelines import cli
code = cli.main(["run", sys.argv[1]])
fs = fsspec.filesystem("memory")
json.dump(sorted(fs.find(sys.argv[2])), open(sys.argv[3] + ".listing.json", "w"))
fs.get("memory://" + sys.argv[2], sys.argv[3], recursive=True)
sys.exit(code)
"""


def configs(out: Path) -> dict[str, list[dict]]:
    """Every config's rows, shards read in order, keyed by config name."""
    return {folder.name: [r for f in sorted(folder.glob("train-*.parquet")) for r in pq.read_table(f).to_pylist()]
            for folder in sorted((out / "data").iterdir())}


def run_plainly(recipe_data: dict, out: str) -> dict:
    recipe = load_recipe({**recipe_data, "output": out})
    where = recipe.output_dir()
    prepare_output(recipe, where)
    for unit in plan(recipe):
        run_unit(recipe, unit, where)
    return export(recipe, plan(recipe), where)


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fsspec-local") / "out"
    run_plainly(RECIPE, str(out))
    return out


def test_a_run_to_memory_gives_the_rows_of_a_local_run(local: Path, tmp_path: Path) -> None:
    root = f"cf-{uuid.uuid4().hex[:8]}/run"
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(json.dumps({**RECIPE, "output": f"memory://{root}"}))  # JSON is YAML; output: from the recipe
    copy = tmp_path / "copy"
    result = subprocess.run([sys.executable, "-c", CHILD, str(recipe), f"/{root}", str(copy)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    listing = json.loads(Path(f"{copy}.listing.json").read_text())
    assert not [name for name in listing if name.endswith(".tmp")]
    units = plan(load_recipe(RECIPE))
    for unit in units:
        assert (copy / "parts" / f"{unit.name}.parquet").is_file() and (copy / "stats" / f"{unit.name}.json").is_file()
    for name in ("run.json", "recipe.yaml", "runs.jsonl", "stats.json", "README.md", "rejected/export.parquet"):
        assert (copy / name).is_file(), name
    assert configs(copy) == configs(local)
    assert set(configs(copy)) == {"raw", "sft", "sft_think", "prm", "dpo", "rl"}
    assert (copy / "stats.json").read_text() == (local / "stats.json").read_text()
    assert (copy / "README.md").read_text() == (local / "README.md").read_text()
    assert pq.read_table(copy / "rejected" / "export.parquet").equals(pq.read_table(local / "rejected" / "export.parquet"))
    page = (copy / "report" / "index.html").read_text()  # the report is written beside the data, on any URL
    assert f"{json.loads((local / 'stats.json').read_text())['records']} records kept" in page
    plots = sorted((copy / "report").glob("*.png"))
    assert plots and all(p.read_bytes().startswith(b"\x89PNG") for p in plots)
    write_report(local)
    assert [p.name for p in plots] == sorted(p.name for p in (local / "report").glob("*.png"))


def test_half_written_objects_are_not_finished_parts_and_a_rerun_fills_them(local: Path) -> None:
    url = f"memory://cf-{uuid.uuid4().hex[:8]}/run"
    run_plainly(RECIPE, url)
    out = location(url)
    assert isinstance(out, RemotePath)
    recipe = load_recipe({**RECIPE, "output": url})
    units = plan(recipe)
    first, second = units[1], units[2]
    whole = (out / "parts" / f"{first.name}.parquet").read_bytes()
    # killed mid-write: only a temporary object, half of it; killed before the marker: no stats file
    (out / "parts" / f"{first.name}.parquet").unlink()
    stats_path(out, first).unlink()
    with (out / "parts" / f".{first.name}.parquet.0123abcd.tmp").open("wb") as f:
        f.write(whole[: len(whole) // 2])
    part = out / "parts" / f"{second.name}.parquet"
    half = part.read_bytes()[:100]
    with part.open("wb") as f:
        f.write(half)
    stats_path(out, second).unlink()

    stats = export(recipe, units, out)
    assert stats["missing_units"] == [first.name, second.name]
    done_ids = {r["id"] for r in configs(local)["raw"]}
    rows = [r for shard in sorted((out / "data" / "raw").glob("train-*.parquet")) for r in pq.read_table(shard.open("rb")).to_pylist()]
    missing = [u for u in units if u in (first, second)]
    assert all(not (r["task"] == u.task and r["level"] == u.level and u.start <= r["index"] < u.stop) for r in rows for u in missing)
    assert {r["id"] for r in rows} < done_ids

    for unit in units:  # resume: only the two unfinished units run again
        run_unit(recipe, unit, out)
    export(recipe, units, out)
    rows = [r for shard in sorted((out / "data" / "raw").glob("train-*.parquet")) for r in pq.read_table(shard.open("rb")).to_pylist()]
    assert rows == configs(local)["raw"]
    assert (out / "parts" / f"{second.name}.parquet").read_bytes() != half


def test_a_failed_write_leaves_no_object_under_the_final_name() -> None:
    folder = location(f"memory://cf-{uuid.uuid4().hex[:8]}/parts")
    target = folder / "unit-00000.parquet"
    with pytest.raises(RuntimeError):
        with atomic_target(target) as handle:
            handle.write(b"PAR1 half of a part")
            raise RuntimeError("killed")
    assert not target.exists()
    assert list(folder.glob("*")) == []


def test_a_bad_url_scheme_is_named(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(json.dumps(RECIPE))
    assert cli.main(["run", str(recipe), "--out", "nosuchfs://bucket/run"]) == 2
    err = capsys.readouterr().err
    assert "nosuchfs" in err and "output" in err
    with pytest.raises(ConfigError, match="unknown fsspec protocol 'nosuchfs'"):
        location("nosuchfs://bucket/run")
    if importlib.util.find_spec("s3fs") is None:
        with pytest.raises(ConfigError, match="'s3' needs a package"):
            load_recipe({**RECIPE, "output": "s3://bucket/run"})
    # memory:// cannot be shared with worker processes: said before any work starts
    assert cli.main(["run", str(recipe), "--out", f"memory://cf-{uuid.uuid4().hex[:8]}", "--set", "workers=2"]) == 2
    assert "workers=1" in capsys.readouterr().err


def test_a_file_url_runs_on_worker_processes(local: Path, tmp_path: Path) -> None:
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(json.dumps(RECIPE))
    out = tmp_path / "file-url"
    result = subprocess.run([sys.executable, "-m", "cotforge.pipelines.cli", "run", str(recipe), "--out", f"file://{out}",
                             "--set", "workers=2"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert configs(out) == configs(local)
    assert (out / "report" / "index.html").exists()


def test_report_command_reads_and_writes_an_fsspec_url() -> None:
    url = f"memory://cf-{uuid.uuid4().hex[:8]}/run"
    run_plainly(RECIPE, url)
    out = location(url)
    assert not (out / "report" / "index.html").exists()
    assert cli.main(["report", url]) == 0
    assert "records kept" in (out / "report" / "index.html").read_text()
    assert (out / "report" / "records.png").read_bytes().startswith(b"\x89PNG")
