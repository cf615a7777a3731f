"""Solving a linear equation the way a textbook does, one idea per step, in exact arithmetic.

The state is the equation's two structured sides (:mod:`cotforge.domains.linform`). The moves,
in textbook order: clear the fractions (multiply by the least common denominator), expand the
brackets, combine like terms, gather the unknown on one side, the constants on the other,
divide by the coefficient. A move is offered only where it changes something.

Wrong moves on request, each of a named kind and kept only if it really changes the solution:
``partial_multiply`` (not every term multiplied), ``cancel_slip`` (a numerator multiplied by
the whole multiplier), ``sign_slip`` (a minus sign lost), ``distribution_error`` (only the
first term in a bracket multiplied), ``dropped_term``, ``unlike_terms`` (a constant added to a
coefficient), ``one_side_only``, ``arithmetic_slip``, ``wrong_inverse`` (multiply instead of
divide, or subtract the coefficient), ``inverted_division`` (divide the wrong way round).
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import NamedTuple

from cotforge.core.memo import Memo
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.domains.latex_answer import number
from cotforge.domains.linform import (
    Coef,
    Frac,
    Group,
    Mono,
    Side,
    Term,
    absolute,
    combine,
    common_denominator,
    equation_text,
    expand,
    form,
    from_json,
    has_like_terms,
    mono,
    ratio,
    scale_term,
    term_text,
)


class Equation(NamedTuple):
    """The two sides (a named tuple, as the sides' terms are: built at every move, compared in every cache key)."""

    lhs: Side
    rhs: Side
    slipped: bool = False
    """A wrong move led here: no further wrong moves are offered (one labelled error per chain)."""


_SOUND_MAX = 20_000
_SOUND: Memo[tuple[str, Side, Side], list[Move]] = Memo(_SOUND_MAX)
"""(unknown, lhs, rhs) -> the sound moves: a pure function of the three (their texts are the costly part)."""
_FIRST: Memo[tuple[str, Side, Side], list[Move]] = Memo(_SOUND_MAX)
"""(unknown, lhs, rhs) -> the first sound move alone, where ``_SOUND`` does not have the state (see ``_first_sound``)."""


class _Wrong(NamedTuple):
    """A wrong move before its texts are written: its state, the sound step's wording, its kind and error kind."""

    state: Equation
    text: str
    kind: str
    wrong: str


_WRONG: Memo[tuple[str, int, int, Side, Side], list[_Wrong]] = Memo(_SOUND_MAX)
"""(unknown, gold's numerator and denominator, lhs, rhs) -> the wrong moves that change the solution, in the order they are built."""


class AlgebraSpace(Space[Equation]):
    """Exact rewrites of a linear equation in one unknown."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        data = problem.data()
        self.v = data["variable"]
        self.sides = data["sides"]
        self.gold = Fraction(data["answer_sympy"])
        self._top, self._bottom = self.gold.numerator, self.gold.denominator  # keys and cross-products: integer work

    def root(self) -> Equation:
        return Equation(from_json(self.sides[0]), from_json(self.sides[1]))

    def key(self, state: Equation) -> tuple:
        return (state.lhs, state.rhs, state.slipped)

    def is_terminal(self, state: Equation) -> bool:
        return self._solved(state) is not None or not self._has_sound(state)

    def _has_sound(self, state: Equation) -> bool:
        """Whether ``_sound`` offers a move, without building the moves (their texts): every state the search
        adds is asked, most are never expanded. Nothing to clear, expand or combine and no unknown left: none."""
        key = (self.v, state.lhs, state.rhs)
        moves = _SOUND.get(key)
        if moves is not None:
            return bool(moves)
        fractions, groups = _brackets(state)
        if groups or (fractions and common_denominator(state.lhs, state.rhs) > 1):
            return True
        if has_like_terms(state.lhs) or has_like_terms(state.rhs):
            return True
        return form(state.lhs)[0] != 0 or form(state.rhs)[0] != 0  # a term to move or a coefficient to divide by

    @staticmethod
    def _solved(state: Equation) -> Coef | None:
        lhs, rhs = state.lhs, state.rhs  # ``lhs == (Mono(1, 1),)`` read field by field (an int 1 and a Fraction 1 alike)
        if (len(lhs) == 1 and type(lhs[0]) is Mono and lhs[0].deg == 1 and lhs[0].c == 1 and len(rhs) == 1 and type(rhs[0]) is Mono
                and rhs[0].deg == 0):
            return rhs[0].c
        return None

    def foresee(self, state: Equation) -> tuple[str | None, int]:
        """Where the sound moves from ``state`` end (its solution's answer text; None: no single solution) and about
        how many steps they take (the heuristic: exact for about 85% of wrong states, one off for most others): the
        continued negatives continue the wrong moves ``choose`` will prefer first (``continue_negative.Foresees``)."""
        (al, bl), (ar, br) = form(state.lhs), form(state.rhs)
        end = None if al == ar else number(ratio(br - bl, al - ar))  # ``solution``, from the forms at hand
        return end, int(self._heuristic(state, al, bl, ar))

    def answer(self, state: Equation) -> str | None:
        value = self._solved(state)
        return None if value is None else number(value)

    def heuristic(self, state: Equation) -> float:
        (al, bl), (ar, _) = form(state.lhs), form(state.rhs)
        return self._heuristic(state, al, bl, ar)

    def _heuristic(self, state: Equation, al: Coef, bl: Coef, ar: Coef) -> float:
        fractions, groups = _brackets(state)
        like = _plain_with_like_terms(state.lhs) or _plain_with_like_terms(state.rhs)
        return float(fractions + (groups or fractions) + like + (al != 0 and ar != 0) + (bl != 0 and al != 0) + (self._solved(state) is None))

    # --- texts --------------------------------------------------------------------------------

    def _tex(self, state: Equation) -> str:
        return equation_text(state.lhs, state.rhs, self.v, tex=True)

    def _move(self, state: Equation, text: str, kind: str, wrong: str = "") -> Move:
        machine = equation_text(state.lhs, state.rhs, self.v)
        tex = self._tex(state)
        step = Step(text=f"{text}: ${tex}$", state=machine, kind=kind, intended_wrong=bool(wrong), latex=tex, error_kind=wrong)
        return Move(step=step, next_state=Equation(state.lhs, state.rhs, bool(wrong)))

    def _amount(self, t: Mono) -> tuple[str, str]:
        """("Subtract", "$3x$") for a positive term, ("Add", "$3x$") for a negative one."""
        body = term_text(Mono(absolute(t.c), t.deg), self.v, tex=True)
        return ("Add", f"${body}$ to") if t.c < 0 else ("Subtract", f"${body}$ from")

    # --- sound moves --------------------------------------------------------------------------

    def propose(self, state: Equation, k: int) -> list[Move]:
        if state.slipped:  # past a slip the chain goes on soundly, still marked as slipped: the first sound move only
            return [Move(m.step, Equation(m.next_state.lhs, m.next_state.rhs, True)) for m in self._first_sound(state)]
        return self._sound(state)[:k]

    def _first_sound(self, state: Equation) -> list[Move]:
        """``_sound(state)[:1]``, without writing the second move where there are two (the unknown on both sides):
        the continued negatives go on from a slipped state by the first move alone, and their states are new."""
        key = (self.v, state.lhs, state.rhs)
        moves = _SOUND.get(key)
        if moves is not None:
            return moves[:1]
        first = _FIRST.get(key)
        if first is None:
            first = _FIRST.keep(key, self._uncached_sound(state, first_only=True))
        return first

    def _sound(self, state: Equation) -> list[Move]:
        """The sound moves from ``state``, built once per unknown and pair of sides (is_terminal and propose both
        ask, and the continued negatives' fresh space asks again about the states the search met)."""
        key = (self.v, state.lhs, state.rhs)
        return _SOUND.remember(key, lambda: self._uncached_sound(state))

    def _uncached_sound(self, state: Equation, first_only: bool = False) -> list[Move]:
        d = common_denominator(state.lhs, state.rhs)
        if d > 1:
            return [self._clear(state, d)]
        if _brackets(state)[1]:
            return [self._expand(state)]
        if has_like_terms(state.lhs) or has_like_terms(state.rhs):
            return [self._combine(state)]
        moves = []
        (al, bl), (ar, br) = form(state.lhs), form(state.rhs)
        if al != 0 and ar != 0:  # first the side where the unknown stays positive
            first, second = (mono(ar, 1), mono(al, 1)) if al > ar else (mono(al, 1), mono(ar, 1))
            moves += [self._shift(state, first)] if first_only else [self._shift(state, first), self._shift(state, second)]
        elif al != 0 and bl != 0:
            moves.append(self._shift(state, mono(bl, 0)))
        elif ar != 0 and br != 0:
            moves.append(self._shift(state, mono(br, 0)))
        elif al != 0 or ar != 0:
            moves.append(self._divide(state))
        return moves

    def _clear(self, state: Equation, d: int, wrong: str = "") -> Move:
        new = Equation(self._scale(state.lhs, d), self._scale(state.rhs, d))
        return self._move(new, self._clear_text(state, d), "clear_fractions", wrong)

    @staticmethod
    def _clear_text(state: Equation, d: int) -> str:
        many = len([t for s in (state.lhs, state.rhs) for t in s if isinstance(t, Frac)]) > 1
        what = f"${d}$, the least common denominator," if many else f"${d}$"
        return f"Multiply both sides by {what} to clear the fraction{'s' if many else ''}"

    @staticmethod
    def _scale(side: Side, d: int, only_fractions: bool = False) -> Side:
        out: list = []
        for t in side:
            if only_fractions and not isinstance(t, Frac):
                out.append(t)
                continue
            scaled = scale_term(t, d)
            if isinstance(scaled, Group) and scaled.k == 1:  # (2x + 3) after clearing: no bracket needed
                out += list(scaled.inner)
            else:
                out.append(scaled)
        return tuple(out)

    def _expand(self, state: Equation, wrong: str = "") -> Move:
        new = Equation(expand(state.lhs), expand(state.rhs))
        return self._move(new, self._expand_text(state), "expand", wrong)

    @staticmethod
    def _expand_text(state: Equation) -> str:
        negative = any(isinstance(t, Group) and t.k < 0 for s in (state.lhs, state.rhs) for t in s)
        why = " (a minus sign in front changes the sign of every term inside)" if negative else ""
        return f"Expand the brackets{why}"

    def _combine(self, state: Equation, wrong: str = "") -> Move:
        new = Equation(combine(state.lhs) or (mono(0, 0),), combine(state.rhs) or (mono(0, 0),))
        return self._move(new, self._combine_text(state), "combine", wrong)

    @staticmethod
    def _combine_text(state: Equation) -> str:
        where = "each side" if has_like_terms(state.lhs) and has_like_terms(state.rhs) else "the left side" if has_like_terms(state.lhs) else "the right side"
        return f"Combine like terms on {where}"

    def _shift(self, state: Equation, t: Mono) -> Move:
        new = Equation(_minus(state.lhs, t), _minus(state.rhs, t))
        kind = "move_unknown" if t.deg else "move_constant"
        return self._move(new, self._shift_text(t), kind)

    def _shift_text(self, t: Mono) -> str:
        verb, amount = self._amount(t)
        return f"{verb} {amount} both sides"

    def _divide(self, state: Equation) -> Move:
        (al, bl), (ar, br) = form(state.lhs), form(state.rhs)
        coef, value = (al, br) if al != 0 else (ar, bl)
        new = Equation((mono(1, 1),), (mono(ratio(value, coef), 0),))
        return self._move(new, self._divide_text(al, coef, value), "divide")

    @staticmethod
    def _divide_text(al: Coef, coef: Coef, value: Coef) -> str:
        result = ratio(value, coef)
        text = "Multiply both sides by $-1$" if coef == -1 else f"Divide both sides by ${number(coef)}$"
        if result.denominator != 1 and result.denominator != abs(coef.numerator) * value.denominator:
            text += " and reduce the fraction"
        if al == 0:
            text += ", writing the unknown on the left"
        return text

    # --- wrong moves --------------------------------------------------------------------------

    def propose_wrong(self, state: Equation, k: int, rng: random.Random) -> list[Move]:
        if state.slipped:
            return []
        key = (self.v, self._top, self._bottom, state.lhs, state.rhs)
        # pure in these; the continued negatives ask again about the search's states
        wrong = list(_WRONG.remember(key, lambda: [w for w in self._wrong(state) if self._changes_solution(w.state)]))
        rng.shuffle(wrong)  # the shuffle reads only the length: the same draws and order as over the moves
        return [self._move(*w) for w in wrong[:k]]  # texts only for the moves given (most states offer more than k)

    def _changes_solution(self, state: Equation) -> bool:
        """``solution(state) != gold``, by cross-multiplying: (br - bl) / (al - ar) == top / bottom exactly when
        (br - bl) * bottom == top * (al - ar), al != ar; integer products where the forms are whole."""
        (al, bl), (ar, br) = form(state.lhs), form(state.rhs)
        return al == ar or (br - bl) * self._bottom != self._top * (al - ar)

    def _wrong(self, state: Equation) -> list[_Wrong]:
        d = common_denominator(state.lhs, state.rhs)
        if d > 1:
            return self._wrong_clear(state, d)
        if any(isinstance(t, Group) for s in (state.lhs, state.rhs) for t in s):
            return self._wrong_expand(state)
        if has_like_terms(state.lhs) or has_like_terms(state.rhs):
            return self._wrong_combine(state)
        (al, bl), (ar, br) = form(state.lhs), form(state.rhs)
        if al != 0 and ar != 0:
            return self._wrong_shift(state, mono(ar, 1))
        if al != 0 and bl != 0:
            return self._wrong_shift(state, mono(bl, 0))
        if ar != 0 and br != 0:
            return self._wrong_shift(state, mono(br, 0))
        if al != 0 or ar != 0:
            return self._wrong_divide(state)
        return []

    def _wrong_clear(self, state: Equation, d: int) -> list[_Wrong]:
        sound = self._clear_text(state, d)  # the sound move's text (without building its states' texts)
        out = []
        partial = Equation(self._scale(state.lhs, d, True), self._scale(state.rhs, d, True))
        out.append(_Wrong(partial, sound, "clear_fractions", "partial_multiply"))
        lhs, rhs = (tuple(Group(d * t.sign, t.inner) if isinstance(t, Frac) else scale_term(t, d) for t in s) for s in (state.lhs, state.rhs))
        whole = Equation(lhs, rhs)
        out.append(_Wrong(whole, sound, "clear_fractions", "cancel_slip"))
        sound_state = Equation(self._scale(state.lhs, d), self._scale(state.rhs, d))  # the sound move's next state
        for kind, pick in (("distribution_error", Group), ("arithmetic_slip", Mono)):
            spots = [(i, j) for i, s in enumerate((state.lhs, state.rhs)) for j, t in enumerate(s) if isinstance(t, pick) and (pick is Group or (isinstance(t, Mono) and t.deg == 0))]
            if not spots:
                continue
            i, j = spots[0]
            t = (state.lhs, state.rhs)[i][j]
            if isinstance(t, Group):  # the multiplier taken inside, onto the first term only: -6(3n - 4)
                slipped: Term = Group(t.k, (Mono(t.inner[0].c * d, t.inner[0].deg), *t.inner[1:]))
            else:
                assert isinstance(t, Mono)  # the spots are brackets and constants
                slipped = Mono(t.c * d + 1, 0)
            sides = [list(self._scale(s, d)) for s in (state.lhs, state.rhs)]
            scaled = scale_term(t, d)
            k = next(n for n, u in enumerate(sides[i]) if u == scaled)
            sides[i][k] = slipped
            if (tuple(sides[0]), tuple(sides[1])) != (sound_state.lhs, sound_state.rhs):
                out.append(_Wrong(Equation(tuple(sides[0]), tuple(sides[1])), sound, "clear_fractions", kind))
        negative = [(i, j) for i, s in enumerate((state.lhs, state.rhs)) for j, t in enumerate(s) if isinstance(t, Frac) and t.sign < 0]
        if negative:
            i, j = negative[0]
            sides = [list(state.lhs), list(state.rhs)]
            t = sides[i][j]
            sides[i][j] = Frac(1, t.inner, t.den)  # type: ignore[union-attr]
            flipped = Equation(self._scale(tuple(sides[0]), d), self._scale(tuple(sides[1]), d))
            out.append(_Wrong(flipped, sound, "clear_fractions", "sign_slip"))
        return out

    def _wrong_expand(self, state: Equation) -> list[_Wrong]:
        sound = self._expand_text(state)
        out = []
        for kind in ("distribution_error", "sign_slip", "dropped_term"):
            sides = []
            done = False
            for s in (state.lhs, state.rhs):
                new: list = []
                for t in s:
                    if isinstance(t, Group) and not done and len(t.inner) > 1:
                        done = True
                        first, *rest = t.inner
                        if kind == "distribution_error":
                            new += [Mono(t.k * first.c, first.deg), *rest]
                        elif kind == "sign_slip":
                            new += [Mono(t.k * first.c, first.deg)] + [Mono(-t.k * m.c, m.deg) for m in rest]
                        else:
                            new += [Mono(t.k * first.c, first.deg)]
                    elif isinstance(t, Group):
                        new += [Mono(t.k * m.c, m.deg) for m in t.inner]
                    else:
                        new.append(t)
                sides.append(tuple(new))
            if done:
                out.append(_Wrong(Equation(sides[0], sides[1]), sound, "expand", kind))
        return out

    def _wrong_combine(self, state: Equation) -> list[_Wrong]:
        sound = self._combine_text(state)
        out = []
        side_index = 0 if has_like_terms(state.lhs) else 1
        side = (state.lhs, state.rhs)[side_index]

        def put(new_side: Side) -> Equation:
            other = combine((state.rhs, state.lhs)[side_index]) or (mono(0, 0),)
            return Equation(new_side, other) if side_index == 0 else Equation(other, new_side)

        right = combine(side)
        like = [t for t in side if isinstance(t, Mono)]
        degrees = [t.deg for t in like]
        deg = next(d for d in degrees if degrees.count(d) > 1)
        same = [t for t in like if t.deg == deg]

        def with_total(value: Coef) -> Side:
            totals: dict[int, Coef] = {t.deg: 0 for t in like}
            for t in like:
                totals[t.deg] += t.c
            totals[deg] = value
            return tuple(mono(c, d) for d, c in totals.items() if c != 0) or (mono(0, 0),)

        total: Coef = sum((t.c for t in same), 0)
        ignoring_signs: Coef = sum((absolute(t.c) for t in same), 0) * (1 if same[0].c > 0 else -1)
        out.append(_Wrong(put(with_total(ignoring_signs)), sound, "combine", "sign_slip"))
        out.append(_Wrong(put(with_total(total + (10 if absolute(total) >= 10 else 1))), sound, "combine", "arithmetic_slip"))
        dropped = combine(tuple(t for t in side if t != same[-1])) or (mono(0, 0),)
        out.append(_Wrong(put(dropped), sound, "combine", "dropped_term"))
        a, b = form(right)
        if a != 0 and b != 0:
            out.append(_Wrong(put((mono(a + b, 1),)), sound, "combine", "unlike_terms"))
        return out

    def _wrong_shift(self, state: Equation, t: Mono) -> list[_Wrong]:
        sound = self._shift_text(t)
        kind = "move_unknown" if t.deg else "move_constant"
        left = _minus(state.lhs, t)
        out = [
            _Wrong(Equation(left, combine(state.rhs) or (mono(0, 0),)), sound, kind, "one_side_only"),
            _Wrong(Equation(left, _minus(state.rhs, Mono(-t.c, t.deg))), sound, kind, "sign_slip"),
        ]
        sides = [left, _minus(state.rhs, t)]
        for i in (1, 0):  # a slip in the subtraction just done: the new constant off by one (or ten)
            off = next((m for m in sides[i] if isinstance(m, Mono) and m.deg == 0 and m.c != 0), None)
            if off is not None:
                sides[i] = tuple(Mono(m.c + (10 if absolute(m.c) >= 10 else 1), 0) if m is off else m for m in sides[i])
                out.append(_Wrong(Equation(sides[0], sides[1]), sound, kind, "arithmetic_slip"))
                break
        return out

    def _wrong_divide(self, state: Equation) -> list[_Wrong]:
        (al, bl), (ar, br) = form(state.lhs), form(state.rhs)
        coef, value = (al, br) if al != 0 else (ar, bl)
        sound = self._divide_text(al, coef, value)
        results = [("wrong_inverse", value * coef), ("sign_slip", ratio(-value, coef)), ("wrong_inverse", value - coef),
                   ("arithmetic_slip", ratio(value, coef) + 1)]
        if value != 0:
            results.append(("inverted_division", ratio(coef, value)))
        return [_Wrong(Equation((mono(1, 1),), (mono(r, 0),)), sound, "divide", kind) for kind, r in results]


def _brackets(state: Equation) -> tuple[bool, bool]:
    """(a fraction on either side, a bracket on either side), in one pass over the terms."""
    fractions = groups = False
    for side in (state.lhs, state.rhs):
        for t in side:
            kind = type(t)
            if kind is Frac:
                fractions = True
            elif kind is Group:
                groups = True
    return fractions, groups


def _plain_with_like_terms(side: Side) -> bool:
    """``is_plain(side) and has_like_terms(side)`` in one pass."""
    degrees: set[int] = set()
    like = False
    for t in side:
        if type(t) is not Mono:
            return False
        like = like or t.deg in degrees
        degrees.add(t.deg)
    return like


def _minus(side: Side, t: Mono) -> Side:
    """``side - t``, combined (the result a student writes after moving a term)."""
    return combine((*side, Mono(-t.c, t.deg))) or (mono(0, 0),)


SPACES.register("algebra", AlgebraSpace)
