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
from typing import Any, TypeGuard

from cotforge.domains.arith import SYMBOL, ArithError, apply_op
from cotforge.domains.latex_answer import number

Arg = str | int
"""An earlier quantity's id (``q3``), or a constant: an integer, or a string such as ``"25/2"``."""


def is_ref(arg: object) -> TypeGuard[str]:
    """True for an earlier quantity's id, False for a constant."""
    return isinstance(arg, str) and arg[:1] == "q"


def operand(arg: Arg, values: Mapping[str, Fraction]) -> Fraction:
    return values[arg] if is_ref(arg) else Fraction(arg)


@dataclass(frozen=True, slots=True)
class Quantity:
    id: str
    op: str
    """"given"; one of + - * / ^; or C (choose) or P (ordered arrangements)."""
    args: tuple[Arg, ...]
    """For "given": the one number; otherwise two operands (ids or constants)."""
    label: str
    """What it is, in words ("Ben's stickers"), or a sentence frame with ``{}`` where the
    calculation goes ("Ben picks {} apples.")."""
    unit: str = ""
    """How its value is written: "" a whole number or a fraction, "$" dollars and cents,
    "dec" a decimal where it terminates (a rate, a percent as a decimal)."""


class GraphBuilder:
    """Builds a computation graph one quantity at a time, naming them q1, q2, ..."""

    def __init__(self) -> None:
        self.items: list[Quantity] = []

    def q(self, op: str, args: tuple[Arg, ...], label: str, unit: str = "") -> str:
        qid = f"q{len(self.items) + 1}"
        self.items.append(Quantity(qid, op, args, label, unit))
        return qid


def evaluate(quantities: Iterable[Quantity]) -> dict[str, Fraction]:
    """Every quantity's exact value, in order (raises ArithError on a bad division)."""
    values: dict[str, Fraction] = {}
    for q in quantities:
        operands = [operand(a, values) for a in q.args]
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
            stack.extend(a for a in q.args if is_ref(a))
    return [q.id for q in quantities if q.id in wanted]


def working(q: Quantity, values: Mapping[str, Fraction], result: Fraction | None = None,
            units: Mapping[str, str] | None = None) -> str:
    """``3 × $12 = $36``: the calculation for one quantity, from known values, each in its unit."""
    operands = [operand(a, values) for a in q.args]
    result = compute(q.op, operands[0], operands[1]) if result is None else result
    units = units or {}
    if q.op in ("C", "P"):
        return f"{q.op}({_num(operands[0])}, {_num(operands[1])}) = {_num(result)}"
    shown = []
    for i, (arg, value) in enumerate(zip(q.args, operands)):
        written = display(value, units.get(arg, "") if is_ref(arg) else "dec")
        shown.append(f"({written})" if _bracket(value, written, q.op, i) else written)
    if q.op == "^":
        return f"{shown[0]}^{shown[1]} = {display(result, q.unit)}"
    return f"{shown[0]} {SYMBOL[q.op]} {shown[1]} = {display(result, q.unit)}"


def working_latex(q: Quantity, values: Mapping[str, Fraction], result: Fraction | None = None,
                  units: Mapping[str, str] | None = None) -> str:
    """The LaTeX of :func:`working`: ``3 \\times \\$12 = \\$36``, ``\\binom{9}{3} = 84``."""
    operands = [operand(a, values) for a in q.args]
    result = compute(q.op, operands[0], operands[1]) if result is None else result
    units = units or {}
    if q.op == "C":
        return rf"\binom{{{_num(operands[0])}}}{{{_num(operands[1])}}} = {display_latex(result, q.unit)}"
    if q.op == "P":
        return rf"P({_num(operands[0])}, {_num(operands[1])}) = {display_latex(result, q.unit)}"
    shown = []
    for i, (arg, value) in enumerate(zip(q.args, operands)):
        written = display_latex(value, units.get(arg, "") if is_ref(arg) else "dec")
        shown.append(rf"\left({written}\right)" if _bracket(value, written, q.op, i) else written)
    if q.op == "^":
        return f"{shown[0]}^{{{shown[1]}}} = {display_latex(result, q.unit)}"
    sign = {"+": "+", "-": "-", "*": r"\times", "/": r"\div"}[q.op]
    return f"{shown[0]} {sign} {shown[1]} = {display_latex(result, q.unit)}"


def _bracket(value: Fraction, written: str, op: str, position: int) -> bool:
    """Whether an operand needs brackets: a negative after an operator or as a base, a fraction in a product or power."""
    if value < 0 and (position == 1 or op == "^"):
        return True
    return ("/" in written or "frac" in written) and (op == "^" or (op in ("*", "/") and position == 1))


def _decimal(value: Fraction, places: int) -> str | None:
    """``value`` as a decimal with at most ``places`` places, or None if it does not terminate there."""
    # integer work only (the spaces write every operand of every move this way): n/d in lowest terms times 10^places
    # is whole exactly when d divides 10^places
    unit, bottom = 10**places, value.denominator
    if unit % bottom:
        return None
    scaled = value.numerator * (unit // bottom)
    sign, digits = ("-" if scaled < 0 else ""), str(abs(scaled)).rjust(places + 1, "0")
    whole, frac = digits[:-places], digits[-places:].rstrip("0")
    return f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}"


def display(value: Fraction, unit: str = "") -> str:
    """How a person writes ``value`` in ``unit``: ``12``, ``3/8``, ``$12.50``, ``0.15``."""
    if unit == "$":
        cents = _decimal(value, 2)
        if cents is None:
            return _num(value)
        cents = cents if "." not in cents or len(cents.split(".")[1]) == 2 else cents + "0"
        return f"-${cents[1:]}" if cents.startswith("-") else f"${cents}"
    if unit == "dec":
        return _decimal(value, 4) or _num(value)
    return _num(value)


def display_latex(value: Fraction, unit: str = "") -> str:
    """The LaTeX of :func:`display`: ``\\$12.50``, ``\\frac{3}{8}``."""
    written = display(value, unit)
    if "/" in written:
        sign, body = ("-", written[1:]) if written.startswith("-") else ("", written)
        top, bottom = body.split("/")
        return rf"{sign}\frac{{{top}}}{{{bottom}}}"
    return written.replace("$", r"\$")


def answer_text(value: Fraction, unit: str = "") -> str:
    """The final answer as LaTeX a person boxes: ``48``, ``13.25`` (dollars, no sign), ``\\frac{3}{8}``, ``-\\frac{1}{2}``."""
    if unit in ("$", "dec") and _decimal(value, 2 if unit == "$" else 4) is not None:
        return display(value, unit).replace("$", "")
    return number(value)


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
    return [{"id": q.id, "op": q.op, "args": list(q.args), "label": q.label, **({"unit": q.unit} if q.unit else {})}
            for q in quantities]


def from_json(items: Any) -> list[Quantity]:
    if not isinstance(items, list):
        raise ValueError("quantities must be a list")
    out = []
    for item in items:
        if item.get("op") not in ("given", "+", "-", "*", "/", "^", "C", "P"):
            raise ValueError(f"bad quantity {item!r}")
        out.append(Quantity(str(item["id"]), item["op"], tuple(item["args"]), str(item["label"]), str(item.get("unit", ""))))
    return out
