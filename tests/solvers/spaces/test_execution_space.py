"""code_trace space: an executed, readable, machine-checkable trace that search can follow."""

from __future__ import annotations

import json
import random
import re

import pytest

from cotforge.core.records import Problem
from cotforge.core.registry import SEARCHES, SPACES, TASKS, VERIFIERS
from cotforge.solvers.search.base import Budget
from cotforge.solvers.spaces import execution
from cotforge.solvers.spaces._code_mistakes import mistakes
from cotforge.solvers.spaces.execution import CodeTraceSpace

VERIFIER = VERIFIERS.get("code_output")


def _problem(program: str) -> Problem:
    output = execution.run_python(program).stdout
    payload = json.dumps({"program": program, "output": output})
    return Problem("code_output", 1, "code", 1, 0, 0, "", output.strip(), payload, "code_trace", "code_output")


def _walk(space: CodeTraceSpace) -> list:
    state, steps = space.root(), []
    while not space.is_terminal(state):
        (move,) = space.propose(state, 4)
        steps.append(move.step)
        state = move.next_state
    return steps


def _solve(problem: Problem, budget: Budget = Budget()):  # type: ignore[no-untyped-def]
    space = SPACES.get(problem.space)(problem)
    reward = lambda a: 1.0 if VERIFIER.verify(problem, a).accepted else 0.0  # noqa: E731
    return space, SEARCHES.get("best_first")(space, reward, budget, random.Random(0))


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_best_first_solves_every_level_with_checked_steps(level: int) -> None:
    gen = TASKS.get("code_output").from_level(level, seed=21)
    for i in range(2):
        problem = gen.generate(i)
        space, result = _solve(problem)
        path = result.best_path()
        assert path is not None
        steps = [result.nodes[n].step for n in path[1:]]
        assert VERIFIER.check_steps(problem, steps) == [True] * len(steps)
        assert len(steps) <= execution.MAX_STEPS[level] and steps[-1].kind == "answer"
        assert space.answer(result.nodes[path[-1]].state) == problem.answer


def test_steps_read_like_a_careful_human() -> None:
    program = "nums = [1, 2, 3]\ntotal = 0\nfor x in nums:\n    total += x\nprint(total)\n"
    texts = [s.text for s in _walk(CodeTraceSpace(_problem(program)))]
    assert texts[:3] == ["Line 1: `nums = [1, 2, 3]` — nums becomes [1, 2, 3].",
                         "Line 2: `total = 0` — total becomes 0.", "Line 3: `for x in nums:` — x = 1."]
    assert "Line 4: `total += x` — total becomes 6." in texts
    assert "Line 3: `for x in nums:` — no items left, so the loop ends." in texts
    assert "Line 5: `print(total)` prints `6`." in texts
    assert texts[-1] == "So the program prints:\n```\n6\n```"


def test_states_are_machine_checkable() -> None:
    program = "a = 2\nprint(a)\na = a * 5\nprint(a + 1)\n"
    states = [json.loads(s.state) for s in _walk(CodeTraceSpace(_problem(program)))]
    assert states[0] == {"line": 1, "vars": {"a": "2"}, "output": ""}
    assert states[1]["output"] == "2\n" and states[2]["vars"] == {"a": "10"}
    assert states[-1]["output"] == "2\n11\n"


def test_calls_are_shown_then_folded_when_long() -> None:
    short = "def sq(n):\n    return n * n\n\ny = sq(3)\nprint(y)\n"
    texts = [s.text for s in _walk(CodeTraceSpace(_problem(short)))]
    assert "Calling `sq` with n = 3." in texts and "Line 2: `return n * n` — `sq` returns 9." in texts
    long = "def sq(n):\n    return n * n\n\nt = 0\nfor i in range(12):\n    t += sq(i)\nprint(t)\n"
    texts = [s.text for s in _walk(CodeTraceSpace(_problem(long)))]
    assert any(t.startswith("Passes 2–11 (i = 1, 2, 3,") and "t goes 1 → 5 → 14" in t for t in texts)
    assert any(t.endswith("t becomes 506.") and t.startswith("Line 6: `t += sq(i)`") for t in texts)
    assert len(texts) <= execution.MAX_STEPS[1]


def test_long_loops_show_the_body_the_first_and_last_pass_and_the_passes_between() -> None:
    program = "n = 60\nsteps = 0\nwhile n > 0:\n    n -= 2\n    steps += 1\nprint(steps)\n"
    problem = _problem(program)
    steps = _walk(CodeTraceSpace(problem))
    texts = [s.text for s in steps]
    assert len(steps) <= execution.MAX_STEPS[1]
    assert any(t.startswith("Lines 3–5 loop 30 times; every pass runs `n -= 2`; `steps += 1`.") for t in texts)
    assert "Line 4: `n -= 2` — n becomes 58." in texts and "Line 4: `n -= 2` — n becomes 0." in texts
    between = next(t for t in texts if t.startswith("Passes 2–29"))
    assert "n goes 56 → 54 →" in between and "→ 2" in between and "steps goes 2 → 3 →" in between
    assert VERIFIER.check_steps(problem, steps) == [True] * len(steps)
    nested = "t = 0\nfor i in range(8):\n    for j in range(8):\n        t += i * j\nprint(t)\n"
    problem = _problem(nested)
    steps = _walk(CodeTraceSpace(problem))
    assert len(steps) <= execution.MAX_STEPS[1]
    assert VERIFIER.check_steps(problem, steps) == [True] * len(steps)


