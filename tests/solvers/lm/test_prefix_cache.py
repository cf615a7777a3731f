"""The transformers backend encodes a shared prompt once and reuses its KV cache for every sibling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cotforge.solvers.lm.backends import Request, Sample, TransformersBackend, cut_at_stop
from tiny_lm import build_tiny_lm


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    texts = ["Add the two numbers first.\n\nThen check the sum.\n\nFinal answer: 7"] * 20
    return build_tiny_lm(tmp_path_factory.mktemp("lm"), texts)


def _count_embedded(backend: TransformersBackend) -> list[tuple[int, int]]:
    """(batch, sequence) of every forward pass, seen at the input embedding."""
    shapes: list[tuple[int, int]] = []

    def hook(module: Any, args: tuple[Any, ...], output: Any) -> None:
        shapes.append(tuple(args[0].shape))  # type: ignore[arg-type]

    backend.model.get_input_embeddings().register_forward_hook(hook)
    return shapes


REQUESTS = [
    Request("Add the two numbers first. Then check the sum, and then", 4, ("\n\n",), 12, 7),
    Request("Then", 4, ("\n\n",), 12, 7),  # short: mostly left padding
]


def same(a: list[Sample], b: list[Sample]) -> bool:
    """Same texts and lengths; log-probabilities equal up to float rounding (the cached path adds in another order)."""
    return [(s.text, s.tokens) for s in a] == [(s.text, s.tokens) for s in b] and all(
        s.logprob == pytest.approx(t.logprob, abs=1e-4) for s, t in zip(a, b))


def test_reusing_the_prefix_gives_the_same_samples(tiny: Path) -> None:
    with_cache = TransformersBackend(tiny, prefix_cache=True).sample_batch(REQUESTS)
    without = TransformersBackend(tiny, prefix_cache=False).sample_batch(REQUESTS)
    assert all(same(a, b) for a, b in zip(with_cache, without))
    assert all(len(s) == 4 for s in with_cache)
    assert len({s.text for s in with_cache[0]}) > 1  # really sampled, not one string four times


def test_the_prefix_is_encoded_once_not_once_per_sibling(tiny: Path) -> None:
    prompt = "Add the two numbers first. Then check the sum, and then add them again"
    length = len(TransformersBackend(tiny).tokenizer(prompt, add_special_tokens=False)["input_ids"])
    reuse, plain = TransformersBackend(tiny, prefix_cache=True), TransformersBackend(tiny, prefix_cache=False)
    seen_reuse, seen_plain = _count_embedded(reuse), _count_embedded(plain)
    a = reuse.sample(prompt, 8, stop=["\n\n"], max_tokens=6, seed=1)
    b = plain.sample(prompt, 8, stop=["\n\n"], max_tokens=6, seed=1)
    assert same(a, b)
    # with reuse: the prompt less its last token once, then one token per sibling per step
    assert seen_reuse[0] == (1, length - 1)
    assert all(seq == 1 for _, seq in seen_reuse[1:])
    # without: the whole prompt once per sibling
    assert seen_plain[0] == (8, length)
    prompt_tokens = lambda seen: sum(b * s for b, s in seen if s > 1)  # noqa: E731
    assert prompt_tokens(seen_plain) == 8 * prompt_tokens(seen_reuse) + 8


def test_a_delimiter_spanning_tokens_still_stops_each_sibling(tiny: Path) -> None:
    backend = TransformersBackend(tiny, prefix_cache=True)
    free = backend.sample("Add the two numbers", 6, stop=[], max_tokens=24, seed=4)
    stops = 0
    for k, sample in enumerate(free):
        text = sample.text
        # three plain characters from the middle: they span tokens of a 400-token byte-level BPE
        at = next((i for i in range(len(text) // 3, len(text) - 6) if text[i : i + 3].isascii() and text[i : i + 3].isprintable()), None)
        if at is None:
            continue
        stop = text[at : at + 3]
        stopped = backend.sample("Add the two numbers", 6, stop=[stop], max_tokens=24, seed=4)[k]
        assert stopped.text == cut_at_stop(sample.text, [stop])
        assert stopped.tokens < sample.tokens  # generation really ended at the delimiter, not at max_tokens
        stops += 1
    assert stops >= 3
