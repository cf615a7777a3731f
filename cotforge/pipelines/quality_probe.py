"""The surface-only probe of DPO pairs: a logistic regression that sees only surface features of a
(chosen, rejected) pair - log length, step count, where the pair parts, the last line's wording - and
says which is chosen, cross-validated with each record's pairs in one fold. 0.5: the pair differs only
in its reasoning; near 1.0: a shortcut a preference model would learn instead."""

from __future__ import annotations

import hashlib
import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

MIN_PROBE_PAIRS = 10
MAX_PROBE_PAIRS = 5000
LAST_LINES = 30
LAST_WORDS = 6
_MATH = re.compile(r"\$[^$]*\$")


def _last_line(text: str) -> str:
    """A completion's last line as wording: formulas ``$``, numbers ``#``, names ``N`` (capitalised
    words after the first), its first ``LAST_WORDS`` words - so it tells an answer line from a
    contradiction, never one record's answer from another's (which the folds would leak)."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    if not lines:
        return ""
    words = re.sub(r"-?\d+(\.\d+)?", "#", _MATH.sub("$", lines[-1].strip())).split()
    return " ".join(words[:1] + [re.sub(r"^[A-Z][a-z]+", "N", w) for w in words[1:LAST_WORDS]])


def surface(text: str, shared: int) -> tuple[float, float, float, str]:
    """Surface features of one completion: log length, steps, relative position of its first own step, last line."""
    steps = [p for p in text.split("\n\n") if p.strip()]
    return math.log1p(len(text)), float(len(steps)), shared / max(len(steps), 1), _last_line(text)


def _shared_steps(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.split("\n\n"), b.split("\n\n")):
        if x != y:
            break
        n += 1
    return n


Features = tuple[tuple[float, float, float, str], tuple[float, float, float, str]]


def pair_features(chosen: str, rejected: str) -> Features:
    """The surface features of a (chosen, rejected) pair: all the probe ever sees of it."""
    shared = _shared_steps(chosen, rejected)
    return surface(chosen, shared), surface(rejected, shared)


def pair_key(record_id: str, index: int) -> int:
    """A pair's place in the sample order: a hash of its record and its index there, so which pairs a
    sample keeps depends on neither the rows' order nor the run's size."""
    return int.from_bytes(hashlib.blake2b(f"{record_id}\x00{index}".encode(), digest_size=8).digest(), "big")


@dataclass
class PairSample:
    """At most ``MAX_PROBE_PAIRS`` of the pairs offered, uniformly drawn: those with the smallest
    :func:`pair_key`. The first pairs of a large run would be its first task's first levels only; these
    are drawn from all of it, two samples merge into the sample of both, and memory stays flat."""

    offered: int = 0
    heap: list[tuple[int, str, Features]] = field(default_factory=list)  # (-key, record id, features)

    def wants(self, key: int) -> bool:
        return len(self.heap) < MAX_PROBE_PAIRS or key < -self.heap[0][0]

    def add(self, key: int, record_id: str, features: Features) -> None:
        """Keep a pair that :meth:`wants` ``key`` (counted in ``offered`` by the caller)."""
        if len(self.heap) < MAX_PROBE_PAIRS:
            heapq.heappush(self.heap, (-key, record_id, features))
        else:
            heapq.heappushpop(self.heap, (-key, record_id, features))

    def merge(self, other: PairSample) -> None:
        self.offered += other.offered
        for neg, record_id, features in other.heap:
            if self.wants(-neg):
                self.add(-neg, record_id, features)

    def probe(self) -> float | None:
        """:func:`probe_features` of the kept pairs, in key order."""
        kept = sorted(self.heap, key=lambda item: -item[0])
        return probe_features([f for _, _, f in kept], groups=[g for _, g, _ in kept])


def probe_accuracy(pairs: list[tuple[str, str]], folds: int = 5, seed: int = 0,
                   groups: list[str] | None = None) -> float | None:
    """Cross-validated accuracy of a logistic regression that sees only surface features of a
    (chosen, rejected) pair shown in random order and says which is chosen. None under ``MIN_PROBE_PAIRS``.
    ``groups`` (e.g. the record id of each pair): pairs of one group stay in one fold."""
    return probe_features([pair_features(c, r) for c, r in pairs], folds, seed, groups)


def probe_features(feats: list[Features], folds: int = 5, seed: int = 0, groups: list[str] | None = None) -> float | None:
    """:func:`probe_accuracy` from the pairs' features (the first ``MAX_PROBE_PAIRS``: a run's are a
    :class:`PairSample`; the
    ``LAST_LINES`` most common last lines get a feature each, the others share one)."""
    if len(feats) < MIN_PROBE_PAIRS:
        return None
    feats = feats[:MAX_PROBE_PAIRS]
    keys = (groups or [str(i) for i in range(len(feats))])[:len(feats)]
    rng = np.random.default_rng(seed)
    common = Counter(f[3] for pair in feats for f in pair).most_common(LAST_LINES)
    index = {line: i for i, (line, _) in enumerate(common)}

    def vector(f: tuple[float, float, float, str]) -> np.ndarray:
        onehot = np.zeros(len(index) + 1)
        onehot[index.get(f[3], len(index))] = 1.0
        return np.concatenate([np.array(f[:3]), onehot])

    flip = rng.random(len(feats)) < 0.5
    x = np.array([vector(r) - vector(c) if s else vector(c) - vector(r) for (c, r), s in zip(feats, flip)])
    y = (~flip).astype(float)  # 1: the first shown is the chosen one
    names = sorted(set(keys))
    if len(names) < 2:
        return None
    fold_of = {name: i % folds for i, name in enumerate(names[j] for j in rng.permutation(len(names)))}
    fold = np.array([fold_of[key] for key in keys])
    correct = 0
    for k in range(folds):
        test, train = np.flatnonzero(fold == k), np.flatnonzero(fold != k)
        if not len(test):
            continue
        mu, sd = x[train].mean(0), x[train].std(0) + 1e-9
        w = _fit((x[train] - mu) / sd, y[train])
        correct += int(((((x[test] - mu) / sd) @ w > 0).astype(float) == y[test]).sum())
    return correct / len(x)


def _fit(x: np.ndarray, y: np.ndarray, steps: int = 300, rate: float = 0.5, l2: float = 1e-3) -> np.ndarray:
    """Logistic regression without intercept (the pair's order is random), by gradient descent."""
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        w -= rate * (x.T @ (p - y) / len(y) + l2 * w)
    return w
