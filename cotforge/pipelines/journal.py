"""Work saved per problem inside a unit, so a killed run loses at most the problems in flight.

A unit's files are written when all its problems are done; a language model's search of one
unit can take many minutes. A step source that sets ``journaled = True`` (the model's) gets a
callback per finished problem, and ``Journal`` writes that outcome at once to
``journal/unit-N/<algorithm>-<index>.json`` (atomically). A resumed unit reads them back and
searches only the problems that have none; the folder is deleted once the unit's completion
marker is written. The live progress display counts these files, so it moves per problem.

The files are JSON, decoded into the record types by name from a fixed list (never pickle: a
resumed folder is data, not code).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from cotforge.core.ledger import Cost, Ledger
from cotforge.core.records import Problem, Record, Rejection, SearchSummary, Step, Trace, Verdict
from cotforge.pipelines.plan import WorkUnit
from cotforge.pipelines.rows import write_text_atomic
from cotforge.pipelines.solve import Outcome
from cotforge.pipelines.storage import Location, remove_tree

__all__ = ["Journal", "decode", "encode"]

TYPES: dict[str, type] = {t.__name__: t for t in (Outcome, Record, Rejection, Problem, Trace, Step, Verdict, SearchSummary, Cost, Ledger)}
"""The only types a journal file may name."""


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"__type__": type(value).__name__, **{f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _typed(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_typed(v) for v in value)  # every sequence field of the record types is a tuple
    if isinstance(value, dict):
        name = value.get("__type__")
        if name not in TYPES:
            raise ValueError(f"a journal entry names an unknown type: {name!r}")
        return TYPES[name](**{k: _typed(v) for k, v in value.items() if k != "__type__"})
    return value


def encode(outcome: Outcome) -> str:
    return json.dumps(_plain(outcome))


def decode(text: str) -> Outcome:
    made = _typed(json.loads(text))
    if not isinstance(made, Outcome):
        raise TypeError("a journal entry is not an outcome")
    return made


class Journal:
    """The saved outcomes of one unit's problems under one algorithm."""

    def __init__(self, out: Location, unit: WorkUnit, algorithm: str) -> None:
        self.folder = folder(out, unit)
        self.algorithm = algorithm

    def _path(self, index: int) -> Location:
        return self.folder / f"{self.algorithm}-{index}.json"

    def save(self, outcome: Outcome) -> None:
        write_text_atomic(encode(outcome), self._path(outcome.problem.index))

    def load(self, problems: list[Problem]) -> dict[int, Outcome]:
        """Saved outcomes by problem index; an unreadable file (a half-written one) is searched again."""
        found: dict[int, Outcome] = {}
        for problem in problems:
            path = self._path(problem.index)
            try:
                outcome = decode(path.read_text())
            except (OSError, ValueError, TypeError):
                continue
            if outcome.problem == problem:  # the same problem, not a stale file of another plan
                found[problem.index] = outcome
        return found


def folder(out: Location, unit: WorkUnit) -> Location:
    return out / "journal" / unit.name


def clear(out: Location, unit: WorkUnit) -> None:
    """Delete a finished unit's journal."""
    remove_tree(folder(out, unit))
