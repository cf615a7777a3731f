"""The output folder's run header (one recipe per folder) and its log of runs, local or on an fsspec URL."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import platform
import re
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
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
"""The marker of a cotforge output folder: only a folder holding it (or an empty one) is written to."""
RUN_LOG = "runs.jsonl"
MANIFEST = ".cotforge-manifest.json"
"""What export wrote (relative paths) and each config's shard fingerprint: export replaces or removes only these."""
LOCK = ".cotforge.lock"
CONTROL = (MANIFEST, LOCK)
"""Files cotforge may create in a folder before its header; a folder holding only these counts as empty."""
SHOWN = 3
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


def _is_control(name: str) -> bool:
    return name in CONTROL or (name.startswith(".") and name.endswith(".tmp"))


def check_ours(out: Location) -> None:
    """Refuse ``out`` unless it is missing, empty, or a cotforge output (it holds ``run.json``).

    Nothing else is ever written to: a run adopts no folder of the user's, so nothing of
    theirs can be overwritten or deleted by a later export.
    """
    try:
        if not out.exists() or (out.is_dir() and (out / HEADER).exists()):
            return
        if not out.is_dir():
            raise ConfigError(f"output {out} is a file, not a folder; choose a new or empty folder")
        foreign = []
        for entry in out.iterdir():
            if not _is_control(entry.name):
                foreign.append(entry.name)
                if len(foreign) > SHOWN:
                    break
    except OSError as exc:
        raise ConfigError(f"cannot read output folder {out}: {exc.strerror or exc}") from None
    except Exception as exc:  # noqa: BLE001 - a store that cannot be reached (credentials, network): one line
        if isinstance(out, Path) or isinstance(exc, ConfigError):
            raise
        raise ConfigError(f"cannot read output {out}: {type(exc).__name__}: {str(exc)[:200]}") from None
    if foreign:
        names = ", ".join(repr(n[:40]) for n in foreign[:SHOWN]) + (", ..." if len(foreign) > SHOWN else "")
        raise ConfigError(f"output folder {out} already holds files that cotforge did not write ({names}; no {HEADER}): "
                          f"choose a new or empty folder")


def read_header(out: Location) -> dict[str, Any]:
    """The run header of ``out``; a ConfigError if it is missing or unreadable."""
    try:
        header = json.loads((out / HEADER).read_text())
    except FileNotFoundError:
        raise ConfigError(f"{out} is not a cotforge output folder (no {HEADER}); run a recipe into it first") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{out / HEADER} is unreadable ({type(exc).__name__}); is {out} a cotforge output folder?") from None
    if not isinstance(header, dict) or not isinstance(header.get("fingerprint"), str):
        raise ConfigError(f"{out / HEADER} is not a cotforge run header (no fingerprint)")
    return header


def prepare_output(recipe: Options, out: Location) -> None:
    """Create ``out`` and its header, refusing a folder that holds another recipe's output or
    files that cotforge did not write."""
    check_ours(out)
    header_path = out / HEADER
    if header_path.exists():
        old = read_header(out)
        if old.get("fingerprint") != recipe.fingerprint():
            raise ConfigError(
                f"{out} holds output of a different recipe (fingerprint {old.get('fingerprint')}, "
                f"this one {recipe.fingerprint()}); choose another --out or delete that folder"
            )
        if not (out / "recipe.yaml").exists():  # a run killed between its header and its recipe
            write_text_atomic(yaml.safe_dump(recipe.model_dump(exclude={"output"}), sort_keys=False), out / "recipe.yaml")
        return
    header = {"recipe": recipe.name, "fingerprint": recipe.fingerprint(), "code": code_version(),
              "python": sys.version.split()[0], "packages": package_versions(), "host": platform.node()}
    try:
        out.mkdir(parents=True, exist_ok=True)
        # the manifest and header first: from then on the folder is known to be ours
        write_manifest(out, Manifest(files=(), configs={}))
        write_text_atomic(json.dumps(header, indent=2), header_path)
        write_text_atomic(yaml.safe_dump(recipe.model_dump(exclude={"output"}), sort_keys=False), out / "recipe.yaml")
    except OSError as exc:
        raise ConfigError(f"cannot write to output folder {out}: {exc.strerror or exc}") from None


@dataclass(frozen=True, slots=True)
class Manifest:
    """The files an export wrote (paths relative to the folder) and each config's shard fingerprint."""

    files: tuple[str, ...]
    configs: dict[str, str]


LEGACY_FILES = re.compile(r"^(README\.md|stats\.json|rejected/export\.parquet|data/[A-Za-z0-9_]+/train-\d{5}-of-\d{5}\.parquet)$")
"""What an export of a cotforge without a manifest wrote: adopted once, in a folder holding ``run.json``."""
EXPORT_NAMES = re.compile(r"^(README\.md|stats\.json|rejected/export\.parquet|"
                          r"data/[A-Za-z0-9_]+/train-\d{5}-of-\d{5}(-[0-9a-f]{16})?\.parquet)$")
