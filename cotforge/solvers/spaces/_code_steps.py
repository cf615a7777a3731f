"""Small pieces the code step spaces share: checkable step states and plain words for differences."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from cotforge.domains.code_harness import tag
from cotforge.core.records import Step


def claim_step(text: str, kind: str, code: str, claims: Sequence[tuple[Any, Any]], wrong: bool = False,
               error_kind: str = "") -> Step:
    """A step whose state says: running ``code``'s ``f`` on each argument returns the paired plain value.

    A wrong step claims what its text asserts (the value the writer believes, the test it believes
    passes), so the step check, which runs the code, shows it wrong."""
    state = {"code": code, "claims": [[arg, tag(value)] for arg, value in claims]}
    return Step(text=text, state=json.dumps(state, sort_keys=True), kind=kind, intended_wrong=wrong,
                error_kind=error_kind if wrong else "")


def nudged(value: Any, rng: Any) -> Any:
    """A near miss of ``value``: an integer off by one, a list with one number off by one (or, of other
    items, one more or one fewer), a string one character short or one longer (its last repeated), as
    often the one as the other (a near miss that was always shorter made wrong texts shorter than the
    solutions); None when there is none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value + rng.choice((-1, 1))
    if isinstance(value, list):
        if value and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            i = rng.randrange(len(value))
            return value[:i] + [value[i] + rng.choice((-1, 1))] + value[i + 1 :]
        return value[:-1] if value and rng.random() < 0.5 else [*value, 1]
    if isinstance(value, str):
        return (value[:-1] if rng.random() < 0.5 else value + value[-1]) if value else "a"
    return None


def difference(got: Any, want: Any) -> str:
    """Why ``got`` is not ``want``, as a careful reader would put it."""
    if isinstance(got, list) and isinstance(want, list):
        if sorted(got) == sorted(want):
            return "the same numbers, but in a different order"
        if len(got) != len(want):
            return f"{len(got)} number{'s' * (len(got) != 1)} where {len(want)} {'are' if len(want) != 1 else 'is'} expected"
        return "numbers that differ from the expected ones"
    if isinstance(got, int) and isinstance(want, int):
        return f"{abs(got - want)} too {'large' if got > want else 'small'}"
    if isinstance(got, str) and isinstance(want, str):
        if got.lower() == want.lower():
            return "the right letters in the wrong case"
        if sorted(got) == sorted(want):
            return "the right characters in the wrong order"
        return "different text"
    return f"a {type(got).__name__} instead of a {type(want).__name__}"


def similarity(got: Any, want: Any) -> float:
    """How close ``got`` is to ``want`` (higher is closer): shared positions and values, or distance."""
    if isinstance(got, list) and isinstance(want, list):
        shared = sum(min(got.count(v), want.count(v)) for v in set(want))
        return sum(a == b for a, b in zip(got, want)) + shared - abs(len(got) - len(want))
    if isinstance(got, int) and isinstance(want, int) and not isinstance(got, bool):
        return -min(abs(got - want), 1000) / 100
    if isinstance(got, str) and isinstance(want, str):
        return sum(a == b for a, b in zip(got, want)) + sum(a.lower() == b.lower() for a, b in zip(got, want)) / 2
    return -10.0
