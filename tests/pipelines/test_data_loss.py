"""Nothing of the user's is deleted or overwritten, and a load never returns stale or foreign rows.

A run adopts no folder that cotforge did not write; export replaces or removes only the files
earlier exports wrote (its manifest); ``datasets.load_dataset(OUT)`` sees each export's own rows
through one shared datasets cache.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cotforge.core.errors import ConfigError
from cotforge.pipelines import cli
from cotforge.pipelines.export import export
from cotforge.pipelines.output import HEADER, MANIFEST, prepare_output
from cotforge.pipelines.plan import plan
from cotforge.pipelines.recipe import load_recipe
from cotforge.pipelines.run_unit import run_unit

RECIPE = {"name": "mine", "seed": 4, "tasks": [{"name": "linear_equation", "count": 12, "levels": [1, 2]},
                                               {"name": "knights_knaves", "count": 6, "levels": [2]}], "unit_size": 6}


def user_files(root: Path) -> dict[str, bytes]:
    """A user's project: what must survive any cotforge command pointed at it."""
    files = {"data/images/cat.jpg": b"\xff\xd8\xff\xe0 not really a jpeg", "data/notes.txt": b"my notes\n",
             "data/recipes/mine.yaml": b"name: mine\n", "README.md": b"# my project\n", "report/draft.md": b"draft\n"}
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return files


def assert_intact(root: Path, files: dict[str, bytes]) -> None:
    for name, content in files.items():
        assert (root / name).read_bytes() == content, name


def write_recipe(tmp_path: Path, **change: object) -> Path:
    path = tmp_path / "recipe.yaml"
    path.write_text(json.dumps({**RECIPE, **change}))
    return path


def ran(out: Path, **change: object) -> Path:
    """A finished run in ``out`` (units through the plain pipeline functions, no Prefect), exported once."""
    recipe = load_recipe({**RECIPE, **change, "output": str(out)})
    prepare_output(recipe, out)
    for unit in plan(recipe):
        run_unit(recipe, unit, out)
    export(recipe, plan(recipe), out)
    return out


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ran(tmp_path_factory.mktemp("finished") / "out")


@pytest.mark.parametrize("out", ["myproject", "."])
def test_run_refuses_a_folder_that_is_not_a_cotforge_output(out: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture) -> None:
    project = tmp_path / "myproject"
    project.mkdir()
    files = user_files(project)
    monkeypatch.chdir(project.parent if out == "myproject" else project)
    assert cli.main(["run", str(write_recipe(tmp_path)), "--out", out]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: output folder") and "cotforge did not write" in err and len(err.splitlines()) == 1
    assert_intact(project, files)
    assert not (project / HEADER).exists() and not (project / MANIFEST).exists()


def test_annotate_refuses_a_folder_that_is_not_a_cotforge_output(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    project = tmp_path / "myproject"
    project.mkdir()
    files = user_files(project)
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"question": "1+1?", "answer": "2"}\n')
    assert cli.main(["annotate", "--input", str(pairs), "--model", str(tmp_path / "no-model"), "--out", str(project)]) == 2
    assert "cotforge did not write" in capsys.readouterr().err
    assert_intact(project, files)


def test_an_empty_folder_or_a_new_path_is_fine(tmp_path: Path) -> None:
    recipe = load_recipe(RECIPE)
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "empty", tmp_path / "new" / "deeper"):
        prepare_output(recipe, out)
        assert (out / HEADER).exists() and (out / "recipe.yaml").exists()
        prepare_output(recipe, out)  # and again: it is ours now


def test_a_file_as_output_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    with pytest.raises(ConfigError, match="is a file"):
        prepare_output(load_recipe(RECIPE), target)
    assert target.read_text() == "mine"


@pytest.mark.parametrize("name", ["..", ".", "", "/", "/etc", "a/b", "../up", ".hidden", "x" * 101, "a\nb", "C:\\x"])
def test_a_recipe_name_must_be_a_plain_folder_name(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# mine\n")
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path / "out")
    assert cli.main(["run", str(write_recipe(tmp_path, name=name))]) == 2
    err = capsys.readouterr().err
    assert "bad recipe: name" in err and len(err.strip().splitlines()) == 1
    assert readme.read_text() == "# mine\n" and not (tmp_path / HEADER).exists()


def test_export_keeps_what_the_user_put_in_a_cotforge_folder(tmp_path: Path) -> None:
    out = ran(tmp_path / "out", views={"think": True})
    think = sorted(p.name for p in (out / "data" / "sft_think").iterdir())
    added = {"data/images/cat.jpg": b"\xff\xd8", "data/notes.txt": b"notes", "data/sft_think/mine.txt": b"mine",
             "report/draft.md": b"draft", "parts/README.txt": b"about parts"}
    for name, content in added.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(content)
    recipe = load_recipe({**RECIPE, "output": str(out)})  # views.think off: sft_think is no longer written
    export(recipe, plan(recipe), out)
    assert_intact(out, added)
    assert sorted(p.name for p in (out / "data" / "sft_think").iterdir()) == ["mine.txt"]  # only ours went
    assert not set(think) & {p.name for p in (out / "data" / "sft_think").iterdir()}
    manifest = json.loads((out / MANIFEST).read_text())
    assert not any(f.startswith("data/sft_think/") for f in manifest["files"])
    assert all((out / f).exists() for f in manifest["files"])


