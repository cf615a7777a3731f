"""Best-first search: expand the most promising open node.

Over a symbolic space, the open node with the lowest depth + heuristic: with unit step
costs and a heuristic that never overestimates, the first verified terminal it finds is a
shortest one, which makes a clean chain of thought. Over a space whose moves carry the
proposer's probabilities (a language model's), the node whose path the model scores highest:
the mean log-probability of its steps' priors (each already per token), plus the heuristic,
so the search follows the model's most confident chain rather than walking breadth-first.
"""

from __future__ import annotations

import heapq
import math
import random

from cotforge.core.registry import SEARCHES
from cotforge.core.space import Space
from cotforge.solvers.search.base import Budget, Node, Reward, SearchResult, Tree


def best_first(space: Space, reward: Reward, budget: Budget, rng: random.Random) -> SearchResult:
    tree = Tree(space, reward, budget, "best_first")
    root = tree.result.nodes[0]
    if root.terminal:
        tree.backup(root.id, root.reward or 0.0)
        return tree.finish()
    # ties go to the deeper node, so equal-cost orders of the same moves are not all walked
    frontier: list[tuple[float, int, int]] = [(space.heuristic(root.state), 0, root.id)]
    while frontier and not tree.done():
        _, _, node_id = heapq.heappop(frontier)
        node = tree.result.nodes[node_id]
        for child in tree.expand(node, rng):
            if child.terminal:
                tree.backup(child.id, child.reward or 0.0)
            else:
                heapq.heappush(frontier, (_priority(tree, child) + space.heuristic(child.state), -child.depth, child.id))
    return tree.finish()


def _priority(tree: Tree, node: Node) -> float:
    """Lower first: minus the mean log prior along the path where every step has a prior, else the depth."""
    logs = []
    current: Node | None = node
    while current is not None and current.parent is not None:
        if current.prior is None or current.prior <= 0:
            return float(node.depth)
        logs.append(math.log(current.prior))
        current = tree.result.nodes[current.parent]
    return -sum(logs) / len(logs) if logs else 0.0


SEARCHES.register("best_first", best_first)
