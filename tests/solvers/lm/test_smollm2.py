"""The SmolLM2 folder builder: what it refuses and what it keeps (the build itself runs in setup)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cotforge.core.errors import ConfigError
from cotforge.solvers.lm import smollm2


def test_the_weights_come_from_the_installed_wheel() -> None:
    path = smollm2.gguf_file()
    assert path.name == smollm2.GGUF_NAME and path.stat().st_size > 50_000_000


def test_a_folder_of_the_users_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ConfigError, match="not a model folder built by cotforge"):
        smollm2.build_smollm2(tmp_path, force=True)
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert smollm2.main([str(tmp_path)]) == 2


def test_a_finished_folder_is_kept_without_rebuilding(tmp_path: Path) -> None:
    (tmp_path / smollm2.MARKER).write_text("{}")
    (tmp_path / "config.json").write_text("{}")
    assert smollm2.build_smollm2(tmp_path) == tmp_path  # returns at once: nothing loaded, nothing replaced
    assert (tmp_path / "config.json").read_text() == "{}"


def test_setup_built_the_folder_as_an_ordinary_model_folder() -> None:
    folder = smollm2.default_folder()
    if not smollm2.is_built(folder):
        pytest.fail(f"{folder} is not built: run scripts/setup.sh (it builds it once)")
    names = {p.name for p in folder.iterdir()}
    assert {"config.json", "model.safetensors", "tokenizer.json", "generation_config.json"} <= names
    assert "quantization_config" not in (folder / "config.json").read_text()
    assert "<|im_start|>" in (folder / "chat_template.jinja").read_text()
