"""Evaluating an expression one operation at a time, in the order a careful person would.

A move works out one operation whose operands are already numbers (exact
``Fraction`` arithmetic), so every step keeps the value. The first move offered
follows the convention (brackets, powers, × and ÷, then + and −, left to right);
the others are also sound, just a less usual order. Wrong moves on request are
the classic slips: + before ×, a − b + c read as a − (b + c), a sign slip, an
arithmetic slip, fractions added straight across, a power read as a product,
dividing by a fraction without flipping it. Each is kept only if it changes the value.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple
from math import gcd, lcm

from cotforge.domains.arith import (
    PRECEDENCE,
    SYMBOL,
    ArithError,
    Bin,
    Neg,
    Node,
    Num,
    apply_op,
    count_ops,
    evaluate,
    from_json,
    render,
)
from cotforge.domains.latex_answer import number
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._latex import latex
from cotforge.solvers.spaces._small_arith_tex import Working, h, negated, op, over, paren, power, quotient, tree_latex, wrap

Path = tuple[str, ...]
"""Where a node sits: "L"/"R" for the operands of a binary operation, "A" under a minus."""

VERBS = {"+": "Add", "-": "Subtract", "*": "Multiply", "/": "Divide", "^": "Evaluate the power"}


@dataclass(frozen=True, slots=True)
class ArithState:
    node: Node
    slipped: bool = False
    """True below a deliberately wrong move: no further wrong moves are offered there."""


def _ready(node: Node, path: Path = (), need: int = 0) -> list[tuple[Path, Node, bool]]:
    """Operations whose operands are numbers, in the conventional order, with "is it bracketed"."""
    if isinstance(node, Num):
        return []
    if isinstance(node, Neg):
        inner = _ready(node.arg, path + ("A",), 4)
        return inner or ([(path, node, False)] if isinstance(node.arg, Num) else [])
    prec = PRECEDENCE[node.op]
    power = node.op == "^"
    out = _ready(node.left, path + ("L",), 5 if power else prec)
    out += _ready(node.right, path + ("R",), prec if power else prec + 1)
    if isinstance(node.left, Num) and isinstance(node.right, Num):
        out.append((path, node, prec < need))
    # conventional order: brackets first, then powers, then × ÷, then + −; left to right within
    return sorted(out, key=lambda item: (not item[2], -_prec(item[1])))


def _prec(node: Node) -> int:
    return PRECEDENCE[node.op] if isinstance(node, Bin) else 3


def _replace(node: Node, path: Path, new: Node) -> Node:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(node, Neg):
        return Neg(_replace(node.arg, rest, new))
    if isinstance(node, Bin):
        if head == "L":
            return Bin(node.op, _replace(node.left, rest, new), node.right)
        return Bin(node.op, node.left, _replace(node.right, rest, new))
    raise ArithError("path leads into a number")


def _working(label: str, op_: str, a: Fraction, b: Fraction, result: Fraction) -> Working:
    """The calculation as written out, with a common denominator or a flipped divisor shown."""
    if op_ == "^":
        sides = [power(wrap(a) if a < 0 or a.denominator != 1 else h(a), h(b))]
    else:
        sides = [op(h(a), SYMBOL[op_], wrap(b))]
    if op_ in "+-" and (a.denominator != 1 or b.denominator != 1) and a.denominator != b.denominator:
        d = lcm(a.denominator, b.denominator)
        ta, tb = a.numerator * (d // a.denominator), b.numerator * (d // b.denominator)
        sides.append(op(over(ta, d), op_, wrap(Fraction(tb, d), keep=True, d=d)))
    elif op_ == "/" and b.denominator != 1:
        sides.append(op(h(a), "×", wrap(1 / b)))
    return Working(label, (*sides, h(result)))


def _words(working: Working) -> str:
    """The step's words with the calculation in LaTeX (``Multiply: $2 \\times 9 = 18$``): written from the values, or
    (a working whose reading is not modelled) read back from its text."""
    tex = working.tex
    return tex if tex is not None else _tex_working(working.text)


_expression_tex = tree_latex
"""An expression's LaTeX, written from its tree (the old route, ``latex(render(node, human=True))``, is the tests' oracle)."""


class ArithmeticSpace(Space[ArithState]):
    """Step-by-step evaluation of one arithmetic expression tree."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.tree = from_json(problem.data()["tree"])

    def root(self) -> ArithState:
        return ArithState(self.tree)

    def key(self, state: ArithState) -> tuple:
        return (state.node, state.slipped)

    def is_terminal(self, state: ArithState) -> bool:
        return isinstance(state.node, Num)

    def answer(self, state: ArithState) -> str | None:
        return number(state.node.value) if isinstance(state.node, Num) else None  # answer_latex of its text, unparsed

    def heuristic(self, state: ArithState) -> float:
        return float(count_ops(state.node))

    def _move(self, state: ArithState, path: Path, node: Node, result: Fraction, text: Working, kind: str, wrong: str = "") -> Move:
        return self._to(state, _replace(state.node, path, Num(result)), text, kind, wrong)

    def _to(self, state: ArithState, new: Node, working: Working, kind: str, wrong: str = "") -> Move:
        """The move to the expression ``new``, worded ``working`` (its LaTeX written from the tree and the values)."""
        tex = _expression_tex(new)
        follow = "" if isinstance(new, Num) else f" The expression becomes ${tex}$."
        step = Step(text=f"{_words(working)}.{follow}", state=render(new), kind=kind if not wrong else "compute",
                    intended_wrong=bool(wrong), latex=tex, error_kind=wrong)  # fmt: skip
        return Move(step=step, next_state=ArithState(new, state.slipped or bool(wrong)))

    def _sound(self, state: ArithState, path: Path, node: Node, bracketed: bool) -> Move:
        if isinstance(node, Neg):
            value = -node.arg.value  # type: ignore[union-attr]
            return self._move(state, path, node, value, Working("Take the negative", (negated(h(-value)), h(value))), "negate")
        assert isinstance(node, Bin) and isinstance(node.left, Num) and isinstance(node.right, Num)
        a, b = node.left.value, node.right.value
        result = apply_op(node.op, a, b)
        label = f"Inside the brackets, {VERBS[node.op].lower()}" if bracketed else VERBS[node.op]
        return self._move(state, path, node, result, _working(label, node.op, a, b, result), "compute")

    def propose(self, state: ArithState, k: int) -> list[Move]:
        moves = []
        for path, node, bracketed in _ready(state.node):
            try:
                moves.append(self._sound(state, path, node, bracketed))
            except ArithError:
                continue
            if len(moves) >= k:
                break
        return moves

    def propose_wrong(self, state: ArithState, k: int, rng: random.Random) -> list[Move]:
        """Plausible slips, each kept only if it changes the value of the expression."""
        if state.slipped or isinstance(state.node, Num):
            return []
        try:
            truth = evaluate(state.node)
        except ArithError:
            return []
        slips = self._precedence_slips(state) + self._operation_slips(state)
        kept = []
        for slip in slips:
            try:
                if evaluate(slip.node) != truth:
                    kept.append(slip)
            except ArithError:
                continue
        rng.shuffle(kept)  # the shuffle reads only the length: the same draws and order as over the moves
        return [self._to(state, s.node, s.text, "compute", s.kind) for s in kept[:k]]  # texts only for the moves given

    def _operation_slips(self, state: ArithState) -> list[_Slip]:
        ready = [item for item in _ready(state.node) if isinstance(item[1], Bin)]
        if not ready:
            return []
        path, node, bracketed = ready[0]
        assert isinstance(node, Bin) and isinstance(node.left, Num) and isinstance(node.right, Num)
        op_, a, b = node.op, node.left.value, node.right.value
        slips: list[tuple[Fraction, Working, str]] = []
        right = apply_op(op_, a, b) if not (op_ == "/" and b == 0) else None
        if right is None:
            return []
        # worded and worked as the sound step is (its label, its common denominator or flipped divisor), the slip in the result
        verb = f"Inside the brackets, {VERBS[op_].lower()}" if bracketed else VERBS[op_]
        off = _slip(right)
        slips.append((off, _working(verb, op_, a, b, off), "arithmetic_slip"))
        slips.append((-right, _working(verb, op_, a, b, -right), "sign_slip"))
        other = {"+": "-", "-": "+", "*": "+", "/": "*", "^": "*"}[op_]
        try:  # (dividing by a fraction as multiplying by it is the reciprocal slip below)
            swapped = apply_op(other, a, b)
            if not (op_ == "/" and b.denominator != 1):
                slips.append((swapped, _working(verb, op_, a, b, swapped), "wrong_operation"))
        except ArithError:
            pass
        misread = a + 1 if a.denominator == 1 else Fraction(a.numerator + 1, a.denominator)
        try:
            copied = apply_op(op_, misread, b)
            slips.append((copied, _working(verb, op_, misread, b, copied), "copy_slip"))
        except ArithError:
            pass
        if op_ in "+-" and (a.denominator != 1 or b.denominator != 1):
            top = a.numerator + b.numerator if op_ == "+" else a.numerator - b.numerator
            wrong = Fraction(top, a.denominator + b.denominator)
            across = quotient(paren(op(h(Fraction(a.numerator)), op_, wrap(Fraction(b.numerator)))),
                              paren(op(h(Fraction(a.denominator)), "+", h(Fraction(b.denominator)))))
            slips.append((wrong, Working(verb, (op(h(a), op_, wrap(b)), across, h(wrong))), "fraction_slip"))
        if op_ == "^":
            slips.append((a * b, Working("Evaluate the power", (power(wrap(a) if a < 0 else h(a), h(b)), op(h(a), "×", wrap(b)),
                                                                 h(a * b))), "power_slip"))
            if a < 0 and b.denominator == 1 and int(b) % 2 == 0:
                slips.append((-right, Working("Evaluate the power", (power(h(a), h(b)), h(-right))), "sign_slip"))
        if op_ == "/" and b.denominator != 1:
            slips.append((a * b, Working("Divide", (op(h(a), "÷", wrap(b)), op(h(a), "×", wrap(b)), h(a * b))), "reciprocal_slip"))
        return [_Slip(_replace(state.node, path, Num(value)), text, kind) for value, text, kind in slips]

    def _precedence_slips(self, state: ArithState) -> list[_Slip]:
        """a + b × c worked as (a + b) × c, and a − b + c worked as a − (b + c)."""
        out: list[_Slip] = []
        for path, node in _walk(state.node):
            if not isinstance(node, Bin):
                continue
            low, high = node.left, node.right
            if node.op in "+-" and isinstance(high, Bin) and high.op in "*/" and isinstance(low, Num) and isinstance(high.left, Num):
                early = apply_op(node.op, low.value, high.left.value)
                new = Bin(high.op, Num(early), high.right)
                text = Working(f"{VERBS[node.op]} first", (op(h(low.value), node.op, wrap(high.left.value)), h(early)))
                out.append(_Slip(_replace(state.node, path, new), text, "precedence_slip"))
            if node.op in "+-" and isinstance(low, Bin) and low.op == "-" and isinstance(low.right, Num) and isinstance(high, Num):
                joined = apply_op("+" if node.op == "+" else "-", low.right.value, high.value)
                new = Bin("-", low.left, Num(joined))
                text = Working("Work out the end first", (op(h(low.right.value), node.op, wrap(high.value)), h(joined)))
                out.append(_Slip(_replace(state.node, path, new), text, "precedence_slip"))
        return out[:2]


