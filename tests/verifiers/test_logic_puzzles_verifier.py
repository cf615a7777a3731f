"""Constraint-puzzle verifiers: answers read in the forms models write, judged by the rules."""

from __future__ import annotations

import json

import pytest

from cotforge.core.registry import VERIFIERS
from cotforge.generators.logic.sudoku import SudokuGenerator


@pytest.fixture(scope="module")
def sudoku():  # type: ignore[no-untyped-def]
    return SudokuGenerator.from_level(2, seed=0).generate(0)


def _rows(problem) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [line.split() for line in problem.answer.splitlines()]


def test_sudoku_answer_forms(sudoku) -> None:  # type: ignore[no-untyped-def]
    v = VERIFIERS.get("sudoku")
    rows = _rows(sudoku)
    forms = [
        sudoku.answer,
        "Here is the solution:\n" + "\n".join("| " + " | ".join(r) + " |" for r in rows),
        "\n".join(f"Row {i + 1}: {' '.join(r)}" for i, r in enumerate(rows)),
        "The answer is:\n```\n" + "\n".join("".join(r) for r in rows) + "\n```",
        json.dumps([[int(x) for x in r] for r in rows]),
        "\\boxed{" + "".join("".join(r) for r in rows) + "}",
        "Working... row 1 starts 1 2.\nAnswer:\n" + "\n".join(",".join(r) for r in rows),
    ]
    for text in forms:
        assert v.verify(sudoku, text).accepted, text


def test_sudoku_rejects_broken_grids_and_changed_givens(sudoku) -> None:  # type: ignore[no-untyped-def]
    v = VERIFIERS.get("sudoku")
    rows = _rows(sudoku)
    swapped = [r[:] for r in rows]
    swapped[0][0], swapped[0][1] = swapped[0][1], swapped[0][0]
    verdict = v.verify(sudoku, "\n".join(" ".join(r) for r in swapped))
    assert verdict.status == "reject"
    relabel = {str(d): str(d % 6 + 1) for d in range(1, 7)}  # a valid grid, but not these givens
    other = "\n".join(" ".join(relabel[x] for x in r) for r in rows)
    assert v.verify(sudoku, other).reason == "the answer changes a given"
    assert v.verify(sudoku, "1 2 3").status == "unreadable"
    assert v.verify(sudoku, "").status == "unreadable"
    assert v.verify(sudoku, "[[1, 2], [").status == "unreadable"


def test_zebra_answer_forms_and_rejections() -> None:
    from cotforge.generators.logic.zebra import ZebraGenerator

    p = ZebraGenerator.from_level(2, seed=1).generate(0)
    v = VERIFIERS.get("zebra")
    data = p.data()
    attrs = data["layout"]["attributes"]
    n = len(data["values"])
    house_of = {name: data["solution"][var] for a in attrs for var, name in zip(a["vars"], a["values"])}
    by_house = [[name for a in attrs for name in a["values"] if house_of[name] == h] for h in range(n)]
    header = "| House | " + " | ".join(a["name"] for a in attrs) + " |"
    forms = [
        p.answer,
        "Solution:\n" + header + "\n|---|---|---|---|\n" + "\n".join(f"| {h + 1} | " + " | ".join(r) + " |" for h, r in enumerate(by_house)),
        " ".join(f"The {r[0]} lives in house {h + 1}, with {', '.join(r[1:])}." for h, r in enumerate(by_house)),
        json.dumps({f"House {h + 1}": dict(zip([a["name"] for a in attrs], r)) for h, r in enumerate(by_house)}),
        json.dumps({name: h + 1 for name, h in house_of.items()}),
        "\n".join(f"{a['name']}: " + ", ".join(sorted(a["values"], key=lambda x: house_of[x])) for a in attrs),
    ]
    for text in forms:
        assert v.verify(p, text).accepted, text
    swapped = p.answer.splitlines()
    swapped[0], swapped[1] = swapped[0].split(":")[0] + ":" + swapped[1].split(":")[1], swapped[1].split(":")[0] + ":" + swapped[0].split(":")[1]
    verdict = v.verify(p, "\n".join(swapped))
    assert verdict.status == "reject" and "clue" in verdict.reason
    assert v.verify(p, "\n".join(p.answer.splitlines()[:-1])).status == "unreadable"
    assert v.verify(p, "I do not know").status == "unreadable"
