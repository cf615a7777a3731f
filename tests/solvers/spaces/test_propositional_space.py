"""propositional's wrong lines are written as its solutions are: a slip keeps the sound step's words,
a missed case follows its supposition's links, and a careless line takes cases as the solution does."""

from __future__ import annotations

import random

from cotforge.core.registry import SPACES, TASKS, VERIFIERS


def test_wrong_steps_and_careless_lines_read_like_sound_ones() -> None:
    slips = careless_cases = 0
    for level in (1, 2, 3):
        generator = TASKS.get("propositional").from_level(level, seed=3)
        for index in range(6):
            problem = generator.generate(index)
            space = SPACES.get(problem.space)(problem)
            verifier = VERIFIERS.get(problem.verifier)
            root = space.root()
            for move in space.propose_wrong(root, 3, random.Random(index)):
                text = move.step.text
                if move.step.error_kind == "sign_slip":
                    assert "with its other options false" in text, text
                    slips += 1
                if move.step.error_kind == "premature_conclusion" and text.startswith("Suppose"):
                    assert "That fits, so" in text and "would be false" not in text, text
                made = space.conclude_careless(space.apply(root, move))
                if made is None:
                    continue
                steps, answer = made
                assert not any("can be anything" in s.text for s in steps)  # every variable is written out
                careless_cases += sum(s.text.startswith("Nothing is forced now, so try cases.") for s in steps)
                assert verifier.check_steps(problem, [move.step, *steps])[0] is False
                assert not verifier.verify(problem, answer).accepted
    assert slips and careless_cases, (slips, careless_cases)
