"""CSP step space: every deduction checked against brute force, wrong moves really wrong, splits work."""

from __future__ import annotations

import dataclasses
import itertools
import json
import random

from cotforge.core.registry import SPACES, VERIFIERS
from cotforge.generators.logic.sudoku import SudokuGenerator
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem


def _all_4x4() -> list[tuple[int, ...]]:
    """Every solved 4x4 sudoku (288), by brute force over row permutations (0-based digits)."""
    perms = list(itertools.permutations(range(4)))
    out = []
    for rows in itertools.product(perms, repeat=4):
        cols_ok = all(len({r[c] for r in rows}) == 4 for c in range(4))
        boxes_ok = all(
            len({rows[r0 + a][c0 + b] for a in range(2) for b in range(2)}) == 4 for r0 in (0, 2) for c0 in (0, 2)
        )
        if cols_ok and boxes_ok:
            out.append(tuple(x for r in rows for x in r))
    return out


GRIDS = _all_4x4()


def _worlds(doms: list[list[int]]) -> set[tuple[int, ...]]:
    return {g for g in GRIDS if all(x in d for x, d in zip(g, doms))}


def test_every_deduction_follows_by_brute_force() -> None:
    assert len(GRIDS) == 288
    verifier = VERIFIERS.get("sudoku")
    for i in range(15):
        p = SudokuGenerator.from_level(1, seed=21).generate(i)
        space = SPACES.get(p.space)(p)
        givens = p.data()["domains"]
        state, prev, steps = space.root(), givens, []
        assert len(_worlds(givens)) == 1
        while not space.is_terminal(state):
            move = space.propose(state, 4)[0]
            new = json.loads(move.step.state)["candidates"]
            if move.step.kind == "deduce":
                assert _worlds(prev) <= _worlds(new), move.step.text
            prev, state = new, move.next_state
            steps.append(move.step)
        assert steps[-1].kind == "answer" and space.answer(state) == p.answer
        assert all(verifier.check_steps(p, steps))


def test_wrong_moves_exclude_the_solution_and_fail_the_step_check() -> None:
    verifier = VERIFIERS.get("sudoku")
    seen = 0
    for level in (1, 2, 3):
        for i in range(4):
            p = SudokuGenerator.from_level(level, seed=2).generate(i)
            space = SPACES.get(p.space)(p)
            sol = p.data()["solution"]
            for move in space.propose_wrong(space.root(), 2, random.Random(i)):
                seen += 1
                assert move.step.intended_wrong
                cands = json.loads(move.step.state)["candidates"]
                assert any(x not in c for x, c in zip(sol, cands))
                assert verifier.check_steps(p, [move.step]) == [False]
    assert seen >= 10


def test_tampered_steps_fail() -> None:
    verifier = VERIFIERS.get("sudoku")
    p = SudokuGenerator.from_level(2, seed=3).generate(0)
    space = SPACES.get(p.space)(p)
    move = space.propose(space.root(), 1)[0]
    body = json.loads(move.step.state)
    assert verifier.check_steps(p, [move.step]) == [True]
    far = [u for u in range(18) if u not in body["uses"]]  # rows and columns it does not cite
    wrong_cite = dataclasses.replace(move.step, state=json.dumps({**body, "uses": far[:1]}))
    assert verifier.check_steps(p, [wrong_cite]) == [False]
    sol = p.data()["solution"]
    v = next(v for v, c in enumerate(body["candidates"]) if len(c) > 1)
    cut = [c if k != v else [x for x in c if x != sol[v]] for k, c in enumerate(body["candidates"])]
    overreach = dataclasses.replace(move.step, state=json.dumps({**body, "candidates": cut}))
    assert verifier.check_steps(p, [overreach]) == [False]


def test_guess_level_splits_and_refutes_the_wrong_case() -> None:
    p = SudokuGenerator.from_level(5, seed=1).generate(0)
    outcome = solve_problem(p, SearchSettings(wrong_moves=0))
    assert outcome.row is not None
    kinds = [s["kind"] for s in outcome.row["steps"]]
    assert "assume" in kinds and kinds[-1] == "answer"
    # the search's own refuted cases (planted-slip negatives continued to a dead end are checked elsewhere)
    dead = [n for n in outcome.row["negatives"]
            if n["steps"][-1]["kind"] == "contradiction" and not any(s["intended_wrong"] for s in n["steps"])]
    for n in dead:
        assert n["steps"][-1]["verified"] is True
        assert all(s["verified"] is not False for s in n["steps"])


def test_wrong_values_take_the_place_of_the_step_that_settles_the_variable() -> None:
    """Where the solution's next step settles a variable, a wrong value offered is for that variable
    (so the wrong line is not shorter by the eliminations a jump skips); a careless line settles the rest
    citing a clue that allows the value it writes beside one already settled (allows, not forces)."""
    from cotforge.core.registry import TASKS
    from cotforge.domains.csp import single

    settled_there = offered_at_settle = cited = 0
    for task in ("seating", "zebra"):
        for level in (2, 3):
            problem = TASKS.get(task).from_level(level, seed=1).generate(0)
            space = SPACES.get("csp")(problem)
            space._stride = 1  # offer at every position asked, to see each one
            state = space.root()
            for _ in range(40):
                if space.is_terminal(state):
                    break
                ahead = next(space.deductions(state), None)
                open_ = [v for v, m in enumerate(state.doms) if m & (m - 1)]
                settles = {v for v in open_ if ahead is not None and ahead.placed >> v & 1}
                space._slips = 0
                for move in space.propose_wrong(state, 3, random.Random(len(state.doms) + _)):
                    if settles and move.step.error_kind != "misread_clue":
                        offered_at_settle += 1
                        changed = [v for v in open_ if move.next_state.doms[v] != state.doms[v] and single(move.next_state.doms[v]) is not None]
                        settled_there += bool(set(changed) & settles)
                    made = space.conclude_careless(move.next_state)
                    for step in (made[0] if made else []):
                        if step.text.startswith("From ") and ": since " in step.text and "cannot" not in step.text:
                            cited += 1
                state = space.apply(state, space.propose(state, 1)[0])
    assert offered_at_settle and settled_there == offered_at_settle, (settled_there, offered_at_settle)
    assert cited, "no careless step cites a clue"


