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
