"""Where output lives: a local folder, or any fsspec URL (``s3://``, ``gs://``, ``memory://`` ...).

A local path (or a ``file://`` URL) stays a plain :class:`pathlib.Path`, so local output
behaves exactly as before: a temporary file in the same folder, then ``os.replace``. Any
other URL becomes a :class:`RemotePath`, the small part of the pathlib API the pipeline
uses, over an fsspec filesystem; a file is written under a temporary name and then moved
to its final key, so a reader never finds half an object under a finished name.

``memory://`` lives inside one process: worker processes (or a Dask / Ray cluster) cannot
see it, so it needs a one-worker local run (``workers: 1``), which runs units in threads.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, TypeGuard

from cotforge.core.errors import ConfigError

IN_PROCESS_PROTOCOLS = ("memory",)
WRITABLE_PROTOCOLS = ("file", "local", "memory", "s3", "s3a", "gs", "gcs", "az", "abfs", "abfss", "adl", "hdfs", "webhdfs",
                      "oci", "oss", "lakefs", "dbfs")
"""fsspec protocols that name a writable store by URL alone (http, zip, github, ftp and the like do not)."""


def _split(url: str) -> tuple[str, str]:
    scheme, _, rest = url.partition("://")
    return scheme.lower(), rest


def is_url(where: str | os.PathLike[str]) -> bool:
    return "://" in str(where)


def check_url(url: str) -> str:
    """``url`` if fsspec knows its protocol and the package for it is installed; else a ConfigError naming it."""
    import fsspec

    scheme, rest = _split(url)
    if not scheme or not rest:
        raise ConfigError(f"output URL {url[:80]!r} needs the form PROTOCOL://PATH")
    try:
        fsspec.get_filesystem_class(scheme)
    except ValueError:
        raise ConfigError(f"output URL {url[:80]!r}: unknown fsspec protocol {scheme[:20]!r}; use a local path, "
                          f"file://, s3://, gs://, memory:// or another protocol fsspec knows") from None
    except ImportError as exc:
        raise ConfigError(f"output URL {url[:80]!r}: protocol {scheme[:20]!r} needs a package that is not installed: {exc}") from None
    if scheme not in WRITABLE_PROTOCOLS:
        raise ConfigError(f"output URL {url[:80]!r}: protocol {scheme[:20]!r} is not a store cotforge can write to; use a local "
                          f"path or one of {', '.join(p + '://' for p in WRITABLE_PROTOCOLS if p != 'local')}")
    return url


class RemotePath:
    """A file or folder on an fsspec filesystem, named by its URL; immutable like a Path."""

    __slots__ = ("fs", "url")

    def __init__(self, url: str, fs: Any = None) -> None:
        import fsspec

        scheme, rest = _split(url)
        self.url = f"{scheme}://{rest.rstrip('/') or rest}"
        try:
            self.fs = fs if fs is not None else fsspec.filesystem(scheme)
        except Exception as exc:  # noqa: BLE001 - credentials, a missing option: the store cannot be opened, say so in a line
            raise ConfigError(f"cannot open the store of {url[:80]!r}: {type(exc).__name__}: {str(exc)[:200]}") from None

    def __truediv__(self, name: str) -> RemotePath:
        return RemotePath(f"{self.url.rstrip('/')}/{name}", self.fs)

    def __str__(self) -> str:
        return self.url

    def __repr__(self) -> str:
        return f"RemotePath({self.url!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RemotePath) and other.url == self.url

    def __hash__(self) -> int:
        return hash(self.url)

    @property
    def protocol(self) -> str:
        return _split(self.url)[0]

    @property
    def name(self) -> str:
        return posixpath.basename(_split(self.url)[1])

    @property
    def parent(self) -> RemotePath:
        scheme, rest = _split(self.url)
        return RemotePath(f"{scheme}://{posixpath.dirname(rest) or rest}", self.fs)

    def with_name(self, name: str) -> RemotePath:
        return self.parent / name

    def exists(self) -> bool:
        return bool(self.fs.exists(self.url))

    def is_file(self) -> bool:
        return bool(self.fs.isfile(self.url))

    def is_dir(self) -> bool:
        return bool(self.fs.isdir(self.url))

    def mkdir(self, parents: bool = True, exist_ok: bool = True) -> None:
        self.fs.makedirs(self.url, exist_ok=exist_ok)

    def open(self, mode: str = "rb", **kwargs: Any) -> IO[Any]:
        return self.fs.open(self.url, mode, **kwargs)

    def read_bytes(self) -> bytes:
        return bytes(self.fs.cat_file(self.url))

    def read_text(self, encoding: str = "utf-8") -> str:
        return self.read_bytes().decode(encoding)

    def write_text(self, text: str, encoding: str = "utf-8") -> None:
        with self.open("wb") as f:
            f.write(text.encode(encoding))

    def unlink(self, missing_ok: bool = False) -> None:
        try:
            self.fs.rm_file(self.url)
        except FileNotFoundError:
            if not missing_ok:
                raise

    def glob(self, pattern: str) -> Iterator[RemotePath]:
        """Entries of this folder whose name matches ``pattern`` (no ``/`` in it), sorted."""
        if "/" in pattern:
            raise ValueError(f"RemotePath.glob takes a name pattern, got {pattern!r}")
        for found in sorted(self.fs.glob(f"{self.url.rstrip('/')}/{pattern}")):
            yield self / posixpath.basename(str(found).rstrip("/"))

    def iterdir(self) -> Iterator[RemotePath]:
        return self.glob("*")


Location = Path | RemotePath


def location(where: str | os.PathLike[str] | RemotePath) -> Location:
    """A Path for a local folder or ``file://`` URL; a RemotePath for any other fsspec URL."""
    if isinstance(where, (Path, RemotePath)):
        return where
    text = os.fspath(where)
    if not is_url(text):
        return Path(text)
    scheme, rest = _split(check_url(text))
    if scheme in ("file", "local"):
        return Path(rest)
    return RemotePath(text)


