"""The language-model step space: a state is the steps so far; a move is one sampled step.

A step is the model's text up to the step delimiter (default a blank line). A step
that states a final answer ("Final answer: ...", ``\\boxed{}``) ends the chain, and so does the
model ending its turn (its answer is then read from the whole chain); the search's reward (the
task's verifier against the gold answer) decides if it is right. A chain whose answer is a number
copied from the question, derived by no step, states no answer (``steps.copied_answer``).

A move's prior is the step's probability per token (exp of the mean token log-probability), so
a long useful step is not sunk below a short one by its length; None where the backend reports none.
"""

from __future__ import annotations

import hashlib
import json
import math
import string
from dataclasses import dataclass

from cotforge.core.answers import FINAL_MARKERS, extract_answer, final_answer
from cotforge.core.errors import ConfigError
from cotforge.core.ledger import Ledger
from cotforge.core.records import Problem, Step
from cotforge.core.space import Move, Space
from cotforge.solvers.lm.backends import Backend, Prompt
from cotforge.solvers.lm.steps import copied_answer

__all__ = ["DEFAULT_TEMPLATE", "HINTS", "LMSettings", "LMSpace", "Ledger", "check_template"]

DEFAULT_TEMPLATE = "{question}\n\n{hint}"

HINTS = {
    "math": "Reason step by step, one step per paragraph, and end with 'Final answer: ...'.",
    "code": "Trace what the code does step by step, one step per paragraph, and end with 'Final answer: ...' giving the exact output.",
    "logic": "Reason step by step, one deduction per paragraph, and end with 'Final answer: ...'.",
}
"""How to state the answer, per domain (``{hint}`` in the template); other domains get the math one."""


def check_template(template: str, where: str = "") -> str:
    """``template`` if it can be filled with ``{question}`` and ``{hint}``; else a ConfigError (prefixed by ``where``)."""
    at = f"{where}: " if where else ""
    try:
        parsed = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise ConfigError(f"{at}not a valid prompt template ({exc}); write literal braces as {{{{ and }}}}") from None
    fields = {name for name, _, _ in parsed}
    if any(spec or conv or not name.isidentifier() for name, spec, conv in parsed):  # {question:>999999999} pads to gigabytes
        raise ConfigError(f"{at}only plain {{question}} and {{hint}} placeholders are allowed in the prompt template (no :format or !conversion)")
    if "question" not in fields:
        raise ConfigError(f"{at}the prompt template has no {{question}} placeholder, so the model would never see the question")
    unknown = sorted(fields - {"question", "hint"})
    if unknown:
        raise ConfigError(f"{at}unknown placeholder(s) {', '.join('{' + u + '}' for u in unknown)} in the prompt template "
                          "(only {question} and {hint}; write literal braces as {{ and }})")
    return template


@dataclass(frozen=True, slots=True)
class LMSettings:
    delimiter: str = "\n\n"
    max_steps: int = 12
    """A chain that reaches this many steps without an answer is a dead end."""
    max_step_tokens: int = 128
    template: str = DEFAULT_TEMPLATE
    """Prompt template; ``{question}`` and ``{hint}`` (how to state the answer) are filled in."""
    hint: str | None = None
    """How to state the answer; None: the problem's domain's entry in ``HINTS``."""

    def __post_init__(self) -> None:
        check_template(self.template)
        if not self.delimiter:
            raise ConfigError("the step delimiter must not be empty")


class LMSpace(Space[tuple[str, ...]]):
    sampled = True
    """Proposals are samples that cost tokens (searches ask for as many as they will use)."""

    def __init__(self, problem: Problem, backend: Backend, settings: LMSettings = LMSettings(), seed: int = 0) -> None:
        super().__init__(problem)
        self.backend = backend
        self.settings = settings
        self.seed = seed
        self.ledger = Ledger()
        hint = settings.hint if settings.hint is not None else HINTS.get(problem.domain, HINTS["math"])
        self.user = settings.template.format(question=problem.question, hint=hint)
        self.ended: set[tuple[str, ...]] = set()
        """Chains after which the model ended its turn."""
        self.copied = 0
        """Chains refused because their answer was copied from the question."""

    @property
    def prompt(self) -> str:
        """The prompt text the model sees before its first step (rendered by the backend)."""
        return self.backend.text_of(Prompt(self.user))

    def root(self) -> tuple[str, ...]:
        return ()

    def _seed(self, state: tuple[str, ...]) -> int:
        key = json.dumps([self.seed, self.problem.uid, list(state)]).encode()
        return int.from_bytes(hashlib.blake2b(key, digest_size=4).digest(), "big")

    def propose(self, state: tuple[str, ...], k: int) -> list[Move]:
        d = self.settings.delimiter
        prompt = Prompt(self.user, "".join(step + d for step in state))
        samples = self.backend.sample(prompt, k, stop=[d], max_tokens=self.settings.max_step_tokens, seed=self._seed(state))
        self.ledger.calls += 1
        self.ledger.tokens += sum(s.tokens for s in samples)
        moves, seen = [], set()
        for sample in samples:
            text = sample.text.strip()
            if not text or text in seen:
                continue
            seen.add(text)
            mean = sample.mean_logprob
            prior = math.exp(mean) if mean is not None else None
            step = Step(text=text, state=json.dumps({"step": len(state) + 1}), kind="lm_step")
            if sample.finished:
                self.ended.add(state + (text,))
            moves.append(Move(step=step, next_state=state + (text,), prior=prior))
        return moves

    def _final(self, text: str) -> bool:
        low = text.lower()
        return any(marker in low for marker in FINAL_MARKERS)

    def is_terminal(self, state: tuple[str, ...]) -> bool:
        return bool(state) and (self._final(state[-1]) or state in self.ended or len(state) >= self.settings.max_steps)

    def answer(self, state: tuple[str, ...]) -> str | None:
        if not state:
            return None
        if self._final(state[-1]):
            answer: str | None = extract_answer(state[-1])
        elif state in self.ended:  # the turn ended: read the chain as a whole, an explicit statement only
            found = final_answer(self.settings.delimiter.join(state))
            answer = found.text if found is not None and found.explicit else None
        else:
            return None
        if copied_answer(self.problem.question, state, answer):
            self.copied += 1
            return None
        return answer or None

    def heuristic(self, state: tuple[str, ...]) -> float:
        return 0.0
