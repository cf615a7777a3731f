"""The stream: an endless, de-duplicated mix of tasks by weight, a plain iterator and a
``datasets.IterableDataset``, exhaustion said out loud, and a state that resumes."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import Counter

import datasets
import pytest

import cotforge
from cotforge.core.errors import ConfigError, CotforgeError
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator
from cotforge.envs import ExhaustedWarning, Stream, StreamExhaustedError, StreamReward, normalize_question
from cotforge.pipelines.views.text import final_line


class TinyGenerator(Generator):
    """Seven questions in all at level 1, many at level 2: something to exhaust."""

    name, domain, space, verifier = "tiny_test", "math", "arithmetic", "math"

    def build(self, rng: random.Random) -> Draft:
        k = rng.randrange(7 if self.config.level == 1 else 10**6)
        return Draft(question=f"What is {k} + 1?", answer=str(k + 1), payload={})

    def perturb(self, problem, rng):  # type: ignore[no-untyped-def]
        return "0"


@pytest.fixture
def tiny(monkeypatch: pytest.MonkeyPatch) -> str:
    TASKS.names()  # the built-in tasks first
    monkeypatch.setitem(TASKS._items, "tiny_test", TinyGenerator)
    return "tiny_test"


def test_a_level_one_stream_never_repeats_a_question() -> None:
    # on the fixed-level recipe path 2,000 draws gave 1,008 distinct countdown questions
    rows = cotforge.stream(["countdown", "percentage", "number_theory"], level=1, seed=0).take(2000)
    questions = [normalize_question(r["question"]) for r in rows]
    assert len(set(questions)) == 2000
    assert {r["metadata"]["level"] for r in rows} == {1}
    assert set(Counter(r["metadata"]["task"] for r in rows)) == {"countdown", "percentage", "number_theory"}


def test_tasks_mix_by_weight_and_rows_are_make_rows() -> None:
    stream = Stream({"linear_equation": 3, "syllogism": 1}, seed=4, level={"linear_equation": 2, "syllogism": 1})
    rows = stream.take(400)
    share = Counter(r["metadata"]["task"] for r in rows)["linear_equation"] / len(rows)
    assert 0.68 < share < 0.82  # 0.75 expected; the draw is seeded, so this is a fixed figure
    row = next(r for r in rows if r["metadata"]["task"] == "linear_equation")
    meta = row["metadata"]
    assert meta["level"] == 2
    assert row == cotforge.make("linear_equation", level=2, seed=4, n=1, start=meta["index"])[0]  # item (seed, index) of make
    assert cotforge.score(row, final_line("math", row["answer"])).reward == 1.0
    assert stream.take(5) != Stream({"linear_equation": 3, "syllogism": 1}, seed=5).take(5)


def test_an_exhausted_level_is_said_and_left(tiny: str) -> None:
    stream = Stream({tiny: 1, "linear_equation": 1}, seed=0, patience=40)
    with pytest.warns(ExhaustedWarning, match="tiny_test level 1 is exhausted: 40 draws in a row gave no new question "
                                              r"\(7 distinct ones so far\); tiny_test leaves the stream"):
        rows = stream.take(300)
    tiny_rows = [r for r in rows if r["metadata"]["task"] == tiny]
    assert len(tiny_rows) == 7 and len({r["question"] for r in tiny_rows}) == 7
    assert stream.exhausted == {(tiny, 1): 7} and stream.retired == [tiny]
    alone = Stream([tiny], patience=60)
    with pytest.warns(ExhaustedWarning), pytest.raises(StreamExhaustedError, match=r"tiny_test level 1 \(7 distinct\)"):
        alone.take(8)


def test_under_a_curriculum_an_exhausted_level_moves_the_task_up(tiny: str) -> None:
    stream = Stream([tiny], seed=0, patience=20, curriculum={"window": 8})
    with pytest.warns(ExhaustedWarning, match="tiny_test moves to level 2"):
        rows = stream.take(30)
    assert [r["metadata"]["level"] for r in rows] == [1] * 7 + [2] * 23
    assert stream.curriculum is not None and stream.curriculum.blocked[tiny] == [1]


def test_state_resumes_the_stream_and_its_curriculum_exactly() -> None:
    def fresh() -> Stream:
        return Stream({"linear_equation": 1, "knights_knaves": 1}, seed=2, level=3, curriculum={"window": 3})

    first = fresh()
    reward = StreamReward(first)
    for row in first.take(25):
        reward([final_line(row["metadata"]["domain"], "wrong")], metadata=[row["metadata"]])  # a poor model
    levels = dict(first.curriculum.levels)  # type: ignore[union-attr]
    assert levels != {"linear_equation": 3, "knights_knaves": 3}  # the curriculum moved
    state = json.loads(json.dumps(first.state_dict()))
    second = fresh()
    second.load_state_dict(state)
    assert second.curriculum.levels == levels  # type: ignore[union-attr]
    ahead, resumed = first.take(40), second.take(40)
    assert ahead == resumed
    assert not {r["id"] for r in ahead} & {r["id"] for r in fresh().take(25)}  # nothing of before repeats
    with pytest.raises(ConfigError, match="seed"):
        Stream({"linear_equation": 1, "knights_knaves": 1}, seed=9, level=3, curriculum=True).load_state_dict(state)


def test_the_iterable_dataset_continues_the_same_stream() -> None:
    stream = Stream(["linear_equation", "syllogism"], seed=1)
    dataset = stream.as_dataset()
    assert isinstance(dataset, datasets.IterableDataset)
    from_dataset = list(dataset.take(6))
    from_stream = stream.take(6)
    again = Stream(["linear_equation", "syllogism"], seed=1).take(20)
    assert from_dataset == again[:6]
    rest = [r["id"] for r in again[6:]]  # the stream goes on past what the dataset read (it may read ahead)
    positions = [rest.index(r["id"]) for r in from_stream]
    assert positions == sorted(positions)
    assert from_dataset[0]["prompt"][0]["role"] == "user" and isinstance(from_dataset[0]["metadata"]["payload"], str)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (["linear_equatoin"], {}, "did you mean 'linear_equation'"),
        ({"linear_equation": 0}, {}, "weight of linear_equation must be a finite number > 0"),
        (["linear_equation"], {"level": 6}, "level must be an integer from 1 to 5"),
        (["linear_equation"], {"patience": 0}, "patience must be an integer >= 1"),
        (["linear_equation"], {"config": {"sudoku": {}}}, "config names sudoku"),
        (["linear_equation"], {"config": {"linear_equation": {"varible": "y"}}}, "no setting 'varible'"),
        (["linear_equation"], {"curriculum": {"window": -1}}, "window must be an integer >= 1"),
        (["linear_equation"], {"curriculum": "yes"}, "curriculum must be True"),
    ],
)
def test_bad_stream_settings_fail_in_one_line(args: object, kwargs: dict, message: str) -> None:
    with pytest.raises(CotforgeError, match=message):
        Stream(args, **kwargs)  # type: ignore[arg-type]


def test_streaming_and_scoring_import_neither_prefect_nor_torch() -> None:
    code = ("import sys, cotforge\n"
            "s = cotforge.stream(curriculum=True)\n"
            "for row in s.take(60):\n"
            "    s.update(row, cotforge.score(row, 'Final answer: 1').reward)\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'prefect', 'torch', 'transformers', 'trl'}))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
