"""Gold answers as LaTeX that Math-Verify and a MATH-style grader read, one renderer per answer kind.

Every math task writes ``Problem.answer`` (and the ``\\boxed{}`` of its completions) with
:func:`answer_latex`; the SymPy text the answer was built from stays in the payload
(``answer_sympy``) for machine use. The kinds are the math verifier's ``answer_kind``:

- ``value`` / ``expression`` / ``expanded`` / ``factored`` / ``simplified`` / ``antiderivative``:
  one formula, ``-\\frac{7}{4}``, ``5 - \\sqrt{15}\\,i``, ``-6 x^{3} + 4 e^{x} + \\frac{2}{x} + C``;
- ``set``: ``\\{-10, -9\\}`` (braces escaped, or they vanish in TeX), ``\\varnothing`` when empty;
- ``tuple``: ``\\left(2, -1\\right)``;
- ``interval``: ``\\left(-\\infty, -5\\right] \\cup \\left[8, \\infty\\right)``;
- ``equation``: ``y = 2 x + 1``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction

from cotforge.domains.latex import LatexError, latex

KINDS = ("value", "set", "tuple", "expression", "expanded", "factored", "simplified", "antiderivative", "interval", "equation")
EMPTY = r"\varnothing"


def number(value: Fraction | int) -> str:
    """``7``, ``-\\frac{3}{4}`` (the sign outside the fraction, as MATH writes it): what ``answer_latex`` gives the
    value's SymPy text (``fraction_text``), written without parsing it (the spaces write every solved value so;
    ``tests/domains/test_number_latex.py`` holds the two equal on a grid of rationals)."""
    if type(value) is int:
        return str(value)
    top, bottom = (value if type(value) is Fraction else Fraction(value)).as_integer_ratio()
    if bottom == 1:
        return str(top)
    return rf"-\frac{{{-top}}}{{{bottom}}}" if top < 0 else rf"\frac{{{top}}}{{{bottom}}}"


def set_of(items: Iterable[str]) -> str:
    """A set of LaTeX items: ``\\{a, b\\}``."""
    parts = list(items)
    return r"\{" + ", ".join(parts) + r"\}" if parts else EMPTY


def tuple_of(items: Iterable[str]) -> str:
    """A tuple of LaTeX items: ``\\left(a, b\\right)``."""
    return r"\left(" + ", ".join(items) + r"\right)"


def formula(machine: str) -> str:
    """LaTeX of one SymPy-text formula or relation, every term where it stands."""
    out = latex(machine)
    if not out:
        raise LatexError(f"cannot write {machine!r} as LaTeX")
    return out


def _split_top(text: str) -> list[str]:
    """Split at commas outside brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    last = text[start:].strip()
    return parts + [last] if last or parts else parts


def _bound(machine: str) -> str:
    text = machine.strip()
    if text in ("oo", "+oo"):
        return r"\infty"
    if text == "-oo":
        return r"-\infty"
    return formula(text)


def interval(machine: str) -> str:
    """``(-oo, -5] U [8, oo)`` as ``\\left(-\\infty, -5\\right] \\cup \\left[8, \\infty\\right)``."""
    text = machine.strip()
    if text in ("{}", "EmptySet"):
        return EMPTY
    pieces = []
    for piece in re.split(r"\s+U\s+", text):
        match = re.fullmatch(r"([(\[])\s*(.+?)\s*,\s*(.+?)\s*([)\]])", piece.strip())
        if not match:
            raise LatexError(f"not an interval: {piece!r}")
        left, lo, hi, right = match.groups()
        pieces.append(rf"\left{left}{_bound(lo)}, {_bound(hi)}\right{right}")
    return r" \cup ".join(pieces)


def answer_latex(machine: str, kind: str = "value") -> str:
    """The LaTeX of a gold answer given as SymPy text (``{-10, -9}``, ``(-oo, 1)``, ``5 - sqrt(15)*I``)."""
    if kind not in KINDS:
        raise ValueError(f"unknown answer kind {kind!r} (known: {', '.join(KINDS)})")
    text = machine.strip()
    if kind == "set":
        inner = text[1:-1] if text.startswith("{") and text.endswith("}") else text
        return set_of(formula(p) for p in _split_top(inner))
    if kind == "tuple":
        inner = text[1:-1] if text.startswith("(") and text.endswith(")") else text
        return tuple_of(formula(p) for p in _split_top(inner))
    if kind == "interval":
        return interval(text)
    return formula(text)
