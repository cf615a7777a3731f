"""Failure paths without a full run: lost workers are bounded, a missing engine package says what to install."""

from __future__ import annotations

import sys

import pytest

from cotforge.core.errors import ConfigError
from cotforge.pipelines.flows.engines import task_runner
from cotforge.pipelines.flows.forge import IDLE_ROUNDS, run_in_rounds
from cotforge.pipelines.plan import WorkUnit

BROKEN = "BrokenProcessPool: A process in the process pool was terminated abruptly"


def units(n: int) -> list[WorkUnit]:
    return [WorkUnit(i, "linear_equation", 1, 0, i, i + 1) for i in range(n)]


def test_units_a_dead_worker_took_down_run_again_until_done() -> None:
    rounds: list[list[int]] = []

    def run_round(todo: list[WorkUnit]) -> dict[str, str]:
        rounds.append([u.unit for u in todo])
        # the pool breaks after finishing the first unit of each round, taking the rest with it
        return {u.name: BROKEN for u in todo[1:]}

    warnings: list[str] = []
    assert run_in_rounds(units(4), run_round, warnings.append) == {}
    assert rounds == [[0, 1, 2, 3], [1, 2, 3], [2, 3], [3]]
    assert len(warnings) == 3 and "a worker died" in warnings[0]


def test_a_unit_that_always_kills_its_worker_is_given_up_after_idle_rounds() -> None:
    calls = []

    def run_round(todo: list[WorkUnit]) -> dict[str, str]:
        calls.append(len(todo))
        return {u.name: BROKEN for u in todo if u.unit != 0 or len(calls) > 1}

    failed = run_in_rounds(units(3), run_round, lambda _: None)
    assert calls == [3] + [2] * IDLE_ROUNDS
    assert sorted(failed) == ["unit-00001", "unit-00002"] and all(e.startswith("BrokenProcessPool") for e in failed.values())


def test_a_unit_that_fails_on_its_own_is_not_run_again_and_keeps_its_error() -> None:
    calls = []

    def run_round(todo: list[WorkUnit]) -> dict[str, str]:
        calls.append([u.unit for u in todo])
        return {"unit-00001": "ValueError: bad"}

    assert run_in_rounds(units(3), run_round, lambda _: None) == {"unit-00001": "ValueError: bad"}
    assert calls == [[0, 1, 2]]  # its own retries happen inside the task (Prefect retries=2)


def test_errors_of_a_unit_finished_in_a_later_round_are_forgotten() -> None:
    answers = iter([{"unit-00000": BROKEN, "unit-00001": "OSError: disk"}, {}])
    failed = run_in_rounds(units(2), lambda todo: next(answers), lambda _: None)
    assert failed == {"unit-00001": "OSError: disk"}


@pytest.mark.parametrize(("engine", "module", "extra"), [("dask", "prefect_dask", "dask"), ("ray", "prefect_ray", "ray")])
def test_a_missing_engine_package_names_the_install_command(engine: str, module: str, extra: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import now fails as if it were not installed
    with pytest.raises(ConfigError, match=rf"pip install 'cotforge\[{extra}\]'"):
        task_runner(engine, 2)


def test_local_engine_uses_threads_for_one_worker_and_processes_for_more() -> None:
    from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

    assert isinstance(task_runner("local", 1), ThreadPoolTaskRunner)
    two = task_runner("local", 2)
    assert isinstance(two, ProcessPoolTaskRunner) and two._max_workers == 2
    with pytest.raises(ConfigError, match="unknown engine"):
        task_runner("spark", 2)
