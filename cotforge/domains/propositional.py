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
from functools import lru_cache

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
    """Every full assignment (extending ``partial``) that satisfies every clause, by truth table, in the table's order
    (the open variables as binary digits, the first the most significant, False before True).

    The table is evaluated a column at a time: row ``r`` of the table is bit ``r`` of an integer, a literal of an open
    variable is the integer of the rows where it is true, a clause the OR of its literals', the formula the AND of its
    clauses' (``tests/domains/test_propositional_models.py`` holds it to the row-by-row table)."""
    partial = list(partial) if partial is not None else [None] * n
    free = [i for i, v in enumerate(partial) if v is None]
    k = len(free)
    every = (1 << (1 << k)) - 1
    column = {v: _column(k, j) for j, v in enumerate(free)}
    places = range(len(partial))
    holds = every
    for clause in clauses:
        rows = 0
        for var, positive in clause:
            var = places[var]  # as a list reads it: a negative index from the end, one out of range an IndexError
            fixed = partial[var]
            if fixed is None:
                rows |= column[var] if positive else every ^ column[var]
            elif fixed == positive:
                rows = every
        holds &= rows
        if not holds:
            return
    while holds:
        low = holds & -holds
        holds ^= low
        r = low.bit_length() - 1
        full = list(partial)
        for j, v in enumerate(free):
            full[v] = bool(r >> (k - 1 - j) & 1)
        yield tuple(bool(v) for v in full)


@lru_cache(maxsize=256)
def _column(k: int, j: int) -> int:
    """The rows of a ``k``-variable truth table where open variable ``j`` is true (bit ``k - 1 - j`` of the row)."""
    return sum(1 << r for r in range(1 << k) if r >> (k - 1 - j) & 1)


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


def unit_reasons(why: Sequence[frozenset[int]], clauses: Sequence[Clause], i: int, var: int) -> frozenset[int]:
    """The clauses a literal forced by clause ``i`` rests on: ``i`` and what fixed its other variables."""
    out = {i}
    for v, _ in clauses[i]:
        if v != var:
            out |= why[v]
    return frozenset(out)


def probe_reasons(why: Sequence[frozenset[int]], clauses: Sequence[Clause], chain: Sequence[tuple[int, Literal]],
                  broken: int) -> frozenset[int]:
    """The clauses a failed supposition's refutation rests on: its chain, the broken clause, and
    what fixed the variables they mention before the supposition."""
    used = {i for i, _ in chain} | {broken}
    out = set(used)
    for i in used:
        for v, _ in clauses[i]:
            out |= why[v]
    return frozenset(out)


def refute(clauses: Sequence[Clause], n: int) -> list[int] | None:
    """The clauses (0-based) a refutation by unit propagation and probing uses, in the order
    :func:`decide` finds it; None when that refutation does not end in a clash."""
    a: list[Value] = [None] * n
    why: list[frozenset[int]] = [frozenset()] * n
    while True:
        bad = conflict(clauses, a)
        if bad is not None:
            return sorted(unit_reasons(why, clauses, bad, -1))
        found = unit(clauses, a)
        if found is not None:
            i, (var, val) = found
            why[var] = unit_reasons(why, clauses, i, var)
            a[var] = val
            continue
        if all(clause_value(c, a) for c in clauses):
            return None
        failed = probe(clauses, a)
        if failed is None:
            return None
        (var, value), chain, broken = failed
        why[var] = probe_reasons(why, clauses, chain, broken)
        a[var] = not value


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


# --- cores: the statements a refutation needs -----------------------------------------------


def satisfiable(clauses: Sequence[Clause], n: int) -> bool:
    return next(models(clauses, n), None) is not None


def irreducible(clauses: Sequence[Clause], n: int, subset: Sequence[int], always: Sequence[Clause] = ()) -> bool:
    """True when the clauses numbered ``subset`` (0-based), with ``always`` added, cannot all hold,
    and dropping any one of them leaves clauses that can (a minimal unsatisfiable set)."""
    chosen = [clauses[i] for i in subset]
    if satisfiable(chosen + list(always), n):
        return False
    return all(satisfiable([c for j, c in zip(subset, chosen) if j != i] + list(always), n) for i in subset)


def shrink(clauses: Sequence[Clause], n: int, subset: Sequence[int], always: Sequence[Clause] = ()) -> list[int]:
    """An irreducible part of an unsatisfiable ``subset``: drop each clause the rest do without."""
    kept = sorted(subset)
    for i in list(kept):
        rest = [j for j in kept if j != i]
        if not satisfiable([clauses[j] for j in rest] + list(always), n):
            kept = rest
    return kept


def smallest_core(data: dict) -> list[int]:
    """The fewest statements (premises, for entailment; 0-based) that already cannot all hold (with
    the conclusion denied), by trying subsets smallest first; [] when every statement can hold."""
    premises = [tuple((int(v), bool(s)) for v, s in c) for c in data["clauses"]]
    always = solving_clauses(data)[len(premises):]
    n = len(data["vars"])
    for size in range(0 if always else 1, len(premises) + 1):
        for subset in itertools.combinations(range(len(premises)), size):
            if not satisfiable([premises[i] for i in subset] + always, n):
                return list(subset)
    return []


def check_core(data: dict, numbers: Sequence[int]) -> str | None:
    """None when the statements (premises) numbered ``numbers`` (1-based, as the question numbers
    them) cannot all hold (with the conclusion denied) and each of them is needed; else why not.

    What an answer "unsatisfiable: statements 1, 3 and 4 cannot all be true" or "entailed: it
    follows from premises 2 and 3" must name (the payload's ``explain`` is ``"core"``)."""
    premises = [tuple((int(v), bool(s)) for v, s in c) for c in data["clauses"]]
    always = solving_clauses(data)[len(premises):]
    n = len(data["vars"])
    if not numbers or len(set(numbers)) != len(numbers) or any(not 1 <= k <= len(premises) for k in numbers):
        return f"the statements named must be distinct numbers from 1 to {len(premises)}"
    subset = [k - 1 for k in numbers]
    if satisfiable([premises[i] for i in subset] + always, n):
        what = "with the conclusion false" if always else "together"
        return f"statements {', '.join(map(str, sorted(numbers)))} can all be true {what}"
    for i in subset:
        if not satisfiable([premises[j] for j in subset if j != i] + always, n):
            return f"statement {i + 1} is not needed: the others named already clash without it"
    return None


def numbers_text(numbers: Sequence[int]) -> str:
    """"1, 3 and 4" (1-based numbers, ascending)."""
    words = [str(k) for k in sorted(numbers)]
    if not words:
        return ""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
