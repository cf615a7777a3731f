"""A quantities step's calculation in words and in LaTeX at once, and its label's LaTeX once per label.

``domains.quantities.working`` and ``working_latex`` each work out the operands and write every number (``display``,
the costly part: a decimal by integer work); the LaTeX of a number is its text with ``$`` escaped and ``a/b`` as
``\\frac{a}{b}`` (``display_latex``), so here each number is written once and its LaTeX derived from the text. The
label's frame around the calculation (``\\text{...}``, escaped character by character) is the same for every move of
a quantity: it is kept per label. Byte for byte the two functions' texts (``tests/solvers/spaces/test_small10x_quant_texts``).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache

from cotforge.domains.arith import SYMBOL
from cotforge.domains.quantities import Quantity, _bracket, _num, display, is_ref, operand
from cotforge.solvers.spaces._latex import text

_LATEX_SIGN = {"+": "+", "-": "-", "*": r"\times", "/": r"\div"}


def _tex(written: str) -> str:
    """``display_latex`` of a number whose ``display`` is ``written``."""
    if "/" in written:
        sign, body = ("-", written[1:]) if written.startswith("-") else ("", written)
        top, bottom = body.split("/")
        return rf"{sign}\frac{{{top}}}{{{bottom}}}"
    return written.replace("$", r"\$")


def workings(q: Quantity, values: Mapping[str, Fraction], result: Fraction, units: Mapping[str, str]) -> tuple[str, str]:
    """``(working(q, values, result, units), working_latex(q, values, result, units))``."""
    operands = [operand(a, values) for a in q.args]
    if q.op in ("C", "P"):
        a, b, r = _num(operands[0]), _num(operands[1]), _num(result)
        shown_tex = _tex(display(result, q.unit))
        tex = rf"\binom{{{a}}}{{{b}}} = {shown_tex}" if q.op == "C" else rf"P({a}, {b}) = {shown_tex}"
        return f"{q.op}({a}, {b}) = {r}", tex
    texts, texs = [], []
    for i, (arg, value) in enumerate(zip(q.args, operands)):
        written = display(value, units.get(arg, "") if is_ref(arg) else "dec")
        latex = _tex(written)
        if _bracket(value, written, q.op, i):  # the same answer on the LaTeX ("frac" in it exactly when "/" in the text)
            written, latex = f"({written})", rf"\left({latex}\right)"
        texts.append(written)
        texs.append(latex)
    out = display(result, q.unit)
    if q.op == "^":
        return f"{texts[0]}^{texts[1]} = {out}", f"{texs[0]}^{{{texs[1]}}} = {_tex(out)}"
    return f"{texts[0]} {SYMBOL[q.op]} {texts[1]} = {out}", f"{texs[0]} {_LATEX_SIGN[q.op]} {texs[1]} = {_tex(out)}"


@lru_cache(maxsize=4096)
def frame_latex(label: str) -> tuple[str, str]:
    """What ``sentence_latex`` writes before and after the calculation for a quantity labelled ``label``."""
    if "{}" in label:
        before, _, after = label.partition("{}")
        before = before[0].upper() + before[1:] if before else before
        return (text(before) + " " if before else ""), (" " + text(after) if after.strip(" .") else "")
    return text(label[0].upper() + label[1:] + ":") + " ", ""
