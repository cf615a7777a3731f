"""Generators whose items come from a numbered item space (:mod:`cotforge.domains.itemspace`).

``build`` gets only the item's rng; a unique item needs the item's coordinates too, so these
generators keep the index being generated and draw their choices from it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from cotforge.core.records import Problem
from cotforge.core.task import Generator
from cotforge.domains.itemspace import Choices, capacity, draw

RETRIES = 400


class UniqueItemsGenerator(Generator):
    """A generator that draws each item's choices without repeats (within a seed's capacity)."""

    _index: int = 0

    def generate(self, index: int) -> Problem:
        self._index = index
        return super().generate(index)

    def _key(self) -> str:
        return f"{self.name}|v{self.version}|L{self.config.level}"

    def pick(self, choices: Choices, valid: Callable[[dict[str, Any]], bool] = lambda _: True) -> dict[str, Any]:
        """This item's choices; an invalid draw (rare, by construction) is replaced by a keyed re-draw."""
        number = draw(self._key(), choices.size, self.seed, self._index)
        for attempt in range(RETRIES):
            params = choices.decode(number)
            if valid(params):
                return params
            number = random.Random(f"{self._key()}|{self.seed}|{self._index}|{attempt}").randrange(choices.size)
        raise RuntimeError(f"{self.name} level {self.config.level}: no valid item after {RETRIES} draws")

    def capacity(self) -> int:
        """Items one seed draws before any may repeat (or meet a neighbouring seed's)."""
        return capacity(self.choices().size)

    def choices(self) -> Choices:
        raise NotImplementedError
