"""Step space for syllogisms: the Venn-region method with the terms named (``_syllogism_sound``) and its wrong moves.

The sound method - one premise's regions at a time, then the major, minor and middle terms, the major and minor
premise and the figure named, then the conclusion - is ``SoundSyllogismSpace``; this module adds the mistakes a student makes on
it. Wrong moves (``Step.error_kind``): at the naming step, the major and minor term taken for each other
(``terms_misidentified``: the premises swap roles, so the form, a chain's direction or an illicit process is
misnamed) or the middle term's place in one premise misread (``figure_miscounted``); converting a premise
("All A are B, so all B are A": ``illicit_conversion``), placing a "something" in one region its
premise does not force (``unwarranted_existence``), a particular premise read with its "not"
missed or imagined, or a universal one's quality flipped or its "all" read as "some" (``misread_premise``),
the verdict flipped (``premature_conclusion``; to "valid" only where its solver could believe a valid form,
``_believable_valid``), a valid chain's order traced with two links swapped
(``wrong_form``), the right verdict with one broken rule taken for its kin (``wrong_rule``), or with the rules
checked by a distribution table with one entry misremembered (``misjudged_distribution``: a rule found broken that
is not, or one missed); the step check (every claim must hold in every model of the premises, the terms and
figure named must be the argument's) rejects each.
"""

from __future__ import annotations

import random
from dataclasses import replace

from cotforge.core.memo import Memo
from cotforge.core.registry import SPACES
from cotforge.core.space import Move
from cotforge.domains.syllogism import RULES, Categorical, broken_rules, chain_order, explanation_text, satisfiable
from cotforge.solvers.spaces._syllogism_sound import (_QUALITY, FIGURES, Roles, SoundSyllogismSpace, SyllogismState, _one,
                                                      _region, _single)  # fmt: skip
from cotforge.solvers.spaces._syllogism_tables import SLIPS


CONFUSED = (("illicit major", "illicit minor", "undistributed middle"),
            ("negative premise with affirmative conclusion", "two negative premises"))
"""Rules a careless reader takes for each other: which term is left undistributed, how many premises are negative."""

FEWER_NEGATIVES = ("negative premise with affirmative conclusion", "two negative premises")
"""(named, broken) that ``_wrong_rule`` never writes: two negative premises counted as one. A careless count of the
negatives sees one too many (one negative premise taken for two), not one of two negatives unseen: the second
"not" is right there in the premise just read."""


_ENDS: Memo[tuple[str, SyllogismState], tuple[str | None, bool, bool]] = Memo(50_000)
"""(the payload, a state) -> ``SyllogismSpace._played_out``."""


