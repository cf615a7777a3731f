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


def test_exact_and_ratio_are_fraction_arithmetic_with_whole_values_as_ints() -> None:
    from cotforge.domains.linform import absolute, exact, ratio

    values = [Fraction(n, d) for n in range(-13, 14) for d in (1, 2, 3, 6, 7)] + list(range(-9, 10))
    for p in values:
        assert exact(p) == p and (type(exact(p)) is int) == (Fraction(p).denominator == 1)
        assert absolute(p) == abs(p) and type(absolute(p)) is type(p)
        for q in values:
            if q != 0:
                r = ratio(p, q)
                assert r == Fraction(p) / q and (type(r) is int) == ((Fraction(p) / q).denominator == 1)


def test_sides_rewritten_with_int_coefficients_keep_their_values() -> None:
    """A side's form, its combined and expanded and scaled versions: the values Fraction arithmetic gives, whole
    coefficients as ints, and the same texts and keys as the sides built from int-valued Fractions."""
    import random

    from cotforge.domains.linform import combine, expand, scale_term, side_text

    rng = random.Random(3)

    def value(side: tuple, x: Fraction) -> Fraction:
        total = Fraction(0)
        for t in side:
            if isinstance(t, Mono):
                total += Fraction(t.c) * (x if t.deg else 1)
            else:
                inner = sum((Fraction(m.c) * (x if m.deg else 1) for m in t.inner), Fraction(0))
                total += inner * (Fraction(t.k) if isinstance(t, Group) else Fraction(t.sign, t.den))
        return total

    for _ in range(400):
        inner = tuple(mono(rng.randint(-9, 9) or 1, d) for d in (1, 0))
        side = (mono(Fraction(rng.randint(-9, 9), rng.choice([1, 1, 2, 3])), 1), Group(Fraction(rng.randint(-5, 5) or 2), inner),
                Frac(rng.choice([1, -1]), inner, rng.choice([2, 3, 4])), mono(rng.randint(-20, 20), 0))
        as_fractions = tuple(Mono(Fraction(t.c), t.deg) if isinstance(t, Mono) else t for t in side)
        for x in (Fraction(0), Fraction(1), Fraction(-7, 3)):
            a, b = form(side)
            assert a * x + b == value(side, x)
            d = 12
            scaled = tuple(scale_term(t, d) for t in side)
            assert value(scaled, x) == d * value(side, x)
            plain = expand(tuple(t for t in scaled))
            if all(isinstance(t, Mono) for t in plain):
                assert value(combine(plain), x) == value(plain, x)
                assert all(type(t.c) is int for t in combine(plain))  # whole after clearing: ints
        assert side == as_fractions and hash(side) == hash(as_fractions)
        assert side_text(side, "x") == side_text(as_fractions, "x") and side_text(side, "x", True) == side_text(as_fractions, "x", True)
