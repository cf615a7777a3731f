"""Near-duplicate questions by MinHash LSH (datasketch), compared within each task.

Generated questions share templates across a task ("Solve for x: ..."), and across
tasks nothing is comparable, so each task gets its own index; shingles are word
n-grams of the whole question, so two problems that differ in their numbers are
not near-duplicates unless almost everything else is the same.

The index bands signatures exactly as datasketch's ``MinHashLSH`` does (the same
number of bands and rows for the threshold), but keeps each band as an 8-byte digest
in a dict rather than its raw hash values: a few hundred bytes per record instead of
about two kilobytes, so a run of millions of records can be exported.
"""

from __future__ import annotations

from hashlib import blake2b
from typing import ClassVar

from datasketch import MinHash, MinHashLSH

from cotforge.core.errors import ConfigError
from cotforge.verifiers.filters.base import Decision, Filter, Row, words


class _BandIndex:
    """LSH buckets of one task: per band, digest of the band -> id (or ids) inserted with it."""

    __slots__ = ("bands", "ranges")

    def __init__(self, bands: int, rows: int) -> None:
        self.ranges = [(i * rows, (i + 1) * rows) for i in range(bands)]
        self.bands: list[dict[int, str | list[str]]] = [{} for _ in range(bands)]

    def digests(self, sig: MinHash) -> list[int]:
        values = sig.hashvalues
        return [int.from_bytes(blake2b(values[a:b].tobytes(), digest_size=8).digest(), "little") for a, b in self.ranges]

    def query(self, digests: list[int]) -> set[str]:
        found: set[str] = set()
        for band, key in zip(self.bands, digests):
            hit = band.get(key)
            if hit is not None:
                found.update([hit] if isinstance(hit, str) else hit)
        return found

    def insert(self, key: str, digests: list[int]) -> None:
        for band, digest in zip(self.bands, digests):
            hit = band.get(digest)
            if hit is None:
                band[digest] = key
            elif isinstance(hit, str):
                band[digest] = [hit, key]
            else:
                hit.append(key)


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
        params = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._bands, self._rows = params.b, params.r
        self._permutations = MinHash(num_perm=num_perm, seed=1).permutations
        self._index: dict[str, _BandIndex] = {}
        self._ids: set[str] = set()

    def signature(self, text: str) -> MinHash:
        tokens = words(text)
        grams = {" ".join(tokens[i : i + self.shingle]) for i in range(max(1, len(tokens) - self.shingle + 1))}
        m = MinHash(num_perm=self.num_perm, seed=1, permutations=self._permutations, scheme="affine32")
        m.update_batch([g.encode() for g in grams])
        return m

    def seed(self, rows: list[Row]) -> None:
        """Index questions of earlier runs so new ones are compared against them too."""
        for row in rows:
            self._insert(row, self._task_index(row["task"]).digests(self.signature(row["question"])))

    def _task_index(self, task: str) -> _BandIndex:
        index = self._index.get(task)
        if index is None:
            index = self._index[task] = _BandIndex(self._bands, self._rows)
        return index

    def _insert(self, row: Row, digests: list[int]) -> None:
        if row["id"] not in self._ids:
            self._task_index(row["task"]).insert(row["id"], digests)
            self._ids.add(row["id"])

    def keep(self, row: Row) -> Decision:
        index = self._task_index(row["task"])
        digests = index.digests(self.signature(row["question"]))
        for other in sorted(index.query(digests)):
            if other != row["id"]:
                return False, f"near duplicate of {other} (MinHash Jaccard >= {self.threshold})"
        self._insert(row, digests)
        return True
