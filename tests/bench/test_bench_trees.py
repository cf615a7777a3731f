"""bench/bench_trees.py times two trees in worker processes and compares their medians; a wrong --base is refused."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))

import bench_trees  # noqa: E402

SCRIPT = Path(bench_trees.__file__)


def test_a_tree_against_itself(tmp_path: Path) -> None:
    out = tmp_path / "trees.json"
    done = subprocess.run([sys.executable, str(SCRIPT), "--base", str(bench_trees.THIS_TREE), "--rounds", "2", "--n", "5",
                           "--tasks", "percentage", "--json", str(out)], capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text())
    row = result["tasks"]["percentage"]
    assert result["base"] == result["this"] == bench_trees.commit_of(bench_trees.THIS_TREE)  # commits, not paths
    assert "/" not in result["this"]
    assert len(row["base"]) == len(row["this"]) == 2 and all(rate > 0 for rate in row["base"] + row["this"])
    assert row["ratio"] == row["this_median"] / row["base_median"]
    assert row["steps"][0] == row["steps"][1] > 0  # the same code makes the same records
    assert "| percentage | **" in done.stdout
    assert done.stderr.count("round ") == 4  # each round runs both trees, the order flipped in the second


def test_a_base_that_is_not_a_checkout_is_refused(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--base", str(tmp_path), "--tasks", "percentage"],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2
    assert "--base must be a checkout of the project" in done.stderr.strip().splitlines()[-1]


def test_a_tree_is_named_by_its_commit_not_its_path(tmp_path: Path) -> None:
    assert bench_trees.commit_of(tmp_path) == "not a git checkout"
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "f").write_text("a")
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "add", "f"], check=True)
    subprocess.run([*git, "commit", "-qm", "f"], check=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    assert bench_trees.commit_of(tmp_path) == head
    (tmp_path / "f").write_text("b")
    assert bench_trees.commit_of(tmp_path) == head + "+changes"
