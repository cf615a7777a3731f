"""The careless conclusion of a constraint-puzzle line: below a slip, a solver that does not notice it.

It goes on with sound deductions (never the one that would show the contradiction), settles a variable
carelessly when none applies, and states the full, wrong assignment as its answer; solvers differ in their
habits (``Habit``), and of the lines a few habits write the one as long as the solution is kept.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

from cotforge.core.records import Step
from cotforge.domains.csp import bits, render_answer, single

if TYPE_CHECKING:
    from cotforge.solvers.spaces.csp import CspSpace, CspState

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
    first = _careless_line(space, state, Habit())
    aim = space._aims.get(space.key(state))
    if first is None or aim is None:
        return first
    more = len(first[0]) - aim[0]
    if more < 0:  # eliminations first, for a few steps or throughout, write more steps
        habits = [Habit(ahead=j) for j in (1, 2, 3, 5, 8)] + [Habit(order=1), Habit(ahead=2, pick=1)]
    elif more > 0:  # an elimination skipped (a variable settled at once instead) writes one step fewer
        habits = [Habit(skips=j) for j in range(1, min(more, 4) + 2)] + [Habit(order=2), Habit(skips=more, pick=1)]
    else:
        habits = [Habit(pick=1), Habit(pick=2), Habit(order=2), Habit(ahead=1), Habit(order=2, pick=1),
                  *(Habit(pick=3, seed=seed) for seed in range(CARELESS_DRAWS))]
    lines = [first] + [line for line in map(partial(_careless_line, space, state), habits) if line is not None]
    # as many steps as the solution first; then the nearest in characters on the side (longer or shorter)
    # this wrong state draws, so that over a run a careless line is as often longer as shorter
    side = 1 if hash(state.doms) & 1 else -1
    return min(lines, key=lambda line: _off(line[0], aim, side))


def _off(steps: list[Step], aim: tuple[int, int], side: int) -> tuple[int, bool, int]:
    """How far a careless line is from ``aim``: its steps, whether its characters fall on the other ``side``, how far."""
    chars = sum(len(t.text) + 2 for t in steps) - aim[1]
    return abs(len(steps) - aim[0]), chars * side < 0, abs(chars)


def _careless_line(space: CspSpace, state: CspState, habit: Habit) -> tuple[list[Step], str] | None:
    """One careless line from ``state`` (see ``conclude_careless``), written with ``habit``."""
    steps: list[Step] = []
    full = (1 << len(state.doms)) - 1
    rng = random.Random(hash(state.doms) + habit.seed)
    skips = habit.skips
    for i in range(4 * len(state.doms) + 8):
        d = next((d for d in space.deductions(state, 1 if i < habit.ahead else habit.order) if all(d.doms)), None)
        if d is not None and (d.placed != state.placed or not skips):
            move = space._move(state, d)
            steps.append(move.step)
            state = move.next_state
            continue
        if state.placed == full:
            break
        if d is not None:
            skips -= 1
        state, step = _careless_place(space, state, habit.pick, rng)
        steps.append(step)
    if state.placed != full or not space._renders(state.doms):
        return None
    final = space._final(state)
    steps.append(final.step)
    return steps, render_answer(space.csp, [single(m) or 0 for m in final.next_state.doms])


def _careless_place(space: CspSpace, state: CspState, pick: int = 0, rng: random.Random | None = None) -> tuple[CspState, Step]:
    """An open variable (``pick``: 0 the first, 1 one with fewest candidates, 2 the last, else one drawn by ``rng``) settled carelessly, as the solution settles one (outside grids) from a clue: a value
    its groups do not hold yet that a clue about it allows beside a variable already settled, stated
    as if the clue forced it ("From clue 3 ("Rosa sits next to Ruby"): since Ruby sits in seat 1, Rosa
    sits in seat 2" - next to allows seat 2, it does not force it); where no clue allows one, its first
    remaining candidate, written as a single."""
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
    seen = space._seen(tuple(doms), placed, v) if space.csp.layout.get("kind") == "grid" else None
    new, placed, uses = space._place(doms, placed, v, x)
    after = replace(state, doms=new, placed=placed, dead=False, done=False, slipped=True)
    if cited:
        ci, _, w, y = cited
        strike = space.words.strike(x, uses)
        text = f"{space.words.cite(ci)}: since {space.words.is_(w, y)}, {space.words.is_(v, x)}{'; ' + strike if strike else ''}."
        return after, space._step(after, text, "deduce", (ci, *uses)).step
    return after, space._step(after, space.words.naked_single(v, x, uses, seen), "deduce", uses).step


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
            a, b, sa, sb = space.tables[ci]
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
