"""synthesis, input_search and bug_hunt: readable steps whose claims hold when the code really runs."""

from __future__ import annotations

import dataclasses
import json
import random

import pytest

from cotforge.core.registry import SEARCHES, SPACES, TASKS, VERIFIERS
from cotforge.solvers.search.base import Budget, SearchResult


def _solve(task: str, level: int, seed: int, index: int = 0, wrong: int = 0) -> tuple:  # type: ignore[type-arg]
    problem = TASKS.get(task).from_level(level, seed=seed).generate(index)
    verifier = VERIFIERS.get(problem.verifier)
    space = SPACES.get(problem.space)(problem)
    reward = lambda a: 1.0 if verifier.verify(problem, a).accepted else 0.0  # noqa: E731
    result: SearchResult = SEARCHES.get("best_first")(space, reward, Budget(wrong_moves=wrong), random.Random(0))
    path = result.best_path()
    assert path is not None, problem.question
    steps = [result.nodes[n].step for n in path[1:]]
    return problem, verifier, steps, result


@pytest.mark.parametrize("task", ["code_input", "function_synthesis", "bug_fix"])
@pytest.mark.parametrize("level", [1, 5])
def test_every_step_claim_holds_in_the_sandbox(task: str, level: int) -> None:
    problem, verifier, steps, _ = _solve(task, level, seed=31)
    checks = verifier.check_steps(problem, steps)
    assert all(c is not False for c in checks) and checks.count(True) >= len(steps) - 1
    assert steps[-1].kind == "answer"


def test_step_checks_catch_a_false_claim() -> None:
    problem, verifier, steps, _ = _solve("function_synthesis", 3, seed=5)
    step = next(s for s in steps if s.kind == "check")
    state = json.loads(step.state)
    state["claims"][0][1] = ["i", 123456] if state["claims"][0][1][0] == "i" else ["l", [["i", 123456]]]
    forged = dataclasses.replace(step, state=json.dumps(state))
    assert verifier.check_steps(problem, [forged]) == [False]


def test_synthesis_guesses_checks_and_fixes() -> None:
    kinds = set()
    texts = []
    for i in range(6):
        _, _, steps, _ = _solve("function_synthesis", 4, seed=1, index=i)
        kinds |= {s.kind for s in steps}
        texts += [s.text for s in steps]
    assert {"plan", "hypothesis", "check", "fix", "answer"} <= kinds
    assert any("My first guess is to" in t for t in texts) and any("was only a guess" in t for t in texts)
    assert any("✗" in t for t in texts) and any("All pass." in t for t in texts)


def test_input_search_says_which_candidates_fail_and_why() -> None:
    texts = [s.text for i in range(8) for s in _solve("code_input", 5, seed=2, index=i)[2]]
    assert any("would not do:" in t for t in texts) and any("It cannot have been" in t for t in texts)
    easy = [s.text for i in range(4) for s in _solve("code_input", 1, seed=2, index=i)[2]]
    assert not any("It cannot have been" in t for t in easy)
    assert all("work backwards" in t for t in texts if t.startswith("`f` takes"))
    assert any(t.startswith("Running it forwards to be sure") for t in texts)


def test_bug_hunt_locates_the_injected_line() -> None:
    for level in (2, 5):
        problem, _, steps, _ = _solve("bug_fix", level, seed=9)
        line = json.loads(problem.metadata)["bug_line"] + 2  # after the def line and the docstring
        assert [s.kind for s in steps] == ["run"] + ["trace"] * (line - 3) + ["locate", "fix", "answer"]
        assert "fails" in steps[0].text and f"the bug is in line {line}" in steps[line - 2].text
        assert all("as it should" in s.text for s in steps if s.kind == "trace")
        assert "Re-running the tests" in steps[-1].text


@pytest.mark.parametrize("task", ["function_synthesis", "bug_fix"])
def test_wrong_moves_are_labelled_negatives(task: str) -> None:
    problem, _, _, result = _solve(task, 3, seed=4, wrong=1)
    wrong = [n for n in result.nodes if n.step is not None and n.step.intended_wrong]
    assert wrong and all(n.answer is None or n.reward == 0.0 for n in result.nodes if n.terminal and n in wrong)


@pytest.mark.parametrize("task", ["bug_fix", "code_input", "function_synthesis"])
def test_every_wrong_move_is_shown_wrong_by_the_step_check(task: str) -> None:
    """Each labelled wrong step claims what its text asserts, so running its code (the verifier's
    step check) rejects it; three kinds of mistake or more per task, each named."""
    import random as _random

    from cotforge.core.registry import SPACES as _SPACES
    from cotforge.core.registry import TASKS as _TASKS
    from cotforge.core.registry import VERIFIERS as _VERIFIERS

    kinds, wrong_steps = set(), []
    for level in (1, 3, 5):
        for i in range(3):
            problem = _TASKS.get(task).from_level(level, seed=2).generate(i)
            space = _SPACES.get(problem.space)(problem)
            frontier, seen = [space.root()], 0
            while frontier and seen < 25:
                state = frontier.pop()
                seen += 1
                if space.is_terminal(state):
                    continue
                for move in space.propose_wrong(state, 1, _random.Random(seen)):
                    assert move.step.intended_wrong and move.step.error_kind
                    kinds.add(move.step.error_kind)
                    wrong_steps.append((problem, move.step))
                frontier += [m.next_state for m in space.propose(state, 3)]
    assert len(kinds) >= 3, kinds
    for problem, step in wrong_steps:
        assert _VERIFIERS.get(problem.verifier).check_steps(problem, [step]) == [False], step.text


