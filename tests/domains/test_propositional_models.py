"""``models`` reads the truth table a column at a time: the same models, in the same order, as the table read row by
row (the definition), on random formulas and partial assignments; and list indexing's reading of a literal's variable."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence

import pytest

from cotforge.domains.propositional import Clause, Value, clause_value, models


def _row_by_row(clauses: Sequence[Clause], n: int, partial: Sequence[Value] | None = None) -> Iterator[tuple[bool, ...]]:
    partial = list(partial) if partial is not None else [None] * n
    free = [i for i, v in enumerate(partial) if v is None]
    for bits in itertools.product((False, True), repeat=len(free)):
        full = list(partial)
        for i, b in zip(free, bits):
            full[i] = b
        if all(clause_value(c, full) for c in clauses):
            yield tuple(bool(v) for v in full)


@pytest.mark.parametrize("seed", range(40))
def test_the_models_of_the_row_by_row_table_in_its_order(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(50):
        n = rng.randint(1, 8)
        clauses = [tuple((rng.randrange(n), rng.random() < 0.5) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(0, 9))]
        partial = [rng.choice((None, None, True, False)) for _ in range(n)] if rng.random() < 0.6 else None
        assert list(models(clauses, n, partial)) == list(_row_by_row(clauses, n, partial))


def test_a_literal_reads_its_variable_as_a_list_does() -> None:
    clauses = [((-1, True),), ((0, False),)]  # -1: the last variable, as the table's list read it
    assert list(models(clauses, 3)) == list(_row_by_row(clauses, 3)) == [(False, False, True), (False, True, True)]
    with pytest.raises(IndexError):
        list(models([((3, True),)], 3))
    with pytest.raises(IndexError):
        list(_row_by_row([((3, True),)], 3))
    for table in (models, _row_by_row):  # every literal of a clause is read, even after a true one
        with pytest.raises(IndexError):
            list(table([((0, True), (3, True))], 3, [True, None, None]))
