"""Step space for countdown / 24: combine two numbers at a time until the target appears.

A state is the multiset of numbers still in play, each with the expression that made it. Moves
are the legal combinations that keep the target reachable (an exhaustive, memoised search decides),
so every proposed step is one a solver that looked ahead would take, and each says why: the rest of
a plan from the numbers it leaves to the target, worked back from it ("and 100 = 10 × 10"). Wrong moves on request: a
legal combination after which the target can no longer be made (``dead_end_move``, checked by the
same search), an arithmetic slip (``arithmetic_slip``: a result off by one), or the target declared
made by an expression that misses it (``premature_conclusion``). The step check rejects each (a
step must keep the target reachable by one legal operation; an answer must make the target).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from fractions import Fraction

from cotforge.domains.countdown import OPS, SHOW, Rules, combine, fmt, solvable
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space

Item = tuple[Fraction, str]


@dataclass(frozen=True, slots=True)
class CountdownState:
    items: tuple[Item, ...]
    dead: bool = False
    done: bool = False
    slipped: bool = False
    claim: str = ""
    """An answer declared without the target being made (a wrong move's)."""


class CountdownSpace(Space[CountdownState]):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        data = problem.data()
        self.numbers = [Fraction(int(x)) for x in data["numbers"]]
        self.target = Fraction(int(data["target"]))
        self.rules = Rules(use_all=bool(data["use_all"]), whole=bool(data["whole"]))
        self.memo: dict = {}
        self._plans: dict[tuple[Item, ...], list[str] | None] = {}

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

    def _moves(self, state: CountdownState) -> list[tuple[tuple[Item, ...], str]]:
        """Every legal combination: (next items, step text)."""
        out = []
        items = state.items
        for i in range(len(items)):
            for j in range(len(items)):
                if i == j or (i > j and items[i][0] == items[j][0]):
                    continue
                rest = tuple(it for k, it in enumerate(items) if k not in (i, j))
                (a, ea), (b, eb) = items[i], items[j]
                for op in OPS:
                    if op in "+*" and i > j:
                        continue
                    v = combine(a, b, op, self.rules)
                    if v is None:
                        continue
                    expr = f"{_wrap(ea)} {SHOW[op]} {_wrap(eb)}"
                    nxt = tuple(sorted(rest + ((v, expr),)))
                    out.append((nxt, f"{fmt(a)} {SHOW[op]} {fmt(b)} = {fmt(v)}"))
        return out

    def propose(self, state: CountdownState, k: int) -> list[Move]:
        if self.is_terminal(state):
            return []
        hit = self._hit(state)
        if hit is not None:
            text = f"That makes {fmt(self.target)}. Answer: {hit} = {fmt(self.target)}"
            return [self._step(CountdownState(state.items, done=True, slipped=state.slipped), text, "answer")]
        if not self._ok(state.items):
            left = ", ".join(fmt(v) for v, _ in state.items)
            text = f"From {left} there is no way to make {fmt(self.target)} any more. This is a dead end."
            return [self._step(CountdownState(state.items, dead=True, slipped=state.slipped), text, "contradiction")]
        good = [(nxt, t) for nxt, t in self._moves(state) if self._ok(nxt)]
        good.sort(key=lambda m: (not any(v == self.target for v, _ in m[0]), abs(max(v for v, _ in m[0]) - self.target)))
        return [self._step(CountdownState(nxt, slipped=state.slipped), self._say(t, nxt, self._why(nxt)), "deduce")
                for nxt, t in good[:k]]

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
        """A legal step into a dead end, or an arithmetic slip; only where nothing is wrong yet."""
        if self.is_terminal(state) or state.slipped or self._hit(state) is not None or not self._ok(state.items):
            return []
        moves = self._moves(state)
        out = []
        dead = [(nxt, t) for nxt, t in moves if not self._ok(nxt)]
        if dead:
            nxt, t = rng.choice(dead)
            out.append(self._step(CountdownState(nxt, slipped=True), self._say(t, nxt, self._believed_why(nxt)), "deduce",
                                  wrong=True, error_kind="dead_end_move"))
        near = min((it for it in state.items if " " in it[1]), key=lambda it: abs(it[0] - self.target), default=None)
        if near is not None and near[0] != self.target and abs(near[0] - self.target) <= max(Fraction(3), self.target / 20):
            text = f"{near[1]} is {fmt(near[0])}, which is the target near enough. Answer: {near[1]} = {fmt(self.target)}"
            out.append(self._step(CountdownState(state.items, done=True, slipped=True, claim=near[1]), text, "answer",
                                  wrong=True, error_kind="premature_conclusion"))
        if moves:
            nxt, t = rng.choice(moves)
            lhs, value = t.rsplit(" = ", 1)
            slip = Fraction(value) + rng.choice((-1, 1))
            a, _, b = lhs.split(" ")
            legal = {combine(Fraction(x), Fraction(y), op, self.rules) for x, y in ((a, b), (b, a)) for op in OPS}
            if slip > 0 and slip not in legal:  # a slip that another operation would give is no slip
                made = next(it for it in nxt if it[1] and fmt(it[0]) == value and " " in it[1])
                items = list(nxt)
                items[items.index(made)] = (slip, made[1])
                text = self._say(f"{lhs} = {fmt(slip)}", tuple(sorted(items)), self._believed_why(tuple(sorted(items))))
                out.append(self._step(CountdownState(tuple(sorted(items)), slipped=True), text, "deduce", wrong=True,
                                      error_kind="arithmetic_slip"))
        rng.shuffle(out)
        return out[:k]

    def conclude_careless(self, state: CountdownState) -> tuple[list[Step], str] | None:
        """Below a slip from which the target cannot be made, a solver that does not notice: each time
        the combination that comes closest to the target, the last one misread as making it ("48 - 23 =
        24"), each step saying why as the solution's do (the rest of its believed plan, worked back from
        the target), so the slipped line is carried to a final expression that misses the target."""
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

    def _careless(self, items: tuple[Item, ...]) -> tuple[list[tuple[tuple[Item, ...], str]], str] | None:
        """The careless line from ``items``: (numbers after, "a op b = c") per combination, the last misread
        as making the target, and the expression it believes makes it; None where there is no such line."""
        if len(items) < 2:
            return None
        path: list[tuple[tuple[Item, ...], str]] = []
        while True:
            moves = self._moves(CountdownState(items))
            if not moves:
                return None
            nxt, t = min(moves, key=lambda m: (min(abs(v - self.target) for v, _ in m[0]), len(m[0])))
            if len(nxt) == 1 or any(v == self.target for v, _ in nxt):
                break
            path.append((nxt, t))
            items = nxt
        made = [it for it in nxt if " " in it[1] and it not in items]
        if len(made) != 1 or made[0][0] == self.target:
            return None
        expr = made[0][1]
        believed = tuple(sorted([it for it in nxt if it[1] != expr] + [(self.target, expr)]))
        path.append((believed, f"{t.rsplit(' = ', 1)[0]} = {fmt(self.target)}"))
        return path, expr

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


def _wrap(expr: str) -> str:
    return f"({expr})" if " " in expr else expr


SPACES.register("countdown", CountdownSpace)
