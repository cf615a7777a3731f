from __future__ import annotations

import random
from collections import defaultdict
from hashlib import blake2b

import pytest

from cotforge.verifiers.filters import digest_index
from cotforge.verifiers.filters.digest_index import DigestIndex, IdStore


def test_an_empty_index_finds_nothing() -> None:
    index = DigestIndex(8)
    assert len(index) == 0 and index.segments == 0
    assert index.values([b"\0" * 8, b"\xff" * 8]) == [] and index.values([]) == []


def test_lookups_match_a_dict_after_many_merges() -> None:
    rng = random.Random(7)
    index = DigestIndex(9, merge_at=5)
    reference: dict[bytes, list[int]] = defaultdict(list)
    pool = [bytes([rng.randrange(256) for _ in range(9)]) for _ in range(300)]
    pool += [b"\0" * 9, b"a" + b"\0" * 8, b"a\0\0\0\0\0\0\0\x01", b"\xff" * 9]  # trailing NULs are part of a key
    for value in range(3000):
        key = rng.choice(pool)
        index.add(key, value)
        reference[key].append(value)
        if value % 97 == 0:
            probe = rng.sample(pool, 5)
            assert sorted(index.values(probe)) == sorted(v for k in probe for v in reference[k])
    assert len(index) == 3000
    assert index.nbytes() >= (3000 - 5) * (9 + 4)  # all but the (fewer than merge_at) recent entries are in segments
    assert 1 < index.segments <= 8  # merged geometrically, not one segment per flush
    for key in pool:
        assert index.values([key]) == reference[key]  # one key: oldest first
    assert index.values([b"b" * 9]) == []


def test_segments_stay_few_and_each_is_ratio_times_the_next() -> None:
    index = DigestIndex(8, merge_at=4)
    for i in range(4 * 1000):
        index.add(blake2b(str(i).encode(), digest_size=8).digest(), i)
    sizes = [len(keys) for keys, _ in index._segments]
    assert sum(sizes) == 4000 and len(sizes) <= 6
    assert all(a >= digest_index.RATIO * b for a, b in zip(sizes, sizes[1:]))
    for i in range(0, 4000, 37):
        assert index.values([blake2b(str(i).encode(), digest_size=8).digest()]) == [i]


def test_a_key_added_twice_keeps_both_values_across_a_merge() -> None:
    index = DigestIndex(2, merge_at=2)
    index.add(b"ab", 1)
    index.add(b"ab", 1)
    index.add(b"ab", 2)
    assert index.values([b"ab"]) == [1, 1, 2]
    assert sorted(index.values([b"ab", b"ab"])) == [1, 1, 1, 1, 2, 2]  # per key asked


def test_keys_must_have_the_index_width_and_values_fit_uint32() -> None:
    index = DigestIndex(4, merge_at=1)
    index.add(b"abcd", 0xFFFFFFFF)
    assert index.values([b"abcd"]) == [0xFFFFFFFF]
    with pytest.raises(ValueError, match="must be 4 bytes"):
        index.add(b"abc", 1)
    with pytest.raises(ValueError, match="must be 4 bytes"):
        index.values([b"abc"])  # would otherwise be padded with a NUL and could match b"abc\0"
    with pytest.raises(ValueError, match="uint32"):
        index.add(b"abcd", 1 << 32)


def test_id_store_gives_back_each_text() -> None:
    ids = IdStore()
    texts = ["", "r0", "linear_equation-3-0-12345", "é✓", "r0", "\udc80 lone surrogate"]
    ordinals = [ids.add(t) for t in texts]
    assert ordinals == list(range(len(texts))) and len(ids) == len(texts)
    assert [ids.get(o) for o in ordinals] == texts
