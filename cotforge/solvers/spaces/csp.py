"""Step space for constraint puzzles (sudoku, futoshiki, zebra, seating): deduce like a person.

Moves, simplest technique first: a unary clue narrows a variable; a naked single (one candidate
left) is placed and struck from its groups; a hidden single (a value with one place left in a
group) is placed; a binary clue removes candidates with no partner; a naked pair clears two values
from the rest of a group. Only when none applies, a case split on a variable with fewest
candidates. Each step names the clue or group it uses, and its JSON state lists every candidate
and the constraints used, so a verifier can check the step follows from exactly those.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace

from cotforge.core.csp import Csp, bits, initial_candidates, popcount, propagate, render_answer, single
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._csp_text import Words

SLIP_HORIZON = 4
"""A wrong move is offered only when the space's own rules refute it within this many steps."""
WRONG_TRIES = 6
"""Variables tried per expansion when looking for a wrong move that is quickly refuted."""


@dataclass(frozen=True, slots=True)
class CspState:
    doms: tuple[int, ...]
    placed: int
    """Bitmask of variables whose value has been stated (givens count as stated)."""
    assumed: tuple[tuple[int, int], ...] = ()
    dead: bool = False
    done: bool = False
    slipped: bool = False


@dataclass(frozen=True, slots=True)
class _Deduction:
    doms: tuple[int, ...]
    placed: int
    uses: tuple[int, ...]
    text: str
    technique: str


