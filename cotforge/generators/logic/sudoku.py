"""Sudoku: fill the grid so every row, column and box holds each digit once.

Levels, graded by the techniques the puzzle needs (checked by running them):
1 → 4x4, naked singles suffice; 2 → 6x6, needs hidden singles; 3 → 9x9, needs hidden singles;
4 → 9x9, needs naked pairs or locked candidates (a digit a box can hold only in one row or column);
5 → 9x9, needs a case split: the techniques stall, and supposing the right candidate of a
two-candidate cell lets them finish the grid (the other case has no solution: the techniques
refute it, or a complete search finds none).
Givens are removed one by one, in a random order, while the level's techniques still settle the
removed cell (sound techniques solving the grid prove the solution unique); level 4 stops at the
first cell only pairs settle, and the guess level at the first cell they cannot settle but one
case split can (the split proves the solution unique: one case closes to it, the other has none).
Levels 4-5 drop a dig that gets down to 26 givens without its cell; the part of a dig down to 36
givens is done once per grid and the rest tried in up to three random orders before a fresh grid.
Every grid is graded again by the general closures before it is kept. Speed: pencil marks and,
per group and digit, the count of open cells that may hold it are updated cell by cell; singles
are found from those counts; a technique that fails hands its fixpoint to the next one; a check
stops as soon as the removed cell is settled; pairs and splits are tried only where they can help
(big stalls).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import is_not

from cotforge.domains.csp import Constraint, Csp, bits, render_answer
from cotforge.domains.csp_solve import settles, solve
from cotforge.domains.csp_rules import GroupOverlaps, locked, naked_pairs
from cotforge.domains.csp_grade import TECHNIQUES, case, closure, grade, one_guess, solved
from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

_SHAPES = {1: (2, 2), 2: (2, 3), 3: (3, 3), 4: (3, 3), 5: (3, 3)}
"""Box rows x box columns per level."""
_NEEDS = {1: "naked", 2: "singles", 3: "singles", 4: "pairs", 5: "guess"}
WORDS = {
    "noun": "cell",
    "is": "{var} is {val}",
    "one_of": "{var} is {vals}",
    "not": "{var} cannot be {vals}",
    "hidden": "In {group}, {val} can go only in {var}",
    "strike": "strike {val} from the rest of {groups}",
}


@dataclass(frozen=True, slots=True)
class SudokuConfig(TaskConfig):
    """Level sets the grid (4x4, 6x6, 9x9) and the hardest technique the puzzle needs."""

    max_attempts: int = 200
    """Full grids tried before giving up on one of the level's grade (a safety net)."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise ConfigError(f"max_attempts must be a positive integer, got {self.max_attempts!r}")


def sudoku_csp(grid: Sequence[int | None], box_rows: int, box_cols: int) -> Csp:
    """The CSP of a grid (row-major, None for blank, digits 0-based)."""
    n = box_rows * box_cols
    names = tuple(f"r{r + 1}c{c + 1}" for r in range(n) for c in range(n))
    full = (1 << n) - 1
    doms = tuple(full if g is None else 1 << g for g in grid)
    cons = [Constraint("alldiff", tuple(r * n + c for c in range(n)), label=f"row {r + 1}") for r in range(n)]
    cons += [Constraint("alldiff", tuple(r * n + c for r in range(n)), label=f"column {c + 1}") for c in range(n)]
    for b in range(n):
        r0, c0 = b // box_rows * box_rows, b % box_rows * box_cols
        cells = tuple((r0 + i) * n + c0 + j for i in range(box_rows) for j in range(box_cols))
        cons.append(Constraint("alldiff", cells, label=f"box {b + 1}"))
    layout = {"kind": "grid", "size": n, "box": [box_rows, box_cols]}
    return Csp(names, tuple(str(d + 1) for d in range(n)), doms, tuple(cons), layout)