def test_export_refuses_to_replace_a_readme_it_did_not_write(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "out"
    recipe = load_recipe({**RECIPE, "output": str(out)})
    prepare_output(recipe, out)
    for unit in plan(recipe):
        run_unit(recipe, unit, out)
    (out / "README.md").write_text("# my own card\n")
    assert cli.main(["export", str(out)]) == 2
    assert "README.md was not written by a cotforge export" in capsys.readouterr().err
    assert (out / "README.md").read_text() == "# my own card\n" and not (out / "data").exists()


def test_export_refuses_a_folder_without_a_run_header(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    files = user_files(tmp_path)
    with pytest.raises(ConfigError, match="not a cotforge output folder"):
        export(load_recipe(RECIPE), [], tmp_path)
    assert cli.main(["export", str(tmp_path)]) == 2
    assert "not a cotforge output folder" in capsys.readouterr().err
    assert_intact(tmp_path, files)


def test_a_folder_from_before_manifests_is_adopted_by_its_file_names(finished: Path, tmp_path: Path) -> None:
    out = tmp_path / "legacy"
    shutil.copytree(finished, out)
    (out / MANIFEST).unlink()
    for config in (out / "data").iterdir():  # the names an older cotforge gave its shards
        for k, shard in enumerate(sorted(config.iterdir())):
            shard.rename(config / f"train-{k:05d}-of-00001.parquet")
    (out / "data" / "raw" / "keep-me.parquet").write_bytes(b"user")
    recipe = load_recipe({**RECIPE, "output": str(out)})
    export(recipe, plan(recipe), out)
    names = sorted(p.name for p in (out / "data" / "raw").iterdir())
    assert len(names) == 2 and "keep-me.parquet" in names and names[1].startswith("train-00000-of-00001-")


def load_counts(cache: Path, loads: list[tuple[Path, str]]) -> list[int]:
    """Rows per ``load_dataset(folder, config)``, in a fresh Python as a user would, through one shared cache."""
    code = ("import sys, json, datasets\n"
            "print(json.dumps([datasets.load_dataset(f, c)['train'].num_rows for f, c in json.loads(sys.argv[1])]))")
    env = {**os.environ, "HF_DATASETS_CACHE": str(cache), "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-c", code, json.dumps([[str(f), c] for f, c in loads])], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_a_re_export_loads_its_new_rows_and_same_named_folders_their_own(finished: Path, tmp_path: Path) -> None:
    cache = tmp_path / "hf-cache"
    a_out, b_out = tmp_path / "a" / "out", tmp_path / "b" / "out"
    shutil.copytree(finished, a_out)
    ran(b_out, tasks=[{"name": "linear_equation", "count": 4, "levels": [3]}])
    rows = {f: pq.read_metadata(next((f / "data" / "raw").glob("train-*.parquet"))).num_rows for f in (a_out, b_out)}
    assert rows[a_out] != rows[b_out]
    first = load_counts(cache, [(a_out, "raw"), (b_out, "raw"), (a_out, "sft"), (b_out, "sft")])
    assert first[:2] == [rows[a_out], rows[b_out]] and first[2] > 0 and first[2] != first[3]
    # re-filter a/out down to a few rows, as `cotforge export OUT --set ...` does
    assert cli.main(["export", str(a_out), "--set", "filters.balance.tasks.knights_knaves=1"]) == 0
    fewer = pq.read_metadata(next((a_out / "data" / "raw").glob("train-*.parquet"))).num_rows
    assert 0 < fewer < rows[a_out]
    again = load_counts(cache, [(a_out, "raw"), (b_out, "raw"), (a_out, "sft")])
    assert again[0] == fewer and again[1] == rows[b_out]
    assert again[2] == json.loads((a_out / "stats.json").read_text())["views"]["sft"]
    plain = subprocess.run([sys.executable, "-c", "import datasets, sys; print(datasets.load_dataset(sys.argv[1])['train'].num_rows)",
                            str(a_out)], env={**os.environ, "HF_DATASETS_CACHE": str(cache), "HF_DATASETS_OFFLINE": "1"},
                           capture_output=True, text=True, timeout=300)
    assert plain.stdout.strip().splitlines()[-1] == str(fewer), plain.stderr[-2000:]


def test_a_tampered_manifest_never_deletes_outside_the_folder(finished: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(finished, out)
    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    manifest = json.loads((out / MANIFEST).read_text())
    (out / MANIFEST).write_text(json.dumps({**manifest, "files": [*manifest["files"], "../victim.txt", str(victim)]}))
    with pytest.raises(ConfigError, match="which no export writes"):
        export(load_recipe({**RECIPE, "output": str(out)}), plan(load_recipe(RECIPE)), out)
    assert victim.read_text() == "mine"
