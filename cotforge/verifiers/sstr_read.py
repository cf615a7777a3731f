"""An exact reader of formulas as sympy's ``sstr`` prints them (``-2*x**(3/2) - 5*sin(x) + 3*Integral(x**2, x)``),
for step states the project writes (integral terms, derivative and rational_expression states): the same sympy
expression ``math_parse.expression`` builds, without its parser.

``expression`` tokenises, rewrites and compiles the text, then evaluates it twice (once unevaluated, to refuse
expression bombs); on an integral step's terms that was most of the step check. This reader walks the text once by
Python's own grammar for ``+ - * / **``, unary minus, brackets and calls, and applies the same operations in the same
order to the same sympy objects (``Integer`` for every literal, as the parser's ``auto_number`` makes them), so the
result is the same expression (``tests/verifiers/test_sstr_read.py`` compares ``srepr`` on the integration space's
states). It reads only a narrow grammar: sympy's spacing (spaces only in `` + ``, `` - ``, ``, ``), integers of at
most 30 digits, exponents that are variable or at most 1,000, the names given, ``E``, ``pi``, ``sqrt`` and the
elementary functions of a variable, ``Integral(u, x)`` and ``Derivative(u, x)`` when asked; anything else (and
anything the general route might refuse as too costly) is None: the general route decides.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import sympy

_TOKEN = re.compile(r" \+ | - |, |\*\*|[-*/()]|\d{1,30}(?!\d)|[A-Za-z_]\w*")


def tokenize(pattern: re.Pattern[str], text: str) -> list[str] | None:
    """``text`` cut into ``pattern``'s tokens from start to end, or None where a piece matches none (these readers
    answer only for texts made of their tokens alone)."""
    if pattern.groups:  # findall would give the groups: cut token by token
        tokens: list[str] = []
        at = 0
        while at < len(text):
            match = pattern.match(text, at)
            if match is None:
                return None
            tokens.append(match.group(0))
            at = match.end()
        return tokens
    found: list[str] = pattern.findall(text)  # a piece no token matches is skipped here: then the join is shorter
    return found if "".join(found) == text else None


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt}
_CONSTANTS = {"E": sympy.E, "pi": sympy.pi}
MAX_DEPTH = 20
MAX_EXPONENT = 1000


class _Refused(Exception):
    """Not this reader's grammar (the general route decides)."""


@lru_cache(maxsize=8192)
def read_sstr(text: str, names: tuple[str, ...], derivatives: bool = False) -> sympy.Expr | None:
    """``text`` as ``expression(text, {names}, allow_free=True, derivatives=derivatives)`` reads it, or None
    (remembered: the derivative and rational checks meet the same state texts again and again)."""
    tokens = tokenize(_TOKEN, text)
    if tokens is None:
        return None
    reader = _Reader(tokens, names, derivatives)
    try:
        value = reader.sum(0)
    except (_Refused, IndexError):
        return None
    return value if reader.at == len(tokens) and isinstance(value, sympy.Expr) else None


class _Reader:
    def __init__(self, tokens: list[str], names: tuple[str, ...], derivatives: bool) -> None:
        self.tokens, self.at, self.derivatives = tokens, 0, derivatives
        self.symbols = {n: sympy.Symbol(n) for n in names}

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, token: str) -> None:
        if self.peek() != token:
            raise _Refused
        self.at += 1

    def sum(self, depth: int) -> sympy.Expr:  # Python's arith_expr: term (('+'|'-') term)*, left to right
        if depth > MAX_DEPTH:
            raise _Refused
        value = self.term(depth)
        while self.peek() in (" + ", " - "):
            op = operator.add if self.tokens[self.at] == " + " else operator.sub
            self.at += 1
            value = op(value, self.term(depth))
        return value

    def term(self, depth: int) -> sympy.Expr:  # term: factor (('*'|'/') factor)*
        value = self.factor(depth)
        while self.peek() in ("*", "/"):
            op = self.tokens[self.at]
            self.at += 1
            right = self.factor(depth)
            if op == "/" and right == 0:
                raise _Refused
            value = value * right if op == "*" else value / right
        return value

    def factor(self, depth: int) -> sympy.Expr:  # factor: '-' factor | power
        if self.peek() == "-":
            self.at += 1
            return -self.factor(depth)
        base = self.atom(depth)
        if self.peek() != "**":
            return base
        self.at += 1
        exponent = self.factor(depth)  # power: atom '**' factor
        if not exponent.free_symbols:
            if not base.free_symbols or not (exponent.is_Rational and abs(exponent.p) <= MAX_EXPONENT and exponent.q <= MAX_EXPONENT):
                raise _Refused  # a number to a number, or a large exponent: the general route's size checks decide
        return base**exponent

    def atom(self, depth: int) -> sympy.Expr:
        token = self.peek()
        if token is None:
            raise _Refused
        self.at += 1
        if token.isdigit():
            if len(token) > 1 and token[0] == "0":
                raise _Refused
            return sympy.Integer(int(token))
        if token == "(":
            value = self.sum(depth + 1)
            self.take(")")
            return value
        if token in self.symbols:
            return self.symbols[token]
        if token in _CONSTANTS and token not in self.symbols:
            return _CONSTANTS[token]
        if token in _FUNCTIONS or (self.derivatives and token in ("Integral", "Derivative")):
            self.take("(")
            argument = self.sum(depth + 1)
            if token in ("Integral", "Derivative"):
                self.take(", ")
                variable = self.symbols.get(self.tokens[self.at]) if self.at < len(self.tokens) else None
                if variable is None:
                    raise _Refused
                self.at += 1
                self.take(")")
                return (sympy.Integral if token == "Integral" else sympy.Derivative)(argument, variable)
            self.take(")")
            if not argument.free_symbols:
                raise _Refused  # exp(5), log(2): the general route's size checks decide
            return _FUNCTIONS[token](argument)
        raise _Refused


_OPERATORS = "+-*/^(,"


def terms(state: str) -> list[tuple[bool, str]] | None:
    """The top-level terms of a state written as sympy prints a sum: ``(negative, text)`` split at `` + `` and
    `` - `` outside brackets (the first term keeps a leading ``-``); None unless each term is a whole operand of
    that sum (no other sign, space or trailing operator outside brackets, brackets balanced), so that the state
    reads as the terms added left to right."""
    out: list[tuple[bool, str]] = []
    text = state.strip()
    depth, start, negative, i, n = 0, 0, False, 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0 and ch == " ":
            if text[i:i + 3] not in (" + ", " - "):
                return None
            out.append((negative, text[start:i]))
            negative, start = text[i + 1] == "-", i + 3
            i += 3
            continue
        elif depth == 0 and ch in "+-" and i != start:
            return None  # a sign inside a term (``x**-2``, ``2-x``): not this shape
        i += 1
    if depth != 0:
        return None
    out.append((negative, text[start:]))
    if any(not piece or piece[-1] in _OPERATORS or piece[0] in "*/^+)]" or (k and piece[0] == "-")
           for k, (_, piece) in enumerate(out)):
        return None
    return out
