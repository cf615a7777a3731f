"""Adding a task is one file, and nothing else changes: a package of our own, registered the way a
third party registers one (an entry point of the group ``cotforge.plugins``), gets its task through
the contract checks and through ``cotforge run``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cotforge.core import registry
from cotforge.core.registry import SPACES, TASKS, VERIFIERS
from cotforge.core.task import LEVELS

TASK_FILE = '''
"""Digit sums: add up the digits of a number, one digit at a time."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Sequence

from cotforge.core.records import Problem, Step, Verdict
from cotforge.core.registry import SPACES, TASKS, VERIFIERS
from cotforge.core.space import Move, Space
from cotforge.core.task import Draft, Generator, TaskConfig
from cotforge.verifiers.base import Verifier


@dataclass(frozen=True, slots=True)
class DigitSumConfig(TaskConfig):
    base_digits: int = 2
    """Digits of a level-1 number; each level adds two."""


class DigitSumGenerator(Generator):
    """Payload: ``{"number": str}``, the decimal digits to add."""

    name = "digit_sum"
    domain = "math"
    space = "digit_sum_steps"
    verifier = "digit_sum_exact"
    config_cls = DigitSumConfig

    def build(self, rng: random.Random) -> Draft:
        config: DigitSumConfig = self.config
        digits = config.base_digits + 2 * (config.level - 1)
        number = str(rng.randrange(10 ** (digits - 1), 10**digits))
        answer = sum(int(d) for d in number)  # the gold, by a route of its own
        return Draft(f"What is the sum of the digits of {number}?", str(answer), {"number": number})

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        return str(int(problem.answer) + rng.choice([-1, 1]))


class DigitSumSpace(Space[tuple[int, int]]):
    """A state is (digits added so far, their sum); a step adds the next digit."""

    def root(self) -> tuple[int, int]:
        return (0, 0)

    def propose(self, state: tuple[int, int], k: int) -> list[Move]:
        done, total = state
        digit = int(self.problem.data()["number"][done])
        text = f"Add the digit {digit}: {total} + {digit} = {total + digit}."
        return [Move(Step(text=text, state=str(total + digit), kind="add"), (done + 1, total + digit))]

    def is_terminal(self, state: tuple[int, int]) -> bool:
        return state[0] == len(self.problem.data()["number"])

    def answer(self, state: tuple[int, int]) -> str | None:
        return str(state[1]) if self.is_terminal(state) else None


class DigitSumVerifier(Verifier):
    name = "digit_sum_exact"

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        if answer is None or not answer.strip().lstrip("-").isdigit():
            return Verdict.unreadable(f"not an integer: {answer!r}")
        return Verdict.accept() if int(answer) == int(problem.answer) else Verdict.reject(f"{answer} is not {problem.answer}")

    def check_steps(self, problem: Problem, steps: Sequence[Step]) -> list[bool | None]:
        number, total, checks = problem.data()["number"], 0, []
        for i, step in enumerate(steps):
            total += int(number[i]) if i < len(number) else 0
            checks.append(step.state == str(total))
        return checks


TASKS.register("digit_sum", DigitSumGenerator)
SPACES.register("digit_sum_steps", DigitSumSpace)
VERIFIERS.register("digit_sum_exact", DigitSumVerifier())
'''


def install_plugin(site: Path) -> Path:
    """A package with one task file, and the metadata an installer writes for its entry point."""
    package = site / "cotforge_digits"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""Extra tasks for cotforge."""\n')
    (package / "digit_sum.py").write_text(TASK_FILE)
    info = site / "cotforge_digits-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: cotforge-digits\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[cotforge.plugins]\ndigits = cotforge_digits\n")
    return site


@pytest.fixture()
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The plugin installed on ``sys.path`` for this test; the registries as they were afterwards."""
    for reg in (TASKS, SPACES, VERIFIERS):
        reg.names()  # this process has looked before the plugin was installed
        monkeypatch.setattr(reg, "_items", dict(reg._items))
    site = install_plugin(tmp_path / "site")
    monkeypatch.syspath_prepend(str(site))
    yield site
    for name in [m for m in sys.modules if m.startswith("cotforge_digits")]:
        del sys.modules[name]
    registry._loaded_plugins.discard("cotforge_digits")


def test_a_task_from_a_plugin_keeps_the_contract_at_every_level(plugin: Path, tmp_path: Path) -> None:
    assert "digit_sum" not in TASKS  # installed after this process first looked
    registry.load_plugins(rescan=True)
    assert "digit_sum" in TASKS and "digit_sum_steps" in SPACES and "digit_sum_exact" in VERIFIERS
    from test_task_contract import test_task_contract

    for level in LEVELS:
        test_task_contract("digit_sum", level, tmp_path / f"level{level}")


def test_a_broken_plugin_is_named_in_one_line(plugin: Path) -> None:
    (plugin / "cotforge_digits" / "digit_sum.py").write_text("import not_a_module_anywhere\n")
    with pytest.raises(registry.PluginError, match=r"cotforge plugin 'digits' of cotforge-digits .* No module named"):
        registry.load_plugins(rescan=True)


@pytest.mark.slow
def test_cotforge_run_and_list_find_the_plugin_task(tmp_path: Path) -> None:
    site = install_plugin(tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    listed = subprocess.run([sys.executable, "-m", "cotforge.pipelines.cli", "list"], env=env, capture_output=True, text=True,
                            timeout=300)
    assert listed.returncode == 0 and "digit_sum" in listed.stdout, listed.stderr
    recipe = tmp_path / "digits.yaml"
    recipe.write_text(textwrap.dedent("""
        name: digits
        tasks:
          - {name: digit_sum, count: 6, levels: [1, 3]}
        unit_size: 3
        workers: 2
    """))
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "cotforge.pipelines.cli", "run", str(recipe), "--out", str(out)], env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    rows = [r for p in sorted((out / "data" / "raw").glob("*.parquet")) for r in pq.read_table(p).to_pylist()]
    assert len(rows) == 6 and {r["task"] for r in rows} == {"digit_sum"} and {r["level"] for r in rows} == {1, 3}
    assert all(r["verdict"] == "accept" and all(s["verified"] for s in r["steps"]) for r in rows)
    assert json.loads((out / "stats.json").read_text())["records"] == 6
