"""code_output generator: deterministic, really executed, and harder at each level."""

from __future__ import annotations

import random
import re

import pytest

from cotforge.core.errors import ConfigError
from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.generators.code.code_output import CodeOutputConfig, CodeOutputGenerator
from cotforge.core.text import normalize_output
from cotforge.sandbox.runner import run_python

LEVELS = [1, 2, 3, 4, 5]
VERIFIER = VERIFIERS.get("code_output")


def test_registered() -> None:
    assert TASKS.get("code_output") is CodeOutputGenerator
    gen = CodeOutputGenerator()
    assert (gen.domain, gen.space, gen.verifier) == ("code", "code_trace", "code_output")


@pytest.mark.parametrize("level", LEVELS)
def test_same_seed_same_problems(level: int) -> None:
    first = [CodeOutputGenerator.from_level(level, seed=11).generate(i) for i in (0, 3)]
    again = [CodeOutputGenerator.from_level(level, seed=11).generate(i) for i in (3, 0)][::-1]
    assert first == again
    other = CodeOutputGenerator.from_level(level, seed=12).generate(0)
    assert other.payload != first[0].payload


@pytest.mark.parametrize("level", LEVELS)
def test_gold_verifies_and_perturbed_is_rejected(level: int) -> None:
    gen = CodeOutputGenerator.from_level(level, seed=5)
    rng = random.Random(level)
    for i in range(4):
        problem = gen.generate(i)
        assert VERIFIER.verify(problem, problem.answer).accepted
        wrong = gen.perturb(problem, rng)
        assert wrong != problem.answer
        assert VERIFIER.verify(problem, wrong).status == "reject"


@pytest.mark.parametrize("level", LEVELS)
def test_programs_are_short_and_print_a_few_lines(level: int) -> None:
    gen = CodeOutputGenerator.from_level(level, seed=2)
    for i in range(4):
        problem = gen.generate(i)
        data = problem.data()
        assert 5 <= data["program"].count("\n") <= 20
        assert 1 <= len(problem.answer.split("\n")) <= 6
        assert problem.answer == normalize_output(data["output"])
        assert problem.question.startswith("What does this Python program print?\n\n```python\n")
        assert data["program"].rstrip() in problem.question


def test_gold_comes_from_running_the_program() -> None:
    problem = CodeOutputGenerator.from_level(4, seed=9).generate(1)
    assert run_python(problem.data()["program"]).stdout == problem.data()["output"]


def _features(program: str) -> set[str]:
    found = {name for name, pattern in {
        "if": r"^\s*if ", "for": r"^\s*for ", "while": r"^\s*while ", "def": r"^def ",
        "nested": r"^ {4,}for ", "dict": r"\{\}", "method": r"\.(append|sort|reverse|insert|pop|remove|extend)\(",
        "build": r"^\s+out (\+)?= ", "helper_in_loop": r"^\s+\w+ \+= \w+\(v\)",
    }.items() if re.search(pattern, program, re.M)}
    return found


def test_levels_change_the_constructs() -> None:
    seen = {level: set() for level in LEVELS}
    for level in LEVELS:
        gen = CodeOutputGenerator.from_level(level, seed=3)
        for i in range(6):
            features = _features(gen.generate(i).data()["program"])
            seen[level] |= features
            if level == 1:
                assert not features & {"if", "for", "while", "def"}
            if level == 2:
                assert "if" in features and not features & {"for", "while", "def"}
            if level == 3:
                assert "for" in features and not features & {"while", "def", "nested", "method"}
            if level == 5:
                assert features & {"nested", "dict", "build", "helper_in_loop"}
    assert {"def", "while", "method"} <= seen[4]
    assert {"nested", "dict", "build", "helper_in_loop"} <= seen[5]


def test_config_is_validated() -> None:
    with pytest.raises(ConfigError, match="level"):
        CodeOutputConfig(level=6)
    with pytest.raises(ConfigError, match="max_program_lines"):
        CodeOutputConfig(max_program_lines=3)
    with pytest.raises(ConfigError, match="max_output_lines"):
        CodeOutputConfig(max_output_lines=0)


def test_programs_read_like_scripts() -> None:
    """Themed names, no variable assigned and never read, no condition on a variable against itself,
    no branch that repeats the condition before it."""
    from cotforge.generators.code.code_output import THEMES, dead_variables

    names = {n for t in THEMES for kind in ("int", "str", "list") for n in t[kind]}
    for level in LEVELS:
        gen = CodeOutputGenerator.from_level(level, seed=8)
        for i in range(8):
            program = gen.generate(i).data()["program"]
            assert dead_variables(program) == [], program
            assert not re.search(r"\b(\w+) (<=|<|>|>=|==|!=) \1\b", program), program
            assert not re.search(r"print\((\w+), \1\)", program), program
            conditions = re.findall(r"^(?:if|elif) (.+):$", program, re.M)
            assert len(conditions) == len(set(conditions)), program
            assigned = set(re.findall(r"^(\w+) = ", program, re.M)) - {"counts", "out", "result"}
            assert assigned <= names, (assigned - names, program)
