"""Step space for constraint puzzles (sudoku, futoshiki, zebra, seating): deduce like a person.

Moves, simplest technique first: a unary clue narrows a variable; a naked single (one candidate
left) is placed and struck from its groups; a hidden single (a value with one place left in a
group) is placed; a binary clue removes candidates with no partner; a naked pair clears two values
from the rest of a group; a value one group can hold only where it overlaps another (a box and a
row) is cleared from the rest of the other (locked candidates). Only when none applies, a case split: on the first variable with two
candidates one of whose cases the rules carry to a full solution, else on one with fewest
candidates. Each step names the clue or group it uses, and its JSON state lists every candidate
and the constraints used, so a verifier can check the step follows from exactly those.
"""

from __future__ import annotations

import json
import random
from functools import partial

from cotforge.domains.csp import bits, render_answer, single
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move
from cotforge.solvers.spaces._csp_careless import conclude_careless
from cotforge.solvers.spaces._csp_deduce import CspRules, CspState, _Deduction

__all__ = ["CspSpace", "CspState"]

SLIP_HORIZON = 4
"""A wrong move is offered only when the space's own rules refute it within this many steps."""
SLIP_BONUS = 8.0
"""Candidates the heuristic forgives a wrong line (a misread clue strikes one, a false placement many)."""
WRONG_TRIES = 6
"""Variables tried per expansion when looking for a wrong move that is quickly refuted."""
ORDERS = 1
"""Sound deductions proposed per expansion outside cases. They only narrow, so every order of them
reaches the same fixpoint (and the same split point): other orders are the same proof reshuffled,
and one line, simplest technique first, is enough. Raise it to show a search alternative orders."""
JUMP_ELSEWHERE = 0.25
"""How often a wrong value is offered where the solution's next step settles no variable (so the wrong
line skips the eliminations the solution writes first, and is shorter by them); otherwise a misread clue."""
OVERLOOK = 0.75
"""Without groups (graph colouring), how often a value settled in one jump is a candidate overlooked ("Only red
is left for A") rather than the other case dismissed as clashing ("A is red or blue; blue clashes with what we
know"), which names both cases and reads 25 characters longer than the steps it stands in for."""
MAX_SLIPS = 6
"""Wrong moves offered per puzzle, spread along the solution (about one per len(open)/MAX_SLIPS
expansions asked): enough labelled negatives for the records (three are kept by default) and a
readable search trace, without walking a refuted line after every single step."""


_JSON = tuple(json.dumps(bits(m)) for m in range(1 << 10))
"""Each candidate mask as JSON, so a step's state is joined rather than encoded."""


_Option = tuple[CspState, str, str, tuple[int, ...], str]
"""A sound move before it becomes a Step: next state, text, kind, the constraints it uses, and its technique."""


def _cands_json(doms: tuple[int, ...]) -> str:
    return "[" + ", ".join([_JSON[m] if m < 1024 else json.dumps(bits(m)) for m in doms]) + "]"


