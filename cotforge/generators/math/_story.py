"""Writing a quantity problem and its computation graph together.

A template states numbers with ``@name`` markers ("She buys @n shirts at @price each."),
adds the graph's quantities one per step with a sentence frame for each ("She spends {}
on shirts."), and names the closed formula of its answer over the printed numbers
(``n * price - paid``). :meth:`Story.finish` prints the numbers, evaluates the formula
exactly (the gold answer, a route apart from the graph the steps follow) and records the
printed numbers' order, so ``cotforge recheck`` can read them back from the question text
and evaluate the formula with sympy.
"""

from __future__ import annotations

import ast
import math
import dataclasses
import operator
import random
import re
from dataclasses import dataclass
from fractions import Fraction
from collections.abc import Callable, Mapping
from typing import Any

from cotforge.domains.arith import ArithError
from cotforge.generators.math._split import seed_side
from cotforge.domains.quantities import GraphBuilder, answer_text, display, evaluate, is_ref, needed, to_json

NUMBER = re.compile(r"(?<![\w.])-?\d+(?:,\d{3})*(?:\.\d+)?")
"""A number as printed in a question (``12``, ``-7``, ``1,250``, ``12.50``); ``cotforge recheck`` reads the same way."""
SIGNED = ("z", "q")
"""Units whose values may be negative: a signed whole number, a signed fraction (sequence terms)."""
MARKER = re.compile(r"@(\w+)")
WOMEN = ("Ava", "Cara", "Elif", "Gia", "Ines", "Kira", "Maya", "Pia", "Rosa", "Tara", "Vera", "Yara", "Lena",
         "Hana", "Fatima", "Jia", "Nadia", "Sofia", "Amara", "Lucia", "Zoe", "Mei", "Priya", "Olga", "Aisha", "Bea",
         "Chloe", "Dana", "Emma", "Freya", "Greta", "Ivy", "Julia", "Leila", "Mila", "Nora", "Rania", "Sara", "Thea",
         "Uma", "Wendy", "Xenia", "Yuki", "Zara", "Ada", "Lin", "Noor", "Ruth", "Tess", "Vida")  # fmt: skip
MEN = ("Ben", "Dev", "Finn", "Hugo", "Jon", "Leo", "Nico", "Omar", "Quinn", "Sami", "Umar", "Wes", "Zane",
       "Bilal", "Chen", "Eli", "Goran", "Ivo", "Kofi", "Mateo", "Ravi", "Tomas", "Yusuf", "Arjun", "Adam", "Bruno",
       "Carlos", "Dmitri", "Emil", "Felix", "Hamid", "Ian", "Jamal", "Kenji", "Luca", "Marco", "Noah", "Oscar",
       "Pablo", "Rafael", "Stefan", "Theo", "Viktor", "Will", "Aziz", "Joel", "Kai", "Milo", "Rohan", "Sven")  # fmt: skip


PEOPLE = WOMEN + MEN
_WOMEN_SET = frozenset(WOMEN)
WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


class StoryError(ValueError):
    """The drawn numbers do not make a clean problem (a fraction of a person, a leak): draw again."""


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    he: str
    him: str
    his: str

    @property
    def He(self) -> str:  # noqa: N802 - reads as the capitalised pronoun in templates
        return self.he.capitalize()

    @property
    def His(self) -> str:  # noqa: N802
        return self.his.capitalize()


@dataclass(frozen=True, slots=True)
class Hook:
    """What the answer so far is, so an extension can build on it."""

    kind: str
    """``spend`` (money paid out), ``earn`` (money coming in), ``count`` (things), ``measure``."""
    who: Person | None
    noun: str = ""
    """For counts and measures: the things counted ("cookies", "kilometres")."""


