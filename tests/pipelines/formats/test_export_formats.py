"""`cotforge export OUT --format ...` writes every trainer format beside the views."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


def test_export_writes_each_format_and_refuses_an_unknown_one(exported: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    shutil.copytree(exported, out)
    command = [sys.executable, "-m", "cotforge.pipelines.cli", "export", str(out)]
    formats = ["verl", "openrlhf", "verifiers", "math_shepherd"]
    done = subprocess.run(command + [a for f in formats for a in ("--format", f)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    for fmt, files in {"verl": ["train.parquet", "reward.py"], "openrlhf": ["train.jsonl", "reward_func.py"],
                       "verifiers": ["train.jsonl", "cotforge_env.py"], "math_shepherd": ["train.jsonl"]}.items():
        assert all((out / "formats" / fmt / name).stat().st_size > 0 for name in files), fmt
        assert f"{fmt}: " in done.stdout + done.stderr
    bad = subprocess.run(command + ["--format", "nemo"], capture_output=True, text=True, timeout=300)
    assert bad.returncode != 0 and "invalid choice: 'nemo'" in bad.stderr
