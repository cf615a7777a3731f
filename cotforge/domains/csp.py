"""Finite-domain constraint puzzles (sudoku, futoshiki, zebra, seating): data, meaning, a complete solver.

Variables take small integer values; a set of candidates is a bitmask (bit v set = value v possible).
A constraint is an all-different group, a binary relation, or a unary set of allowed values, each
with the label a step cites ("row 3", "clue 4"). The solver here counts solutions for generators
(stopping at a limit: 2 proves uniqueness) and decides, for verifiers, whether a step follows from
the constraints it cites. It compiles a set of constraints once (peers of each variable, groups,
support tables of relations; shared by every puzzle of one shape) and narrows lists of bitmasks in
place: settled values struck from peers, arc consistency, hidden singles, optionally naked pairs and
locked candidates, then backtracking on a variable with fewest candidates. A step is settled by
that sound propagation where it can be, by a complete search for each candidate it leaves.
Step spaces use human-style rules.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count
from operator import ne
from typing import Any

from cotforge.domains.csp_rules import GroupOverlaps, locked, lone_values, naked_pairs, revise, value_bits

RELATIONS: dict[str, Callable[[int, int, int], bool]] = {
    "eq": lambda a, b, k: a == b,
    "ne": lambda a, b, k: a != b,
    "lt": lambda a, b, k: a < b,
    "off": lambda a, b, k: b == a + k,  # y is exactly k after x
    "next": lambda a, b, k: abs(a - b) == 1,
    "nnext": lambda a, b, k: abs(a - b) != 1,
    "cnext": lambda a, b, k: (a - b) % k in (1, k - 1),  # neighbours round a table of k seats
    "cw": lambda a, b, k: (b - a) % k == 1,  # y directly clockwise of x round a table of k seats
}
"""Binary relations by name: ``holds(value_x, value_y, arg)``. Data names them; nothing is eval'd."""


@dataclass(frozen=True, slots=True)
class Constraint:
    kind: str
    """"alldiff", "rel" or "in"."""
    vars: tuple[int, ...]
    op: str = ""
    """Relation name (see RELATIONS) for "rel"."""
    allowed: int = 0
    """Mask of allowed values for "in"."""
    arg: int = 0
    """Relation parameter (offset for "off", seats for "cnext" and "cw")."""
    label: str = ""
    """How a step cites it: "row 3", "clue 4"."""
    text: str = ""
    """The clue in words, when it has any."""

    def holds(self, values: Sequence[int]) -> bool:
        """Truth on a full assignment."""
        if self.kind == "alldiff":
            picked = [values[v] for v in self.vars]
            return len(set(picked)) == len(picked)
        if self.kind == "in":
            return bool(self.allowed >> values[self.vars[0]] & 1)
        x, y = self.vars
        return RELATIONS[self.op](values[x], values[y], self.arg)


