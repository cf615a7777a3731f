"""Dollar amounts in a question are prose, not unbalanced ``$`` math delimiters."""

from __future__ import annotations

from cotforge.verifiers.filters.text_quality import latex_problem


def test_dollar_amounts_are_not_math_delimiters() -> None:
    assert latex_problem("A jacket costs $230. How many dollars is 10% of its price?") is None
    assert latex_problem("It costs $12.50, and then $3 more.") is None
    assert latex_problem("Split $1,200 in the ratio 1:2 (about $400)") is None


def test_unbalanced_math_is_still_caught() -> None:
    assert latex_problem("We get $2x + 1 here") is not None  # "$2x" opens math that never closes
    assert latex_problem("We get $\\frac{1}{2}$ and $x") is not None
    assert latex_problem("Costs $5, and $x$ is fine") is None
