"""Step space for countdown / 24: combine two numbers at a time until the target appears.

A state is the multiset of numbers still in play, each with the expression that made it. Moves
are the legal combinations that keep the target reachable (an exhaustive, memoised search decides),
so every proposed step is one a solver that looked ahead would take, and each says why: the rest of
a plan from the numbers it leaves to the target, worked back from it ("and 100 = 10 × 10"). Wrong moves on request: a
legal combination after which the target can no longer be made (``dead_end_move``, checked by the
same search), an arithmetic slip (``arithmetic_slip``: a result off by one), a last combination that makes a
value near the target but not it, declared as the closest there is (``premature_conclusion``: the line is as long
as the solution's), or a given number of the sound move copied as one more or one less (``misread_number``: the
line then reads like a solution, and its expression uses a number not given). The step check rejects each (a step
must keep the target reachable by one legal operation; an answer must make the target).
"""

from __future__ import annotations

import dataclasses
import heapq
import json
import math
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from fractions import Fraction

from cotforge.domains.countdown import OPS, SHOW, Rules, combine, fmt, moves, solvable, solvable_memo, whole_moves
from cotforge.core.memo import Memo
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space

Number = Fraction | int
"""A value in play: a whole one an int (the numbers given, and what ``combine`` makes of two ints where that is whole),
else a Fraction. An int is equal to its Fraction, so the same in every comparison, memo key and text (``fmt``), and is
combined, compared and hashed several times faster."""
Item = tuple[Number, str]
Combination = tuple[tuple[Item, ...], str]
"""The numbers after a combination, and the combination as written ("3 × 7 = 21")."""
Option = TypeVar("Option")
TEMPTING = 3
"""A dead-end move or a slipped step is one of the combinations the sound search would try first (this many)."""
LOOK = 12
"""Wrong moves (the first in the sound search's order) whose line is followed to its end to see how it opens."""
GOALS = 8
"""Values near the target a careless line may aim at (the nearest that many, within the near band)."""


@dataclass(slots=True)
class _Known:
    """What the spaces of one problem work out about its numbers, all pure functions of the problem: the plans, the
    values reachable, the careless lines, the legal combinations, the sound ones in the sound search's order, the wrong
    moves to draw from, the sound search's own final expression. A record's search and its continued negatives (a
    fresh space of the same problem) ask about the same numbers, so they share one (``_KNOWN``; whether the target
    can be made is remembered with the step check, ``solvable_memo``)."""

    plans: dict[tuple[Item, ...], list[str] | None] = field(default_factory=dict)
    reaches: dict[tuple[Number, ...], frozenset[Number]] = field(default_factory=dict)
    careless: dict[tuple[Item, ...], tuple[list[Combination], str] | None] = field(default_factory=dict)
    moves: dict[tuple[Item, ...], list[Combination]] = field(default_factory=dict)
    sound: dict[tuple[Item, ...], list[Combination]] = field(default_factory=dict)
    wrong: dict[tuple[str, tuple[Item, ...]], list[Any]] = field(default_factory=dict)
    solved: str | None = None


_KNOWN: Memo[str, _Known] = Memo(8)
"""The problem's payload -> what its spaces have worked out (``_Known``): a few problems' worth (one is asked about
while its record is made; a level-5 problem's is about 2 MB)."""


@dataclass(frozen=True, slots=True)
class CountdownState:
    items: tuple[Item, ...]
    dead: bool = False
    done: bool = False
    slipped: bool = False
    claim: str = ""
    """An answer declared without the target being made (a wrong move's); before ``done``, the one the next step declares."""


