"""Trainer formats beyond TRL's: verl, OpenRLHF, the ``verifiers`` library and Math-Shepherd PRM
data, written from an exported run by ``cotforge export OUT --format NAME`` into
``OUT/formats/NAME/`` (a folder only ever written by this command)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from cotforge.core.errors import ConfigError
from cotforge.pipelines.formats import math_shepherd, openrlhf, verifiers_env, verl
from cotforge.pipelines.formats.base import FormatFolder, view_rows
from cotforge.pipelines.storage import Location, location

FORMATS: dict[str, tuple[str, Callable[[FormatFolder, Iterable[Mapping[str, Any]]], int]]] = {
    "verl": ("rl", verl.write),
    "openrlhf": ("rl", openrlhf.write),
    "verifiers": ("rl", verifiers_env.write),
    "math_shepherd": ("prm", math_shepherd.write),
}
"""format -> (the view it is made from, its writer)."""


def write_format(fmt: str, rows: Iterable[Mapping[str, Any]], folder: Location | str) -> int:
    """Write ``rows`` (``rl`` rows, ``make``/stream rows, or ``prm`` rows for math_shepherd) as ``fmt`` into ``folder``."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    owned = FormatFolder(location(folder), fmt)
    count = FORMATS[fmt][1](owned, rows)
    owned.close()
    return count


def export_format(out: Location | str, fmt: str) -> tuple[Location, int]:
    """Write ``fmt`` from the exported views of ``out`` into ``out/formats/<fmt>``; returns the folder and row count."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    out = location(out)
    folder = out / "formats" / fmt
    return folder, write_format(fmt, view_rows(out, FORMATS[fmt][0]), folder)
