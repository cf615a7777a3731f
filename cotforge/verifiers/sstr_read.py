"""An exact reader of formulas as sympy's printer writes them (``-8*x*(3 - 12*x) + Derivative(sin(x**2 + 1), x)``).

The general reader (:func:`cotforge.verifiers.math_parse.expression`) runs sympy's ``parse_expr`` twice per text (once
unevaluated, to refuse numbers too costly to build, once to evaluate): most of a calculus step check. Text of this
narrow shape - whole numbers of at most six digits, one unknown, ``+ - * / **``, brackets, ``sin cos exp log sqrt``,
``E`` and ``Derivative(u, x)`` - is read here in one pass, by Python's own grammar and order of evaluation (``+ -``
and ``* /`` left to right, unary signs below ``**``, ``**`` to the right), with the same sympy operations the
evaluated parse makes, so the result is the same expression. Bounds keep every number small: a power's exponent and
a numeric base are plain numbers of at most two and six digits, ``exp`` of a number at most 100, brackets at most
20 deep, so nothing the general reader refuses as too costly is read. Anything else is None (the caller takes the
general route).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import sympy

_TOKEN = re.compile(r"[ ]*(?:(0(?![0-9])|[1-9][0-9]*)|([A-Za-z_]+)|(\*\*|[-+*/(),]))")
_FUNCTIONS = {"sin": sympy.sin, "cos": sympy.cos, "exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt}
MAX_CHARS = 2_000
MAX_DEPTH = 20


class _Refused(Exception):
    """The text is not of the shape this reader reads."""


@lru_cache(maxsize=8192)
def read_sstr(text: str, name: str, derivatives: bool = False) -> sympy.Expr | None:
    """The expression ``text`` writes in the unknown ``name`` (``Derivative(u, name)`` allowed when ``derivatives``),
    or None when the text is not of the narrow printed shape (or is too long)."""
    if len(text) > MAX_CHARS:
        return None
    try:
        tokens = _tokens(text)
        reader = _Reader(tokens, sympy.Symbol(name), derivatives)
        value = reader.sum()
        if reader.at < len(tokens):
            return None
    except (_Refused, RecursionError):
        return None
    return value if isinstance(value, sympy.Expr) else None


def _tokens(text: str) -> list[str]:
    out, at = [], 0
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None:
            if text[at:].strip(" "):
                raise _Refused
            break
        number, word, op = match.groups()
        if number is not None and len(number) > 6:
            raise _Refused
        out.append(number or word or op)
        at = match.end()
    return out


class _Reader:
    def __init__(self, tokens: list[str], unknown: sympy.Symbol, derivatives: bool) -> None:
        self.tokens, self.at, self.unknown, self.derivatives, self.depth = tokens, 0, unknown, derivatives, 0

    def _peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _take(self, expected: str | None = None) -> str:
        token = self._peek()
        if token is None or (expected is not None and token != expected):
            raise _Refused
        self.at += 1
        return token

    def sum(self) -> sympy.Expr:
        value = self.product()
        while self._peek() in ("+", "-"):
            value = value + self.product() if self._take() == "+" else value - self.product()
        return value

    def product(self) -> sympy.Expr:
        value = self.unary()
        while self._peek() in ("*", "/"):
            value = value * self.unary() if self._take() == "*" else value / self.unary()
        return value

    def unary(self) -> sympy.Expr:
        if self._peek() == "-":
            self._take()
            return -self.unary()
        if self._peek() == "+":
            self._take()
            return +self.unary()
        return self.power()

    def power(self) -> sympy.Expr:
        start = self.at
        base = self.atom()
        if self._peek() != "**":
            return base
        if not base.free_symbols and not (self.at == start + 1 and self.tokens[start].isdigit()):
            raise _Refused  # a numeric base is a plain number (no tower of numbers)
        self._take()
        exponent = self.unary()
        if exponent.free_symbols or not exponent.is_Rational or max(abs(exponent.p), exponent.q) > 99:
            raise _Refused
        return base**exponent

    def atom(self) -> sympy.Expr:
        token = self._take()
        if token.isdigit():
            return sympy.Integer(int(token))
        if token == "(":
            return self._bracketed(self.sum)
        if token == self.unknown.name:
            return self.unknown
        if token == "E":
            return sympy.E
        if token in _FUNCTIONS and self._peek() == "(":
            self._take()
            argument = self._bracketed(self.sum)
            if token == "exp" and not argument.free_symbols and not (argument.is_Rational and abs(argument) <= 100):
                raise _Refused
            return _FUNCTIONS[token](argument)
        if token == "Derivative" and self.derivatives and self._peek() == "(":
            self._take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _Refused
            inner = self.sum()
            self._take(",")
            if self._take() != self.unknown.name:
                raise _Refused
            self._take(")")
            self.depth -= 1
            return sympy.Derivative(inner, self.unknown)
        raise _Refused

    def _bracketed(self, read: Callable[[], sympy.Expr]) -> sympy.Expr:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused
        value = read()
        self._take(")")
        self.depth -= 1
        return value
