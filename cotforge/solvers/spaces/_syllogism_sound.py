"""The sound half of syllogism's step space: the Venn-region method, one premise at a time, then the terms named,
then the conclusion.

Universal premises: each rules out ("empties") the regions it forbids. Then each particular
premise places a "something" in the regions it allows that are not yet ruled out; when only one is
left, the step says exactly what that thing is. Then the roles (``Roles``): the conclusion's predicate is the major
term, its subject the minor term, the rest the middle term(s); so the premise holding each is the major or minor
premise, and (two premises) where the middle term sits in them gives the figure. The form or the rules the answer
names are read off this naming, so a naming gone wrong carries on to a wrong form or a wrongly named rule.
Last, the conclusion: a universal one follows when
every region it forbids is already empty; a particular one when some placed "something" lies inside
it; otherwise the step names a situation that keeps the premises true and the conclusion false.
The answer then names what the question asks besides the verdict: the form of a valid argument
(mood and figure, or the order the premises chain in), or each rule an invalid one breaks, with the
term or premise that breaks it - of the premises as given, or as a slip read them (``SyllogismState.believed``),
so a wrong line's answer is written like a right one. The wrong moves are in ``syllogism``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace

from cotforge.core.memo import Memo
from cotforge.core.records import Problem, Step
from cotforge.core.space import Move, Space
from cotforge.domains.syllogism import RULES, Categorical, broken_rules, chain_order, distributes, explanation_text


_QUALITY = {"A": "E", "E": "A", "I": "O", "O": "I"}
"""A premise with its "not" missed or imagined."""


@dataclass(frozen=True, slots=True)
class Roles:
    """What the naming step names, as its solver read it: the term taken for the major term, the one taken for the
    minor (the conclusion's predicate and subject, when read right) and the figure of a two-premise argument (the
    middle term's places in the major and minor premise; None for a longer chain)."""

    major: int
    minor: int
    figure: int | None


FIGURES = {(True, False): 1, (False, False): 2, (True, True): 3, (False, True): 4}
"""The figure from (the middle term is the subject of the major premise, ... of the minor)."""


@dataclass(frozen=True, slots=True)
class SyllogismState:
    empty: frozenset[int] = frozenset()
    some: tuple[frozenset[int], ...] = ()
    used: frozenset[int] = frozenset()
    verdict: bool | None = None
    slipped: bool = False
    believed: tuple[Categorical, ...] = ()
    """The premises as a slip read them (a premise converted, or its "not" missed): the answer names the
    form or the broken rules of these; empty: the premises as given."""
    named: tuple[str, ...] = ()
    """(the explanation, the answer) of a verdict whose form was named wrong; empty: read off the premises."""
    roles: Roles | None = None
    """The terms, premises and figure as the naming step named them; None before that step."""


_FINALS: Memo[tuple[str, bool, tuple[Categorical, ...], Roles], tuple[str, str]] = Memo(50_000)
"""(the payload, the verdict, the premises as read, the roles as named) -> ``SoundSyllogismSpace._explained``."""


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


class SoundSyllogismSpace(Space[SyllogismState]):
    """The sound method; ``syllogism.SyllogismSpace`` adds the wrong moves."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        data = problem.data()
        self.terms, self.statements, self.conclusion, self.said = statements_of(data)
        self.k = len(self.terms)
        self.premises = [Categorical(str(q), int(s), int(p)) for q, s, p in data["premises"]]
        self.existential = bool(data.get("existential"))
        self.explain = data.get("explain") == "form"
        c = self.conclusion
        self._right = Roles(c.pred, c.subj, self._figure(Roles(c.pred, c.subj, None)))

    def root(self) -> SyllogismState:
        return SyllogismState()

    def is_terminal(self, state: SyllogismState) -> bool:
        return state.verdict is not None

    def answer(self, state: SyllogismState) -> str | None:
        if state.verdict is None:
            return None
        if state.named:
            return state.named[1]
        if not self.explain:
            return "valid" if state.verdict else "invalid"
        return self._final(state.verdict, self._premises(state), self._roles(state))[1]

    def _roles(self, state: SyllogismState) -> Roles:
        return state.roles or self.right_roles()

    def right_roles(self) -> Roles:
        """The roles read right: the conclusion's predicate the major term, its subject the minor."""
        return self._right

    def _middles(self) -> list[int]:
        return [t for t in range(self.k) if t not in (self.conclusion.subj, self.conclusion.pred)]

    def _places(self, roles: Roles) -> tuple[bool, bool]:
        """Whether the middle term is the subject of the major premise, and of the minor (``roles`` saying which is which)."""
        major, minor = self._major_minor(self.premises, roles)
        m = self._middles()[0]
        return major.subj == m, minor.subj == m

    def _figure(self, roles: Roles) -> int | None:
        """The figure the premises have with ``roles``; None unless two premises hold the major and the minor term
        one each, with one middle term between them (a chain, or a payload no generator writes)."""
        holding = [[st for st in self.premises if t in (st.subj, st.pred)] for t in (roles.major, roles.minor)]
        if len(self.premises) != 2 or len(self._middles()) != 1 or [len(h) for h in holding] != [1, 1] or holding[0] == holding[1]:
            return None
        return FIGURES[self._places(roles)]

    def _holding(self, term: int) -> str:
        """The number of the first premise that holds ``term`` ("?" where none does: a payload no generator writes)."""
        return next((str(i + 1) for i, st in enumerate(self.premises) if term in (st.subj, st.pred)), "?")

    def _name(self, state: SyllogismState, roles: Roles, places: tuple[bool, bool] | None = None) -> tuple[SyllogismState, str]:
        """The step before the verdict, naming ``roles``: the major, minor and middle terms, which premise is the major
        and which the minor, and (two premises) the middle term's ``places`` in them (as read; default: as they are)
        and the figure they give. What a slip changes (the figure, which premise is the major) comes first, so a
        search trace that quotes the step's opening to refute it quotes what differs."""
        c, t = self.conclusion, self.terms
        side = {c.pred: "predicate", c.subj: "subject"}
        major = f"premise {self._holding(roles.major)}, with the major term {t[roles.major]}, the conclusion's {side[roles.major]}"
        minor = f"premise {self._holding(roles.minor)}, with the minor term {t[roles.minor]}, the conclusion's {side[roles.minor]}"
        middles = [t[m] for m in self._middles()]
        if len(middles) == 1 and roles.figure is not None:
            places = places or self._places(roles)
            where = lambda subject: "subject" if subject else "predicate"  # noqa: E731
            text = (f"The argument's figure is {roles.figure}: the middle term {middles[0]} is the {where(places[0])} of "
                    f"the major premise ({major}) and the {where(places[1])} of the minor ({minor}).")  # fmt: skip
        else:  # a chain (or premises that hold no figure): its middle terms, its major and minor premise
            said = middles[0] if len(middles) == 1 else f"{', '.join(middles[:-1])} and {middles[-1]}"
            text = (f"The major premise is {major}; the minor premise is {minor}; {said}, "
                    f"{'in both premises, is the middle term' if len(middles) == 1 else 'each in two premises, are the middle terms'}.")  # fmt: skip
        return replace(state, roles=roles), text

    def _naming_claims(self, roles: Roles) -> dict[str, int | None]:
        return {"major": roles.major, "minor": roles.minor, "figure": roles.figure}

    def _premises(self, state: SyllogismState) -> list[Categorical]:
        return list(state.believed) or self.premises

    def _final(self, verdict: bool, premises: list[Categorical], roles: Roles) -> tuple[str, str]:
        """``_explained``, remembered (``_FINALS``): every state's answer is read off it (``answer``), each time a
        search, a wrong move's check (``_misleads``) or a continued negative asks."""
        key = (self.problem.payload, verdict, tuple(premises), roles)
        found = _FINALS.get(key)
        if found is None:
            found = _FINALS.keep(key, self._explained(verdict, premises, roles))
        return found

    def _explained(self, verdict: bool, premises: list[Categorical], roles: Roles) -> tuple[str, str]:
        """(the explanation, the answer): the form of a valid argument, each broken rule of an invalid
        one (an answer the verdict alone decides when the payload asks for no explanation), read off
        ``premises`` - the premises as given, or as a slip read them. A wrong verdict names what its
        solver believed: the rules the misread premises break, the form they have, each read with the ``roles``
        its naming step named (the major and minor term, the figure); a verdict flipped
        with the premises read right names the rule it thinks broken (a middle term taken as
        undistributed) or the form as if valid (that of the premises with one "not" missed or imagined, where
        that makes a valid form), so a wrong answer is written like a right one."""
        if not verdict:
            rules = broken_rules(premises, self.conclusion, self.k, self.existential)
            if not rules:  # a valid argument judged invalid: the rules it breaks with one premise's "not" missed or imagined
                for i, st in enumerate(premises):
                    misread = [*premises[:i], Categorical(_QUALITY[st.quant], st.subj, st.pred), *premises[i + 1:]]
                    rules = broken_rules(misread, self.conclusion, self.k, self.existential)
                    if rules:
                        premises = misread
                        break
                rules = rules or ["undistributed middle"]
            if roles.major != self.conclusion.pred:  # the major and minor term taken for each other
                swap = {"illicit major": "illicit minor", "illicit minor": "illicit major"}
                rules = sorted((swap.get(r, r) for r in rules), key=RULES.index)
            why = " ".join(f"{r[:1].upper() + r[1:]}: {self._why(r, premises, roles=roles)}." for r in rules)
            return why, explanation_text({"valid": False, "rules": rules})
        if broken_rules(premises, self.conclusion, self.k, self.existential):
            # an invalid argument judged valid: the form of the premises with one "not" missed or imagined, where that
            # makes a valid one (the form its solver believed it had)
            for i, st in enumerate(premises):
                misread = [*premises[:i], Categorical(_QUALITY[st.quant], st.subj, st.pred), *premises[i + 1:]]
                if not broken_rules(misread, self.conclusion, self.k, self.existential):
                    premises = misread
                    break
        c = self.conclusion
        if roles.figure is not None:  # the mood read in the order the naming step named, the figure it counted
            major, minor = self._major_minor(premises, roles)
            form = f"{major.quant}{minor.quant}{c.quant}-{roles.figure}"
            text = (f"The major premise (with \"{self.terms[roles.major]}\") is {major.quant}, the minor (with "
                    f"\"{self.terms[roles.minor]}\") {minor.quant}, the conclusion {c.quant}, and the middle term sits in "
                    f"figure {roles.figure}.")  # fmt: skip
            return text, explanation_text({"valid": True, "form": form})
        order = chain_order(premises, Categorical(c.quant, roles.minor, roles.major)) or list(range(1, len(premises) + 1))
        links = ", ".join(f"{i} ({premises[i - 1].english(self.terms)})" for i in order)
        text = f"The premises link {self.terms[roles.minor]} to {self.terms[roles.major]} in the order {links}."
        return text, explanation_text({"valid": True, "order": order})

    def _major_minor(self, premises: list[Categorical], roles: Roles) -> tuple[Categorical, Categorical]:
        """The premise holding the term ``roles`` takes for the major term, and the one holding its minor term."""
        major = next(st for st in premises if roles.major in (st.subj, st.pred))
        minor = next(st for st in premises if roles.minor in (st.subj, st.pred))
        return major, minor

    def _why(self, rule: str, premises: list[Categorical], table: Callable[[Categorical, int], bool] = distributes,
             roles: Roles | None = None) -> str:
        c, t, roles = self.conclusion, self.terms, roles or self.right_roles()
        if rule == "undistributed middle":
            middles = [m for m in range(self.k) if m not in (c.subj, c.pred)]
            middle = next((m for m in middles if not any(table(st, m) for st in premises if m in (st.subj, st.pred))),
                          middles[0])  # a verdict flipped with the premises read right: the middle it took as undistributed
            return f"no premise says anything about all {t[middle]}"
        if rule in ("illicit major", "illicit minor"):
            term = roles.major if rule == "illicit major" else roles.minor
            return f"the conclusion speaks of all {t[term]}, but no premise does"
        if rule == "two negative premises":
            return "more than one premise is negative"
        if rule == "negative premise with affirmative conclusion":
            return "a premise is negative but the conclusion is not"
        if rule == "negative conclusion from affirmative premises":
            return "the conclusion is negative but no premise is"
        return "every premise is universal, so none says anything exists, yet the conclusion says something does"

    def heuristic(self, state: SyllogismState) -> float:
        """Steps left (the statements, the naming, the verdict); half a step less on a wrong line, so best-first plays it out."""
        left = len(self.statements) - len(state.used) + 1 + (state.roles is None)
        return float(left) - (0.5 if state.slipped else 0.0)

    def _open(self, state: SyllogismState) -> list[int]:
        left = [i for i in range(len(self.statements)) if i not in state.used]
        universal = [i for i in left if self.statements[i].universal]
        return universal or left

    def _apply(self, state: SyllogismState, i: int) -> tuple[SyllogismState, str]:
        st = self.statements[i]
        regions = st.regions(self.k)
        s, p = self.terms[st.subj], self.terms[st.pred]
        if st.universal:
            what = (f"no one is {_one(s)} without being {_one(p)}" if st.quant == "A"
                    else f"no one is both {_one(s)} and {_one(p)}")  # fmt: skip
            return replace(state, empty=state.empty | regions, used=state.used | {i}), f"By {self.said[i]}, {what}."
        left = regions - state.empty
        what = (f"there is at least one {_single(s)}" if st.subj == st.pred
                else f"someone is {_one(s)} and {'' if st.quant == 'I' else 'not '}{_one(p)}")  # fmt: skip
        text = f"By {self.said[i]}, {what}."
        if len(left) == 1 and len(regions) > 1:
            text += f" Everything else they could be is ruled out above, so they are {_region(next(iter(left)), self.terms)}."
        return replace(state, some=state.some + (frozenset(left),), used=state.used | {i}), text

    def _judge(self, state: SyllogismState, claimed: bool | None = None) -> tuple[bool, str]:
        """The verdict the regions settled so far give, and its reason; with ``claimed`` the opposite
        of that verdict, said the same way (a verdict flipped without looking: its reason is false)."""
        c = self.conclusion
        regions = c.regions(self.k)
        claim = f'The conclusion "{c.english(self.terms)}"'
        if c.universal:
            missing = sorted(regions - state.empty)
            verdict = not missing if claimed is None else claimed
            if verdict:
                s, p = self.terms[c.subj], self.terms[c.pred]
                need = f"{_one(s)} without being {_one(p)}" if c.quant == "A" else f"both {_one(s)} and {_one(p)}"
                return True, f"{claim} needs no one to be {need}, and every case of that is ruled out above. It follows: valid."
            where = _region((missing or sorted(regions))[0], self.terms)
            return False, (f"{claim} needs no one to be {where}, but no premise rules that out: a situation with such a "
                           "thing, and one thing for each 'some', makes every premise true and the conclusion false. Invalid.")  # fmt: skip
        inside = next((w for w in state.some if w and w <= regions), None)
        if (inside is not None) if claimed is None else claimed:
            return True, f"{claim} holds because the something placed above is inside it. It follows: valid."
        return False, (f"{claim} needs something in a region no premise forces to be occupied: leave all of those empty "
                       "and every premise can still be true, so the conclusion can be false. Invalid.")  # fmt: skip

    def propose(self, state: SyllogismState, k: int) -> list[Move]:
        if self.is_terminal(state):
            return []
        todo = self._open(state)
        if not todo and state.roles is None:
            roles = self.right_roles()
            return [self._step(*self._name(state, roles), "identify", claims=self._naming_claims(roles))]
        if not todo:
            verdict, text = self._judge(state)
            nxt = replace(state, verdict=verdict)
            if self.explain:
                text = f"{text} {self._final(verdict, self._premises(state), self._roles(state))[0]}"
            return [self._step(nxt, f"{text} Answer: {self.answer(nxt)}", "answer")]
        return [self._step(*self._apply(state, i), "deduce") for i in todo[:k]]

    def _step(self, state: SyllogismState, text: str, kind: str, wrong: bool = False, error_kind: str = "",
              claims: dict[str, int | None] | None = None) -> Move:
        """A move to ``state`` written ``text``; its checkable state is the regions emptied and occupied so far, and
        for the naming step the roles it names (``claims``)."""
        body: dict[str, object] = {"empty": sorted(state.empty), "some": [sorted(w) for w in state.some]}
        if claims is not None:
            body["roles"] = claims
        return Move(Step(text=text, state=json.dumps(body), kind=kind, intended_wrong=wrong,
                         error_kind=error_kind if wrong else ""), state)



def _single(term: str) -> str:
    """A group named in the plural, in the singular: "chess players" -> "chess player"."""
    return term[:-1] if term.endswith("s") else term


def _one(term: str) -> str:
    """One member of a group named in the plural: "chess players" -> "a chess player", "actors" -> "an actor"."""
    single = _single(term)
    return f"{'an' if single[:1] in 'aeiou' else 'a'} {single}"


def _region(r: int, terms: list[str]) -> str:
    """What a member of region ``r`` is and is not: "a poet and an artist who is not a baker"."""
    inside = [_one(t) for i, t in enumerate(terms) if r >> i & 1]
    outside = [_one(t) for i, t in enumerate(terms) if not r >> i & 1]
    join = lambda xs: xs[0] if len(xs) == 1 else f"{', '.join(xs[:-1])} and {xs[-1]}"  # noqa: E731
    if not inside:
        return "in none of the groups"
    if not outside:
        return join(inside)
    either = outside[0] if len(outside) == 1 else f"{', '.join(outside[:-1])} or {outside[-1]}"
    return f"{join(inside)} who is not {either}"