class CountdownSpace(Space[CountdownState]):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        data = problem.data()
        self.rules = Rules(use_all=bool(data["use_all"]), whole=bool(data["whole"]))
        self.numbers: list[Number] = [int(x) for x in data["numbers"]]
        self.target: Number = int(data["target"])
        near = max(Fraction(3), Fraction(self.target) / 20)
        low, high = self.target - near, self.target + near
        # under whole-number rules every value is an int: the ends rounded in hold the same ones, compared as ints
        self.band: tuple[Number, Number] = (math.ceil(low), math.floor(high)) if self.rules.whole else (low, high)
        """The values near the target (within 3 of it, or a twentieth of it where that is more), one of which a careless
        solver may take for it."""
        # what is worked out about the numbers, shared with every space of the same problem (``_KNOWN``)
        self._known = _KNOWN.remember(problem.payload, _Known)
        self.memo = solvable_memo(problem.payload)
        self._plans = self._known.plans
        self._reaches = self._known.reaches
        self._careless_lines = self._known.careless

    def _number(self, text: str) -> Number:
        """A number a step writes ("12", or "7/3" where fractions are allowed) as a value in play (``Number``)."""
        return int(text) if self.rules.whole else Fraction(text)

    def root(self) -> CountdownState:
        return CountdownState(tuple(sorted((v, fmt(v)) for v in self.numbers)))

    def is_terminal(self, state: CountdownState) -> bool:
        return state.dead or state.done

    def answer(self, state: CountdownState) -> str | None:
        return (state.claim or self._hit(state)) if state.done else None

    def heuristic(self, state: CountdownState) -> float:
        """Numbers left to combine; half a step less on a wrong line, so best-first plays it out."""
        return float(len(state.items) - 1) - (0.5 if state.slipped else 0.0)

    def key(self, state: CountdownState) -> tuple[object, ...]:
        return (state.items, state.dead, state.done, state.slipped, state.claim)

    def _hit(self, state: CountdownState) -> str | None:
        if self.rules.use_all and len(state.items) != 1:
            return None
        return next((e for v, e in state.items if v == self.target), None)

    def _ok(self, items: tuple[Item, ...]) -> bool:
        return solvable(tuple(v for v, _ in items), self.target, self.rules, self.memo)

    def _moves(self, state: CountdownState) -> list[Combination]:
        """Every legal combination: (next items, step text), remembered by the numbers (callers only read the list)."""
        found = self._known.moves.get(state.items)
        if found is None:
            found = self._known.moves[state.items] = self._combinations(state.items)
        return found

    def _combinations(self, items: tuple[Item, ...]) -> list[Combination]:
        out = []
        for i in range(len(items)):
            for j in range(len(items)):
                if i == j or (i > j and items[i][0] == items[j][0]):
                    continue
                lo, hi = min(i, j), max(i, j)
                rest = items[:lo] + items[lo + 1:hi] + items[hi + 1:]
                (a, ea), (b, eb) = items[i], items[j]
                wa, wb, fa, fb = _wrap(ea), _wrap(eb), fmt(a), fmt(b)  # written once for the four operations
                for op in OPS:
                    if op in "+*" and i > j:
                        continue
                    v = combine(a, b, op, self.rules)
                    if v is None:
                        continue
                    nxt = tuple(sorted(rest + ((v, f"{wa} {SHOW[op]} {wb}"),)))
                    out.append((nxt, f"{fa} {SHOW[op]} {fb} = {fmt(v)}"))
        return out

    def propose(self, state: CountdownState, k: int) -> list[Move]:
        if self.is_terminal(state):
            return []
        if state.claim:  # a premature conclusion's last combination made a value near the target: it is declared
            value = next(v for v, e in state.items if e == state.claim)
            text = f"Settle for {fmt(value)}. Answer: {state.claim} = {fmt(value)}"  # as long as the sound "That makes 24."
            return [self._step(dataclasses.replace(state, done=True), text, "answer")]
        hit = self._hit(state)
        if hit is not None:
            text = f"That makes {fmt(self.target)}. Answer: {hit} = {fmt(self.target)}"
            return [self._step(CountdownState(state.items, done=True, slipped=state.slipped), text, "answer")]
        if not self._ok(state.items):
            left = ", ".join(fmt(v) for v, _ in state.items)
            text = f"From {left} there is no way to make {fmt(self.target)} any more. This is a dead end."
            return [self._step(CountdownState(state.items, dead=True, slipped=state.slipped), text, "contradiction")]
        good = self._sound(state.items)
        return [self._step(CountdownState(nxt, slipped=state.slipped), self._say(t, nxt, self._why(nxt)), "deduce")
                for nxt, t in good[:k]]

    def _sound(self, items: tuple[Item, ...]) -> list[Combination]:
        """The combinations after which the target can still be made, in the sound search's order (``_tempting``),
        remembered by the numbers (callers only read the list)."""
        found = self._known.sound.get(items)
        if found is None:
            found = self._known.sound[items] = self._tempting([m for m in self._moves(CountdownState(items)) if self._ok(m[0])],
                                                              self.target)
        return found

    def _plan(self, items: tuple[Item, ...]) -> list[str] | None:
        """The combinations (as "a op b = c") that take ``items`` to the target, or None."""
        if items not in self._plans:
            self._plans[items] = None
            if self._hit(CountdownState(items)) is not None:
                self._plans[items] = []
            elif self._ok(items):
                for nxt, t in self._moves(CountdownState(items)):
                    rest = self._plan(nxt) if self._ok(nxt) else None
                    if rest is not None:
                        self._plans[items] = [t, *rest]
                        break
        return self._plans[items]

    def _why(self, items: tuple[Item, ...]) -> str:
        """Why a step is worth taking, worked back from the target: "and 290 = 291 - 1, with 291 =
        3 × 97 and 97 = 100 - 3" (a plan from the numbers it leaves)."""
        if self._hit(CountdownState(items)) is not None:
            return ""
        return _plan_text(self._plan(items) or [])

    def propose_wrong(self, state: CountdownState, k: int, rng: random.Random) -> list[Move]:
        """A legal step into a dead end, an arithmetic slip, a last combination settling for a near value
        (premature conclusion) or a number misread; only where nothing is wrong yet."""
        if self.is_terminal(state) or state.slipped or self._hit(state) is not None or not self._ok(state.items):
            return []
        moves = self._moves(state)
        makers = [self._dead_end, self._premature, self._slip, self._misread_move]
        rng.shuffle(makers)
        out: list[Move] = []
        for make in makers:  # only as many kinds built as are asked for (the search asks one per expansion)
            if len(out) < k and (move := make(state, moves, rng)) is not None:
                out.append(move)
        return out

    def _options(self, kind: str, items: tuple[Item, ...], find: Callable[[], list[Option]]) -> list[Option]:
        """The wrong moves of ``kind`` to draw one from at ``items`` (``find()``), remembered by the numbers: the search
        and the continued negatives ask at the same states, and only the draw (``rng.choice``) differs."""
        found = self._known.wrong.get((kind, items))
        if found is None:
            found = self._known.wrong[(kind, items)] = find()
        return found

    def _dead_end(self, state: CountdownState, moves: list[Combination], rng: random.Random) -> Move | None:
        options = self._options("dead_end_move", state.items, lambda: self._tempted(
            self._around_sound(moves), lambda m: not self._ok(m[0]) and self._careless(m[0]) is not None))
        return self._wrong(*rng.choice(options), "dead_end_move") if options else None

    def _around_sound(self, moves: list[Combination]) -> list[Combination]:
        """``moves`` nearest first to the sound search's own move in its order, on either side (the one before it,
        the one after, two before, ...): a solver tries moves in an order, and a dead end is any it tried that
        fails, not only those it tried before the one that works."""
        order = self._tempting(moves, self.target)
        sound = next((i for i, m in enumerate(order) if self._ok(m[0])), 0)
        return [order[i] for i in sorted(range(len(order)), key=lambda i: (abs(i - sound), i)) if i != sound]

    def _premature(self, state: CountdownState, moves: list[Combination], rng: random.Random) -> Move | None:
        """Where the sound search's next move makes the target (its last combination), a legal combination that
        makes a value near the target but not it (nor one of the two numbers it combines: "× 1" makes nothing),
        after which the target can no longer be made: the solver settles for it and declares it (the next step,
        ``propose``: "Settle for 25.") rather than looking on. The two numbers of the sound combination
        are taken where they make such a value ("16 - 1 = 15" for "1 + 16 = 17"): a different combination of
        the numbers the sound one would combine. The line is as
        long as the solution; the step check fails the combination (the target is out of reach after it)."""
        settled = self._options("premature_conclusion", state.items, lambda: self._settled(state.items, moves))
        if not settled:
            return None
        (nxt, calc), made = rng.choice(settled)
        return self._step(CountdownState(nxt, slipped=True, claim=made[1]), self._say(calc, nxt), "deduce",
                          wrong=True, error_kind="premature_conclusion")

    def _settled(self, items: tuple[Item, ...], moves: list[Combination]) -> list[tuple[Combination, Item]]:
        """The combinations ``_premature`` draws from at ``items`` ((the combination, the number it makes)), none
        where the sound search's next move does not make the target."""
        sound = self._sound(items)
        if not sound or self._hit(CountdownState(sound[0][0])) is None:
            return []
        settled = [(m, made) for m in self._around_sound(moves) if not self._ok(m[0])
                   and (made := _made(items, m[0]))[0] != self.target and self.band[0] <= made[0] <= self.band[1]
                   and (not self.rules.use_all or len(m[0]) == 1) and made[0] not in _operands(m[1])]
        same = [m for m in settled if sorted(_operands(m[0][1])) == sorted(_operands(sound[0][1]))]
        like = [m for m in same or settled if _opening(m[1][1]) == _opening(self._solution())]
        return (like or same or settled)[:TEMPTING]

    def _slip(self, state: CountdownState, moves: list[Combination], rng: random.Random) -> Move | None:
        options = self._options("arithmetic_slip", state.items, lambda: self._tempted(
            self._tempting(self._slips([(nxt, t) for nxt, t in moves if self._ok(nxt)]), self.target), self._believable))
        return self._wrong(*rng.choice(options), "arithmetic_slip") if options else None

    def _misread_move(self, state: CountdownState, moves: list[Combination], rng: random.Random) -> Move | None:
        """The sound search's own move with one of its given numbers copied one off ("18 × 49" for "18 × 50"),
        where a solver could carry that on: the wrong step reads like the sound one at its place, and its line
        goes on as the solution's does. Else, as before, any misreading in the sound search's order."""
        options = self._options("misread_number", state.items, lambda: self._misread_options(state))
        return self._wrong(*rng.choice(options), "misread_number") if options else None

    def _misread_options(self, state: CountdownState) -> list[Combination]:
        """The misreadings ``_misread_move`` draws from at ``state``."""
        misread = self._misread(state)
        sound = self._sound(state.items)
        mirrored = [m for m in misread if sound and _mirrors(m[1], sound[0][1])]
        if mirrored := [m for m in mirrored if self._believable(m)]:  # the sound move itself, one number misread
            return self._tempted(mirrored)
        ordered = self._tempting(misread, self.target)
        return self._tempted(ordered, lambda m: self._ok(m[0])) or self._tempted(ordered, self._believable)

    def _believable(self, move: Combination) -> bool:
        """Whether a solver could go on from a wrong ``move`` and believe it made the target: the target can still
        be made from its numbers, or a value near it can (``_careless``); from numbers that make nothing near
        the target a solver sees it has missed (it would not take 11 for 18)."""
        return self._ok(move[0]) or self._careless(move[0]) is not None

    def _tempted(self, moves: list[Combination], keep: Callable[[Combination], bool] | None = None) -> list[Combination]:
        """The wrong ``moves`` (in the order given: the sound search's, or nearest its own move) a solver would try
        first, one of which is drawn: of the first ``LOOK`` that ``keep`` holds for (all, without it), the first
        ``TEMPTING`` whose line then ends on an expression that opens as the solution's does where there are any (the
        wrong line reads like the solution to its last line), else the first ``TEMPTING``. ``keep`` and the lines are
        asked no further than that decides, as each may search the numbers."""
        opening = _opening(self._solution()) if moves else ""
        first: list[Combination] = []
        like: list[Combination] = []
        looked = 0
        for m in moves:
            if keep is not None and not keep(m):
                continue
            looked += 1
            if len(first) < TEMPTING:
                first.append(m)
            if _opening(self._ending(m[0])) == opening:  # the line followed to its end
                like.append(m)
                if len(like) == TEMPTING:
                    break
            if looked == LOOK:
                break
        return like or first

    def _ending(self, items: tuple[Item, ...]) -> str:
        """The final expression a line from ``items`` reaches: the sound search's where the target can still be
        made (its best move each time), else the careless line's ("" if none)."""
        if not self._ok(items):
            line = self._careless(items)
            return line[1] if line is not None else ""
        while (hit := self._hit(CountdownState(items))) is None:
            items = self._sound(items)[0][0]
        return hit

    def _slips(self, moves: list[Combination]) -> list[Combination]:
        """``moves`` with their result written one more or one less (where no operation on the same two numbers
        gives that: that would be no slip): (the numbers as the solver then has them, step text)."""
        out = []
        for nxt, t in moves:
            lhs, value = t.rsplit(" = ", 1)
            a, _, b = lhs.split(" ")
            legal = {combine(self._number(x), self._number(y), op, self.rules) for x, y in ((a, b), (b, a)) for op in OPS}
            made = next(it for it in nxt if fmt(it[0]) == value and " " in it[1])
            for slip in (self._number(value) - 1, self._number(value) + 1):
                if slip > 0 and slip not in legal:
                    items = list(nxt)
                    items[items.index(made)] = (slip, made[1])
                    out.append((tuple(sorted(items)), f"{lhs} = {fmt(slip)}"))
        return out

    def _wrong(self, nxt: tuple[Item, ...], calc: str, kind: str) -> Move:
        return self._step(CountdownState(nxt, slipped=True), self._say(calc, nxt, self._believed_why(nxt)), "deduce",
                          wrong=True, error_kind=kind)

    @staticmethod
    def _tempting(moves: list[Combination], goal: Number) -> list[Combination]:
        """``moves`` in the order the sound search takes them towards ``goal``: one that makes it first,
        then by how near their largest number comes to it (so a wrong step is one a solver would try)."""
        return sorted(moves, key=lambda m: (not any(v == goal for v, _ in m[0]), abs(max(v for v, _ in m[0]) - goal)))

    def _misread(self, state: CountdownState) -> list[Combination]:
        """Combinations that take a given number in play as one more or one less (copied wrong), where that
        number is neither given nor in play, so the step cannot be read as using another: (next items, step
        text). The step check fails it (its result does not come from the numbers in play), the line goes
        on as long as a sound one, and an expression that uses the misread number is rejected."""
        standing = {v for v, _ in state.items}
        out = []
        for k, (x, ex) in enumerate(state.items):
            if " " in ex or (k and state.items[k - 1] == (x, ex)):
                continue
            for seen in (x - 1, x + 1):
                if seen <= 0 or seen in standing or seen in self.numbers:
                    continue
                for j, (b, eb) in enumerate(state.items):
                    if j == k:
                        continue
                    rest = tuple(it for i, it in enumerate(state.items) if i not in (j, k))
                    legal = {combine(m, n, op, self.rules) for m, n in ((x, b), (b, x)) for op in OPS}
                    for (p, ep), (q, eq) in (((seen, fmt(seen)), (b, eb)), ((b, eb), (seen, fmt(seen)))):
                        for op in OPS:
                            if op in "+*" and p > q:
                                continue
                            v = combine(p, q, op, self.rules)
                            if v is not None and v not in legal:  # else the real numbers give it: no misreading
                                nxt = tuple(sorted((*rest, (v, f"{_wrap(ep)} {SHOW[op]} {_wrap(eq)}"))))
                                out.append((nxt, f"{fmt(p)} {SHOW[op]} {fmt(q)} = {fmt(v)}"))
        return out

    def conclude_careless(self, state: CountdownState) -> tuple[list[Step], str] | None:
        """Below a slip from which the target cannot be made, a solver that does not notice: it searches as
        the sound search does, taking a value near the target that the numbers can still make for the target,
        and misreads the last combination as making the target ("48 - 23 = 24"), each step saying
        why as the solution's do (the rest of its believed plan, worked back from the target), so the
        slipped line is carried to a final expression that misses the target."""
        if not state.slipped or self.is_terminal(state):
            return None
        careless = self._careless(state.items)
        if careless is None:
            return None
        path, expr = careless
        steps: list[Step] = []
        for i, (after, calc) in enumerate(path):
            why = _plan_text([c for _, c in path[i + 1:]])
            steps.append(self._step(CountdownState(after, slipped=True), self._say(calc, after, why), "deduce").step)
        text = f"That makes {fmt(self.target)}. Answer: {expr} = {fmt(self.target)}"
        steps.append(self._step(CountdownState(path[-1][0], done=True, slipped=True, claim=expr), text, "answer").step)
        return steps, expr

    def _careless(self, items: tuple[Item, ...]) -> tuple[list[Combination], str] | None:
        """The careless line from ``items``: (numbers after, "a op b = c") per combination, the last misread
        as making the target, and the expression it believes makes it; None where there is no such line.

        The solver searches as the sound one does, towards the target and in the same order (a move that
        makes it first, then the one whose largest number comes nearest the target), but it misjudges the
        value nearest the target that the numbers can still make (within the near band, see ``_goals``) as
        the target: a move looks like it keeps the target within reach where that value can still be made,
        and once made it is taken for the target. So
        the line is the one the sound search would play over the same numbers had they made the target,
        its values of the same size, its last combination the one that search would make last."""
        if items not in self._careless_lines:
            self._careless_lines[items] = self._careless_to(items, frozenset(self._goals(items)[:1]))
        return self._careless_lines[items]

    def _careless_to(self, items: tuple[Item, ...], goals: frozenset[Number]) -> tuple[list[Combination], str] | None:
        """The careless line from ``items`` that makes one of ``goals`` and takes it for the target."""
        path: list[Combination] = []
        while True:
            moves = [m for m in self._moves(CountdownState(items)) if goals & self._reach(m[0])]
            if not moves:
                return None
            nxt, t = min(moves, key=lambda m: (not any(v in goals for v, _ in m[0]), abs(max(v for v, _ in m[0]) - self.target)))
            made = _made(items, nxt)
            if made[0] in goals and (not self.rules.use_all or len(nxt) == 1):
                break
            path.append((nxt, t))
            items = nxt
        believed = tuple(sorted([*(Counter(nxt) - Counter([made])).elements(), (self.target, made[1])]))
        path.append((believed, f"{t.rsplit(' = ', 1)[0]} = {fmt(self.target)}"))
        return path, made[1]

    def _goals(self, items: tuple[Item, ...]) -> list[Number]:
        """Values a careless solver may take for the target: those some combination of ``items`` makes
        (other than the target and the numbers already there) within ``near`` of it, nearest first (the
        smaller of two as near), at most ``GOALS``; none where none is that near."""
        standing = {v for v, _ in items}
        low, high = self.band
        # what some combination makes (all but the numbers as they stand) within ``near``: the band first, as the nearest
        # GOALS of all the values made that lie in it are the nearest GOALS of those in it
        made = [v for v in self._reach(items) if low <= v <= high and v not in standing and v != self.target]
        return heapq.nsmallest(GOALS, made, key=lambda v: (abs(v - self.target), v))

    def _solution(self) -> str:
        """The final expression of the sound search's own line (its best move each time), "" if none."""
        if self._known.solved is None:
            state = self.root()
            while not self.is_terminal(state) and (moves := self.propose(state, 1)):
                state = moves[0].next_state
            self._known.solved = self.answer(state) or ""
        return self._known.solved

    def _reach(self, items: tuple[Item, ...]) -> frozenset[Number]:
        """Every value ``items`` can end on: a number in play at some point (with every number to be used,
        the last one left), memoised by the numbers."""
        return _reach(tuple(sorted(v for v, _ in items)), self.rules, self._reaches)

    def _believed_why(self, items: tuple[Item, ...]) -> str:
        """Why a wrong step looked worth taking to the solver that took it: the plan from ``items`` where the
        target can still be made from them, else the careless line it goes on to believe (the solution's
        steps all say why, so a wrong one that did not would give itself away)."""
        if self._ok(items):
            return self._why(items)
        careless = self._careless(items)
        return _plan_text([c for _, c in careless[0]]) if careless is not None else ""

    def _say(self, calc: str, items: tuple[Item, ...], why: str = "") -> str:
        left = ", ".join(fmt(v) for v, _ in items)
        return f"{calc}. Numbers now: {left}" + (f", {why}." if why else ".")

    def _step(self, state: CountdownState, text: str, kind: str, wrong: bool = False, error_kind: str = "") -> Move:
        body: dict[str, object] = {"numbers": [fmt(v) for v, _ in state.items], "exprs": [e for _, e in state.items]}
        if state.dead:
            body["dead_end"] = True
        return Move(Step(text=text, state=json.dumps(body), kind=kind, intended_wrong=wrong,
                         error_kind=error_kind if wrong else ""), state)


