"""Propositional clauses: data, meaning, and the two inference rules the step space narrates.

A literal is a signed variable index (+1 for p1 true... written ``(var, positive)``); a clause is a
disjunction of literals; a formula is a conjunction of clauses (CNF). An assignment maps each
variable to True, False or None (open). Unit propagation and failed-literal probing are sound:
whatever they force holds in every model that extends the assignment. Truth tables are the
independent check (at most 2^8 rows here).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

NAMES = ("p", "q", "r", "s", "t", "u")
Literal = tuple[int, bool]
Clause = tuple[Literal, ...]
Value = bool | None


def lit_value(lit: Literal, assignment: Sequence[Value]) -> Value:
    v = assignment[lit[0]]
    return None if v is None else v == lit[1]


def clause_value(clause: Clause, assignment: Sequence[Value]) -> Value:
    """True if a literal is true, False if all are false, else None."""
    values = [lit_value(lit, assignment) for lit in clause]
    if True in values:
        return True
    return None if None in values else False


def models(clauses: Sequence[Clause], n: int, partial: Sequence[Value] | None = None) -> Iterator[tuple[bool, ...]]:
    """Every full assignment (extending ``partial``) that satisfies every clause, by truth table."""
    partial = list(partial) if partial is not None else [None] * n
    free = [i for i, v in enumerate(partial) if v is None]
    for bits in itertools.product((False, True), repeat=len(free)):
        full = list(partial)
        for i, b in zip(free, bits):
            full[i] = b
        if all(clause_value(c, full) for c in clauses):
            yield tuple(bool(v) for v in full)


def unit(clauses: Sequence[Clause], assignment: Sequence[Value]) -> tuple[int, Literal] | None:
    """The first clause with every literal false but one open one, and that literal."""
    for i, c in enumerate(clauses):
        if clause_value(c, assignment) is None:
            open_ = [lit for lit in c if lit_value(lit, assignment) is None]
            if len(open_) == 1:
                return i, open_[0]
    return None


def conflict(clauses: Sequence[Clause], assignment: Sequence[Value]) -> int | None:
    """Index of the first clause that is false, if any."""
    return next((i for i, c in enumerate(clauses) if clause_value(c, assignment) is False), None)


def propagate(clauses: Sequence[Clause], assignment: Sequence[Value], limit: int = 64) -> tuple[list[Value], list[tuple[int, Literal]], int | None]:
    """Unit propagation to a fixpoint: (assignment, the (clause, literal) chain, conflicting clause or None)."""
    a = list(assignment)
    chain: list[tuple[int, Literal]] = []
    for _ in range(limit):
        bad = conflict(clauses, a)
        if bad is not None:
            return a, chain, bad
        found = unit(clauses, a)
        if found is None:
            break
        chain.append(found)
        a[found[1][0]] = found[1][1]
    return a, chain, conflict(clauses, a)


def probe(clauses: Sequence[Clause], assignment: Sequence[Value], limit: int = 6) -> tuple[Literal, list[tuple[int, Literal]], int] | None:
    """A failed literal: supposing it, unit propagation (at most ``limit`` steps) reaches a conflict.
    Returns (the supposed literal, its chain, the broken clause); the opposite literal is then forced."""
    for var in (i for i, v in enumerate(assignment) if v is None):
        for value in (True, False):
            a = list(assignment)
            a[var] = value
            after, chain, bad = propagate(clauses, a, limit)
            if bad is not None:
                return (var, value), chain, bad
    return None


def decide(clauses: Sequence[Clause], n: int) -> str:
    """How unit propagation plus probing, repeated, ends from nothing known: "sat" (every clause
    true), "unsat" (a conflict with nothing assumed) or "open" (a case split would be needed)."""
    a: list[Value] = [None] * n
    while True:
        a, _, bad = propagate(clauses, a)
        if bad is not None:
            return "unsat"
        if all(clause_value(c, a) for c in clauses):
            return "sat"
        failed = probe(clauses, a)
        if failed is None:
            return "open"
        (var, value), _, _ = failed
        a[var] = not value


# --- text and payload ---------------------------------------------------------------------


def lit_text(var: int, positive: bool, names: tuple[str, ...] = NAMES) -> str:
    return names[var] if positive else f"not {names[var]}"


def clause_text(clause: Clause, names: tuple[str, ...] = NAMES) -> str:
    return " or ".join(lit_text(v, s, names) for v, s in clause)


def model_text(model: tuple[bool, ...], names: tuple[str, ...] = NAMES) -> str:
    return ", ".join(f"{names[i]} = {'true' if b else 'false'}" for i, b in enumerate(model))


def solving_clauses(data: dict) -> list[Clause]:
    """Premises, plus the negated conclusion as unit clauses for an entailment question."""
    clauses = [tuple((int(v), bool(s)) for v, s in c) for c in data["clauses"]]
    if data["kind"] == "entail":
        clauses += [((int(v), not bool(s)),) for v, s in data["conclusion"]]
    return clauses
