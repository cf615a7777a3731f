"""Shared test helper: walk a problem's first-choice path and collect every wrong move offered."""

from __future__ import annotations

import random

from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES, VERIFIERS


def sound_and_wrong_steps(problem: Problem, limit: int = 30) -> tuple[list[Step], list[Step]]:
    """The steps of the first-choice path, and every wrong move offered along it."""
    space = SPACES.get(problem.space)(problem)
    state, sound, wrong = space.root(), [], []
    rng = random.Random(problem.index)
    for _ in range(limit):
        if space.is_terminal(state):
            break
        wrong += [m.step for m in space.propose_wrong(state, 10, rng)]
        moves = space.propose(state, 4)
        sound.append(moves[0].step)
        state = space.apply(state, moves[0])
    assert space.is_terminal(state) and VERIFIERS.get(problem.verifier).verify(problem, space.answer(state)).accepted
    return sound, wrong


def assert_wrong_moves_are_wrong(problems: list[Problem], kinds_wanted: int = 2) -> None:
    """Every sound step checks True, every offered slip is marked and checks False."""
    verifier = VERIFIERS.get("math")
    kinds = set()
    for problem in problems:
        sound, wrong = sound_and_wrong_steps(problem)
        assert all(verifier.check_steps(problem, sound)), [s.state for s in sound]
        assert all(s.intended_wrong for s in wrong)
        checks = verifier.check_steps(problem, wrong)
        assert all(c is False for c in checks), [(s.text, c) for s, c in zip(wrong, checks)]
        kinds |= {s.error_kind or s.kind for s in wrong}
    assert len(kinds) >= kinds_wanted, kinds


def assert_error_kinds_at_every_position(problems: list[Problem], minimum: int = 3) -> None:
    """At every step of the first-choice path, the offered wrong moves span ``minimum`` error kinds,
    every one named, marked and shown wrong by the step check; every sound step checks True."""
    verifier = VERIFIERS.get("math")
    for problem in problems:
        space = SPACES.get(problem.space)(problem)
        state, rng = space.root(), random.Random(problem.index)
        while not space.is_terminal(state):
            wrong = [m.step for m in space.propose_wrong(state, 20, rng)]
            sound = space.propose(state, 4)[0]
            assert len({s.error_kind for s in wrong}) >= minimum, (problem.question, sound.step.text, [s.error_kind for s in wrong])
            assert all(s.intended_wrong and s.error_kind for s in wrong)
            assert all(c is False for c in verifier.check_steps(problem, wrong)), [(s.text, s.state) for s in wrong]
            assert verifier.check_steps(problem, [sound.step]) == [True], sound.step.text
            state = space.apply(state, sound)


def assert_items_unique_and_apart(task: str, n: int = 300) -> None:
    """No question repeats within a seed, and seeds 0 and 1 share none, at every level."""
    from cotforge.core.registry import TASKS

    for level in range(1, 6):
        a = [TASKS.get(task).from_level(level, seed=0).generate(i).question for i in range(n)]
        b = [TASKS.get(task).from_level(level, seed=1).generate(i).question for i in range(n)]
        assert len(set(a)) == n, (level, n - len(set(a)))
        assert not set(a) & set(b), (level, sorted(set(a) & set(b))[:3])
