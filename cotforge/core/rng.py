"""Per-item randomness: one generator per (task, version, seed, index), from a hash.

Hashing rather than ``seed + index`` keeps item i of seed s+1 unrelated to item
i+1 of seed s, so two runs with neighbouring seeds never share problems.
"""

from __future__ import annotations

import hashlib
import random


def item_seed(task: str, version: int, seed: int, index: int) -> int:
    key = f"cotforge|{task}|v{version}|seed={seed}|index={index}".encode()
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")


def item_rng(task: str, version: int, seed: int, index: int) -> random.Random:
    """A ``random.Random`` that depends only on the four coordinates of an item."""
    return random.Random(item_seed(task, version, seed, index))
