"""Verifier for syllogisms: the answer's verdict against validity decided over all models.

Validity comes from cotforge.domains.syllogism (the conclusion true in every model of the premises),
never from the stored answer. The verdict is read with its negations and hedges ("isn't valid",
"does not necessarily follow", "Valid: no"); "Yes"/"No" alone answer "does it follow?" (a
generator that asks the inverse question records ``"yes_means": "invalid"`` in the payload); an
answer that says both is unreadable. Each step's claims are checked the same way as the verdict:
a region said to be empty must be empty in every model of the premises, a "something" must exist
in every model.
"""

from __future__ import annotations

from collections.abc import Sequence

from cotforge.core.records import Problem, Step, Verdict
from cotforge.core.registry import VERIFIERS
from cotforge.domains.syllogism import Categorical, satisfiable, valid
from cotforge.verifiers.base import Verifier
from cotforge.verifiers._readers import BAD_PAYLOAD, AnswerError, loads_json, one_claim, payload, read_final

VERDICT_WORDS = {"valid": True, "invalid": False, "follows": True, "follow": True, "followed": True,
                 "entailed": True, "fallacious": False, "a fallacy": False, "non sequitur": False,
                 }  # fmt: skip
"""What each word claims about the argument; negations ("isn't valid", "does not follow") flip it."""


def read_verdict(text: str, yes_means_valid: bool = True) -> bool:
    """The answer's one verdict: True for valid. "Yes"/"No" alone answer "does it follow?".

    Raises AnswerError when there is none, or when the answer says both ("It is valid. No wait,
    it is invalid.")."""
    yes_no = (yes_means_valid, not yes_means_valid)
    return read_final(text, lambda part: one_claim(part, VERDICT_WORDS, "valid or invalid", yes_no))


class SyllogismVerifier(Verifier):
    name = "syllogism"

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        try:
            terms, premises, conclusion = _read(problem)
        except BAD_PAYLOAD as e:
            return Verdict.error(f"bad syllogism payload: {e}")
        if not isinstance(answer, str) or not answer.strip():
            return Verdict.unreadable("no answer")
        try:
            said = read_verdict(answer, str(payload(problem).get("yes_means", "valid")) != "invalid")
        except AnswerError as e:
            return Verdict.unreadable(str(e))
        truth = valid(premises, conclusion, len(terms))
        if said != truth:
            return Verdict.reject(f"the argument is {'valid' if truth else 'invalid'}")
        return Verdict.accept("valid" if truth else "invalid: a model of the premises breaks the conclusion")

    def check_steps(self, problem: Problem, steps: Sequence[Step]) -> list[bool | None]:
        try:
            terms, premises, _ = _read(problem)
        except BAD_PAYLOAD:
            return [None] * len(steps)
        k = len(terms)
        out: list[bool | None] = []
        for step in steps:
            if step.kind == "answer":
                out.append(self.verify(problem, step.text).accepted)
                continue
            try:
                body = loads_json(step.state)
                empty, some = [int(r) for r in body["empty"]], [frozenset(map(int, w)) for w in body["some"]]
            except BAD_PAYLOAD:
                out.append(None)
                continue
            forced_empty = all(not satisfiable(premises, k, occupied=[frozenset({r})]) for r in empty)
            forced_some = all(not satisfiable(premises, k, empty=w) for w in some)
            out.append(forced_empty and forced_some)
        return out


def _read(problem: Problem) -> tuple[list[str], list[Categorical], Categorical]:
    """Terms, premises (with existence facts when the puzzle assumes them) and conclusion."""
    data = payload(problem)
    terms = [str(t) for t in data["terms"]]
    premises = [Categorical(str(q), int(s), int(p)) for q, s, p in data["premises"]]
    if data.get("existential"):
        premises += [Categorical("I", t, t) for t in range(len(terms))]
    q, s, p = data["conclusion"]
    conclusion = Categorical(str(q), int(s), int(p))
    for c in [*premises, conclusion]:
        if c.quant not in ("A", "E", "I", "O") or not (0 <= c.subj < len(terms) and 0 <= c.pred < len(terms)):
            raise ValueError(f"a statement names no term of the argument or a quantifier other than A/E/I/O: {c}")
    return terms, premises, conclusion


VERIFIERS.register("syllogism", SyllogismVerifier())