def test_a_crash_ends_the_trace_with_the_error() -> None:
    program = "print('a')\nx = 1 // 0\nprint('b')\n"
    space = CodeTraceSpace(_problem(program))
    steps = _walk(space)
    assert "raises ZeroDivisionError" in steps[-1].text
    assert json.loads(steps[-1].state)["output"] == "a\n"


def test_trace_runs_once_in_the_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = _problem("a = 1\nprint(a)\n")
    calls = []
    real = execution.run_warm
    monkeypatch.setattr(execution, "run_warm", lambda *a, **k: calls.append(1) or real(*a, **k))
    space = CodeTraceSpace(problem)
    _walk(space)
    _walk(space)
    assert len(calls) == 1


def test_wrong_moves_are_labelled_rejected_by_the_step_check_and_lose() -> None:
    problem = _problem("a = 3\nb = a * 4\nprint(b)\nprint('total', b + 1)\nprint('done')\n")
    space = CodeTraceSpace(problem)
    state, prefix, kinds = space.root(), [], set()
    assert space.propose_wrong(state, 1, random.Random(1)) == []  # no print, no checkable slip
    while not space.is_terminal(state):
        for seed in range(6):
            for wrong in space.propose_wrong(state, 1, random.Random(seed)):
                kinds.add(wrong.step.error_kind)
                assert wrong.step.intended_wrong and space.is_terminal(wrong.next_state)
                assert space.answer(wrong.next_state) is None
                assert VERIFIER.check_steps(problem, prefix + [wrong.step])[-1] is False, wrong.step.text
        (right,) = space.propose(state, 1)
        prefix.append(right.step)
        state = right.next_state
    assert {"off_by_one", "arithmetic_slip", "string_slip"} <= kinds
    _, result = _solve(problem, Budget(wrong_moves=1))
    assert result.solved and any(n.step and n.step.intended_wrong for n in result.nodes)


MISREAD = """word = 'kettle'
print(word[1:4], len(word))
total = 0
for i in range(1, 4):
    total += i
print(total)
print('done')
"""


SUMS = "total = 0\nfor i in range(1, 4):\n    total += i\nx = total * 2\nprint(x)\n"


def test_a_mistake_of_tracing_is_the_misread_programs_trace_written_with_the_real_lines() -> None:
    """A mistake (a slice end taken as inclusive, a miscount) is offered at the step where its run first
    prints what the real one does not: the step checker fails it, every earlier step is the real one,
    and its careless conclusion is the misread program's trace to a wrong output the verifier rejects."""
    problem = _problem(MISREAD)
    space = CodeTraceSpace(problem)
    real = _walk(space)
    kinds: set[str] = set()
    state = space.root()
    for i in range(len(real)):
        for kind, wrong, rest, out in space.mistakes_at(i):
            kinds.add(kind)
            for shown in [wrong, *rest]:  # the lines as the program reads, not as the tracer misread them
                for number, code in re.findall(r"Line (\d+): `([^`]*)`", shown.text):
                    assert code == MISREAD.split("\n")[int(number) - 1].strip()
            checks = VERIFIER.check_steps(problem, real[:i] + [wrong] + rest)
            assert checks[: i] == [True] * i and checks[i] is False
            assert not VERIFIER.verify(problem, out).accepted
            assert rest[-1].kind == "answer" and f"```\n{out}\n```" in rest[-1].text
            moves = space.propose_wrong(state, 3, random.Random(0))
            move = next(m for m in moves if m.step.error_kind == kind and m.step.text == wrong.text)
            assert move.step.intended_wrong and space.is_terminal(move.next_state)
            assert space.conclude_careless(move.next_state) == (rest, out)
        state = space.apply(state, space.propose(state, 1)[0])
    assert {"slice_end", "miscount"} <= kinds


def test_a_mistake_that_first_changes_only_a_variable_is_labelled_at_that_step() -> None:
    """A loop bound or an accumulator misread changes ``total`` steps before anything is printed: the step
    check re-runs the program and fails the first step whose variables the real run never holds there,
    so the mistake is offered at that step, every step before it the real one."""
    problem = _problem(SUMS)
    space = CodeTraceSpace(problem)
    real = _walk(space)
    kinds: dict[str, int] = {}
    for i in range(len(real)):
        for kind, wrong, rest, out in space.mistakes_at(i):
            kinds[kind] = i
            assert json.loads(wrong.state)["output"] == json.loads(real[i].state)["output"]  # nothing printed differs yet
            checks = VERIFIER.check_steps(problem, real[:i] + [wrong] + rest)
            assert checks[:i] == [True] * i and checks[i] is False
            assert not VERIFIER.verify(problem, out).accepted
    assert {"off_by_one_bound", "accumulator_reset"} <= kinds.keys()
    assert all(at < len(real) - 2 for at in kinds.values())  # before the print and the answer


def test_a_mistake_whose_first_different_step_holds_the_real_state_is_not_offered() -> None:
    """An ``if`` taken the wrong way first differs in its words only ("the condition is false"): its line,
    variables and output are the real ones, so no check shows that step wrong and the mistake is not offered."""
    problem = _problem("x = 5\nif x > 3:\n    y = 1\nelse:\n    y = 2\nprint(y)\n")
    space = CodeTraceSpace(problem)
    real = _walk(space)
    assert any(m.kind == "wrong_branch" for m in mistakes(space.source, {1, 2, 3, 6}, random.Random(0)))
    assert all(space.mistakes_at(i) == [] for i in range(len(real)))
