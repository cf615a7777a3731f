"""Computation graphs behind word problems: named quantities, each given or computed.

A word problem's payload lists quantities in order; each is either given (a
number in the text) or one operation on earlier quantities and constants. The
generator writes the story from the graph, the step space computes one quantity
per step, and the verifier re-evaluates the graph to check each step's value.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Union

from cotforge.domains.arith import SYMBOL, ArithError, apply_op

Arg = Union[str, int]
"""An earlier quantity's id, or a constant from the text."""


@dataclass(frozen=True, slots=True)
class Quantity:
    id: str
    op: str
    """"given"; one of + - * / ^; or C (choose) or P (ordered arrangements)."""
    args: tuple[Arg, ...]
    """For "given": the one number; otherwise two operands (ids or constants)."""
    label: str
    """What it is, in words: "Ben's stickers"."""


class GraphBuilder:
    """Builds a computation graph one quantity at a time, naming them q1, q2, ..."""

    def __init__(self) -> None:
        self.items: list[Quantity] = []

    def q(self, op: str, args: tuple, label: str) -> str:  # type: ignore[type-arg]
        qid = f"q{len(self.items) + 1}"
        self.items.append(Quantity(qid, op, args, label))
        return qid


def evaluate(quantities: Iterable[Quantity]) -> dict[str, Fraction]:
    """Every quantity's exact value, in order (raises ArithError on a bad division)."""
    values: dict[str, Fraction] = {}
    for q in quantities:
        operands = [values[a] if isinstance(a, str) else Fraction(a) for a in q.args]
        values[q.id] = operands[0] if q.op == "given" else compute(q.op, operands[0], operands[1])
    return values


def compute(op: str, a: Fraction, b: Fraction) -> Fraction:
    """One operation of a graph: arithmetic, or C(n, k) / P(n, k) on whole numbers."""
    if op in ("C", "P"):
        if a.denominator != 1 or b.denominator != 1 or not 0 <= b <= a <= 1000:
            raise ArithError(f"{op}({a}, {b}) needs whole numbers 0 <= k <= n <= 1000")
        return Fraction(math.comb(int(a), int(b)) if op == "C" else math.perm(int(a), int(b)))
    return apply_op(op, a, b)


def needed(quantities: Sequence[Quantity], target: str) -> list[str]:
    """The computed quantities the target depends on (itself included), in graph order."""
    by_id = {q.id: q for q in quantities}
    wanted, stack = set(), [target]
    while stack:
        q = by_id[stack.pop()]
        if q.op != "given" and q.id not in wanted:
            wanted.add(q.id)
            stack.extend(a for a in q.args if isinstance(a, str))
    return [q.id for q in quantities if q.id in wanted]


def working(q: Quantity, values: Mapping[str, Fraction], result: Fraction | None = None) -> str:
    """``3 × 12 = 36``: the calculation for one quantity, from known values."""
    operands = [values[a] if isinstance(a, str) else Fraction(a) for a in q.args]
    result = compute(q.op, operands[0], operands[1]) if result is None else result
    if q.op in ("C", "P"):
        return f"{q.op}({_num(operands[0])}, {_num(operands[1])}) = {_num(result)}"
    left, right = (f"({_num(v)})" if v.denominator != 1 or v < 0 else _num(v) for v in operands)
    return f"{left} {SYMBOL[q.op]} {right} = {_num(result)}"


def _num(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def state_text(values: Mapping[str, Fraction]) -> str:
    """Machine form of what is known: ``q2 = 36; q3 = 29``."""
    return "; ".join(f"{k} = {_num(v)}" for k, v in values.items())


def parse_state(text: str) -> dict[str, Fraction]:
    """Inverse of :func:`state_text`; raises ValueError on anything else."""
    out = {}
    for part in text.split(";"):
        if part.strip():
            key, _, value = part.partition("=")
            out[key.strip()] = Fraction(value.strip())
    return out


def to_json(quantities: Iterable[Quantity]) -> list[dict[str, Any]]:
    return [{"id": q.id, "op": q.op, "args": list(q.args), "label": q.label} for q in quantities]


def from_json(items: Any) -> list[Quantity]:
    if not isinstance(items, list):
        raise ValueError("quantities must be a list")
    out = []
    for item in items:
        if item.get("op") not in ("given", "+", "-", "*", "/", "^", "C", "P"):
            raise ValueError(f"bad quantity {item!r}")
        out.append(Quantity(str(item["id"]), item["op"], tuple(item["args"]), str(item["label"])))
    return out
