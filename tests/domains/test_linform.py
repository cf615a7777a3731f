"""Linear sides: the value of a side (``form``) and hashing consistent with equality (the spaces key caches by sides)."""

from __future__ import annotations

from fractions import Fraction

from cotforge.domains.linform import Frac, Group, Mono, form, mono, solution


def test_form_sums_monomials_brackets_and_fractions() -> None:
    side = (mono(3, 1), Group(Fraction(-2), (mono(1, 1), mono(-3, 0))), Frac(-1, (mono(2, 1), mono(-5, 0)), 4), mono(Fraction(1, 2), 0))
    # 3x - 2(x - 3) - (2x - 5)/4 + 1/2 = (3 - 2 - 1/2) x + (6 + 5/4 + 1/2)
    assert form(side) == (Fraction(1, 2), Fraction(31, 4))
    assert solution(side, (mono(0, 0),)) == Fraction(-31, 2)


def test_equal_terms_hash_equal_and_key_the_same_entry() -> None:
    a = (Mono(Fraction(2, 4), 1), Group(Fraction(6, 3), (Mono(Fraction(-1), 0),)))
    b = (Mono(Fraction(1, 2), 1), Group(Fraction(2), (Mono(Fraction(-2, 2), 0),)))
    assert a == b and hash(a) == hash(b)
    assert {a: "seen"}[b] == "seen"
    assert Mono(Fraction(1, 2), 1) != Mono(Fraction(1, 2), 0) and Mono(Fraction(1, 2), 1) != Mono(Fraction(-1, 2), 1)
