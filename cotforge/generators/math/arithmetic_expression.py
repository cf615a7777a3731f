"""Arithmetic expressions: order of operations with integers, fractions and powers.

A random expression tree is built for the level and kept only when every
intermediate value stays small (and, at levels 1 to 3, whole). The gold answer
comes from sympy evaluating the expression text; the step space instead works
the tree one operation at a time with ``Fraction`` arithmetic.

Levels: 1 two or three of + − × with whole numbers and no brackets (× before +);
2 three or four operations, negative numbers and brackets; 3 four or five, adding
exact division and squares or cubes; 4 five or six, with fractions and division
that leaves fractions; 5 seven to nine, nested brackets, fractions, negative
bases and negative exponents.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from sympy.parsing.sympy_parser import parse_expr

from cotforge.domains.algebra import fraction_text
from cotforge.domains.arith import ArithError, Bin, Node, Num, count_ops, evaluate, render, to_json
from cotforge.core.errors import ConfigError
from cotforge.domains.latex import latex
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig


@dataclass(frozen=True, slots=True)
class _Shape:
    ops: tuple[int, int]
    """Fewest and most operations."""
    operators: str
    whole: bool
    """Every intermediate value must be a whole number."""
    leaf: tuple[int, int]
    fractions: float
    """Chance that a leaf is a fraction such as 3/4."""
    bound: int
    """Largest size of any intermediate numerator or denominator."""
    brackets: bool


_SHAPES = {
    1: _Shape((2, 3), "+-*", True, (1, 25), 0.0, 400, False),
    2: _Shape((3, 4), "+-*", True, (-15, 15), 0.0, 400, True),
    3: _Shape((4, 5), "+-*/^", True, (-12, 12), 0.0, 1000, True),
    4: _Shape((5, 6), "+-*/^", False, (-9, 12), 0.3, 400, True),
    5: _Shape((7, 9), "+-*/^", False, (-9, 12), 0.3, 2000, True),
}


@dataclass(frozen=True, slots=True)
class ArithmeticExpressionConfig(TaskConfig):
    """The level sets how many operations, which operators, and whether fractions appear."""

    max_attempts: int = 10_000
    """Random trees tried before giving up (a safety net; a few dozen are typical)."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise ConfigError(f"max_attempts must be a positive integer, got {self.max_attempts!r}")


PHRASES = (
    "Evaluate ${e}$. Give the exact value.",
    "Compute ${e}$ exactly.",
    "What is the exact value of ${e}$?",
    "Find the value of ${e}$ as a whole number or a fraction in lowest terms.",
    "Work out ${e}$.",
)


class ArithmeticExpressionGenerator(Generator):
    name = "arithmetic_expression"
    version = 4
    """Version 4 (rows, not items): a slip is worded and worked as the sound step is (its "Inside the brackets"
    label, the common denominator or flipped divisor written out) with the slip in the result; a fraction's
    miscounted top keeps its bottom; fractions added straight across show the tops and bottoms they add."""
    domain = "math"
    space = "arithmetic"
    verifier = "math"
    config_cls = ArithmeticExpressionConfig

    def build(self, rng: random.Random) -> Draft:
        shape = _SHAPES[self.config.level]
        for _ in range(self.config.max_attempts):
            tree = self._tree(rng, rng.randint(*shape.ops), shape, self.config.level)
            if self._acceptable(tree, shape):
                break
        else:
            raise RuntimeError(f"no acceptable expression in {self.config.max_attempts} attempts")
        text = render(tree)
        gold = Fraction(str(parse_expr(text)))
        if gold != evaluate(tree):  # two routes disagree: a bug, never a silent wrong gold
            raise RuntimeError(f"gold mismatch for {text}: {gold} vs {evaluate(tree)}")
        return Draft(
            question=rng.choice(PHRASES).format(e=latex(render(tree, human=True))),
            answer=answer_latex(fraction_text(gold), "value"),
            payload={"answer_sympy": fraction_text(gold), "check": "value", "tree": to_json(tree), "expression": text},
            metadata={"operations": count_ops(tree)},
        )

    def _leaf(self, rng: random.Random, shape: _Shape) -> Node:
        if rng.random() < shape.fractions:
            d = rng.randint(2, 9)
            n = rng.choice([k for k in range(-d * 2 + 1, d * 2) if k % d and k])
            return Num(Fraction(n, d))
        return Num(Fraction(rng.choice([n for n in range(shape.leaf[0], shape.leaf[1] + 1) if n])))

    def _tree(self, rng: random.Random, ops: int, shape: _Shape, level: int) -> Node:
        if ops == 0:
            return self._leaf(rng, shape)
        op = rng.choice(shape.operators)
        if op == "^":
            base = self._tree(rng, min(ops - 1, 1), shape, level)
            exponents = [2, 2, 3] + ([-1, -2] if level == 5 else [])
            rest = ops - 1 - min(ops - 1, 1)
            power: Node = Bin("^", base, Num(Fraction(rng.choice(exponents))))
            if rest == 0:
                return power
            other = self._tree(rng, rest - 1, shape, level)
            glue = rng.choice("+-*")
            return Bin(glue, power, other) if rng.random() < 0.5 else Bin(glue, other, power)
        left_ops = rng.randint(0, ops - 1)
        return Bin(op, self._tree(rng, left_ops, shape, level), self._tree(rng, ops - 1 - left_ops, shape, level))

    @staticmethod
    def _acceptable(tree: Node, shape: _Shape) -> bool:
        try:
            values = _intermediates(tree)
        except ArithError:
            return False
        for v in values:
            if abs(v.numerator) > shape.bound or v.denominator > shape.bound:
                return False
            if shape.whole and v.denominator != 1:
                return False
        text = render(tree)
        if not shape.brackets and "(" in text:
            return False
        return not (shape.brackets and shape.ops[0] >= 3 and "(" not in text)

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        gold = Fraction(problem.data()["answer_sympy"])
        return fraction_text(gold + rng.choice([Fraction(1), Fraction(-1), Fraction(1, 2), Fraction(10)]))


def _intermediates(node: Node) -> list[Fraction]:
    """Every value the working produces (raises ArithError for an undefined step)."""
    if isinstance(node, Num):
        return [node.value]
    if isinstance(node, Bin):
        values = _intermediates(node.left) + _intermediates(node.right)
        return values + [evaluate(node)]
    return _intermediates(node.arg) + [evaluate(node)]


TASKS.register("arithmetic_expression", ArithmeticExpressionGenerator)
