"""Verifier for countdown / 24: any expression that makes the target from the given numbers.

The answer's one expression is read by a small reader of its own (whole numbers, + - × ÷ and
brackets; Python's parser never sees the text) into ``ast`` nodes and evaluated by hand with exact
fractions (never ``eval``); it must equal the target, use only the given numbers (each at most
once, or exactly once in the 24 game) and keep to the rules on the way. Two different
expressions, or none, are unreadable; a power, a decimal or a negative number is wrong. Steps are checked by exact arithmetic and
by an exhaustive search that the target is still reachable after each one.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction

from cotforge.domains.countdown import OPS, ExpressionError, Rules, combine, evaluate, solvable, solvable_memo
from cotforge.core.records import Problem, Step, Verdict
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers._readers import (BAD_PAYLOAD, AnswerError, WrongAnswer, loads_json, payload, read_final,
                                         segments)
from cotforge.verifiers.base import Verifier

MAX_NUMBERS = 30
"""An expression with more numbers than this uses some number not given (no game has that many)."""
_LATEX = [(re.compile(r"\\(?:times|cdot|ast)\b"), "*"), (re.compile(r"\\div\b"), "/"),
          (re.compile(r"\\(?:left|right|[()\[\],;! ]|quad|qquad)|\$"), " ")]
_SYMBOLS = str.maketrans({"×": "*", "✕": "*", "∗": "*", "·": "*", "⋅": "*", "÷": "/", "∕": "/", "−": "-", "–": "-",
                          "—": "-", "[": "(", "]": ")", "（": "(", "）": ")"})  # fmt: skip
_TIMES_X = re.compile(r"(?<=[\d)])\s*[xX]\s*(?=[\d(])")
_REMARK = re.compile(r"\([^()]*[A-Za-z]{2}[^()]*\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CHAIN = re.compile(r"[\d()+\-*/^=]+(?:\s+[\d()+\-*/^=]+)*")
_TOKEN = re.compile(r"\s*(\d+|\*\*|[-+*/()^])")


def _normalise(text: str) -> str:
    for pattern, repl in _LATEX:
        text = pattern.sub(repl, text)
    text = _REMARK.sub(" ", text)  # "(uses every number once)"
    return _TIMES_X.sub(" * ", _BOLD.sub(r"\1", text.translate(_SYMBOLS)))


def read_expression(text: str) -> ast.expr:
    """The one expression an answer gives, as ``ast`` nodes built here (nothing is parsed by Python).

    In the answer's last segment (line or sentence) that holds arithmetic: the chain of ``=``
    sides with the most numbers ("(2 × 3) × 8 − 1 = 47" gives the left side). Raises AnswerError
    when no expression, or two different ones ("8*6-1 or 2*3*8-1"), can be read; WrongAnswer when
    one is read that breaks the rules of the game (a power, a decimal, a negative number).
    """
    return read_final(text, _read_part)


def _read_part(text: str) -> ast.expr:
    part = _normalise(text)
    if re.search(r"\d\.\d", part):
        raise WrongAnswer("only whole numbers are allowed")
    found: list[str] = []
    for seg in reversed(segments(part)):
        chains = [c for c in _CHAIN.findall(seg) if re.search(r"\d", c)]
        worked = [c for c in chains if re.search(r"\d\s*(?:[-+*/^]|\*\*)\s*[\d(]|\)\s*[-+*/^]", c)]
        if worked or (chains and not found):
            found = worked or chains
        if worked:
            break
    if not found:
        raise AnswerError("no expression found in the answer")
    if len(found) > 1:
        raise AnswerError(f"several expressions in the answer: {' / '.join(c.strip() for c in found[:3])}")
    sides = [s for s in found[0].split("=") if re.search(r"\d", s)]
    main = max(sides, key=lambda s: len(re.findall(r"\d+", s)))
    expr = _parse(main)
    value = _plain_value(expr)
    for side in sides:  # "X = 111" states a value X does not have: the answer is wrong, whatever X is
        if side is not main and _plain_value(_parse(side)) != value:
            raise WrongAnswer(f"the answer says {main.strip()} = {side.strip()}, which is false")
    return expr


def _plain_value(node: ast.expr) -> Fraction | None:
    """The value of parsed arithmetic without the game's rules (None on a division by zero)."""
    if isinstance(node, ast.Constant):
        assert isinstance(node.value, int)  # _parse builds whole numbers only
        return Fraction(node.value)
    assert isinstance(node, ast.BinOp)  # _parse builds nothing else
    a, b = _plain_value(node.left), _plain_value(node.right)
    if a is None or b is None or (isinstance(node.op, ast.Div) and b == 0):
        return None
    return {ast.Add: a + b, ast.Sub: a - b, ast.Mult: a * b}.get(type(node.op), a / b if b else None)


