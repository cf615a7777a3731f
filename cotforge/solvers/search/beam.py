"""Step-level beam search: expand every node of the beam, keep the best ``beam_width`` children.

Children are ranked by the space's heuristic (lower is closer to an answer) and then
by the proposer's prior (higher first), so the same function serves exact symbolic
spaces and sampled language-model steps.
"""

from __future__ import annotations

import random

from cotforge.core.registry import SEARCHES
from cotforge.core.space import Space
from cotforge.solvers.search.base import Budget, Node, Reward, SearchResult, Tree


def beam(space: Space, reward: Reward, budget: Budget, rng: random.Random) -> SearchResult:
    tree = Tree(space, reward, budget, "beam")
    root = tree.result.nodes[0]
    frontier: list[Node] = [] if root.terminal else [root]
    if root.terminal:
        tree.backup(root.id, root.reward or 0.0)
    while frontier and not tree.done():
        children: list[Node] = []
        for node in frontier:
            if tree.done():
                break
            for child in tree.expand(node, rng):
                if child.terminal:
                    tree.backup(child.id, child.reward or 0.0)
                else:
                    children.append(child)
        children.sort(key=lambda n: (space.heuristic(n.state), -(n.prior or 0.0), n.id))
        frontier = children[: budget.beam_width]
    return tree.finish()


SEARCHES.register("beam", beam)
