"""Grading constraint puzzles by the techniques a solver needs (for generators' difficulty levels).

The rules match the CSP step space's, in core form so generators need not import a solver:
"naked" (naked singles and arc consistency), "singles" (+ hidden singles), "pairs" (+ naked pairs
and locked candidates: a value one group can hold only where it overlaps another is cleared from
the rest of that other group), "guess" (one two-way case split, each branch then closed by "pairs"
to a solution or a contradiction; the split is on the first two-candidate variable one of whose
cases "pairs" carries to a full solution, else on the first variable with fewest candidates, as
the step space splits). These rules only narrow soundly, so their fixpoint does not depend on the
order they fire in, and the step space reaches the same one. For the same reason grading runs the
ladder once: each technique starts from the fixpoint of the one below it.
"""

from __future__ import annotations

from collections.abc import Sequence

from cotforge.domains.csp import Csp, bits
from cotforge.domains.csp_solve import propagate

TECHNIQUES = ("naked", "singles", "pairs", "guess")
_FLAGS = {"naked": (False, False), "singles": (True, False), "pairs": (True, True)}
"""Technique -> (hidden singles, naked pairs)."""


def closure(csp: Csp, doms: Sequence[int], technique: str, cons: Sequence[int] | None = None,
            done: int = 0) -> list[int] | None:  # fmt: skip
    """The fixpoint of the technique's rules (no case split) over ``cons`` (default: all
    constraints); None on a contradiction. ``done``: variables ``doms`` has already propagated
    from, as in a fixpoint (see ``propagate``)."""
    if technique not in _FLAGS:
        raise ValueError(f"technique must be one of {TECHNIQUES[:3]}, got {technique!r}")
    hidden, pairs = _FLAGS[technique]
    return propagate(csp, doms, cons, hidden=hidden, matching=False, pairs=pairs, done=done)


def case(csp: Csp, d: Sequence[int], v: int, m: int, cons: Sequence[int] | None = None) -> list[int] | None:
    """The "pairs" closure of the fixpoint ``d`` with ``v`` narrowed to ``m`` (a case of a split);
    only ``v``'s change is new work."""
    return closure(csp, [*d[:v], m, *d[v + 1 :]], "pairs", cons, done=((1 << len(d)) - 1) ^ (1 << v))


def solved(d: Sequence[int] | None) -> bool:
    return d is not None and all(m and not m & (m - 1) for m in d)


def split_var(d: Sequence[int]) -> int:
    """The first variable with fewest candidates (ties: lowest index)."""
    return min((v for v, m in enumerate(d) if m & (m - 1)), key=lambda v: (d[v].bit_count(), v))


def split_choice(csp: Csp, d: Sequence[int], cons: Sequence[int] | None = None) -> tuple[int, list[list[int] | None]]:
    """Where the step space splits a stalled ``d`` (a "pairs" fixpoint), with each case's "pairs"
    closure: the first two-candidate variable one of whose cases closes to a full solution (a
    person trying the cells with two options until one works out), else ``split_var``."""
    for v, m in enumerate(d):
        if m.bit_count() == 2:
            outcomes = [case(csp, d, v, 1 << x, cons) for x in bits(m)]
            if any(solved(o) for o in outcomes):
                return v, outcomes
    v = split_var(d)
    return v, [case(csp, d, v, 1 << x, cons) for x in bits(d[v])]


def grade(csp: Csp, doms: Sequence[int] | None = None, cons: Sequence[int] | None = None,
          upto: str = "guess") -> str | None:  # fmt: skip
    """The easiest technique that solves the puzzle, or None if one guess is not enough (or a
    contradiction shows it has no solution). ``upto`` stops the ladder early (None past it)."""
    d: list[int] | None = list(csp.domains if doms is None else doms)
    done = 0
    for technique in TECHNIQUES[:3]:
        d = closure(csp, d, technique, cons, done)  # type: ignore[arg-type]
        done = (1 << len(csp.domains)) - 1  # the next technique starts from this fixpoint
        if d is None:
            return None
        if solved(d):
            return technique
        if technique == upto:
            return None
    return "guess" if d is not None and one_guess(csp, d, cons) else None


def one_guess(csp: Csp, d: Sequence[int], cons: Sequence[int] | None = None, refute: bool = True) -> bool:
    """From ``d``, the "pairs" fixpoint of an unsolved puzzle: whether the step space's one case
    split settles it: two cases, one closing to the solution and (``refute``) the other to a
    contradiction. Without ``refute`` the other case may stay open, so only a complete search
    can prove the solution unique."""
    v, outcomes = split_choice(csp, d, cons)
    if d[v].bit_count() > 2:
        return False  # keep guesses to two cases, so any search that asks for two moves sees both
    if sum(solved(o) for o in outcomes) != 1:
        return False
    return not refute or any(o is None for o in outcomes)
