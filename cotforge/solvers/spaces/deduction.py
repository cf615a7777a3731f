"""Step space for knights and knaves: solve by deduction, as a careful person would.

Moves, best first: (a) direct deductions (a known speaker's statement must be true
or false, which fixes the people it names; a statement whose truth is already fixed
fixes its speaker; a statement a speaker could not make as a knight, or as a knave);
(b) proof by contradiction in one step (suppose X, follow the direct deductions to a
broken statement); (c) only when neither applies, a case split into two assumptions.
A violated statement ends a branch as a dead end. No brute force over assignments.

Wrong moves (``Step.error_kind``): a sound direct deduction with its conclusion flipped
(``wrong_rule``: a knave's statement taken as true, say), a proof by contradiction stopped before its
last link ("then ..., and that fits": ``premature_conclusion``), and a statement misread with one
of its claims turned round (``misread_statement``). Each concludes a type the step check shows is
not forced, and the wrong line is played out to the contradiction it leads to.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from cotforge.core.memo import Memo
from cotforge.domains.logic import Claim, Not, Puzzle, Statement, Value, compiled, describe, evaluate, mentions, to_english
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space

Key = tuple[tuple[int, bool], ...]
"""What a deduction concludes, as sorted (person, type) pairs."""

CHAIN_LIMIT = 3
"""Most follow-on deductions a proof by contradiction may take before it is left to a case split."""

_DIRECT: Memo[tuple[str, tuple[Value, ...]], list[_Deduction]] = Memo(50_000)
_REFUTED: Memo[tuple[str, tuple[Value, ...], int], list[_Deduction]] = Memo(50_000)
"""(the puzzle's payload, what is known[, ``CHAIN_LIMIT``]) -> its direct deductions, its proofs by contradiction: pure
functions of the key (the payload fixes the statements, names and roles their words use), shared by the search's space
and the fresh one the continued negatives use, which ask about the same states."""


@dataclass(frozen=True, slots=True)
class DeductionState:
    """What is known so far: True = knight, False = knave, None = open."""

    known: tuple[Value, ...]
    assumed: tuple[int, ...] = ()
    """People whose type is an assumption of a case split, in the order made."""
    dead: bool = False
    done: bool = False
    slipped: bool = False
    """True after a deliberately wrong move: no more wrong moves are offered below it."""

    def with_values(self, values: dict[int, bool]) -> DeductionState:
        return replace(self, known=_set(self.known, values))


@dataclass(frozen=True, slots=True)
class _Deduction:
    """Values forced by one statement, with the reason in words (indicative and hypothetical)."""

    values: dict[int, bool]
    reason: str
    """A clause like 'Zoe is a knight, so Zoe's statement "..." is true'."""
    link: str
    """The same inference as a link in a hypothetical chain ("would be")."""
    support: str = ""
    """Other known facts the conclusion needs ("Bob is a knave"), if any."""
    chain: int = 0
    wrong: str = ""
    """Reason given when offered with the conclusion flipped (a labelled negative); empty: ``reason``."""


class KnightsKnavesSpace(Space[DeductionState]):
    """Moves over partial assignments of one puzzle; states are hashable, so searches merge them."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.puzzle = Puzzle.from_payload(problem.data())
        self.names = self.puzzle.names
        self.roles = self.puzzle.roles
        self.quotes = [f'"{to_english(s, self.names, i, self.roles)}"' for i, s in self.puzzle.statements]
        self.about = [sorted(mentions(s)) for _, s in self.puzzle.statements]
        self._payload = problem.payload

    def root(self) -> DeductionState:
        return DeductionState(known=(None,) * len(self.names))

    def is_terminal(self, state: DeductionState) -> bool:
        return state.dead or state.done

    def answer(self, state: DeductionState) -> str | None:
        return self.puzzle.answer(state.known) if state.done else None

    def heuristic(self, state: DeductionState) -> float:
        """Open people; a wrong line counts half a step less, so best-first plays it out to its
        contradiction (a short line) and the record keeps the negative."""
        return float(sum(v is None for v in state.known)) - (0.5 if state.slipped else 0.0)

    def propose(self, state: DeductionState, k: int) -> list[Move]:
        if self.is_terminal(state):
            return []
        broken = self._broken(state.known)
        if broken is not None:
            return [self._dead_end(state, broken)]
        if None not in state.known:
            return [self._final(state)]
        found = self._deductions(state.known, k)
        if state.slipped:  # a known-wrong branch is only there to reach its contradiction: one line, shortest
            k, found = 1, sorted(found, key=lambda d: self._broken(_set(state.known, d.values)) is None)
        if found:
            return [self._move(state, d) for d in found[:k]]
        return self._split(state)[:k]

    def propose_wrong(self, state: DeductionState, k: int, rng: random.Random) -> list[Move]:
        """Sound deductions with the conclusion flipped, offered only where all that is known was
        soundly deduced (no assumption, no earlier slip): there the flip is surely wrong."""
        if self.is_terminal(state) or state.assumed or state.slipped or self._broken(state.known) is not None:
            return []
        found = self._deductions(state.known, max(k, 4))
        options: list[tuple[_Deduction, str]] = [
            (replace(d, values={w: not v for w, v in d.values.items()}, reason=d.wrong or d.reason),
             "premature_conclusion" if d.chain else "wrong_rule")
            for d in found
        ]
        options += self._misreadings(state.known)
        picked = rng.sample(options, min(k, len(options)))
        return [self._move(replace(state, slipped=True), d, wrong=True, error_kind=kind) for d, kind in picked]

    def _misreadings(self, known: tuple[Value, ...]) -> list[tuple[_Deduction, str]]:
        """A known speaker's statement read with one claim turned round, and what that misreading
        would force, where it is false (the puzzle's one solution says otherwise)."""
        truth = [kind == "knight" for kind in self.problem.data().get("solution", [])]
        if len(truth) != len(self.names):
            return []
        out = []
        for n, (speaker, s) in enumerate(self.puzzle.statements):
            kind = known[speaker]
            if kind is None or evaluate(s, known) is not None:
                continue
            for misread in _turned(s):
                values = {w: v for w, v in _forced(compiled(misread), self.about[n], known, kind).items() if v != truth[w]}
                if values:
                    who = self.names[speaker]
                    q = f'"{to_english(misread, self.names, speaker, self.roles)}"'
                    why = f"{who} is a {self._role(kind)}, so {who}'s statement {q} is {_tf(kind)}"
                    out.append((_Deduction(values, why, why), "misread_statement"))
                    break
        return out

    def conclude_careless(self, state: DeductionState) -> tuple[list[Step], str] | None:
        """Below a slip, a solver that does not notice it: sound deductions taken while they break no
        statement it looks at, each person no deduction settles taken as a knight (or a knave where
        that breaks nothing), and the wrong assignment concluded as the answer."""
        if not state.slipped or self.is_terminal(state):
            return None
        steps: list[Step] = []
        while None in state.known:
            fitting = self._first_fitting(state.known)
            if fitting is not None:
                move = self._move(state, fitting)
            else:
                who = state.known.index(None)
                kind = self._broken(_set(state.known, {who: True})) is None or self._broken(_set(state.known, {who: False})) is not None
                text = self._unopposed(state.known, who, kind)
                move = self._step(state.with_values({who: kind}), text, "deduce")
            steps.append(move.step)
            state = move.next_state
        final = self._final(replace(state, assumed=()))
        steps.append(final.step)
        return steps, self.puzzle.answer(state.known)

    def _first_fitting(self, known: tuple[Value, ...]) -> _Deduction | None:
        """The first of ``_deductions(known, 4)`` that changes nothing known and breaks no statement: looked for among
        the direct ones first, as they come before every proof by contradiction (those are worked out only where no
        direct one fits)."""
        def fits(d: _Deduction) -> bool:
            return all(known[w] in (None, v) for w, v in d.values.items()) and self._broken(_set(known, d.values)) is None
        direct = sorted(self._direct(known), key=lambda d: -len(d.values))[:4]  # as ``_deductions`` orders them
        found = next((d for d in direct if fits(d)), None)
        return found if found is not None else next((d for d in self._deductions(known, 4) if fits(d)), None)

    def _unopposed(self, known: tuple[Value, ...], who: int, kind: bool) -> str:
        """A careless settling of ``who`` as ``kind`` written as the solution's steps are: the statement of
        theirs that fits it (the one check it makes), else that nothing above speaks against it."""
        name, settled = self.names[who], describe(self.names, {who: kind}, "is", self.roles)
        for n, (speaker, st) in enumerate(self.puzzle.statements):
            said = evaluate(st, _set(known, {who: kind})) if speaker == who else None
            if said is kind:
                return f"If {name} were a {self._role(kind)}, {name}'s statement {self.quotes[n]} would be {_tf(said)}, as it should be. Hence {settled}."
        return f"Nothing above speaks against it, so {settled}."

    # --- deductions ------------------------------------------------------------------

    def _deductions(self, known: tuple[Value, ...], k: int) -> list[_Deduction]:
        """Up to ``k`` sound deductions, direct ones first, then proofs by contradiction (shortest first)."""
        found = list(self._direct(known))
        if len(found) < k:
            found += _REFUTED.remember((self._payload, known, CHAIN_LIMIT), lambda: self._refutations(known, {_key(d) for d in found}))
        found.sort(key=lambda d: (d.chain, -len(d.values)))
        return found[:k]

    def _direct(self, known: tuple[Value, ...]) -> list[_Deduction]:
        """Every one-statement deduction from ``known``, merged by what it concludes (remembered)."""
        return _DIRECT.remember((self._payload, known), lambda: self._uncached_direct(known))

    def _uncached_direct(self, known: tuple[Value, ...]) -> list[_Deduction]:
        out: dict[Key, _Deduction] = {}
        for n, (speaker, truth_of) in enumerate(self.puzzle.truths):
            kind, truth, q, who = known[speaker], truth_of(known), self.quotes[n], self.names[speaker]
            if kind is not None and truth is None:
                values = _forced(truth_of, self.about[n], known, kind)
                if values:
                    why = f"{who} is a {self._role(kind)}, so {who}'s statement {q} is {_tf(kind)}"
                    link = f"{who}'s statement {q} would be {_tf(kind)}"
                    d = _Deduction(values, why, link, support=self._support(n, known, values))
                    out.setdefault(tuple(sorted(values.items())), d)
            elif kind is None and truth is not None:
                facts = self._support(n, known, {})
                why = f"{'since ' + facts + ', ' if facts else ''}{who}'s statement {q} is {_tf(truth)}"
                link = f"{who}'s statement {q} would be {_tf(truth)}"
                out.setdefault(((speaker, truth),), _Deduction({speaker: truth}, why, link))
            elif kind is None and speaker in self.about[n]:
                for guess in (True, False):
                    said = truth_of(_set(known, {speaker: guess}))
                    if said is not None and said != guess:
                        why = f"if {who} were a {self._role(guess)}, {who}'s statement {q} would be {_tf(said)}"
                        link = f"{who} could not be a {self._role(guess)} ({who}'s statement {q} would be {_tf(said)})"
                        out.setdefault(((speaker, not guess),), _Deduction({speaker: not guess}, why, link))
        return list(out.values())

    def _refutations(self, known: tuple[Value, ...], base: set[Key]) -> list[_Deduction]:
        """Proofs by contradiction: suppose X, follow direct deductions to a broken statement."""
        out, seen = [], set(base)
        for who in (i for i, v in enumerate(known) if v is None):
            for guess in (True, False):
                key = ((who, not guess),)
                if key in seen:
                    continue
                chain = self._chase(_set(known, {who: guess}), base)
                if chain is not None:
                    name = self.names[who]
                    links = " ".join(f"Then {_cap(link)}." for link in chain[:-1])
                    suppose = f"Suppose {name} were a {self._role(guess)}."
                    text = f"{suppose} {links} But then {chain[-1]}, a contradiction"
                    # the wrong version follows the same links but stops before the statement that breaks
                    hasty = " ".join([suppose, *(f"Then {_cap(link)}." for link in chain[:-2])]) + f" Then {chain[-2]}, and that fits"
                    out.append(_Deduction({who: not guess}, text, "", chain=len(chain) - 1, wrong=hasty))
                    seen.add(key)
        return out

    def _chase(self, known: tuple[Value, ...], base: set[Key]) -> list[str] | None:
        """Links from a supposition to a broken statement, or None; ``base`` deductions go last (off topic). Each time
        the first deduction that breaks a statement is taken (else the first): the rest are not tried once one does,
        and the links are written only for a chase that ends in a contradiction."""
        taken: list[_Deduction] = []
        for _ in range(CHAIN_LIMIT):
            found = sorted(self._direct(known), key=lambda d: _key(d) in base)
            if not found:
                return None
            broken, d = None, found[0]
            for candidate in found:
                broken = self._broken(_set(known, candidate.values))
                if broken is not None:
                    d = candidate
                    break
            known = _set(known, d.values)
            taken.append(d)
            if broken is not None:
                links = [f"{t.link}, so {describe(self.names, t.values, 'would be', self.roles)}" for t in taken]
                return links + [self._violation(known, broken, "would be")]
        return None

    def _support(self, n: int, known: tuple[Value, ...], values: dict[int, bool]) -> str:
        """The known facts (other than the speaker's type) an inference from statement ``n`` leans on."""
        skip = {self.puzzle.statements[n][0], *values}
        facts = {i: bool(known[i]) for i in self.about[n] if known[i] is not None and i not in skip}
        return describe(self.names, facts, roles=self.roles) if facts else ""

    def _broken(self, known: tuple[Value, ...]) -> int | None:
        """Index of the first statement contradicting its known speaker, if any."""
        return self.puzzle.first_violated(known)

    def _violation(self, known: tuple[Value, ...], n: int, mood: str) -> str:
        speaker = self.puzzle.statements[n][0]
        who, kind = self.names[speaker], known[speaker]
        return f"{who}'s statement {self.quotes[n]} {mood} {_tf(not kind)}, although {who} is a {self._role(bool(kind))}"

    # --- moves -------------------------------------------------------------------------

    def _move(self, state: DeductionState, d: _Deduction, wrong: bool = False, error_kind: str = "") -> Move:
        lead = f"Since {d.support}," if d.support else ("So" if d.chain else "Hence")
        text = f"{_cap(d.reason)}. {lead} {describe(self.names, d.values, 'is', self.roles)}."
        return self._step(state.with_values(d.values), text, "deduce", wrong, error_kind)

    def _split(self, state: DeductionState) -> list[Move]:
        """Two assumptions about the open person named most often."""
        open_ = [i for i, v in enumerate(state.known) if v is None]
        who = max(open_, key=lambda i: (sum(i in about for about in self.about), -i))
        text = "No statement settles anyone yet, so try cases. Suppose {} is a {}."
        return [
            self._step(replace(state.with_values({who: g}), assumed=state.assumed + (who,)),
                       text.format(self.names[who], self._role(g)), "assume")
            for g in (True, False)
        ]  # fmt: skip

    def _dead_end(self, state: DeductionState, n: int) -> Move:
        broken = self._violation(state.known, n, "is")
        kind = state.known[self.puzzle.statements[n][0]]
        rule = f"a {self._role(True)} cannot say something false" if kind else f"a {self._role(False)} cannot tell the truth"
        if state.assumed and not state.slipped:
            last = state.assumed[-1]
            tail = f"the assumption that {self.names[last]} is a {self._role(bool(state.known[last]))} is wrong"
        else:
            tail = "one of the steps above is wrong"
        text = f"But {broken}, and {rule}. This is a contradiction, so {tail}."
        return self._step(replace(state, dead=True), text, "contradiction")

    def _final(self, state: DeductionState) -> Move:
        groups = [[n for n, v in zip(self.names, state.known) if v is kind] for kind in (True, False)]
        parts = [f"each {self._role(k)} ({', '.join(g)}) says something {_tf(k)}" for k, g in zip((True, False), groups) if g]
        text = f"Everyone is now placed, and it fits every statement: {' and '.join(parts)}."
        if state.assumed:
            text += f" The assumption{'s' if len(state.assumed) > 1 else ''} held up, and the puzzle has one answer."
        return self._step(replace(state, done=True), f"{text} Answer: {self.puzzle.answer(state.known)}.", "answer")

    def _role(self, knight: bool) -> str:
        return self.roles.word(knight)

    def _step(self, state: DeductionState, text: str, kind: str, wrong: bool = False, error_kind: str = "") -> Move:
        """The move to ``state``, its machine form being JSON: each name's type (or null, in the
        machine words knight/knave whatever the island calls them), assumptions."""
        body: dict[str, object] = {n: (None if v is None else ("knight" if v else "knave")) for n, v in zip(self.names, state.known)}
        body["assumed"] = [self.names[i] for i in state.assumed]
        if state.dead:
            body["contradiction"] = True
        return Move(Step(text=text, state=json.dumps(body), kind=kind, intended_wrong=wrong,
                         error_kind=error_kind if wrong else ""), state)


def _turned(s: Statement) -> list[Statement]:
    """The statement with each one of its claims turned round (knight for knave), one at a time."""
    if isinstance(s, Claim):
        return [Claim(s.who, not s.knight)]
    if isinstance(s, Not):
        return [Not(t) for t in _turned(s.arg)]
    out: list[Statement] = [type(s)(t, s.right) for t in _turned(s.left)]
    return out + [type(s)(s.left, t) for t in _turned(s.right)]


def _forced(truth_of: Callable[[Sequence[Value]], Value], about: list[int], known: tuple[Value, ...], truth: bool) -> dict[int, bool]:
    """Open people whose one possible type keeps a statement (its ``compiled`` truth: ``truth_of``) able to be ``truth``
    (the other breaks it)."""
    out = {}
    for who in (i for i in about if known[i] is None):
        bad = [g for g in (True, False) if truth_of(_set(known, {who: g})) == (not truth)]
        if len(bad) == 1:
            out[who] = not bad[0]
    return out


def _key(d: _Deduction) -> Key:
    return tuple(sorted(d.values.items()))


def _set(known: tuple[Value, ...], values: dict[int, bool]) -> tuple[Value, ...]:
    """``known`` with ``values`` set (people, each an index into it)."""
    out = list(known)
    for i, v in values.items():
        out[i] = v
    return tuple(out)


def _tf(value: object) -> str:
    return "true" if value else "false"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


SPACES.register("knights_knaves", KnightsKnavesSpace)
