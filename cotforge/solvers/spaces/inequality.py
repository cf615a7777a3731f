"""Solving inequalities by rewrites that keep the solution set, reversing the sign when needed.

A state is a chain ``a op b`` or ``a op b op c`` (or, at the end, two chains
joined by "or"), kept as machine text; each side's exact coefficients (or expression) and the
state's exact solution set live in ``_ineq_state`` (the space parses only the
problem's text and the bracket it copies); the moves are built from the
coefficients (``_ineq_moves``) or, for any other side, by sympy (``_ineq_general``). Linear moves: clear brackets and
fractions (multiplying by a positive number), move terms, divide by the
coefficient (reversing the inequality for a negative one). Quadratic moves:
bring everything to one side, make the leading coefficient 1, factor, and read
the sign of the product between and outside the roots. Wrong moves on request:
dividing by a negative without reversing, a term moved with the wrong sign,
the wrong region of a quadratic; each is checked to change the solution set.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from cotforge.core.memo import Memo
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.domains.latex_answer import answer_latex
from cotforge.solvers.spaces._ineq_general import general_drafts
from cotforge.solvers.spaces._ineq_general import slip as _slip  # noqa: F401 - the tests hold the slip's size
from cotforge.solvers.spaces._ineq_general import toward_zero as _toward_zero  # noqa: F401
from cotforge.solvers.spaces._ineq_latex import state_latex
from cotforge.solvers.spaces._ineq_moves import exact_drafts
from cotforge.solvers.spaces._ineq_sets import NotExact
from cotforge.solvers.spaces._ineq_state import FLIP
from cotforge.solvers.spaces._ineq_state import answerable as _answerable
from cotforge.solvers.spaces._ineq_state import constant as _constant
from cotforge.solvers.spaces._ineq_state import degree as _degree
from cotforge.solvers.spaces._ineq_state import same_set as _same_set
from cotforge.solvers.spaces._ineq_state import set_text as _set_text


@dataclass(frozen=True, slots=True)
class IneqState:
    parts: tuple[str, ...]
    """Expressions and operators alternating; "or" joins two chains at the end."""
    slipped: bool = False

    def text(self) -> str:
        return " ".join(self.parts)


_SHARED_MAX = 20_000


class _Draft:
    """One move from a state as drafted (the new state's parts, the step's text and kind, the error of a wrong one),
    built into a ``Move`` (its LaTeX, step and state) only when the search or a negative asks for it: most of a state's
    wrong moves are never offered (a record asks for a few)."""

    __slots__ = ("parts", "text", "kind", "error", "built")

    def __init__(self, parts: tuple[str, ...], text: str, kind: str, error: str) -> None:
        self.parts, self.text, self.kind, self.error = parts, text, kind, error
        self.built: Move | None = None

    def move(self, state: IneqState) -> Move:
        """The move from ``state`` (whose draft this is), built once (a second build in another thread is equal)."""
        built = self.built
        if built is None:
            built = self.built = _move(state, self.parts, self.text, self.kind, self.error)
        return built


def _move(state: IneqState, parts: tuple[str, ...], text: str, kind: str, wrong: str = "") -> Move:
    new = IneqState(parts, state.slipped or bool(wrong))
    tex = state_latex(parts)
    return Move(Step(f"{text}: ${tex}$", new.text(), kind, intended_wrong=bool(wrong), latex=tex, error_kind=wrong), new)


_MOVES: Memo[IneqState, list[_Draft]] = Memo(_SHARED_MAX)
"""state -> its sound and wrong moves' drafts: a pure function of the state, shared by the search's space and the fresh
space the continued negatives use."""


@lru_cache(maxsize=4096)
def _answer(parts: tuple[str, ...]) -> str:
    """A final state's answer in interval LaTeX, once per state (a record's negatives end in the same few)."""
    return answer_latex(_set_text(parts), "interval")


class InequalitySpace(Space[IneqState]):
    """Rewrites of one inequality (linear, double, or quadratic) in x."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        tokens = problem.data()["inequality"].split()
        parts: list[str] = []
        current: list[str] = []
        for token in tokens:
            if token in FLIP:
                parts += [" ".join(current), token]
                current = []
            else:
                current.append(token)
        self.start = IneqState(tuple(parts + [" ".join(current)]))

    def root(self) -> IneqState:
        return self.start

    def is_terminal(self, state: IneqState) -> bool:
        p = state.parts
        if "or" in p:
            return True
        if len(p) == 3:
            return p[0] == "x" and _constant(p[2])
        return p[2] == "x" and _constant(p[0]) and _constant(p[4])

    def answer(self, state: IneqState) -> str | None:
        if not self.is_terminal(state):
            return None
        return _answer(state.parts)

    def heuristic(self, state: IneqState) -> float:
        if self.is_terminal(state):
            return 0.0
        degree = max(_degree(p) for p in state.parts[::2])
        return 3.0 if degree == 2 else 1.0

    def propose(self, state: IneqState, k: int) -> list[Move]:
        for draft in self._drafts(state):
            if not draft.error:
                return [draft.move(state)]
        return []

    def propose_wrong(self, state: IneqState, k: int, rng: random.Random) -> list[Move]:
        if state.slipped or self.is_terminal(state):
            return []
        kept = [d for d in self._drafts(state) if d.error and not _same_set(d.parts, state.parts) and _answerable(d.parts)]
        rng.shuffle(kept)  # (shuffling the drafts draws what shuffling their moves drew: the same number of them)
        return [d.move(state) for d in kept[:k]]

    def _moves(self, state: IneqState) -> list[tuple[Move, bool]]:
        """Every sound and wrong move of ``state`` (flagged True), each built, a slipped state's wrong ones too (the
        tests walk them all; the search is never offered those)."""
        return [(d.move(state), bool(d.error)) for d in self._uncached_drafts(state, wrong_too=True)]

    def _drafts(self, state: IneqState) -> list[_Draft]:
        """Drafts of the moves of ``state``, made once (propose and propose_wrong both ask): the sound one and the
        wrong ones, or for a slipped state (which ``propose_wrong`` offers nothing) the sound one alone."""
        return _MOVES.remember(state, lambda: self._uncached_drafts(state, wrong_too=not state.slipped))

    def _uncached_drafts(self, state: IneqState, wrong_too: bool) -> list[_Draft]:
        """The sound move and (``wrong_too``) the wrong ones, with their error, from ``state``: from exact
        coefficients where every side has them (``_ineq_moves``), else by sympy (``_ineq_general``); the two give
        the same drafts."""
        if "or" in state.parts:
            return []  # two chains joined by "or" are a final answer (terminal): nothing to rewrite
        try:
            drafts = exact_drafts(state.parts, wrong_too)
        except NotExact:
            drafts = general_drafts(state.parts)[: None if wrong_too else 1]
        return [_Draft(parts, text, kind, error) for parts, text, kind, error in drafts]


SPACES.register("inequality", InequalitySpace)
