"""Publishing an exported folder to the Hugging Face Hub as a dataset repository."""

from __future__ import annotations

import tempfile
from pathlib import Path

from cotforge.core.errors import ConfigError, CotforgeError
from cotforge.pipelines.output import MANIFEST, read_manifest
from cotforge.pipelines.storage import Location, RemotePath


def uploaded(folder: Location) -> list[str]:
    """The card and the shards the card points at: nothing else in ``data/`` (a file of the user's) goes up."""
    configs = read_manifest(folder).configs
    if not configs:  # exported before manifests: the shards by their names
        return ["README.md", "data/*/train-*.parquet"]
    return ["README.md", *(f"data/{name.removesuffix('_test')}/{'test' if name.endswith('_test') else 'train'}-*-{fingerprint}.parquet"
                           for name, fingerprint in sorted(configs.items()))]  # rl_test: the rl config's held-out split


def check_repo_id(repo_id: str) -> str:
    """``repo_id`` if it has the form ORG/NAME; else a ConfigError (said before anything is exported)."""
    if repo_id.count("/") != 1 or not all(repo_id.split("/")) or len(repo_id) > 200:
        raise ConfigError(f"--push-to-hub needs ORG/NAME, got {repo_id[:80]!r}")
    return repo_id


def push_to_hub(folder: Location, repo_id: str, private: bool = False, token: str | None = None) -> str:
    """Create (or reuse) the dataset repo and upload the card and shards; returns the commit URL.

    The token comes from ``token``, else the usual ``HF_TOKEN`` variable or a saved login.
    A folder on an fsspec URL is first copied (card and shards only) to a local temporary one.
    """
    check_repo_id(repo_id)
    if not (folder / "README.md").exists() or not (folder / "data").is_dir():
        raise ConfigError(f"{folder} is not an exported dataset folder (no README.md card or data/)")
    if isinstance(folder, RemotePath):
        with tempfile.TemporaryDirectory(prefix="cotforge-push-") as local:
            folder.fs.get(folder.url + "/README.md", f"{local}/README.md")
            folder.fs.get(folder.url + "/data", f"{local}/data", recursive=True)
            if (folder / MANIFEST).exists():
                folder.fs.get(f"{folder.url}/{MANIFEST}", f"{local}/{MANIFEST}")
            return _upload(Path(local), repo_id, private, token, str(folder))
    return _upload(folder, repo_id, private, token, str(folder))


def _upload(folder: Path, repo_id: str, private: bool, token: str | None, source: str) -> str:
    from huggingface_hub import HfApi

    patterns = uploaded(folder)
    api = HfApi(token=token)
    try:
        api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
        commit = api.upload_folder(
            folder_path=str(folder),
            repo_id=repo_id,
            repo_type="dataset",
            allow_patterns=patterns,
            commit_message=f"Upload cotforge dataset from {source.rstrip('/').rsplit('/', 1)[-1]}",
        )
    except Exception as exc:  # noqa: BLE001 - any failure here is reported as one clear line
        raise CotforgeError(f"could not push {source} to the Hub as {repo_id}: {type(exc).__name__}: {exc}") from exc
    return str(getattr(commit, "commit_url", commit))