def is_local(where: Location) -> TypeGuard[Path]:
    return isinstance(where, Path)


def in_process_only(where: Location) -> bool:
    """True for a filesystem (``memory://``) that other processes cannot see."""
    return isinstance(where, RemotePath) and where.protocol in IN_PROCESS_PROTOCOLS


def replace(src: Location, dst: Location) -> None:
    """Move ``src`` over ``dst``: ``os.replace`` locally, a move (copy, then delete) on fsspec."""
    if isinstance(src, Path) and isinstance(dst, Path):
        os.replace(src, dst)
    elif isinstance(src, RemotePath) and isinstance(dst, RemotePath):
        src.fs.mv(src.url, dst.url)
    else:
        raise ValueError(f"cannot move {src} to {dst}: different filesystems")


def remove_tree(where: Location) -> None:
    """Delete a folder (or a file) and everything in it, if it exists."""
    if isinstance(where, Path):
        if where.is_dir():
            shutil.rmtree(where)
        elif where.exists():
            where.unlink()
    elif where.exists():
        where.fs.rm(where.url, recursive=True)


def temporary_name(path: Location) -> Location:
    """A hidden sibling of ``path`` that no reader takes for a finished file."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")


@contextlib.contextmanager
def atomic_target(path: Location) -> Iterator[Any]:
    """Yield where to write ``path``'s content (a temporary Path, or an open binary file on
    fsspec); on success it is moved to ``path``, on failure it is removed: all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_name(path)
    try:
        if isinstance(tmp, Path):
            yield tmp
        else:
            with tmp.open("wb") as handle:
                yield handle
        replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def open_for_read(path: Location) -> Iterator[Any]:
    """Something pyarrow reads: the Path itself locally, an open binary file on fsspec."""
    if isinstance(path, Path):
        yield path
    else:
        with path.open("rb") as handle:
            yield handle


def check_engine(where: Location, engine: str, workers: int) -> None:
    """Refuse an in-process filesystem (``memory://``) when units would run in other processes."""
    if in_process_only(where) and (engine != "local" or workers > 1):
        raise ConfigError(
            f"output {where}: memory:// lives inside this process, so worker processes cannot write to it; "
            f"run it with the local engine and one worker (--set workers=1), or use a shared URL (file://, s3://, ...)"
        )
