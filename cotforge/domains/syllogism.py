"""Categorical statements over k terms and their meaning in models, by Venn regions.

A region is a bitmask over the terms (bit t set = inside term t). In any model every element falls
in exactly one region, so a model is, for these statements, just the set of occupied regions:
"All S are P" empties every region in S but not P, "No S are P" every region in both, "Some S are
P" needs an occupied region in both, "Some S are not P" one in S but not P. A set of statements is
satisfiable iff no particular statement has all its regions emptied by the universal ones (occupy
one region per particular: universals stay true). Validity is: premises plus the conclusion's
negation unsatisfiable. This is the model-theoretic definition, not a table of named moods.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

NEGATION = {"A": "O", "O": "A", "E": "I", "I": "E"}


@dataclass(frozen=True, slots=True)
class Categorical:
    quant: str
    """A (all S are P), E (no S are P), I (some S are P), O (some S are not P)."""
    subj: int
    pred: int

    @property
    def universal(self) -> bool:
        return self.quant in "AE"

    def regions(self, k: int) -> frozenset[int]:
        """Universal: the regions it empties. Particular: the regions one of which it occupies."""
        s, p = 1 << self.subj, 1 << self.pred
        inside = self.quant in "EI"  # regions in both S and P; else in S and not P
        return frozenset(r for r in range(1 << k) if r & s and bool(r & p) == inside)

    def negated(self) -> "Categorical":
        return Categorical(NEGATION[self.quant], self.subj, self.pred)

    def english(self, terms: Sequence[str]) -> str:
        s, p = terms[self.subj], terms[self.pred]
        return {"A": f"All {s} are {p}", "E": f"No {s} are {p}", "I": f"Some {s} are {p}",
                "O": f"Some {s} are not {p}"}[self.quant]  # fmt: skip


def emptied(statements: Sequence[Categorical], k: int) -> frozenset[int]:
    return frozenset(r for st in statements if st.universal for r in st.regions(k))


def satisfiable(statements: Sequence[Categorical], k: int, empty: frozenset[int] = frozenset(),
                occupied: Sequence[frozenset[int]] = ()) -> bool:  # fmt: skip
    """Whether a model makes every statement true, with regions ``empty`` empty and one region of
    each set in ``occupied`` occupied."""
    gone = emptied(statements, k) | empty
    needs = [st.regions(k) for st in statements if not st.universal] + list(occupied)
    return all(need - gone for need in needs)


def valid(premises: Sequence[Categorical], conclusion: Categorical, k: int, existential: bool = False) -> bool:
    """True when the conclusion holds in every model of the premises (with ``existential``, only
    models where every term has members)."""
    extra = [Categorical("I", t, t) for t in range(k)] if existential else []
    return not satisfiable([*premises, *extra, conclusion.negated()], k)


def region_name(r: int, terms: Sequence[str]) -> str:
    """"poets, not bakers, artists" style: every term, in or out."""
    return ", ".join(t if r >> i & 1 else f"not {t}" for i, t in enumerate(terms))
