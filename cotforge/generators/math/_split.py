"""Neighbouring seeds never share a problem: seeds of one parity draw only from one half of a
task's item space, the half chosen by a hash of the problem's own text (its formula, or its
question), so the promise of ``core.rng`` holds even where a level holds few distinct items."""

from __future__ import annotations

import hashlib


def seed_side(text: str, seed: int) -> bool:
    """True when ``text`` belongs to the half of the item space that ``seed`` draws from."""
    return (hashlib.blake2b(text.encode(), digest_size=8).digest()[0] & 1) == seed % 2
