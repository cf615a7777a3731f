"""code_input, function_synthesis and bug_fix: deterministic, executed, and harder at each level."""

from __future__ import annotations

import ast
import json
import random

import pytest

from cotforge.domains.code_ops import OPS, apply, backward, function_source
from cotforge.core.errors import ConfigError
from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.generators.code.bug_fix import BugFixConfig
from cotforge.generators.code.code_input import CodeInputConfig
from cotforge.generators.code.function_synthesis import FunctionSynthesisConfig, readings

TASK_NAMES = ["code_input", "function_synthesis", "bug_fix"]


@pytest.mark.parametrize("task", TASK_NAMES)
def test_registered_with_their_space_and_verifier(task: str) -> None:
    gen = TASKS.get(task)()
    assert gen.domain == "code" and gen.space and gen.verifier in VERIFIERS


@pytest.mark.parametrize("task", TASK_NAMES)
def test_levels_change_the_work(task: str) -> None:
    ops = {}
    for level in (1, 3, 5):
        items = [TASKS.get(task).from_level(level, seed=4).generate(i) for i in range(4)]
        ops[level] = sum(len(json.loads(p.metadata)["ops"]) for p in items) / 4
    assert ops[1] < ops[3] <= ops[5]


def test_code_input_accepts_any_input_that_works() -> None:
    problem = TASKS.get("code_input").from_level(3, seed=1).generate(0)
    data, verifier = problem.data(), VERIFIERS.get("code_input")
    other = backward(data["ops"], apply(data["ops"], ast.literal_eval(problem.answer))[-1])
    assert other is not None and verifier.verify(problem, repr(other)).accepted
    assert verifier.verify(problem, f"The input is:\n```python\n{problem.answer}\n```").accepted
    assert "not a Python literal" in verifier.verify(problem, "__import__('os')").reason
    assert verifier.verify(problem, "'a string'" if data["input_type"] != "str" else "[1]").status == "reject"


def test_function_synthesis_examples_decide_every_vague_clause() -> None:
    """No program of the op space that fits the spec (a vague clause read as any op of its types)
    and every shown example fails a hidden test."""
    for level in (3, 4, 5):
        gen = TASKS.get("function_synthesis").from_level(level, seed=2)
        for i in range(12):
            problem = gen.generate(i)
            meta, data = json.loads(problem.metadata), problem.data()
            examples = [e["arg"] for e in data["examples"]]
            tests = [t["arg"] for t in data["tests"]]
            for other in readings(meta["ops"], meta["vague"], wide=True):
                if all(apply(other, x)[-1] == apply(meta["ops"], x)[-1] for x in examples):
                    assert all(apply(other, x)[-1] == apply(meta["ops"], x)[-1] for x in tests), (problem.question, other)
    problem = TASKS.get("function_synthesis").from_level(5, seed=2).generate(0)
    data = problem.data()
    assert "edge cases" in problem.question and len(data["tests"]) > len(data["examples"])
    assert [] in [t["arg"] for t in data["tests"]] or "" in [t["arg"] for t in data["tests"]]


def test_function_synthesis_rejects_a_program_that_only_fits_the_examples() -> None:
    problem = TASKS.get("function_synthesis").from_level(2, seed=3).generate(1)
    cases = "\n".join(f"    if {param} == {e['arg']!r}: return {e['want'][1]!r}" for e in problem.data()["examples"]
                      for param in ["x"])
    memorised = f"```python\ndef f(x):\n{cases}\n    return None\n```"
    verdict = VERIFIERS.get("code_tests").verify(problem, memorised)
    assert verdict.status == "reject" and "hidden test" in verdict.reason


def test_bug_fix_shows_a_failing_test_and_the_bug_is_one_line() -> None:
    for level in (1, 4):
        problem = TASKS.get("bug_fix").from_level(level, seed=6).generate(0)
        data = problem.data()
        buggy, fixed = data["program"].split("\n"), problem.answer.strip("`\n").removeprefix("python\n").split("\n")
        assert sum(a != b for a, b in zip(buggy, fixed)) == 1
        assert VERIFIERS.get("code_tests").verify(problem, f"```python\n{data['program']}```").status == "reject"


def test_hostile_answers_are_rejected_not_errors() -> None:
    problem = TASKS.get("function_synthesis").from_level(1, seed=0).generate(0)
    verifier = VERIFIERS.get("code_tests")
    for answer in ["def f(x):\n    while True: pass", "import os\nos._exit(0)", "def f(x):\n    return [0] * 10**10",
                   f"print('@@cotforge-results@@' + {json.dumps(json.dumps([['ok', ['i', 0]]] * 20))})\nimport os\nos._exit(0)",
                   "def f(x) return", "def g(x):\n    return x"]:
        assert verifier.verify(problem, answer).status == "reject", answer


def test_op_library_types_chain_and_match_its_source() -> None:
    for op in OPS.values():
        sample = {"list": [3, -1, 4, 4, 0], "str": "Ab cd  E1", "int": 17}[op.src]
        assert apply([op.name], sample)[-1] == eval(op.expr("x"), {"x": sample})  # trusted library code only
        for x in op.inverse(op.fn(sample)):
            assert op.fn(x) == op.fn(sample), op.name
    assert function_source(["evens", "sum"]).startswith("def f(nums):\n")


@pytest.mark.parametrize(("cls", "field"), [(CodeInputConfig, "backward_budget"), (FunctionSynthesisConfig, "examples"),
                                            (BugFixConfig, "hidden_tests")])
def test_bad_config_names_the_field(cls: type, field: str) -> None:
    with pytest.raises(ConfigError, match=field):
        cls(**{field: 0})
    with pytest.raises(ConfigError, match="level"):
        cls(level=6)


def test_perturbed_answers_fail_for_a_reason() -> None:
    for task in TASK_NAMES:
        gen = TASKS.get(task).from_level(3, seed=8)
        problem = gen.generate(0)
        verdict = VERIFIERS.get(problem.verifier).verify(problem, gen.perturb(problem, random.Random(1)))
        assert verdict.status == "reject" and verdict.reason


def test_bug_fix_code_carries_no_line_comments_and_no_misfix_repeats_the_bug() -> None:
    """The bug is found from the tests and the docstring, never read off a comment beside the line;
    a labelled misfix never writes the buggy line back unchanged."""
    import random as _random

    from cotforge.core.registry import SPACES

    for level in (1, 3, 5):
        gen = TASKS.get("bug_fix").from_level(level, seed=4)
        for i in range(4):
            problem = gen.generate(i)
            program = problem.data()["program"]
            assert "#" not in program and '"""' in program
            space = SPACES.get("bug_hunt")(problem)
            state = space.root()
            while state[0] != "located":
                state = space.propose(state, 1)[0].next_state
            for move in space.propose_wrong(state, 1, _random.Random(i)):
                assert move.step.intended_wrong and move.next_state[1] != program


def test_function_synthesis_level_1_has_many_programs() -> None:
    """Level 1 once had 24 distinct programs in 200; constants in the op library make many more."""
    gen = TASKS.get("function_synthesis").from_level(1, seed=0)
    assert len({gen.generate(i).answer for i in range(80)}) >= 40
