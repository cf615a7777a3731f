"""``sympy.sstr`` with each sub-expression's text remembered, for the integration space's states.

A record's states (and its negatives' fresh spaces) share most of their terms: ``-2*x**(3/2) - 5*sin(x) -
3*Integral(x**2, x)`` and the next state differ in one term, and printing every term again was about a third of a
record's CPU. sympy's string printer writes a node from its own structure and the printer's settings alone (the
one exception, a ``Float``'s digits, depends on whether it is the outermost node: that is part of the key), so the
text of a node met before is the text it would print again. Structural equality separates ``Float(2)`` from
``Integer(2)``, and the node's class is in the key too.

A sum's terms are put in order as ``Expr.as_ordered_terms`` puts them (the printer's default order), with what that
works out per term (its number, its powers) and per generator (its sort key) remembered: that was most of the
printing left.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.core.exprtools import decompose_power
from sympy.core.numbers import Number, NumberSymbol
from sympy.printing.str import StrPrinter

from cotforge.core.memo import Memo

_MAX = 50_000

_Term = tuple[tuple[float, float], tuple[tuple[sympy.Expr, int], ...], tuple[sympy.Expr, ...]]
_TERMS: Memo[tuple[type, sympy.Expr], _Term] = Memo(_MAX)
_SORT_KEYS: Memo[tuple[type, sympy.Expr], Any] = Memo(_MAX)


def _term(term: sympy.Expr) -> _Term:
    """What ``Expr.as_terms`` works out for one term: its number (real, imaginary), its commutative factors as
    (base, integer exponent) in the order met, its non-commutative factors."""
    coeff, rest = term.as_coeff_Mul()
    number = complex(coeff)
    cpart: dict[sympy.Expr, int] = {}
    ncpart = []
    if rest is not sympy.S.One:
        for factor in sympy.Mul.make_args(rest):
            if factor.is_number:
                try:
                    number *= complex(factor)
                except (TypeError, ValueError):
                    pass
                else:
                    continue
            if factor.is_commutative:
                base, exp = decompose_power(factor)
                cpart[base] = exp
            else:
                ncpart.append(factor)
    return (number.real, number.imag), tuple(cpart.items()), tuple(ncpart)


def _sort_key(gen: sympy.Expr) -> Any:
    key = (type(gen), gen)
    found = _SORT_KEYS.get(key)
    return found if found is not None else _SORT_KEYS.keep(key, gen.sort_key())


def ordered_terms(expr: sympy.Add) -> list[sympy.Expr]:
    """``expr.as_ordered_terms()`` (the same list), remembering each term's and each generator's part of the work."""
    numeric = lambda a: not isinstance(a, (Number, NumberSymbol))  # noqa: E731
    add_args = sorted(expr.args, key=numeric)  # as_ordered_terms's special case: 2 - 3*x stays as written
    if len(add_args) == 2 and isinstance(add_args[0], (Number, NumberSymbol)) and isinstance(add_args[1], sympy.Mul):
        mul_args = sorted(sympy.Mul.make_args(add_args[1]), key=numeric)
        if len(mul_args) == 2 and isinstance(mul_args[0], Number) and add_args[0].is_positive and mul_args[0].is_negative:
            return add_args
    if any(term.is_Order for term in expr.args):
        return expr.as_ordered_terms()
    terms = []
    for term in expr.args:
        key = (type(term), term)
        found = _TERMS.get(key)
        terms.append((term, found if found is not None else _TERMS.keep(key, _term(term))))
    gens = sorted({base for _, (_, cpart, _) in terms for base, _ in cpart}, key=_sort_key)
    indices = {g: i for i, g in enumerate(gens)}

    def order(item: tuple[sympy.Expr, _Term]) -> tuple:
        (re, im), cpart, ncpart = item[1]
        monom = [0] * len(gens)
        for base, exp in cpart:
            monom[indices[base]] = exp
        return tuple(-m for m in monom), tuple(e.sort_key(order=None) for e in ncpart), ((bool(im), im), (re, im))

    return [term for term, _ in sorted(terms, key=order)]


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

    def _as_ordered_terms(self, expr: Any, order: Any = None) -> list:
        if (order or self.order) is None and isinstance(expr, sympy.Add):
            return ordered_terms(expr)
        return super()._as_ordered_terms(expr, order=order)


_PRINTER = _RememberingStrPrinter()


def sstr(expr: sympy.Basic) -> str:
    """``sympy.sstr(expr)`` (the same text), printing each sub-expression met before only once."""
    return _PRINTER.doprint(expr)