class _Slip(NamedTuple):
    """A wrong move before its texts are written (most states offer more slips than are asked for): the whole
    expression it leads to, its working, its error kind."""

    node: Node
    text: Working
    kind: str


def _tex_working(text: str) -> str:
    """``Multiply: 2 × 9 = 18`` as ``Multiply: $2 \\times 9 = 18$`` (the words stay words)."""
    label, sep, working = text.partition(": ")
    if not sep:
        return text
    tex = latex(working)
    return f"{label}: ${tex}$" if tex else text


def _slip(value: Fraction) -> Fraction:
    """A near miss: one off (ten off for larger numbers), or the top one off for a fraction."""
    if value.denominator != 1:  # the top miscounted, the bottom kept (a top that would cancel is missed the other way)
        n, d = value.numerator, value.denominator
        return Fraction(next((m for m in (n + 1, n - 1, n + 2, n - 2) if m and gcd(m, d) == 1), n + 1), d)
    return value + (10 if abs(value) > 20 else 1) * (1 if value % 2 else -1)


def _walk(node: Node, path: Path = ()) -> list[tuple[Path, Node]]:
    out = [(path, node)]
    if isinstance(node, Bin):
        out += _walk(node.left, path + ("L",)) + _walk(node.right, path + ("R",))
    elif isinstance(node, Neg):
        out += _walk(node.arg, path + ("A",))
    return out


SPACES.register("arithmetic", ArithmeticSpace)
