"""Countdown / 24-game arithmetic: the rules, one legal operation, and a safe expression reader.

Numbers combine two at a time with + - * /; the rules say whether every number must be used and
whether results must stay positive whole numbers (Countdown) or may be fractions (the 24 game).
Expressions are read with ``ast`` and walked by hand: only numbers, the four operators and brackets
are accepted, so nothing a model writes is ever executed.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar, cast, overload

from cotforge.core.memo import Memo

OPS = ("+", "-", "*", "/")
SHOW = {"+": "+", "-": "-", "*": "×", "/": "÷"}


@dataclass(frozen=True, slots=True)
class Rules:
    use_all: bool = False
    """Every number must be used exactly once (24 game); otherwise each at most once."""
    whole: bool = True
    """Every intermediate result must be a positive whole number (Countdown)."""


@overload
def combine(a: Fraction, b: Fraction, op: str, rules: Rules) -> Fraction | None: ...


@overload
def combine(a: Fraction | int, b: Fraction | int, op: str, rules: Rules) -> Fraction | int | None: ...


def combine(a: Fraction | int, b: Fraction | int, op: str, rules: Rules) -> Fraction | int | None:
    """``a op b`` if the rules allow it, else None; on two ints an int where the result is whole (never a float)."""
    out: Fraction | int
    if op == "+":
        out = a + b
    elif op == "-":
        out = a - b
    elif op == "*":
        out = a * b
    elif op == "/":
        if b == 0:
            return None
        if type(a) is int and type(b) is int:
            out = a // b if a % b == 0 else Fraction(a, b)
        else:
            out = cast(Fraction, a) / b  # one of them a Fraction
    else:
        raise ValueError(f"unknown operator {op!r}")
    if rules.whole and (out.denominator != 1 or out <= 0):
        return None
    return out


class ExpressionError(ValueError):
    """The text is not an arithmetic expression over numbers; the message says why."""


_NORMAL = str.maketrans({"×": "*", "x": "*", "X": "*", "·": "*", "÷": "/", "−": "-", "–": "-", "[": "(", "]": ")"})


def read_expression(text: str) -> ast.expr:
    """Parse the arithmetic expression in ``text`` ("(7 × 8) − 6", "7*8-6 = 50")."""
    text = text.strip().rstrip(".").translate(_NORMAL).replace("\\times", "*").replace("\\div", "/")
    text = re.sub(r"\\left|\\right", "", text)
    if "=" in text:
        sides = [s.strip() for s in text.split("=") if s.strip()]
        text = max(sides, key=lambda s: len(re.findall(r"\d+", s)), default="")  # the side with the working
    if not text or len(text) > 500:
        raise ExpressionError("no expression found")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise ExpressionError(f"not an arithmetic expression: {text!r}") from None
    return tree.body


def evaluate(node: ast.expr, rules: Rules) -> tuple[Fraction, Counter[int]]:
    """Value of an expression and the numbers it uses; raises ExpressionError on anything else,
    or on an intermediate result the rules forbid."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return Fraction(node.value), Counter([node.value])
    if isinstance(node, ast.BinOp):
        op = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}.get(type(node.op))
        if op is None:
            raise ExpressionError(f"operator {type(node.op).__name__} is not allowed")
        a, used_a = evaluate(node.left, rules)
        b, used_b = evaluate(node.right, rules)
        out = combine(a, b, op, rules)
        if out is None:
            raise ExpressionError(f"{_fmt(a)} {SHOW[op]} {_fmt(b)} is not allowed here")
        return out, used_a + used_b
    raise ExpressionError(f"only whole numbers, + - × ÷ and brackets are allowed, got {ast.dump(node)[:60]}")


def _fmt(x: Fraction | int) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def fmt(x: Fraction | int) -> str:
    """A number as a step writes it: 7, or 7/3."""
    return _fmt(x)


Number = TypeVar("Number", bound=Fraction | int)


