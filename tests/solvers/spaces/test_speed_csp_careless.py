"""The CSP space's faster routes give what the plain ones gave: the clash a careless solver misreads, the careless
lines of several habits walked once, the sound moves remembered per state, and the solution's length walked once."""

from __future__ import annotations

import dataclasses
import random

from cotforge.core.registry import SPACES, TASKS
from cotforge.domains.csp import bits, single
from cotforge.solvers.spaces._csp_careless import CARELESS_DRAWS, Habit, _careless_line, _clash, _Walks
from cotforge.solvers.spaces.csp import CspSpace, CspState

TASKS_LEVELS = (("graph_coloring", 3), ("graph_coloring", 5), ("sudoku", 2), ("futoshiki", 3), ("zebra", 2), ("seating", 3))


def _reference_clash(space: CspSpace, state: CspState, skip: set[int]) -> tuple[int, int, int, int] | None:
    """``_clash`` as it was: every clue's support table read value by value."""
    doms = state.doms
    for ci in space.binary:
        if ci in skip:
            continue
        a, b, sa, sb, *_ = space.tables[ci]
        for v, w, sv in ((a, b, sa), (b, a, sb)):
            y = single(doms[w])
            other = ((1 << len(space.csp.value_names)) - 1) & ~doms[v] & ~doms[w]
            if y is not None and doms[v] and other and not any(sv[x] >> y & 1 for x in bits(doms[v])):
                return ci, v, w, y
    return None


def _wrong_states(task: str, level: int, seed: int = 3) -> tuple[CspSpace, list[CspState]]:
    """A space and the wrong states its slips lead to along the solution."""
    problem = TASKS.get(task).from_level(level, seed=seed).generate(0)
    space = SPACES.get("csp")(problem)
    space._stride = 1
    state, out = space.root(), []
    for i in range(12):
        if space.is_terminal(state) or state.assumed:
            break
        space._slips = 0
        out += [m.next_state for m in space.propose_wrong(state, 3, random.Random(i))]
        state = space.apply(state, space.propose(state, 1)[0])
    return space, out


def _habits() -> list[Habit]:
    return [Habit(), Habit(pick=1), Habit(pick=2), Habit(order=1), Habit(order=2), Habit(order=2, pick=1),
            Habit(ahead=2), Habit(ahead=2, pick=1), Habit(skips=1), Habit(skips=2, pick=2), Habit(misreads=1),
            Habit(misreads=2, pick=1), Habit(counts=True), Habit(counts=True, pick=1), Habit(terse=True),
            *(Habit(pick=3, seed=seed) for seed in range(CARELESS_DRAWS))]


def _said(line: tuple[list, str] | None) -> object:
    return line and ([(s.text, s.state, s.kind, s.uses, s.technique) for s in line[0]], line[1])


def test_clash_reads_the_support_tables_as_the_plain_loop() -> None:
    checked = found = 0
    for task, level in TASKS_LEVELS:
        space, states = _wrong_states(task, level)
        for state in states:
            for habit in (Habit(), Habit(pick=1), Habit(ahead=3)):
                line = _careless_line(space, state, habit)
                for step in (line[0] if line else []):
                    for skip in (set(), set(space.binary[:2])):
                        want = _reference_clash(space, step.state, skip)
                        assert _clash(space, step.state, skip) == want
                        checked += 1
                        found += want is not None
    assert checked > 500 and found > 20, (checked, found)


def test_careless_lines_walked_once_are_each_habits_own() -> None:
    """Lines shared between habits (by pick and seed where none settles a variable without a rule, by order 2 where
    there are no hidden singles), and lines that settle a variable without a rule where another line did (``placed``),
    are the lines each habit walks on a fresh space."""
    fields = {f.name for f in dataclasses.fields(Habit)} - {"pick", "seed"}
    assert len(fields) == 6  # every field but pick and seed tells lines apart (``_Walks.line``)
    shared = settled = 0
    for task, level in TASKS_LEVELS:
        space, states = _wrong_states(task, level)
        for state in states[:6]:
            walks = _Walks(space, state)
            for habit in _habits():
                fresh = SPACES.get("csp")(space.problem)
                fresh._believed = space._believed
                assert _said(walks.line(habit)) == _said(_careless_line(fresh, state, habit)), (task, habit)
            shared += len(_habits()) - len(walks.walked)
            settled += len(walks.placed)
    assert shared > 50 and settled > 50, (shared, settled)


def test_sound_moves_remembered_are_the_moves_worked_out_afresh() -> None:
    for task, level in TASKS_LEVELS:
        space, states = _wrong_states(task, level)
        problem = space.problem
        line, state = [], space.root()
        while not space.is_terminal(state) and len(line) < 40:
            line.append(state)
            state = space.propose(state, 2)[-1].next_state
        for s in line + states:
            for k in (1, 2, 3, 4, 9):
                assert space.propose(s, k) == SPACES.get("csp")(problem).propose(s, k), (task, k)


def test_solution_left_walked_in_pieces_is_the_whole_walk() -> None:
    for task, level in TASKS_LEVELS:
        problem = TASKS.get(task).from_level(level, seed=3).generate(1)
        space = SPACES.get("csp")(problem)
        line, state = [], space.root()
        while not space.is_terminal(state) and not state.assumed:
            line.append(state)
            state = space.propose(state, 1)[0].next_state
        order = random.Random(0).sample(line, len(line))
        for s in order:
            assert space._solution_left(s) == SPACES.get("csp")(problem)._solution_left(s), task