def test_careless_lines_write_as_many_steps_and_characters_as_the_solution_from_their_point() -> None:
    """The solution's line walked by the space (``_solution_left``) is the record's chain, step for step and
    character for character; a wrong move's careless line has as many steps as the solution from the same
    point in nearly every case (a wrong value settles at once what the solution's eliminations settle, so
    written one way it was shorter, a misread clue that strikes and stops was one step longer), and is not
    steadily longer or shorter in characters."""
    from cotforge.core.registry import TASKS

    level_with, longer, shorter, offered = 0, 0, 0, 0
    for task, level, index in (("futoshiki", 3, 0), ("futoshiki", 2, 1), ("sudoku", 2, 2), ("sudoku", 2, 5)):
        problem = TASKS.get(task).from_level(level, seed=0).generate(index)
        record = solve_problem(problem, SearchSettings()).row
        assert record is not None
        chain = record["steps"]
        space = SPACES.get("csp")(problem)
        space._stride = 1
        state = space.root()
        for i in range(len(chain)):
            if state.assumed or space.is_terminal(state):
                break
            assert space._solution_left(state) == (len(chain) - i, sum(len(s["text"]) + 2 for s in chain[i:]))
            space._slips = 0
            for move in space.propose_wrong(state, 3, random.Random(i)):
                made = space.conclude_careless(move.next_state)
                if made is None:
                    continue
                offered += 1
                level_with += len(made[0]) + 1 == len(chain) - i
                chars = sum(len(s.text) + 2 for s in made[0]) + len(move.step.text) + 2
                aim = sum(len(s["text"]) + 2 for s in chain[i:])
                longer, shorter = longer + (chars > aim), shorter + (chars < aim)
            state = space.apply(state, space.propose(state, 1)[0])
    assert offered >= 20, offered
    assert level_with >= 0.85 * offered, (level_with, offered)
    assert min(longer, shorter) >= 0.25 * offered, (longer, shorter, offered)


def test_a_misread_where_the_solution_settles_a_cell_settles_it_in_the_same_step() -> None:
    """A misread clue offered where the solution's next step places a value places the one value it leaves,
    written as the grid's singles are (what the groups hold, the misread value among them), and the step
    check fails it."""
    problem = SudokuGenerator.from_level(2, seed=0).generate(3)
    space = SPACES.get("csp")(problem)
    verifier = VERIFIERS.get(problem.verifier)
    state, seen, chain = space.root(), 0, []
    for _ in range(30):
        if space.is_terminal(state) or state.assumed:
            break
        ahead = next(space.deductions(state), None)
        for v in (v for v, m in enumerate(state.doms) if m.bit_count() == 2):
            move = space._misread(state, v, space.solution[v], settle=True)
            if move is None or ahead is None or ahead.placed == state.placed:
                continue
            seen += 1
            assert move.next_state.placed == state.placed | 1 << v
            assert " has " in move.step.text and "so only" in move.step.text
            checks = verifier.check_steps(problem, [*chain, move.step])
            assert checks[-1] is False and all(checks[:-1]), move.step.text
        sound = space.propose(state, 1)[0]
        chain.append(sound.step)
        state = space.apply(state, sound)
    assert seen


def test_outside_a_grid_a_wrong_move_is_written_as_the_step_it_stands_in_for() -> None:
    """Where the solution cites a clue that places a value, the wrong move misreads that clue (placing
    another value, in the clue step's words); where it places a value with one candidate left, the wrong
    move overlooks a candidate ("Only ... is left"): each fails the step check after a sound prefix."""
    from cotforge.core.registry import TASKS

    twins: dict[str, int] = {"unary": 0, "naked_single": 0}
    for task in ("seating", "zebra"):
        problem = TASKS.get(task).from_level(3, seed=0).generate(1)
        space = SPACES.get("csp")(problem)
        verifier = VERIFIERS.get(problem.verifier)
        space._stride = 1
        state, chain = space.root(), []
        for i in range(40):
            if space.is_terminal(state) or state.assumed:
                break
            ahead = next(space.deductions(state), None)
            space._slips = 0
            for move in space.propose_wrong(state, 3, random.Random(i)):
                if ahead is None or ahead.technique not in twins or ahead.placed == state.placed:
                    continue
                if ahead.technique == "unary" and move.next_state.placed == ahead.placed:
                    twins["unary"] += 1
                    assert move.step.error_kind == "misread_clue" and move.step.text.startswith(ahead.text.split(":")[0])
                elif ahead.technique == "naked_single":
                    twins["naked_single"] += 1
                    assert move.step.error_kind == "overlooked_candidate" and move.step.text.startswith("Only ")
                checks = verifier.check_steps(problem, [*chain, move.step])
                assert checks[-1] is False and all(checks[:-1]), move.step.text
            sound = space.propose(state, 1)[0]
            chain.append(sound.step)
            state = space.apply(state, sound)
    assert all(twins.values()), twins
