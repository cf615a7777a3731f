"""The quality measure keeps little per record (first-error positions counted per value, one copy of
the length ratios and of the structures' digests, in the level groups, openings counted by digest):
its figures stay exactly those of the whole lists - held here to ``statistics.median``, ``len`` of a
set of the structures themselves and ``Counter`` over every position and opening, computed the plain
way on the same rows."""

from __future__ import annotations

import random
import statistics
from collections import Counter, defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cotforge.pipelines.quality import (
    ALL_LEVELS,
    POSITION_BINS,
    Openings,
    counted_median,
    digest,
    distinct,
    error_position,
    measure,
    opening,
    position_bin,
    structure,
)
from cotforge.pipelines.views import dpo_rows


def _fractions(rng: random.Random, size: int) -> list[float]:
    """First-error-like positions: k/n of small integers, capped at 1.0, many repeated."""
    out = []
    for _ in range(size):
        n = rng.randint(1, 12)
        out.append(min(rng.randint(1, n + 1) / n, 1.0))
    return out


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 10, 11, 100, 101, 1000, 1001])
def test_counted_median_is_statistics_median_of_the_expanded_values(size: int) -> None:
    rng = random.Random(size)
    for _ in range(50):
        values = _fractions(rng, size)
        got = counted_median(Counter(values))
        assert got == statistics.median(values)  # the same float, not a near one
        assert round(got, 4) == round(statistics.median(values), 4)


def test_counted_median_averages_the_two_middle_values_of_an_even_count() -> None:
    values = [1 / 3, 1 / 3, 2 / 7, 0.9, 1.0, 1.0]
    assert counted_median(Counter(values)) == (1 / 3 + 0.9) / 2 == statistics.median(values)
    assert counted_median(Counter([0.1, 0.7])) == statistics.median([0.1, 0.7])
    assert counted_median(Counter({0.5: 3, 0.25: 0})) == 0.5  # a zero count is no value
    with pytest.raises(statistics.StatisticsError):
        counted_median(Counter())


def test_distinct_is_the_size_of_the_union() -> None:
    rng = random.Random(0)
    for _ in range(100):
        sets = [{rng.randrange(60) for _ in range(rng.randrange(40))} for _ in range(rng.randint(1, 6))]
        assert distinct(sets) == len(set().union(*sets))
    assert distinct([]) == 0


@pytest.mark.parametrize("kinds", [1, 2, 3, 8, 40])
def test_openings_lead_as_counter_most_common(kinds: int) -> None:
    rng = random.Random(kinds)
    for size in (0, 1, 2, 5, 30, 300):
        texts = [f"opening {rng.randrange(kinds)}" for _ in range(size)]
        tally = Openings()
        for text in texts:
            tally.add(digest(text), text)
        counts = Counter(texts)
        assert tally.most_common() == (counts.most_common(1)[0] if counts else ("", 0))  # ties: the first seen
        assert tally.total == size


def _raw(out: Path) -> list[dict]:
    return [r for shard in sorted((out / "data" / "raw").glob("*.parquet")) for r in pq.read_table(shard).to_pylist()]


def _stream(raw: list[dict], copies: int) -> list[dict]:
    """``raw`` ``copies`` times over, each copy's ids and (every other copy's) questions and solution
    openings its own: structures and openings that repeat across copies as well as new ones."""
    out = []
    for c in range(copies):
        for r in raw:
            tag = "" if c % 2 else " in the " + "abcdefgh"[c // 2] + " version"
            steps = [{**r["steps"][0], "text": r["steps"][0]["text"] + tag}, *r["steps"][1:]] if r["steps"] else []
            out.append({**r, "id": f"{r['id']}-{c}", "question": r["question"] + tag, "steps": steps})
    return out


def _plain(rows: list[dict]) -> dict[tuple[str, object], dict]:
    """The changed figures of each group and each task's total, from whole lists (the measure's old way)."""
    positions: dict[tuple[str, object], list[float]] = defaultdict(list)
    ratios: dict[tuple[str, object], list[float]] = defaultdict(list)
    structures: dict[tuple[str, object], set[str]] = defaultdict(set)
    openings: dict[tuple[str, object], Counter[str]] = defaultdict(Counter)
    for r in rows:
        for key in ((r["task"], r["level"]), (r["task"], ALL_LEVELS)):
            for negative in r["negatives"]:
                pos = error_position(negative, len(r["steps"]))
                if pos is not None:
                    positions[key].append(pos)
            ratios[key] += [len(p["rejected"]) / max(len(p["chosen"]), 1) for p in dpo_rows(r) if p["pair_type"] == "solution"]
            structures[key].add(structure(r["question"]))
            if r["steps"]:
                openings[key][opening(r["steps"][0]["text"])] += 1
    out = {}
    for key in structures:
        bins = Counter(position_bin(p) for p in positions[key])
        top, top_n = openings[key].most_common(1)[0] if openings[key] else ("", 0)
        out[key] = {
            "negatives_with_error": len(positions[key]),
            "first_error_bins": {b: bins.get(b, 0) for b in POSITION_BINS},
            "first_error_median": round(statistics.median(positions[key]), 4) if positions[key] else None,
            "dpo_length_ratio": round(statistics.median(ratios[key]), 4) if ratios[key] else None,
            "question_structures": len(structures[key]),
            "top_opening": top,
            "top_opening_share": round(top_n / sum(openings[key].values()), 4) if openings[key] else None,
        }
    return out


@pytest.mark.parametrize("copies", [1, 4])
def test_measure_gives_the_whole_lists_figures(exported: Path, copies: int) -> None:
    rows = _stream(_raw(exported), copies)
    want = _plain(rows)
    got = {(f["task"], f["level"]): f for f in measure(rows, sample=0)}
    assert set(got) == set(want)
    for key, figures in want.items():
        assert {k: got[key][k] for k in figures} == figures, key
    assert any(f["first_error_median"] is not None for f in want.values())
    assert any(f["dpo_length_ratio"] is not None for f in want.values())