class Story:
    """A question's sentences, printed numbers, graph and answer formula, built together."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.graph = GraphBuilder()
        self.values: dict[str, Fraction] = {}
        self.formats: dict[str, str] = {}
        self.ids: dict[str, str] = {}
        self.sentences: list[str] = []
        self.noise: list[str] = []
        self.asks: list[str] = []
        self.target = ""
        self.formula = ""
        self.unit = ""
        self.hook: Hook | None = None
        self.brute: Fraction | None = None
        """The answer found by brute force (enumeration, listing terms), where a template has one."""
        self.structure: list[str] = []
        self._used: set[str] = set()

    # --- drawing ------------------------------------------------------------------------

    def person(self) -> Person:
        """A new person (never one already in the story), a woman or a man with even odds."""
        while True:
            name = self.rng.choice(PEOPLE)
            if name not in self._used:
                self._used.add(name)
                return Person(name, "she", "her", "her") if name in _WOMEN_SET else Person(name, "he", "him", "his")

    def pick(self, options: Any) -> Any:
        return self.rng.choice(list(options))

    def num(self, name: str, value: int | Fraction, fmt: str = "") -> Fraction:
        """A number printed in the question; ``fmt`` "" whole, "z" signed whole, "$" money, "%" percent, "dec" decimal."""
        if name in self.values or name in ("C", "P"):
            raise ValueError(f"number @{name} defined twice (or named like the C / P functions of formulas)")
        value = Fraction(value)
        if (value < 0 and fmt != "z") or (fmt in ("", "%", "z") and value.denominator != 1) or (fmt == "$" and (value * 100).denominator != 1) \
                or (fmt == "dec" and (value * 10).denominator != 1):
            raise StoryError(f"@{name} = {value} cannot be printed as {fmt or 'a whole number'}")
        self.values[name], self.formats[name] = value, fmt
        return value

    def money(self, name: str, value: int | Fraction) -> Fraction:
        return self.num(name, value, "$")

    def pct(self, name: str, value: int) -> Fraction:
        return self.num(name, value, "%")

    # --- the graph ----------------------------------------------------------------------

    def given(self, name: str, unit: str = "") -> str:
        """The graph's quantity for printed number ``name`` (a percent enters as its number)."""
        if name not in self.ids:
            value = self.values[name]
            arg = value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
            self.ids[name] = self.graph.q("given", (arg,), f"@{name}", unit or ("$" if self.formats[name] == "$" else ""))
        return self.ids[name]

    def calc(self, op: str, a: str | int, b: str | int, frame: str, unit: str = "") -> str:
        """A computed quantity: ``a op b``; a string argument starting with ``@`` is a printed number."""
        args = tuple(self.given(x[1:]) if isinstance(x, str) and x.startswith("@") else x for x in (a, b))
        return self.graph.q(op, args, frame, unit)

    # --- the text -----------------------------------------------------------------------

    def say(self, *options: str) -> None:
        self.sentences.append(self.pick(options))

    def distract(self, *facts: str) -> None:
        """Irrelevant facts this story may add at the higher levels (as many as the level asks for)."""
        self.noise.extend(facts)

    def answer(self, target: str, formula: str, unit: str, asks: tuple[str, ...] | list[str], hook: Hook | None = None) -> None:
        """The quantity asked for, its closed formula over the printed numbers, and the question's phrasings."""
        self.target, self.formula, self.unit, self.asks, self.hook = target, formula, unit, list(asks), hook

    # --- finishing ------------------------------------------------------------------------

    def finish(self, distractors: int) -> dict[str, Any]:
        """Print the question, check it is clean, and return the Draft's fields; StoryError if not."""
        noise = self.noise[:]
        self.rng.shuffle(noise)
        if len(noise) < distractors:
            raise StoryError("not enough irrelevant facts for this level")
        body = self.sentences[:]
        for sentence in noise[:distractors]:
            body.insert(self.rng.randint(1, len(body)), sentence)
        order: list[str] = []

        def printed(match: re.Match[str]) -> str:
            name = match.group(1)
            order.append(name)
            return _print(self.values[name], self.formats[name])

        question = MARKER.sub(printed, " ".join(body + [self.pick(self.asks)]))
        marked = lambda m: _print(self.values[m.group(1)], self.formats[m.group(1)])  # noqa: E731
        self.graph.items = [dataclasses.replace(q, label=MARKER.sub(marked, q.label)) if q.op != "given" else q
                            for q in self.graph.items]
        if not question.endswith("?") or question.count("?") != 1:
            raise RuntimeError(f"a question must end with the one question it asks: {question}")
        values = evaluate(self.graph.items)
        gold = formula_value(self.formula, self.values)
        if values[self.target] != gold:
            raise RuntimeError(f"story graph and formula disagree ({values[self.target]} vs {gold}): {question}")
        self._check_clean(question, order, values, gold)
        return {
            "question": question,
            "gold": gold,
            "payload": {"check": "quantities", "answer_kind": "value", "quantities": to_json(self.graph.items),
                        "target": self.target, "formula": self.formula, "numbers": order},
            "operations": len(needed(self.graph.items, self.target)),
        }

    def _check_clean(self, question: str, order: list[str], values: dict[str, Fraction], gold: Fraction) -> None:
        missing = set(re.findall(r"[A-Za-z_]\w*", self.formula)) - set(order) - {"C", "P"}
        if missing:
            raise RuntimeError(f"the formula uses numbers the question does not print: {sorted(missing)}")
        read = [Fraction(n.replace(",", "")) for n in NUMBER.findall(question)]
        if read != [self.values[n] for n in order]:
            raise RuntimeError(f"numbers in the text {read} are not the printed numbers {order}: {question}")
        if gold in read:
            raise StoryError("the question states its own answer")
        used = set(needed(self.graph.items, self.target))
        for q in self.graph.items:
            if q.id not in used:
                continue
            value = values[q.id]
            a, b = (values[x] if is_ref(x) else Fraction(x) for x in q.args)
            if (q.op == "*" and 1 in (a, b)) or (q.op in ("/", "^") and b == 1) or (q.op in ("+", "-") and b == 0) or (q.op == "+" and a == 0):
                raise StoryError(f"{q.label} would be a step that changes nothing")
            if (value < 0 and q.unit not in SIGNED) or (q.unit in ("$",) and (value * 100).denominator != 1) \
                    or (q.unit in ("", "z") and value.denominator != 1) or (q.unit == "p" and value > 1):
                raise StoryError(f"{q.label} would be {value}")
        if (self.unit in ("", "z") and gold.denominator != 1) or (gold <= 0 and self.unit not in SIGNED):
            raise StoryError(f"the answer {gold} is not a natural amount")
        if self.brute is not None and self.brute != gold:
            raise RuntimeError(f"brute force gives {self.brute}, the formula {gold}: {question}")


