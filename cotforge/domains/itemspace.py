"""A finite space of items numbered 0..size-1, drawn without repeats and apart between neighbouring seeds.

A task describes one level's items as a product of choices (``Choices``: a mixed-radix number
whose digits pick a coefficient, a layout, a phrasing ...). ``draw(key, seed, index)`` maps an
item's coordinates to an item number through a keyed permutation of ``range(size)`` (a Feistel
network with cycle walking): every seed owns its own block of ``size // SEED_SLOTS`` numbers, so

- within a seed the first ``capacity`` items never repeat, and
- seeds that differ by less than ``SEED_SLOTS`` never share an item while both stay within
  their capacity (past it, items wrap around to a fresh permutation and may repeat).

As long as different digits give different question texts (each task makes sure of that), the
question texts inherit both promises; ``capacity`` is what a task reports per level.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

SEED_SLOTS = 16
"""Neighbouring seeds closer than this never share an item."""
_ROUNDS = 4


def _round_key(key: str, round_: int) -> int:
    return int.from_bytes(hashlib.blake2b(f"{key}|{round_}".encode(), digest_size=8).digest(), "big")


def _feistel(value: int, bits: int, keys: Sequence[int]) -> int:
    """A bijection of ``range(2**bits)`` (``bits`` even)."""
    half = bits // 2
    mask = (1 << half) - 1
    left, right = value >> half, value & mask
    for k in keys:
        mixed = int.from_bytes(hashlib.blake2b(f"{k}|{right}".encode(), digest_size=8).digest(), "big") & mask
        left, right = right, left ^ mixed
    return (left << half) | right


def permute(value: int, size: int, key: str) -> int:
    """A keyed bijection of ``range(size)``: Feistel over the next even power of two, cycle-walked."""
    if not 0 <= value < size:
        raise ValueError(f"value {value} outside range({size})")
    bits = max(2, (size - 1).bit_length())
    bits += bits % 2
    keys = [_round_key(key, r) for r in range(_ROUNDS)]
    out = _feistel(value, bits, keys)
    while out >= size:  # cycle walking: stays a bijection of range(size)
        out = _feistel(out, bits, keys)
    return out


def capacity(size: int) -> int:
    """Items a seed can draw before they may repeat or meet a neighbouring seed's."""
    return max(1, size // SEED_SLOTS)


def draw(key: str, size: int, seed: int, index: int) -> int:
    """The item number of ``(seed, index)`` in a space of ``size`` items (see the module docstring)."""
    per_seed = capacity(size)
    lap, offset = divmod(index, per_seed)
    slot = seed % SEED_SLOTS if size >= SEED_SLOTS else 0
    number = (slot * per_seed + offset) % size
    return permute(number, size, f"{key}|lap={lap}")


@dataclass(frozen=True, slots=True)
class Choices:
    """Named digits of a mixed-radix item number: ``Choices((("a", [1, 2, 3]), ("layout", range(4))))``."""

    digits: tuple[tuple[str, Sequence[Any]], ...]

    @property
    def size(self) -> int:
        out = 1
        for _, options in self.digits:
            out *= len(options)
        return out

    def decode(self, number: int) -> dict[str, Any]:
        if not 0 <= number < self.size:
            raise ValueError(f"item number {number} outside range({self.size})")
        out = {}
        for name, options in self.digits:
            number, digit = divmod(number, len(options))
            out[name] = options[digit]
        return out

    def pick(self, key: str, seed: int, index: int) -> dict[str, Any]:
        return self.decode(draw(key, self.size, seed, index))
