"""The rules of the constraint-puzzle space: its states, and the sound deductions a person makes from them.

``CspRules`` holds what a state is and what follows from it (unary clues, naked and hidden singles, binary
clues, naked pairs, locked candidates, the one line taken inside a case or below a slip, contradictions on
the face of the candidates, the split variable); ``csp.CspSpace`` turns these into moves, right and wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import compress, count
from operator import ne

from cotforge.domains.csp import Tables, csp_from_json, initial_candidates, relation_tables, render_answer, single
from cotforge.domains.csp_rules import GroupOverlaps, locked, naked_pairs, revise
from cotforge.domains.csp_grade import split_choice
from cotforge.core.records import Problem
from cotforge.core.space import Space
from cotforge.solvers.spaces._csp_text import Words

LOOKAHEAD = 2
"""Deductions looked at for one that exposes a contradiction, on a line that may hold one."""


@dataclass(frozen=True, slots=True)
class CspState:
    doms: tuple[int, ...]
    placed: int
    """Bitmask of variables whose value has been stated (givens count as stated)."""
    assumed: tuple[tuple[int, int], ...] = ()
    dead: bool = False
    done: bool = False
    slipped: bool = False


@dataclass(frozen=True, slots=True)
class _Deduction:
    doms: tuple[int, ...]
    placed: int
    uses: tuple[int, ...]
    say: Callable[[], str]
    """The step's words, written only for deductions that become moves."""
    technique: str

    @property
    def text(self) -> str:
        return self.say()


