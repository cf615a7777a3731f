"""The puzzles of the logic generators whose search was made cheaper (futoshiki's dig names the signs it keeps by
index; zebra's and seating's uniqueness checks compile the clues once; shortest_path finds distances from the start
and runs all-pairs only where routes tie) are the ones they made before: four puzzles per level at seed 11, hashed.
A change that alters them is a new task version, not a speed-up."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

import pytest

from cotforge.core.registry import TASKS

GOLDEN = {  # made at 2cc998e, before the change
    "futoshiki": ["18cfbd2b10ff2519", "5e3793a349b97d1f", "9ae2c4829d321ad5", "e0a35569c39abd5c", "5db4d379cc03b317"],
    "zebra": ["f1843308ea034729", "520d2d5fd7d87f71", "f22f9e097d9b03d0", "681c54788a109910", "0249f5397387ce2b"],
    "shortest_path": ["3cf22b96a7e4c694", "a5267fb440a41adb", "a547f24f8e7f3dd8", "dba89131465378e1", "49069bf69a2c0a94"],
    "seating": ["a515af36602d9a71", "cfdba642da8751be", "5d737b5565274bfd", "732a9c34b9a90cb6", "b62e584469a564c5"],
}


@pytest.mark.parametrize("task", sorted(GOLDEN))
def test_the_puzzles_are_the_ones_made_before(task: str) -> None:
    made = []
    for level in range(1, 6):
        digest = hashlib.sha256()
        generator = TASKS.get(task).from_level(level, seed=11)
        for index in range(4):
            digest.update(json.dumps(asdict(generator.generate(index)), sort_keys=True).encode())
        made.append(digest.hexdigest()[:16])
    assert made == GOLDEN[task]
