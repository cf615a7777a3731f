"""The careless conclusion of a CSP line (``solvers/spaces/_csp_careless.py``): as long as the solution's."""

from __future__ import annotations

import json
import random
from collections import Counter

from cotforge.core.registry import SPACES, TASKS
from cotforge.domains.csp import single
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from cotforge.solvers.spaces._csp_careless import _counted
from cotforge.solvers.spaces.csp import CspState


def test_graph_colouring_careless_lines_write_as_many_steps_as_the_solution() -> None:
    """Without groups, a value settled in one jump leaves out the eliminations that settle the variable's
    other candidates (main's careless lines were 1-3 steps shorter in 612 of 2,000 pairs): a jump is offered
    only on a vertex with two candidates, and a careless solver that misreads the edge that would show the
    clash (as striking a colour the vertex no longer holds: its candidates stay as they were) writes that
    step in its place; the line kept has the solution's step count from the same point in nearly every case."""
    level_with = offered = misread_in_place = 0
    kinds: Counter[str] = Counter()
    for level, index in ((2, 0), (3, 1), (3, 2), (4, 0), (4, 3)):
        problem = TASKS.get("graph_coloring").from_level(level, seed=0).generate(index)
        record = solve_problem(problem, SearchSettings()).row
        assert record is not None
        chain = record["steps"]
        space = SPACES.get("csp")(problem)
        space._stride = 1
        state = space.root()
        for i in range(len(chain)):
            if state.assumed or space.is_terminal(state):
                break
            space._slips = 0
            for move in space.propose_wrong(state, 3, random.Random(i)):
                kinds[move.step.error_kind] += 1
                if move.step.error_kind != "misread_clue":  # a jump: the vertex had two candidates
                    v = next(v for v, m in enumerate(state.doms) if m != move.next_state.doms[v] and single(move.next_state.doms[v]) is not None)
                    assert state.doms[v].bit_count() == 2, move.step.text
                made = space.conclude_careless(move.next_state)
                if made is None:
                    continue
                offered += 1
                level_with += len(made[0]) + 1 == len(chain) - i
                before = move.step.state
                for step in made[0]:
                    if " cannot be " in step.text and json.loads(step.state)["candidates"] == json.loads(before)["candidates"]:
                        misread_in_place += 1
                    before = step.state
            state = space.apply(state, space.propose(state, 1)[0])
    assert offered >= 20, offered
    assert level_with >= 0.85 * offered, (level_with, offered)
    assert misread_in_place, "no careless line misreads the edge that shows the clash"
    assert {"misread_clue", "overlooked_candidate", "missed_case"} <= set(kinds), kinds


def test_a_counting_solver_reads_a_duplicate_as_the_value_it_hides() -> None:
    """A 4x4 row whose settled cells hold one value twice: the sound reading lists the distinct values (so
    the single names a second group or says a value "was ruled out above"); the counting solver reads
    the row's three settled cells as three values, as in a sound grid, and names the row alone."""
    problem = TASKS.get("sudoku").from_level(1, seed=0).generate(0)
    space = SPACES.get("csp")(problem)
    sol = problem.data()["solution"]
    doms = [1 << x for x in sol]
    doms[2] = doms[1]  # r1c3 carelessly given r1c2's value
    doms[3] = 1 << sol[3]
    placed = (1 << 16) - 1 & ~(1 << 3)
    state = CspState(tuple(doms), placed, slipped=True)
    row = space.groups_of[3][0]
    assert space.words.group(row) == "row 1"
    sound = dict(space._seen(state.doms, placed, 3))
    counted = dict(_counted(space, state, 3, sol[3]))
    assert sound[row].bit_count() == 2
    assert counted[row] == 0b1111 & ~(1 << sol[3])
    text = space.words.naked_single(3, sol[3], space.group_tuples[3], list(counted.items()))
    a, b, c = (str(d + 1) for d in range(4) if d != sol[3])
    assert text.startswith(f"r1c4: row 1 has {a}, {b} and {c}, so only {sol[3] + 1} is left: r1c4 is {sol[3] + 1}"), text
    sound_text = space.words.naked_single(3, sol[3], space.group_tuples[3], list(sound.items()))
    assert "column" in sound_text or "box" in sound_text or "ruled out" in sound_text, sound_text