class SyllogismSpace(SoundSyllogismSpace):
    def _wrong_namings(self, state: SyllogismState) -> list[Move]:
        """The naming step with a role misnamed, played on to the answer (which reads the form off the naming): the
        major and minor term taken for each other (``terms_misidentified``: the premises swap places, so the mood's
        first two letters, the figure or a chain's direction go wrong, or an illicit major is called an illicit
        minor), or the middle term's place misread in the minor or in the major premise (``figure_miscounted``:
        figure 1 for 3, 2 for 4, or 1 for 2, 3 for 4; the mood right). Offered only where the answer comes out wrong."""
        c, right = self.conclusion, self.right_roles()
        swapped = Roles(c.subj, c.pred, None)
        namings: list[tuple[Roles, tuple[bool, bool] | None, str]] = [
            (replace(swapped, figure=self._figure(swapped)), None, "terms_misidentified")]
        if right.figure is not None:
            major, minor = self._places(right)
            for misread in ((major, not minor), (not major, minor)):
                namings.append((replace(right, figure=FIGURES[misread]), misread, "figure_miscounted"))
        out = []
        for roles, places, kind in namings:
            named, text = self._name(state, roles, places)
            nxt = replace(named, slipped=True)
            if self._misleads(nxt):
                out.append(self._step(nxt, text, "identify", wrong=True, error_kind=kind, claims=self._naming_claims(roles)))
        return out

    def _wrong_order(self, at_end: bool = False) -> tuple[str, ...] | None:
        """(the explanation, the answer) of a valid chain of premises with two of its links taken in the wrong
        order while tracing it from the conclusion's subject: the first two, or with ``at_end`` the last two."""
        right = chain_order(self.premises, self.conclusion) or []
        if len(right) < 3:
            return None
        order = [*right[:-2], right[-1], right[-2]] if at_end else [right[1], right[0], *right[2:]]
        links = ", ".join(f"{i} ({self.premises[i - 1].english(self.terms)})" for i in order)
        text = f"The premises link {self.terms[self.conclusion.subj]} to {self.terms[self.conclusion.pred]} in the order {links}."
        answer = explanation_text({"valid": True, "order": order})
        return (text, answer) if answer != self.problem.answer else None

    def _wrong_rule(self) -> tuple[str, ...] | None:
        """(the explanation, the answer) of an invalid argument with one broken rule taken for another of its
        kind (``CONFUSED``: the wrong term found undistributed, the negatives miscounted), the others named
        right: as many rules named as the right answer names. The last rule that can be is the one confused,
        never the first (a solver that names the first rule right has read the argument's main fault). Never an
        illicit major for an illicit minor or back: the naming step before the verdict said which term is which,
        and a slip there is ``terms_misidentified``; here it would contradict that step."""
        rules = broken_rules(self.premises, self.conclusion, self.k, self.existential)
        for at in reversed(range(1, len(rules))):
            kin = next((group for group in CONFUSED if rules[at] in group), ())
            for other in (r for r in kin if r not in rules and {r, rules[at]} != {"illicit major", "illicit minor"}
                          and (r, rules[at]) != FEWER_NEGATIVES):
                named = sorted([*rules[:at], other, *rules[at + 1:]], key=RULES.index)
                if named[0] != rules[0]:
                    continue
                why = " ".join(f"{r[:1].upper() + r[1:]}: {self._why(r, self.premises)}." for r in named)
                answer = explanation_text({"valid": False, "rules": named})
                return (why, answer) if answer != self.problem.answer else None
        return None

    def _misjudged_distribution(self, rng: random.Random) -> tuple[str, ...] | None:
        """(the explanation, the answer) of an invalid argument whose rules are checked with a distribution table
        one entry of which is misremembered (a solver's table: one of ``SLIPS``, drawn at random): a rule found
        broken that is not, or one missed. Only an invalid verdict checks the rules (a valid one names the form);
        None where that table finds the right rules, or none broken (the regions said invalid)."""
        right = broken_rules(self.premises, self.conclusion, self.k, self.existential)
        table = rng.choice(SLIPS).table()
        rules = broken_rules(self.premises, self.conclusion, self.k, self.existential, table=table)
        if not right or not rules or rules == right:
            return None
        why = " ".join(f"{r[:1].upper() + r[1:]}: {self._why(r, self.premises, table)}." for r in rules)
        return why, explanation_text({"valid": False, "rules": rules})

    def propose_wrong(self, state: SyllogismState, k: int, rng: random.Random) -> list[Move]:
        if self.is_terminal(state) or state.slipped:
            return []
        todo = self._open(state)
        if not todo and state.roles is None:
            out = self._wrong_namings(state)
            rng.shuffle(out)
            return out[:k]
        if not todo:
            verdict, _ = self._judge(state)
            nxt = replace(state, verdict=not verdict, slipped=True)
            text = self._judge(state, claimed=not verdict)[1]
            if self.explain:
                text = f"{text} {self._final(not verdict, self.premises, self._roles(state))[0]}"
            out = [self._step(nxt, f"{text} Answer: {self.answer(nxt)}", "answer", wrong=True, error_kind="premature_conclusion")]
            if self.explain and not verdict and not self._believable_valid(self.premises):
                out = []  # "valid" would name a form no valid syllogism has: no solver believes that
            # a chain's order misnamed while tracing it (two links swapped); the form of a two-premise argument is
            # read off the naming step, where it goes wrong (``_wrong_namings``), not here
            forms = [f for f in (self._wrong_order(), self._wrong_order(at_end=True)) if f is not None] if verdict else []
            # the rules misnamed: a rule taken for its kin, or the rules checked with a distribution entry
            # misremembered - one of them, drawn at random, as the form is misnamed on a valid argument
            rules = [] if verdict else [(kind, r) for kind, r in (("wrong_rule", self._wrong_rule()),
                                                                  ("misjudged_distribution", self._misjudged_distribution(rng)))
                                        if r is not None]  # fmt: skip
            for kind, named in (*(("wrong_form", f) for f in rng.sample(forms, min(2, len(forms)))),
                                *rng.sample(rules, min(1, len(rules)))):
                if named is not None and self.explain:
                    right = replace(state, verdict=verdict, slipped=True, named=named)
                    text = f"{self._judge(state)[1]} {named[0]} Answer: {named[1]}"
                    out.append(self._step(right, text, "answer", wrong=True, error_kind=kind))
            rng.shuffle(out)
            return out[:k]
        out = []
        for i in todo:
            st = self.statements[i]
            if st.universal or st.subj == st.pred:
                continue
            misread = Categorical({"I": "O", "O": "I"}[st.quant], st.subj, st.pred)  # the "not" missed or imagined
            where = misread.regions(self.k) - state.empty
            if where and satisfiable(self.statements, self.k, empty=state.empty | where):
                nxt = replace(state, some=state.some + (frozenset(where),), used=state.used | {i}, slipped=True,
                              believed=self._misread(i, misread))
                if self._misleads(nxt):
                    s_, p_ = self.terms[st.subj], self.terms[st.pred]
                    text = f"By {self.said[i]}, someone is {_one(s_)} and {'not ' if misread.quant == 'O' else ''}{_one(p_)}."
                    out.append(self._step(nxt, text, "deduce", wrong=True, error_kind="misread_premise"))
        out += self._misread_universal(state, todo)
        for i in todo:  # "some" read as "all": a particular premise taken for the universal one
            st = self.statements[i]
            if st.universal or st.subj == st.pred:
                continue
            read = Categorical("A" if st.quant == "I" else "E", st.subj, st.pred)
            bad = read.regions(self.k) - state.empty
            if bad and any(satisfiable(self.statements, self.k, occupied=[frozenset({r})]) for r in bad):
                nxt = replace(state, empty=state.empty | bad, used=state.used | {i}, slipped=True, believed=self._misread(i, read))
                if self._misleads(nxt):
                    s_, p_ = self.terms[st.subj], self.terms[st.pred]
                    what = (f"all {s_} are {p_}, so no one is {_one(s_)} without being {_one(p_)}" if read.quant == "A"
                            else f"no {s_} are {p_}, so no one is both {_one(s_)} and {_one(p_)}")  # fmt: skip
                    out.append(self._step(nxt, f"By {self.said[i]}, {what}.", "deduce", wrong=True, error_kind="misread_premise"))
        for i in todo:
            st = self.statements[i]
            left = sorted(st.regions(self.k) - state.empty)
            if st.universal or len(left) < 2:
                continue
            r = left[0] if rng.random() < 0.5 else left[-1]
            if satisfiable(self.statements, self.k, empty=state.empty | {r}):  # r may stay empty: not forced
                nxt = replace(state, some=state.some + (frozenset({r}),), used=state.used | {i}, slipped=True)
                if not self._misleads(nxt):
                    continue
                text = f"By {self.said[i]}, there is someone, and they must be {_region(r, self.terms)}."
                out.append(self._step(nxt, text, "deduce", wrong=True, error_kind="unwarranted_existence"))
                break
        for i in todo:  # existential import: a universal premise read as saying its subject exists
            st = self.statements[i]
            if self.existential or not st.universal or st.subj == st.pred:
                continue
            after, said = self._apply(state, i)
            where = frozenset(r for r in range(1, 2 ** self.k) if r >> st.subj & 1) - after.empty
            if where and satisfiable(self.statements, self.k, empty=after.empty | where):
                nxt = replace(after, some=after.some + (where,), slipped=True)
                if self._misleads(nxt):
                    s_, p_ = self.terms[st.subj], self.terms[st.pred]
                    text = f"{said} So there is at least one {_single(s_)}, and they are {'' if st.quant == 'A' else 'not '}{_one(p_)}."
                    out.append(self._step(nxt, text, "deduce", wrong=True, error_kind="unwarranted_existence"))
                    break
        for i in todo:
            st = self.statements[i]
            if st.quant == "O" and st.subj != st.pred:  # "some S are not P" turned round
                converse = Categorical("O", st.pred, st.subj)
                where = converse.regions(self.k) - state.empty
                if where and satisfiable(self.statements, self.k, empty=state.empty | where):
                    nxt = replace(state, some=state.some + (frozenset(where),), used=state.used | {i}, slipped=True,
                                  believed=self._misread(i, converse))
                    if self._misleads(nxt):
                        s, p = self.terms[st.subj], self.terms[st.pred]
                        text = f"By {self.said[i]}, some {p} are not {s} either, so someone is {_one(p)} and not {_one(s)}."
                        out.append(self._step(nxt, text, "deduce", wrong=True, error_kind="illicit_conversion"))
                continue
            if st.quant != "A" or st.subj == st.pred:
                continue
            converse = Categorical("A", st.pred, st.subj)
            bad = converse.regions(self.k) - state.empty
            if bad and satisfiable(self.statements, self.k, occupied=[frozenset({min(bad)})]):
                nxt = replace(state, empty=state.empty | converse.regions(self.k), used=state.used | {i}, slipped=True,
                              believed=self._misread(i, converse))
                if not self._misleads(nxt):
                    continue
                s, p = self.terms[st.subj], self.terms[st.pred]
                text = f"By {self.said[i]}, all {p} are {s} as well, so no one is {_one(p)} without being {_one(s)}."
                out.append(self._step(nxt, text, "deduce", wrong=True, error_kind="illicit_conversion"))
        rng.shuffle(out)
        return out[:k]

    def _misread_universal(self, state: SyllogismState, todo: list[int]) -> list[Move]:
        """A universal premise misread (``misread_premise``): its quality ("All S are P" taken for "No S are P",
        or the "no" missed), or its quantity ("all" read as "some": a something placed where S and P meet, the
        rest left open), written as the step it replaces; the rest of the chain follows from the misreading
        (the answer names the form, or the rules, of the premises as read). Offered where the misread claim is
        not forced by the premises (the step check fails it) and the misreading leads to a wrong answer its
        own verdict and rules agree on."""
        out = []
        for i in todo:
            st = self.statements[i]
            if not st.universal or st.subj == st.pred or i >= len(self.premises):
                continue
            s_, p_ = self.terms[st.subj], self.terms[st.pred]
            flipped = Categorical(_QUALITY[st.quant], st.subj, st.pred)
            bad = flipped.regions(self.k) - state.empty
            if bad and any(satisfiable(self.statements, self.k, occupied=[frozenset({r})]) for r in bad):
                nxt = replace(state, empty=state.empty | bad, used=state.used | {i}, slipped=True, believed=self._misread(i, flipped))
                what = (f"no one is {_one(s_)} without being {_one(p_)}" if flipped.quant == "A"
                        else f"no one is both {_one(s_)} and {_one(p_)}")  # fmt: skip
                if self._misleads(nxt, coherent=True):
                    out.append(self._step(nxt, f"By {self.said[i]}, {what}.", "deduce", wrong=True, error_kind="misread_premise"))
            if any(self.statements[j].universal for j in todo if j != i):
                continue  # "all" read as "some" once the universals are done: its something sits among what they leave
            some = Categorical("I" if st.quant == "A" else "O", st.subj, st.pred)
            where = some.regions(self.k) - state.empty
            if where and satisfiable(self.statements, self.k, empty=state.empty | where):
                nxt = replace(state, some=state.some + (frozenset(where),), used=state.used | {i}, slipped=True,
                              believed=self._misread(i, some))
                if self._misleads(nxt, coherent=True):
                    text = f"By {self.said[i]}, someone is {_one(s_)} and {'' if some.quant == 'I' else 'not '}{_one(p_)}."
                    out.append(self._step(nxt, text, "deduce", wrong=True, error_kind="misread_premise"))
        return out

    def _believable_valid(self, premises: list[Categorical]) -> bool:
        """Whether a solver could believe ``premises`` valid and name their form: they break no rule, or they break
        none with one premise's "not" missed or imagined (the form ``_final`` names for a wrong "valid"). Otherwise
        a "valid" answer names a mood no valid syllogism has ("valid: OEO-4"), a line no solver writes: the
        verdict and the form it names contradict each other, and such lines were all on the rejected side."""
        def breaks(ps: list[Categorical]) -> bool:
            return bool(broken_rules(ps, self.conclusion, self.k, self.existential))
        return not breaks(premises) or any(
            not breaks([*premises[:i], Categorical(_QUALITY[st.quant], st.subj, st.pred), *premises[i + 1:]])
            for i, st in enumerate(premises))  # fmt: skip

    def _misread(self, i: int, read: Categorical) -> tuple[Categorical, ...]:
        """The premises with statement ``i`` read as ``read`` (an existence fact misread leaves them as given)."""
        return tuple(read if j == i else p for j, p in enumerate(self.premises)) if i < len(self.premises) else ()

    def _misleads(self, state: SyllogismState, coherent: bool = False) -> bool:
        """Whether playing on from ``state`` (as the search does) ends on a wrong answer: the wrong
        verdict, or (where the answer names the form or the broken rules) the right verdict with the
        form or rules of the premises as the slip read them. A slip that still reaches the right answer
        teaches nothing as a negative; nor does a "valid" naming a form no valid syllogism has
        (``_believable_valid``). With ``coherent``, also that the verdict the regions give is the one
        the rules give for the premises as the slip read them (so its answer names what its solver believed)."""
        (answer, agrees, believable), right = self._end(state), self._end(self.root())[0]
        return answer != right and believable and (agrees or not coherent)

    def _end(self, state: SyllogismState) -> tuple[str | None, bool, bool]:
        """``_played_out``, remembered (``_ENDS``): the search and the continued negatives weigh the same wrong moves,
        and every one is compared with the sound line's end (the root's)."""
        key = (self.problem.payload, state)
        found = _ENDS.get(key)
        if found is None:
            found = _ENDS.keep(key, self._played_out(state))
        return found

    def _played_out(self, s: SyllogismState) -> tuple[str | None, bool, bool]:
        """Where playing on from ``s`` (as the search does) ends: its answer, whether its verdict is the one the rules
        give for the premises as read, and whether a "valid" there is believable (``_believable_valid``)."""
        while self._open(s):
            s = self._apply(s, self._open(s)[0])[0]
        verdict = self._judge(s)[0]
        agrees = verdict == (not broken_rules(self._premises(s), self.conclusion, self.k, self.existential))
        believable = not (verdict and self.explain) or self._believable_valid(self._premises(s))
        return self.answer(replace(s, verdict=verdict)), agrees, believable



SPACES.register("syllogism", SyllogismSpace)