class CspSpace(CspRules):
    """Moves over candidate sets of one puzzle: the sound deductions, case splits, contradictions, and wrong moves."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self._slips = self._asked = self._stride = 0
        """Wrong moves offered so far, eligible requests seen, requests per offer (see MAX_SLIPS)."""
        self._left: dict[tuple[object, ...], tuple[int, int]] = {}
        """Per state on the solution's line: the steps and characters the solution writes from it on."""
        self._aims: dict[tuple[object, ...], tuple[int, int]] = {}
        """Per wrong state offered: the steps and characters a careless line from it should write to read
        as long as the solution (its ``_left`` before the wrong step, less the wrong step)."""
        self._believed: dict[tuple[object, ...], tuple[int, int]] = {}
        """Per wrong state a misread group leads to: (the group, the value it was misread as holding)."""
        self._clash_fits: list[tuple[int, int, int, tuple[int, ...]]] | None = None
        """Per binary clue and direction, as ``_csp_careless._clash`` reads them (built on its first call)."""
        self._sound_memo: dict[tuple[CspState, int], list[_Option]] = {}
        """Per state and number of moves asked: the sound moves ``propose`` offers (``_sound``)."""

    def heuristic(self, state: CspState) -> float:
        """Candidates still to strike; a wrong line (refuted within SLIP_HORIZON steps) counts as
        nearly done, so best-first plays it out to its contradiction and the record keeps it."""
        left = sum([m.bit_count() for m in state.doms]) - state.placed.bit_count()
        return float(left) - (SLIP_BONUS if state.slipped else 0.0)

    def propose(self, state: CspState, k: int) -> list[Move]:
        return [self._step(nxt, text, kind, uses, technique=technique) for nxt, text, kind, uses, technique in self._sound(state, k)]

    def _sound(self, state: CspState, k: int) -> list[_Option]:
        """The moves ``propose`` offers, before their steps (and JSON states) are written: remembered per state, since
        the solution's line is walked for its words (``_solution_left``) before the search expands the same states;
        ``k`` beyond the most moves there can be (a split's cases, ORDERS deductions) offers the same moves."""
        key = (state, min(k, max(ORDERS, len(self.csp.value_names))))
        if key not in self._sound_memo:
            self._sound_memo[key] = self._sound_moves(state, key[1])
        return self._sound_memo[key]

    def _sound_moves(self, state: CspState, k: int) -> list[_Option]:
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
            line = self._line(state)
            if line is not None:
                return [self._deduced(state, line)]
            return [] if state.slipped else self._split(state)[:k]
        moves = []
        for d in self.deductions(state):
            moves.append(self._deduced(state, d))
            if len(moves) >= min(k, ORDERS):
                return moves
        return moves or self._split(state)[:k]

    # --- moves -------------------------------------------------------------------------

    def _deduced(self, state: CspState, d: _Deduction) -> _Option:
        return self._after(state, d), d.text, "deduce", d.uses, d.technique

    def _move(self, state: CspState, d: _Deduction, wrong: bool = False, error_kind: str = "") -> Move:
        return self._step(self._after(state, d, wrong), d.text, "deduce", d.uses, wrong, d.technique, error_kind)

    @staticmethod
    def _after(state: CspState, d: _Deduction, wrong: bool = False) -> CspState:
        """The state ``d`` leads to from ``state``."""
        return CspState(d.doms, d.placed, state.assumed, state.dead, state.done, state.slipped or wrong)

    def _split(self, state: CspState) -> list[_Option]:
        v = self._split_var(state.doms)
        moves = []
        for x in bits(state.doms[v]):
            doms, placed, uses = self._place(list(state.doms), state.placed, v, x)
            nxt = CspState(doms, placed, state.assumed + ((v, x),), state.dead, state.done, state.slipped)
            moves.append((nxt, self.words.suppose(v, state.doms[v], x), "assume", uses, ""))
        return moves

    def _dead_end(self, state: CspState, uses: tuple[int, ...], why: str) -> _Option:
        if state.assumed and not state.slipped:
            v, x = state.assumed[-1]
            tail = f"the assumption that {self.words.is_(v, x)} is wrong"
        else:
            tail = "one of the steps above is wrong"
        text = f"But {why}. This is a contradiction, so {tail}."
        dead = CspState(state.doms, state.placed, state.assumed, True, state.done, state.slipped)
        return dead, text, "contradiction", uses, ""

    def _final(self, state: CspState) -> _Option:
        return *self._concluded(state, self._rendered(state)), "answer", (), ""

    def _rendered(self, state: CspState) -> str:
        """The full assignment of ``state`` in the answer's layout."""
        return render_answer(self.csp, [single(m) or 0 for m in state.doms])

    def _concluded(self, state: CspState, answer: str) -> tuple[CspState, str]:
        """The answer step's state and words, ``answer`` being ``_rendered(state)`` (a careless line writes
        the step only for the line it keeps, and states the answer as well)."""
        text = f"Every {self.words.noun} is settled and every constraint holds. Answer:\n{answer}"
        return CspState(state.doms, state.placed, state.assumed, state.dead, True, state.slipped), text

    def _step(self, state: CspState, text: str, kind: str, uses: tuple[int, ...], wrong: bool = False,
              technique: str = "", error_kind: str = "") -> Move:  # fmt: skip
        # the JSON of {"candidates", "uses", "assumed", "technique"[, "contradiction"]}, joined by hand
        tail = json.dumps({"uses": list(uses), "assumed": [list(a) for a in state.assumed], "technique": technique or kind,
                           **({"contradiction": True} if state.dead else {})})  # fmt: skip
        body = '{"candidates": ' + _cands_json(state.doms) + ", " + tail[1:]
        return Move(Step(text=text, state=body, kind=kind, intended_wrong=wrong, error_kind=error_kind if wrong else ""), state)

    # --- wrong moves -------------------------------------------------------------------

    def propose_wrong(self, state: CspState, k: int, rng: random.Random) -> list[Move]:
        """A false placement dressed as a hidden single (``false_single``: an unsound deduction), as a
        naked single with a candidate overlooked (``overlooked_candidate``: "only 5 is left" beside a
        second candidate), at a split point one case declared the only one (``missed_case``), or the
        true value struck by a misread clue or group (``misread_clue``). Offered only where all that
        is known was soundly deduced and the space's own rules refute it within SLIP_HORIZON steps; each the
        wrong twin of the step the solution writes there (a clue that places a value misread as placing
        another, a single placed wrong, an elimination misread), so it stands in for one step, in its words."""
        sol = self.solution
        if sol is None or self.is_terminal(state) or state.assumed or state.slipped or self._slips >= MAX_SLIPS:
            return []
        if not self._stride:
            self._stride = max(1, sum(1 for m in state.doms if m & (m - 1)) // MAX_SLIPS)
        self._asked += 1
        if (self._asked - 1) % self._stride or self._broken(state):
            return []
        open_ = [v for v, m in enumerate(state.doms) if m & (m - 1)]
        ahead = next(self.deductions(state), None)
        stuck = ahead is None
        out: list[Move] = []
        tried = rng.sample(open_, min(WRONG_TRIES, len(open_)))
        # where the solution's next step settles a variable (a hidden single, a case split), a wrong value
        # for that variable takes the place of that one step; elsewhere a value settled in one jump skips
        # the eliminations the solution writes first, so the wrong line is shorter by them (rejected texts
        # had fewer steps in 331 of 400 graph_coloring pairs): there a misread clue, which takes the place
        # of one elimination, comes first
        settles = ([self._split_var(state.doms)] if open_ else []) if stuck else [v for v in open_ if ahead is not None and ahead.placed >> v & 1]
        # the wrong twin of the step the solution writes next, in its words: where that places a value with
        # one candidate left (a naked single) in a grid, a misread clue that places the value it leaves, written
        # as the grid's singles are; outside a grid (with groups: zebra, seating), a candidate overlooked ("Only
        # 3 is left for ..."), since a misread clue and then the placement read 37 characters longer in zebra;
        # elsewhere a misread clue strikes only, as the eliminations it stands in for do
        places = stuck or ahead is not None and ahead.placed != state.placed
        grid = self.csp.layout.get("kind") == "grid"
        overlook = places and not settles and not grid and bool(self.groups)
        # outside a grid a false single (a group's words, its cells named) read 30-50 characters longer than the
        # naked single or clue it stood in for: there a jump is offered only where the solution settles the cell
        misreads = rng.random() < 0.35 if settles else (not places if not grid and self.groups else rng.random() >= JUMP_ELSEWHERE)
        if misreads and not overlook:  # a misread clue, on a cell with two candidates (so it is refuted soon)
            for v in (v for v in tried if state.doms[v].bit_count() == 2):
                misread = self._misread(state, v, sol[v], settle=places and grid)
                if misread is not None:
                    self._slips += 1
                    return self._aimed(state, [misread])
            if not settles:
                return []
        pairs = [v for v in tried if state.doms[v].bit_count() == 2]
        if pairs and rng.random() < 0.3:  # a candidate overlooked is likeliest where two are left
            tried = pairs + [v for v in tried if v not in pairs]
        # without groups (graph colouring) a value settled in one jump leaves out the eliminations that settled
        # its other candidates, one step each (a jump over three candidates wrote two steps fewer in 294 of 294
        # pairs): there a jump outside a split is a candidate overlooked where two are left
        tried = settles or (pairs if overlook or not self.groups else tried)
        for v in tried:
            x = rng.choice([x for x in bits(state.doms[v]) if x != sol[v]])
            doms, placed, uses = self._place(list(state.doms), state.placed, v, x)
            g = self.groups_of[v][0] if self.groups_of[v] else None
            if stuck:
                text, kind = self.words.missed_case(v, state.doms[v], x, sol[v]), "missed_case"
            elif ahead is not None and ahead.technique == "unary" and v in settles:
                # the solution cites a clue that places the value ("Lucas sits in seat 3"): its twin misreads it
                # (a false single there read 30 characters longer in seating)
                text, kind = self._say_settle(ahead.uses[0], v, x, uses), "misread_clue"
            elif state.doms[v].bit_count() == 2 and (overlook or rng.random() < (0.5 if g is not None else OVERLOOK)):
                # else, without groups, one of the two cases dismissed as clashing (missed_case)
                text, kind = self.words.naked_single(v, x, uses), "overlooked_candidate"
            elif g is None:
                text, kind = self.words.missed_case(v, state.doms[v], x, sol[v]), "missed_case"
            else:
                # the others in the group it claims cannot take the value, named as a sound hidden single names them
                others = [w for w in self.csp.constraints[g].vars if w != v and state.doms[w] & (state.doms[w] - 1)]
                text, kind = self.words.hidden_single(g, v, x, uses, others), "false_single"
            nxt = CspState(doms, placed, state.assumed, state.dead, state.done, True)
            if self._refuted(nxt):  # the step (its JSON state) is written only for a move offered
                out.append(self._move(state, _Deduction(doms, placed, uses, partial(str, text), "wrong"), wrong=True,
                                      error_kind=kind))
            if len(out) >= k:
                break
        self._slips += len(out)
        return self._aimed(state, out)

    def _aimed(self, state: CspState, moves: list[Move]) -> list[Move]:
        """``moves`` (wrong, from ``state`` on the solution's line), each with the length its careless line
        should have remembered: the solution's steps and characters from ``state`` less the wrong step's."""
        left = self._solution_left(state)
        if left is not None:
            for m in moves:
                self._aims[self.key(m.next_state)] = (left[0] - 1, left[1] - len(m.step.text) - 2)
        return moves

    def _solution_left(self, state: CspState) -> tuple[int, int] | None:
        """The steps and characters (each step's text and its break) the solution writes from ``state``,
        a state on its line: the line is walked once, as the search takes it (one sound deduction at a
        time; at a split the case the gold solution takes), and remembered for each of its states. A walk stops
        where it meets a state an earlier walk (from further on) remembered: the line from a state is the same each
        time, so the rest is what that walk found (wrong moves are asked at the chain's positions in random order)."""
        if self.key(state) in self._left or self.solution is None:
            return self._left.get(self.key(state))
        line: list[tuple[tuple[object, ...], int]] = []
        s, rest, most = state, (0, 0), 4 * len(state.doms) + 8
        for _ in range(most):
            if self.is_terminal(s):
                break
            if self.key(s) in self._left:
                rest = self._left[self.key(s)]
                break
            gold = [o for o in self._sound(s, len(self.csp.value_names)) if o[2] != "assume" or self._gold_case(o[0])]
            if not gold:
                return None
            line.append((self.key(s), len(gold[0][1]) + 2))
            s = gold[0][0]
        if not (s.done or rest[0] and len(line) + rest[0] <= most):  # as a walk to the end within ``most`` steps
            return None
        steps, chars = rest
        for key, size in reversed(line):
            steps, chars = steps + 1, chars + size
            self._left.setdefault(key, (steps, chars))
        return self._left.get(self.key(state))

    def _gold_case(self, state: CspState) -> bool:
        v, x = state.assumed[-1]
        return self.solution is not None and self.solution[v] == x

    def _misread(self, state: CspState, v: int, true: int, settle: bool = False) -> Move | None:
        """``v``'s true value struck, citing a clue about ``v`` (or one of its groups) as if it ruled it
        out; None when the space's rules would not refute it soon. With ``settle`` (where the solution's
        next step settles a variable), the one value left is placed in the same step, as a clue that
        settles a variable is written, so the wrong line takes the place of that step and has as many
        after it (struck only, it wrote one step more: 28 of 33 sudoku misreads)."""
        doms = list(state.doms)
        doms[v] &= ~(1 << true)
        after = tuple(doms)
        placed = state.placed
        clue = next((ci for ci in self.binary if v in self.csp.constraints[ci].vars), None)
        uses: tuple[int, ...]
        if clue is not None:
            text, uses = self.words.binary(clue, state.doms, after), (clue,)
        elif self.groups_of[v]:
            g = self.groups_of[v][0]
            taken = (f"{self.words.group(g)} already holds {self.words.val(true)}" if self.csp.layout.get("kind") == "grid"
                     else f"{self.words.val(true)} is already taken")  # fmt: skip
            text = f"{taken}, so {self.words.t['not'].format(var=self.words.var(v), vals=self.words.val(true))}."
            uses = (g,)
        else:
            return None
        x = single(after[v])
        if settle and x is not None:
            grid = self.csp.layout.get("kind") == "grid"
            seen = self._seen(state.doms, state.placed, v) if grid and clue is None else None
            after, placed, groups = self._place(doms, state.placed, v, x)
            if seen:  # as a grid's single is written, the group misread as holding the value among what it holds
                g = self.groups_of[v][0]
                seen = [(h, m | (1 << true if h == g else 0)) for h, m in seen]
                text = self.words.naked_single(v, x, groups, seen)
            else:
                strike = self.words.strike(x, groups)
                text = f"{text[:-1]}: only {self.words.val(x)} is left, so {self.words.is_(v, x)}{'; ' + strike if strike else ''}."
            uses = tuple(sorted({*uses, *groups}))
        nxt = CspState(after, placed, state.assumed, state.dead, state.done, True)
        if not self._refuted(nxt):
            return None
        if clue is None:
            self._believed[self.key(nxt)] = (self.groups_of[v][0], true)
        return self._move(state, _Deduction(after, placed, uses, partial(str, _cap(text)), "wrong"), wrong=True,
                          error_kind="misread_clue")

    def conclude_careless(self, state: CspState) -> tuple[list[Step], str] | None:
        """Below a slip, the line of a solver that does not notice it (``_csp_careless.conclude_careless``)."""
        return conclude_careless(self, state)

    def _renders(self, doms: tuple[int, ...]) -> bool:
        """Whether an assignment can be written in the answer's layout (a seating order needs each place once)."""
        if self.csp.layout.get("kind") != "order":
            return True
        return sorted(single(m) or 0 for m in doms) == list(range(len(self.csp.value_names)))

    def _refuted(self, state: CspState) -> bool:
        """Whether the line the search would follow from ``state`` breaks within SLIP_HORIZON steps."""
        for _ in range(SLIP_HORIZON):
            if self._broken(state) is not None:
                return True
            d = self._line(state)
            if d is None:
                return False
            state = CspState(d.doms, d.placed, state.assumed, state.dead, state.done, state.slipped)
        return self._broken(state) is not None


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


SPACES.register("csp", CspSpace)

