"""Solving a linear system by elimination and substitution, one idea per step, in exact rows.

The state is the system's rows (``Fraction`` coefficients) and which equations are still as
written (brackets, unknowns on both sides). Moves: rewrite one written equation in standard
form; combine two equations to eliminate an unknown (the arithmetic shown, nothing divided);
divide an equation by a common factor or by its one coefficient; substitute a known value
(the product shown). Each keeps the solution set.

Wrong moves on request, of a named kind, kept only if exact elimination shows the solution
changed: ``sign_slip`` (a sign lost in the combined constant or a coefficient, or a moved term
keeping its sign), ``arithmetic_slip`` (a sum miscounted: by a coefficient beside it, twice that,
by one, or by the least amount that keeps every value whole), ``coefficient_slip`` (a coefficient
off by one), ``distribution_error`` (a multiplier applied to the unknowns but not the constant, or
a bracket multiplied into its first term only), ``wrong_inverse`` / ``inverted_division`` (dividing
the wrong way, or subtracting the coefficient), ``dropped_coefficient`` (a substituted value not
multiplied by its coefficient), ``copy_slip`` (a value copied wrong when substituted: a digit or
its sign). Each kind comes in its variants (which term, which way); the ones offered first are those
whose line, carried on by sound moves, reads like the solution's: whole values, as many steps, no
longer (``EliminationSpace._untidiness``).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from math import gcd

from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.domains.latex_answer import number, tuple_of
from cotforge.solvers.spaces._elimination_memo import RowFacts, memos_for
from cotforge.solvers.spaces._elimination_rows import (
    ZERO,
    divided,
    divisor,
    fractions,
    solved,
    solved_unknown,
    whole,
    whole_row,
    whole_texts,
)
from cotforge.domains.linear import (
    Disguise,
    Row,
    bumped,
    disguised_text,
    expanded_text,
    miscounts,
    row_text,
    rows_from_json,
    solve,
    tex_sum,
    tex_term,
)

ORDINAL = ("first", "second", "third", "fourth")
ELIMINATIONS = 2
"""Eliminations offered per state (the cheapest): more only multiplies equivalent orders."""
_OPEN, _SEP, _CLOSE = r"\begin{cases} ", r" \\ ", r" \end{cases}"
"""A step's system in LaTeX: its rows between these, this between each two."""
_NOW, _END = ". The system is now $", "$."
"""A step's text: its words, these around the system's LaTeX."""
_UNWALKED = (1,)
"""The rank of a wrong move with fraction values whose line is not walked: after every whole-valued move, before every
move with no single solution (``EliminationSpace._rank_wrong``)."""


@dataclass(frozen=True, slots=True)
class SystemState:
    rows: tuple[Row, ...]
    pending: frozenset[int] = frozenset()
    """Equations still as written (their row is known, their text is the original one)."""
    slipped: bool = False
    """A wrong move led here: no further wrong moves are offered (one labelled error per chain)."""
    _hash: int = field(default=0, init=False, compare=False, repr=False)
    """The hash, computed once: a state is a key of several memos and of the search's tree (its whole entries are
    ``int``s, hashed as their ``Fraction``s are, so equal states hash alike)."""

    def __hash__(self) -> int:
        if not self._hash:
            object.__setattr__(self, "_hash", hash((self.rows, self.pending, self.slipped)) or 1)
        return self._hash


