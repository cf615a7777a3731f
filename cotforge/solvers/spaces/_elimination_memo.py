"""What an elimination space works out about its states, kept per system and shared by the spaces of that system.

A record builds two spaces of one problem (the search's, and a fresh one for the continued negatives), and both ask
about the same states: the wrong moves at a chain's states, the first-choice path from each. Everything kept here is a
function of the system (its names, rows, written equations and disguises) and the state alone, so a second space of
the same system reads it instead of working it out again. The last few systems are kept (``KEPT``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any
from collections.abc import Hashable

RowFacts = tuple[Any, int | None, Fraction | None, frozenset[int], tuple[tuple[int, int], ...]]
"""What ``EliminationSpace._facts`` knows of a row: the row, the unknown it gives outright, what it is divided by, the
unknowns it has, its coefficients as (numerator, denominator)."""

KEPT = 4
"""Systems whose memos are kept: a record's two spaces are built one after the other."""


@dataclass(slots=True)
class EliminationMemos:
    eliminations: dict[Any, list[tuple[tuple[int, int], tuple[int, int, int]]]] = field(default_factory=dict)
    """Per state: the eliminations offered, cheapest first, as (sort key, (i, j, v))."""
    built: dict[Any, Any] = field(default_factory=dict)
    """Per (state, i, j, v): the sound elimination move."""
    walks: dict[Any, tuple[int, int, bool]] = field(default_factory=dict)
    """Per state: the first-choice path's steps, characters, and whether it ends on an answer."""
    texts: dict[int, tuple[Any, str | None, str]] = field(default_factory=dict)
    """Per row object (by id, the row kept beside its texts): its machine text (None until asked, for a row with a
    fraction) and its LaTeX."""
    facts: dict[int, RowFacts] = field(default_factory=dict)
    """Per row object (by id, the row kept beside them): ``RowFacts``."""
    solutions: dict[Any, tuple[Fraction, ...] | None] = field(default_factory=dict)
    """Per state: the unique solution of its rows, or None."""
    ranked: dict[Any, tuple[list[tuple[tuple[int, ...], Any]], int]] = field(default_factory=dict)
    """Per state: every wrong move kept, with its rank, before the shuffle that breaks ties, and how many of the first
    places after the sort are sure (``EliminationSpace._rank_wrong``)."""


_SYSTEMS: OrderedDict[Hashable, EliminationMemos] = OrderedDict()
_LOCK = threading.Lock()
"""Spaces are built in several threads at once under a thread task runner: the look-up, insertion and eviction are one
step. (Two spaces of one system writing the same entries of one memo at once write equal values.)"""


def memos_for(system: Hashable) -> EliminationMemos:
    """The memos of one system (made empty the first time; the oldest system's dropped past ``KEPT``)."""
    with _LOCK:
        memos = _SYSTEMS.get(system)
        if memos is None:
            memos = _SYSTEMS[system] = EliminationMemos()
            while len(_SYSTEMS) > KEPT:
                _SYSTEMS.popitem(last=False)
        else:
            _SYSTEMS.move_to_end(system)
        return memos
