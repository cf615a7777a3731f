"""A second route to the gold answers of the quantity tasks (percentages, counting and
probability, sequences, word problems): each question's payload names the numbers its text
prints, in order, and the closed formula of its answer over them; the re-check reads the
numbers back from the question as printed and evaluates the formula with sympy (binomials and
falling factorials included). It never reads the computation graph the steps follow, and
imports nothing of the generators or ``domains.quantities``. (The generators check the same
formula against brute force where one exists: enumerated outcomes, listed terms.)
"""

from __future__ import annotations

import re

import sympy
from sympy.parsing.sympy_parser import parse_expr, rationalize, standard_transformations

from cotforge.core.records import Problem
from cotforge.verifiers.rechecks.math_gold import RecheckParseError, gold_number, register, verdict

_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:,\d{3})*(?:\.\d+)?")
"""A number as printed in a question: ``12``, ``-7``, ``1,250``, ``12.50`` (a ``$`` or ``%`` beside it is the unit)."""


def printed_formula(problem: Problem) -> sympy.Rational:
    """The payload's answer formula over the numbers read from the question as printed, with sympy.

    The payload names the printed numbers in the order they appear (``["n", "price", "paid"]``)
    and a closed formula over those names (``paid - n * price``); the numbers themselves are
    read from the question text, so a story that prints other numbers than it computes with
    is caught, and the formula is evaluated apart from the graph the steps follow.
    """
    data = problem.data()
    names, formula = data.get("numbers"), data.get("formula")
    if not isinstance(names, list) or not isinstance(formula, str):
        raise RecheckParseError("payload has no printed-number formula")
    printed = [sympy.Rational(n.replace(",", "")) for n in _NUMBER.findall(problem.question)]
    if len(printed) != len(names):
        raise RecheckParseError(f"the question prints {len(printed)} numbers, the payload names {len(names)}")
    bound: dict[str, sympy.Rational] = {}
    for name, value in zip(names, printed):
        if bound.setdefault(name, value) != value:
            raise RecheckParseError(f"{name} is printed as both {bound[name]} and {value}")
    symbols: dict[str, object] = {name: sympy.Symbol(name) for name in set(names) | set(re.findall(r"[A-Za-z_]\w*", formula))}
    symbols.update(C=sympy.binomial, P=sympy.ff)
    expr = parse_expr(formula, local_dict=symbols, transformations=standard_transformations + (rationalize,))
    if expr.free_symbols - {symbols[n] for n in bound}:
        raise RecheckParseError(f"formula {formula!r} uses numbers the question does not print")
    value = expr.subs({symbols[n]: v for n, v in bound.items()})
    if not value.is_Rational:
        raise RecheckParseError(f"formula {formula!r} is not a rational number: {value}")
    return value


@register("sequence")
def sequence(problem: Problem) -> str | None:
    """The closed n-th term or sum formula over the printed numbers, with sympy; the generator lists the terms."""
    return verdict(printed_formula(problem), sympy.Rational(gold_number(problem)))


@register("word_problem")
def word_problem(problem: Problem) -> str | None:
    """The story's closed formula over the numbers printed in the question (see :func:`printed_formula`)."""
    return verdict(printed_formula(problem), sympy.Rational(gold_number(problem)))


@register("percentage")
def percentage(problem: Problem) -> str | None:
    """The template's closed formula (multipliers ``1 - p/100`` …) over the printed numbers (see :func:`printed_formula`)."""
    return verdict(printed_formula(problem), sympy.Rational(gold_number(problem)))


@register("probability")
def probability(problem: Problem) -> str | None:
    """The closed counting formula (products, ``binomial``, falling factorials, complements) over the
    printed numbers, with sympy; the generator itself enumerates every outcome."""
    return verdict(printed_formula(problem), sympy.Rational(gold_number(problem)))