def _parse(text: str) -> ast.expr:
    """Shunting-yard over whole numbers, + - * / and brackets (no recursion, bounded by its length)."""
    tokens, at = [], 0
    while at < len(text.rstrip()):
        m = _TOKEN.match(text, at)
        if m is None:
            raise AnswerError(f"not an arithmetic expression: {text.strip()[:60]!r}")
        tokens.append(m.group(1))
        at = m.end()
    if sum(t.isdigit() for t in tokens) > MAX_NUMBERS:
        raise WrongAnswer(f"the expression uses more than {MAX_NUMBERS} numbers")
    out: list[ast.expr] = []
    ops: list[str] = []
    prec = {"+": 1, "-": 1, "*": 2, "/": 2}
    node_of = {"+": ast.Add, "-": ast.Sub, "*": ast.Mult, "/": ast.Div}

    def reduce() -> None:
        op = ops.pop()
        if len(out) < 2:
            raise AnswerError(f"not an arithmetic expression: {text.strip()[:60]!r}")
        right, left = out.pop(), out.pop()
        out.append(ast.BinOp(left=left, op=node_of[op](), right=right))

    expect_operand = True
    for t in tokens:
        if t in ("^", "**"):
            raise WrongAnswer("powers are not allowed")
        if expect_operand:
            if t.isdigit():
                if len(t) > 12:  # no game gives such a number (and int() refuses 4,300 digits)
                    raise WrongAnswer(f"uses a number that is not given: {t[:20]}...")
                out.append(ast.Constant(int(t)))
                expect_operand = False
            elif t == "(":
                ops.append(t)
            elif t == "-":
                raise WrongAnswer("negative numbers are not allowed")
            else:
                raise AnswerError(f"not an arithmetic expression: {text.strip()[:60]!r}")
        elif t == ")":
            while ops and ops[-1] != "(":
                reduce()
            if not ops:
                raise AnswerError(f"unbalanced brackets in {text.strip()[:60]!r}")
            ops.pop()
        elif t in prec:
            while ops and ops[-1] != "(" and prec[ops[-1]] >= prec[t]:
                reduce()
            ops.append(t)
            expect_operand = True
        else:
            raise AnswerError(f"not an arithmetic expression: {text.strip()[:60]!r}")
    if expect_operand or "(" in ops:
        raise AnswerError(f"not an arithmetic expression: {text.strip()[:60]!r}")
    while ops:
        reduce()
    return out[0]


def _setup(problem: Problem) -> tuple[list[int], Fraction, Rules]:
    data = payload(problem)
    nums = [int(x) for x in data["numbers"]]
    return nums, Fraction(int(data["target"])), Rules(use_all=bool(data["use_all"]), whole=bool(data["whole"]))


class CountdownVerifier(Verifier):
    name = "countdown"

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        try:
            nums, target, rules = _setup(problem)
        except BAD_PAYLOAD as e:
            return Verdict.error(f"bad countdown payload: {e}")
        if not isinstance(answer, str) or not answer.strip():
            return Verdict.unreadable("no answer")
        try:
            value, used = evaluate(read_expression(answer), rules)
        except WrongAnswer as e:
            return Verdict.reject(str(e))
        except AnswerError as e:
            return Verdict.unreadable(str(e))
        except ExpressionError as e:
            return Verdict.reject(str(e))
        extra = used - Counter(nums)
        if extra:
            return Verdict.reject(f"uses numbers not given (or too often): {sorted(extra.elements())}")
        if rules.use_all and used != Counter(nums):
            return Verdict.reject(f"must use every number exactly once; unused: {sorted((Counter(nums) - used).elements())}")
        if value != target:
            return Verdict.reject(f"the expression makes {value}, not {target}")
        return Verdict.accept(f"makes {target} with {sum(used.values())} numbers")

    def check_steps(self, problem: Problem, steps: Sequence[Step]) -> list[bool | None]:
        """A step is right when its numbers come from the previous ones by one legal operation and the
        target can still be made; a dead end must really be one; the answer must verify."""
        try:
            nums, target, rules = _setup(problem)
        except BAD_PAYLOAD:
            return [None] * len(steps)
        prev = Counter(Fraction(x) for x in nums)
        # whether the target can still be made is a pure function of the numbers, the target and the rules (all fixed by
        # the payload): the memo of the problem's step spaces, which searched these numbers, is shared
        memo = solvable_memo(problem.payload) if isinstance(problem.payload, str) else {}
        out: list[bool | None] = []
        for step in steps:
            try:
                now = Counter(Fraction(x) for x in loads_json(step.state)["numbers"])
            except (*BAD_PAYLOAD, ZeroDivisionError):
                out.append(None)
                continue
            reachable = solvable(tuple(now.elements()), target, rules, memo)
            if step.kind == "contradiction":
                out.append(now == prev and not reachable)
            elif step.kind == "answer":
                out.append(now == prev and self.verify(problem, step.text.rsplit("Answer:", 1)[-1]).accepted)
            else:
                out.append(_one_operation(prev, now, rules) and reachable)
            prev = now
        return out


def _one_operation(prev: Counter[Fraction], now: Counter[Fraction], rules: Rules) -> bool:
    gone, new = prev - now, now - prev
    if sum(gone.values()) != 2 or sum(new.values()) != 1 or sum(now.values()) != sum(prev.values()) - 1:
        return False
    a, b = gone.elements()
    (c,) = new.elements()
    return any(combine(x, y, op, rules) == c for x, y in ((a, b), (b, a)) for op in OPS)


VERIFIERS.register("countdown", CountdownVerifier())
