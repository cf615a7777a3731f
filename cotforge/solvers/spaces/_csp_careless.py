"""The careless conclusion of a constraint-puzzle line: below a slip, a solver that does not notice it.

It goes on with sound deductions (never the one that would show the contradiction), settles a variable
carelessly when none applies, and states the full, wrong assignment as its answer; solvers differ in their
habits (``Habit``), and of the lines a few habits write the one as long as the solution is kept.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

from cotforge.core.records import Step
from cotforge.domains.csp import bits, single

if TYPE_CHECKING:
    from cotforge.solvers.spaces._csp_deduce import CspState, _Deduction
    from cotforge.solvers.spaces.csp import CspSpace

CARELESS_DRAWS = 4
"""Careless lines tried that settle variables drawn at random (beside those that take the first, the last,
the one with fewest candidates), for one as long as the solution's on either side."""


def conclude_careless(space: CspSpace, state: CspState) -> tuple[list[Step], str] | None:
    """Below a slip, a solver that does not notice it: sound deductions taken while none leaves a
    variable without candidates (it never looks for the contradiction); when none is left, an open
    variable given a remaining candidate (a value its groups do not hold yet; with none left, its
    first value), and deductions again from there, as the solution goes on after each placement; the
    full, wrong assignment stated as the answer.

    Careless solvers differ in their habits (``Habit``: the order of techniques, which open variable
    they settle, whether they skip an elimination by settling a variable at once): of the lines a few
    habits write, the one with as many steps as the solution from the same point on, then as many
    characters (``_aims``) - so that a careless line is neither steadily shorter (a wrong value settles
    at once what the solution's eliminations settle) nor steadily longer than the solution it is paired with."""
    if not state.slipped or space.is_terminal(state):
        return None
    walks = _Walks(space, state)
    first = walks.line(Habit())
    aim = space._aims.get(space.key(state))
    if first is None or aim is None:
        return _written(space, first)
    more = len(first[0]) - aim[0]
    if more < 0:  # eliminations first, for a few steps or throughout, write more steps
        habits = [Habit(ahead=j) for j in (1, 2, 3, 5, 8)] + [Habit(order=1), Habit(ahead=2, pick=1)]
        if not space.groups:  # without groups no order of rules changes the line: a clue misread does
            habits += [Habit(misreads=j) for j in range(1, min(-more, 4) + 2)] + [Habit(misreads=-more, pick=1)]
    elif more > 0:  # an elimination skipped (a variable settled at once instead) writes one step fewer
        habits = [Habit(skips=j) for j in range(1, min(more, 4) + 2)] + [Habit(order=2), Habit(skips=more, pick=1)]
    else:
        habits = [Habit(pick=1), Habit(pick=2), Habit(order=2), Habit(ahead=1), Habit(order=2, pick=1),
                  *(Habit(pick=3, seed=seed) for seed in range(CARELESS_DRAWS))]
        if space.csp.layout.get("box"):  # a sudoku solver that counts a group's cells as its values, or does not
            # name the cells a hidden single rules out
            habits += [Habit(counts=True), Habit(counts=True, pick=1), Habit(counts=True, order=2), Habit(terse=True),
                       Habit(counts=True, terse=True), Habit(counts=True, terse=True, order=2)]
    lines = [first] + [line for line in map(walks.line, habits) if line is not None]
    # as many steps as the solution first; then the nearest in characters on the side (longer or shorter)
    # this wrong state draws, so that over a run a careless line is as often longer as shorter. Only the lines
    # nearest in steps are written out to be measured in characters (``min`` keeps the first of equals either way).
    nearest = min(abs(len(steps) - aim[0]) for steps, _ in lines)
    near = [line for line in lines if abs(len(line[0]) - aim[0]) == nearest]
    side = 1 if hash(state.doms) & 1 else -1
    said: dict[int, tuple[_Deduction, str]] = {}
    return _written(space, min(near, key=lambda line: _off(line[0], aim, side, said)))


