"""A model's search saves each problem as it finishes: a run killed inside a unit resumes with only
the problems it had not finished, the rows are those of an uninterrupted run, and each problem's
seconds are its own share of the batched calls, not the shared round's."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fsspec
import pytest

from cotforge.core.records import Problem
from cotforge.pipelines import annotate as annotate_module
from cotforge.pipelines import journal
from cotforge.solvers.lm.backends import Backend, Prompt, Request, Sample
from cotforge.solvers.lm.batching import BatchingBackend

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "solvers" / "lm"))
from fake_openai import start  # noqa: E402
from test_annotate_run import PAIRS, _without_wall_clock, annotate, table  # noqa: E402


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd, url = start()
    yield url
    httpd.shutdown()


@pytest.fixture()
def pairs(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(json.dumps({"q": q, "a": a}) for q, a in PAIRS))
    return path


def test_a_run_killed_inside_a_unit_searches_only_the_problems_it_had_not_finished(
        pairs: Path, server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = annotate_module.solve_problem
    searched: list[int] = []

    out = tmp_path / "out"

    def killed_after_5_plus_5(problem: Problem, *args: Any, **kwargs: Any) -> Any:
        searched.append(problem.index)
        outcome = real(problem, *args, **kwargs)
        if "5 + 5" in problem.question:  # searched, but killed before it is saved, once its unit's other problem is
            for _ in range(600):
                if (out / "journal" / "unit-00001" / "mcts-3.json").exists():
                    break
                time.sleep(0.1)
            raise KeyboardInterrupt("killed")
        return outcome

    monkeypatch.setattr(annotate_module, "solve_problem", killed_after_5_plus_5)
    assert annotate(pairs, server, str(out)) != 0  # interrupted: the command says so
    assert (out / "stats" / "unit-00000.json").exists() and not (out / "journal" / "unit-00000").exists()  # done: journal gone
    assert not (out / "stats" / "unit-00001.json").exists()
    saved = sorted(p.name for p in (out / "journal" / "unit-00001").glob("*.json"))
    assert saved == ["mcts-3.json"]  # the unit's other problem finished and was kept

    searched.clear()
    monkeypatch.setattr(annotate_module, "solve_problem", lambda problem, *a, **k: searched.append(problem.index) or real(problem, *a, **k))
    assert annotate(pairs, server, str(out)) == 0
    assert searched == [4]  # only the problem in flight at the kill
    assert not (out / "journal").exists() or not any((out / "journal").iterdir())

    monkeypatch.setattr(annotate_module, "solve_problem", real)
    assert annotate(pairs, server, str(tmp_path / "whole")) == 0
    fs = fsspec.filesystem("file")
    for part in ("data/raw/*.parquet", "rejected/unit-*.parquet"):
        resumed, whole = table(fs, f"{out}/{part}"), table(fs, f"{tmp_path}/whole/{part}")
        if part.startswith("data"):
            resumed, whole = _without_wall_clock(resumed), _without_wall_clock(whole)
        else:
            for row in resumed + whole:
                for attempt in row["attempts"]:
                    attempt.pop("seconds", None)
        assert resumed == whole


def test_a_journal_entry_reads_back_as_the_outcome_and_names_only_known_types(tmp_path: Path) -> None:
    import cotforge.generators  # noqa: F401 - registers the tasks
    from cotforge.core.registry import TASKS
    from cotforge.pipelines.solve import solve_problem

    problem = TASKS.get("linear_equation").from_level(1, seed=0).generate(0)
    outcome = solve_problem(problem, annotate_module.SearchSettings(negatives=2, wrong_moves=1))
    assert outcome.record is not None and outcome.record.negatives  # nested traces, steps, verdicts, costs
    assert journal.decode(journal.encode(outcome)) == outcome
    with pytest.raises(ValueError, match="unknown type"):
        journal.decode(json.dumps({"__type__": "Popen", "args": ["sh"]}))


class Counted(Backend):
    """Answers every request at once; a clock that moves only inside the model: one second per sample."""

    def __init__(self, clock: list[float]) -> None:
        self.clock = clock

    def sample_batch(self, requests: list[Request]) -> list[list[Sample]]:  # type: ignore[override]
        self.clock[0] += sum(r.n for r in requests)
        out = []
        for r in requests:
            prefix = r.prompt.prefix if isinstance(r.prompt, Prompt) else r.prompt
            rounds = prefix.count("\n\n")
            user = r.prompt.user if isinstance(r.prompt, Prompt) else r.prompt
            needed = int(user.split("#")[1])  # the problem says how many steps its search takes
            text = "Final answer: 1" if rounds + 1 >= needed else f"Working, step {rounds + 1}."
            out.append([Sample(text, 2, -1.0)] * r.n)
        return out


def test_each_problem_is_charged_its_own_share_of_the_batched_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [0.0]
    monkeypatch.setattr("time.perf_counter", lambda: clock[0])
    shared = BatchingBackend(Counted(clock), 3)
    spent: dict[str, float] = {}

    def search(key: str, calls: int) -> None:
        shared.begin(key)
        started = clock[0]
        try:
            for k in range(calls):
                shared.sample(Prompt(f"#{calls}", "x\n\n" * k), 2, stop=["\n\n"], max_tokens=4, seed=0)
            ended = clock[0]  # read before leaving: no round can go without this search
        finally:
            shared.leave()
        spent[key] = shared.own_seconds(key, ended - started)

    import threading

    threads = [threading.Thread(target=search, args=(key, calls)) for key, calls in (("a", 1), ("b", 2), ("c", 4))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # every search waited for the whole 14-sample run of rounds; each is charged 2 s a call of its own
    assert spent == {"a": 2.0, "b": 4.0, "c": 8.0}
    assert shared.own_seconds("c", 10.0, calls=2) == 4.0  # at its second call (10 s in), where a first solution would be