"""Every name an export writes: a manifest listing anything else (``../x``, ``/etc/...``) is refused, never acted on."""


def read_manifest(out: Location) -> Manifest:
    """What earlier exports wrote; for a folder from before manifests, its files with an export's names."""
    path = out / MANIFEST
    if path.exists():
        try:
            data = json.loads(path.read_text())
            manifest = Manifest(files=tuple(str(f) for f in data["files"]), configs={str(k): str(v) for k, v in data["configs"].items()})
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"{path} is unreadable ({type(exc).__name__}); it lists what export may replace: "
                              f"restore it, or export into a new folder") from None
        strange = [f for f in manifest.files if not EXPORT_NAMES.match(f)]
        strange += [f"{k}: {v}" for k, v in manifest.configs.items() if not re.fullmatch(r"[A-Za-z0-9_]+: [0-9a-f]{16}", f"{k}: {v}")]
        if strange:
            raise ConfigError(f"{path} lists {strange[0][:80]!r}, which no export writes; restore it, or export into a new folder")
        return manifest
    found = [name for name in ("README.md", "stats.json") if (out / name).exists()]
    if (out / "rejected" / "export.parquet").exists():
        found.append("rejected/export.parquet")
    data = out / "data"
    for config in data.iterdir() if data.is_dir() else []:
        found += [f"data/{config.name}/{shard.name}" for shard in config.glob("train-*.parquet")]
    return Manifest(files=tuple(f for f in found if LEGACY_FILES.match(f)), configs={})


def write_manifest(out: Location, manifest: Manifest) -> None:
    write_text_atomic(json.dumps({"files": sorted(set(manifest.files)), "configs": manifest.configs}, indent=1), out / MANIFEST)


def shard_files(out: Location, config: str) -> list[Location]:
    """The shards of ``config`` the card points at (all ``train-*.parquet`` in a folder from before manifests)."""
    folder = out / "data" / config
    if not folder.is_dir():
        return []
    fingerprint = read_manifest(out).configs.get(config) if (out / MANIFEST).exists() else None
    pattern = f"train-*-{fingerprint}.parquet" if fingerprint else "train-*.parquet"
    return sorted(folder.glob(pattern), key=str)


def start_run_log(out: Location) -> float:
    return time.time()


def finish_run_log(out: Location, started: float, stats: dict[str, Any]) -> None:
    """Append one line per run: when, on what code and host, and what it produced."""
    from cotforge.pipelines.quality import headline
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
        "quality": headline(stats.get("quality", [])),
    }
    line = json.dumps(entry) + "\n"
    log = out / RUN_LOG
    if isinstance(log, Path):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(line)
    else:  # object stores cannot append: rewrite the (small) log whole
        write_text_atomic((log.read_text() if log.exists() else "") + line, log)


_HELD: dict[str, int] = {}
"""Output folders this process holds the lock of, with how many holders (a run inside a command nests)."""


@contextlib.contextmanager
def hold_output(out: Location) -> Iterator[None]:
    """Hold ``out`` for as long as the block runs; a second process asking for it is refused at once.

    A local folder is locked with ``flock`` on ``out/.cotforge.lock``: the kernel releases it when
    the holder exits or is killed (``kill -9`` included), so a lock is never left stale. Object
    stores (fsspec URLs) have no lock: there only this process's own nested holds are counted, and
    two processes on one URL are not detected; their units still write whole files under
    temporary names, so a reader never sees half a part, but their exports may interleave.
    """
    key = str(out)
    if key in _HELD or not isinstance(out, Path):
        _HELD[key] = _HELD.get(key, 0) + 1
        try:
            yield
        finally:
            _HELD[key] -= 1
            if not _HELD[key]:
                del _HELD[key]
        return
    check_ours(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = open(out / LOCK, "a+", encoding="utf-8")  # noqa: SIM115 - held open for the whole block
    except OSError as exc:
        raise ConfigError(f"cannot write to output folder {out}: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = " ".join(handle.read(200).split()) or "another process"
            raise ConfigError(f"{out} is in use by another cotforge command ({holder}); wait for it to end or choose another "
                              f"output folder") from None
        except OSError as exc:  # a filesystem without locks (some network mounts): go on, and say what is not guarded
            warnings.warn(f"cannot lock {out} ({exc.strerror or exc}): a second command on it at once will not be detected",
                          stacklevel=3)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} on {platform.node()} since {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}\n")
        handle.flush()
        _HELD[key] = 1
        try:
            yield
        finally:
            del _HELD[key]
    finally:
        handle.close()  # closing the descriptor releases the lock
