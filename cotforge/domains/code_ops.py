"""A small library of list, string and integer operations that code tasks compose into functions.

Each :class:`Op` carries its Python source (an expression over ``{v}``), its English, a vague
phrase shared by its family (what a spec says when it leaves the examples to decide), a plain
implementation, and, for working backwards, its inverse and the condition its output meets.
Generators compose ops into reference functions whose gold behaviour comes from running the
*source* in the sandbox; the implementations here only guide search, so the two routes differ.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Value = Any  # list[int] | int | str
TYPES = {"list": "a list of integers", "int": "an integer", "str": "a string", "words": "a list of integers"}
PARAM = {"list": "nums", "int": "n", "str": "text"}


@dataclass(frozen=True, slots=True)
class Op:
    name: str
    src: str
    dst: str
    code: str
    """Python expression over ``{v}`` (elements are ``e``, characters ``c``)."""
    says: str
    """What the op does, as a clause of a spec: "keep only the even numbers"."""
    family: str
    fn: Callable[[Value], Value]
    inverse: Callable[[Value], list[Value]]
    """Some inputs giving a value, simplest first; [] when none exists."""
    need: str = ""
    """What every output of this op satisfies, said when a candidate fails it."""
    ok: Callable[[Value], bool] = lambda y: True

    def expr(self, var: str) -> str:
        return self.code.replace("{v}", var)


def _sq(y: int) -> bool:
    return isinstance(y, int) and y >= 0 and math.isqrt(y) ** 2 == y


def _squares(t: int) -> list[int]:
    """Greedy split of ``t`` into perfect squares (at most 6 parts) or []."""
    parts: list[int] = []
    while t > 0 and len(parts) < 6:
        r = math.isqrt(t)
        parts.append(r * r)
        t -= r * r
    return parts if t == 0 else []


def _sum_inv(t: int) -> list[list[int]]:
    out = [[t], [t - t // 2, t // 2] if t > 1 else [t, 0], _squares(t), [t - 2, 2] if t > 3 else [t, 0]]
    return [c for i, c in enumerate(out) if c and c not in out[:i]]


def _each(f: Callable[[int], int | None]) -> Callable[[list[int]], list[list[int]]]:
    def inv(y: list[int]) -> list[list[int]]:
        xs = [f(v) for v in y]
        return [] if any(x is None for x in xs) else [xs]  # type: ignore[list-item]
    return inv


def _keep(pred: Callable[[int], bool], filler: int) -> Callable[[list[int]], list[list[int]]]:
    return lambda y: [] if not all(pred(v) for v in y) else [list(y), list(y) + [filler]]


LIST, INT, STR = "list", "int", "str"
OPS: dict[str, Op] = {op.name: op for op in [
    Op("sort_up", LIST, LIST, "sorted({v})", "sort the numbers from smallest to largest", "order",
       sorted, lambda y: [list(y), list(y)[::-1]] if list(y) == sorted(y) else [], "it is sorted from small to large",
       lambda y: list(y) == sorted(y)),
    Op("sort_down", LIST, LIST, "sorted({v}, reverse=True)", "sort the numbers from largest to smallest", "order",
       lambda x: sorted(x, reverse=True), lambda y: [list(y), list(y)[::-1]] if list(y) == sorted(y, reverse=True)
       else [], "it is sorted from large to small", lambda y: list(y) == sorted(y, reverse=True)),
    Op("reverse", LIST, LIST, "{v}[::-1]", "reverse the order of the numbers", "order", lambda x: x[::-1],
       lambda y: [y[::-1]]),
    Op("evens", LIST, LIST, "[e for e in {v} if e % 2 == 0]", "keep only the even numbers", "filter",
       lambda x: [e for e in x if e % 2 == 0], _keep(lambda e: e % 2 == 0, 1), "every number in it is even",
       lambda y: all(e % 2 == 0 for e in y)),
    Op("odds", LIST, LIST, "[e for e in {v} if e % 2 == 1]", "keep only the odd numbers", "filter",
       lambda x: [e for e in x if e % 2 == 1], _keep(lambda e: e % 2 == 1, 2), "every number in it is odd",
       lambda y: all(e % 2 == 1 for e in y)),
    Op("positives", LIST, LIST, "[e for e in {v} if e > 0]", "keep only the positive numbers", "filter",
       lambda x: [e for e in x if e > 0], _keep(lambda e: e > 0, -1), "every number in it is positive",
       lambda y: all(e > 0 for e in y)),
    Op("double", LIST, LIST, "[e * 2 for e in {v}]", "double every number", "map", lambda x: [e * 2 for e in x],
       _each(lambda v: v // 2 if v % 2 == 0 else None), "every number in it is even (a double)",
       lambda y: all(e % 2 == 0 for e in y)),
    Op("add_one", LIST, LIST, "[e + 1 for e in {v}]", "add one to every number", "map", lambda x: [e + 1 for e in x],
       _each(lambda v: v - 1)),
    Op("square", LIST, LIST, "[e * e for e in {v}]", "square every number", "map", lambda x: [e * e for e in x],
       _each(lambda v: math.isqrt(v) if _sq(v) else None), "every number in it is a perfect square",
       lambda y: all(_sq(e) for e in y)),
    Op("drop_first", LIST, LIST, "{v}[1:]", "drop the first number", "trim", lambda x: x[1:], lambda y: [[0] + list(y)]),
    Op("sum", LIST, INT, "sum({v})", "add the numbers up", "reduce", sum, _sum_inv),
    Op("count", LIST, INT, "len({v})", "count how many numbers there are", "reduce", len,
       lambda t: [list(range(1, t + 1)), [2] * t] if 0 <= t <= 12 else [], "it is a count, so 0 or more",
       lambda t: t >= 0),
    Op("largest", LIST, INT, "max({v}, default=0)", "take the largest number (0 for no numbers)", "reduce",
       lambda x: max(x, default=0), lambda t: [[t], [t, t - 1]]),
    Op("smallest", LIST, INT, "min({v}, default=0)", "take the smallest number (0 for no numbers)", "reduce",
       lambda x: min(x, default=0), lambda t: [[t], [t, t + 1]]),
    Op("times3", INT, INT, "{v} * 3", "multiply the number by 3", "arith", lambda x: x * 3,
       lambda t: [t // 3] if t % 3 == 0 else [], "it is a multiple of 3", lambda t: t % 3 == 0),
    Op("plus7", INT, INT, "{v} + 7", "add 7", "arith", lambda x: x + 7, lambda t: [t - 7]),
    Op("last_digit", INT, INT, "{v} % 10", "take the last digit (the remainder mod 10)", "arith", lambda x: x % 10,
       lambda t: [t, t + 10] if 0 <= t <= 9 else [], "it is a single digit from 0 to 9", lambda t: 0 <= t <= 9),
    Op("lower", STR, STR, "{v}.lower()", "make every letter lowercase", "case", str.lower,
       lambda y: [y, y.upper()] if y == y.lower() else [], "it has no capital letters", lambda y: y == y.lower()),
    Op("upper", STR, STR, "{v}.upper()", "make every letter uppercase", "case", str.upper,
       lambda y: [y, y.lower()] if y == y.upper() else [], "it has no lowercase letters", lambda y: y == y.upper()),
    Op("rev_text", STR, STR, "{v}[::-1]", "reverse the text", "shuffle", lambda x: x[::-1], lambda y: [y[::-1]]),
    Op("rev_words", STR, STR, "' '.join({v}.split()[::-1])", "reverse the order of the words", "shuffle",
       lambda x: " ".join(x.split()[::-1]), lambda y: [" ".join(y.split()[::-1])] if y == " ".join(y.split())
       else [], "its words are separated by single spaces", lambda y: y == " ".join(y.split())),
    Op("no_spaces", STR, STR, "{v}.replace(' ', '')", "remove the spaces", "clean", lambda x: x.replace(" ", ""),
       lambda y: [y, y[:1] + " " + y[1:]] if " " not in y else [], "it has no spaces", lambda y: " " not in y),
    Op("letters", STR, STR, "''.join(c for c in {v} if c.isalpha())", "keep only the letters", "clean",
       lambda x: "".join(c for c in x if c.isalpha()), lambda y: [y, y + "1"] if y.isalpha() or not y else [],
       "it has only letters", lambda y: y.isalpha() or not y),
    Op("length", STR, INT, "len({v})", "count the characters", "measure", len,
       lambda t: ["a" * t, "ab" * (t // 2) + "a" * (t % 2)] if 0 <= t <= 40 else [], "it is a length, so 0 or more",
       lambda t: t >= 0),
    Op("vowels", STR, INT, "sum(c in 'aeiou' for c in {v})", "count the vowels (a, e, i, o, u)", "measure",
       lambda x: sum(c in "aeiou" for c in x), lambda t: ["a" * t, "ba" * t] if 0 <= t <= 30 else [],
       "it is a count, so 0 or more", lambda t: t >= 0),
    Op("words", STR, INT, "len({v}.split())", "count the words", "measure", lambda x: len(x.split()),
       lambda t: [" ".join(["hi"] * t)] if 0 <= t <= 15 else [], "it is a count, so 0 or more", lambda t: t >= 0),
    Op("word_lengths", STR, LIST, "[len(w) for w in {v}.split()]", "list the length of each word", "split",
       lambda x: [len(w) for w in x.split()], lambda y: [" ".join("a" * k for k in y)] if all(k >= 1 for k in y)
       else [], "every number in it is at least 1 (a word length)", lambda y: all(k >= 1 for k in y)),
]}



def _keep_first(k: int) -> Callable[[list[int]], list[list[int]]]:
    return lambda y: [list(y)] if len(y) < k else ([list(y), list(y) + [0]] if len(y) == k else [])


def _variants() -> list[Op]:
    """The same kinds of step with other constants: "add 4 to every number", "keep only the numbers
    greater than 3", "multiply by 6", "keep the first 2 numbers" (so one-op programs are many)."""
    # each family is a function of its constant k, so its lambdas close over that k alone
    out: list[Op] = []

    def add(k: int) -> Op:
        return Op(f"add_{k}", LIST, LIST, f"[e + {k} for e in {{v}}]", f"add {k} to every number", "map",
                  lambda x: [e + k for e in x], _each(lambda v: v - k))
    out += map(add, (2, 3, 4, 5, 6, 7, 8, 9))

    def times_each(k: int) -> Op:
        return Op(f"times_each_{k}", LIST, LIST, f"[e * {k} for e in {{v}}]", f"multiply every number by {k}", "map",
                  lambda x: [e * k for e in x], _each(lambda v: v // k if v % k == 0 else None),
                  f"every number in it is a multiple of {k}", lambda y: all(e % k == 0 for e in y))
    out += map(times_each, (3, 4, 5))

    def sub(k: int) -> Op:
        return Op(f"sub_{k}", LIST, LIST, f"[e - {k} for e in {{v}}]", f"subtract {k} from every number", "map",
                  lambda x: [e - k for e in x], _each(lambda v: v + k))
    out += map(sub, (1, 2, 3, 4, 5))

    def above(k: int) -> Op:
        return Op(f"above_{k}", LIST, LIST, f"[e for e in {{v}} if e > {k}]", f"keep only the numbers greater than {k}",
                  "filter", lambda x: [e for e in x if e > k], _keep(lambda e: e > k, k),
                  f"every number in it is greater than {k}", lambda y: all(e > k for e in y))
    out += map(above, (1, 2, 3, 4, 5, 6))

    def below(k: int) -> Op:
        return Op(f"below_{k}", LIST, LIST, f"[e for e in {{v}} if e < {k}]", f"keep only the numbers less than {k}",
                  "filter", lambda x: [e for e in x if e < k], _keep(lambda e: e < k, k),
                  f"every number in it is less than {k}", lambda y: all(e < k for e in y))
    out += map(below, (3, 4, 5, 6, 8))

    def multiples(k: int) -> Op:
        return Op(f"multiples_{k}", LIST, LIST, f"[e for e in {{v}} if e % {k} == 0]", f"keep only the multiples of {k}",
                  "filter", lambda x: [e for e in x if e % k == 0], _keep(lambda e: e % k == 0, 1),
                  f"every number in it is a multiple of {k}", lambda y: all(e % k == 0 for e in y))
    out += map(multiples, (3, 4, 5))

    def drop_first(k: int) -> Op:
        return Op(f"drop_first_{k}", LIST, LIST, f"{{v}}[{k}:]", f"drop the first {k} numbers", "trim",
                  lambda x: x[k:], lambda y: [[0] * k + list(y)])
    out += map(drop_first, (2, 3))

    def first(k: int) -> Op:
        return Op(f"first_{k}", LIST, LIST, f"{{v}}[:{k}]", f"keep only the first {k} numbers", "trim",
                  lambda x: x[:k], _keep_first(k), f"it has at most {k} numbers", lambda y: len(y) <= k)
    out += map(first, (2, 3, 4))

    out.append(Op("drop_last", LIST, LIST, "{v}[:-1]", "drop the last number", "trim", lambda x: x[:-1],
                  lambda y: [list(y) + [0]]))

    def times(k: int) -> Op:
        return Op(f"times{k}", INT, INT, f"{{v}} * {k}", f"multiply the number by {k}", "arith", lambda x: x * k,
                  lambda t: [t // k] if t % k == 0 else [], f"it is a multiple of {k}", lambda t: t % k == 0)
    out += map(times, (2, 4, 5, 6, 7, 9))

    def plus(k: int) -> Op:
        return Op(f"plus{k}", INT, INT, f"{{v}} + {k}", f"add {k}", "arith", lambda x: x + k, lambda t: [t - k])
    out += map(plus, (2, 3, 4, 5, 9, 11, 12))

    def minus(k: int) -> Op:
        return Op(f"minus{k}", INT, INT, f"{{v}} - {k}", f"subtract {k}", "arith", lambda x: x - k, lambda t: [t + k])
    out += map(minus, (1, 2, 3, 4, 6, 8))

    def first_chars(k: int) -> Op:
        return Op(f"first_chars_{k}", STR, STR, f"{{v}}[:{k}]", f"keep only the first {k} characters", "cut",
                  lambda x: x[:k], lambda y: [y, y + "z"] if len(y) == k else ([y] if len(y) < k else []),
                  f"it has at most {k} characters", lambda y: len(y) <= k)
    out += map(first_chars, (2, 3, 4, 5))

    def last_chars(k: int) -> Op:
        return Op(f"last_chars_{k}", STR, STR, f"{{v}}[-{k}:]", f"keep only the last {k} characters", "cut",
                  lambda x: x[-k:], lambda y: [y, "z" + y] if len(y) == k else ([y] if len(y) < k else []),
                  f"it has at most {k} characters", lambda y: len(y) <= k)
    out += map(last_chars, (2, 3))
    return out



OPS.update((op.name, op) for op in _variants())

VAGUE = {"order": "put the numbers in a particular order", "filter": "keep only some of the numbers",
         "map": "change every number in the same way", "reduce": "turn the list into a single number",
         "arith": "change the number in some way", "case": "change the letter case",
         "shuffle": "rearrange the text", "clean": "clean the text up", "measure": "measure the text",
         "trim": "drop part of the list", "split": "turn the words into numbers", "cut": "shorten the text"}
"""What a spec says about an op when it leaves the choice within its family to the examples."""

COVERS = {"filter": ("filter", "trim"), "trim": ("trim", "filter"), "clean": ("clean", "case"), "cut": ("cut", "clean")}
"""Families whose vague phrase a reader could also take for another family's op ("keep only some
of the numbers" may be dropping the first one); every other family's phrase covers itself only."""


def could_mean(family: str) -> tuple[str, ...]:
    """The families of ops a spec's vague phrase for ``family`` could be read as."""
    return COVERS.get(family, (family,))


def chain_ops(names: Sequence[str]) -> list[Op]:
    """The ops of ``names``; raises ValueError when a type does not flow into the next op."""
    ops = [OPS[n] for n in names]
    for a, b in zip(ops, ops[1:]):
        if a.dst != b.src:
            raise ValueError(f"{a.name} gives {a.dst} but {b.name} takes {b.src}")
    return ops


NOUNS = {
    "sort_up": "ascending", "sort_down": "descending", "reverse": "backwards", "evens": "evens", "odds": "odds",
    "positives": "positives", "double": "doubled", "add_one": "bumped", "square": "squares", "drop_first": "rest",
    "sum": "total", "count": "count", "largest": "largest", "smallest": "smallest", "last_digit": "digit",
    "lower": "lowered", "upper": "shouted", "rev_text": "mirrored", "rev_words": "flipped", "no_spaces": "squashed",
    "letters": "letters", "length": "length", "vowels": "vowels", "words": "word_count", "word_lengths": "lengths",
    "drop_last": "trimmed",
}  # fmt: skip
"""What a line's result is called in a function; ops with constants are named by their family."""
FAMILY_NOUNS = {"map": "adjusted", "filter": "kept", "trim": "part", "arith": "result", "cut": "piece",
                "order": "ordered", "reduce": "total", "case": "cased", "shuffle": "shuffled", "clean": "cleaned",
                "measure": "size", "split": "lengths"}  # fmt: skip


def value_names(names: Sequence[str]) -> list[str]:
    """The variable each line of the function stores its result in (the last line returns it),
    named for what it holds ("evens", "doubled", "total"); a name used before gets a number."""
    out: list[str] = []
    for name in names:
        base = NOUNS.get(name) or FAMILY_NOUNS.get(OPS[name].family, "value")
        noun, k = base, 2
        while noun in out or noun in PARAM.values():
            noun, k = f"{base}{k}", k + 1
        out.append(noun)
    return out


def input_name(names: Sequence[str], i: int) -> str:
    """The variable line ``i`` reads: the parameter for the first line, else the line above's result."""
    return PARAM[OPS[names[0]].src] if i == 0 else value_names(names[:i])[-1]


def function_lines(names: Sequence[str], comments: Sequence[str] | None = None) -> list[str]:
    """Body lines of ``def f(<param>):`` composing the ops; one line per op, each storing its
    result in a variable named for it, the last a return."""
    ops = chain_ops(names)
    stored = value_names(names)
    var, lines = PARAM[ops[0].src], []
    for i, op in enumerate(ops):
        line = f"return {op.expr(var)}" if i == len(ops) - 1 else f"{stored[i]} = {op.expr(var)}"
        if comments is not None:
            line = f"{line}  # {comments[i]}"
        lines.append("    " + line)
        var = stored[i]
    return lines


def function_source(names: Sequence[str], comments: Sequence[str] | None = None, doc: str = "") -> str:
    head = f"def f({PARAM[OPS[names[0]].src]}):"
    body = ([f'    """{doc}"""'] if doc else []) + function_lines(names, comments)
    return "\n".join([head, *body]) + "\n"


def apply(names: Sequence[str], x: Value) -> list[Value]:
    """Values after each op (the in-process route search uses; gold comes from the sandbox)."""
    out = []
    for op in chain_ops(names):
        x = op.fn(x)
        out.append(x)
    return out


def show(value: Value) -> str:
    return repr(value)


def valid_input(value: Value, kind: str) -> bool:
    """Whether ``value`` is an acceptable argument of type ``kind`` (the bounds answers must keep)."""
    if kind == "list":
        return type(value) is list and len(value) <= 50 and all(type(e) is int and abs(e) <= 10**6 for e in value)
    if kind == "int":
        return type(value) is int and abs(value) <= 10**9
    return type(value) is str and len(value) <= 200


def backward(names: Sequence[str], target: Value, budget: int = 400) -> Value | None:
    """An input giving ``target``, found by inverting the ops from the last one, or None."""
    ops = chain_ops(names)
    left = [budget]

    def go(j: int, value: Value) -> Value | None:
        for c in ops[j].inverse(value):
            left[0] -= 1
            if left[0] < 0:
                return None
            if j > 0 and ops[j - 1].ok(c):
                found = go(j - 1, c)
            elif j == 0 and valid_input(c, ops[0].src) and apply(names, c)[-1] == target:
                found = c
            else:
                found = None
            if found is not None:
                return found
        return None

    return go(len(ops) - 1, target)
