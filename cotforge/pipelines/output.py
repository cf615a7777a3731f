"""The output folder's run header: one recipe per folder, recorded with its fingerprint."""

from __future__ import annotations

import json
import platform
import sys
from importlib import metadata
from pathlib import Path

import yaml

from cotforge.core.errors import ConfigError
from cotforge.pipelines.recipe import Recipe
from cotforge.pipelines.rows import write_text_atomic

HEADER = "run.json"


def prepare_output(recipe: Recipe, out: Path) -> None:
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
    except OSError as exc:
        raise ConfigError(f"cannot create output folder {out}: {exc}") from None
    header = {
        "recipe": recipe.name,
        "fingerprint": recipe.fingerprint(),
        "cotforge": metadata.version("cotforge"),
        "python": sys.version.split()[0],
        "host": platform.node(),
    }
    write_text_atomic(yaml.safe_dump(recipe.model_dump(exclude={"output"}), sort_keys=False), out / "recipe.yaml")
    write_text_atomic(json.dumps(header, indent=2), header_path)