def _print(value: Fraction, fmt: str) -> str:
    if fmt == "%":
        return f"{value.numerator}%"
    if fmt == "$":
        return "$" + _grouped(display(value, "$")[1:])
    return _grouped(display(value, "dec" if fmt == "dec" else ""))


def _grouped(number: str) -> str:
    whole, dot, frac = number.partition(".")
    return (f"{int(whole):,}" if len(whole) > 4 else whole) + dot + frac


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def formula_value(formula: str, values: dict[str, Fraction]) -> Fraction:
    """The formula over the printed numbers, exactly (``+ - * /``, whole powers, ``C(n, k)``, ``P(n, k)``)."""

    def walk(node: ast.AST) -> Fraction:
        if isinstance(node, ast.Name):
            return values[node.id]
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return Fraction(str(node.value))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("C", "P") and len(node.args) == 2:
            n, k = (walk(a) for a in node.args)
            return Fraction(math.comb(int(n), int(k)) if node.func.id == "C" else math.perm(int(n), int(k)))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            exponent = walk(node.right)
            if exponent.denominator != 1:
                raise ValueError(f"fractional power in {formula!r}")
            return walk(node.left) ** int(exponent)
        raise ValueError(f"unexpected {type(node).__name__} in formula {formula!r}")

    return walk(ast.parse(formula, mode="eval").body)


Template = Callable[[Story], None]
FollowUp = Callable[[Story, Hook], None]