class CspSpace(Space[CspState]):
    """Moves over candidate sets of one puzzle; states are hashable, so searches merge them."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        data = problem.data()
        self.csp = Csp.from_payload(data)
        self.words = Words(self.csp, data.get("words", {}))
        self.solution: list[int] | None = data.get("solution")
        c = self.csp
        self.groups = [i for i, k in enumerate(c.constraints) if k.kind == "alldiff"]
        self.perms = [i for i in self.groups if c.is_permutation(i)]
        self.groups_of = [c.groups_of(v) for v in range(len(c.var_names))]
        self.binary = [i for i, k in enumerate(c.constraints) if k.kind == "rel"]
        self.unary = [i for i, k in enumerate(c.constraints) if k.kind == "in"]
        self.techniques: frozenset[str] | None = None
        """Rules allowed (None: all); generators grade puzzles by restricting it."""

    def root(self) -> CspState:
        """Givens (one starting candidate) count as placed and are already struck from their groups."""
        placed = sum(1 << v for v, m in enumerate(self.csp.domains) if single(m) is not None)
        return CspState(initial_candidates(self.csp), placed)

    def is_terminal(self, state: CspState) -> bool:
        return state.dead or state.done

    def answer(self, state: CspState) -> str | None:
        return render_answer(self.csp, [single(m) or 0 for m in state.doms]) if state.done else None

    def heuristic(self, state: CspState) -> float:
        left = sum(popcount(m) - 1 for m in state.doms) + len(state.doms) - popcount(state.placed)
        return float(left)

    def key(self, state: CspState) -> tuple[object, ...]:
        return (state.doms, state.placed, state.dead, state.done, state.slipped)

    def propose(self, state: CspState, k: int) -> list[Move]:
        if self.is_terminal(state):
            return []
        broken = self._broken(state)
        if broken is not None:
            return [self._dead_end(state, *broken)]
        if state.placed == (1 << len(state.doms)) - 1:
            return [self._final(state)]
        if state.assumed or state.slipped:
            # inside a case or below a slip every order of the same sound deductions ends alike, so
            # follow one line, taking a deduction that exposes a contradiction as soon as there is one
            found = list(self.deductions(state))
            line = next((d for d in found if self._broken(_with(state, d)) is not None), found[0] if found else None)
            if line is not None:
                return [self._move(state, line)]
            return [] if state.slipped else self._split(state)[:k]
        moves = []
        for d in self.deductions(state):
            moves.append(self._move(state, d))
            if len(moves) >= k:
                return moves
        return moves or self._split(state)[:k]

    # --- rules -------------------------------------------------------------------------

    def deductions(self, state: CspState) -> Iterator[_Deduction]:
        """Sound deductions from ``state``, simplest technique first, each once."""
        rules = (self._unary, self._naked_singles, self._hidden_singles, self._binary, self._naked_pairs)
        seen: set[tuple[tuple[int, ...], int]] = set()
        for rule in rules:
            if self.techniques is not None and rule.__name__.lstrip("_") not in self.techniques:
                continue
            for d in rule(state):
                if (d.doms, d.placed) not in seen and (d.doms != state.doms or d.placed != state.placed):
                    seen.add((d.doms, d.placed))
                    yield d

    def _place(self, doms: list[int], placed: int, v: int, x: int) -> tuple[tuple[int, ...], int, tuple[int, ...]]:
        doms[v] = 1 << x
        for g in self.groups_of[v]:
            for w in self.csp.constraints[g].vars:
                if w != v:
                    doms[w] &= ~(1 << x)
        return tuple(doms), placed | 1 << v, tuple(self.groups_of[v])

    def _unary(self, state: CspState) -> Iterator[_Deduction]:
        for ci in self.unary:
            c = self.csp.constraints[ci]
            v = c.vars[0]
            if state.doms[v] & ~c.allowed:
                doms = list(state.doms)
                doms[v] &= c.allowed
                x = single(doms[v])
                if x is None:
                    text = f"{self.words.cite(ci)}: {self.words.options(v, doms[v])}."
                    yield _Deduction(tuple(doms), state.placed, (ci,), text, "unary")
                    continue
                new, placed, groups = self._place(doms, state.placed, v, x)  # settled: place it at once
                strike = self.words.strike(x, groups)
                text = f"{self.words.cite(ci)}: {self.words.is_(v, x)}{'; ' + strike if strike else ''}."
                yield _Deduction(new, placed, (ci, *groups), text, "unary")

    def _naked_singles(self, state: CspState) -> Iterator[_Deduction]:
        for v, m in enumerate(state.doms):
            x = single(m)
            if x is not None and not state.placed >> v & 1:
                doms, placed, uses = self._place(list(state.doms), state.placed, v, x)
                text = self.words.naked_single(v, x, uses)
                yield _Deduction(doms, placed, uses, text, "naked_single")

    def _hidden_singles(self, state: CspState) -> Iterator[_Deduction]:
        for g in self.perms:
            group = self.csp.constraints[g].vars
            for x in bits(self.csp.perm_union[g]):
                places = [v for v in group if state.doms[v] >> x & 1]
                if len(places) == 1 and state.doms[places[0]] != 1 << x:
                    v = places[0]
                    doms, placed, uses = self._place(list(state.doms), state.placed, v, x)
                    text = self.words.hidden_single(g, v, x, uses)
                    yield _Deduction(doms, placed, tuple(sorted({g, *uses})), text, "hidden_single")

    def _binary(self, state: CspState) -> Iterator[_Deduction]:
        for ci in self.binary:
            new = propagate(self.csp, state.doms, [ci])
            if new is None:
                continue  # left for _broken to report
            if tuple(new) != state.doms:
                text = self.words.binary(ci, state.doms, new)
                yield _Deduction(tuple(new), state.placed, (ci,), text, "binary")

    def _naked_pairs(self, state: CspState) -> Iterator[_Deduction]:
        for g in self.groups:
            group = self.csp.constraints[g].vars
            pairs = [v for v in group if popcount(state.doms[v]) == 2]
            for i, a in enumerate(pairs):
                for b in pairs[i + 1 :]:
                    pm = state.doms[a]
                    if state.doms[b] != pm:
                        continue
                    others = [w for w in group if w not in (a, b) and state.doms[w] & pm]
                    if others:
                        doms = list(state.doms)
                        for w in others:
                            doms[w] &= ~pm
                        text = self.words.naked_pair(g, a, b, pm, others)
                        yield _Deduction(tuple(doms), state.placed, (g,), text, "naked_pair")

    def _broken(self, state: CspState) -> tuple[tuple[int, ...], str] | None:
        """A contradiction on the face of the state: a variable with no candidate, or a value with no place."""
        if not all(state.doms):
            v = state.doms.index(0)
            uses = tuple(i for i, c in enumerate(self.csp.constraints) if v in c.vars)
            return uses, self.words.no_candidate(v)
        for g in self.perms:
            once = 0
            for v in self.csp.constraints[g].vars:
                once |= state.doms[v]
            missing = self.csp.perm_union[g] & ~once
            if missing:
                return (g,), self.words.no_place(g, (missing & -missing).bit_length() - 1)
        for ci in self.binary:
            c = self.csp.constraints[ci]
            vx, vy = single(state.doms[c.vars[0]]), single(state.doms[c.vars[1]])
            if vx is not None and vy is not None and not c.holds(_at(c.vars, (vx, vy), len(state.doms))):
                return (ci,), f"{self.words.group(ci)} fails"
        return None

    # --- moves -------------------------------------------------------------------------

    def _move(self, state: CspState, d: _Deduction, wrong: bool = False) -> Move:
        nxt = replace(state, doms=d.doms, placed=d.placed, slipped=state.slipped or wrong)
        return self._step(nxt, d.text, "deduce", d.uses, wrong, d.technique)

    def _split(self, state: CspState) -> list[Move]:
        open_ = [v for v, m in enumerate(state.doms) if popcount(m) > 1]
        v = min(open_, key=lambda u: (popcount(state.doms[u]), u))
        moves = []
        for x in bits(state.doms[v]):
            doms, placed, uses = self._place(list(state.doms), state.placed, v, x)
            nxt = replace(state, doms=doms, placed=placed, assumed=state.assumed + ((v, x),))
            moves.append(self._step(nxt, self.words.suppose(v, state.doms[v], x), "assume", uses))
        return moves

    def _dead_end(self, state: CspState, uses: tuple[int, ...], why: str) -> Move:
        if state.assumed and not state.slipped:
            v, x = state.assumed[-1]
            tail = f"the assumption that {self.words.is_(v, x)} is wrong"
        else:
            tail = "one of the steps above is wrong"
        text = f"But {why}. This is a contradiction, so {tail}."
        return self._step(replace(state, dead=True), text, "contradiction", uses)

    def _final(self, state: CspState) -> Move:
        values = [single(m) or 0 for m in state.doms]
        text = f"Every {self.words.noun} is settled and every constraint holds. Answer:\n{render_answer(self.csp, values)}"
        return self._step(replace(state, done=True), text, "answer", ())

    def _step(self, state: CspState, text: str, kind: str, uses: tuple[int, ...], wrong: bool = False,
              technique: str = "") -> Move:  # fmt: skip
        body = {
            "candidates": [bits(m) for m in state.doms],
            "uses": list(uses),
            "assumed": [list(a) for a in state.assumed],
            "technique": technique or kind,
        }
        if state.dead:
            body["contradiction"] = True
        return Move(Step(text=text, state=json.dumps(body), kind=kind, intended_wrong=wrong), state)

    # --- wrong moves -------------------------------------------------------------------

    def propose_wrong(self, state: CspState, k: int, rng: random.Random) -> list[Move]:
        """A false placement dressed as a hidden single (an unsound deduction), or at a split point one
        case declared the only one (a missed case). Offered only where all that is known was soundly
        deduced and the space's own rules refute it within SLIP_HORIZON steps."""
        sol = self.solution
        if sol is None or self.is_terminal(state) or state.assumed or state.slipped or self._broken(state):
            return []
        stuck = next(self.deductions(state), None) is None
        open_ = [v for v, m in enumerate(state.doms) if popcount(m) > 1]
        rng.shuffle(open_)
        out: list[Move] = []
        for v in open_[:WRONG_TRIES]:
            x = rng.choice([x for x in bits(state.doms[v]) if x != sol[v]])
            doms, placed, uses = self._place(list(state.doms), state.placed, v, x)
            g = self.groups_of[v][0] if self.groups_of[v] else None
            if stuck:
                text = self.words.missed_case(v, state.doms[v], x, sol[v])
            elif g is not None:
                text = self.words.hidden_single(g, v, x, uses)
            else:
                text = self.words.missed_case(v, state.doms[v], x, sol[v])
            move = self._move(state, _Deduction(doms, placed, uses, text, "wrong"), wrong=True)
            if self._refuted(move.next_state):
                out.append(move)
            if len(out) >= k:
                break
        return out

    def _refuted(self, state: CspState) -> bool:
        for _ in range(SLIP_HORIZON):
            if self._broken(state) is not None:
                return True
            d = next(self.deductions(state), None)
            if d is None:
                return False
            state = _with(state, d)
        return self._broken(state) is not None


def _with(state: CspState, d: _Deduction) -> CspState:
    return replace(state, doms=d.doms, placed=d.placed)


def _at(vars_: tuple[int, ...], values: tuple[int, int], n: int) -> list[int]:
    out = [0] * max(n, max(vars_) + 1)
    for v, x in zip(vars_, values):
        out[v] = x
    return out


SPACES.register("csp", CspSpace)
