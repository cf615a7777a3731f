"""Two programs' reference runs in one sandbox run give what their own runs give: results, a crash of the first (the
second then not run), a crash of the second (raised), and a run that breaks (each then on its own); bug_fix makes
the same problems with it as with two runs."""

from __future__ import annotations

import pytest

import cotforge.generators.code.bug_fix as bug_fix
from cotforge.core.errors import SandboxError
from cotforge.core.registry import TASKS
from cotforge.generators.code._pipelines import EDGE, run_both, run_reference

ARGS = [[3, 1, 2], [], [0, -4], [5, 5, 5, 7]]
SORTS = "def f(nums):\n    return sorted(nums)\n"
FIRST = "def f(nums):\n    return nums[0]\n"  # raises on []
BROKEN = "raise ValueError('no f here')\n"  # breaks the shared run: each program then gets its own


def test_two_programs_that_run_give_their_own_results() -> None:
    mutated = "def f(nums):\n    nums.append(1)\n    return len(nums)\n"  # a call's argument is its own copy
    assert run_both(mutated, SORTS, ARGS) == (run_reference(mutated, ARGS), run_reference(SORTS, ARGS))


def test_a_crashing_first_program_is_its_error_and_the_second_is_not_run() -> None:
    one, two = run_both(FIRST, SORTS, ARGS)
    assert isinstance(one, SandboxError) and two is None
    with pytest.raises(SandboxError):
        run_reference(FIRST, ARGS)


def test_a_crashing_second_program_raises() -> None:
    with pytest.raises(SandboxError):
        run_both(SORTS, FIRST, ARGS)


def test_a_broken_run_falls_back_to_each_programs_own_run() -> None:
    one, two = run_both(BROKEN, SORTS, ARGS)
    assert isinstance(one, SandboxError) and two is None
    assert run_both(SORTS, "def f(nums):\n    return len(nums)\n", EDGE["list"]) == (
        run_reference(SORTS, EDGE["list"]), run_reference("def f(nums):\n    return len(nums)\n", EDGE["list"]))
    with pytest.raises(SandboxError):
        run_both(SORTS, BROKEN, ARGS)


def test_bug_fix_makes_the_same_problems_as_with_two_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    def make() -> list:
        return [TASKS.get("bug_fix").from_level(level, seed=4).generate(i) for level in (1, 3, 5) for i in range(3)]

    shared = make()

    def two_runs(first: str, second: str, args: list) -> tuple:
        try:
            one = run_reference(first, args)
        except SandboxError as exc:
            return exc, None
        return one, run_reference(second, args)

    monkeypatch.setattr(bug_fix, "run_both", two_runs)
    assert make() == shared
