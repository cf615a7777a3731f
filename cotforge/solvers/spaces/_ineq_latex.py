"""LaTeX of an inequality state, side by side: neighbouring states share most of their sides, so each side is read
once, not once per state that holds it.

``domains.latex.latex`` of a chain renders each side on its own and joins them with the relations (and ``or``) between
spaces; ``state_latex`` does the same join over the state's parts, for sides in the plain grammar the space writes
(numbers, ``x``, ``+ - * / **``, brackets), and hands any other state to ``latex`` whole. The tests hold it to
``latex`` of the whole text on every move of a few hundred problems.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

from cotforge.domains.sstr_forms import ordered_terms
from cotforge.solvers.spaces._ineq_forms import Coefficients
from cotforge.solvers.spaces._ineq_state import KNOWN
from cotforge.solvers.spaces._latex import latex

_PLAIN_SIDE = re.compile(r"[0-9x*/+ ()-]+")
_WORDS = {"<": "<", ">": ">", "<=": r"\le", ">=": r"\ge", "or": r"\quad\text{or}\quad"}


@lru_cache(maxsize=8192)
def side_latex(side: str) -> str | None:
    """LaTeX of one plain side (None for another kind of text, or a side with unbalanced brackets): a sum the space
    wrote from its coefficients is rendered from them (``sum_latex``), any other side is read by ``latex``."""
    if not _PLAIN_SIDE.fullmatch(side) or side != side.strip() or side.count("(") != side.count(")"):
        return None
    written = KNOWN.get(side) if "(" not in side else None  # a side without brackets is known only as forms.text wrote it
    return sum_latex(written) if written is not None else latex(side)


def _term(value: Fraction, power: int) -> str:
    """``latex`` of the term ``_ineq_forms.text`` writes for ``value x**power`` (``-3*x/2``: ``\\frac{-3 x}{2}``)."""
    sign = "-" if value.numerator < 0 else ""
    top, bottom = abs(value.numerator), value.denominator
    if power == 0:
        return sign + (str(top) if bottom == 1 else rf"\frac{{{top}}}{{{bottom}}}")
    monomial = "x" if power == 1 else f"x^{{{power}}}"
    if bottom == 1:
        return sign + (monomial if top == 1 else f"{top} {monomial}")
    if top == 1:
        return sign + rf"\frac{{{monomial}}}{{{bottom}}}"
    return rf"\frac{{{sign}{top} {monomial}}}{{{bottom}}}"


def sum_latex(c: Coefficients) -> str:
    """``latex(_ineq_forms.text(c))``, from the coefficients: the same terms in the same order, each as ``latex`` reads
    it (a product juxtaposed, a quotient as a fraction, a leading minus outside a fraction only when it stands alone)."""
    present = ordered_terms(c)
    if not present:
        return "0"
    out = _term(present[0][1], present[0][0])
    for power, value in present[1:]:
        out += f" - {_term(-value, power)}" if value.numerator < 0 else f" + {_term(value, power)}"
    return out


def state_latex(parts: tuple[str, ...]) -> str:
    """``latex(" ".join(parts))``, from each side's LaTeX."""
    out = []
    for n, part in enumerate(parts):
        tex = _WORDS.get(part) if n % 2 else side_latex(part)
        if tex is None:
            return latex(" ".join(parts))
        out.append(tex)
    return " ".join(out)
