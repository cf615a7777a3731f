"""``poly_latex`` and ``product_latex`` write what ``domains.latex.latex`` writes for the machine text they stand in for."""

from __future__ import annotations

import random

from cotforge.domains.latex import latex
from cotforge.domains.polynomial import poly_latex, poly_text, product_latex


def test_poly_latex_is_the_readers_on_random_coefficients() -> None:
    rng = random.Random(3)
    for _ in range(6000):
        coeffs = [rng.choice([0, 0, 1, -1, rng.randint(-500, 500)]) for _ in range(rng.randint(1, 9))]
        assert poly_latex(coeffs) == latex(poly_text(coeffs, "x")), coeffs
        assert poly_latex(coeffs, "y") == latex(poly_text(coeffs, "y")), coeffs
    assert poly_latex([2, -3, 1]) == "2 x^{2} - 3 x + 1" and poly_latex([0, 0]) == "0"


def test_product_latex_is_the_readers_on_random_products() -> None:
    rng = random.Random(5)

    def operand() -> str:
        kind = rng.randrange(3)
        if kind == 0:
            return str(rng.randint(-20, 20))
        if kind == 1:
            return rng.choice(["x", f"x**{rng.randint(2, 12)}"])
        return f"({poly_text([rng.randint(-9, 9) for _ in range(rng.randint(1, 4))], 'x')})"

    for _ in range(3000):
        texts = [operand() for _ in range(rng.randint(1, 5))]
        assert product_latex(latex(t) for t in texts) == latex("*".join(texts)), texts
