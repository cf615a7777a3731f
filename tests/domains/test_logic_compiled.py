"""A statement's compiled truth (what a puzzle's completions run) gives ``evaluate``'s three-valued answer everywhere."""

from __future__ import annotations

import itertools
import json

from cotforge.core.registry import TASKS
from cotforge.domains.logic import Puzzle, compiled, evaluate


def test_compiled_truth_agrees_with_evaluate_on_every_partial_assignment() -> None:
    seen = set()
    for level in range(1, 6):
        generator = TASKS.get("knights_knaves").from_level(level, seed=3)
        for index in range(6):
            puzzle = Puzzle.from_payload(json.loads(generator.generate(index).payload))
            for values in itertools.product((True, False, None), repeat=len(puzzle.names)):
                for _, statement in puzzle.statements:
                    truth = evaluate(statement, values)
                    assert compiled(statement)(values) == truth, (statement, values)
                    seen.add(truth)
                expected = [n for n, (speaker, s) in enumerate(puzzle.statements)
                            if values[speaker] is not None and evaluate(s, values) not in (None, values[speaker])]
                assert puzzle.violated(values) == expected
    assert seen == {True, False, None}


def test_truth_tables_agree_with_evaluate_and_completions() -> None:
    """A statement's truth table holds ``evaluate`` on every full assignment, in ``completions``' order; a puzzle's
    table of solutions holds exactly what ``completions`` yields, lowest bit first - on generated puzzles (2-6 people)
    and on the same puzzles with each top "or" read as exclusive, or the first statement left out."""
    from cotforge.domains.logic import Or, Xor, assignment_at, said_truly, solutions_table, truth_table

    counts = set()
    for level in range(1, 6):
        generator = TASKS.get("knights_knaves").from_level(level, seed=4)
        for index in range(8):
            puzzle = Puzzle.from_payload(json.loads(generator.generate(index).payload))
            n = len(puzzle.names)
            every = list(itertools.product((True, False), repeat=n))
            assert [assignment_at(k, n) for k in range(1 << n)] == every
            variants = [puzzle.statements, puzzle.statements[1:],
                        tuple((i, Xor(s.left, s.right) if isinstance(s, Or) else s) for i, s in puzzle.statements)]
            for statements in variants:
                for speaker, s in statements:
                    table = truth_table(s, n)
                    assert [bool(table >> k & 1) for k in range(1 << n)] == [evaluate(s, a) for a in every]
                    kept = said_truly(speaker, s, n)
                    assert [bool(kept >> k & 1) for k in range(1 << n)] == [evaluate(s, a) == a[speaker] for a in every]
                found = solutions_table(statements, n)
                assert [assignment_at(k, n) for k in range(1 << n) if found >> k & 1] == list(
                    Puzzle(puzzle.names, statements).completions())
                counts.add(bin(found).count("1"))
    assert {1} < counts  # unique puzzles, and lists of statements that are not