@dataclass(slots=True)
class _Later:
    """A step of a careless line, kept as what it says until the line is chosen: of the lines the habits write,
    one is kept, so the others' words and JSON states are never written (most of a line's cost)."""

    state: CspState
    deduction: _Deduction | None
    said: str = ""
    kind: str = "deduce"
    uses: tuple[int, ...] = ()
    technique: str = ""
    say: Callable[[], str] | None = None
    """The words, written when first read (a variable settled without a rule), where ``deduction`` is None."""

    @property
    def text(self) -> str:
        if self.deduction is not None:
            self.said, self.deduction = self.deduction.text, None
        elif self.say is not None:
            self.said, self.say = self.say(), None
        return self.said

    def said_once(self, said: dict[int, tuple[_Deduction, str]]) -> str:
        """``text``, a deduction's words taken from ``said`` (by the deduction, kept there alive so its id stays its
        own) where another line wrote them: the lines of several habits from one state share most deductions
        (``careless_deduction`` remembers them), and the words are the same."""
        d = self.deduction
        if d is not None:
            hit = said.get(id(d))
            if hit is None:
                hit = said[id(d)] = d, d.text
            self.said, self.deduction = hit[1], None
        return self.text

    def step(self, space: CspSpace) -> Step:
        return space._step(self.state, self.text, self.kind, self.uses, technique=self.technique).step


_Line = tuple[list[_Later], str]


def _written(space: CspSpace, line: _Line | None) -> tuple[list[Step], str] | None:
    """A chosen careless line with its steps written out."""
    if line is None:
        return None
    return [s.step(space) for s in line[0]], line[1]


def _off(steps: list[_Later], aim: tuple[int, int], side: int, said: dict[int, tuple[_Deduction, str]]) -> tuple[int, bool, int]:
    """How far a careless line is from ``aim``: its steps, whether its characters fall on the other ``side``, how far
    (the words of deductions other lines share read from ``said``)."""
    chars = sum(len(t.said_once(said)) + 2 for t in steps) - aim[1]
    return abs(len(steps) - aim[0]), chars * side < 0, abs(chars)


class _Walks:
    """The careless lines of several habits from one state, each line walked once: habits that differ only in which
    open variable they settle when no rule applies (``pick``, ``seed``) take the same steps up to the first variable
    settled so, and the same line where there is none; without a group that holds every value, the order that takes
    hidden singles first is the first order (``careless_deduction``)."""

    def __init__(self, space: CspSpace, state: CspState) -> None:
        self.space, self.state = space, state
        self.walked: dict[Habit, _Line | None] = {}
        self.unpicked: dict[tuple[int | bool, ...], _Line | None] = {}
        """By habit but its ``pick`` and ``seed``: the line of one that settled no variable without a rule."""
        self.placed: _Placed = {}
        """The variables settled without a rule so far, for the lines still to walk (``_walk``)."""

    def line(self, habit: Habit) -> _Line | None:
        """``_careless_line(space, state, habit)``."""
        if habit.order != _order(self.space, habit.order):
            habit = replace(habit, order=_order(self.space, habit.order))
        unpicked = (habit.order, habit.ahead, habit.skips, habit.counts, habit.terse, habit.misreads)
        if habit in self.walked:
            return self.walked[habit]
        if unpicked in self.unpicked:
            return self.unpicked[unpicked]
        line, picked = _walk(self.space, self.state, habit, self.placed)
        self.walked[habit] = line
        if not picked:
            self.unpicked[unpicked] = line
        return line


def _careless_line(space: CspSpace, state: CspState, habit: Habit) -> _Line | None:
    """One careless line from ``state`` (see ``conclude_careless``), with ``habit``; its steps not yet written."""
    return _walk(space, state, habit)[0]


_Placed = dict[tuple["CspState", int, bool], tuple["CspState", _Later]]
"""(state, pick, counts) -> ``_careless_place`` of the state, without draws or misreads, by one of several lines."""