class EliminationSpace(Space[SystemState]):
    """Elimination over the rows of one system."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        data = problem.data()
        self.names: tuple[str, ...] = tuple(data["variables"])
        self.equations: list[str] = data["equations"]
        self.rows = tuple(whole_row(r) for r in rows_from_json(data["rows"]))  # whole entries as ints (``_elimination_rows``)
        self.disguises = {int(i): Disguise(m, tuple(inner), s) for i, (m, inner, s) in data.get("disguises", {}).items()}
        self.n = len(self.names)
        self.truth = solve(fractions(self.rows))
        system = (self.names, tuple(self.equations), tuple(sorted(self.disguises.items())), self.rows)
        memos = memos_for(system)  # shared with the other spaces of this system: every entry is a function of the state
        self._memo = memos.eliminations
        self._built = memos.built
        self._steps_left = memos.walks
        self._texts = memos.texts
        self._solutions = memos.solutions
        self._ranked = memos.ranked
        self._row_facts = memos.facts

    def root(self) -> SystemState:
        return SystemState(self.rows, frozenset(self.disguises))

    def key(self, state: SystemState) -> SystemState:
        return state  # equal exactly when rows, pending and slipped are (its hash is kept)

    def _solved(self, row: Row) -> int | None:
        """The unknown a row gives outright (``x = 3``), if any."""
        return self._facts(row)[1]

    def _facts(self, row: Row) -> RowFacts:
        """The row, the unknown it gives outright (if any), what the divide step divides it by (if anything), the
        unknowns it has and its coefficients as (numerator, denominator): once per row object (a move shares the
        rows it does not rewrite, and the row is kept, so its id is not reused while it is here)."""
        found = self._row_facts.get(id(row))
        if found is None or found[0] is not row:
            support = frozenset(v for v, c in enumerate(row[0]) if c)
            pairs = tuple((c.numerator, c.denominator) for c in row[0])
            found = self._row_facts[id(row)] = (row, solved_unknown(row), divisor(row), support, pairs)
        return found

    def _solve(self, state: SystemState) -> tuple[Fraction, ...] | None:
        """``linear.solve`` of the state's rows, once per state (a wrong move's are solved to keep it and to rank it)."""
        if state not in self._solutions:
            self._solutions[state] = solved(state.rows)
        return self._solutions[state]

    def is_terminal(self, state: SystemState) -> bool:
        if state.pending:
            return False
        solved = []
        for r in state.rows:
            facts = self._facts(r)
            if not facts[3]:
                return True  # 0 = b: the slip made the system inconsistent (or lost an equation)
            solved.append(-1 if facts[1] is None else facts[1])
        return sorted(solved) == list(range(self.n))

    def answer(self, state: SystemState) -> str | None:
        if state.pending or not self.is_terminal(state) or any(self._solved(r) is None for r in state.rows):
            return None
        values = {self._solved(r): r[1] for r in state.rows}
        return tuple_of(number(values[i]) for i in range(self.n))  # answer_latex of the tuple's text, unparsed

    def heuristic(self, state: SystemState) -> float:
        """Steps the first-choice path still takes (exact along that path, so best-first walks it)."""
        return self._rest(state)[0]

    def _rest(self, state: SystemState) -> tuple[float, int]:
        """Steps the first-choice path from ``state`` still takes (100 more if it ends on no answer), and the
        characters of their texts and of the answer it ends on."""
        steps, chars, answered = self._walk(state)
        return (float(steps if answered else steps + 100), chars)

    def _walk(self, state: SystemState) -> tuple[int, int, bool]:
        """The first-choice path from ``state`` (at most 60 steps): its steps, the characters of their texts and of
        the answer it ends on, and whether it ends on one. A path that ends by itself within the bound is
        remembered for every state on it, and a later walk that meets one of them adds that state's sums: the same
        sums as walking on, since the first choice depends on the state alone."""
        if state in self._steps_left:
            return self._steps_left[state]
        path: list[tuple[SystemState, int]] = []
        current, tail = state, None
        while not self.is_terminal(current) and len(path) < 60:
            first = self._first(current)
            if first is None:
                break
            path.append((current, first[1]))
            current = first[0]
            if current in self._steps_left:
                tail = self._steps_left[current]
                break
        if tail is None:
            answer = self.answer(current)
            tail = (0, len(answer or ""), answer is not None)
        if len(path) + tail[0] >= 60:  # the bound may cut this path: sum it alone, for this start only
            steps, chars, current = 0, 0, state
            while not self.is_terminal(current) and steps < 60:
                first = self._first(current)
                if first is None:
                    break
                current, steps, chars = first[0], steps + 1, chars + first[1]
            answer = self.answer(current)
            self._steps_left[state] = (steps, chars + len(answer or ""), answer is not None)
            return self._steps_left[state]
        steps, chars, answered = tail
        self._steps_left[current] = tail
        for s, n in reversed(path):
            steps, chars = steps + 1, chars + n
            self._steps_left[s] = (steps, chars, answered)
        return self._steps_left[state]

    def _first(self, state: SystemState) -> tuple[SystemState, int] | None:
        """The first-choice move's next state and the length of its step's text (what ``propose(state, 1)[0]``
        would give), worked out without writing the step: its words and the rows' texts, not the system's."""
        choices = self._choices(state, 1)
        if not choices:
            return None
        if choices[0][0] == "eliminate":
            built = self._built.get((state, *choices[0][1]))
            if built is not None:
                return built.next_state, len(built.step.text)
        new, text, _ = self._draft(state, choices[0])
        rows = range(len(new.rows))
        tex = len(_OPEN) + len(_CLOSE) + len(_SEP) * (len(new.rows) - 1) + sum(len(self._row(new, i, True)) for i in rows)
        return new, len(text) + len(_NOW) + tex + len(_END)

    # --- texts --------------------------------------------------------------------------------

    def _row(self, state: SystemState, i: int, tex: bool) -> str:
        if i in state.pending:
            return disguised_text(state.rows[i], self.disguises[i], self.names, tex) if tex else self.equations[i]
        return self._row_text(state.rows[i], tex)

    def _row_text(self, row: Row, tex: bool) -> str:
        """``row_text`` of a row in this system's names, once per row object: a move rewrites one row and shares the
        others with the state before, so their texts are found by identity (the row is kept with its texts, so
        its id is not reused while it is in the memo)."""
        found = self._texts.get(id(row))
        if found is None or found[0] is not row:  # a row with a fraction: its LaTeX now, its machine text when asked
            texts = whole_texts(row, self.names)
            found = self._texts[id(row)] = (row, *texts) if texts else (row, None, row_text(row, self.names, tex=True))
        if tex:
            return found[2]
        machine = found[1]
        if machine is None:
            machine = row_text(row, self.names)
            self._texts[id(row)] = (row, machine, found[2])
        return machine

    def _move(self, state: SystemState, text: str, kind: str, wrong: str = "") -> Move:
        rows = range(len(state.rows))
        machine = "; ".join(self._row(state, i, False) for i in rows)
        tex = _OPEN + _SEP.join(self._row(state, i, True) for i in rows) + _CLOSE
        step = Step(f"{text}{_NOW}{tex}{_END}", machine, kind, intended_wrong=bool(wrong), latex=tex, error_kind=wrong)
        return Move(step, state if state.slipped or not wrong else SystemState(state.rows, state.pending, True))

    def _eq(self, row: Row) -> str:
        return "$" + self._row_text(row, True) + "$"

    @staticmethod
    def _with(state: SystemState, i: int, row: Row, done: bool = False) -> SystemState:
        rows = state.rows[:i] + (row,) + state.rows[i + 1 :]
        return SystemState(rows, state.pending - {i} if done else state.pending, state.slipped)

    # --- sound moves --------------------------------------------------------------------------

    def propose(self, state: SystemState, k: int) -> list[Move]:
        out = []
        for choice in self._choices(state, k):
            if choice[0] == "eliminate":
                out.append(self._elimination_move(state, *choice[1]))
            else:
                out.append(self._move(*self._draft(state, choice)))
        return out

    def _choices(self, state: SystemState, k: int) -> list[tuple[str, tuple[int, ...]]]:
        """Which sound moves ``propose`` offers, as (what, where): ``standard`` (i), ``divide`` (i), ``substitute``
        (i, j, unknown), ``eliminate`` (i, j, unknown); ``_draft`` works each one out."""
        if state.slipped:
            k = 1  # past a slip the chain goes on one way, as the student who slipped would
        if state.pending:
            return [("standard", (min(state.pending),))]
        for i, row in enumerate(state.rows):
            if self._facts(row)[2] is not None:
                return [("divide", (i,))]
        subs: list[tuple[str, tuple[int, ...]]] = []
        for i in range(len(state.rows)):  # the first k substitutions, found only as far as needed
            if len(subs) >= k and subs:
                break
            if (where := self._substitute(state, i)) is not None:
                subs.append(("substitute", where))
        if subs:
            return subs[:k]
        return [("eliminate", where) for _, where in self._eliminations(state)[: min(k, ELIMINATIONS)]]

    def _draft(self, state: SystemState, choice: tuple[str, tuple[int, ...]]) -> tuple[SystemState, str, str]:
        """A sound move's next state, its words (the step's text before the system) and its kind."""
        what, where = choice
        if what == "standard":
            return (*self._standard_draft(state, where[0]), "standard_form")
        if what == "divide":
            return (*self._divide_draft(state, where[0]), "divide")
        if what == "substitute":
            i, j, var = where
            return (*self._substitution_draft(state, i, j, var, state.rows[i][1]), "substitute")
        i, j, var = where
        return (*self._elimination_draft(state, i, j, var), "eliminate")

    def _elimination_move(self, state: SystemState, i: int, j: int, v: int) -> Move:
        """The sound elimination move (``_elimination``), built once per state and choice."""
        key = (state, i, j, v)
        move = self._built.get(key)
        if move is None:
            move = self._built[key] = self._elimination(state, i, j, v)
        return move

    def _standard(self, state: SystemState, i: int, wrong: str = "", row: Row | None = None) -> Move:
        return self._move(*self._standard_draft(state, i, wrong, row), "standard_form", wrong)

    def _standard_draft(self, state: SystemState, i: int, wrong: str = "", row: Row | None = None) -> tuple[SystemState, str]:
        d = self.disguises[i]
        new = self._with(state, i, whole_row(row) if row is not None else state.rows[i], done=True)
        if wrong:  # the slip happened while expanding or moving: the working is not shown right
            text = f"Expand the bracket in the {ORDINAL[i]} equation and bring the unknowns to the left: {self._eq(new.rows[i])}"
        else:
            expanded = "$" + expanded_text(state.rows[i], d, self.names, tex=True) + "$"
            text = f"Expand the bracket in the {ORDINAL[i]} equation, {expanded}, and bring the unknowns to the left: {self._eq(new.rows[i])}"
        return new, text

    def _divide(self, state: SystemState, i: int) -> Move:
        """The divide step at row ``i`` (one whose row has a ``divisor``)."""
        return self._move(*self._divide_draft(state, i), "divide")

    def _divide_draft(self, state: SystemState, i: int) -> tuple[SystemState, str]:
        row = state.rows[i]
        c = self._facts(row)[2]
        assert c is not None
        new = self._with(state, i, divided(row, c))
        return new, f"Divide the {ORDINAL[i]} equation by ${number(c)}$: {self._eq(new.rows[i])}"

    def _substitute(self, state: SystemState, i: int) -> tuple[int, int, int] | None:
        """Where row ``i``'s value is substituted (``(i, j, unknown)``), if it gives one and another row has it."""
        var = self._solved(state.rows[i])
        if var is None:
            return None
        target = next((j for j, r in enumerate(state.rows) if j != i and r[0][var]), None)
        if target is None:
            return None
        return i, target, var

    def _substitution(self, state: SystemState, i: int, j: int, var: int, value: Fraction, wrong: str = "", const: Fraction | None = None) -> Move:
        return self._move(*self._substitution_draft(state, i, j, var, value, const), "substitute", wrong)

    def _substitution_draft(self, state: SystemState, i: int, j: int, var: int, value: Fraction, const: Fraction | None = None) -> tuple[SystemState, str]:
        row = state.rows[j]
        c = row[0][var]
        coeffs = tuple(ZERO if t == var else x for t, x in enumerate(row[0]))
        new_row = (coeffs, whole(row[1] - c * value if const is None else const))
        name = self.names[var]
        terms = [number(c * value) if t == var else tex_term(x, self.names[t]) for t, x in enumerate(row[0]) if x != 0]
        shown = f"{tex_sum(terms)} = {number(row[1])}"
        text = f"Substitute ${name} = {number(state.rows[i][1])}$ into the {ORDINAL[j]} equation: ${shown}$, so {self._eq(new_row)}"
        return self._with(state, j, new_row), text

    def _eliminations(self, state: SystemState) -> list[tuple[tuple[int, int], tuple[int, int, int]]]:
        """Pairs of equations and a shared unknown (``(i, j, v)``: row j loses unknown v by row i), cheapest
        multipliers first (each shrinks the system); only the rows are computed here, a move when it is taken."""
        if state in self._memo:
            return self._memo[state]
        rows = state.rows
        facts = [self._facts(r) for r in rows]
        support = [f[3] for f in facts]
        pairs = [f[4] for f in facts]
        unsolved = [f[1] is None for f in facts]
        nested = any(i != j and support[i] <= support[j] and unsolved[i] for i in range(len(rows)) for j in range(len(rows)))
        out = []
        for i, a in enumerate(rows):
            for j, b in enumerate(rows):
                if i == j or not unsolved[i] or not unsolved[j]:
                    continue
                if nested and not support[i] <= support[j]:
                    continue
                if len(support[j]) < len(support[i]) or (len(support[j]) == len(support[i]) and j < i):
                    continue  # one orientation per pair: replace the equation with more unknowns (else the later one)
                for v in sorted(support[i] & support[j]):
                    # kb*b - ka*a is (a[v]*b - b[v]*a)/g up to sign: zero where these agree (compared over whole
                    # numbers: p/q * r/s != t/u * w/z exactly when p*r*u*z != t*w*q*s, denominators positive)
                    (avn, avd), (bvn, bvd) = pairs[i][v], pairs[j][v]
                    left = sum(1 for (xn, xd), (yn, yd) in zip(pairs[i], pairs[j]) if avn * yn * bvd * xd != bvn * xn * avd * yd)
                    out.append(((left, int(abs(b[0][v]) + abs(a[0][v]))), (i, j, v)))
        out.sort(key=lambda item: item[0])
        self._memo[state] = out
        return out

    def _multipliers(self, a: Row, b: Row, v: int) -> tuple[Fraction, Fraction]:
        """``kb * b - ka * a`` removes unknown ``v``, with the smallest positive ``kb``."""
        ka, kb = b[0][v], a[0][v]
        if ka.denominator == kb.denominator == 1:
            g = gcd(int(ka), int(kb))
            ka, kb = int(ka) // g, int(kb) // g  # type: ignore[assignment]
        return (-ka, -kb) if kb < 0 else (ka, kb)

    def _combined(self, a: Row, b: Row, v: int) -> Row:
        """``kb * b - ka * a``: row ``b`` with unknown ``v`` eliminated by row ``a``."""
        if all(c.denominator == 1 for c in (*a[0], a[1], *b[0], b[1])):  # whole rows: the same sums in integers
            p, q = int(b[0][v]), int(a[0][v])
            g = gcd(p, q)
            p, q = (-p // g, -q // g) if q < 0 else (p // g, q // g)
            coeffs: tuple[int, ...] = tuple(q * int(y) - p * int(x) for x, y in zip(a[0], b[0]))
            return coeffs, q * int(b[1]) - p * int(a[1])  # type: ignore[return-value]
        ka, kb = self._multipliers(a, b, v)
        return whole_row((tuple(kb * y - ka * x for x, y in zip(a[0], b[0])), kb * b[1] - ka * a[1]))

    def _elimination(self, state: SystemState, i: int, j: int, v: int, wrong: str = "", row: Row | None = None) -> Move:
        return self._move(*self._elimination_draft(state, i, j, v, row), "eliminate", wrong)

    def _elimination_draft(self, state: SystemState, i: int, j: int, v: int, row: Row | None = None) -> tuple[SystemState, str]:
        a, b = state.rows[i], state.rows[j]
        ka, kb = self._multipliers(a, b, v)
        combined = whole_row(row) if row is not None else self._combined(a, b, v)
        text = self._elimination_text(i, j, ka, kb, self.names[v]) + f": {self._eq(combined)}"
        return self._with(state, j, combined), text

    def _elimination_text(self, i: int, j: int, ka: Fraction, kb: Fraction, name: str) -> str:
        """Words for "replace equation j by kb*(j) - ka*(i)", multipliers shown only when not 1."""
        verb, prep = ("Subtract", "from") if ka > 0 else ("Add", "to")
        first = f"the {ORDINAL[i]} equation" if abs(ka) == 1 else f"${number(abs(ka))}$ times the {ORDINAL[i]} equation"
        second = f"the {ORDINAL[j]}" if kb == 1 else f"${number(kb)}$ times the {ORDINAL[j]}"
        return f"{verb} {first} {prep} {second} to eliminate ${name}$"

    # --- wrong moves --------------------------------------------------------------------------

    def propose_wrong(self, state: SystemState, k: int, rng: random.Random) -> list[Move]:
        """The ``k`` tidiest wrong moves of every kind and variant (see ``_untidiness``); among equally tidy
        ones a kind's first variant before another's second, ties in random order."""
        if state.slipped:
            return []
        found = self._ranked.get(state)
        if found is None:
            found = self._ranked[state] = self._rank_wrong(state, exact=False)
        if found[1] < min(k, len(found[0])):
            found = self._ranked[state] = self._rank_wrong(state, exact=True)
        scored = list(found[0])
        rng.shuffle(scored)
        scored.sort(key=lambda t: t[0])
        return [m for _, m in scored[:k]]

    def _rank_wrong(self, state: SystemState, exact: bool) -> tuple[list[tuple[tuple[int, ...], Move]], int]:
        """Every wrong move ``propose_wrong`` may offer at ``state``, with its rank (before the shuffle), and how
        many of the first places after the sort are sure. ``exact``: every rank, all sure. Else the whole-valued
        moves' places: a move whose values are fractions is ranked ``_UNWALKED`` without walking its line (most of
        the walking, and the longer lines). The list is as long (one move per row reached), and the whole-valued
        moves (first in their kinds, ranked exactly) are owned by the same kinds at the same places: an unwalked
        rank only changes which of its kind's rows a kind takes first once its whole-valued rows are taken, and
        where another kind reaches one of those rows the kind is ranked exactly. Every other move still sorts after
        them, so the same shuffle and sort give the same first places."""
        sound = self._rest(state)
        kinds = [[m for m in variants if self._solve(m.next_state) != self.truth] for variants in self._wrong(state).values()]
        ranks = [self._ranked_kind(kind, sound, exact) for kind in kinds]
        reach = Counter(rows for kind in kinds for rows in {m.next_state.rows for m in kind})
        # a row two kinds reach is one step text: it goes to one kind, each kind first getting its tidiest row of its own
        owned: list[list[tuple[tuple[int, ...], Move]]] = [[] for _ in ranks]
        seen: set[tuple[Row, ...]] = set()
        for later, rounds in enumerate((1, len(max(ranks, key=len, default=[])))):
            for t, own in enumerate(owned):
                if not later and next((key for key, move in ranks[t] if move.next_state.rows not in seen), None) is _UNWALKED:
                    left = {m.next_state.rows for key, m in ranks[t] if key is _UNWALKED and m.next_state.rows not in seen}
                    if len(left) > 1 and any(reach[rows] > 1 for rows in left):  # which it takes first decides who owns a row
                        ranks[t] = self._ranked_kind(kinds[t], sound, True)
                for key, move in ranks[t]:
                    if len(own) >= rounds:
                        break
                    if move.next_state.rows not in seen:
                        seen.add(move.next_state.rows)
                        own.append((key, move))
        out = [((*key, n), move) for own in owned for n, (key, move) in enumerate(sorted(own, key=lambda t: t[0]))]
        return out, len(out) if exact else sum(1 for key, _ in out if key[0] == 0)

    def _ranked_kind(self, moves: list[Move], sound: tuple[float, int], exact: bool) -> list[tuple[tuple[int, ...], Move]]:
        """One kind's wrong moves, tidiest first (``_untidiness``; a stable sort keeps the variants' order on ties)."""
        return sorted(((self._untidiness(m, sound, exact), m) for m in moves), key=lambda t: t[0])

    def _untidiness(self, move: Move, sound: tuple[float, int], exact: bool = True) -> tuple[int, ...]:
        """How far a wrong move's line, carried on by sound moves, will read unlike the solution's (``sound``:
        the steps and characters of the sound line from here), in order: fractions in the values it ends on,
        another number of steps, more characters (numbers of a larger size), as many characters, how many
        characters apart. A slip is a slip either way; among the ones a student makes at this step, one whose
        numbers stay the solution's size is what a careless solution looks like: a wrong inverse multiplying
        -5m = 5 into m = -25 made the rest of the text longer in 412 of 465 pairs, and every slip offered first
        lengthened it in 1,521 of 2,952 pairs (shorter in 333), which a surface probe reads. Shorter lines come
        before equal ones because the slips that stay whole still lean longer (a sign kept makes a larger sum)
        and ``continue_negative.choose`` takes a new error kind before a line of the solution's length.
        Not ``exact``: a move with fraction values is ``_UNWALKED`` (``_rank_wrong``)."""
        values = self._solve(move.next_state)
        if values is None:
            return (2, 0, 0, 0)  # no single point: the line ends in a contradiction or a free unknown
        odd = int(any(v.denominator != 1 for v in values))
        if odd and not exact:
            return _UNWALKED
        steps, chars = self._rest(move.next_state)
        longer = chars + len(move.step.text) - sound[1]
        return (odd, int(steps + 1 != sound[0]), int(longer > 0), int(longer == 0), abs(longer))

    def _wrong(self, state: SystemState) -> dict[str, list[Move]]:
        """The wrong moves of the step due here, by error kind, each kind in its variants (which term, which way)."""
        if state.pending:
            return self._wrong_standard(state, min(state.pending))
        for i, row in enumerate(state.rows):
            if self._facts(row)[2] is not None:
                return self._wrong_divide(state, i)
        subs = [(i, j, v) for i, r in enumerate(state.rows) if (v := self._solved(r)) is not None for j, t in enumerate(state.rows) if j != i and t[0][v]]
        if subs:
            return self._wrong_substitution(state, *subs[0])
        return self._wrong_elimination(state)

    def _wrong_standard(self, state: SystemState, i: int) -> dict[str, list[Move]]:
        row, d = state.rows[i], self.disguises[i]
        coeffs, const = row
        (inner, s), (right, _) = d.sides(row)
        first = next(t for t, q in enumerate(inner) if q)
        kinds: dict[str, list[Row]] = {
            # a term brought across keeps its sign: one of the unknowns, or the bracket's constant
            "sign_slip": [(bumped(coeffs, t, 2 * r), const) for t, r in enumerate(right) if r] + ([(coeffs, const + 2 * d.m * s)] if s else []),
            # the multiplier reaches the bracket's first term only, or its unknowns and not its constant
            "distribution_error": [(tuple(x - (d.m - 1) * inner[t] if t != first else x for t, x in enumerate(coeffs)), const + (d.m - 1) * s)]
                                  + ([(coeffs, const + (d.m - 1) * s)] if s else []),
            "arithmetic_slip": [(coeffs, const + e) for e in miscounts(fractions(state.rows), i, solved)],
            # a coefficient collected one off: a fourth kind, where one of the others happens to keep the solution
            "coefficient_slip": [(bumped(coeffs, t, e), const) for t, x in enumerate(coeffs) if x for e in (1, -1) if x + e],
        }
        return {kind: [self._standard(state, i, kind, r) for r in rows] for kind, rows in kinds.items()}

    def _wrong_substitution(self, state: SystemState, i: int, j: int, v: int) -> dict[str, list[Move]]:
        value, row = state.rows[i][1], state.rows[j]
        c = row[0][v]
        right = row[1] - c * value
        after = self._with(state, j, (tuple(Fraction(0) if t == v else x for t, x in enumerate(row[0])), right)).rows
        kinds = {
            "sign_slip": [row[1] + c * value],
            "dropped_coefficient": [row[1] - value],
            "arithmetic_slip": [right + e for e in miscounts(fractions(after), j, solved)],
            "copy_slip": [row[1] - c * (value + e) for e in (2, -2, 1, -1, -2 * value)],  # a digit, or the sign
        }
        return {kind: [self._substitution(state, i, j, v, value, kind, x) for x in values] for kind, values in kinds.items()}

    def _wrong_elimination(self, state: SystemState) -> dict[str, list[Move]]:
        options = self._eliminations(state)
        if not options:
            return {}
        first = self._elimination_move(state, *options[0][1])
        j = next(t for t, (old, new) in enumerate(zip(state.rows, first.next_state.rows)) if old != new)
        i, v = self._pair_of(state, first.next_state.rows[j], j)
        after = first.next_state.rows
        coeffs, const = after[j]
        a, b = state.rows[i], state.rows[j]
        ka, kb = self._multipliers(a, b, v)
        kinds: dict[str, list[Row]] = {
            # the constant's sign lost, or one coefficient's
            "sign_slip": [(coeffs, -const if const else Fraction(1))] + [(bumped(coeffs, t, -2 * x), const) for t, x in enumerate(coeffs) if x],
            "arithmetic_slip": [(coeffs, const + e) for e in miscounts(fractions(after), j, solved)],
            "coefficient_slip": [(bumped(coeffs, t, e), const) for t, x in enumerate(coeffs) if x for e in (1, -1) if x + e],
        }
        if ka not in (1, -1) or kb != 1:  # a multiplier applied to the unknowns but not to the constant
            kinds["distribution_error"] = [(coeffs, x) for x in (b[1] - a[1] * (1 if ka > 0 else -1), kb * b[1] - a[1] * (1 if ka > 0 else -1), b[1] - ka * a[1])
                                           if x != const]
        return {kind: [self._elimination(state, i, j, v, kind, r) for r in rows] for kind, rows in kinds.items()}

    def _pair_of(self, state: SystemState, combined: Row, j: int) -> tuple[int, int]:
        """Which equation and unknown an elimination used (the first that gives row ``j`` as ``combined``)."""
        for i in range(len(state.rows)):
            for v in range(self.n):
                if i != j and state.rows[i][0][v] and state.rows[j][0][v] and self._combined(state.rows[i], state.rows[j], v) == combined:
                    return i, v
        raise ValueError("not an elimination move")

    def _wrong_divide(self, state: SystemState, i: int) -> dict[str, list[Move]]:
        sound = self._divide(state, i)
        coeffs, const = sound.next_state.rows[i]
        row = state.rows[i]
        c = Fraction(next(x for x in row[0] if x)) / next(x for x in coeffs if x)
        text = sound.step.text.split(":")[0]
        several = sum(1 for x in coeffs if x) > 1
        kinds: dict[str, list[Row]] = {
            # multiplied, or the coefficient subtracted (as if it were added to the unknown)
            "wrong_inverse": [(coeffs, x) for x in (row[1] * c, row[1] - c) if x != const],
            "sign_slip": [(coeffs, -const)],
            "arithmetic_slip": [(coeffs, const + e) for e in miscounts(fractions(sound.next_state.rows), i, solved)],
        }
        if several:  # one coefficient left undivided, or miscopied
            kinds["distribution_error"] = [(bumped(coeffs, t, row[0][t] - x), const) for t, x in enumerate(coeffs) if x]
            kinds["coefficient_slip"] = [(bumped(coeffs, t, e), const) for t, x in enumerate(coeffs) if x for e in (1, -1) if x + e]
        elif const != 0:
            kinds["inverted_division"] = [(coeffs, c / row[1])]
        out: dict[str, list[Move]] = {}
        for kind, rows in kinds.items():
            out[kind] = [self._move(self._with(state, i, r), f"{text}: {self._eq(r)}", "divide", kind) for r in map(whole_row, rows)]
        return out


SPACES.register("elimination", EliminationSpace)