def full_grid(rng: random.Random, box_rows: int, box_cols: int) -> list[int]:
    """A random solved grid: cells filled in row order, each with the digits its row, column and
    box allow tried in a random order, backtracking from a cell left with none. Any solved grid can
    come out (shuffling rows, columns and digits of one pattern reaches only that pattern's
    family). About 0.25 ms for a 9x9 grid."""
    n = box_rows * box_cols
    full = (1 << n) - 1
    used = [0] * (3 * n)  # digits used per row, then per column, then per box
    homes = [(v // n, n + v % n, 2 * n + v // n // box_rows * box_rows + v % n // box_cols) for v in range(n * n)]
    grid = [0] * (n * n)

    def fill(v: int) -> bool:
        if v == n * n:
            return True
        r, c, b = homes[v]
        free = full & ~(used[r] | used[c] | used[b])
        digits = [x for x in range(n) if free >> x & 1]
        rng.shuffle(digits)
        for x in digits:
            bit = 1 << x
            used[r] |= bit
            used[c] |= bit
            used[b] |= bit
            grid[v] = x
            if fill(v + 1):
                return True
            used[r] ^= bit
            used[c] ^= bit
            used[b] ^= bit
        return False

    fill(0)
    return grid


class SudokuGenerator(Generator[SudokuConfig]):
    name = "sudoku"
    version = 7
    """2: levels 4-5 redefined (locked candidates; the split the step space picks). 3: level 4 stops
    digging at its first blank that only pairs settle; pairs and splits tried on big stalls only.
    4: levels 4-5 keep at least 26 givens; level 4 tries pairs on stalls of 25 open cells or more;
    level 5's split on the blanked cell itself needs its other case refuted by the techniques.
    5: solved grids filled at random (no longer one pattern shuffled); levels 4-5 dig to 36
    givens once per grid and try up to three random orders for the rest. 6: the example cell name
    fits the grid (a 4x4 said "r2c5 is row 2, column 5"). 7: level 5 keeps at most 27 givens, level 4 at least 28."""
    domain = "logic"
    space = "csp"
    verifier = "sudoku"
    config_cls = SudokuConfig

    def build(self, rng: random.Random) -> Draft:
        config = self.config
        box_rows, box_cols = _SHAPES[config.level]
        need = _NEEDS[config.level]
        for attempt in range(1, config.max_attempts + 1):
            solution = full_grid(rng, box_rows, box_cols)
            grid = _reduce(rng, solution, box_rows, box_cols, need)
            if grid is None:
                continue
            givens = sum(g is not None for g in grid)
            if not _FEWEST_GIVENS.get(config.level, 0) <= givens <= _MOST_GIVENS.get(config.level, len(grid)):
                continue
            csp = sudoku_csp(grid, box_rows, box_cols)
            # the level's techniques solve the grid (the dig checked every blank), which proves the
            # solution unique; for a guess the dig's split did: its true case closes to the solution
            # (or is the grid before the last blank) and its other case has none
            if _needs(csp, need):
                return _draft(csp, grid, solution, config.level, attempt)
        raise RuntimeError(f"no sudoku of grade {need!r} in {config.max_attempts} attempts")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        data = problem.data()
        csp = Csp.from_payload(data)
        values = list(data["solution"])
        blanks = [v for v, d in enumerate(data["domains"]) if len(d) > 1]
        a = rng.choice(blanks)
        row = [v for v in blanks if v // csp.layout["size"] == a // csp.layout["size"] and values[v] != values[a]]
        b = rng.choice(row) if row else a
        values[a], values[b] = values[b], values[a]  # swap two blanks: rows still hold every digit
        if a == b:
            values[a] = (values[a] + 1) % len(csp.value_names)
        return render_answer(csp, values)


_SCAN = 1
"""Two-candidate cells tried as the split when the blanked cell has more candidates (each try
costs two closures; the next random grid is usually cheaper than a long scan)."""
_STALL = 20
"""Pairs (and a case split) are tried on a blank only when the singles leave at least this many
cells open. Measured on 9x9 digs: a smaller stall never yielded to pairs (0 of 1,264 tries) and
almost never to one split (1 of 1,017); such stalls are mostly a few cells that could swap values.
Each skipped try saves a pass over every group."""
_PAIR_STALL = 25
"""Level 4 tries pairs only when at least this many cells stay open: below 25 they never settled
the blank (0 of 319 tries, against 68 of about 2,000 above)."""
_CHECKPOINT = 36
"""Levels 4-5 dig down to this many givens once per grid, then run several continuations from
there. Above it nearly every blank is settled at once (a single among the givens); below it lie
the costly checks and the cell the level needs, which one random order may miss and another finds.
Measured per kept 9x9 grid (200 each): level 4 19.4 -> 16.4 ms, level 5 28.0 -> about 20.5 ms."""
_CONTINUATIONS = 3
"""Random orders tried for the rest of a dig from the checkpoint before a fresh grid is taken (2
and 3 timed alike for level 4; 6 was slower: a grid that failed three times is a poor bet)."""
_MOST_GIVENS = {5: 27}
_FEWEST_GIVENS = {4: 28}
"""Level 5 keeps a grid only with at most 27 givens, level 4 with at least 28, so level 5 is longer
as well as harder (both had a median of 27 givens)."""
_FLOOR = 26
"""Levels 4-5 give up on a dig (and take a fresh grid) once this few givens are left. Measured on
level 4 digs: with under 25 givens, 3 of 741 checks found the blank only pairs settle, yet those
checks cost the most (the singles run longest on a sparse grid); a fresh grid is the better bet
(level 5 timed alike)."""


def _reduce(rng: random.Random, solution: list[int], box_rows: int, box_cols: int, need: str) -> list[int | None] | None:
    """Blank cells in a random order, keeping a blank when the target's techniques (pairs at most)
    still settle that cell (then they settle the whole grid, since every other cell followed
    before). Levels 1-3 return the dug grid. Level 4 stops at the first cell only pairs settle, the
    guess level at the first cell they cannot settle but one case split can (see ``_Dig.blank``).
    For these two, the dig down to ``_CHECKPOINT`` givens is done once and the rest of it, in a
    fresh random order, up to ``_CONTINUATIONS`` times; None when no continuation finds the cell
    before the givens fall to ``_FLOOR``. The caller grades the result."""
    n = box_rows * box_cols
    dig = _Dig(solution, box_rows, box_cols, need)
    order = rng.sample(range(n * n), n * n)
    if need not in ("pairs", "guess"):
        for cell in order:
            dig.blank(cell)
        return dig.grid
    while order and dig.kept > _CHECKPOINT:
        if dig.blank(order.pop()) == 2:
            return dig.grid
    for _ in range(_CONTINUATIONS):
        trial = dig.copy()
        for cell in rng.sample(order, len(order)):
            if trial.kept <= _FLOOR:
                break
            if trial.blank(cell) == 2:
                return trial.grid
    return None


class _Dig:
    """A solved grid being dug: its givens, the pencil marks they leave, and per group and digit
    the count of blanks that may hold it, all updated cell by cell rather than recomputed."""

    __slots__ = ("solution", "n", "need", "shape", "grid", "cands", "count", "givens", "seen", "kept")

    def __init__(self, solution: list[int], box_rows: int, box_cols: int, need: str) -> None:
        self.solution, self.n, self.need, self.shape = solution, box_rows * box_cols, need, (box_rows, box_cols)
        _, peers, _, _, members, _ = _blank(box_rows, box_cols)
        self.grid: list[int | None] = list(solution)
        self.cands = [1 << g for g in solution]
        self.count = [0] * (len(members) * self.n)  # count[g * n + x]: blanks of group g with candidate x
        self.givens = (1 << len(solution)) - 1  # bitmask of cells still given
        self.seen = [[0] * self.n for _ in solution]  # seen[v][x]: givens among v's peers holding x
        for v, x in enumerate(solution):
            for w in peers[v]:
                self.seen[w][x] += 1
        self.kept = len(solution)  # givens left

    def copy(self) -> _Dig:
        other = _Dig.__new__(_Dig)
        other.solution, other.n, other.need, other.shape = self.solution, self.n, self.need, self.shape
        other.grid, other.cands, other.count = list(self.grid), list(self.cands), list(self.count)
        other.givens, other.seen, other.kept = self.givens, [list(k) for k in self.seen], self.kept
        return other

    def blank(self, cell: int) -> int:
        """Blank ``cell`` if the level's techniques still settle it (1), else keep it given (0);
        2: the grid, with ``cell`` blank, needs exactly the level's technique (pairs: only pairs
        settle ``cell``; guess: the techniques stall, and one case split settles it and has one
        solution), so the dig is done."""
        n, need, solution = self.n, self.need, self.solution
        blank, peers, groups, cell_groups, members, overlaps = _blank(*self.shape)
        grid, cands, count, seen = self.grid, self.cands, self.count, self.seen
        x = solution[cell]
        bit = 1 << x
        grid[cell] = None
        self.givens ^= 1 << cell
        freed = []
        for w in peers[cell]:
            seen[w][x] -= 1
            if not seen[w][x] and grid[w] is None:
                cands[w] |= bit
                freed.append(w)
        left = 0
        for y, k in enumerate(seen[cell]):
            if not k:
                left |= 1 << y
        cands[cell] = left
        for g in cell_groups[cell]:
            for y in bits(left):
                count[g * n + y] += 1
        for w in freed:
            for g in cell_groups[w]:
                count[g * n + x] += 1
        ok = left == bit  # a naked single among the givens: placed first
        if not ok and need != "naked":
            # a hidden single among the givens: in one of the cell's groups, every other blank sees x
            for group in groups[cell]:
                for w in group:
                    if grid[w] is None and not seen[w][x]:
                        break
                else:
                    ok = True
                    break
        reached: list[int] = []
        if not ok and need == "naked":
            ok = settles(blank, cands, cell, False, False, self.givens, reached)
        elif not ok:
            # singles, then (levels 4-5, on a big stall) pairs from the singles' fixpoint
            by = _singles(cands, count, grid, cell, n, peers, cell_groups, members, reached,
                          overlaps if need in ("pairs", "guess") else None,
                          _PAIR_STALL if need == "pairs" else _STALL)  # fmt: skip
            ok = by > 0
            if by == 2 and need == "pairs":
                return 2  # the first blank only pairs settle: the grid needs them
        if not ok and need == "guess" and reached and _open(reached) >= _STALL \
                and _one_split(blank, reached, solution, cell):
            return 2
        if ok:
            self.kept -= 1
            return 1
        for g in cell_groups[cell]:
            for y in bits(left):
                count[g * n + y] -= 1
        for w in freed:
            for g in cell_groups[w]:
                count[g * n + x] -= 1
        grid[cell] = x
        self.givens |= 1 << cell
        cands[cell] = bit
        for w in peers[cell]:
            seen[w][x] += 1
        for w in freed:
            cands[w] &= ~bit
        return 0


Cells = tuple[tuple[int, ...], ...]


@lru_cache(maxsize=8)
def _blank(box_rows: int, box_cols: int) -> tuple[Csp, Cells, tuple[Cells, ...], Cells, Cells, GroupOverlaps]:
    """The empty grid's CSP (its compiled constraints reused across puzzles); per cell its peers,
    its groups' other cells, and its groups' indices; each group's cells; the overlapping groups."""
    n = box_rows * box_cols
    peers = tuple(tuple(w for w in range(n * n) if w != v and _sees(v, w, n, box_rows, box_cols)) for v in range(n * n))
    csp = sudoku_csp([None] * n * n, box_rows, box_cols)
    groups = tuple(tuple(tuple(w for w in c.vars if w != v) for c in csp.constraints if v in c.vars) for v in range(n * n))
    cell_groups = tuple(tuple(g for g, c in enumerate(csp.constraints) if v in c.vars) for v in range(n * n))
    members = tuple(c.vars for c in csp.constraints)
    return csp, peers, groups, cell_groups, members, GroupOverlaps(members)


def _singles(cands: list[int], count: list[int], grid: list[int | None], target: int, n: int, peers: Cells,
             cell_groups: Cells, members: Cells, out: list[int], pairs: GroupOverlaps | None = None,
             stall: int = 0) -> int:  # fmt: skip
    """Whether naked and hidden singles, from the pencil marks ``cands`` of the givens, settle
    ``target``: the "singles" closure (``settles``) specialised to a grid. It keeps, per group and
    digit, how many open cells may hold the digit, so a hidden single is seen when a count drops
    to one rather than by rescanning groups. With ``pairs`` (the grid's overlapping groups) naked
    pairs and locked candidates join in when the singles stall, if they leave at least ``stall``
    cells open: the "pairs" closure. Returns 0 (``target`` stays open), 1 (singles settle it) or
    2 (pairs were needed). ``out`` receives the candidates reached (the whole fixpoint when
    ``target`` stays open, [] when a cell runs out of candidates)."""
    d = cands.copy()
    cnt = count.copy()
    placed = bytearray(map(is_not, grid, repeat(None)))
    naked = [v for v, m in enumerate(d) if not placed[v] and not m & (m - 1)]
    hidden = [i for i, k in enumerate(cnt) if k == 1]
    ok = True
    paired = False
    while ok and (naked or hidden or pairs is not None and d[target] & (d[target] - 1)):
        if not naked and not hidden:
            # the singles stall: clear what naked pairs or locked candidates rule out, else stop
            if pairs is None or not paired and sum(1 for m in d if m & (m - 1)) < stall:
                break
            changed = False
            for w, m in _pair_clears(d, members, cell_groups, pairs):
                m &= d[w]
                if not m or placed[w]:
                    continue
                changed = True
                d[w] ^= m
                if not d[w]:
                    ok = False
                    break
                for y in bits(m):
                    for h in cell_groups[w]:
                        k = cnt[h * n + y] = cnt[h * n + y] - 1
                        if k == 1:
                            hidden.append(h * n + y)
                if not d[w] & (d[w] - 1):
                    naked.append(w)
            if not changed:
                break
            paired = True
            continue
        if naked:
            v = naked.pop()
            if placed[v]:
                continue
        else:
            i = hidden.pop()
            if cnt[i] != 1:
                continue
            g, x = divmod(i, n)
            bit = 1 << x
            v = next(u for u in members[g] if not placed[u] and d[u] & bit)
            for y in bits(d[v] & ~bit):
                for h in cell_groups[v]:
                    k = cnt[h * n + y] = cnt[h * n + y] - 1
                    if k == 1:
                        hidden.append(h * n + y)
            d[v] = bit
        placed[v] = 1
        bit = d[v]
        x = bit.bit_length() - 1
        for h in cell_groups[v]:
            cnt[h * n + x] -= 1
        for w in peers[v]:
            m = d[w]
            if m & bit and not placed[w]:
                m ^= bit
                if not m:
                    ok = False
                    break
                d[w] = m
                for h in cell_groups[w]:
                    k = cnt[h * n + x] = cnt[h * n + x] - 1
                    if k == 1:
                        hidden.append(h * n + x)
                if not m & (m - 1):
                    naked.append(w)
        if not d[target] & (d[target] - 1):
            break
    out[:] = d if ok else []
    return 1 + paired if ok and not d[target] & (d[target] - 1) else 0


def _pair_clears(d: list[int], members: Cells, cell_groups: Cells, locks: GroupOverlaps) -> list[tuple[int, int]]:
    """The candidates naked pairs clear, else those locked candidates clear, as (cell, mask) pairs
    (empty when neither applies): the rules of ``cotforge.domains.csp_rules`` on the pencil marks."""
    out = [(w, m) for _, _, _, m, victims in naked_pairs(members, d) for w in victims]
    if out:
        return out
    # open cells only: a settled digit is already struck from its groups (the singles ran to their
    # fixpoint), so it would only send the rule over cells that lack it
    e = [m if m & (m - 1) else 0 for m in d]
    return [(w, lone) for _, _, lone, victims in locked(locks, e) for w in victims]


def _needs(csp: Csp, need: str, doms: list[int] | None = None) -> bool:
    """Whether the grid needs exactly the technique ``need``; for "guess": "pairs" stalls, and
    supposing the right one of the split cell's two candidates lets "pairs" finish the grid."""
    if need != "guess":
        return grade(csp, doms, upto=need) == need
    d = closure(csp, csp.domains if doms is None else doms, "pairs")
    return d is not None and not solved(d) and one_guess(csp, d, refute=False)


def _one_split(csp: Csp, d: list[int], solution: list[int], cell: int) -> bool:
    """From ``d``, where "pairs" stalls once ``cell`` is blanked: whether the step space's split
    (the first two-candidate cell one of whose cases "pairs" carries to a solution) exists and its
    other case has no solution, so the grid needs one guess and has one solution. Only a true
    case can close to a solution when the grid has one, and ``cell``'s true case does (it
    restores the grid before): when ``cell`` has two candidates, it stands for the split, and its
    other case must then be refuted by "pairs" (a complete search there almost never finds none:
    1 of 131 tries, each costing more than a fresh dig's share). A scanned split's other case may
    instead be shown empty by the complete search (2 of 29)."""
    for v in [cell] if d[cell].bit_count() == 2 else [u for u, m in enumerate(d) if m.bit_count() == 2][:_SCAN]:
        m = d[v]
        if v == cell or solved(case(csp, d, v, 1 << solution[v])):
            other = case(csp, d, v, m & ~(1 << solution[v]))
            return other is None or v != cell and not solved(other) and not solve(csp, other, limit=1)
    return False


def _open(d: list[int]) -> int:
    """How many cells still have more than one candidate."""
    return sum(1 for m in d if m & (m - 1))


def _sees(v: int, w: int, n: int, box_rows: int, box_cols: int) -> bool:
    (r1, c1), (r2, c2) = divmod(v, n), divmod(w, n)
    return r1 == r2 or c1 == c2 or (r1 // box_rows == r2 // box_rows and c1 // box_cols == c2 // box_cols)


def _draft(csp: Csp, grid: list[int | None], solution: list[int], level: int, attempts: int) -> Draft:
    n = csp.layout["size"]
    rows = ["".join("." if g is None else str(g + 1) for g in grid[r * n : (r + 1) * n]) for r in range(n)]
    box_rows, box_cols = csp.layout["box"]
    question = (
        f"Solve this {n}x{n} sudoku: fill each empty cell (.) with a digit from 1 to {n} so that every row, "
        f"every column and every {box_rows}x{box_cols} box contains each digit exactly once. Rows are "
        f"numbered 1-{n} from the top, columns 1-{n} from the left; r2c{n - 1} is row 2, column {n - 1}.\n\n"
        + "\n".join(" ".join(row) for row in rows)
        + "\n\nGive the completed grid, one row per line."
    )
    payload = {**csp.payload(), "words": WORDS, "solution": solution}
    meta = {"level": level, "size": n, "givens": sum(g is not None for g in grid), "needs": _NEEDS[level],
            "attempts": attempts, "techniques": list(TECHNIQUES)}  # fmt: skip
    return Draft(question=question, answer=render_answer(csp, solution), payload=payload, metadata=meta)


TASKS.register("sudoku", SudokuGenerator)
