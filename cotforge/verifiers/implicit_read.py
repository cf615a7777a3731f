"""An exact reader of normalised answer text with implicit products (``-5 x^(2) (-6 x - 9) + E^(x)  sin(x)``): the
same sympy expression ``math_parse.expression(text, names, allow_free=True)`` builds, without sympy's parser.

A LaTeX answer is normalised (``math_latex.normalize``) to text sympy's parser reads with implicit multiplication and
``^`` for powers; parsing it (tokenise, transform, compile, evaluate twice) was most of reading a derivative's
answer. The parser only inserts ``*`` between adjacent operands and turns ``^`` into ``**``, then Python's grammar
decides the order of operations. This reader does the same rewriting on a narrow token set (whole numbers, the given
names, ``E``, ``pi``, ``sin cos tan exp log ln sqrt`` applied to a bracket, ``+ - * / ^`` and brackets), writes the text
as sympy's printer would (`` + ``, `` - `` between terms, ``*``, ``**``), and hands it to
:func:`sstr_read.read_sstr`, which applies the same operations in the same order to the same objects. Anything
outside that set, or that the general route could refuse (numbers side by side, a number right after an operand,
an exponent over 1,000 anywhere, a name right before a bracket that is not a function), is None: the general
route decides. ``tests/verifiers/test_implicit_read.py`` compares ``srepr`` with the general route.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sympy import Expr

from cotforge.verifiers.sstr_read import read_sstr

_TOKEN = re.compile(r"\s+|\d+(?![\w.])|[A-Za-z]+(?![\w.])|[()^+\-*/]")
_CALLS = ("sin", "cos", "tan", "exp", "log", "ln", "sqrt")
_CONSTANTS = ("E", "pi")
_EXPONENT = re.compile(r"\^\s*\(?\s*-?(\d+)")
MAX_EXPONENT = 1000


@lru_cache(maxsize=8192)
def read_implicit(text: str, names: tuple[str, ...]) -> Expr | None:
    """``text`` as ``expression(text, {names}, allow_free=True)`` reads it, or None (the general route decides)."""
    if any(len(e) > 4 or int(e) > MAX_EXPONENT for e in _EXPONENT.findall(text)):
        return None  # the general route's guard may refuse it as too costly
    written = sstr_form(text, names)
    return None if written is None else read_sstr(written, names)


def sstr_form(text: str, names: tuple[str, ...]) -> str | None:
    """``text`` with its implicit products written out and spaced as sympy prints (``2 x^(2)`` -> ``2*x**(2)``), or
    None when a token or a juxtaposition is outside this reader's set."""
    out: list[str] = []
    state = "start"  # start | op (an operator or an opening bracket last) | end (an operand last) | call (a function name)
    at = 0
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None:
            return None
        token, at = match.group(0), match.end()
        if token.isspace():
            continue
        if token.isdigit():
            if state in ("end", "call"):
                return None  # numbers side by side, or a number after an operand: the general route decides
            out.append(token)
            state = "end"
        elif token.isalpha():
            if token not in names and token not in _CONSTANTS and token not in _CALLS:
                return None
            if state == "call":
                return None
            if state == "end":
                out.append("*")
            out.append("log" if token == "ln" else token)  # both name sympy.log in the general route
            state = "call" if token in _CALLS else "end"
        elif token == "(":
            if state == "end":
                out.append("*")
            out.append("(")
            state = "op"
        elif token == ")":
            if state != "end":
                return None
            out.append(")")
        elif token in "^*/":
            if state != "end":
                return None
            out.append("**" if token == "^" else token)
            state = "op"
        elif token == "+":
            if state != "end":
                return None  # a unary plus
            out.append(" + ")
            state = "op"
        else:  # "-"
            out.append(" - " if state == "end" else "-")
            state = "op"
        if state == "call" and (at >= len(text) or text[at] != "("):
            return None  # a function applied without a bracket right after its name
    return "".join(out) if state == "end" else None
