"""Reading YAML a user wrote (recipes, ``--set`` values) without letting it exhaust memory.

PyYAML's safe loader builds no objects from tags, but it still expands aliases into shared
nodes that later copies (JSON round trips, validation) multiply, and it recurses once per
level of nesting. The events are walked first, without recursion: nesting, the size the
document has once every alias is expanded, and the file's size are all bounded before a
single node is built. Every failure is one ``ConfigError`` line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from cotforge.core.errors import ConfigError

MAX_BYTES = 1_000_000
"""Largest YAML file read (a recipe is a few hundred bytes)."""
MAX_DEPTH = 32
"""Deepest nesting of lists and mappings."""
MAX_EXPANDED = 1_000_000
"""Largest size, in characters of scalars plus one per node, once every alias is expanded."""


def clip(value: Any, limit: int = 60) -> str:
    """``repr(value)``, cut to ``limit`` characters: an error line never echoes a whole input."""
    if isinstance(value, (str, bytes)) and len(value) > 4 * limit:
        value = value[: 4 * limit]  # repr of a huge string is itself huge
    small = not isinstance(value, (dict, list, tuple, set)) or (len(value) <= 20 and len(str(value)) <= 4 * limit)
    text = repr(value) if small else f"a {type(value).__name__} of {len(value)}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def cut(text: str, limit: int = 200) -> str:
    """``text`` on one line, cut to ``limit`` characters."""
    text = " ".join(text[: 4 * limit].split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _where(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"{problem} (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else str(problem)


def check_events(text: str, what: str) -> None:
    """Refuse deep nesting and alias bombs, reading the parser's events (no recursion, no nodes built)."""
    sizes: list[int] = []  # open collections: their expanded size so far
    anchors: list[str | None] = []
    anchored: dict[str, int] = {}
    total = 0

    def finish(size: int) -> None:
        nonlocal total
        if sizes:
            sizes[-1] += size
        else:
            total += size
        if total + sum(sizes) > MAX_EXPANDED:
            raise ConfigError(f"{what} is too large once its aliases (*name) are expanded (over {MAX_EXPANDED:,} characters)")

    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(sizes) >= MAX_DEPTH:
                    raise ConfigError(f"{what} is nested more than {MAX_DEPTH} levels deep")
                sizes.append(1)
                anchors.append(event.anchor)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                size = sizes.pop()
                anchor = anchors.pop()
                if anchor is not None:
                    anchored[anchor] = size
                finish(size)
            elif isinstance(event, yaml.ScalarEvent):
                size = 1 + len(event.value)
                if event.anchor is not None:
                    anchored[event.anchor] = size
                finish(size)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in anchored:  # an alias inside its own anchor: a cycle
                    raise ConfigError(f"{what}: alias *{clip(event.anchor, 30)} refers to a list or mapping that holds it")
                finish(anchored[event.anchor])
    except yaml.YAMLError as exc:
        raise ConfigError(f"{what} is not valid YAML: {_where(exc)}") from None


def loads(text: str, what: str) -> Any:
    """The data of a YAML document, after :func:`check_events`; tags beyond plain YAML are refused."""
    if len(text) > MAX_BYTES:
        raise ConfigError(f"{what} is {len(text):,} characters long; at most {MAX_BYTES:,} are read")
    check_events(text, what)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{what} is not valid YAML: {_where(exc)}") from None
    except RecursionError:
        raise ConfigError(f"{what} is nested too deeply") from None


def load_file(path: Path | Any, what: str) -> Any:
    """The data of a YAML file (a Path, or anything with ``read_bytes``): size, encoding and content checked."""
    try:
        if isinstance(path, Path):
            if not path.is_file():
                raise ConfigError(f"{what} not found: {path}" if not path.exists() else f"{what} {path} is not a file")
            if path.stat().st_size > MAX_BYTES:
                raise ConfigError(f"{what} {path} is {path.stat().st_size:,} bytes; at most {MAX_BYTES:,} are read")
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{what} {path} is not UTF-8 text (byte {exc.start} is {raw[exc.start:exc.start + 1]!r})") from None
    return loads(text, f"{what} {path}")


def parse_value(raw: str, what: str) -> Any:
    """A ``--set`` value: YAML (``3``, ``[1, 2]``, ``{a: 1}``), bounded like a recipe."""
    return loads(raw, what)