def _pairs(values: tuple[Number, ...]) -> Iterator[tuple[Number, Number, tuple[Number, ...], bool]]:
    """Each two of ``values`` (sorted) in turn, as (a, b, the numbers left, whether this is the pair's first
    order): equal numbers are paired once, so ``+`` and ``×`` (taken in the first order only) once per pair."""
    for i in range(len(values)):
        for j in range(len(values)):
            if i == j or (i > j and values[i] == values[j]):
                continue
            lo, hi = min(i, j), max(i, j)
            yield values[i], values[j], values[:lo] + values[lo + 1:hi] + values[hi + 1:], i < j


def moves(values: tuple[Fraction | int, ...], rules: Rules) -> Iterator[tuple[tuple[Fraction | int, ...], Fraction | int]]:
    """Each way to combine two of ``values`` (sorted; Fractions, or ints where whole, see ``combine``) under ``rules``:
    the numbers left and the result. Equal numbers are paired once, and ``+`` and ``×`` once per pair."""
    for a, b, rest, first in _pairs(values):
        for op in OPS:
            if op in "+*" and not first:
                continue
            out = combine(a, b, op, rules)
            if out is not None:
                yield rest, out


def whole_moves(key: tuple[int, ...]) -> Iterator[tuple[tuple[int, ...], int]]:
    """``moves`` under whole-number rules, on ints (no Fractions: the checks below are ``combine``'s): each way
    to combine two of ``key`` (sorted) into a positive whole number, as the numbers left and the result."""
    # ``_pairs`` written out: the exhaustive searches spend most of their time here
    n = len(key)
    for i in range(n):
        a = key[i]
        for j in range(n):
            if i == j:
                continue
            b = key[j]
            if i < j:
                rest = key[:i] + key[i + 1:j] + key[j + 1:]
                if a + b > 0:
                    yield rest, a + b
                if a - b > 0:
                    yield rest, a - b
                if a * b > 0:
                    yield rest, a * b
            elif a == b:
                continue
            else:
                rest = key[:j] + key[j + 1:i] + key[i + 1:]
                if a - b > 0:
                    yield rest, a - b
            if b and a % b == 0 and a // b > 0:
                yield rest, a // b


_SOLVABLE: Memo[str, dict] = Memo(8)
"""A problem's payload text -> ``solvable``'s memo for its numbers, target and rules (``solvable_memo``): a few
problems' worth, as one is asked about while its record is made."""


def solvable_memo(payload: str) -> dict:
    """The memo ``solvable`` keeps for one problem (named by its payload's text, which fixes the target and the rules),
    shared by the problem's step spaces and its step check: the check asks about the numbers the search has tried."""
    return _SOLVABLE.remember(payload, dict)


def solvable(values: tuple[Fraction | int, ...], target: Fraction | int, rules: Rules, memo: dict | None = None) -> bool:
    """Whether ``target`` can still be made from ``values`` (exhaustive search, memoised)."""
    if rules.whole and target.denominator == 1 and all(v.denominator == 1 for v in values):
        # whole numbers only: the same search on ints (a tuple of ints is the same memo key as its Fractions, and
        # is sorted and looked up without Fraction arithmetic)
        return _solvable_whole(tuple(sorted(int(v) for v in values)), int(target), rules.use_all, {} if memo is None else memo)
    key = tuple(sorted(values))
    if memo is not None and key in memo:
        return memo[key]
    found = target in key and (not rules.use_all or len(key) == 1)
    if not found and len(key) > 1:
        found = any(solvable(rest + (out,), target, rules, memo) for rest, out in moves(key, rules))
    if memo is not None:
        memo[key] = found
    return found


def _solvable_whole(key: tuple[int, ...], target: int, use_all: bool, memo: dict) -> bool:
    """``solvable`` under whole-number rules for sorted ints ``key``, worked out on ints, not Fractions."""
    if key in memo:
        return bool(memo[key])
    found = target in key and (not use_all or len(key) == 1)
    if not found and len(key) == 2:  # the last combination: whether the target is one of its results, not asked of each
        found = any(out == target for _, out in whole_moves(key))
    elif not found and len(key) > 2:
        found = any(_solvable_whole(tuple(sorted((*rest, out))), target, use_all, memo) for rest, out in whole_moves(key))
    memo[key] = found
    return found