@dataclass(frozen=True, slots=True)
class Csp:
    """Variables, their starting candidates, the constraints, and how to show things."""

    var_names: tuple[str, ...]
    value_names: tuple[str, ...]
    domains: tuple[int, ...]
    constraints: tuple[Constraint, ...]
    layout: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    """How answers look: {"kind": "grid", "size": n} or {"kind": "houses", "attributes": [...]}."""
    watch: tuple[tuple[int, ...], ...] = field(init=False, repr=False, compare=False)
    """Per variable, the constraints that mention it."""
    perm_union: tuple[int, ...] = field(init=False, repr=False, compare=False)
    """Per constraint, for a permutation group the values it must use, else 0."""
    nets: dict[Any, Any] = field(init=False, repr=False, compare=False, default_factory=dict)
    """Compiled constraint sets for propagation, by the constraints chosen (filled on first use)."""

    def __post_init__(self) -> None:
        n, m = len(self.var_names), len(self.value_names)
        if len(self.domains) != n:
            raise ValueError("one domain per variable needed")
        for c in self.constraints:
            if c.kind not in ("alldiff", "rel", "in") or any(not 0 <= v < n for v in c.vars):
                raise ValueError(f"bad constraint {c!r}")
            if c.kind == "rel" and (c.op not in RELATIONS or len(c.vars) != 2):
                raise ValueError(f"bad relation {c!r}")
        if any(d >> m for d in self.domains):
            raise ValueError(f"domains must use values 0..{m - 1}")
        watch: list[list[int]] = [[] for _ in range(n)]
        unions = []
        for i, c in enumerate(self.constraints):
            for v in c.vars:
                watch[v].append(i)
            union = 0
            for v in c.vars:
                union |= self.domains[v]
            unions.append(union if c.kind == "alldiff" and popcount(union) == len(c.vars) else 0)
        object.__setattr__(self, "watch", tuple(tuple(w) for w in watch))
        object.__setattr__(self, "perm_union", tuple(unions))

    @property
    def full(self) -> int:
        return (1 << len(self.value_names)) - 1

    def groups_of(self, var: int) -> list[int]:
        """Indices of the all-different groups that contain ``var``."""
        return [i for i, c in enumerate(self.constraints) if c.kind == "alldiff" and var in c.vars]

    def is_permutation(self, ci: int) -> bool:
        """An all-different group that must use every value its members can take (as a sudoku row)."""
        return bool(self.perm_union[ci])

    def violated(self, values: Sequence[int]) -> list[int]:
        """Constraints a full assignment breaks, including values outside starting candidates (givens)."""
        bad = [i for i, c in enumerate(self.constraints) if not c.holds(values)]
        if any(not self.domains[v] >> x & 1 for v, x in enumerate(values)):
            bad.append(-1)
        return bad

    def payload(self) -> dict[str, Any]:
        return {
            "vars": list(self.var_names),
            "values": list(self.value_names),
            "domains": [bits(d) for d in self.domains],
            "constraints": [_constraint_json(c) for c in self.constraints],
            "layout": self.layout,
        }

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> Csp:
        """Decode a task payload; raises ValueError (or KeyError/TypeError) when malformed."""
        cons = tuple(
            Constraint(
                kind=str(c["kind"]), vars=tuple(int(v) for v in c["vars"]), op=str(c.get("op", "")),
                allowed=mask(c.get("allowed", ())), arg=int(c.get("arg", 0)),
                label=str(c.get("label", "")), text=str(c.get("text", "")),
            )
            for c in data["constraints"]
        )  # fmt: skip
        return cls(
            tuple(str(v) for v in data["vars"]),
            tuple(str(v) for v in data["values"]),
            tuple(mask(d) for d in data["domains"]),
            cons,
            dict(data.get("layout", {})),
        )


@lru_cache(maxsize=64)
def csp_from_json(payload: str) -> Csp:
    """The puzzle of a task's JSON payload, parsed once and shared (with its compiled constraint
    sets) by the step space and the verifiers that see the same problem."""
    return Csp.from_payload(json.loads(payload))


def _constraint_json(c: Constraint) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": c.kind, "vars": list(c.vars), "label": c.label}
    if c.kind == "rel":
        out.update(op=c.op, arg=c.arg)
    if c.kind == "in":
        out["allowed"] = bits(c.allowed)
    if c.text:
        out["text"] = c.text
    return out


def popcount(m: int) -> int:
    return m.bit_count()


def bits(m: int) -> list[int]:
    """The values in a mask, ascending."""
    return list(value_bits(m)) if m >= 0 else []


def mask(values: Iterable[int]) -> int:
    out = 0
    for v in values:
        out |= 1 << int(v)
    return out


def single(m: int) -> int | None:
    """The one value of a singleton mask, else None."""
    return m.bit_length() - 1 if m and not m & (m - 1) else None


def initial_candidates(csp: Csp) -> tuple[int, ...]:
    """The starting candidates with each given (a one-value domain) struck from its groups: the
    pencil marks a solver starts from, before any step."""
    d = list(csp.domains)
    peers = _net(csp, None).peers
    for v, m in enumerate(csp.domains):
        if m and not m & (m - 1):
            for w in peers[v]:
                d[w] &= ~m
    return tuple(d)