def _walk(space: CspSpace, state: CspState, habit: Habit, placed: _Placed | None = None) -> tuple[_Line | None, bool]:
    """``_careless_line``, and whether it settled a variable no rule settles (where ``habit.pick`` chose which).

    ``placed``, shared by the lines of several habits from one start (where ``belief`` is the same): a variable
    settled without a rule depends on the state, the habit's ``pick`` and ``counts`` alone where no draw or misread
    is involved, and lines of other orders and look-aheads often meet the same states, so each is worked out once."""
    picked = False
    belief = space._believed.get(space.key(state))
    steps: list[_Later] = []
    full = (1 << len(state.doms)) - 1
    rng = random.Random(hash(state.doms) + habit.seed) if habit.pick > 2 else None  # draws only for ``pick`` 3
    skips = habit.skips
    misread: set[int] = set()
    misreads = habit.misreads
    for i in range(4 * len(state.doms) + 8):
        d = careless_deduction(space, state, 1 if i < habit.ahead else habit.order)
        if misreads and (d is None or d.placed == state.placed):
            clash = _clash(space, state, misread)
            if clash is not None:  # the clue that would show the contradiction, misread as striking another value
                misread.add(clash[0])
                misreads -= 1
                steps.append(_Later(state, None, _misread_text(space, state, *clash), uses=(clash[0],), technique="binary"))
                continue
        if d is not None and (d.placed != state.placed or not skips):
            if habit.counts and d.technique == "naked_single":
                v = (d.placed & ~state.placed).bit_length() - 1
                x = (d.doms[v] & -d.doms[v]).bit_length() - 1
                d = replace(d, say=partial(space.words.naked_single, v, x, d.uses, _counted(space, state, v, x, belief)))
            elif habit.terse and d.technique == "hidden_single" and isinstance(d.say, partial):
                d = replace(d, say=partial(space.words.hidden_single, *d.say.args[:4]))  # the cells it rules out unnamed
            state = space._after(state, d)
            steps.append(_Later(state, d, uses=d.uses, technique=d.technique))
            continue
        if state.placed == full:
            break
        if d is not None:
            skips -= 1
        before, picked = state.placed, True
        if placed is None or rng is not None or misreads:
            state, step = _careless_place(space, state, habit.pick, rng, misreads > 0, habit.counts, belief)
        else:
            key = (state, habit.pick, habit.counts)
            if key not in placed:
                placed[key] = _careless_place(space, state, habit.pick, None, False, habit.counts, belief)
            state, step = placed[key]
        misreads -= misreads > 0 and state.placed == before  # a clue misread to strike, the single to follow
        steps.append(step)
    if state.placed != full or not space._renders(state.doms):
        return None, picked
    answer = space._rendered(state)
    done, text = space._concluded(state, answer)  # the step written only for the line kept
    steps.append(_Later(done, None, text, kind="answer"))
    return (steps, answer), picked


def _order(space: CspSpace, order: int) -> int:
    """``order``, or the first order where they are the same: hidden singles before naked ones (2) is the first order
    without a group that holds every value (there are no hidden singles then)."""
    return 0 if order == 2 and not space.perm_sets else order


def careless_deduction(space: CspSpace, state: CspState, order: int) -> _Deduction | None:
    """The deduction a careless solver takes next from ``state`` with the ``order`` of techniques: the first sound one
    that leaves every variable a candidate (it never looks for the contradiction); remembered per space, as it depends
    on the state's candidates and placed variables alone."""
    if not all(state.doms):  # a variable without candidates keeps none under every deduction (each narrows, or
        return None  # settles a variable that has some): none is sound, so none is looked for
    order = _order(space, order)
    key = (state.doms, state.placed, order)
    memo = space._careless_memo
    if key not in memo:
        memo[key] = next((d for d in space.deductions(state, order) if all(d.doms)), None)
    return memo[key]


