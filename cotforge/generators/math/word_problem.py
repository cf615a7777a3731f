"""Word problems in the style of GSM8K, written from a computation graph.

People in an everyday setting each have some amount of one thing; each new
person's amount is one or two operations on someone else's (times as many, more,
fewer, half as many, as many as two others combined), and the question combines
some of them. The gold answer is the graph's value, never read back from the text.

Levels set the number of operations: 1 → 2, 2 → 3–4, 3 → 5–6, 4 → 7–9 with one
irrelevant fact, 5 → 10–12 with two irrelevant facts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from cotforge.domains.algebra import fraction_text
from cotforge.core.errors import ConfigError
from cotforge.domains.quantities import Quantity, evaluate, needed, to_json
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

NAMES = (
    "Ava", "Ben", "Cara", "Dev", "Elif", "Finn", "Gia", "Hugo", "Ines", "Jon", "Kira", "Leo", "Maya", "Nico",
    "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wes", "Yara", "Zane",
)  # fmt: skip
SETTINGS = (  # things, verb as stated, verb after "did", the setting in a few words
    ("apples", "picked", "pick", "at the orchard"),
    ("cookies", "baked", "bake", "for the school fair"),
    ("shells", "collected", "collect", "on the beach"),
    ("stickers", "has", "have", "in a sticker album"),
    ("points", "scored", "score", "in the game"),
    ("pages", "read", "read", "this week"),
    ("tickets", "sold", "sell", "for the concert"),
    ("laps", "swam", "swim", "at practice"),
)
OPS = {1: (2, 2), 2: (3, 4), 3: (5, 6), 4: (7, 9), 5: (10, 12)}
DISTRACTORS = {4: 1, 5: 2}
FRACTION_WORDS = {2: "half", 3: "a third", 4: "a quarter"}


@dataclass(frozen=True, slots=True)
class WordProblemConfig(TaskConfig):
    """The level sets the number of operations and of irrelevant facts."""

    max_value: int = 1000
    """Largest amount anyone may have (keeps the numbers everyday)."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if not isinstance(self.max_value, int) or self.max_value < 50:
            raise ConfigError(f"max_value must be an integer of at least 50, got {self.max_value!r}")


class _Story:
    """Quantities and the sentences that state them, built together."""

    def __init__(self, rng: random.Random, setting: tuple[str, str, str, str]) -> None:
        self.rng = rng
        self.things, self.verb, self.base, self.where = setting
        self.quantities: list[Quantity] = []
        self.sentences: list[str] = []
        self.names = list(rng.sample(NAMES, 20))

    def add(self, op: str, args: tuple, label: str, sentence: str | None) -> str:
        qid = f"q{len(self.quantities) + 1}"
        self.quantities.append(Quantity(qid, op, args, label))
        if sentence:
            self.sentences.append(sentence)
        return qid

    def person(self, value: int) -> tuple[str, str]:
        name = self.names.pop()
        sentence = f"{name} {self.verb} {value} {self.things} {self.where}."
        return name, self.add("given", (value,), f"{name}'s {self.things}", sentence)

    def relate(self, source: tuple[str, str]) -> tuple[tuple[str, str], int]:
        """A new person defined from ``source``; returns them and the operations used."""
        rng, (src_name, src) = self.rng, source
        name = self.names.pop()
        label = f"{name}'s {self.things}"
        kind = rng.choice(["times", "more", "fewer", "share", "compound"])
        k = rng.randint(2, 4) if kind in ("times", "share", "compound") else rng.randint(3, 25)
        if kind == "times":
            amount = "twice" if k == 2 else f"{k} times"
            sentence = rng.choice([f"{name} {self.verb} {amount} as many {self.things} as {src_name}.", f"{name} {self.verb} {amount} the number {src_name} {'does' if self.verb == 'has' else 'did'}."])
            return (name, self.add("*", (k, src), label, sentence)), 1
        if kind == "more":
            return (name, self.add("+", (src, k), label, f"{name} {self.verb} {k} more {self.things} than {src_name}.")), 1
        if kind == "fewer":
            return (name, self.add("-", (src, k), label, f"{name} {self.verb} {k} fewer {self.things} than {src_name}.")), 1
        if kind == "share":
            return (name, self.add("/", (src, k), label, f"{name} {self.verb} {FRACTION_WORDS[k]} as many {self.things} as {src_name}.")), 1
        extra = rng.randint(2, 15)
        amount = "twice" if k == 2 else f"{k} times"
        sentence = f"{name} {self.verb} {extra} more than {amount} as many {self.things} as {src_name}."
        middle = self.add("*", (k, src), f"{amount} {src_name}'s {self.things}", None)
        return (name, self.add("+", (middle, extra), label, sentence)), 2

    def combined(self, a: tuple[str, str], b: tuple[str, str]) -> tuple[str, str]:
        name = self.names.pop()
        sentence = f"{name} {self.verb} as many {self.things} as {a[0]} and {b[0]} combined."
        return name, self.add("+", (a[1], b[1]), f"{name}'s {self.things}", sentence)