def _made(before: tuple[Item, ...], after: tuple[Item, ...]) -> Item:
    """The number a combination made: the one in ``after`` that was not in ``before``."""
    return next(iter((Counter(after) - Counter(before)).elements()))


def _operands(calc: str) -> tuple[Fraction, Fraction]:
    """The two numbers "a op b = c" combines: a solver settling for a value does not make one it holds (× 1, ÷ 1)."""
    a, _, b = calc.rsplit(" = ", 1)[0].split(" ")
    return Fraction(a), Fraction(b)


def _mirrors(calc: str, sound: str) -> bool:
    """Whether ``calc`` ("a op b = c") is the combination ``sound`` with one of its two numbers written one
    more or one less, in the same place and with the same operation: the sound move, one number misread."""
    (a, op, b), (x, sop, y) = calc.rsplit(" = ", 1)[0].split(" "), sound.rsplit(" = ", 1)[0].split(" ")
    if op != sop:
        return False
    return (a == x and abs(Fraction(b) - Fraction(y)) == 1) or (b == y and abs(Fraction(a) - Fraction(x)) == 1)


def _plan_text(calcs: list[str]) -> str:
    """A plan ("a op b = c" in the order played) worked back from the target: "and 290 = 291 - 1, with
    291 = 3 × 97 and 97 = 100 - 3"; "" for none."""
    plan = [_backward(calc) for calc in reversed(calcs)]
    if not plan:
        return ""
    return f"and {plan[0]}" + (f", with {', '.join(plan[1:-1])}{' and ' if len(plan) > 2 else ''}{plan[-1]}" if len(plan) > 1 else "")


