"""The output folder's run header (one recipe per folder) and its log of runs, local or on an fsspec URL."""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from cotforge.core.errors import ConfigError
from cotforge.pipelines.rows import write_text_atomic
from cotforge.pipelines.storage import Location

if TYPE_CHECKING:
    from cotforge.pipelines.job import Options

HEADER = "run.json"
RUN_LOG = "runs.jsonl"
PACKAGES = ("cotforge", "prefect", "datasets", "pyarrow", "sympy", "pydantic", "datasketch")


def code_version() -> str:
    """cotforge's version, plus the git commit when it runs from a checkout."""
    version = metadata.version("cotforge")
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).parent, capture_output=True,
                             text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        sha = ""
    return f"{version}+g{sha}" if sha else version


def package_versions() -> dict[str, str]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def prepare_output(recipe: Options, out: Location) -> None:
    """Create ``out`` and its header, refusing a folder that holds another recipe's output."""
    header_path = out / HEADER
    if header_path.exists():
        old = json.loads(header_path.read_text())
        if old.get("fingerprint") != recipe.fingerprint():
            raise ConfigError(
                f"{out} holds output of a different recipe (fingerprint {old.get('fingerprint')}, "
                f"this one {recipe.fingerprint()}); choose another --out or delete that folder"
            )
        return
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_text_atomic(yaml.safe_dump(recipe.model_dump(exclude={"output"}), sort_keys=False), out / "recipe.yaml")
    except OSError as exc:
        raise ConfigError(f"cannot write to output folder {out}: {exc.strerror or exc}") from None
    header = {"recipe": recipe.name, "fingerprint": recipe.fingerprint(), "code": code_version(),
              "python": sys.version.split()[0], "packages": package_versions(), "host": platform.node()}
    write_text_atomic(json.dumps(header, indent=2), header_path)


def start_run_log(out: Location) -> float:
    return time.time()


def finish_run_log(out: Location, started: float, stats: dict[str, Any]) -> None:
    """Append one line per run: when, on what code and host, and what it produced."""
    entry = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "seconds": round(time.time() - started, 1),
        "code": code_version(),
        "host": platform.node(),
        "records": stats["records"],
        "generated": stats["generated"],
        "rejected": stats["rejected"],
        "failed_units": sorted(stats.get("failed_units", {})),
    }
    line = json.dumps(entry) + "\n"
    log = out / RUN_LOG
    if isinstance(log, Path):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(line)
    else:  # object stores cannot append: rewrite the (small) log whole
        write_text_atomic((log.read_text() if log.exists() else "") + line, log)
