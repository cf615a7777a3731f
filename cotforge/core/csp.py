"""Finite-domain constraint puzzles (sudoku, futoshiki, zebra, seating): data, meaning, a complete solver.

Variables take small integer values; a set of candidates is a bitmask (bit v set = value v possible).
A constraint is an all-different group, a binary relation, or a unary set of allowed values, each
with the label a step cites ("row 3", "clue 4"). The complete solver here (propagation + backtracking,
with a matching check on all-different groups) counts solutions for generators and decides, for
verifiers, whether a step follows from the constraints it cites. Step spaces use human-style rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

RELATIONS: dict[str, Callable[[int, int, int], bool]] = {
    "eq": lambda a, b, k: a == b,
    "ne": lambda a, b, k: a != b,
    "lt": lambda a, b, k: a < b,
    "off": lambda a, b, k: b == a + k,  # y is exactly k after x
    "next": lambda a, b, k: abs(a - b) == 1,
    "nnext": lambda a, b, k: abs(a - b) != 1,
    "cnext": lambda a, b, k: (a - b) % k in (1, k - 1),  # neighbours round a table of k seats
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
    """Relation parameter (offset for "off", seats for "cnext")."""
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
    def from_payload(cls, data: Mapping[str, Any]) -> "Csp":
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
    return bin(m).count("1")


def bits(m: int) -> list[int]:
    """The values in a mask, ascending."""
    return [i for i in range(m.bit_length()) if m >> i & 1]


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
    for v, m in enumerate(csp.domains):
        x = single(m)
        if x is not None:
            for g in csp.groups_of(v):
                for w in csp.constraints[g].vars:
                    if w != v:
                        d[w] &= ~(1 << x)
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


def _matchable(doms: Sequence[int], group: Sequence[int]) -> bool:
    """Whether the group's variables can take pairwise different values (Kuhn's matching)."""
    owner: dict[int, int] = {}

    def augment(v: int, seen: set[int]) -> bool:
        for x in bits(doms[v]):
            if x not in seen:
                seen.add(x)
                if x not in owner or augment(owner[x], seen):
                    owner[x] = v
                    return True
        return False

    return all(augment(v, set()) for v in group)


def propagate(csp: Csp, doms: Sequence[int], cons: Sequence[int], hidden: bool = True, matching: bool = True) -> list[int] | None:
    """Domains narrowed to a fixpoint by the constraints ``cons``; None when one empties (no solution).

    ``hidden`` places a value with one place left in a permutation group; ``matching`` also fails
    groups that cannot take different values. Both off: naked singles and arc consistency only.
    A worklist revisits only the constraints on variables that changed.
    """
    d = list(doms)
    if not all(d):
        return None
    active = set(cons)
    queue = list(dict.fromkeys(cons))
    waiting = set(queue)
    watch = csp.watch
    while queue:
        ci = queue.pop()
        waiting.discard(ci)
        c = csp.constraints[ci]
        before = [d[v] for v in c.vars]
        if c.kind == "in":
            d[c.vars[0]] &= c.allowed
        elif c.kind == "rel":
            x, y = c.vars
            rel = RELATIONS[c.op]
            d[x] = mask(a for a in bits(d[x]) if any(rel(a, b, c.arg) for b in bits(d[y])))
            d[y] = mask(b for b in bits(d[y]) if any(rel(a, b, c.arg) for a in bits(d[x])))
        elif not _alldiff(csp, ci, d, hidden, matching):
            return None
        for v, b in zip(c.vars, before):
            if d[v] != b:
                if not d[v]:
                    return None
                for cj in watch[v]:
                    if cj in active and cj not in waiting:
                        queue.append(cj)
                        waiting.add(cj)
    return d


def _alldiff(csp: Csp, ci: int, d: list[int], hidden: bool, matching: bool) -> bool:
    """One pass over a group: strike singletons' values, place hidden singles, detect failure."""
    group = csp.constraints[ci].vars
    fixed = 0
    for v in group:
        m = d[v]
        if not m & (m - 1):
            if fixed & m:
                return False
            fixed |= m
    if fixed:
        for v in group:
            m = d[v]
            if m & (m - 1):
                d[v] = m = m & ~fixed
                if not m:
                    return False
    union = csp.perm_union[ci]
    if union:
        once = twice = 0
        for v in group:
            twice |= once & d[v]
            once |= d[v]
        if union & ~once:
            return False
        lone = once & ~twice & ~fixed
        while lone and hidden:
            bit = lone & -lone
            lone ^= bit
            for v in group:
                if d[v] & bit:
                    d[v] = bit
                    break
    return not matching or _matchable(d, group)


def solve(csp: Csp, doms: Sequence[int] | None = None, limit: int = 2, cons: Sequence[int] | None = None) -> list[tuple[int, ...]]:
    """Up to ``limit`` solutions within ``doms`` of the constraints ``cons`` (default: all).

    Variables no chosen constraint mentions are left as given (their lowest candidate is reported).
    """
    cons = list(range(len(csp.constraints))) if cons is None else list(cons)
    scope = sorted({v for ci in cons for v in csp.constraints[ci].vars})
    out: list[tuple[int, ...]] = []

    def rec(d0: Sequence[int]) -> None:
        d = propagate(csp, d0, cons)
        if d is None:
            return
        open_ = [v for v in scope if d[v] & (d[v] - 1)]
        if not open_:
            values = tuple((d[v] & -d[v]).bit_length() - 1 for v in range(len(d)))
            if all(csp.constraints[ci].holds(values) for ci in cons):
                out.append(values)
            return
        v = min(open_, key=lambda u: popcount(d[u]))
        for x in bits(d[v]):
            rec([*d[:v], 1 << x, *d[v + 1 :]])
            if len(out) >= limit:
                return

    rec(doms if doms is not None else csp.domains)
    return out


def follows(csp: Csp, before: Sequence[int], after: Sequence[int], cons: Sequence[int]) -> bool:
    """True when narrowing ``before`` to ``after`` is forced by the constraints ``cons`` alone:
    no candidate removed can be part of any assignment (within ``before``) satisfying them."""
    if any(a & ~b for a, b in zip(after, before)):
        return False
    if not solve(csp, before, 1, cons):
        return True  # the cited constraints already rule out everything: any narrowing follows
    for v, (b, a) in enumerate(zip(before, after)):
        for x in bits(b & ~a):
            if solve(csp, [*before[:v], 1 << x, *before[v + 1 :]], 1, cons):
                return False
    return True