def _careless_place(space: CspSpace, state: CspState, pick: int = 0, rng: random.Random | None = None,
                    misreads: bool = False, counts: bool = False,
                    belief: tuple[int, int] | None = None) -> tuple[CspState, _Later]:  # fmt: skip
    """An open variable (``pick``: 0 the first, 1 one with fewest candidates, 2 the last, else one drawn by ``rng``) settled carelessly, as the solution settles one (outside grids) from a clue: a value
    its groups do not hold yet that a clue about it allows beside a variable already settled, stated
    as if the clue forced it ("From clue 3 ("Rosa sits next to Ruby"): since Ruby sits in seat 1, Rosa
    sits in seat 2" - next to allows seat 2, it does not force it); where no clue allows one, its first
    remaining candidate, written as a single. With ``misreads``, the clue is misread as striking the
    variable's other candidates ("From edge A-D: since D is green, A cannot be blue."), and the single
    follows as a step of its own, as the solution settles a variable in two steps or more."""
    doms, placed = list(state.doms), state.placed
    open_ = [v for v in range(len(doms)) if not placed >> v & 1]
    if pick == 1:
        v = min(open_, key=lambda v: doms[v].bit_count())
    elif pick == 2:
        v = open_[-1]
    elif pick > 2 and rng is not None:
        v = rng.choice(open_)
    else:
        v = open_[0]
    taken = 0
    for w in space.peers[v]:
        if placed >> w & 1:
            taken |= doms[w]
    m = next((m for m in (doms[v] & ~taken, space.csp.domains[v] & ~taken, doms[v], space.csp.domains[v]) if m), 1)
    # a grid's single lists what its groups hold (as long as a clue step, or longer); a clue cited there
    # would read shorter than the solution's singles, so only puzzles without a grid cite one
    cited = _allowing(space, state, v, m) if space.csp.layout.get("kind") != "grid" else None
    x = cited[1] if cited else (m & -m).bit_length() - 1
    if cited and misreads and doms[v] >> x & 1 and doms[v] != 1 << x:
        ci, _, w, y = cited
        doms[v] = 1 << x
        struck = replace(state, doms=tuple(doms), slipped=True)
        text = f"{space.words.cite(ci)}: since {space.words.is_(w, y)}, {_not(space, v, state.doms[v] & ~(1 << x))}."
        return struck, _Later(struck, None, text, uses=(ci,), technique="binary")
    grid = space.csp.layout.get("kind") == "grid"
    new, placed, uses = space._place(doms, placed, v, x)
    after = replace(state, doms=new, placed=placed, dead=False, done=False, slipped=True)
    if cited:
        ci, _, w, y = cited
        strike = space.words.strike(x, uses)
        text = f"{space.words.cite(ci)}: since {space.words.is_(w, y)}, {space.words.is_(v, x)}{'; ' + strike if strike else ''}."
        return after, _Later(after, None, text, uses=(ci, *uses))
    return after, _Later(after, None, uses=uses, say=partial(_single_words, space, state, v, x, uses, grid, counts, belief))


def _single_words(space: CspSpace, state: CspState, v: int, x: int, uses: tuple[int, ...], grid: bool, counts: bool,
                  belief: tuple[int, int] | None) -> str:  # fmt: skip
    """The words of ``v`` settled to ``x`` without a rule from ``state``, as a single (a grid's names what its groups
    hold, as a solver that counts them reads them with ``counts``)."""
    seen = space._seen(state.doms, state.placed, v) if grid else None
    if seen and counts:
        seen = _counted(space, state, v, x, belief)
    return space.words.naked_single(v, x, uses, seen)


