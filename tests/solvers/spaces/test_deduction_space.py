"""knights_knaves deduction space: searches solve every level with sound, readable steps."""

from __future__ import annotations

import json
import random

import pytest

from cotforge.domains.logic import And, Claim, Puzzle
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SEARCHES, SPACES, TASKS, VERIFIERS
from cotforge.solvers.search.base import Budget, SearchResult
from cotforge.solvers.spaces import deduction
from cotforge.solvers.spaces.deduction import KnightsKnavesSpace

VERIFIER = VERIFIERS.get("knights_knaves")
KINDS = {"deduce", "contradiction", "assume", "answer"}


def _problem(puzzle: Puzzle, solution: list[bool]) -> Problem:
    payload = {**puzzle.payload(), "solution": ["knight" if v else "knave" for v in solution]}
    return Problem("knights_knaves", 1, "logic", 1, 0, 0, "", puzzle.answer(solution), json.dumps(payload),
                   "knights_knaves", "knights_knaves")  # fmt: skip


# Zoe: "Ned is a knave."  Ned: "Zoe and I are both knights."  Only answer: Zoe knight, Ned knave.
SMALL = _problem(
    Puzzle(("Zoe", "Ned"), ((0, Claim(1, False)), (1, And(Claim(0, True), Claim(1, True))))), [True, False]
)


def _search(problem: Problem, algorithm: str, budget: Budget = Budget()) -> SearchResult:
    space = SPACES.get(problem.space)(problem)

    def reward(answer: str | None) -> float:
        return 1.0 if VERIFIER.verify(problem, answer).accepted else 0.0

    return SEARCHES.get(algorithm)(space, reward, budget, random.Random(0))


def _steps(result: SearchResult, node_id: int | None = None) -> list[Step]:
    path = result.best_path() if node_id is None else result.path_to(node_id)
    assert path is not None
    steps = [result.nodes[i].step for i in path[1:]]
    return [s for s in steps if s is not None]


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_best_first_solves_every_level_with_checked_steps(level: int) -> None:
    gen = TASKS.get("knights_knaves").from_level(level, seed=11)
    for i in range(12):
        problem = gen.generate(i)
        result = _search(problem, "best_first")
        assert result.solved, problem.question
        steps = _steps(result)
        assert steps[-1].kind == "answer" and steps[-1].text.endswith(f"Answer: {problem.answer}.")
        checks = VERIFIER.check_steps(problem, steps)
        assert all(c is not False for c in checks), (problem.question, [s.text for s in steps], checks)
        assert sum(c is True for c in checks) >= len(steps) - sum(s.kind == "assume" for s in steps)
        for step in steps:
            assert step.kind in KINDS and step.text and "None" not in step.text and "{" not in step.text
            assert set(json.loads(step.state)) >= set(problem.data()["names"]) | {"assumed"}


@pytest.mark.parametrize("level", [1, 2, 3])
def test_mcts_solves_levels_one_to_three(level: int) -> None:
    gen = TASKS.get("knights_knaves").from_level(level, seed=5)
    for i in range(8):
        problem = gen.generate(i)
        result = _search(problem, "mcts")
        path = result.best_path()
        assert result.solved and path is not None, problem.question
        assert VERIFIER.verify(problem, result.nodes[path[-1]].answer).accepted


def test_space_basics() -> None:
    space = KnightsKnavesSpace(SMALL)
    root = space.root()
    assert space.heuristic(root) == 2 and not space.is_terminal(root) and space.answer(root) is None
    first = space.propose(root, 4)[0]
    assert first.step.kind == "deduce" and first.step.text.startswith("Suppose")
    assert first.step.text.endswith("a contradiction. So Zoe is a knight.")
    assert json.loads(first.step.state) == {"Zoe": "knight", "Ned": None, "assumed": []}


def test_case_split_with_dead_end_when_refutation_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deduction, "CHAIN_LIMIT", 0)
    space = KnightsKnavesSpace(SMALL)
    moves = space.propose(space.root(), 4)
    assert [m.step.kind for m in moves] == ["assume", "assume"]
    assert [m.step.text.split(". ")[-1] for m in moves] == ["Suppose Ned is a knight.", "Suppose Ned is a knave."]
    result = _search(SMALL, "best_first", Budget(stop_at_first=False))
    assert result.solved
    dead = [n for n in result.terminals() if n.answer is None]
    assert dead and all(n.step is not None and n.step.kind == "contradiction" for n in dead)
    text = dead[0].step.text if dead[0].step else ""
    assert "statement" in text and "the assumption that Ned is a knight is wrong" in text
    steps = _steps(result, dead[0].id)
    assert VERIFIER.check_steps(SMALL, steps) == [None, True, True]
    assert json.loads(steps[-1].state)["contradiction"] is True
    assert space.answer(dead[0].state) is None
    best = _steps(result)
    assert [s.kind for s in best] == ["assume", "deduce", "answer"]
    assert VERIFIER.check_steps(SMALL, best) == [None, True, True]


@pytest.mark.parametrize("level", [3, 5])
def test_wrong_moves_are_labelled_and_fail_the_step_check(level: int) -> None:
    gen = TASKS.get("knights_knaves").from_level(level, seed=2)
    seen = negatives = 0
    for i in range(10):
        problem = gen.generate(i)
        space = KnightsKnavesSpace(problem)
        for move in space.propose_wrong(space.root(), 2, random.Random(i)):
            seen += 1
            assert move.step.intended_wrong
            assert VERIFIER.check_steps(problem, [move.step]) == [False]
            assert len(space.propose(move.next_state, 4)) == 1  # a wrong branch runs straight to its dead end
            assert space.propose_wrong(move.next_state, 2, random.Random(0)) == []
        result = _search(problem, "best_first", Budget(wrong_moves=1))
        assert result.solved and not any(s.intended_wrong for s in _steps(result))
        negatives += any(n.step is not None and n.step.intended_wrong for n in result.nodes)
    assert seen >= 10 and negatives >= 8


def test_levels_need_more_search() -> None:
    def mean_nodes(level: int) -> float:
        gen = TASKS.get("knights_knaves").from_level(level, seed=0)
        return sum(len(_search(gen.generate(i), "best_first").nodes) for i in range(15)) / 15

    means = [mean_nodes(level) for level in (1, 3, 5)]
    assert means[0] < means[1] < means[2]


def test_wrong_lines_are_written_as_fully_as_sound_ones() -> None:
    """A premature conclusion follows its refutation's links and stops only before the statement that
    breaks (it was stopped at the first link, a giveaway in length); a careless settling cites the
    statement of the person's own that fits it, as a solution's step cites one."""
    hasty = careless = 0
    for level in (2, 3, 4):
        generator = TASKS.get("knights_knaves").from_level(level, seed=2)
        for index in range(5):
            problem = generator.generate(index)
            space = SPACES.get(problem.space)(problem)
            root = space.root()
            for d in space._refutations(root.known, set()):
                assert d.wrong is not None and d.wrong.count("Then ") == d.reason.count("Then "), (d.wrong, d.reason)
                assert d.wrong.endswith("and that fits") and "contradiction" not in d.wrong
                hasty += 1
            for move in space.propose_wrong(root, 3, random.Random(index)):
                made = space.conclude_careless(space.apply(root, move))
                if made is None:
                    continue
                texts = [s.text for s in made[0]]
                careless += sum(t.startswith("If ") and "as it should be" in t for t in texts)
                assert not any(t.startswith("Nothing above") for t in texts[:-1] if "statement" in t)
    assert hasty >= 3 and careless >= 1, (hasty, careless)