def render_answer(csp: Csp, values: Sequence[int]) -> str:
    """The canonical answer text for a full assignment, by the puzzle's layout."""
    layout = csp.layout
    kind = layout.get("kind")
    if kind == "grid":
        n = int(layout["size"])
        return "\n".join(" ".join(csp.value_names[values[r * n + c]] for c in range(n)) for r in range(n))
    if kind == "houses":
        lines = []
        for p, place in enumerate(csp.value_names):
            items = [name for attr in layout["attributes"] for v, name in zip(attr["vars"], attr["values"]) if values[v] == p]
            lines.append(f"{place[:1].upper() + place[1:]}: {', '.join(items)}")
        return "\n".join(lines)
    if kind == "order":
        who = {x: csp.var_names[v] for v, x in enumerate(values)}
        return "\n".join(f"{place[:1].upper() + place[1:]}: {who[p]}" for p, place in enumerate(csp.value_names))
    return "\n".join(f"{csp.var_names[v]}: {csp.value_names[x]}" for v, x in enumerate(values))



# --- the complete solver ------------------------------------------------------------------
#
# Propagation works on a _Net: the chosen constraints compiled once per puzzle into peer lists
# (variables sharing an all-different group), permutation groups, unary masks and support tables
# for binary relations. Domains are plain lists of bitmasks narrowed in place.

_bits = value_bits


_SUPPORT: dict[tuple[str, int, int], tuple[tuple[int, ...], tuple[int, ...]]] = {}