class CspRules(Space[CspState]):
    """A puzzle's states and the sound deductions from them; states are hashable, so searches merge them."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        data = problem.data()
        self.csp = c = csp_from_json(problem.payload)
        self.words = Words(self.csp, data.get("words", {}))
        self.solution: list[int] | None = data.get("solution")
        n = len(c.var_names)
        self.groups = [i for i, k in enumerate(c.constraints) if k.kind == "alldiff"]
        self.perms = [i for i in self.groups if c.is_permutation(i)]
        self.perm_sets = [(g, c.constraints[g].vars, c.perm_union[g]) for g in self.perms]
        self.overlaps = GroupOverlaps([c.constraints[g].vars for g in self.perms])
        self.group_vars = [c.constraints[g].vars for g in self.groups]
        groups_of: list[list[int]] = [[] for _ in range(n)]
        self.mentions: list[list[int]] = [[] for _ in range(n)]
        for i, k in enumerate(c.constraints):
            for v in k.vars:
                self.mentions[v].append(i)
                if k.kind == "alldiff":
                    groups_of[v].append(i)
        self.groups_of = groups_of
        self.group_tuples = [tuple(gs) for gs in groups_of]
        self.peers = [tuple(sorted({w for g in gs for w in c.constraints[g].vars} - {v})) for v, gs in enumerate(groups_of)]
        self.binary = [i for i, k in enumerate(c.constraints) if k.kind == "rel"]
        m = len(c.value_names)
        self.tables: dict[int, tuple[int, int, *Tables]] = {}
        """Per binary clue: its two variables and its ``relation_tables`` (per value of each, the values of the other
        that fit; per set of values of each, where the tables are kept)."""
        for ci in self.binary:
            x, y = c.constraints[ci].vars
            k = c.constraints[ci]
            self.tables[ci] = (x, y, *relation_tables(k.op, k.arg, m))
        self.unary = [i for i, k in enumerate(c.constraints) if k.kind == "in"]
        self.techniques: frozenset[str] | None = None
        """Rules allowed (None: all); generators grade puzzles by restricting it."""
        self._broken_memo: dict[tuple[int, ...], tuple[tuple[int, ...], str] | None] = {}
        self._line_memo: dict[tuple[tuple[int, ...], int], _Deduction | None] = {}
        self._split_memo: dict[tuple[int, ...], int] = {}
        self._careless_memo: dict[tuple[tuple[int, ...], int, int], _Deduction | None] = {}
        """(candidates, placed, order) -> the first deduction that leaves every variable a candidate
        (``_csp_careless.careless_deduction``): the careless lines of several habits from one wrong state
        walk the same states until they settle a variable differently."""

    def root(self) -> CspState:
        """Givens (one starting candidate) count as placed and are already struck from their groups."""
        placed = sum(1 << v for v, m in enumerate(self.csp.domains) if single(m) is not None)
        return CspState(initial_candidates(self.csp), placed)

    def is_terminal(self, state: CspState) -> bool:
        return state.dead or state.done

    def answer(self, state: CspState) -> str | None:
        return render_answer(self.csp, [single(m) or 0 for m in state.doms]) if state.done else None

    def key(self, state: CspState) -> tuple[object, ...]:
        return (state.doms, state.placed, state.dead, state.done, state.slipped)

    # --- rules -------------------------------------------------------------------------

    def deductions(self, state: CspState, order: int = 0) -> Iterator[_Deduction]:
        """Sound deductions from ``state``, simplest technique first, each once (``order`` 1: eliminations
        before placements, 2: hidden singles before naked ones - other orders a person may take)."""
        rules = (self._unary, self._naked_singles, self._hidden_singles, self._binary, self._naked_pairs, self._locked)
        if order == 1:
            rules = (self._unary, self._binary, self._naked_pairs, self._locked, self._naked_singles, self._hidden_singles)
        elif order == 2:
            rules = (self._unary, self._hidden_singles, self._naked_singles, self._binary, self._naked_pairs, self._locked)
        seen: set[tuple[tuple[int, ...], int]] = set()
        for rule in rules:
            if self.techniques is not None and rule.__name__.lstrip("_") not in self.techniques:
                continue
            for d in rule(state):
                if (d.doms, d.placed) not in seen and (d.doms != state.doms or d.placed != state.placed):
                    seen.add((d.doms, d.placed))
                    yield d

    def _place(self, doms: list[int], placed: int, v: int, x: int) -> tuple[tuple[int, ...], int, tuple[int, ...]]:
        bit = 1 << x
        doms[v] = bit
        for w in self.peers[v]:
            if doms[w] & bit:
                doms[w] &= ~bit
        return tuple(doms), placed | 1 << v, self.group_tuples[v]

    def _unary(self, state: CspState) -> Iterator[_Deduction]:
        for ci in self.unary:
            c = self.csp.constraints[ci]
            v = c.vars[0]
            if state.doms[v] & ~c.allowed:
                doms = list(state.doms)
                doms[v] &= c.allowed
                x = single(doms[v])
                if x is None:
                    yield _Deduction(tuple(doms), state.placed, (ci,), partial(self._say_narrow, ci, v, doms[v]), "unary")
                    continue
                new, placed, groups = self._place(doms, state.placed, v, x)  # settled: place it at once
                yield _Deduction(new, placed, (ci, *groups), partial(self._say_settle, ci, v, x, groups), "unary")

    def _say_narrow(self, ci: int, v: int, m: int) -> str:
        return f"{self.words.cite(ci)}: {self.words.options(v, m)}."

    def _say_settle(self, ci: int, v: int, x: int, groups: tuple[int, ...]) -> str:
        strike = self.words.strike(x, groups)
        return f"{self.words.cite(ci)}: {self.words.is_(v, x)}{'; ' + strike if strike else ''}."

    def _naked_singles(self, state: CspState) -> Iterator[_Deduction]:
        doms, placed = state.doms, state.placed
        unplaced = ~placed & ((1 << len(doms)) - 1)
        while unplaced:  # only cells not yet stated, lowest first
            low = unplaced & -unplaced
            unplaced ^= low
            v = low.bit_length() - 1
            m = doms[v]
            if m and not m & (m - 1):
                x = m.bit_length() - 1
                new, now, uses = self._place(list(doms), placed, v, x)
                yield _Deduction(new, now, uses, partial(self._say_naked_single, v, x, uses, doms, placed), "naked_single")

    def _say_naked_single(self, v: int, x: int, uses: tuple[int, ...], doms: tuple[int, ...], placed: int) -> str:
        """A naked single's words; on a grid, with what its groups hold (worked out only for a single that is written)."""
        seen = self._seen(doms, placed, v) if self.csp.layout.get("kind") == "grid" else None
        return self.words.naked_single(v, x, uses, seen)

    def _seen(self, doms: tuple[int, ...], placed: int, v: int) -> list[tuple[int, int]]:
        """Per group of ``v``, the values already placed in it (the candidates a single rests on)."""
        out = []
        for g in self.groups_of[v]:
            m = 0
            for w in self.csp.constraints[g].vars:
                if w != v and placed >> w & 1 and doms[w] and not doms[w] & (doms[w] - 1):
                    m |= doms[w]
            out.append((g, m))
        return out

    def _hidden_singles(self, state: CspState) -> Iterator[_Deduction]:
        doms = state.doms
        for g, group, union in self.perm_sets:
            once = twice = settled = 0
            for v in group:
                m = doms[v]
                twice |= once & m
                once |= m
                if m and not m & (m - 1):
                    settled |= m
            lone = once & ~twice & union & ~settled  # a settled cell's value is lone in its group, and no single
            while lone:
                bit = lone & -lone
                lone ^= bit
                v = next(v for v in group if doms[v] & bit)
                if doms[v] != bit:
                    x = bit.bit_length() - 1
                    new, placed, uses = self._place(list(doms), state.placed, v, x)
                    # the group's other unstated cells (on a sound line each has two candidates or more:
                    # a single is stated first; below a slip one may hold a lone other value)
                    others = [w for w in group if w != v and not state.placed >> w & 1]
                    say = partial(self.words.hidden_single, g, v, x, uses, others)
                    yield _Deduction(new, placed, tuple(sorted({g, *uses})), say, "hidden_single")

    def _binary(self, state: CspState) -> Iterator[_Deduction]:
        doms = state.doms
        for ci in self.binary:
            x, y, sx, sy, ux, uy = self.tables[ci]
            dx, dy = doms[x], doms[y]
            if ux is not None:
                nx = dx & uy[dy]  # type: ignore[index]
                ny = dy & ux[nx]
            else:
                nx, ny = revise(dx, dy, sx, sy)
            if not nx or not ny:
                continue  # left for _broken to report
            if nx != dx or ny != dy:
                new = list(doms)
                new[x], new[y] = nx, ny
                after = tuple(new)
                yield _Deduction(after, state.placed, (ci,), partial(self.words.binary, ci, doms, after), "binary")

    def _naked_pairs(self, state: CspState) -> Iterator[_Deduction]:
        doms = state.doms
        for gi, a, b, pm, others in naked_pairs(self.group_vars, doms):
            g = self.groups[gi]
            new = list(doms)
            for w in others:
                new[w] &= ~pm
            say = partial(self.words.naked_pair, g, a, b, pm, others)
            yield _Deduction(tuple(new), state.placed, (g,), say, "naked_pair")

    def _locked(self, state: CspState) -> Iterator[_Deduction]:
        """Locked candidates: where two groups overlap (a box and a row), a value one of them can
        hold only in the overlap cannot be anywhere else in the other (one step per value)."""
        doms = state.doms
        for k, side, lone, victims in locked(self.overlaps, doms):
            i, j = self.overlaps.pairs[k]
            home, other = (i, j) if side == 0 else (j, i)
            shared = self.overlaps.segs[self.overlaps.items[k][0]]
            while lone:
                bit = lone & -lone
                lone ^= bit
                hit = tuple(w for w in victims if doms[w] & bit)
                if hit:
                    new = list(doms)
                    for w in hit:
                        new[w] &= ~bit
                    g, h, x = self.perms[home], self.perms[other], bit.bit_length() - 1
                    at = tuple(v for v in shared if doms[v] & bit)
                    say = partial(self.words.locked, g, h, x, at, hit)
                    yield _Deduction(tuple(new), state.placed, (g, h), say, "locked_candidates")

    def _line(self, state: CspState) -> _Deduction | None:
        """The one deduction a single line takes (inside a case, below a slip): the first of the
        first LOOKAHEAD that exposes a contradiction, else the first. Remembered, since refuting a
        wrong move walks the same line the search later expands."""
        key = (state.doms, state.placed)
        if key not in self._line_memo:
            first = None
            for i, d in enumerate(self.deductions(state)):
                if first is None:
                    first = d
                if self._breaks(state.doms, d.doms):
                    first = d
                    break
                if i + 1 >= LOOKAHEAD:
                    break
            self._line_memo[key] = first
        return self._line_memo[key]

    def _breaks(self, before: tuple[int, ...], after: tuple[int, ...]) -> bool:
        """Whether narrowing ``before`` (no contradiction on its face) to ``after`` shows one: only
        the constraints on the variables that changed need a look."""
        if after in self._broken_memo:
            return self._broken_memo[after] is not None
        changed = list(compress(count(), map(ne, before, after)))
        seen: set[int] = set()
        for v in changed:
            if not after[v]:
                return self._broken_doms(after) is not None
            for ci in self.mentions[v]:
                if ci in seen:
                    continue
                seen.add(ci)
                union = self.csp.perm_union[ci]
                if union:
                    once = 0
                    for w in self.csp.constraints[ci].vars:
                        once |= after[w]
                    if union & ~once:
                        return self._broken_doms(after) is not None
                elif ci in self.tables:
                    x, y, sx, *_ = self.tables[ci]
                    dx, dy = after[x], after[y]
                    if not dx & (dx - 1) and not dy & (dy - 1) and not sx[dx.bit_length() - 1] & dy:
                        return self._broken_doms(after) is not None
        return False

    def _broken(self, state: CspState) -> tuple[tuple[int, ...], str] | None:
        return self._broken_doms(state.doms)

    def _broken_doms(self, doms: tuple[int, ...]) -> tuple[tuple[int, ...], str] | None:
        """A contradiction on the face of the candidates: a variable with none, or a value with no place."""
        memo = self._broken_memo
        if doms in memo:
            return memo[doms]
        found: tuple[tuple[int, ...], str] | None = None
        if not all(doms):
            v = doms.index(0)
            found = tuple(self.mentions[v]), self.words.no_candidate(v)
        else:
            for g, group, union in self.perm_sets:
                once = 0
                for v in group:
                    once |= doms[v]
                missing = union & ~once
                if missing:
                    found = (g,), self.words.no_place(g, (missing & -missing).bit_length() - 1)
                    break
            else:
                for ci in self.binary:
                    x, y, sx, *_ = self.tables[ci]
                    dx, dy = doms[x], doms[y]
                    if not dx & (dx - 1) and not dy & (dy - 1) and not sx[dx.bit_length() - 1] & dy:
                        found = (ci,), f"{self.words.group(ci)} fails"
                        break
        if len(memo) > 100_000:
            memo.clear()
        memo[doms] = found
        return found

    def _split_var(self, doms: tuple[int, ...]) -> int:
        """The grader's choice (csp_grade.split_choice): the first cell with two candidates one of
        whose cases the rules carry to a full solution, else one with fewest candidates."""
        if doms not in self._split_memo:
            self._split_memo[doms] = split_choice(self.csp, doms)[0]
        return self._split_memo[doms]
