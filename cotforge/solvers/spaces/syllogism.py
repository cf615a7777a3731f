"""Step space for syllogisms: the Venn-region method, one premise at a time, then the conclusion.

Universal premises first: each rules out ("empties") the regions it forbids. Then each particular
premise places a "something" in the regions it allows that are not yet ruled out; when only one is
left, the step says exactly what that thing is. Last, the conclusion: a universal one follows when
every region it forbids is already empty; a particular one when some placed "something" lies inside
it; otherwise the step names a situation that keeps the premises true and the conclusion false.
Wrong moves: converting a universal premise ("All A are B, so all B are A") and a verdict flipped.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, replace

from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.domains.syllogism import Categorical, region_name, satisfiable


@dataclass(frozen=True, slots=True)
class SyllogismState:
    empty: frozenset[int] = frozenset()
    some: tuple[frozenset[int], ...] = ()
    used: frozenset[int] = frozenset()
    verdict: bool | None = None
    slipped: bool = False


def statements_of(data: dict) -> tuple[list[str], list[Categorical], Categorical, list[str]]:
    """Terms, premises plus existence facts, conclusion, and each statement's words."""
    terms = [str(t) for t in data["terms"]]
    premises = [Categorical(str(q), int(s), int(p)) for q, s, p in data["premises"]]
    said = [f'premise {i + 1} ("{p.english(terms)}")' for i, p in enumerate(premises)]
    if data.get("existential"):
        premises += [Categorical("I", t, t) for t in range(len(terms))]
        said += [f"the assumption that there are {t}" for t in terms]
    q, s, p = data["conclusion"]
    return terms, premises, Categorical(str(q), int(s), int(p)), said


class SyllogismSpace(Space[SyllogismState]):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.terms, self.statements, self.conclusion, self.said = statements_of(problem.data())
        self.k = len(self.terms)

    def root(self) -> SyllogismState:
        return SyllogismState()

    def is_terminal(self, state: SyllogismState) -> bool:
        return state.verdict is not None

    def answer(self, state: SyllogismState) -> str | None:
        return None if state.verdict is None else ("valid" if state.verdict else "invalid")

    def heuristic(self, state: SyllogismState) -> float:
        return float(len(self.statements) - len(state.used) + 1)

    def _open(self, state: SyllogismState) -> list[int]:
        left = [i for i in range(len(self.statements)) if i not in state.used]
        universal = [i for i in left if self.statements[i].universal]
        return universal or left

    def _apply(self, state: SyllogismState, i: int) -> tuple[SyllogismState, str]:
        st = self.statements[i]
        regions = st.regions(self.k)
        s, p = self.terms[st.subj], self.terms[st.pred]
        if st.universal:
            what = f"nothing is {s} without being {p}" if st.quant == "A" else f"nothing is both {s} and {p}"
            return replace(state, empty=state.empty | regions, used=state.used | {i}), f"By {self.said[i]}, {what}."
        left = regions - state.empty
        what = f"there is at least one of the {s}" if st.subj == st.pred else f"something is {s} and {'' if st.quant == 'I' else 'not '}{p}"
        text = f"By {self.said[i]}, {what}."
        if len(left) == 1 and len(regions) > 1:
            text += f" Everything else it could be is ruled out above, so it is: {region_name(next(iter(left)), self.terms)}."
        return replace(state, some=state.some + (frozenset(left),), used=state.used | {i}), text

    def _judge(self, state: SyllogismState) -> tuple[bool, str]:
        c = self.conclusion
        regions = c.regions(self.k)
        claim = f'The conclusion "{c.english(self.terms)}"'
        if c.universal:
            missing = sorted(regions - state.empty)
            if not missing:
                s, p = self.terms[c.subj], self.terms[c.pred]
                need = f"{s} without being {p}" if c.quant == "A" else f"both {s} and {p}"
                return True, f"{claim} needs nothing to be {need}, and every case of that is ruled out above. It follows: valid."
            where = region_name(missing[0], self.terms)
            return False, (f"{claim} needs nothing to be {where}, but no premise rules that out: a situation with such a "
                           "thing, and one thing for each 'some', makes every premise true and the conclusion false. Invalid.")  # fmt: skip
        inside = next((w for w in state.some if w and w <= regions), None)
        if inside is not None:
            return True, f"{claim} holds because the something placed above is inside it. It follows: valid."
        return False, (f"{claim} needs something in a region no premise forces to be occupied: leave all of those empty "
                       "and every premise can still be true, so the conclusion can be false. Invalid.")  # fmt: skip

    def propose(self, state: SyllogismState, k: int) -> list[Move]:
        if self.is_terminal(state):
            return []
        todo = self._open(state)
        if not todo:
            verdict, text = self._judge(state)
            return [self._step(replace(state, verdict=verdict), f"{text} Answer: {'valid' if verdict else 'invalid'}", "answer")]
        return [self._step(*self._apply(state, i), "deduce") for i in todo[:k]]

    def propose_wrong(self, state: SyllogismState, k: int, rng: random.Random) -> list[Move]:
        if self.is_terminal(state) or state.slipped:
            return []
        todo = self._open(state)
        if not todo:
            verdict, _ = self._judge(state)
            flip = "valid" if not verdict else "invalid"
            text = f"The conclusion looks like what the premises say, so it should hold. Answer: {flip}" if not verdict else \
                "The premises do not mention the conclusion's pair directly, so it need not hold. Answer: invalid"
            return [self._step(replace(state, verdict=not verdict, slipped=True), text, "answer", wrong=True)]
        out = []
        for i in todo:
            st = self.statements[i]
            if st.quant != "A" or st.subj == st.pred:
                continue
            converse = Categorical("A", st.pred, st.subj)
            bad = converse.regions(self.k) - state.empty
            if bad and satisfiable(self.statements, self.k, occupied=[frozenset({min(bad)})]):
                nxt = replace(state, empty=state.empty | converse.regions(self.k), used=state.used | {i}, slipped=True)
                s, p = self.terms[st.subj], self.terms[st.pred]
                text = f"By {self.said[i]}, all {p} are {s} as well, so nothing is {p} without being {s}."
                out.append(self._step(nxt, text, "deduce", wrong=True))
        return out[:k]

    def _step(self, state: SyllogismState, text: str, kind: str, wrong: bool = False) -> Move:
        body = {"empty": sorted(state.empty), "some": [sorted(w) for w in state.some]}
        return Move(Step(text=text, state=json.dumps(body), kind=kind, intended_wrong=wrong), state)


SPACES.register("syllogism", SyllogismSpace)
