"""The probes' pair sample: drawn from the whole run whatever the rows' order, the same when built in
pieces and merged, and never more than ``MAX_PROBE_PAIRS`` pairs held."""

from __future__ import annotations

import random

import pytest

from cotforge.pipelines import quality_probe
from cotforge.pipelines.quality_probe import PairSample, pair_features, pair_key


def offer(sample: PairSample, record: str, index: int) -> None:
    sample.offered += 1
    key = pair_key(record, index)
    if sample.wants(key):
        sample.add(key, record, pair_features(f"{record} chosen", f"{record} rejected {index}"))


def kept(sample: PairSample) -> list[str]:
    return sorted(record for _, record, _ in sample.heap)


def test_the_sample_is_the_same_in_any_order_and_merged_from_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quality_probe, "MAX_PROBE_PAIRS", 50)
    pairs = [(f"L{level}-{n}", i) for level in range(1, 6) for n in range(100) for i in range(2)]
    in_order, shuffled, left, right = PairSample(), PairSample(), PairSample(), PairSample()
    for record, i in pairs:
        offer(in_order, record, i)
    for record, i in random.Random(0).sample(pairs, len(pairs)):
        offer(shuffled, record, i)
    for k, (record, i) in enumerate(pairs):
        offer(left if k % 3 else right, record, i)
    left.merge(right)

    assert len(in_order.heap) == 50 and in_order.offered == left.offered == 1000
    assert kept(in_order) == kept(shuffled) == kept(left)
    levels = {record.split("-")[0] for record in kept(in_order)}
    assert levels == {"L1", "L2", "L3", "L4", "L5"}  # the first 50 pairs would all be level 1's


def test_the_probe_reads_the_sample() -> None:
    sample = PairSample()
    for n in range(40):
        offer(sample, f"r{n}", 0)
    assert sample.offered == 40 and len(sample.heap) == 40
    accuracy = sample.probe()
    assert accuracy is not None and 0.0 <= accuracy <= 1.0
    assert PairSample().probe() is None  # nothing offered: no probe figure
