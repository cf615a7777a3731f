from __future__ import annotations

import json
import random
from hashlib import blake2b
from pathlib import Path
from typing import ClassVar

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from datasketch import MinHash, MinHashLSH

from cotforge.core.errors import ConfigError
from cotforge.pipelines.filtering import ExactDuplicateFilter, question_key
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
from cotforge.verifiers.filters.base import Decision, Filter, Row


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


# The dict-based filters as they were before the compact indexes: the reference the new ones must match exactly.


class _ReferenceBandIndex:
    def __init__(self, bands: int, rows: int) -> None:
        self.ranges = [(i * rows, (i + 1) * rows) for i in range(bands)]
        self.bands: list[dict[int, str | list[str]]] = [{} for _ in range(bands)]

    def digests(self, sig: MinHash) -> list[int]:
        values = sig.hashvalues
        return [int.from_bytes(blake2b(values[a:b].tobytes(), digest_size=8).digest(), "little") for a, b in self.ranges]

    def query(self, digests: list[int]) -> set[str]:
        found: set[str] = set()
        for band, key in zip(self.bands, digests):
            hit = band.get(key)
            if hit is not None:
                found.update([hit] if isinstance(hit, str) else hit)
        return found

    def insert(self, key: str, digests: list[int]) -> None:
        for band, digest in zip(self.bands, digests):
            hit = band.get(digest)
            if hit is None:
                band[digest] = key
            elif isinstance(hit, str):
                band[digest] = [hit, key]
            else:
                hit.append(key)


class ReferenceNearDuplicate(Filter):
    name: ClassVar[str] = "near_duplicate"

    def __init__(self, threshold: float = 0.9, num_perm: int = 128, shingle: int = 3) -> None:
        self.threshold = threshold
        params = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._bands, self._rows = params.b, params.r
        self.signature = NearDuplicateFilter(threshold, num_perm, shingle).signature  # the index is under test, not MinHash
        self._index: dict[str, _ReferenceBandIndex] = {}
        self._ids: set[str] = set()

    def seed(self, rows: list[Row]) -> None:
        for row in rows:
            self._insert(row, self._task_index(row["task"]).digests(self.signature(row["question"])))

    def _task_index(self, task: str) -> _ReferenceBandIndex:
        index = self._index.get(task)
        if index is None:
            index = self._index[task] = _ReferenceBandIndex(self._bands, self._rows)
        return index

    def _insert(self, row: Row, digests: list[int]) -> None:
        if row["id"] not in self._ids:
            self._task_index(row["task"]).insert(row["id"], digests)
            self._ids.add(row["id"])

    def keep(self, row: Row) -> Decision:
        index = self._task_index(row["task"])
        digests = index.digests(self.signature(row["question"]))
        for other in sorted(index.query(digests)):
            if other != row["id"]:
                return False, f"near duplicate of {other} (MinHash Jaccard >= {self.threshold})"
        self._insert(row, digests)
        return True


class ReferenceExactDuplicate(Filter):
    name = "exact_duplicate"

    def __init__(self) -> None:
        self.first: dict[bytes, str] = {}

    def seed(self, rows: list[Row]) -> None:
        for row in rows:
            self.first.setdefault(question_key(row["question"]), row["id"])

    def keep(self, row: Row) -> Decision:
        key = question_key(row["question"])
        first = self.first.setdefault(key, row["id"])
        if first != row["id"]:
            return False, f"exact duplicate of {first}"
        return True


def _stream(rng: random.Random, n: int) -> list[tuple[str, list[Row]]]:
    """("keep", [row]) and ("seed", rows) events: templated questions, near and exact repeats, reused ids."""
    vocab = [f"w{i}" for i in range(60)]
    bases = [[rng.choice(vocab) for _ in range(rng.randint(4, 30))] for _ in range(15)]
    events: list[tuple[str, list[Row]]] = []
    used: list[str] = []

    def make(prefix: str, i: int) -> Row:
        text = list(rng.choice(bases))
        for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 4, 10])):
            text[rng.randrange(len(text))] = rng.choice(vocab)
        question = " ".join(text)
        if rng.random() < 0.2:
            question = "  " + question.upper() + " "  # the same question to exact dedup
        if used and rng.random() < 0.15:
            record_id = rng.choice(used)  # an id seen before, maybe in another task
        else:
            record_id = f"{prefix}{i}"
            used.append(record_id)
        return {"id": record_id, "task": rng.choice(["a", "b", "c"]), "question": question}

    for i in range(n):
        if rng.random() < 0.05:
            events.append(("seed", [make("s", i * 10 + j) for j in range(rng.randint(1, 4))]))
        else:
            events.append(("keep", [make("r", i)]))
    return events


@pytest.mark.parametrize(("threshold", "num_perm", "shingle", "merge_at"), [(0.5, 32, 1, 3), (0.9, 128, 3, 7), (0.7, 64, 2, 1)])
def test_compact_filters_decide_exactly_as_the_dict_based_ones(threshold: float, num_perm: int, shingle: int, merge_at: int) -> None:
    rng = random.Random(f"{threshold}-{merge_at}")
    pairs: list[tuple[Filter, Filter]] = [
        (NearDuplicateFilter(threshold, num_perm, shingle, merge_at=merge_at), ReferenceNearDuplicate(threshold, num_perm, shingle)),
        (ExactDuplicateFilter(merge_at=merge_at), ReferenceExactDuplicate()),
    ]
    reasons: dict[str, list[str]] = {"near_duplicate": [], "exact_duplicate": []}
    for kind, rows in _stream(rng, 1500):
        for new, reference in pairs:
            if kind == "seed":
                new.seed(rows)  # type: ignore[attr-defined]
                reference.seed(rows)  # type: ignore[attr-defined]
            else:
                decision = new.keep(rows[0])
                assert decision == reference.keep(rows[0]), rows[0]
                if isinstance(decision, tuple):
                    reasons[new.name].append(decision[1])
    near = pairs[0][0]
    assert isinstance(near, NearDuplicateFilter)
    assert max(index.index.segments for index in near._index.values()) >= 2  # lookups crossed merged segments
    assert len(reasons["near_duplicate"]) > 100 and len(reasons["exact_duplicate"]) > 50
    assert len(set(reasons["near_duplicate"])) > 20  # many different ``other`` ids were named


def test_an_id_seen_twice_is_indexed_once_and_never_its_own_duplicate() -> None:
    near = NearDuplicateFilter(merge_at=2)
    near.seed([row(0, KK), row(0, KK.replace("Zoe", "Amy"))])  # r0 again: not indexed under its second question
    assert near.keep(row(0, KK)) is True
    assert near.keep(row(1, KK.replace("Zoe", "Amy"))) is True
    assert near.keep(row(2, KK)) == (False, "near duplicate of r0 (MinHash Jaccard >= 0.9)")
    exact = ExactDuplicateFilter(merge_at=1)
    exact.seed([row(0, "Q one"), row(1, "q  ONE")])
    assert exact.keep(row(0, "q one")) is True
    assert exact.keep(row(1, "Q one")) == (False, "exact duplicate of r0")
    assert exact.keep(row(2, "Q two")) is True