class TemplateSet:
    """A task's templates (and follow-ups), chosen by the number of steps each level wants.

    ``steps[level]`` is the (low, high) number of computed quantities a solution needs; a
    template that cannot land there at a level (tried a few times, once per process) is not
    drawn at that level, so the steps per record rise with the level by construction.
    """

    def __init__(self, task: str, templates: Mapping[str, Template], steps: Mapping[int, tuple[int, int]],
                 distractors: Mapping[int, tuple[int, int]] | None = None,
                 follow_ups: Mapping[str, tuple[FollowUp, tuple[str, ...]]] | None = None, max_follow_ups: int = 0,
                 feasible: Mapping[int, tuple[str, ...]] | None = None) -> None:
        self.task, self.templates, self.steps = task, dict(templates), dict(steps)
        self.distractors = dict(distractors or {})
        self.follow_ups, self.max_follow_ups = dict(follow_ups or {}), max_follow_ups
        self._feasible: dict[int, tuple[str, ...]] = dict(feasible or {})
        """Which templates each level draws: given as a table (a test re-probes it), else probed on first use."""

    def attempt(self, rng: random.Random, name: str, level: int) -> dict[str, Any] | None:
        """One try at an item of template ``name`` for ``level``; None if it does not fit."""
        lo, hi = self.steps[level]
        s = Story(rng)
        s.structure.append(name)
        try:
            self.templates[name](s)
            while len(s.structure) <= self.max_follow_ups:
                steps = len(needed(s.graph.items, s.target))
                fits = [e for e, (_, kinds) in self.follow_ups.items()
                        if s.hook is not None and s.hook.kind in kinds and e not in s.structure
                        and (e, "tax") != ("coupon", s.structure[-1])]  # fmt: skip
                if not fits or not (steps < lo or (steps < hi and rng.random() < 0.25)):
                    break
                follow_up, hook = rng.choice(fits), s.hook
                assert hook is not None
                s.structure.append(follow_up)
                self.follow_ups[follow_up][0](s, hook)
            if not lo <= len(needed(s.graph.items, s.target)) <= hi:
                return None
            made = s.finish(rng.randint(*self.distractors.get(level, (0, 0))))
        except (StoryError, ZeroDivisionError, ArithError):
            return None
        made["structure"], made["unit"] = "+".join(s.structure), s.unit
        return made

    def probe(self, level: int) -> tuple[str, ...]:
        """The templates that reach ``level``'s step count, found by trying each a few times (a fixed rng)."""
        rng = random.Random(f"{self.task}/feasible/{level}")
        return tuple(n for n in self.templates if any(self.attempt(rng, n, level) for _ in range(40)))

    def feasible(self, level: int) -> tuple[str, ...]:
        """The templates drawn at ``level`` (the table the task gives, else probed once per process)."""
        if level not in self._feasible:
            self._feasible[level] = self.probe(level)
        return self._feasible[level]

    def draft_fields(self, rng: random.Random, level: int, seed: int) -> dict[str, Any]:
        """question, answer, payload and metadata of one item at ``level``.

        Seeds of one parity draw only questions from one half of the item space (by a hash of
        the question text), so neighbouring seeds never share a problem, whatever a level holds.
        """
        names = self.feasible(level)
        if not names:
            raise RuntimeError(f"{self.task} level {level}: no template reaches {self.steps[level]} steps")
        for _ in range(1000):
            made = self.attempt(rng, rng.choice(names), level)
            if made is not None and seed_side(made["question"], seed):
                gold = made["gold"]
                return {"question": made["question"], "answer": answer_text(gold, made["unit"]),
                        "payload": {**made["payload"], "answer_sympy": f"{gold.numerator}" if gold.denominator == 1 else f"{gold.numerator}/{gold.denominator}"},
                        "metadata": {"structure": made["structure"], "steps": made["operations"], "unit": made["unit"] or "count"}}
        raise RuntimeError(f"{self.task} level {level}: no clean item in 1000 tries")
