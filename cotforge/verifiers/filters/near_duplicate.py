"""Near-duplicate questions by MinHash LSH (datasketch), compared within each task.

Generated questions share templates across a task ("Solve for x: ..."), and across
tasks nothing is comparable, so each task gets its own index; shingles are word
n-grams of the whole question, so two problems that differ in their numbers are
not near-duplicates unless almost everything else is the same.

The index bands signatures exactly as datasketch's ``MinHashLSH`` does (the same
number of bands and rows for the threshold), but keeps each band as an 8-byte digest
rather than its raw hash values, and keeps those digests and the ids in the flat
buffers of ``digest_index`` rather than dicts of Python objects: about 110 bytes per
record plus the id's text (was about 560), so a run of millions of records can be exported.
"""

from __future__ import annotations

from hashlib import blake2b
from typing import ClassVar

from datasketch import MinHash, MinHashLSH

from cotforge.core.errors import ConfigError
from cotforge.verifiers.filters.base import Decision, Filter, Row, words
from cotforge.verifiers.filters.digest_index import MERGE_AT, DigestIndex, IdStore


class _BandIndex:
    """LSH buckets of one task: (band number, 8-byte digest of the band) -> ordinals of the ids inserted with it."""

    __slots__ = ("index", "prefixes", "ranges")

    def __init__(self, bands: int, rows: int, merge_at: int) -> None:
        self.ranges = [(i * rows, (i + 1) * rows) for i in range(bands)]
        width = 1 if bands <= 256 else 2
        self.prefixes = [i.to_bytes(width, "big") for i in range(bands)]
        self.index = DigestIndex(width + 8, merge_at)

    def keys(self, sig: MinHash) -> list[bytes]:
        values = sig.hashvalues
        return [p + blake2b(values[a:b].tobytes(), digest_size=8).digest() for p, (a, b) in zip(self.prefixes, self.ranges)]

    def query(self, keys: list[bytes]) -> list[int]:
        return self.index.values(keys)

    def insert(self, ordinal: int, keys: list[bytes]) -> None:
        self.index.add_all(keys, ordinal)


def _id_key(record_id: str) -> bytes:
    return blake2b(record_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()


class NearDuplicateFilter(Filter):
    name: ClassVar[str] = "near_duplicate"

    def __init__(self, threshold: float = 0.9, num_perm: int = 128, shingle: int = 3, merge_at: int = MERGE_AT) -> None:
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
        self._merge_at = merge_at
        self._index: dict[str, _BandIndex] = {}
        self._names = IdStore()  # every inserted id, by ordinal
        self._ids = DigestIndex(8, merge_at)  # 8-byte digest of an inserted id -> its ordinal (checked against the text)

    def signature(self, text: str) -> MinHash:
        tokens = words(text)
        grams = {" ".join(tokens[i : i + self.shingle]) for i in range(max(1, len(tokens) - self.shingle + 1))}
        m = MinHash(num_perm=self.num_perm, seed=1, permutations=self._permutations, scheme="affine32")
        m.update_batch([g.encode() for g in grams])
        return m

    def seed(self, rows: list[Row]) -> None:
        """Index questions of earlier runs so new ones are compared against them too."""
        for row in rows:
            self._insert(row, self._task_index(row["task"]).keys(self.signature(row["question"])))

    def _task_index(self, task: str) -> _BandIndex:
        index = self._index.get(task)
        if index is None:
            index = self._index[task] = _BandIndex(self._bands, self._rows, self._merge_at)
        return index

    def _insert(self, row: Row, keys: list[bytes]) -> None:
        record_id = row["id"]
        id_key = _id_key(record_id)
        for ordinal in self._ids.values((id_key,)):
            if self._names.get(ordinal) == record_id:
                return  # indexed already (a digest shared with another id is told apart by the text)
        ordinal = self._names.add(record_id)
        self._task_index(row["task"]).insert(ordinal, keys)
        self._ids.add(id_key, ordinal)

    def keep(self, row: Row) -> Decision:
        index = self._task_index(row["task"])
        keys = index.keys(self.signature(row["question"]))
        hits = index.query(keys)
        if hits:
            for other in sorted({self._names.get(ordinal) for ordinal in hits}):
                if other != row["id"]:
                    return False, f"near duplicate of {other} (MinHash Jaccard >= {self.threshold})"
        self._insert(row, keys)
        return True

    def nbytes(self) -> int:
        """Bytes of the ids and the sorted parts of the indexes (not their small dicts of recent entries)."""
        return self._names.nbytes() + self._ids.nbytes() + sum(i.index.nbytes() for i in self._index.values())
