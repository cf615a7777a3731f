"""Best-first search: expand the open node with the lowest depth + heuristic.

With unit step costs and a heuristic that never overestimates, the first verified
terminal it finds is a shortest one, which makes a clean chain of thought.
"""

from __future__ import annotations

import heapq
import random

from cotforge.core.registry import SEARCHES
from cotforge.core.space import Space
from cotforge.solvers.search.base import Budget, Reward, SearchResult, Tree


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
                priority = child.depth + space.heuristic(child.state)
                heapq.heappush(frontier, (priority, -child.depth, child.id))
    return tree.finish()


SEARCHES.register("best_first", best_first)
