"""Finite-domain constraint puzzles (sudoku, futoshiki, zebra, seating): data, meaning, compiled constraints.

Variables take small integer values; a set of candidates is a bitmask (bit v set = value v possible).
A constraint is an all-different group, a binary relation, or a unary set of allowed values, each
with the label a step cites ("row 3", "clue 4"). A set of constraints is compiled once (``Net``: peers
of each variable, groups, support tables of relations; shared by every puzzle of one shape) for the
complete solver (``domains.csp_solve``: counting solutions for generators, deciding for verifiers
whether a step follows from the constraints it cites). Step spaces use human-style rules.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from cotforge.domains.csp_rules import GroupOverlaps, value_bits

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
    peers = compiled(csp, None).peers
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


# --- compiled constraints -----------------------------------------------------------------
#
# Propagation (``csp_solve``) works on a Net: the chosen constraints compiled once per puzzle into peer
# lists (variables sharing an all-different group), permutation groups, unary masks and support tables
# for binary relations. Domains are plain lists of bitmasks narrowed in place.

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


Tables = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...] | None, tuple[int, ...] | None]
_TABLES: dict[tuple[str, int, int, bool], Tables] = {}
UNION_VALUES = 10
"""Relations over at most this many values get union tables (2**m entries each)."""


def relation_tables(op: str, arg: int, m: int, negated: bool = False) -> Tables:
    """A relation's tables for propagation: ``support``'s two (of the relation, or of its negation: the pairs it rules
    out), then per mask of x values the y values some value in it fits (``sx`` ORed over the mask), and per mask of y
    values the x values, so that arc consistency is two look-ups; those two are None past ``UNION_VALUES`` values."""
    key = (op, arg, m, negated)
    if key not in _TABLES:
        sx, sy = support(op, arg, m)
        if negated:
            full = (1 << m) - 1
            sx, sy = tuple(full & ~b for b in sx), tuple(full & ~a for a in sy)
        ux: tuple[int, ...] | None = None
        uy: tuple[int, ...] | None = None
        if m <= UNION_VALUES:
            fx, fy = [0] * (1 << m), [0] * (1 << m)
            for mask_ in range(1, 1 << m):
                low, rest = (mask_ & -mask_).bit_length() - 1, mask_ & (mask_ - 1)
                fx[mask_], fy[mask_] = fx[rest] | sx[low], fy[rest] | sy[low]
            ux, uy = tuple(fx), tuple(fy)
        _TABLES[key] = (sx, sy, ux, uy)
    return _TABLES[key]


class Net:
    """The constraints ``cons`` of one puzzle, compiled for propagation."""

    __slots__ = ("scope", "peers", "perms", "perm_bits", "groups", "unary", "rels_of", "rels", "overlaps")

    def __init__(self, csp: Csp, cons: Sequence[int]) -> None:
        n, m = len(csp.var_names), len(csp.value_names)
        peers: dict[int, set[int]] = {}
        rels_of: dict[int, list[int]] = {}
        self.perm_bits = [0] * n
        """Per variable, the permutation groups it is in, as a bitmask of their indices."""
        self.perms: list[tuple[tuple[int, ...], int]] = []
        self.groups: list[tuple[int, ...]] = []
        self.unary: list[tuple[int, int]] = []
        self.rels: list[tuple[int, int, *Tables]] = []
        """Per relation: x, y and ``relation_tables``."""
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
                        self.perm_bits[v] |= 1 << len(self.perms)
                    self.perms.append((c.vars, csp.perm_union[ci]))
            elif c.kind == "in":
                self.unary.append((c.vars[0], c.allowed))
            else:
                x, y = c.vars
                rels_of.setdefault(x, []).append(len(self.rels))
                rels_of.setdefault(y, []).append(len(self.rels))
                self.rels.append((x, y, *relation_tables(c.op, c.arg, m)))
        self.scope = tuple(sorted(scope))
        empty: tuple[int, ...] = ()
        self.peers = [empty] * n
        for v, p in peers.items():
            p.discard(v)
            self.peers[v] = tuple(sorted(p))
        self.rels_of = [empty] * n
        for v, r in rels_of.items():
            self.rels_of[v] = tuple(r)
        self.overlaps: GroupOverlaps | None = None
        """Overlapping permutation groups, for locked candidates (found on first use)."""

    def less(self, csp: Csp, ci: int) -> Net:
        """This net less one of its unary or binary constraints, ``ci`` of ``csp``: a relation left out of its two
        variables' lists (its entry stays in ``rels``, unread), a unary set out of ``unary``. Propagation reads the
        same constraints, in the same order, as over the net compiled afresh without it."""
        c = csp.constraints[ci]
        less = Net.__new__(Net)
        for part in Net.__slots__:
            setattr(less, part, getattr(self, part))
        if c.kind == "in":
            unary = list(self.unary)
            unary.remove((c.vars[0], c.allowed))
            less.unary = unary
        elif c.kind == "rel":
            x, y = c.vars
            entry = (x, y, *relation_tables(c.op, c.arg, len(csp.value_names)))
            r = next(r for r in self.rels_of[x] if self.rels[r] == entry)
            less.rels_of = list(self.rels_of)
            less.rels_of[x] = tuple(k for k in self.rels_of[x] if k != r)
            less.rels_of[y] = tuple(k for k in self.rels_of[y] if k != r)
        else:
            raise ValueError("a net is made less by a unary or binary constraint, not by an all-different group")
        if not all(any(v in g for g in self.groups) for v in c.vars):  # a variable it alone may have mentioned
            kept = {v for g in less.groups for v in g} | {v for v, _ in less.unary}
            kept |= {v for v, rs in enumerate(less.rels_of) if rs}
            less.scope = tuple(sorted(kept))
        return less

    def extended(self, csp: Csp, cons: Sequence[int], against: int | None = None) -> Net:
        """The net of this one's constraints followed by ``cons`` (unary and binary constraints of ``csp``, no
        all-different group), built by adding theirs to this one's parts: the same net as compiling the whole list
        again. Generators that ask about many clue lists over one base (``_clue_draws``) compile the base once.
        ``against``: one more constraint of ``csp``, added negated (the values, or pairs of values, it rules out)."""
        net = Net.__new__(Net)
        if self.overlaps is None and self.perms:
            self.overlaps = GroupOverlaps([g for g, _ in self.perms])  # the groups' overlaps, shared
        net.peers, net.perms, net.perm_bits, net.groups = self.peers, self.perms, self.perm_bits, self.groups
        net.overlaps = self.overlaps
        net.unary, net.rels, rels_of = list(self.unary), list(self.rels), list(self.rels_of)
        scope = set(self.scope)
        m = len(csp.value_names)
        full = (1 << m) - 1
        for ci, negated in [*((ci, False) for ci in cons), *(() if against is None else ((against, True),))]:
            c = csp.constraints[ci]
            scope.update(c.vars)
            if c.kind == "alldiff":
                raise ValueError("a net is extended by unary and binary constraints, not by an all-different group")
            if c.kind == "in":
                net.unary.append((c.vars[0], full & ~c.allowed if negated else c.allowed))
            else:
                x, y = c.vars
                rels_of[x] += (len(net.rels),)
                rels_of[y] += (len(net.rels),)
                net.rels.append((x, y, *relation_tables(c.op, c.arg, m, negated)))
        net.rels_of = rels_of
        net.scope = tuple(sorted(scope))
        return net


_SHARED: dict[tuple[Any, ...], Net] = {}
"""Compiled constraint sets by content: puzzles of one shape (every 9x9 sudoku) share their rows,
columns and boxes, so a set cited by a step is compiled once for all of them."""


def compiled(csp: Csp, cons: Sequence[int] | None) -> Net:
    """The net of ``cons`` (default: every constraint), remembered per puzzle. All-different groups followed by
    relations and unary sets (a futoshiki's rows and columns, then some of its signs) are the groups' net extended by
    the rest: the groups are compiled once, and shared by content with every puzzle of the same shape."""
    key = None if cons is None else tuple(cons)
    nets = csp.nets
    net = nets.get(key)
    if net is None:
        chosen = range(len(csp.constraints)) if key is None else key
        constraints = csp.constraints
        groups = 0
        while groups < len(chosen) and constraints[chosen[groups]].kind == "alldiff":
            groups += 1
        if 0 < groups < len(chosen) and all(constraints[ci].kind != "alldiff" for ci in chosen[groups:]):
            net = compiled(csp, chosen[:groups]).extended(csp, chosen[groups:])
        else:
            content = (len(csp.var_names), len(csp.value_names), tuple(constraints[ci] for ci in chosen),
                       tuple(csp.perm_union[ci] for ci in chosen))  # fmt: skip
            net = _SHARED.get(content)
            if net is None:
                if len(_SHARED) > 20_000:
                    _SHARED.clear()
                net = _SHARED[content] = Net(csp, chosen)
        if len(nets) > 4096:
            nets.clear()  # a long-lived puzzle asked about many constraint subsets
        nets[key] = net
    return net


def compiled_less(csp: Csp, cons: Sequence[int], ci: int) -> list[int]:
    """``cons`` less the relation ``ci`` (one of them), its net made from ``cons``'s by leaving the relation out of its
    two variables' lists (the entry stays in ``rels``, unread) and remembered for ``compiled``: a dig that drops
    relations one at a time (futoshiki's signs) compiles nothing again. Propagation reads the same relations, in the
    same order, as over the net compiled afresh."""
    if csp.constraints[ci].kind != "rel" or ci not in cons:
        raise ValueError(f"constraint {ci} is not a relation among those chosen")
    less = compiled(csp, cons).less(csp, ci)
    rest = [k for k in cons if k != ci]
    if len(csp.nets) > 4096:
        csp.nets.clear()
    csp.nets[tuple(rest)] = less
    return rest
