"""propositional's wrong lines are written as its solutions are: a slip keeps the sound step's words,
a missed case follows its supposition's links, and a careless line (one statement missed) unit-steps,
refutes and takes cases as the solution does."""

from __future__ import annotations

import json
import random

from cotforge.core.registry import SPACES, TASKS, VERIFIERS
from cotforge.domains.propositional import clause_value


def test_wrong_steps_and_careless_lines_read_like_sound_ones() -> None:
    slips = careless_cases = 0
    for level in (1, 2, 3, 4, 5):
        generator = TASKS.get("propositional").from_level(level, seed=3)
        for index in range(12):  # a careless line takes a case only where nothing is forced or refuted: rare
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
                # it stops where the solution would (free variables said to be anything, as the solution says them)
                assert not any("can be anything" in s.text or "Answer:" in s.text for s in steps[:-1])
                assert steps[-1].text.startswith("Now every") and "Answer:" in steps[-1].text, steps[-1].text
                careless_cases += sum(s.text.startswith("Nothing is forced now, so try cases.") for s in steps)
                assert verifier.check_steps(problem, [move.step, *steps])[0] is False
                assert not verifier.verify(problem, answer).accepted
    assert slips and careless_cases, (slips, careless_cases)


def test_where_the_solution_refutes_a_misread_statement_is_a_refutation_the_step_check_fails() -> None:
    """At a point where the solution's next step is a refutation, ``misread_clause`` is written as one
    ("suppose X; then ...; but then statement k would be false; so not X") with a statement it leaves true
    read as broken; it asserts a value no model has, so the step check fails it."""
    seen = 0
    for level in (2, 3, 4, 5):
        generator = TASKS.get("propositional").from_level(level, seed=1)
        for index in range(8):
            problem = generator.generate(index)
            space = SPACES.get(problem.space)(problem)
            verifier = VERIFIERS.get(problem.verifier)
            root = space.root()
            if not space.propose(root, 1)[0].step.text.startswith("Suppose"):
                continue  # the solution's first step is no refutation
            for move in space.propose_wrong(root, 8, random.Random(index)):
                if move.step.error_kind == "misread_clause":
                    assert move.step.text.startswith("Suppose") and "would be false. So" in move.step.text, move.step.text
                    assert verifier.check_steps(problem, [move.step]) == [False], move.step.text
                    seen += 1
    assert seen >= 2, seen


def test_a_careless_line_stops_where_every_statement_it_sees_is_true() -> None:
    """The careless line misses one statement, the one its model breaks; it takes a step only while a
    statement it does see is not yet true (the stand-in for the missed one never keeps it going), and a
    "That fits" missed case keeps what its links found instead of deriving it again."""
    lines = fits = 0
    for level in (1, 2, 3, 4, 5):
        generator = TASKS.get("propositional").from_level(level, seed=0)
        for index in range(6):
            problem = generator.generate(index)
            space = SPACES.get(problem.space)(problem)
            root = space.root()
            for move in space.propose_wrong(root, 8, random.Random(index)):
                after = space.apply(root, move)
                chain_vars: set[int] = set()
                if "That fits" in move.step.text:
                    fits += 1
                    chain_vars = {i for i, v in enumerate(after.values) if v is not None}
                    assert len(chain_vars) == move.step.text.count("Then by") + 1, move.step.text
                made = space.conclude_careless(after)
                if made is None:
                    continue
                steps, _ = made
                final = json.loads(steps[-1].state)["values"]
                broken = [c for c in space.clauses if clause_value(c, final) is False]
                assert len(broken) == 1, move.step.text  # the missed statement, and only it
                before = [move.step, *steps[:-1]]
                for prev, step in zip(before, steps[:-1]):
                    values = json.loads(prev.state)["values"]
                    assert any(clause_value(c, values) is not True for c in space.clauses if c != broken[0]), step.text
                    newly = {i for i, (a, b) in enumerate(zip(values, json.loads(step.state)["values"])) if a != b}
                    assert not newly & chain_vars, step.text
                lines += 1
    assert lines >= 20 and fits >= 2, (lines, fits)
