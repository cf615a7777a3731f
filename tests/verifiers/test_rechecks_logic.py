"""Independent re-checks of the logic gold answers: they agree with the generators and catch bad golds
and puzzles that lost their unique solution."""

from __future__ import annotations

import dataclasses
import json
import random
import re
from collections.abc import Iterator

import pytest

from cotforge.core.records import Problem
from cotforge.core.registry import RECHECKS, TASKS
from cotforge.core.task import LEVELS
from cotforge.verifiers.rechecks.logic_unique import count_solutions

LOGIC = sorted(t for t in TASKS.names() if TASKS.get(t).domain == "logic")
UNIQUE = ["futoshiki", "graph_coloring", "knights_knaves", "seating", "sudoku", "zebra"]
ITEMS = 2


def _problems(task: str, level: int, items: int = ITEMS) -> list[Problem]:
    generator = TASKS.get(task).from_level(level, seed=31)
    return [generator.generate(i) for i in range(items)]


def test_every_logic_task_has_a_recheck() -> None:
    assert len(LOGIC) >= 10 and "shortest_path" in LOGIC
    assert [t for t in LOGIC if t not in RECHECKS] == []


@pytest.mark.parametrize("task", LOGIC)
def test_recheck_agrees_with_gold_at_every_level(task: str) -> None:
    for level in LEVELS:
        for problem in _problems(task, level):
            assert RECHECKS.get(task)(problem) is None, (problem.question, problem.answer)


@pytest.mark.parametrize("task", LOGIC)
def test_recheck_rejects_a_corrupted_gold(task: str) -> None:
    """The generator's own plausible wrong answer, stored as the gold, must be caught."""
    for level in (1, 3, 5):
        for problem in _problems(task, level):
            wrong = TASKS.get(task).from_level(level).perturb(problem, random.Random(problem.index))
            message = RECHECKS.get(task)(dataclasses.replace(problem, answer=wrong))
            assert message is not None, (problem.question, wrong)


def _loosened(problem: Problem) -> Iterator[Problem]:
    """The puzzle with more and more of its givens or clues taken away (one more each time)."""
    task = problem.task
    if task in ("sudoku", "futoshiki"):
        lines = problem.question.split("\n")
        spots = [(r, m.start()) for r, line in enumerate(lines) if re.fullmatch(r"[\d.<> ]+", line) and re.search(r"\d", line)
                 for m in re.finditer(r"\d", line)]  # fmt: skip
        for r, c in spots:
            lines[r] = lines[r][:c] + "." + lines[r][c + 1 :]
            yield dataclasses.replace(problem, question="\n".join(lines))
    elif task == "graph_coloring":
        head, rest = problem.question.split("Already coloured: ")
        given, tail = rest.split(". Give", 1)
        items = given.split(", ")
        for k in range(len(items) - 1, 0, -1):
            yield dataclasses.replace(problem, question=f"{head}Already coloured: {', '.join(items[:k])}. Give{tail}")
    else:
        data = problem.data()
        key = "statements" if task == "knights_knaves" else "constraints"
        keep = [c for c in data[key] if key == "statements" or c["kind"] != "alldiff"]
        fixed = [c for c in data[key] if c not in keep]
        while keep:
            keep = keep[1:]
            yield dataclasses.replace(problem, payload=json.dumps({**data, key: fixed + keep}))


@pytest.mark.parametrize("task", UNIQUE)
def test_recheck_catches_a_puzzle_with_two_solutions(task: str) -> None:
    for level in (2, 4):
        problem = _problems(task, level, 1)[0]
        verdicts = (RECHECKS.get(task)(p) for p in _loosened(problem))
        first = next((v for v in verdicts if v is not None), None)
        assert first is not None and "more than one solution" in first, (problem.question, first)


def test_counter_counts() -> None:
    latin = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [0, 3, 6], [1, 4, 7], [2, 5, 8]]
    every = count_solutions([{1, 2, 3}] * 9, latin, [], limit=100)
    assert len(every) == 12  # 3x3 Latin squares
    assert len(count_solutions([{1}] + [{1, 2, 3}] * 8, latin, [], limit=100)) == 4
    assert count_solutions([{1, 2}, {1, 2}, {1, 2}], [[0, 1, 2]], []) == []  # pigeonhole
    ordered = count_solutions([{1, 2, 3}] * 3, [[0, 1, 2]], [(0, 1, lambda a, b: a < b), (1, 2, lambda a, b: a < b)])
    assert ordered == [[1, 2, 3]]


def test_shortest_path_recheck_reads_the_map_not_the_payload() -> None:
    problem = _problems("shortest_path", 3, 1)[0]
    length = int(problem.answer.rsplit("length ", 1)[1].rstrip(")"))
    roads = re.findall(r"\w+ -> \w+ \((\d+)\)", problem.question)
    # make the direct road (a distractor) shorter than the gold route: the gold is no longer shortest
    s, t = re.search(r"from (\w+) to (\w+)\.", problem.question).groups()  # type: ignore[union-attr]
    direct = re.search(rf"{s} -> {t} \((\d+)\)", problem.question)
    assert direct is not None and roads
    cheaper = problem.question.replace(direct.group(0), f"{s} -> {t} ({length - 1})")
    message = RECHECKS.get("shortest_path")(dataclasses.replace(problem, question=cheaper))
    assert message is not None and "shortest distance" in message


def test_countdown_recheck_enforces_the_rules() -> None:
    problem = _problems("countdown", 2, 1)[0]
    nums = [int(x) for x in re.search(r"numbers ([\d, ]+),", problem.question).group(1).split(", ")]  # type: ignore[union-attr]
    check = RECHECKS.get("countdown")
    assert check(dataclasses.replace(problem, answer=f"{nums[0]} + {nums[0]} + {nums[0]}")) is not None
    assert "whole" in (check(dataclasses.replace(problem, answer=f"{nums[0]} - {nums[0]}")) or "")


def test_futoshiki_without_any_inequality_is_rechecked() -> None:
    """Easy futoshiki grids can have no signs at all ("The inequalities are: none.")."""
    generator = TASKS.get("futoshiki").from_level(1, seed=0)
    problem = next(p for p in map(generator.generate, range(200)) if "inequalities are: none" in p.question)
    assert RECHECKS.get("futoshiki")(problem) is None
    wrong = dataclasses.replace(problem, answer=problem.answer.replace("1", "#").replace("2", "1").replace("#", "2"))
    assert RECHECKS.get("futoshiki")(wrong) is not None