def _backward(calc: str) -> str:
    """"3 × 97 = 291" read from the result: "291 = 3 × 97"."""
    lhs, value = calc.rsplit(" = ", 1)
    return f"{value} = {lhs}"


def _reach(values: tuple[Number, ...], rules: Rules, memo: dict[tuple[Number, ...], frozenset[Number]]) -> frozenset[Number]:
    """The values ``values`` (sorted) can end on under ``rules`` (see ``CountdownSpace._reach``)."""
    if rules.whole and all(v.denominator == 1 for v in values):  # the same on ints (equal keys and values, hashed faster)
        return _reach_whole(tuple(int(v) for v in values), rules.use_all, memo)  # type: ignore[arg-type]  # an int is its Fraction here
    if values in memo:
        return memo[values]
    out: set[Number] = set(values) if not rules.use_all or len(values) == 1 else set()
    for rest, v in moves(values, rules):
        out |= _reach(tuple(sorted((*rest, v))), rules, memo)
    memo[values] = frozenset(out)
    return memo[values]


def _reach_whole(values: tuple[int, ...], use_all: bool, memo: dict[tuple[int, ...], frozenset[int]]) -> frozenset[int]:
    """``_reach`` under whole-number rules, on ints."""
    if values not in memo:
        out: set[int] = set(values) if not use_all or len(values) == 1 else set()
        if len(values) == 2:  # the last combination: what it makes (each result, left alone, ends on itself)
            out.update(v for _, v in whole_moves(values))
        else:
            for rest, v in whole_moves(values):
                out |= _reach_whole(tuple(sorted((*rest, v))), use_all, memo)
        memo[values] = frozenset(out)
    return memo[values]


def _opening(expr: str) -> str:
    """How an expression opens, numbers masked: its first four tokens ("(# + #) ×"), as a reader glances at it."""
    return " ".join(re.sub(r"\d+", "#", expr).split()[:4])


def _wrap(expr: str) -> str:
    return f"({expr})" if " " in expr else expr


SPACES.register("countdown", CountdownSpace)
