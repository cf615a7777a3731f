"""Search over a language model's steps is fair: a scripted backend (no model) whose useful step
is long. Priors are per token, so length alone does not sink a step; best-first follows the model's
scores; best-of-N pays only for what it samples; MCTS stops when it has solved; a chain whose answer
is copied from the question is no answer."""

from __future__ import annotations

import math
import random
import zlib
from collections.abc import Sequence

import pytest

from cotforge.core.records import Problem
from cotforge.core.registry import SEARCHES
from cotforge.solvers.lm.backends import Backend, Prompt, Request, Sample
from cotforge.solvers.lm.space import LMSettings, LMSpace
from cotforge.solvers.search.base import Budget

USEFUL = "First add the two numbers together carefully, keeping every digit in its column: 2 + 3 = 5."
USEFUL_TOKENS = 24


class ScriptedBackend(Backend):
    """At the start: the long useful step (24 tokens at -0.1 each) one time in four, else a short
    "Hmm." (2 tokens at -0.4 each); after the useful step, the answer; after "Hmm.", more of the same."""

    def __init__(self) -> None:
        self.tokens = 0

    def sample_batch(self, requests: Sequence[Request]) -> list[list[Sample]]:
        out = []
        for r in requests:
            prefix = r.prompt.prefix if isinstance(r.prompt, Prompt) else r.prompt
            samples = []
            for j in range(r.n):
                rng = random.Random(zlib.crc32(f"{prefix}|{r.seed}|{j}".encode()))
                if USEFUL in prefix:
                    samples.append(Sample("Final answer: 5", 4, -0.4))
                elif rng.random() < 0.25:
                    samples.append(Sample(USEFUL, USEFUL_TOKENS, -0.1 * USEFUL_TOKENS))
                else:
                    samples.append(Sample("Hmm." if rng.random() < 0.5 else "Hmm, wait.", 2, -0.8))
            self.tokens += sum(s.tokens for s in samples)
            out.append(samples)
        return out


def problem(index: int) -> Problem:
    return Problem(task="t", task_version=1, domain="math", level=1, seed=0, index=index, question="What is 2 + 3?",
                   answer="5", payload="{}", space="lm", verifier="math", metadata="{}")


SUM_PRIOR = {USEFUL: math.exp(-0.1 * USEFUL_TOKENS), "Hmm.": math.exp(-0.8), "Hmm, wait.": math.exp(-0.8), "Final answer: 5": math.exp(-0.4)}
"""The step probabilities as exp(sum of token log-probabilities): what the priors were before."""


def solve(algorithm: str, index: int, budget: Budget, priors: str = "mean") -> tuple[bool, LMSpace]:
    space = LMSpace(problem(index), ScriptedBackend(), LMSettings(max_steps=4), seed=index)
    if priors != "mean":
        propose = space.propose
        other = (lambda m: None) if priors == "none" else (lambda m: SUM_PRIOR[m.step.text])
        space.propose = lambda state, k: [m.__class__(m.step, m.next_state, other(m)) for m in propose(state, k)]  # type: ignore[method-assign]
    result = SEARCHES.get(algorithm)(space, lambda a: float(a == "5"), budget, random.Random(index))
    return result.solved, space


def test_a_long_useful_step_is_not_sunk_by_its_length() -> None:
    space = LMSpace(problem(0), ScriptedBackend(), LMSettings(), seed=0)
    moves = {m.step.text: m.prior for m in space.propose((), 16)}
    assert moves[USEFUL] > moves["Hmm."]  # per token: 0.90 against 0.67 (as exp(sum): 0.09 against 0.45)
    budget = Budget(max_expansions=6, branching=4)
    solved = {priors: sum(solve("mcts", i, budget, priors)[0] for i in range(40)) for priors in ("mean", "none", "sum")}
    assert solved["mean"] >= solved["none"] > solved["sum"] and solved["mean"] >= 34  # seen: 37, 34, 18 of 40


def test_best_first_follows_the_models_scores_not_the_depth() -> None:
    solved, space = solve("best_first", 1, Budget(max_expansions=3, branching=8))
    assert solved  # expands the useful step's node next (breadth-first would expand every "Hmm." first)


def test_best_of_n_is_charged_only_for_what_it_samples() -> None:
    budget = Budget(max_expansions=40, branching=8, stop_at_first=False)
    space = LMSpace(problem(2), ScriptedBackend(), LMSettings(max_steps=4), seed=2)
    result = SEARCHES.get("best_of_n")(space, lambda a: float(a == "5"), budget, random.Random(2))
    kept = sum(n.step is not None for n in result.nodes)
    assert space.ledger.calls == result.expansions
    assert space.backend.tokens == space.ledger.tokens  # type: ignore[attr-defined]
    # one sample per call: every sampled step is a node of the tree (or the same text reached again)
    assert kept <= space.ledger.calls and space.ledger.tokens <= result.expansions * USEFUL_TOKENS


@pytest.mark.parametrize("algorithm", ["mcts", "best_first", "beam", "best_of_n"])
def test_the_search_stops_at_its_first_verified_answer(algorithm: str) -> None:
    for index in range(10):
        space = LMSpace(problem(index), ScriptedBackend(), LMSettings(max_steps=4), seed=index)
        result = SEARCHES.get(algorithm)(space, lambda a: float(a == "5"), Budget(max_expansions=30, branching=4), random.Random(index))
        if result.solved:
            assert result.ledger.at_solution is not None
            assert result.expansions == result.solved_at and space.ledger.tokens == result.ledger.at_solution.tokens


class CopyingBackend(Backend):
    def __init__(self, steps: list[str]) -> None:
        self.steps = steps

    def sample_batch(self, requests: Sequence[Request]) -> list[list[Sample]]:
        return [[Sample(self.steps[r.prompt.prefix.count("\n\n")], 3, -1.0)] * r.n for r in requests]  # type: ignore[union-attr]


COOKIES = "Gia baked 11 more cookies than Maya. Maya baked 4. How many more cookies did Gia bake than Maya?"


@pytest.mark.parametrize(("steps", "copied"), [
    (["Gia baked cookies.", "Final answer: 11"], True),
    (["Maya baked 4 cookies.", "So the difference is 11.", "Final answer: 11"], True),
    (["Gia baked 4 + 11 = 15 cookies.", "15 - 4 = 11", "Final answer: 11"], False),
])
def test_an_answer_copied_from_the_question_is_no_answer(steps: list[str], copied: bool) -> None:
    p = Problem(task="t", task_version=1, domain="math", level=1, seed=0, index=0, question=COOKIES, answer="11", payload="{}",
                space="lm", verifier="math", metadata="{}")
    space = LMSpace(p, CopyingBackend(steps), LMSettings(max_steps=5))
    result = SEARCHES.get("best_of_n")(space, lambda a: float(a == "11"), Budget(max_expansions=len(steps)), random.Random(0))
    assert result.solved is not copied and space.copied == int(copied)
