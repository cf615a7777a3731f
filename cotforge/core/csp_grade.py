"""Grading constraint puzzles by the techniques a solver needs (for generators' difficulty levels).

The rules match the CSP step space's, in core form so generators need not import a solver:
"naked" (naked singles and arc consistency), "singles" (+ hidden singles), "pairs" (+ naked pairs),
"guess" (one two-way case split on the first variable with fewest candidates, each branch then
closed by "pairs" to a solution or a contradiction). These rules only narrow soundly, so their fixpoint
does not depend on the order they fire in, and the step space reaches the same one.
"""

from __future__ import annotations

from collections.abc import Sequence

from cotforge.core.csp import Csp, bits, popcount, propagate

TECHNIQUES = ("naked", "singles", "pairs", "guess")


def closure(csp: Csp, doms: Sequence[int], technique: str) -> list[int] | None:
    """The fixpoint of the technique's rules (no case split); None on a contradiction."""
    if technique not in TECHNIQUES[:3]:
        raise ValueError(f"technique must be one of {TECHNIQUES[:3]}, got {technique!r}")
    cons = range(len(csp.constraints))
    d = propagate(csp, doms, cons, hidden=technique != "naked", matching=False)
    while d is not None and technique == "pairs" and _pairs(csp, d):
        d = propagate(csp, d, cons, matching=False)
    return d


def _pairs(csp: Csp, d: list[int]) -> bool:
    """One round of naked pairs; True if anything was removed."""
    changed = False
    for c in csp.constraints:
        if c.kind != "alldiff":
            continue
        two = [v for v in c.vars if popcount(d[v]) == 2]
        for i, a in enumerate(two):
            for b in two[i + 1 :]:
                if d[a] == d[b]:
                    for w in c.vars:
                        if w not in (a, b) and d[w] & d[a]:
                            d[w] &= ~d[a]
                            changed = True
    return changed


def solved(d: Sequence[int] | None) -> bool:
    return d is not None and all(popcount(m) == 1 for m in d)


def split_var(d: Sequence[int]) -> int:
    """The variable the step space splits on: fewest candidates, then lowest index."""
    return min((v for v, m in enumerate(d) if popcount(m) > 1), key=lambda v: (popcount(d[v]), v))


def grade(csp: Csp, doms: Sequence[int] | None = None) -> str | None:
    """The easiest technique that solves the puzzle, or None if one guess is not enough."""
    doms = csp.domains if doms is None else doms
    for technique in TECHNIQUES[:3]:
        d = closure(csp, doms, technique)
        if d is None:
            return None
        if solved(d):
            return technique
    if d is None:
        return None
    v = split_var(d)
    if popcount(d[v]) > 2:
        return None  # keep guesses to two cases, so any search that asks for two moves sees both
    outcomes = [closure(csp, [*d[:v], 1 << x, *d[v + 1 :]], "pairs") for x in bits(d[v])]
    if all(o is None or solved(o) for o in outcomes) and sum(o is not None for o in outcomes) == 1:
        return "guess"
    return None
