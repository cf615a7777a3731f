"""Best-of-N: independent samples from the root to an answer, the baseline every search must beat.

Each sample follows one move per step until a terminal; all samples are kept in the tree
and their rewards backed up, so prefixes get Monte Carlo values as in the other searches.
Over a space whose proposals are samples that cost (a language model's, ``space.sampled``),
each step asks for exactly one: best-of-N is charged only for what it keeps, so comparing it
with a tree search at equal generated tokens is fair. Over an enumerating symbolic space, the
move is drawn at random from the ``branching`` moves proposed (they cost nothing).
"""

from __future__ import annotations

import random

from cotforge.core.registry import SEARCHES
from cotforge.core.space import Space
from cotforge.solvers.search.base import Budget, Reward, SearchResult, Tree

MAX_DEPTH = 64


def proposals_per_step(space: Space, budget: Budget) -> int:
    """Moves to ask for when one will be followed: one from a sampling space, ``branching`` from an enumerating one."""
    return 1 if getattr(space, "sampled", False) else budget.branching


def best_of_n(space: Space, reward: Reward, budget: Budget, rng: random.Random) -> SearchResult:
    tree = Tree(space, reward, budget, "best_of_n")
    root = tree.result.nodes[0]
    if root.terminal:
        tree.backup(root.id, root.reward or 0.0)
        return tree.finish()
    while not tree.done():
        node, depth = root, 0
        while not node.terminal and depth < MAX_DEPTH and not tree.out_of_budget():
            tree.result.expansions += 1
            moves = space.propose(node.state, proposals_per_step(space, budget))
            if not moves:
                break
            move = rng.choice(moves)
            state = space.apply(node.state, move)
            existing = tree.seen.get(tree._key(move.step, state))
            node = tree.result.nodes[existing] if existing is not None else tree.add(node.id, move.step, state, move.prior)
            depth += 1
        tree.backup(node.id, (node.reward or 0.0) if node.terminal else 0.0)
        if depth == 0:
            break  # the root proposes nothing
    return tree.finish()


SEARCHES.register("best_of_n", best_of_n)
