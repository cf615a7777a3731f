"""Step space for propositional logic: unit propagation, one-step proofs by contradiction, cases.

Moves, best first: a clause with every literal false but one forces that one; "suppose X; then …
clause k would be false; so not X" (a failed literal, a few unit steps long); only when neither
applies, a case split. A false clause ends a case; with nothing assumed it proves the clauses
unsatisfiable (for entailment: the premises with the conclusion denied, so it is entailed). All
clauses true gives a model (open variables taken as false). Each value remembers the clauses it
rests on, so a refutation names the statements it used, and shows each one is needed (without
it, a model of the others). Wrong moves (``Step.error_kind``), each where the solution takes a step of
its shape: a forced literal flipped (``sign_slip``, where a unit step is next), a refuted supposition
claimed (``premature_conclusion``: the case that breaks a clause missed, where a refutation is next), and a
statement misread (``misread_clause``: as forcing a value while other options in it are still open, where
a unit step is next; as broken by a supposition that leaves it true, where a refutation is next). Each
asserts a value no model has, so the step check rejects it; the wrong line is played out to the clash it
leads to, and a careless line (``conclude_careless``: one statement missed) to a wrong model.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

from cotforge.domains.propositional import (
    Clause, Literal, Value, clause_text, clause_value, conflict, lit_value, model_text, models, numbers_text, probe,
    probe_reasons, propagate, solving_clauses, unit, unit_reasons,
)
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space


@dataclass(frozen=True, slots=True)
class PropState:
    values: tuple[Value, ...]
    assumed: tuple[int, ...] = ()
    dead: bool = False
    done: str | None = None
    slipped: bool = False
    why: tuple[frozenset[int], ...] = ()
    """Per variable, the clauses its value rests on (empty while open or assumed)."""


class PropositionalSpace(Space[PropState]):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        data = problem.data()
        self.names = tuple(str(v) for v in data["vars"])
        self.kind = str(data["kind"])
        self.clauses = solving_clauses(data)
        self.premises = len(data["clauses"])
        self._settled_count: int | None = None

    def root(self) -> PropState:
        return PropState((None,) * len(self.names), why=(frozenset(),) * len(self.names))

    def is_terminal(self, state: PropState) -> bool:
        return state.dead or state.done is not None

    def answer(self, state: PropState) -> str | None:
        return state.done

    def heuristic(self, state: PropState) -> float:
        """Open variables; half a step less on a wrong line, so best-first plays it out and the
        record keeps the negative."""
        return float(sum(v is None for v in state.values)) - (0.5 if state.slipped else 0.0)

    def _lit(self, lit: Literal) -> str:
        return f"{self.names[lit[0]]} is {'true' if lit[1] else 'false'}"

    def _cite(self, i: int) -> str:
        if i < self.premises:
            return f"{'premise' if self.kind == 'entail' else 'statement'} {i + 1} ({clause_text(self.clauses[i], self.names)})"
        v, s = self.clauses[i][0]
        return f"the denied conclusion ({self.names[v]} is {'true' if s else 'false'})"

    def propose(self, state: PropState, k: int) -> list[Move]:
        if self.is_terminal(state):
            return []
        bad = conflict(self.clauses, state.values)
        if bad is not None:
            return [self._conflict(state, bad)]
        if all(clause_value(c, state.values) for c in self.clauses):
            return [self._model(state)]
        moves = []
        found = unit(self.clauses, state.values)
        if found is not None:
            i, lit = found
            text = f"By {self._cite(i)}, with its other options false, {self._lit(lit)}."
            moves.append(self._step(_set(state, lit, unit_reasons(state.why, self.clauses, i, lit[0])), text, "deduce"))
        if not moves:
            refuted = self._refutation(state)
            if refuted is not None:
                moves.append(refuted)
        if moves:
            return moves[:k]
        var = next(i for i, v in enumerate(state.values) if v is None)
        return [
            self._step(replace(_set(state, (var, val)), assumed=state.assumed + (var,)),
                       f"Nothing is forced now, so try cases. Suppose {self._lit((var, val))}.", "assume")
            for val in (True, False)
        ][:k]  # fmt: skip

    def _refutation(self, state: PropState, clauses: Sequence[Clause] | None = None) -> Move | None:
        """A failed supposition: "suppose X; then ...; but then clause k would be false; so not X" (by
        ``clauses``: the problem's, or those a careless solver sees)."""
        clauses = self.clauses if clauses is None else clauses
        failed = probe(clauses, state.values)
        if failed is None:
            return None
        (var, val), chain, broken = failed
        links = " ".join(f"Then by {self._cite(i)}, {self._lit(lit)}." for i, lit in chain)
        text = (f"Suppose {self._lit((var, val))}. {links} But then {self._cite(broken)} would be false. "
                f"So {self._lit((var, not val))}.")  # fmt: skip
        why = probe_reasons(state.why, clauses, chain, broken)
        return self._step(_set(state, (var, not val), why), text.replace("  ", " "), "deduce")

    def _conflict(self, state: PropState, bad: int) -> Move:
        if state.assumed or state.slipped:
            tail = (f"the assumption that {self._lit((state.assumed[-1], bool(state.values[state.assumed[-1]])))} is wrong"
                    if state.assumed and not state.slipped else "one of the steps above is wrong")  # fmt: skip
            return self._step(replace(state, dead=True), f"But now {self._cite(bad)} is false, so {tail}.", "contradiction")
        why = ("the premises cannot all be true while the conclusion is false" if self.kind == "entail"
               else "the statements cannot all be true")  # fmt: skip
        used = sorted(i for i in unit_reasons(state.why, self.clauses, bad, -1) if i < self.premises)
        numbers = numbers_text([i + 1 for i in used])
        what = "premise" if self.kind == "entail" else "statement"
        needed = "; ".join(self._without(used, i) for i in used)
        answer = (f"entailed: it follows from {what}{'s' * (len(used) > 1)} {numbers}" if self.kind == "entail"
                  else f"unsatisfiable: {what}{'s' * (len(used) > 1)} {numbers} already clash")  # fmt: skip
        text = (f"Now {self._cite(bad)} is false, and nothing was assumed: {why}. The steps used {what}s {numbers}, "
                f"and each is needed: {needed}. Answer: {answer}")  # fmt: skip
        return self._step(replace(state, done=answer), text, "answer")

    def _without(self, used: list[int], i: int) -> str:
        """Why clause ``i`` of a clash is needed: a model of the rest of the clash."""
        rest = [self.clauses[j] for j in used if j != i] + self.clauses[self.premises:]
        model = next(models(rest, len(self.names)), None)
        if model is None:
            return f"even without {i + 1} the others clash"
        return f"without {i + 1}, {model_text(model, self.names)} fits the rest"

    def _model(self, state: PropState) -> Move:
        full = tuple(bool(v) for v in state.values)
        free = [self.names[i] for i, v in enumerate(state.values) if v is None]
        rest = f" ({', '.join(free)} can be anything; take false)" if free else ""
        model = model_text(full, self.names)
        answer = f"not entailed, counter-model: {model}" if self.kind == "entail" else f"satisfiable: {model}"
        what = "every premise is true and the conclusion false" if self.kind == "entail" else "every statement is true"
        text = f"Now {what}{rest}. Answer: {answer}"
        return self._step(replace(state, values=full, done=answer), text, "answer")

    def propose_wrong(self, state: PropState, k: int, rng: random.Random) -> list[Move]:
        """One labelled mistake where nothing is assumed and the clauses still have models (then a
        value no model has is surely wrong): see the module docstring for the kinds."""
        if self.is_terminal(state) or state.assumed or state.slipped or conflict(self.clauses, state.values) is not None:
            return []
        rows = list(models(self.clauses, len(self.names), state.values))
        if k < 1:
            return []
        if not rows:  # with no model left any value follows, so the mistake is the conclusion itself
            full = tuple(bool(v) for v in state.values)
            answer = (f"not entailed, counter-model: {model_text(full, self.names)}" if self.kind == "entail"
                      else f"satisfiable: {model_text(full, self.names)}")  # fmt: skip
            text = f"Nothing clashes in the statements checked so far, so take the rest as false. Answer: {answer}"
            done = replace(state, values=full, done=answer, slipped=True)
            return [self._step(done, text, "answer", wrong=True, error_kind="premature_conclusion")]
        options = []
        found = unit(self.clauses, state.values)
        if found is not None:
            i, (var, val) = found
            text = f"By {self._cite(i)}, with its other options false, {self._lit((var, not val))}."
            options.append((_set(state, (var, not val)), text, "sign_slip"))
        failed = probe(self.clauses, state.values) if found is None else None  # where the solution refutes
        if failed is not None:
            # supposing this leads to a false clause: claiming it is a missed case - the supposition followed as
            # the refutation follows it, stopped before the statement that breaks; what its links found is
            # then taken as found (the solver wrote it down), not derived again
            (var, val), chain, _ = failed
            links = " ".join(f"Then by {self._cite(i)}, {self._lit(lit)}." for i, lit in chain)
            text = f"Suppose {self._lit((var, val))}. {links} That fits, so {self._lit((var, val))}.".replace("  ", " ")
            fits = _set(state, (var, val))
            for i, lit in chain:
                fits = _set(fits, lit, unit_reasons(fits.why, self.clauses, i, lit[0]))
            options.append((fits, text, "premature_conclusion"))
        for var in (v for v, x in enumerate(state.values) if x is None):
            held = {row[var] for row in rows}
            if len(held) != 1:
                continue
            right = held.pop()
            if found is None:  # the solution refutes here: a refutation that reads a statement as broken when it is not
                refuted = self._misread_refutation(state, (var, right))
                if refuted is not None:
                    options.append((_set(state, (var, not right)), refuted, "misread_clause"))
                continue
            cited = next((i for i, c in enumerate(self.clauses) if (var, not right) in c and clause_value(c, state.values) is None), None)
            if cited is not None:
                text = f"By {self._cite(cited)}, with its other options false, {self._lit((var, not right))}."
                options.append((_set(state, (var, not right)), text, "misread_clause"))
        rng.shuffle(options)
        return [self._step(replace(after, slipped=True), text, "deduce", wrong=True, error_kind=kind)
                for after, text, kind in options[:k]]

    def _misread_refutation(self, state: PropState, lit: Literal) -> str | None:
        """"Suppose X. Then ... But then statement k would be false. So not X." for an ``X`` every model has:
        its links followed as a refutation's are, and a statement they leave true (the one with the most
        options they make false) read as broken; None where the links make no option of any other false."""
        after, chain, _ = propagate(self.clauses, _set(state, lit).values, limit=6)  # as long as a refutation's
        used = {i for i, _ in chain}
        misread = [(sum(lit_value(x, after) is False for x in c), -i) for i, c in enumerate(self.clauses)
                   if i not in used and clause_value(c, after) is not False and any(lit_value(x, after) is False for x in c)]
        if not misread:
            return None
        broken = -max(misread)[1]
        links = " ".join(f"Then by {self._cite(i)}, {self._lit(x)}." for i, x in chain)
        return (f"Suppose {self._lit(lit)}. {links} But then {self._cite(broken)} would be false. "
                f"So {self._lit((lit[0], not lit[1]))}.").replace("  ", " ")  # fmt: skip

    def conclude_careless(self, state: PropState) -> tuple[list[Step], str] | None:
        """Below a slip, a solver that does not notice it: it misses one statement (one without which the
        values so far still fit the others) and solves the rest as the solution does - unit steps,
        refutations ("suppose X; then ...; but then statement 7 would be false; so not X"), a case where
        nothing is forced, supposed the way that fits the statements it sees - until the statements it sees
        are all true; the assignment, which breaks the statement it missed, is then stated as a model (the
        verdict it implies). Of the statements it may miss, the first whose line settles as many variables
        as the solution does (else the first). None where no one statement missed lets the values fit."""
        if not state.slipped or self.is_terminal(state):
            return None
        n = len(self.names)
        lines = [self._careless_line(state, i) for i in range(len(self.clauses))
                 if next(models(self._without_clause(i), n, state.values), None) is not None]
        if not lines:
            return None
        settled = self._settled()
        steps, end = next((ln for ln in lines if sum(v is not None for v in ln[1].values) == settled), lines[0])
        final = self._model(end)
        return [*steps, final.step], str(final.next_state.done)

    def _careless_line(self, state: PropState, missed: int) -> tuple[list[Step], PropState]:
        """The careless line from ``state`` with statement ``missed`` not seen, and the state it stops in."""
        n = len(self.names)
        seen = self._without_clause(missed)
        steps: list[Step] = []
        # the missed statement is out of sight: the line stops where every statement it sees is true (the
        # stand-in left in its place is no statement, and never keeps it going)
        while None in state.values and not all(clause_value(c, state.values) for j, c in enumerate(seen) if j != missed):
            found = unit(seen, state.values)
            if found is not None:
                i, lit = found
                state = _set(state, lit, unit_reasons(state.why, seen, i, lit[0]))
                steps.append(self._step(state, f"By {self._cite(i)}, with its other options false, {self._lit(lit)}.", "deduce").step)
                continue
            refuted = self._refutation(state, seen)
            if refuted is not None:
                steps.append(refuted.step)
                state = refuted.next_state
                continue
            var = next(i for i, v in enumerate(state.values) if v is None)
            val = next(models(seen, n, _set(state, (var, True)).values), None) is not None
            text = f"Nothing is forced now, so try cases. Suppose {self._lit((var, val))}."
            state = _set(state, (var, val))
            steps.append(self._step(state, text, "assume").step)
        return steps, state

    def _settled(self) -> int:
        """How many variables the solution (the sound moves, the first case that holds) gives a value before
        its model; -1 where it ends otherwise."""
        if self._settled_count is None:
            def run(state: PropState) -> PropState | None:
                if self.is_terminal(state):
                    return state if state.done is not None else None
                for move in self.propose(state, 2):
                    end = run(move.next_state)
                    if end is not None:
                        return end
                return None
            before_model = None
            state = self.root()
            while not self.is_terminal(state):  # the line to the model, without the model's step
                moves = self.propose(state, 2)
                good = next((m for m in moves if run(m.next_state) is not None), None)
                if good is None:
                    break
                if good.next_state.done is not None:
                    before_model = state
                    break
                state = good.next_state
            self._settled_count = -1 if before_model is None else sum(v is not None for v in before_model.values)
        return self._settled_count

    def _without_clause(self, i: int) -> list[Clause]:
        """The clauses with clause ``i`` made one that never forces or breaks anything (its place kept, so
        the others are cited by their own numbers)."""
        return [((0, True), (0, False)) if j == i else c for j, c in enumerate(self.clauses)]

    def _step(self, state: PropState, text: str, kind: str, wrong: bool = False, error_kind: str = "") -> Move:
        body = {"values": list(state.values), "assumed": [self.names[i] for i in state.assumed]}
        return Move(Step(text=text, state=json.dumps(body), kind=kind, intended_wrong=wrong,
                         error_kind=error_kind if wrong else ""), state)


def _set(state: PropState, lit: Literal, why: frozenset[int] = frozenset()) -> PropState:
    values, reasons = list(state.values), list(state.why)
    values[lit[0]], reasons[lit[0]] = lit[1], why
    return replace(state, values=tuple(values), why=tuple(reasons))


SPACES.register("propositional", PropositionalSpace)