def _counted(space: CspSpace, state: CspState, v: int, x: int, belief: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """Per group of ``v``, the values a solver that counts the group's settled cells reads it as holding: a
    value held twice (a careless placement's duplicate) read as one the group lacks, so a full row reads
    as holding every value but ``x``, as in a sound grid (the duplicate read as the value it hides); and
    with ``belief`` (the group its wrong step misread as holding a value), that value, as it believes."""
    doms, placed = state.doms, state.placed
    seen = space._seen(doms, placed, v)
    full = (1 << len(space.csp.value_names)) - 1
    covered = 1 << x
    out = []
    for i, (g, m) in enumerate(seen):
        cells = sum(1 for w in space.csp.constraints[g].vars if w != v and placed >> w & 1 and single(doms[w]) is not None)
        extra = cells - (m & ~(1 << x)).bit_count()
        later = 0
        for _, h in seen[i + 1:]:
            later |= h
        if belief is not None and belief[0] == g and belief[1] != x:
            m |= 1 << belief[1]
        free = full & ~covered & ~m
        for pool in (free & ~later, free):
            while extra > 0 and pool:
                bit = pool & -pool
                pool &= ~bit
                if not m & bit:
                    m |= bit
                    extra -= 1
        covered |= m
        out.append((g, m))
    return out


def _clash(space: CspSpace, state: CspState, skip: set[int]) -> tuple[int, int, int, int] | None:
    """(clue, variable, other variable, its value): the first binary clue, not in ``skip``, that leaves a
    variable no candidate beside a settled one - the step that would show the contradiction."""
    doms = state.doms
    full = (1 << len(space.csp.value_names)) - 1
    for ci, v, w, fits in _clash_fits(space):
        dw = doms[w]
        if dw and not dw & (dw - 1) and ci not in skip:
            dv = doms[v]
            y = dw.bit_length() - 1
            if dv and full & ~dv & ~dw and not dv & fits[y]:  # no candidate of v fits; a value to misread it as
                return ci, v, w, y
    return None


def _clash_fits(space: CspSpace) -> list[tuple[int, int, int, tuple[int, ...]]]:
    """Per binary clue in order, each way round (its first variable first): (clue, variable, other variable, per value
    of the other the variable's values that fit it), so ``_clash`` reads a clue's verdict on a settled variable at once;
    built once per space."""
    if space._clash_fits is None:
        m = len(space.csp.value_names)
        space._clash_fits = []
        for ci in space.binary:
            a, b, sa, sb, *_ = space.tables[ci]
            for v, w, sv in ((a, b, sa), (b, a, sb)):
                fits = tuple(sum(1 << x for x in range(m) if sv[x] >> y & 1) for y in range(m))
                space._clash_fits.append((ci, v, w, fits))
    return space._clash_fits


def _misread_text(space: CspSpace, state: CspState, ci: int, v: int, w: int, y: int) -> str:
    """The clue that would strike ``v``'s last candidate, misread as striking a value ``v`` no longer holds
    (the solution's value where it is one of those), so the careless solver sees no clash."""
    doms, sol = state.doms, space.solution
    gone = ((1 << len(space.csp.value_names)) - 1) & ~doms[v] & ~doms[w]
    z = sol[v] if sol is not None and gone >> sol[v] & 1 else (gone & -gone).bit_length() - 1
    return f"{space.words.cite(ci)}: since {space.words.is_(w, y)}, {_not(space, v, 1 << z)}."


def _not(space: CspSpace, v: int, m: int) -> str:
    return space.words.t["not"].format(var=space.words.var(v), vals=space.words.vals(m))


def _allowing(space: CspSpace, state: CspState, v: int, m: int) -> tuple[int, int, int, int] | None:
    """(clue, value, other variable, its value): a binary clue about ``v`` and a settled variable that
    allows ``v`` a value of ``m`` - the first such value counting from one that depends on the puzzle
    state, so a careless line does not always take the lowest."""
    values = bits(m)
    start = (v + state.placed.bit_count()) % len(values)
    for x in values[start:] + values[:start]:
        for ci in space.mentions[v]:
            if ci not in space.tables:
                continue
            a, b, sa, sb, *_ = space.tables[ci]
            w = b if v == a else a
            y = single(state.doms[w]) if state.placed >> w & 1 else None
            if y is not None and (sa[x] if v == a else sb[x]) >> y & 1:
                return ci, x, w, y
    return None


@dataclass(frozen=True, slots=True)
class Habit:
    """How one careless solver goes on (``conclude_careless``)."""

    order: int = 0
    """Its order of techniques (``CspSpace.deductions``)."""
    pick: int = 0
    """Which open variable it settles when no rule applies (``_careless_place``)."""
    ahead: int = 0
    """Its first this many steps taken eliminations first."""
    skips: int = 0
    """Eliminations it skips, settling an open variable at once instead."""
    seed: int = 0
    """Which draws it makes (``pick`` 3)."""
    counts: bool = False
    """Whether it counts a group's settled cells as its values (``_counted``): it does not see a duplicate."""
    terse: bool = False
    """Whether it writes a hidden single without naming the cells that cannot take the value (it did not check them)."""
    misreads: int = 0
    """How many clues it misreads: the one that would show the contradiction, as striking a value the variable
    no longer holds, and the one it settles a variable by, as striking the variable's other candidates."""