def support(op: str, arg: int, m: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """For relation ``op`` over values 0..m-1: per x value the y values it fits, and per y the x values."""
    key = (op, arg, m)
    if key not in _SUPPORT:
        rel = RELATIONS[op]
        _SUPPORT[key] = (
            tuple(mask(b for b in range(m) if rel(a, b, arg)) for a in range(m)),
            tuple(mask(a for a in range(m) if rel(a, b, arg)) for b in range(m)),
        )
    return _SUPPORT[key]


class _Net:
    """The constraints ``cons`` of one puzzle, compiled for propagation."""

    __slots__ = ("scope", "peers", "perms", "perms_of", "groups", "unary", "rels_of", "rels", "overlaps")

    def __init__(self, csp: Csp, cons: Sequence[int]) -> None:
        n, m = len(csp.var_names), len(csp.value_names)
        peers: dict[int, set[int]] = {}
        rels_of: dict[int, list[int]] = {}
        perms_of: dict[int, list[int]] = {}
        self.perms: list[tuple[tuple[int, ...], int]] = []
        self.groups: list[tuple[int, ...]] = []
        self.unary: list[tuple[int, int]] = []
        self.rels: list[tuple[int, int, tuple[int, ...], tuple[int, ...]]] = []
        scope: set[int] = set()
        for ci in cons:
            c = csp.constraints[ci]
            scope.update(c.vars)
            if c.kind == "alldiff":
                self.groups.append(c.vars)
                for v in c.vars:
                    peers.setdefault(v, set()).update(c.vars)
                if csp.perm_union[ci]:
                    for v in c.vars:
                        perms_of.setdefault(v, []).append(len(self.perms))
                    self.perms.append((c.vars, csp.perm_union[ci]))
            elif c.kind == "in":
                self.unary.append((c.vars[0], c.allowed))
            else:
                x, y = c.vars
                sx, sy = support(c.op, c.arg, m)
                rels_of.setdefault(x, []).append(len(self.rels))
                rels_of.setdefault(y, []).append(len(self.rels))
                self.rels.append((x, y, sx, sy))
        self.scope = tuple(sorted(scope))
        empty: tuple[int, ...] = ()
        self.peers = [empty] * n
        for v, p in peers.items():
            p.discard(v)
            self.peers[v] = tuple(sorted(p))
        self.rels_of = [empty] * n
        for v, r in rels_of.items():
            self.rels_of[v] = tuple(r)
        self.perms_of = [empty] * n
        for v, g in perms_of.items():
            self.perms_of[v] = tuple(g)
        self.overlaps: GroupOverlaps | None = None
        """Overlapping permutation groups, for locked candidates (found on first use)."""


_SHARED: dict[tuple[Any, ...], _Net] = {}
"""Compiled constraint sets by content: puzzles of one shape (every 9x9 sudoku) share their rows,
columns and boxes, so a set cited by a step is compiled once for all of them."""


def _net(csp: Csp, cons: Sequence[int] | None) -> _Net:
    key = None if cons is None else tuple(cons)
    nets = csp.nets
    net = nets.get(key)
    if net is None:
        chosen = range(len(csp.constraints)) if key is None else key
        content = (len(csp.var_names), len(csp.value_names), tuple(csp.constraints[ci] for ci in chosen),
                   tuple(csp.perm_union[ci] for ci in chosen))  # fmt: skip
        net = _SHARED.get(content)
        if net is None:
            if len(_SHARED) > 20_000:
                _SHARED.clear()
            net = _SHARED[content] = _Net(csp, chosen)
        if len(nets) > 4096:
            nets.clear()  # a long-lived puzzle asked about many constraint subsets
        nets[key] = net
    return net


def _fixpoint(net: _Net, d: list[int], hidden: bool, pairs: bool, matching: bool, target: int = -1,
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
    peers, rels_of, rels, perms_of = net.peers, net.rels_of, net.rels, net.perms_of
    stale = bytearray(len(net.perms))  # groups with a member changed since their last scan
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
        stale = bytearray(b"\x01") * len(net.perms)  # one look at every group for the rules to come
    for v in dirty:
        queued[v] = 1
    while True:
        while dirty:
            v = dirty.pop()
            queued[v] = 0
            for g in perms_of[v]:
                stale[g] = 1
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
                x, y, sx, sy = rels[r]
                dx, dy = d[x], d[y]
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
        for gi, (group, union) in enumerate(net.perms):
            if not stale[gi]:
                continue
            stale[gi] = 0
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


def _locked(net: _Net, d: list[int], dirty: list[int], queued: bytearray) -> bool:
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


def _naked_pairs(net: _Net, d: list[int], dirty: list[int], queued: bytearray) -> bool:
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
        for x in _bits(doms[v]):
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
    return d if _fixpoint(_net(csp, cons), d, hidden, pairs, matching, -1, done) else None


def solve(csp: Csp, doms: Sequence[int] | None = None, limit: int = 2, cons: Sequence[int] | None = None) -> list[tuple[int, ...]]:
    """Up to ``limit`` solutions within ``doms`` of the constraints ``cons`` (default: all).

    Propagation (singles, hidden singles, arc consistency) then a split on an open variable
    with fewest candidates; it stops as soon as ``limit`` solutions are found. Variables no
    chosen constraint mentions are left as given (their lowest candidate is reported).
    """
    net = _net(csp, cons)
    checks = list(csp.constraints) if cons is None else [csp.constraints[ci] for ci in cons]
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
        for x in _bits(d[best]):
            e = d.copy()
            e[best] = 1 << x
            rec(e)
            if len(out) >= limit:
                return

    rec(list(doms if doms is not None else csp.domains))
    return out


def settles(csp: Csp, doms: Sequence[int], var: int, hidden: bool = True, pairs: bool = False,
            struck: int = 0, out: list[int] | None = None) -> bool:  # fmt: skip
    """Whether propagation from ``doms`` (singles and arc consistency; ``hidden`` singles, naked
    ``pairs``) settles ``var``; it stops there, so a contradiction found later goes unseen.
    ``struck``: bitmask of variables already propagated from (see ``_fixpoint``).
    ``out`` receives the domains reached (the whole fixpoint when ``var`` stays open)."""
    d = list(doms)
    ok = _fixpoint(_net(csp, None), d, hidden, pairs, False, var, struck)
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
        for x in _bits(m & ~a):
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