def test_synthesis_careless_negatives_check_and_answer_like_solutions() -> None:
    """function_synthesis negatives carried to a wrong function go on the way a solution does: after a
    misread part the other parts, a check (with the values the writer believes) and the fixes, so the step
    kinds match the solution's; every one ends "Every example passes"; a misread test is shown wrong."""
    from cotforge.pipelines.solve import solve_problem
    from cotforge.solvers.search.base import SearchSettings

    kinds, matched = set(), 0
    for level in (3, 4):
        for index in range(4):
            record = solve_problem(TASKS.get("function_synthesis").from_level(level, seed=5).generate(index),
                                   SearchSettings(negatives=3)).record
            assert record is not None
            verifier = VERIFIERS.get(record.problem.verifier)
            for negative in record.negatives:
                k = negative.first_wrong_step
                if negative.answer is None or k is None:
                    continue
                wrong = negative.steps[k]
                kinds.add(wrong.error_kind)
                assert negative.steps[-1].text.startswith("Every example passes, so this is the function:")
                assert not verifier.verify(record.problem, negative.answer).accepted
                assert verifier.check_steps(record.problem, [wrong]) == [False]
                if wrong.error_kind in ("misread_clause", "misread_test", "wrong_fix"):
                    assert "check" in [s.kind for s in negative.steps[k + 1:]] or wrong.kind == "check"
                if wrong.error_kind == "misread_clause":
                    matched += [s.kind for s in negative.steps] == [s.kind for s in record.chain.steps]
    assert {"misread_clause", "misread_test"} <= kinds, kinds
    assert matched, "no misread part carried through a solution's own steps"


def test_synthesis_misread_test_reports_real_outputs_and_ticks_a_failing_example() -> None:
    """A misread test: the check reports what the code returns, but ticks an example whose expected value
    differs; the careless writer goes on believing it passes, to a function that fails it."""
    for index in range(6):
        problem = TASKS.get("function_synthesis").from_level(4, seed=5).generate(index)
        space = SPACES.get(problem.space)(problem)
        state = space.root()
        while state[1] not in ("unchecked", "done"):
            state = space.propose(state, 1)[0].next_state
        moves = [m for m in space.propose_wrong(state, 2, random.Random(0)) if m.step.error_kind == "misread_test"]
        if not moves:
            continue
        step = moves[0].step
        assert "✓" in step.text and VERIFIERS.get(problem.verifier).check_steps(problem, [step]) == [False]
        made = space.conclude_careless(space.apply(state, moves[0]))
        assert made is not None
        steps, answer = made
        assert steps[-1].text.startswith("Every example passes") and answer.startswith("```python")
        assert not VERIFIERS.get(problem.verifier).verify(problem, answer).accepted
        return
    pytest.fail("no failing first check to misread in 6 items")


def test_code_input_and_bug_fix_slips_read_like_sound_steps() -> None:
    """code_input: a wrong candidate is listed among the values that give the line's output, as a sound
    step lists them, and the run forwards at the end shows the values the writer expects; bug_fix: a fix
    of the right line written as another op is worded as the sound fix."""
    from cotforge.pipelines.solve import solve_problem
    from cotforge.solvers.search.base import SearchSettings

    seen = set()
    for task in ("code_input", "bug_fix"):
        for index in range(6):
            record = solve_problem(TASKS.get(task).from_level(3, seed=5).generate(index), SearchSettings(negatives=3)).record
            assert record is not None
            for negative in record.negatives:
                k = negative.first_wrong_step
                if negative.answer is None or k is None:
                    continue
                wrong, last = negative.steps[k], negative.steps[-1]
                if wrong.error_kind in ("off_by_one", "wrong_inverse"):
                    assert "Values going in that give it:" in wrong.text and " → " in last.text
                    assert last.text.startswith("Running it forwards to be sure:")
                    seen.add(wrong.error_kind)
                if wrong.error_kind == "wrong_fix":
                    assert "Writing the line so that it does:" in wrong.text and "must be the culprit" not in wrong.text
                    seen.add("wrong_fix")
    assert {"wrong_fix"} <= seen and seen & {"off_by_one", "wrong_inverse"}, seen


def test_a_near_miss_is_as_often_longer_as_shorter() -> None:
    from cotforge.solvers.spaces._code_steps import nudged

    rng = random.Random(0)
    strings = [nudged("Lemon", rng) for _ in range(40)]
    assert {"Lemo", "Lemonn"} == set(strings)
    lists = [nudged(["a", "b"], rng) for _ in range(40)]
    assert ["a"] in lists and ["a", "b", 1] in lists
    assert nudged("", rng) == "a" and nudged(True, rng) is None
