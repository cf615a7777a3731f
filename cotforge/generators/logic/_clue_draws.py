"""Clue puzzles (zebra, seating): true clues drawn until the solution is unique, then the unneeded ones dropped.

Uniqueness is a solve to two solutions, the generators' main cost. The draws never read a check, so the clues are not
checked one by one: after 4 clues, then after twice as many new ones each time, and the first count that makes the
solution unique is found by halving (more clues never undo uniqueness); the generator is then put back to its state
right after that clue was drawn. The same clues, and the same draws after them, as a check after every clue.
``UniqueSolution`` is the check: it compiles the clues drawn so far into one puzzle and names a subset of them by
index, rather than building a puzzle for every subset asked about. Whether a clue can be dropped from a unique list is
a solve to one with the clue negated (``UniqueSolution.without``): any second solution of the rest breaks the clue.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

from cotforge.domains.csp import Constraint, Csp, Net, compiled
from cotforge.domains.csp_solve import solve_net

FIRST_CHECK = 4
"""Clues drawn before the first check."""


def minimal_clues(rng: random.Random, draw: Callable[[list[Constraint]], Constraint | None],
                  unique: Callable[[list[Constraint]], bool], max_draws: int,
                  unique_without: Callable[[list[Constraint], Constraint], bool] | None = None) -> list[Constraint] | None:  # fmt: skip
    """Clues drawn with ``draw(clues so far)`` (None: the draw does not fit) until ``unique``, then each one whose
    removal keeps the solution unique dropped (in random order); None when ``max_draws`` draws do not make it unique.
    ``unique_without(clues, clue)``: whether ``clues`` less ``clue`` are still unique, asked only of unique ``clues``
    (default: ``unique`` of the rest)."""
    clues = first_unique(rng, draw, unique, max_draws)
    if clues is None:
        return None
    for clue in rng.sample(clues, len(clues)):
        rest = [c for c in clues if c is not clue]
        if unique_without(clues, clue) if unique_without is not None else unique(rest):
            clues = rest
    return clues


def first_unique(rng: random.Random, draw: Callable[[list[Constraint]], Constraint | None],
                 unique: Callable[[list[Constraint]], bool], max_draws: int) -> list[Constraint] | None:  # fmt: skip
    """The clues drawn until the first of them that make the solution unique, ``rng`` left as after that draw."""
    clues: list[Constraint] = []
    after: list[tuple[Any, ...]] = []  # the generator's state right after each clue was drawn
    draws, checked, batch = 0, 0, FIRST_CHECK
    while True:
        while len(clues) < checked + batch and draws < max_draws:
            draws += 1
            clue = draw(clues)
            if clue is not None:
                clues.append(clue)
                after.append(rng.getstate())
        if len(clues) > checked and unique(clues):
            low, high = checked + 1, len(clues)
            while low < high:
                mid = (low + high) // 2
                low, high = (low, mid) if unique(clues[:mid]) else (mid + 1, high)
            rng.setstate(after[low - 1])
            return clues[:low]
        if draws >= max_draws:
            return None
        checked, batch = len(clues), 2 * batch


def with_clues(base: Csp, clues: list[Constraint]) -> Csp:
    """The puzzle: ``base``'s variables and constraints, then the clues, labelled "clue 1", "clue 2", ... in order."""
    labelled = tuple(Constraint(c.kind, c.vars, c.op, c.allowed, c.arg, f"clue {i + 1}", c.text) for i, c in enumerate(clues))
    return Csp(base.var_names, base.value_names, base.domains, base.constraints + labelled, base.layout)


class UniqueSolution:
    """Whether ``base`` with a list of clues has exactly one solution (a solve to two). The clues asked about are
    held in one puzzle, built again only when a clue not in it is asked about; a list of them is named by their
    indices there: ``minimal_clues`` asks about prefixes and about all clues but one, and the number of solutions does
    not depend on the constraints' order or labels. The base's constraints are compiled once, and each list's net is
    the base's extended by its clues (``Net.extended``)."""

    def __init__(self, base: Csp) -> None:
        self.base = base
        self.base_net = compiled(base, None)
        self.held: list[Constraint] = []
        """The clues held in ``csp``, kept alive so that their ``id`` names them."""
        self.csp = base
        self.index: dict[int, int] = {}
        self.last: tuple[tuple[int, ...], Net] | None = None
        """The last list ``without`` was asked about (by its clues' ids), or what it left, and its net."""

    def __call__(self, clues: list[Constraint]) -> bool:
        self._hold(clues)
        net = self.base_net.extended(self.csp, [self.index[id(c)] for c in clues])
        return len(solve_net(net, [*self.base.constraints, *clues], self.base.domains, limit=2)) == 1

    def without(self, clues: list[Constraint], clue: Constraint) -> bool:
        """Whether ``clues`` less ``clue`` still have one solution, given that ``clues`` have: exactly when no solution
        of the rest breaks ``clue``, since any other solution would (a solve to one, with ``clue`` negated). The net
        is the list's made less by the clue (``Net.less``); where the clue goes, that is the next list's net."""
        self._hold(clues)
        key = tuple(map(id, clues))
        if self.last is None or self.last[0] != key:
            self.last = key, self.base_net.extended(self.csp, [self.index[id(c)] for c in clues])
        ci = self.index[id(clue)]
        rest = [c for c in clues if c is not clue]
        less = self.last[1].less(self.csp, ci)
        net = less.extended(self.csp, [], against=ci)
        if solve_net(net, [*self.base.constraints, *rest, _Broken(clue)], self.base.domains, limit=1):
            return False
        self.last = tuple(map(id, rest)), less
        return True

    def _hold(self, clues: list[Constraint]) -> None:
        """Hold ``clues`` in ``csp``, compiled again only when a clue not in it is asked about."""
        if any(id(c) not in self.index for c in clues):
            self.held = list(clues)
            self.csp = with_clues(self.base, self.held)
            self.index = {id(c): len(self.base.constraints) + i for i, c in enumerate(self.held)}
            self.last = None


class _Broken:
    """A solution's check that ``clue`` does not hold (``solve_net`` checks every full assignment it finds)."""

    def __init__(self, clue: Constraint) -> None:
        self.clue = clue

    def holds(self, values: Sequence[int]) -> bool:
        return not self.clue.holds(values)
