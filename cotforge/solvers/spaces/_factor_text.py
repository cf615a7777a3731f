"""Machine text and LaTeX of the factoring space's states, both written from their coefficients (``solvers.spaces.factoring``).

A state is a product of factors (a number, a power of x, brackets). Its LaTeX is written term by term from the
coefficients, as ``domains.latex.latex`` writes the state's machine text, instead of writing that text and reading it
back (issue 21: the reader cost more than the rest of a move). ``tests/solvers/spaces/test_factor_text.py`` holds the
two equal on every move of a few hundred problems and on random coefficients.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from cotforge.domains.polynomial import poly_latex as _poly_latex
from cotforge.domains.polynomial import poly_text, product_latex

Coeffs = tuple[int, ...]
_MAX = 8192


@lru_cache(maxsize=_MAX)
def poly(coeffs: Coeffs) -> str:
    """``poly_text(coeffs, "x")``, remembered: a state's brackets recur in every state after it."""
    return poly_text(coeffs, "x")


def is_monomial(f: Sequence[int]) -> bool:
    return len(f) > 1 and f[0] == 1 and not any(f[1:])


@lru_cache(maxsize=_MAX)
def factor_text(f: Coeffs) -> str:
    """A finished factor as the state's text writes it: ``3``, ``x**2``, ``(2*x - 3)``."""
    if len(f) == 1:
        return str(f[0])
    if is_monomial(f):
        return "x" if len(f) == 2 else f"x**{len(f) - 1}"
    return bracket_text(f)


def bracket_text(f: Coeffs) -> str:
    """A factor in brackets, as the state writes every pending one: ``(2*x - 3)``."""
    return f"({poly(f)})"


def split_text(w: Coeffs, split: tuple[int, int]) -> str:
    """A quadratic with its middle term split in two: ``(6*x**2 + 4*x - 9*x - 6)``."""
    a, _, c = w
    m, n = split
    return f"({poly((a, 0, 0))} + {poly((m, 0))} + {poly((n, 0))} + {c})".replace("+ -", "- ")


@lru_cache(maxsize=_MAX)
def poly_latex(coeffs: Coeffs) -> str:
    """``domains.polynomial.poly_latex(coeffs)``, remembered: ``latex(poly(coeffs))``."""
    return _poly_latex(coeffs)


def factor_latex(f: Coeffs) -> str:
    """``latex(factor_text(f))``."""
    if len(f) == 1:
        return str(f[0])
    if is_monomial(f):
        return "x" if len(f) == 2 else f"x^{{{len(f) - 1}}}"
    return rf"\left({poly_latex(f)}\right)"


def split_latex(w: Coeffs, split: tuple[int, int]) -> str:
    """``latex(split_text(w, split))``."""
    a, _, c = w
    m, n = split
    inner = f"{poly_latex((a, 0, 0))} + {poly_latex((m, 0))} + {poly_latex((n, 0))} + {c}".replace("+ -", "- ")
    return rf"\left({inner}\right)"


@lru_cache(maxsize=_MAX)
def _done_forms(f: Coeffs) -> tuple[str, str]:
    return factor_text(f), factor_latex(f)


@lru_cache(maxsize=_MAX)
def _work_forms(f: Coeffs, split: tuple[int, int] | None) -> tuple[str, str]:
    if split is None:
        return bracket_text(f), rf"\left({poly_latex(f)}\right)"
    return split_text(f, split), split_latex(f, split)


def state_forms(done: tuple[Coeffs, ...], work: tuple[Coeffs, ...], split: tuple[int, int] | None) -> tuple[str, str]:
    """The machine text of a state (finished factors as ``factor_text``, pending ones in brackets, the first split when
    ``split`` is given; ``1`` when there are none) and its LaTeX, equal to ``latex`` of that text."""
    forms = [_done_forms(f) for f in done] + [_work_forms(w, split if i == 0 else None) for i, w in enumerate(work)]
    if not forms:
        return "1", "1"
    return "*".join(text for text, _ in forms), product_latex(tex for _, tex in forms)
