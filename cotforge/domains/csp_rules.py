"""The deduction rules of the constraint-puzzle techniques, each written once.

Candidates are bitmasks (bit x set: value x still possible). Every rule is a finder: it reads the
candidates and yields what it would clear, with what it rests on, and changes nothing itself. The
propagation engine (``cotforge.domains.csp``) applies all of a rule's findings until a fixpoint,
the step space (``cotforge.solvers.spaces.csp``) writes each finding as one step, and the sudoku
generator's dig applies them on its pencil marks: one definition of each technique.

- arc consistency (``revise``): a value of one variable of a relation with no partner left in the
  other's candidates goes;
- hidden singles (``lone_values``): a value a permutation group can hold in one place only;
- naked pairs (``naked_pairs``): two variables of a group with the same two candidates keep those
  two values from the rest of the group;
- locked candidates (``locked``): where two permutation groups overlap (a box and a row), a value
  one group can hold only in the overlap goes from the rest of the other.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

_BITS: tuple[tuple[int, ...], ...] = tuple(tuple(i for i in range(m.bit_length()) if m >> i & 1) for m in range(1 << 10))
"""The values of every mask below 2**10 (enough for any grid up to 10 values)."""


def value_bits(m: int) -> tuple[int, ...]:
    return _BITS[m] if m < 1024 else tuple(i for i in range(m.bit_length()) if m >> i & 1)


def revise(dx: int, dy: int, sx: Sequence[int], sy: Sequence[int]) -> tuple[int, int]:
    """Arc consistency on one relation: the candidates of x that some candidate of y fits (``sx[a]``:
    the y values value a of x fits), then those of y that some remaining x value fits. A 0 in the
    result is a contradiction."""
    nx = 0
    for a in _BITS[dx] if dx < 1024 else value_bits(dx):
        if sx[a] & dy:
            nx |= 1 << a
    ny = 0
    for b in _BITS[dy] if dy < 1024 else value_bits(dy):
        if sy[b] & nx:
            ny |= 1 << b
    return nx, ny


def lone_values(group: Sequence[int], d: Sequence[int]) -> tuple[int, int]:
    """(every value the group's candidates hold, the values held in exactly one place): a lone
    value is a hidden single; a value of the group's own that none holds is a contradiction."""
    once = twice = 0
    for v in group:
        twice |= once & d[v]
        once |= d[v]
    return once, once & ~twice


def naked_pairs(groups: Sequence[Sequence[int]], d: Sequence[int]) -> Iterator[tuple[int, int, int, int, tuple[int, ...]]]:
    """Naked pairs: (group index, first of the pair, second, the pair's two values, the other
    variables of the group that still hold either value)."""
    for gi, group in enumerate(groups):
        seen: dict[int, int] = {}
        for v in group:
            m = d[v]
            if m.bit_count() == 2:
                a = seen.setdefault(m, v)
                if a != v:
                    victims = tuple(w for w in group if w != a and w != v and d[w] & m)
                    if victims:
                        yield gi, a, v, m, victims


def overlaps(groups: Sequence[tuple[int, ...]]) -> list[tuple[int, int, tuple[int, ...], tuple[int, ...], tuple[int, ...]]]:
    """Pairs of groups sharing two or more variables (a sudoku box and a row): (index of A, index
    of B, shared variables, the rest of A, the rest of B)."""
    out = []
    sets = [set(g) for g in groups]
    for i, a in enumerate(groups):
        for j in range(i + 1, len(groups)):
            if len(sets[i] & sets[j]) >= 2:
                shared = tuple(v for v in a if v in sets[j])
                rest_a = tuple(v for v in a if v not in sets[j])
                out.append((i, j, shared, rest_a, tuple(v for v in groups[j] if v not in sets[i])))
    return out


class GroupOverlaps:
    """Overlaps of permutation groups in segments: each overlap's shared variables are one segment,
    and the rest of either group is a union of segments where it can be (in a sudoku, a box's
    rest beside one of its row segments is its other two row segments), so one round of locked
    candidates reads each variable about once. ``pairs`` holds each item's two group indices."""

    __slots__ = ("segs", "items", "pairs")

    def __init__(self, groups: Sequence[tuple[int, ...]]) -> None:
        found = overlaps(groups)
        index: dict[tuple[int, ...], int] = {}
        for _, _, shared, _, _ in found:
            index.setdefault(tuple(sorted(shared)), len(index))
        self.segs = list(index)
        sets = [set(seg) for seg in self.segs]

        def cover(rest: tuple[int, ...]) -> tuple[int, ...] | None:
            inside = [i for i, seg in enumerate(sets) if seg <= set(rest)]
            return tuple(inside) if set().union(*(sets[i] for i in inside)) == set(rest) else None

        self.items = [(index[tuple(sorted(shared))], cover(rest_a), cover(rest_b), rest_a, rest_b)
                      for _, _, shared, rest_a, rest_b in found]  # fmt: skip
        self.pairs = [(i, j) for i, j, _, _, _ in found]


def locked(over: GroupOverlaps, d: Sequence[int]) -> Iterator[tuple[int, int, int, tuple[int, ...]]]:
    """Locked candidates: (overlap item, the group holding the values only in the overlap (0: its
    first, 1: its second), those values, the variables of the other group's rest that lose them)."""
    unions = []
    for seg in over.segs:
        u = 0
        for v in seg:
            u |= d[v]
        unions.append(u)

    def outside(cover: tuple[int, ...] | None, rest: tuple[int, ...]) -> int:
        u = 0
        if cover is None:
            for v in rest:
                u |= d[v]
        else:
            for i in cover:
                u |= unions[i]
        return u

    for k, (shared, cover_a, cover_b, rest_a, rest_b) in enumerate(over.items):
        inside = unions[shared]
        for side, home, away in ((0, (cover_a, rest_a), rest_b), (1, (cover_b, rest_b), rest_a)):
            lone = inside & ~outside(*home)
            if lone:
                victims = tuple(w for w in away if d[w] & lone)
                if victims:
                    yield k, side, lone, victims
