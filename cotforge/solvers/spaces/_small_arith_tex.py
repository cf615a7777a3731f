"""The arithmetic space's LaTeX written from its trees and values, byte for byte what :mod:`cotforge.domains.latex` makes
of the printed text, without printing the text and reading it back.

``domains.latex`` tokenises a machine text, reads it into its node tuples and renders those; here the tuples are
built directly, as that reader would read the text the space prints (``domains.arith.render`` with ``human=True``,
and the workings of a step), and handed to the same renderer. A working this module does not model (a shape the
space does not make today) has no node (``None``), and the caller takes the old route for it: print, read back.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from cotforge.domains.arith import PRECEDENCE, SYMBOL, Neg, Node, Num, number_text
from cotforge.domains.latex import _render

Tup = tuple
"""A node of ``domains.latex``'s reader: ("num", s) | ("paren", n) | ("neg", n) | ("bin", op, a, b)."""


def number_node(value: Fraction) -> Tup:
    """The reader's node of ``number_text(value, human=True)`` standing alone: ``-3`` is a minus before 3, ``-3/4``
    a quotient whose top is a minus before 3."""
    n, d = value.numerator, value.denominator
    top: Tup = ("num", str(n)) if n >= 0 else ("neg", ("num", str(-n)))
    return top if d == 1 else ("bin", "/", top, ("num", str(d)))


def _tree(node: Node, need: int, right: bool) -> Tup:
    """What the reader makes of ``domains.arith._render(node, True, need, right)``, bracket for bracket."""
    if isinstance(node, Num):
        value = node.value
        negative, fraction = value < 0, value.denominator != 1
        out = number_node(value)
        wrap = (negative and (right or need > 3)) or (fraction and (need >= 3 or (need == 2 and not right)))
        return ("paren", out) if wrap else out
    if isinstance(node, Neg):
        out = ("neg", _tree(node.arg, 4, False))
        return ("paren", out) if right or need > 3 else out
    prec = PRECEDENCE[node.op]
    if node.op == "^":  # the base always bracketed unless a bare whole number; the exponent read by the reader's unary
        out = ("bin", "^", _tree(node.left, 5, False), _tree(node.right, prec, True))
    else:  # a left operand never binds looser than its operator, a right one always tighter: the reader's left-to-right
        out = ("bin", SYMBOL[node.op], _tree(node.left, prec, False), _tree(node.right, prec + 1, True))
    return ("paren", out) if prec < need else out


def tree_latex(node: Node) -> str:
    """``domains.latex.latex(domains.arith.render(node, human=True))``, without the text."""
    return _render(_tree(node, 0, False))


class Tx(NamedTuple):
    """One side of a step's working: its machine text and the reader's node of that text."""

    text: str
    node: Tup | None
    """None where this module does not model the reading (the caller reads the text)."""


def h(value: Fraction) -> Tx:
    """``_h``: a number as a person writes it (``7``, ``-3/4``)."""
    return Tx(number_text(value, human=True), number_node(value))


def over(top: int, bottom: int) -> Tx:
    """``top/bottom`` as written, not reduced (a common denominator shown)."""
    return Tx(f"{top}/{bottom}", ("bin", "/", number_node(Fraction(top)), ("num", str(bottom))))


def paren(side: Tx) -> Tx:
    return Tx(f"({side.text})", None if side.node is None else ("paren", side.node))


def wrap(value: Fraction, keep: bool = False, d: int = 1) -> Tx:
    """``_wrap``: a right operand, bracketed when negative or (unless ``keep``: over ``d``, unreduced) a fraction."""
    side = over(value.numerator * (d // value.denominator), d) if keep else h(value)
    return paren(side) if value < 0 or (value.denominator != 1 and not keep) else side


def _atom(node: Tup) -> bool:
    return node[0] in ("num", "paren")


def _unary(node: Tup) -> bool:
    """A number, a bracket, or a minus before one: what the reader's ``unary`` reads and nothing more."""
    return _atom(node) or (node[0] == "neg" and _atom(node[1]))


def op(left: Tx, symbol: str, right: Tx) -> Tx:
    """``left symbol right`` with spaces (``+ - × ÷``), read left to right as the reader does."""
    text, a, b = f"{left.text} {symbol} {right.text}", left.node, right.node
    if a is None or b is None:
        return Tx(text, None)
    if symbol in "+-":
        modelled = not (b[0] == "bin" and b[1] in "+-")
    else:  # a bare fraction after × is read as (a × top)/bottom, a bare sum before it as a + (b × c)
        modelled = symbol in "×÷" and _unary(b) and not (a[0] == "bin" and a[1] in "+-")
    return Tx(text, ("bin", symbol, a, b) if modelled else None)


def quotient(top: Tx, bottom: Tx) -> Tx:
    """``(top)/(bottom)``, both bracketed."""
    a, b = top.node, bottom.node
    modelled = a is not None and b is not None and a[0] == "paren" and b[0] == "paren"
    return Tx(f"{top.text}/{bottom.text}", ("bin", "/", a, b) if modelled else None)


def power(base: Tx, exponent: Tx) -> Tx:
    """``base^exponent``: the reader gives the power to the last number of a bare ``-3`` or ``3/4``."""
    b, e = base.node, exponent.node
    text = f"{base.text}^{exponent.text}"
    if b is None or e is None or not _unary(e):
        return Tx(text, None)
    if _atom(b):
        return Tx(text, ("bin", "^", b, e))
    if b[0] == "neg" and b[1][0] == "num":
        return Tx(text, ("neg", ("bin", "^", b[1], e)))
    if b[0] == "bin" and b[1] == "/" and b[3][0] == "num":
        return Tx(text, ("bin", "/", b[2], ("bin", "^", b[3], e)))
    return Tx(text, None)


def negated(side: Tx) -> Tx:
    """``-(side)``."""
    return Tx(f"-({side.text})", None if side.node is None else ("neg", ("paren", side.node)))


class Working(NamedTuple):
    """A step's words: a label and the sides of its calculation (``Multiply: 2 × 9 = 18``)."""

    label: str
    sides: tuple[Tx, ...]

    @property
    def text(self) -> str:
        return f"{self.label}: {' = '.join(side.text for side in self.sides)}"

    @property
    def tex(self) -> str | None:
        """What ``_tex_working`` makes of :attr:`text` (the label in words, the calculation in LaTeX); None where a
        side's reading is not modelled."""
        nodes = [side.node for side in self.sides if side.node is not None]
        if len(nodes) != len(self.sides):
            return None
        return f"{self.label}: ${' = '.join(_render(node) for node in nodes)}$"
