"""Shared pieces of every search algorithm: budget and settings, explored tree, result."""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict

from cotforge.core.errors import ConfigError
from cotforge.core.ledger import Cost, Ledger
from cotforge.core.records import Step
from cotforge.core.registry import SEARCHES

__all__ = ["Budget", "Cost", "Ledger", "Node", "Reward", "SearchResult", "SearchSettings", "Tree", "known_algorithm"]

Reward = Callable[[str | None], float]
"""Terminal reward: 1.0 for an answer the verifier accepts, 0.0 otherwise."""


@dataclass(frozen=True, slots=True)
class Budget:
    """How much work a search may do. The first limit reached stops it."""

    max_expansions: int = 200
    """Node expansions (calls to ``Space.propose``)."""
    branching: int = 4
    """Candidate moves asked of the space per expansion."""
    max_seconds: float | None = None
    """Also stop after this many seconds of search per problem (not reproducible); None: no time cap."""
    max_tokens: int | None = None
    """Also stop after this many generated tokens, as the space's ledger counts them (a language model's);
    None: no cap. Checked before each call to the space, so the last call may run past it by one call's tokens."""
    wrong_moves: int = 0
    """Plausible wrong moves asked per expansion; they give labelled negative traces. 0 for none."""
    exploration: float = 1.4
    """UCT / PUCT exploration constant (MCTS only)."""
    beam_width: int = 4
    """Nodes kept per depth (beam search only)."""
    stop_at_first: bool = True
    """Stop at the first verified answer; False spends the whole budget (more negatives, better values)."""

    def __post_init__(self) -> None:
        for name, most in (("max_expansions", 1_000_000), ("branching", 64), ("beam_width", 1024)):
            _check(name, getattr(self, name), 1, most)
        _check("wrong_moves", self.wrong_moves, 0, 64)
        _check("max_tokens", self.max_tokens, 1, 10**9, optional=True)
        _check_number("exploration", self.exploration, 1e6)
        _check_number("max_seconds", self.max_seconds, 1e7, optional=True)


def _check(name: str, value: object, least: int, most: int, optional: bool = False) -> None:
    """An integer setting within [least, most] (a cap keeps a typo from asking for a search that never ends)."""
    if optional and value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not least <= value <= most:
        raise ConfigError(f"{name} must be an integer from {least} to {most:,}, got {value!r}")


def _check_number(name: str, value: object, most: float, optional: bool = False) -> None:
    """A positive, finite number up to ``most``."""
    if optional and value is None:
        return
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not (0 < value <= most) or not math.isfinite(value):
        raise ConfigError(f"{name} must be a positive number up to {most:g}, got {value!r}")


def known_algorithm(name: str) -> str:
    """``name`` if a search algorithm is registered under it; else a ConfigError with the near names."""
    if name not in SEARCHES:
        raise ConfigError(SEARCHES.unknown_message(name))
    return name


@dataclass(frozen=True, slots=True)
class SearchSettings(Budget):
    """How to search: the algorithm, its budget, and how many negatives to keep. The one definition of
    these settings: a recipe's (and annotate's) ``search:`` block is validated into it at the edge, and
    being a ``Budget`` it goes to the algorithm as it is."""

    algorithm: Annotated[str, AfterValidator(known_algorithm)] = "best_first"
    """A registered search algorithm (``cotforge list``)."""
    wrong_moves: int = 1
    negatives: int = 3
    """Wrong or dead-end traces kept per record."""

    __pydantic_config__ = ConfigDict(extra="forbid")  # where a recipe is validated: an unknown key is an error

    def __post_init__(self) -> None:
        Budget.__post_init__(self)
        _check("negatives", self.negatives, 0, 1000)
        known_algorithm(self.algorithm)

    def with_algorithm(self, algorithm: str) -> SearchSettings:
        return dataclasses.replace(self, algorithm=algorithm)


@dataclass(slots=True)
class Node:
    """One explored state. ``value`` is the mean reward backed up through it."""

    id: int
    parent: int | None
    step: Step | None
    state: Any
    depth: int
    children: list[int] = field(default_factory=list)
    expanded: bool = False
    terminal: bool = False
    answer: str | None = None
    reward: float | None = None
    visits: int = 0
    value_sum: float = 0.0
    solved_below: bool = False
    """True once a verified terminal is known in this node's subtree (exact)."""
    prior: float | None = None
    """The proposer's probability for the step into this node (an LM's), if known."""

    @property
    def value(self) -> float | None:
        return self.value_sum / self.visits if self.visits else None


