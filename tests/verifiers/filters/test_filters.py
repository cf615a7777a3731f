from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cotforge.core.errors import ConfigError
from cotforge.verifiers.filters import (
    AnswerLeakFilter,
    BalanceFilter,
    DecontaminationFilter,
    LengthFilter,
    MalformedTextFilter,
    NearDuplicateFilter,
    apply_filters,
    load_benchmark,
)


def row(i: int, question: str, task: str = "t", level: int = 1, answer: str = "42", cot: str = "Step.\n\nDone.") -> dict:
    return {"id": f"r{i}", "task": task, "level": level, "question": question, "answer": answer, "cot": cot}


KK = "On an island, knights always tell the truth and knaves always lie. Zoe says: Ned is a knave. Ned says: Zoe and I are both knights. Who is who?"


def test_near_duplicates_are_dropped_within_a_task_only() -> None:
    rows = [
        row(0, KK),
        row(1, KK.replace("Who is who?", "Who is who ?")),  # same words
        row(2, KK.replace("Zoe", "Amy")),  # different names throughout: not a near duplicate
        row(3, KK, task="other"),
    ]
    kept, dropped = apply_filters([NearDuplicateFilter(threshold=0.9)], rows)
    assert [r["id"] for r in kept] == ["r0", "r2", "r3"]
    assert dropped[0][0]["id"] == "r1" and "near duplicate of r0" in dropped[0][2]


def test_templated_questions_with_other_numbers_are_not_near_duplicates() -> None:
    rows = [row(i, f"Solve for x: {i + 2}x + {i * 3 + 1} = {i * 7 + 5}") for i in range(50)]
    kept, _ = apply_filters([NearDuplicateFilter()], rows)
    assert len(kept) == 50


def test_decontamination_by_long_and_short_ngrams(tmp_path: Path) -> None:
    bench = tmp_path / "bench.jsonl"
    items = [{"problem": "A train leaves the station at noon travelling at sixty miles per hour towards a city two hundred miles away; when does it arrive there?"},
             {"problem": "Solve for x: 7x + 3 = 24"}]
    bench.write_text("\n".join(json.dumps(i) for i in items))
    texts = load_benchmark(bench, ["problem"])
    f = DecontaminationFilter(texts, source="bench.jsonl", n=13, short_n=5)
    long_hit = row(0, "Consider this: a train leaves the station at noon travelling at sixty miles per hour towards a city two hundred miles away. Find the time.")
    short_hit = row(1, "solve for x: 7x + 3 = 24")
    clean = row(2, "Solve for x: 7x + 4 = 25")
    kept, dropped = apply_filters([f], [long_hit, short_hit, clean])
    assert [r["id"] for r in kept] == ["r2"]
    assert "13-gram with bench.jsonl item 0" in dropped[0][2]
    assert "with bench.jsonl item 1" in dropped[1][2]


def test_benchmarks_load_from_parquet_and_dataset_folders(tmp_path: Path) -> None:
    pq.write_table(pa.table({"q": ["one two"], "a": ["3"]}), tmp_path / "b.parquet")
    assert load_benchmark(tmp_path / "b.parquet", ["q", "a"]) == ["one two 3"]
    folder = tmp_path / "hf"
    import datasets

    datasets.Dataset.from_dict({"question": ["x y z"]}).save_to_disk(str(folder))
    assert load_benchmark(folder) == ["x y z"]
    with pytest.raises(ConfigError, match="no field 'nope'"):
        load_benchmark(tmp_path / "b.parquet", ["nope"])
    with pytest.raises(ConfigError, match="not found"):
        load_benchmark(tmp_path / "missing.jsonl")


def test_length_bounds_say_their_unit() -> None:
    f = LengthFilter(max_question_tokens=5, max_cot_tokens=3)
    kept, dropped = apply_filters([f], [row(0, "a b c"), row(1, "a b c d e f"), row(2, "q", cot="one two three four")])
    assert [r["id"] for r in kept] == ["r0"]
    assert "6 whitespace words, more than 5" in dropped[0][2]
    assert "CoT has 4 whitespace words" in dropped[1][2]
    with pytest.raises(ConfigError, match="cannot load a tokenizer"):
        LengthFilter(tokenizer="/nonexistent/tokenizer")


def test_answer_leak_and_malformed_text() -> None:
    rows = [
        row(0, "Zoe says she is a knight. Answer: Zoe is a knight", answer="Zoe is a knight"),
        row(1, "Solve 3x + 2 = 11", answer="3"),  # too short to call a leak
        row(2, "bad \x07 bell"),
        row(3, "fine", cot="We get $\\frac{1}{2$ here"),
        row(4, "code ```print({1: 2}[1])``` ok", cot="`d = {}` then done"),
    ]
    kept, dropped = apply_filters([AnswerLeakFilter(), MalformedTextFilter()], rows)
    assert [r["id"] for r in kept] == ["r1", "r4"]
    assert [d[1] for d in dropped] == ["answer_leak", "malformed", "malformed"]
    assert "unbalanced braces" in dropped[2][2]


def test_balance_keeps_the_largest_set_with_the_target_mix() -> None:
    rows = [row(i, f"q{i}", task="a") for i in range(10)] + [row(10 + i, f"p{i}", task="b") for i in range(4)]
    kept, dropped = apply_filters([BalanceFilter(tasks={"a": 1, "b": 1})], rows)
    assert sum(r["task"] == "a" for r in kept) == 4 and sum(r["task"] == "b" for r in kept) == 4
    assert len(dropped) == 6 and "over its share" in dropped[0][2]
    by_level = [row(i, f"q{i}", level=1 + i % 2) for i in range(9)]
    kept, _ = apply_filters([BalanceFilter(levels={1: 2, 2: 1})], by_level)
    assert sum(r["level"] == 1 for r in kept) == 5 and sum(r["level"] == 2 for r in kept) == 2


def test_a_filter_must_say_why() -> None:
    class Silent(MalformedTextFilter):
        def keep(self, row):  # type: ignore[no-untyped-def,override]
            return False

    with pytest.raises(TypeError, match="expected True or"):
        apply_filters([Silent()], [row(0, "q")])


def test_a_broken_jsonl_line_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "ok"}\n{"question": oops}\n')
    with pytest.raises(ConfigError, match="line 2: not valid JSON"):
        load_benchmark(bad)


def test_a_one_word_label_named_among_the_options_is_not_a_leak() -> None:
    rows = [row(0, "Is the argument valid or invalid?", answer="valid"), row(1, "Is 1234 prime? 1234 is even.", answer="1234")]
    kept, dropped = apply_filters([AnswerLeakFilter()], rows)
    assert [r["id"] for r in kept] == ["r0"] and dropped[0][0]["id"] == "r1"
