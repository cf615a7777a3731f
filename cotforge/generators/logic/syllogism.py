"""Categorical syllogisms and sorites: does the conclusion follow from the premises, and why?

The answer is never one of two words: a valid argument's answer gives its form (the mood and
figure of a two-premise syllogism, "valid: AAA-1"; for a longer chain, the order in which the
premises link the conclusion's subject to its predicate, "valid: premises in the order 3, 1, 2"),
an invalid one's every traditional rule it breaks ("invalid: undistributed middle; illicit
major"). The payload's ``explain: "form"`` says so; ``cotforge.domains.syllogism.explanation``
gives what must be named.

Levels: 1 → two premises in the first figure; 2 → two premises in any figure; 3 → any figure, and
every group named is said to have members (existential import, so forms like Darapti hold);
4 → a chain of three premises over four terms; 5 → four premises over five terms; the premises of
levels 4 and 5 are listed in a random order.
Validity is decided model-theoretically (cotforge.domains.syllogism): the conclusion must hold in every
model of the premises. Valid and invalid items are drawn half and half.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.domains.syllogism import RULES, Categorical, explanation, explanation_text, valid
from cotforge.core.task import Draft, Generator, TaskConfig

TERMS = (
    "poets", "bakers", "artists", "runners", "doctors", "gardeners", "singers", "teachers", "pilots",
    "painters", "swimmers", "lawyers", "farmers", "dancers", "chess players", "musicians", "sailors",
    "engineers", "cyclists", "writers", "climbers", "chefs", "scientists", "actors",
)  # fmt: skip
_SHAPES = {1: (3, True, False), 2: (3, False, False), 3: (3, False, True), 4: (4, False, False), 5: (5, False, False)}
"""Terms, first figure only, existential import."""


@dataclass(frozen=True, slots=True)
class SyllogismConfig(TaskConfig):
    """Level sets the number of terms (3 to 5), the figures allowed and existential import."""

    max_attempts: int = 20_000
    """Random arguments tried to find one of the wanted validity (valid long chains are rare)."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise ConfigError(f"max_attempts must be a positive integer, got {self.max_attempts!r}")


class SyllogismGenerator(Generator[SyllogismConfig]):
    name = "syllogism"
    version = 3
    """Version 2: the answer names the form (mood and figure, or the chain's order) or every broken
    rule, and level 4's premises are shuffled too (valid/invalid alone: a constant earned 57%).
    Version 3: the solution names the major, minor and middle terms, the major and minor premise and the
    figure in a step before its verdict (every row changes; the version is in the item hash, so the items
    are drawn anew)."""
    domain = "logic"
    space = "syllogism"
    verifier = "syllogism"
    config_cls = SyllogismConfig

    def build(self, rng: random.Random) -> Draft:
        config = self.config
        k, first_figure, existential = _SHAPES[config.level]
        want = rng.random() < 0.5
        terms = rng.sample(TERMS, k)
        for attempt in range(1, config.max_attempts + 1):
            premises = _chain(rng, k, first_figure, want)
            conclusion = Categorical(rng.choice("AEIO"), 0, k - 1)
            if valid(premises, conclusion, k, existential) == want:
                if config.level >= 4:
                    rng.shuffle(premises)
                return _draft(terms, premises, conclusion, existential, want, config.level, attempt,
                              rng.randrange(len(INTROS)))
        raise RuntimeError(f"no syllogism in {config.max_attempts} attempts")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        return "invalid: undistributed middle" if problem.answer.startswith("valid") else "valid: AAA-1"


def _chain(rng: random.Random, k: int, first_figure: bool, want_valid: bool) -> list[Categorical]:
    """Premises linking term 0 (subject of the conclusion) through middles to term k-1 (its predicate)."""
    out = []
    for i in range(k - 1):
        a, b = i, i + 1  # link between consecutive terms of the chain
        quant = rng.choice("AAEI" if want_valid else "AEIO")
        if first_figure:
            s, p = (a, b)  # S-M for the minor; M-P for the major, in figure 1 order
        else:
            s, p = (a, b) if rng.random() < 0.5 else (b, a)
        out.append(Categorical(quant, s, p))
    return out[::-1]  # major premise first, as tradition writes it


INTROS = (
    "Decide whether the conclusion follows from the premises: is it true in every situation where all the "
    "premises are true? {assume}",
    "Here is an argument. Does its conclusion have to be true whenever its premises are? {assume}",
    "Judge this argument: is there any situation where every premise holds and the conclusion does not? {assume}",
)
"""How a question opens (the premises, conclusion and what to answer follow in fixed words)."""


def _draft(terms: list[str], premises: list[Categorical], conclusion: Categorical, existential: bool,
           answer: bool, level: int, attempts: int, intro: int = 0) -> Draft:  # fmt: skip
    lines = [f"Premise {i + 1}: {p.english(terms)}." for i, p in enumerate(premises)]
    assume = (
        f"Assume that there are some {', '.join(terms[:-1])} and {terms[-1]}." if existential
        else '"All X are Y" does not by itself mean that any X exist.'
    )
    form = ("its mood and figure, written like AAA-1 (the letters A, E, I, O of the major premise, the minor "
            "premise and the conclusion, then the figure 1-4)" if len(premises) == 2 else
            "the order in which the premises link the conclusion's subject to its predicate, like "
            "\"premises in the order 2, 3, 1\"")  # fmt: skip
    question = (
        INTROS[intro].format(assume=assume) + "\n\n" + "\n".join(lines)
        + f"\nConclusion: {conclusion.english(terms)}.\n\n"
        + f"If it follows, answer \"valid\" and give {form}. If it does not, answer \"invalid\" and name every "
        + f"rule it breaks, from: {'; '.join(RULES)}."
    )
    payload = {
        "terms": terms,
        "premises": [[p.quant, p.subj, p.pred] for p in premises],
        "conclusion": [conclusion.quant, conclusion.subj, conclusion.pred],
        "existential": existential,
        "explain": "form",
    }
    meta = {"level": level, "terms": len(terms), "attempts": attempts, "intro": intro,
            "mood": "".join(p.quant for p in premises) + conclusion.quant}  # fmt: skip
    expl = explanation(payload)
    if expl["valid"] != answer:
        raise RuntimeError("the rules and the models disagree on validity")  # the tests rule this out on every form
    gold = explanation_text(expl)
    return Draft(question=question, answer=gold, payload=payload, metadata=meta)


TASKS.register("syllogism", SyllogismGenerator)
