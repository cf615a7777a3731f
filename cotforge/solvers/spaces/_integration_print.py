"""``sympy.sstr`` with each sub-expression's text remembered, for the integration space's states.

A record's states (and its negatives' fresh spaces) share most of their terms: ``-2*x**(3/2) - 5*sin(x) -
3*Integral(x**2, x)`` and the next state differ in one term, and printing every term again was about a third of a
record's CPU. sympy's string printer writes a node from its own structure and the printer's settings alone (the
one exception, a ``Float``'s digits, depends on whether it is the outermost node: that is part of the key), so the
text of a node met before is the text it would print again. Structural equality separates ``Float(2)`` from
``Integer(2)``, and the node's class is in the key too.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.printing.str import StrPrinter

_MAX = 50_000


class _RememberingStrPrinter(StrPrinter):
    """sympy's ``StrPrinter`` (default settings, as ``sympy.sstr`` builds it), remembering the text of each node."""

    def __init__(self) -> None:
        super().__init__()
        self.memo: dict[tuple[Any, ...], str] = {}

    def _print(self, expr: Any, **kwargs: Any) -> str:
        if kwargs or not isinstance(expr, sympy.Basic):
            return super()._print(expr, **kwargs)
        key = (type(expr), expr, self._print_level == 0)
        text = self.memo.get(key)
        if text is None:
            text = super()._print(expr)
            if len(self.memo) >= _MAX:
                self.memo.clear()
            self.memo[key] = text
        return text


_PRINTER = _RememberingStrPrinter()


def sstr(expr: sympy.Basic) -> str:
    """``sympy.sstr(expr)`` (the same text), printing each sub-expression met before only once."""
    return _PRINTER.doprint(expr)
