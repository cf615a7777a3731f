"""Near-duplicate questions by MinHash LSH (datasketch), compared within each task.

Generated questions share templates across a task ("Solve for x: ..."), and across
tasks nothing is comparable, so each task gets its own index; shingles are word
n-grams of the whole question, so two problems that differ in their numbers are
not near-duplicates unless almost everything else is the same.
"""

from __future__ import annotations

from typing import ClassVar

from datasketch import MinHash, MinHashLSH

from cotforge.core.errors import ConfigError
from cotforge.verifiers.filters.base import Decision, Filter, Row, words


class NearDuplicateFilter(Filter):
    name: ClassVar[str] = "near_duplicate"

    def __init__(self, threshold: float = 0.9, num_perm: int = 128, shingle: int = 3) -> None:
        if not 0 < threshold <= 1:
            raise ConfigError(f"near_duplicate.threshold must be in (0, 1], got {threshold!r}")
        if num_perm < 16 or shingle < 1:
            raise ConfigError(f"near_duplicate needs num_perm >= 16 and shingle >= 1, got {num_perm}, {shingle}")
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self._index: dict[str, MinHashLSH] = {}
        self._questions: dict[str, str] = {}

    def signature(self, text: str) -> MinHash:
        tokens = words(text)
        grams = {" ".join(tokens[i : i + self.shingle]) for i in range(max(1, len(tokens) - self.shingle + 1))}
        m = MinHash(num_perm=self.num_perm, seed=1)
        m.update_batch([g.encode() for g in grams])
        return m

    def seed(self, rows: list[Row]) -> None:
        """Index questions of earlier runs so new ones are compared against them too."""
        for row in rows:
            self._insert(row, self.signature(row["question"]))

    def _insert(self, row: Row, sig: MinHash) -> None:
        lsh = self._index.get(row["task"])
        if lsh is None:
            lsh = self._index[row["task"]] = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        if row["id"] not in self._questions:
            lsh.insert(row["id"], sig)
            self._questions[row["id"]] = row["question"]

    def keep(self, row: Row) -> Decision:
        sig = self.signature(row["question"])
        lsh = self._index.get(row["task"])
        if lsh is not None:
            for other in sorted(lsh.query(sig)):
                if other != row["id"]:
                    return False, f"near duplicate of {other} (MinHash Jaccard >= {self.threshold})"
        self._insert(row, sig)
        return True