def test_a_terse_solver_writes_hidden_singles_without_the_cells_it_did_not_check() -> None:
    """Below a wrong move in a sudoku, the careless line of a solver that does not check the other cells
    writes its hidden singles without naming them; the default careless line names them, as the solution does."""
    from cotforge.solvers.spaces._csp_careless import Habit, _careless_line

    problem = TASKS.get("sudoku").from_level(4, seed=0).generate(0)
    space = SPACES.get("csp")(problem)
    space._stride = 1
    state, named, terse = space.root(), 0, 0
    for i in range(30):
        space._slips = 0
        for move in space.propose_wrong(state, 2, random.Random(i)):
            for habit, plain in ((Habit(), False), (Habit(terse=True), True)):
                line = _careless_line(space, move.next_state, habit)
                for step in (line[0] if line else []):
                    if "can go only in" in step.text:
                        if plain:
                            assert "(none of" not in step.text, step.text
                            terse += 1
                        else:
                            named += "(none of" in step.text
        state = space.apply(state, space.propose(state, 1)[0])
    assert named and terse, (named, terse)


def test_a_counting_solver_believes_the_group_its_wrong_step_misread() -> None:
    """A misread ("row 1 already holds 2, so r1c1 is not 2") is believed on: the row is read as holding
    the value in the singles that follow (so they need not say it "was ruled out above")."""
    problem = TASKS.get("sudoku").from_level(1, seed=0).generate(0)
    space = SPACES.get("csp")(problem)
    sol = problem.data()["solution"]
    doms = [1 << x for x in sol]
    doms[0] = doms[1] = 0b1111  # r1c1 and r1c2 open
    state = CspState(tuple(doms), (1 << 16) - 1 & ~0b11, slipped=True)
    row = space.groups_of[3][0]
    t = sol[0]
    assert not dict(_counted(space, state, 1, sol[1]))[row] >> t & 1
    assert dict(_counted(space, state, 1, sol[1], (row, t)))[row] >> t & 1


def test_the_careless_deduction_is_the_first_sound_one_and_none_once_a_variable_has_no_candidates() -> None:
    """``careless_deduction`` answers without looking when a variable has no candidates left (every deduction narrows,
    or settles a variable that has candidates, so none is sound); on every state of careless lines below real slips
    its answer is the first deduction, in the habit's order, that leaves every variable a candidate."""
    from cotforge.solvers.spaces._csp_careless import _careless_place, careless_deduction

    checked = emptied = 0
    for task, level in (("sudoku", 2), ("futoshiki", 3), ("graph_coloring", 3), ("zebra", 2)):
        problem = TASKS.get(task).from_level(level, seed=5).generate(0)
        space = SPACES.get("csp")(problem)
        space._stride = 1
        state = space.root()
        for i in range(6):
            if space.is_terminal(state) or state.assumed:
                break
            space._slips = 0
            for move in space.propose_wrong(state, 2, random.Random(i)):
                line = move.next_state
                for order in (0, 1, 2) * 12:
                    want = next((d for d in space.deductions(line, order) if all(d.doms)), None)
                    got = careless_deduction(space, line, order)
                    assert (got and (got.doms, got.placed, got.technique, got.text)) == \
                        (want and (want.doms, want.placed, want.technique, want.text))
                    checked += 1
                    emptied += not all(line.doms)
                    if line.placed == (1 << len(line.doms)) - 1:
                        break
                    line = space._after(line, got) if got is not None else _careless_place(space, line)[0]
            state = space.apply(state, space.propose(state, 1)[0])
    assert checked > 300 and emptied > 20, (checked, emptied)
