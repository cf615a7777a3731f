"""The complete solver of finite-domain constraint puzzles (``domains.csp``): propagation to a fixpoint,
backtracking search, and whether a step follows from the constraints it cites.

Propagation narrows lists of bitmasks in place over a compiled constraint set (``csp.Net``): settled
values struck from peers, arc consistency, hidden singles, optionally naked pairs and locked candidates;
then backtracking on a variable with fewest candidates. ``solve`` counts solutions for generators
(stopping at a limit: 2 proves uniqueness); ``follows`` decides for verifiers whether a step follows from
the constraints it cites, by sound propagation where it can, else by a complete search per candidate.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, count
from operator import ne
from typing import Protocol

from cotforge.domains.csp import Csp, Net, compiled
from cotforge.domains.csp_rules import GroupOverlaps, locked, lone_values, naked_pairs, revise, value_bits


def _fixpoint(net: Net, d: list[int], hidden: bool, pairs: bool, matching: bool, target: int = -1,
              done: int = 0) -> bool:  # fmt: skip
    """Narrow ``d`` in place to the fixpoint of the rules; False on a contradiction.

    Rules: unary masks; a settled value struck from its peers; arc consistency on relations; a
    permutation group failing when a value has no place left, and (``hidden``) placing a value
    with one place left; (``pairs``) naked pairs and locked candidates; (``matching``) failing a
    group whose variables cannot take different values. All are sound, so the fixpoint does not
    depend on their order. With a ``target`` variable it returns True as soon as that variable is settled. ``done`` is a
    bitmask of settled variables whose value is already struck from their peers (work not to redo).
    """
    for v, allowed in net.unary:
        d[v] &= allowed
    if not all(d):
        return False
    peers, rels_of, rels, perm_bits, perms = net.peers, net.rels_of, net.rels, net.perm_bits, net.perms
    stale = 0  # bitmask of the groups with a member changed since their last scan
    struck = bytearray(len(d))
    queued = bytearray(len(d))
    dirty = list(net.scope)
    if done:
        dirty = []
        for v in net.scope:
            if not done >> v & 1:
                dirty.append(v)
            elif not d[v] & (d[v] - 1):
                struck[v] = 1
        stale = (1 << len(perms)) - 1  # one look at every group for the rules to come
    for v in dirty:
        queued[v] = 1
    while True:
        while dirty:
            v = dirty.pop()
            queued[v] = 0
            stale |= perm_bits[v]
            m = d[v]
            if not m & (m - 1) and not struck[v]:
                struck[v] = 1
                for p in peers[v]:
                    pm = d[p]
                    if pm & m:
                        pm ^= m
                        if not pm:
                            return False
                        d[p] = pm
                        if not queued[p]:
                            queued[p] = 1
                            dirty.append(p)
            for r in rels_of[v]:
                x, y, sx, sy, ux, uy = rels[r]
                dx, dy = d[x], d[y]
                if ux is not None:
                    nx = dx & uy[dy]  # type: ignore[index]
                    ny = dy & ux[nx]
                else:
                    nx, ny = revise(dx, dy, sx, sy)
                if not nx or not ny:
                    return False
                if nx != dx:
                    d[x] = nx
                    if not queued[x]:
                        queued[x] = 1
                        dirty.append(x)
                if ny != dy:
                    d[y] = ny
                    if not queued[y]:
                        queued[y] = 1
                        dirty.append(y)
        if target >= 0 and not d[target] & (d[target] - 1):
            return True
        todo, stale = stale, 0  # in index order, as the groups are listed
        while todo:
            low = todo & -todo
            todo ^= low
            group, union = perms[low.bit_length() - 1]
            once, lone = lone_values(group, d)
            if union & ~once:
                return False
            while hidden and lone:
                bit = lone & -lone
                lone ^= bit
                for v in group:
                    if d[v] & bit:
                        if d[v] != bit:
                            d[v] = bit
                            if not queued[v]:
                                queued[v] = 1
                                dirty.append(v)
                        break
        if dirty:
            continue
        if pairs and (_naked_pairs(net, d, dirty, queued) or _locked(net, d, dirty, queued)):
            continue
        break
    return not matching or all(_matchable(d, g) for g in net.groups)


def _locked(net: Net, d: list[int], dirty: list[int], queued: bytearray) -> bool:
    """One round of locked candidates (``csp_rules.locked``); True if anything changed."""
    if net.overlaps is None:
        net.overlaps = GroupOverlaps([g for g, _ in net.perms])
    changed = False
    for _, _, lone, victims in list(locked(net.overlaps, d)):
        for w in victims:
            if d[w] & lone:
                d[w] &= ~lone
                changed = True
                if not queued[w]:
                    queued[w] = 1
                    dirty.append(w)
    return changed


def _naked_pairs(net: Net, d: list[int], dirty: list[int], queued: bytearray) -> bool:
    """One round of naked pairs (``csp_rules.naked_pairs``); True if anything was removed."""
    changed = False
    for _, _, _, m, victims in naked_pairs(net.groups, d):
        for w in victims:
            if d[w] & m:
                d[w] &= ~m
                changed = True
                if not queued[w]:
                    queued[w] = 1
                    dirty.append(w)
    return changed


def _matchable(doms: Sequence[int], group: Sequence[int]) -> bool:
    """Whether the group's variables can take pairwise different values (Kuhn's matching)."""
    owner: dict[int, int] = {}

    def augment(v: int, seen: set[int]) -> bool:
        for x in value_bits(doms[v]):
            if x not in seen:
                seen.add(x)
                if x not in owner or augment(owner[x], seen):
                    owner[x] = v
                    return True
        return False

    union = 0
    for v in group:
        union |= doms[v]
    if union.bit_count() < len(group):
        return False
    return all(augment(v, set()) for v in group)


def propagate(csp: Csp, doms: Sequence[int], cons: Sequence[int] | None = None, hidden: bool = True,
              matching: bool = True, pairs: bool = False, done: int = 0) -> list[int] | None:  # fmt: skip
    """Domains narrowed to a fixpoint by the constraints ``cons`` (default: all); None when one
    empties (no solution).

    ``hidden`` places a value with one place left in a permutation group; ``matching`` also fails
    groups that cannot take different values; ``pairs`` adds naked pairs and locked candidates.
    Both ``hidden`` and ``matching`` off: naked singles and arc consistency only. ``done``: bitmask
    of variables ``doms`` has already propagated from (see ``_fixpoint``), as in a fixpoint.
    """
    d = list(doms)
    return d if _fixpoint(compiled(csp, cons), d, hidden, pairs, matching, -1, done) else None


def solve(csp: Csp, doms: Sequence[int] | None = None, limit: int = 2, cons: Sequence[int] | None = None) -> list[tuple[int, ...]]:
    """Up to ``limit`` solutions within ``doms`` of the constraints ``cons`` (default: all).

    Propagation (singles, hidden singles, arc consistency) then a split on an open variable
    with fewest candidates; it stops as soon as ``limit`` solutions are found. Variables no
    chosen constraint mentions are left as given (their lowest candidate is reported).
    """
    checks = list(csp.constraints) if cons is None else [csp.constraints[ci] for ci in cons]
    return solve_net(compiled(csp, cons), checks, doms if doms is not None else csp.domains, limit)


class Check(Protocol):
    def holds(self, values: Sequence[int]) -> bool: ...


def solve_net(net: Net, checks: Sequence[Check], doms: Sequence[int], limit: int = 2) -> list[tuple[int, ...]]:
    """``solve`` over a net compiled by the caller; a full assignment it reaches is a solution if every one of
    ``checks`` (the net's constraints, as ``Constraint.holds``) holds of it."""
    scope = net.scope
    out: list[tuple[int, ...]] = []

    def rec(d: list[int]) -> None:
        if not _fixpoint(net, d, True, False, False):
            return
        best, fewest = -1, 1 << 30
        for v in scope:
            k = d[v].bit_count()
            if 1 < k < fewest:
                best, fewest = v, k
                if k == 2:
                    break
        if best < 0:
            values = tuple((m & -m).bit_length() - 1 for m in d)
            if all(c.holds(values) for c in checks):
                out.append(values)
            return
        for x in value_bits(d[best]):
            e = d.copy()
            e[best] = 1 << x
            rec(e)
            if len(out) >= limit:
                return

    rec(list(doms))
    return out


def settles(csp: Csp, doms: Sequence[int], var: int, hidden: bool = True, pairs: bool = False,
            struck: int = 0, out: list[int] | None = None) -> bool:  # fmt: skip
    """Whether propagation from ``doms`` (singles and arc consistency; ``hidden`` singles, naked
    ``pairs``) settles ``var``; it stops there, so a contradiction found later goes unseen.
    ``struck``: bitmask of variables already propagated from (see ``_fixpoint``).
    ``out`` receives the domains reached (the whole fixpoint when ``var`` stays open)."""
    d = list(doms)
    ok = _fixpoint(compiled(csp, None), d, hidden, pairs, False, var, struck)
    if out is not None:
        out[:] = d if ok else []
    return ok and not d[var] & (d[var] - 1)


def count_solutions(csp: Csp, doms: Sequence[int] | None = None, limit: int = 2) -> int:
    """How many solutions, counting no further than ``limit`` (a uniqueness check: limit 2)."""
    return len(solve(csp, doms, limit))


def follows(csp: Csp, before: Sequence[int], after: Sequence[int], cons: Sequence[int]) -> bool:
    """True when narrowing ``before`` to ``after`` is forced by the constraints ``cons`` alone:
    no candidate removed can be part of any assignment (within ``before``) satisfying them.

    Sound propagation over ``cons`` settles most steps at once (every removed candidate is one it
    removes too); a complete search decides each candidate it leaves."""
    cons = list(cons)
    known = _local(csp, before, after, cons)
    if known is not None:
        return known
    if any(a & ~b for a, b in zip(after, before)):
        return False
    d = propagate(csp, before, cons, matching=False, pairs=True)
    if d is None:
        return True  # the cited constraints already rule out everything: any narrowing follows
    for v, (m, a) in enumerate(zip(d, after)):
        for x in value_bits(m & ~a):
            trial = d.copy()
            trial[v] = 1 << x
            if solve(csp, trial, 1, cons):
                return False
    return True


def _local(csp: Csp, before: Sequence[int], after: Sequence[int], cons: Sequence[int]) -> bool | None:
    """Whether every candidate ``after`` drops from ``before`` goes by one local rule of the cited
    all-different groups: a settled value (one candidate left, or a value with one place left in
    a permutation group) struck from its group-mates or the other candidates of its cell, a naked
    pair cleared from the rest of its group, or locked candidates. Each rule is sound, so True
    means the narrowing follows (a step naming its rule is settled here without propagation);
    False: ``after`` adds a candidate, so it is no narrowing; None: the general check decides."""
    groups = [ci for ci in cons if csp.constraints[ci].kind == "alldiff"]
    if not groups:
        return None
    settled: dict[int, int] = {}
    for ci in groups:
        members = csp.constraints[ci].vars
        once = twice = 0
        for u in members:
            m = before[u]
            if m and not m & (m - 1):
                settled[u] = m
            twice |= once & m
            once |= m
        lone = once & ~twice & csp.perm_union[ci]
        while lone:
            bit = lone & -lone
            lone ^= bit
            for u in members:
                if before[u] & bit:
                    if settled.setdefault(u, bit) != bit:
                        return None  # two values forced on one cell: leave it to the general check
                    break
    for v in compress(count(), map(ne, before, after)):
        b, a = before[v], after[v]
        if a & ~b:
            return False
        removed = b & ~a
        if v in settled:
            removed &= settled[v]
        watch = csp.watch[v]
        homes = [ci for ci in groups if ci in watch]
        for ci in homes:  # a value settled elsewhere in one of v's groups
            for u in csp.constraints[ci].vars:
                if u != v and u in settled:
                    removed &= ~settled[u]
        for ci in homes if removed else ():  # a naked pair elsewhere in the group
            twos: set[int] = set()
            for u in csp.constraints[ci].vars:
                m = before[u]
                if u != v and m.bit_count() == 2:
                    if m in twos:
                        removed &= ~m
                    twos.add(m)
        for ci in homes if removed else ():  # locked: in group cj, the value's places all lie inside ci
            if not csp.perm_union[ci]:
                continue
            inside = set(csp.constraints[ci].vars)
            for cj in groups:
                if cj != ci and csp.perm_union[cj] and cj not in watch:
                    outside = 0
                    for u in csp.constraints[cj].vars:
                        if u not in inside:
                            outside |= before[u]
                    removed &= outside | ~csp.perm_union[cj]
        if removed:
            return None
    return True
