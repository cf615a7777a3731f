"""Monte Carlo tree search with UCT (or PUCT) selection and random rollouts.

When the space gives priors (a language model's step probabilities), selection is
PUCT as in AlphaZero: Q + c * P * sqrt(N) / (1 + n), with priors normalised among
siblings; otherwise plain UCT.

Each iteration selects a leaf by UCT, expands it, rolls out with random moves to
a terminal, and backs the terminal's reward up the path, so a node's value is
the Monte Carlo estimate of reaching a verified answer from it. A rollout that
reaches a verified answer is added to the tree, so the answer path is kept. With
``stop_at_first`` it stops as soon as a verified answer is known, wherever it was found
(an expansion's child, a rollout), spending nothing more. A rollout over a sampling space
(a language model's) asks for one step at a time, not ``branching`` to keep one.
"""

from __future__ import annotations

import math
import random
from typing import TypeVar

from cotforge.core.registry import SEARCHES
from cotforge.core.space import Space
from cotforge.solvers.search.base import Budget, Node, Reward, SearchResult, Tree
from cotforge.solvers.search.best_of_n import proposals_per_step

MAX_ROLLOUT_DEPTH = 64


def mcts(space: Space, reward: Reward, budget: Budget, rng: random.Random) -> SearchResult:
    tree = Tree(space, reward, budget, "mcts")
    nodes = tree.result.nodes
    exhausted: set[int] = set()
    while not tree.done() and 0 not in exhausted:
        node = _select(nodes, exhausted, budget.exploration, rng)
        if node.terminal:
            tree.backup(node.id, node.reward or 0.0)
            _mark_exhausted(nodes, exhausted, node.id)
            continue
        children = tree.expand(node, rng)
        if not children:
            # nothing new below (all moves led to states already in the tree)
            if not node.children or all(c in exhausted for c in node.children):
                _mark_exhausted(nodes, exhausted, node.id)
            continue
        child = _pick(children, rng)
        for other in children:
            if other.terminal:
                tree.backup(other.id, other.reward or 0.0)
                _mark_exhausted(nodes, exhausted, other.id)
        if child.terminal or tree.done():  # solved by this expansion: no rollout after it
            continue
        leaf_id, value = _rollout(tree, child, rng)
        tree.backup(leaf_id, value)
    return tree.finish()


def _select(nodes: list[Node], exhausted: set[int], c: float, rng: random.Random) -> Node:
    node = nodes[0]
    while node.expanded and not node.terminal:
        open_children = [nodes[i] for i in node.children if i not in exhausted]
        if not open_children:
            return node
        if all(n.prior is not None for n in open_children):
            node = _puct_choice(node, open_children, c, rng)
            continue
        unvisited = [n for n in open_children if n.visits == 0]
        if unvisited:
            return unvisited[0]
        log_n = math.log(max(node.visits, 1))
        node = max(
            open_children,
            key=lambda n: (n.value_sum / n.visits) + c * math.sqrt(log_n / n.visits) + 1e-9 * rng.random(),
        )
    return node


_T = TypeVar("_T")


def _pick(options: list[_T], rng: random.Random) -> _T:
    """A random option, weighted by the proposer's priors when every option has one."""
    priors = [getattr(o, "prior", None) for o in options]
    weights = [float(p) for p in priors if p is not None and p > 0]
    if len(weights) == len(options):
        return rng.choices(options, weights=weights, k=1)[0]
    return rng.choice(options)


def _puct_choice(parent: Node, children: list[Node], c: float, rng: random.Random) -> Node:
    total = sum(n.prior or 0.0 for n in children) or 1.0
    sqrt_n = math.sqrt(max(parent.visits, 1))

    def score(n: Node) -> float:
        q = n.value_sum / n.visits if n.visits else 0.0
        return q + c * ((n.prior or 0.0) / total) * sqrt_n / (1 + n.visits) + 1e-9 * rng.random()

    return max(children, key=score)


def _mark_exhausted(nodes: list[Node], exhausted: set[int], node_id: int) -> None:
    exhausted.add(node_id)
    parent = nodes[node_id].parent
    while parent is not None:
        p = nodes[parent]
        if p.expanded and all(c in exhausted for c in p.children):
            exhausted.add(parent)
            parent = p.parent
        else:
            break


def _rollout(tree: Tree, start: Node, rng: random.Random) -> tuple[int, float]:
    """Random moves from ``start`` to a terminal; returns (node to back up from, reward)."""
    space = tree.space
    state = start.state
    path = []
    for _ in range(MAX_ROLLOUT_DEPTH):
        if space.is_terminal(state) or tree.out_of_budget():
            break
        tree.result.expansions += 1
        moves = space.propose(state, proposals_per_step(space, tree.budget))
        if not moves:
            break
        move = _pick(moves, rng)
        state = space.apply(state, move)
        path.append((move.step, state))
    if not space.is_terminal(state):
        return start.id, 0.0
    answer = space.answer(state)
    value = float(tree.reward(answer)) if answer is not None else 0.0
    if value < 1.0:
        return start.id, value
    # keep the verified path: add the rollout's states to the tree
    parent = start
    for step, s in path:
        parent = tree.add(parent.id, step, s)
    return parent.id, value


SEARCHES.register("mcts", mcts)
