"""The language-model step space: a state is the steps so far; a move is one sampled step.

A step is the model's text up to the step delimiter (default a blank line). A step
that states a final answer ("Final answer: ...", ``\\boxed{}``) ends the chain; the
search's reward (the task's verifier against the gold answer) decides if it is right.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field

from cotforge.core.answers import FINAL_MARKERS, extract_answer
from cotforge.core.records import Problem, Step
from cotforge.core.space import Move, Space
from cotforge.solvers.lm.backends import Backend

DEFAULT_TEMPLATE = "{question}\n\n{hint}"


@dataclass(frozen=True, slots=True)
class LMSettings:
    delimiter: str = "\n\n"
    max_steps: int = 12
    """A chain that reaches this many steps without an answer is a dead end."""
    max_step_tokens: int = 128
    template: str = DEFAULT_TEMPLATE
    """Prompt template; ``{question}`` and ``{hint}`` (how to state the answer) are filled in."""
    hint: str = "Reason step by step, one step per paragraph, and end with 'Final answer: ...'."


@dataclass
class Ledger:
    """What the search cost for one problem."""

    tokens: int = 0
    calls: int = 0
    tokens_at_solution: int | None = None
    extra: dict[str, float] = field(default_factory=dict)


class LMSpace(Space[tuple[str, ...]]):
    def __init__(self, problem: Problem, backend: Backend, settings: LMSettings = LMSettings(), seed: int = 0) -> None:
        super().__init__(problem)
        self.backend = backend
        self.settings = settings
        self.seed = seed
        self.ledger = Ledger()
        user = settings.template.format(question=problem.question, hint=settings.hint)
        self.prompt = backend.render(user)

    def root(self) -> tuple[str, ...]:
        return ()

    def _seed(self, state: tuple[str, ...]) -> int:
        key = json.dumps([self.seed, self.problem.uid, list(state)]).encode()
        return int.from_bytes(hashlib.blake2b(key, digest_size=4).digest(), "big")

    def propose(self, state: tuple[str, ...], k: int) -> list[Move]:
        d = self.settings.delimiter
        prompt = self.prompt + "".join(step + d for step in state)
        samples = self.backend.sample(prompt, k, stop=[d], max_tokens=self.settings.max_step_tokens, seed=self._seed(state))
        self.ledger.calls += 1
        self.ledger.tokens += sum(s.tokens for s in samples)
        moves, seen = [], set()
        for sample in samples:
            text = sample.text.strip()
            if not text or text in seen:
                continue
            seen.add(text)
            prior = math.exp(sample.logprob) if sample.logprob is not None else None
            step = Step(text=text, state=json.dumps({"step": len(state) + 1}), kind="lm_step")
            moves.append(Move(step=step, next_state=state + (text,), prior=prior))
        return moves

    def _final(self, text: str) -> bool:
        low = text.lower()
        return any(marker in low for marker in FINAL_MARKERS)

    def is_terminal(self, state: tuple[str, ...]) -> bool:
        return bool(state) and (self._final(state[-1]) or len(state) >= self.settings.max_steps)

    def answer(self, state: tuple[str, ...]) -> str | None:
        return extract_answer(state[-1]) if state and self._final(state[-1]) else None

    def heuristic(self, state: tuple[str, ...]) -> float:
        return 0.0
