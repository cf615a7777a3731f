"""Budgets of generated tokens, expansions and seconds, and the cost ledger, over a scripted space."""

from __future__ import annotations

import random

import pytest

from cotforge.core.records import Step
from cotforge.core.registry import SEARCHES
from cotforge.core.space import Move, Space
from cotforge.solvers.search.base import Budget, Ledger

ALGORITHMS = ["mcts", "beam", "best_of_n", "best_first"]


class CountingSpace(Space):
    """A binary tree of depth 4 whose only verified leaf is "RLRL"; each proposal costs a model call
    of 3 tokens per returned move, counted in the ledger as a language-model space does."""

    def __init__(self) -> None:
        self.ledger = Ledger()

    def root(self) -> str:
        return ""

    def propose(self, state: str, k: int) -> list[Move]:
        moves = [Move(Step(text=f"go {d}", state=state + d), state + d) for d in "LR"][:k]
        self.ledger.calls += 1
        self.ledger.tokens += 3 * len(moves)
        return moves

    def is_terminal(self, state: str) -> bool:
        return len(state) == 4

    def answer(self, state: str) -> str | None:
        return state


def reward(answer: str | None) -> float:
    return 1.0 if answer == "RLRL" else 0.0


def search(algorithm: str, **budget: float) -> tuple[Ledger, bool]:
    space = CountingSpace()
    result = SEARCHES.get(algorithm)(space, reward, Budget(branching=2, beam_width=16, **budget), random.Random(3))  # type: ignore[arg-type]
    assert result.ledger is space.ledger  # the search writes into the space's ledger
    return space.ledger, result.solved


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_the_ledger_records_the_cost_at_the_first_solution(algorithm: str) -> None:
    ledger, solved = search(algorithm, max_expansions=500)
    assert solved and ledger.at_solution is not None
    at = ledger.at_solution
    assert 0 < at.tokens <= ledger.tokens and 0 < at.calls <= ledger.calls and 0 < at.expansions <= ledger.expansions
    assert at.tokens == 6 * at.calls  # every call returned two moves of three tokens
    assert 0 <= at.seconds <= ledger.seconds
    flat = ledger.as_dict()
    assert flat["tokens_at_solution"] == at.tokens and flat["expansions"] == ledger.expansions


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_a_token_budget_stops_the_search(algorithm: str) -> None:
    ledger, solved = search(algorithm, max_expansions=500, max_tokens=13)
    assert not solved
    assert ledger.tokens == 18  # checked before each call: the third call starts at 12 tokens and ends at 18
    assert ledger.calls == 3


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_one_run_at_the_largest_budget_gives_the_cost_for_every_smaller_one(algorithm: str) -> None:
    full, _ = search(algorithm, max_expansions=500)
    assert full.at_solution is not None
    tokens, expansions = full.at_solution.tokens, full.at_solution.expansions
    # a budget of exactly the cost at the solution still solves it, the same way; a budget that is
    # used up before the solving call (6 tokens) does not
    just, solved = search(algorithm, max_expansions=500, max_tokens=tokens)
    assert solved and just.at_solution is not None and just.at_solution.tokens == tokens
    assert not search(algorithm, max_expansions=500, max_tokens=tokens - 6)[1]
    assert search(algorithm, max_expansions=expansions)[1]
    if expansions > 1:
        assert not search(algorithm, max_expansions=expansions - 1)[1]


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_a_seconds_budget_stops_the_search(algorithm: str) -> None:
    ledger, solved = search(algorithm, max_expansions=500, max_seconds=1e-12)  # spent before the first expansion
    assert not solved and ledger.calls == 0
    assert search(algorithm, max_expansions=500, max_seconds=3600.0)[1]


def test_budget_rejects_a_bad_token_cap() -> None:
    with pytest.raises(ValueError, match="max_tokens"):
        Budget(max_tokens=0)
