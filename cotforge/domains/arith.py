"""Exact arithmetic expressions: a small tree, its JSON form, its text, and a safe parser.

Generators build trees, step spaces rewrite them one operation at a time, and
verifiers read any state back with :func:`parse` and :func:`evaluate`. The parser
reads only numbers, ``+ - * / ^ **`` and brackets, never calls ``eval``, and
bounds its input (length, nesting, exponent size), so it is safe on model output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

MAX_CHARS = 2_000
MAX_DEPTH = 200
MAX_EXPONENT = 64
MAX_DIGITS = 400
"""Largest numerator or denominator (in digits) any step may produce."""

PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "^": 4}
SYMBOL = {"+": "+", "-": "-", "*": "×", "/": "÷", "^": "^"}
"""How a careful person writes each operator."""


@dataclass(frozen=True, slots=True)
class Num:
    """A literal number (an integer or a fraction written as one)."""

    value: Fraction


@dataclass(frozen=True, slots=True)
class Bin:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Neg:
    arg: Node


Node = Num | Bin | Neg


class ArithError(ValueError):
    """Text that is not a bounded exact arithmetic expression, or an undefined operation."""


def apply_op(op: str, a: Fraction, b: Fraction) -> Fraction:
    """``a op b`` exactly; raises ArithError for division by zero or a huge power."""
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        if b == 0:
            raise ArithError("division by zero")
        return a / b
    if op == "^":
        if b.denominator != 1 or abs(b) > MAX_EXPONENT:
            raise ArithError(f"exponent {b} is not a small integer")
        if a == 0 and b < 0:
            raise ArithError("zero to a negative power")
        return a ** int(b)
    raise ArithError(f"unknown operator {op!r}")


def _bounded(value: Fraction) -> Fraction:
    if len(str(value.numerator)) > MAX_DIGITS or len(str(value.denominator)) > MAX_DIGITS:
        raise ArithError("number too large")
    return value


def evaluate(node: Node) -> Fraction:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Neg):
        return -evaluate(node.arg)
    return _bounded(apply_op(node.op, evaluate(node.left), evaluate(node.right)))


def count_ops(node: Node) -> int:
    if isinstance(node, Num):
        return 0
    if isinstance(node, Neg):
        return count_ops(node.arg) + (0 if isinstance(node.arg, Num) else 1)
    return 1 + count_ops(node.left) + count_ops(node.right)


# --- text --------------------------------------------------------------------------------


def number_text(value: Fraction, human: bool = False) -> str:
    """``7``, ``-3/4``; in machine text a fraction is bracketed so it stays one number."""
    if value.denominator == 1:
        return str(value.numerator)
    body = f"{value.numerator}/{value.denominator}"
    return body if human else f"({body})"


def render(node: Node, human: bool = False) -> str:
    """The expression with only the brackets it needs (``×``/``÷`` when ``human``)."""
    return _render(node, human, 0, False)


def _render(node: Node, human: bool, need: int, right: bool) -> str:
    """``need``: the least precedence that may stand here unbracketed; ``right``: a right operand."""
    if isinstance(node, Num):
        text = number_text(node.value, human)
        if text.startswith("("):
            return text
        negative = node.value < 0
        fraction = node.value.denominator != 1
        wrap = (negative and (right or need > 3)) or (fraction and (need >= 3 or (need == 2 and not right)))
        return f"({text})" if wrap else text
    if isinstance(node, Neg):
        text = "-" + _render(node.arg, human, 4, False)
        return f"({text})" if right or need > 3 else text
    prec = PRECEDENCE[node.op]
    power = node.op == "^"
    left = _render(node.left, human, 5 if power else prec, False)
    right_text = _render(node.right, human, prec if power else prec + 1, True)
    op = SYMBOL[node.op] if human else ("**" if power else node.op)
    text = f"{left}{op}{right_text}" if power else f"{left} {op} {right_text}"
    return f"({text})" if prec < need else text


# --- JSON --------------------------------------------------------------------------------


def to_json(node: Node) -> Any:
    if isinstance(node, Num):
        return str(node.value)
    if isinstance(node, Neg):
        return ["neg", to_json(node.arg)]
    return [node.op, to_json(node.left), to_json(node.right)]


def from_json(obj: Any) -> Node:
    if isinstance(obj, str):
        return Num(Fraction(obj))
    if isinstance(obj, list) and len(obj) == 2 and obj[0] == "neg":
        return Neg(from_json(obj[1]))
    if isinstance(obj, list) and len(obj) == 3 and obj[0] in PRECEDENCE:
        return Bin(obj[0], from_json(obj[1]), from_json(obj[2]))
    raise ArithError(f"malformed expression tree {obj!r}")


# --- parsing -----------------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(\d+(?:\.\d+)?|\*\*|[-+*/^()×÷])")


def _tokens(text: str) -> list[str]:
    if len(text) > MAX_CHARS:
        raise ArithError(f"expression longer than {MAX_CHARS} characters")
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match:
            raise ArithError(f"unexpected text at {text[pos:pos + 10]!r}")
        token = match.group(1)
        out.append({"**": "^", "×": "*", "÷": "/"}.get(token, token))
        pos = match.end()
    return out


def parse(text: str) -> Node:
    """Parse an arithmetic expression; unary minus binds looser than ``^`` (``-2^2 = -4``)."""
    tokens = _tokens(text)
    node, pos = _sum(tokens, 0, 0)
    if pos != len(tokens):
        raise ArithError(f"unexpected {tokens[pos]!r}")
    return node


def value_of(text: str) -> Fraction:
    """The exact value of an expression text."""
    return evaluate(parse(text))


def _sum(t: list[str], pos: int, depth: int) -> tuple[Node, int]:
    node, pos = _product(t, pos, depth)
    while pos < len(t) and t[pos] in "+-":
        right, new = _product(t, pos + 1, depth)
        node, pos = Bin(t[pos], node, right), new
    return node, pos


def _product(t: list[str], pos: int, depth: int) -> tuple[Node, int]:
    node, pos = _unary(t, pos, depth)
    while pos < len(t) and t[pos] in "*/":
        right, new = _unary(t, pos + 1, depth)
        node, pos = Bin(t[pos], node, right), new
    return node, pos


def _unary(t: list[str], pos: int, depth: int) -> tuple[Node, int]:
    if pos < len(t) and t[pos] in "+-":
        arg, new = _unary(t, pos + 1, depth + 1)
        if t[pos] == "+":
            return arg, new
        return (Num(-arg.value) if isinstance(arg, Num) else Neg(arg)), new
    return _power(t, pos, depth)


def _power(t: list[str], pos: int, depth: int) -> tuple[Node, int]:
    base, pos = _atom(t, pos, depth)
    if pos < len(t) and t[pos] == "^":
        exponent, pos = _unary(t, pos + 1, depth + 1)
        return Bin("^", base, exponent), pos
    return base, pos


def _atom(t: list[str], pos: int, depth: int) -> tuple[Node, int]:
    if depth > MAX_DEPTH:
        raise ArithError("expression nested too deeply")
    if pos >= len(t):
        raise ArithError("expression ends too early")
    token = t[pos]
    if token == "(":
        node, pos = _sum(t, pos + 1, depth + 1)
        if pos >= len(t) or t[pos] != ")":
            raise ArithError("unbalanced brackets")
        return node, pos + 1
    if token[0].isdigit():
        return Num(Fraction(token)), pos + 1
    raise ArithError(f"unexpected {token!r}")