class WordProblemGenerator(Generator):
    name = "word_problem"
    version = 2
    domain = "math"
    space = "quantities"
    verifier = "math"
    config_cls = WordProblemConfig

    def build(self, rng: random.Random) -> Draft:
        level = self.config.level
        while True:
            draft = self._attempt(rng, level)
            if draft is not None:
                return draft

    def _attempt(self, rng: random.Random, level: int) -> Draft | None:
        story = _Story(rng, rng.choice(SETTINGS))
        target_ops = rng.randint(*OPS[level])
        ask_ops = 1 if target_ops <= 3 else rng.choice([1, 2])
        people = [story.person(rng.randint(4, 40))]
        used = 0
        while used < target_ops - ask_ops:
            if used + 1 <= target_ops - ask_ops - 1 and len(people) >= 2 and rng.random() < 0.2:
                people.append(story.combined(people[-1], people[rng.randrange(len(people) - 1)]))
                used += 1
                continue
            new, cost = story.relate(people[-1])
            if used + cost > target_ops - ask_ops:
                return None
            people.append(new)
            used += cost
        asked = [people[-1]] + rng.sample(people[:-1], min(ask_ops, len(people) - 1))
        if len(asked) < ask_ops + 1:
            return None
        distractors = DISTRACTORS.get(level, 0)
        for _ in range(distractors):
            story.relate(rng.choice(people))
        question, target = self._ask(story, asked, rng)
        values = evaluate(story.quantities)
        if any(v.denominator != 1 or v <= 0 or v > self.config.max_value for v in values.values()):  # type: ignore[attr-defined]
            return None
        if len(needed(story.quantities, target)) != target_ops:
            return None
        sentences = story.sentences
        if distractors:  # irrelevant facts go anywhere after the first sentence
            body, noise = sentences[: len(sentences) - distractors], sentences[len(sentences) - distractors :]
            for sentence in noise:
                body.insert(rng.randint(1, len(body)), sentence)
            sentences = body
        return Draft(
            question=" ".join(sentences) + " " + question,
            answer=answer_latex(fraction_text(values[target]), "value"),
            payload={"answer_sympy": fraction_text(values[target]), "check": "quantities", "answer_kind": "value", "quantities": to_json(story.quantities), "target": target},
            metadata={"operations": target_ops, "distractors": distractors, "setting": story.things},
        )

    @staticmethod
    def _ask(story: _Story, asked: list[tuple[str, str]], rng: random.Random) -> tuple[str, str]:
        aux = "do" if story.verb == "has" else "did"
        if len(asked) == 2 and rng.random() < 0.4:
            (a, qa), (b, qb) = asked
            values = evaluate(story.quantities)
            if values[qa] < values[qb]:
                (a, qa), (b, qb) = (b, qb), (a, qa)
            target = story.add("-", (qa, qb), f"the difference between {a}'s and {b}'s {story.things}", None)
            verb = story.verb if story.verb != "has" else "have"
            return f"How many more {story.things} {aux if aux == 'did' else 'does'} {a} {story.base if aux == 'did' else verb} than {b}?", target
        total = asked[0][1]
        for i, (_, q) in enumerate(asked[1:], start=1):
            names = [n for n, _ in asked[: i + 1]]
            together = ", ".join(names[:-1]) + f" and {names[-1]}"
            total = story.add("+", (total, q), f"{together} together", None)
        names = [n for n, _ in asked]
        listed = ", ".join(names[:-1]) + f" and {names[-1]}"
        return f"How many {story.things} {aux} {listed} {story.base} altogether?", total

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        return str(int(problem.data()["answer_sympy"]) + rng.choice([1, -1, 2, 10]))


TASKS.register("word_problem", WordProblemGenerator)