@dataclass(slots=True)
class SearchResult:
    """The explored tree and what it found."""

    algorithm: str
    nodes: list[Node]
    expansions: int = 0
    solved_at: int | None = None
    """Expansions spent when the first verified answer was found (None: never)."""
    seconds: float = 0.0
    ledger: Ledger = field(default_factory=Ledger)

    def path_to(self, node_id: int) -> list[int]:
        path: list[int] = []
        current: int | None = node_id
        while current is not None:
            path.append(current)
            current = self.nodes[current].parent
        return path[::-1]

    def terminals(self) -> list[Node]:
        return [n for n in self.nodes if n.terminal]

    def best_path(self) -> list[int] | None:
        """The shortest path to a verified terminal (ties: first found)."""
        solved = [n for n in self.nodes if n.terminal and (n.reward or 0.0) >= 1.0]
        if not solved:
            return None
        best = min(solved, key=lambda n: (n.depth, n.id))
        return self.path_to(best.id)

    @property
    def solved(self) -> bool:
        return self.solved_at is not None


class Tree:
    """Bookkeeping helper the algorithms share: nodes, terminal checks, backups."""

    def __init__(self, space: Any, reward: Reward, budget: Budget, algorithm: str) -> None:
        self.space = space
        self.reward = reward
        self.budget = budget
        self.ledger: Ledger = space.ledger
        self.result = SearchResult(algorithm=algorithm, nodes=[], ledger=self.ledger)
        self.started = time.perf_counter()
        self.seen: dict[Any, int] = {}
        self.add(None, None, space.root())

    def add(self, parent: int | None, step: Step | None, state: Any, prior: float | None = None) -> Node:
        nodes = self.result.nodes
        depth = 0 if parent is None else nodes[parent].depth + 1
        node = Node(id=len(nodes), parent=parent, step=step, state=state, depth=depth, prior=prior)
        nodes.append(node)
        self.seen.setdefault(self._key(step, state), node.id)
        if parent is not None:
            nodes[parent].children.append(node.id)
        if self.space.is_terminal(state):
            node.terminal = True
            node.expanded = True
            node.answer = self.space.answer(state)
            node.reward = float(self.reward(node.answer)) if node.answer is not None else 0.0
            if node.reward >= 1.0 and self._slipped(node):
                node.reward = 0.0  # a deliberate slip that lands on the right answer is still a wrong chain
            if node.reward >= 1.0:
                self.mark_solved(node)
        return node

    def _slipped(self, node: Node) -> bool:
        current: Node | None = node
        while current is not None:
            if current.step is not None and current.step.intended_wrong:
                return True
            current = self.result.nodes[current.parent] if current.parent is not None else None
        return False

    def _key(self, step: Step | None, state: Any) -> Any:
        return (self.space.key(state), step is not None and step.intended_wrong)

    def mark_solved(self, node: Node) -> None:
        if self.result.solved_at is None:
            self.result.solved_at = self.result.expansions
            self._tally()
            self.ledger.at_solution = self.ledger.now()
        current: int | None = node.id
        while current is not None:
            self.result.nodes[current].solved_below = True
            current = self.result.nodes[current].parent

    def expand(self, node: Node, rng: Any) -> list[Node]:
        """Ask the space for moves from ``node`` and add the children (duplicates skipped)."""
        node.expanded = True
        self.result.expansions += 1
        moves = self.space.propose(node.state, self.budget.branching)
        if self.budget.wrong_moves:
            moves = moves + self.space.propose_wrong(node.state, self.budget.wrong_moves, rng)
        children = []
        for move in moves:
            state = self.space.apply(node.state, move)
            if self._key(move.step, state) in self.seen:
                continue  # reached already by another path; keep the first
            children.append(self.add(node.id, move.step, state, move.prior))
        if not moves:
            node.terminal = node.terminal or self.space.is_terminal(node.state)
        return children

    def backup(self, node_id: int, reward: float) -> None:
        current: int | None = node_id
        while current is not None:
            n = self.result.nodes[current]
            n.visits += 1
            n.value_sum += reward
            current = n.parent

    def _tally(self) -> None:
        self.ledger.expansions = self.result.expansions
        self.ledger.seconds = time.perf_counter() - self.started

    def out_of_budget(self) -> bool:
        """True once any limit is reached: expansions, generated tokens or seconds."""
        if self.result.expansions >= self.budget.max_expansions:
            return True
        if self.budget.max_tokens is not None and self.ledger.tokens >= self.budget.max_tokens:
            return True
        if self.budget.max_seconds is not None:
            return time.perf_counter() - self.started >= self.budget.max_seconds
        return False

    def done(self) -> bool:
        return self.out_of_budget() or (self.budget.stop_at_first and self.result.solved)

    def finish(self) -> SearchResult:
        self._tally()
        self.result.seconds = self.ledger.seconds
        return self.result
