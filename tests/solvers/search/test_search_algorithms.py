"""Every search algorithm over a scripted space, with no task or model involved."""

from __future__ import annotations

import random

import pytest

from cotforge.core.records import Step
from cotforge.core.registry import SEARCHES
from cotforge.core.space import Move, Space
from cotforge.solvers.search.base import Budget

# state -> children; leaves map to an answer (None = dead end)
TREE = {
    "root": ["a", "b", "c"],
    "a": ["a1", "a2"],
    "b": ["b1"],
    "c": ["c1", "c2"],
    "b1": ["b11"],
    "c2": ["c21"],
}
LEAVES = {"a1": "7", "a2": None, "b11": "42", "c1": "3", "c21": "42"}


class ScriptedSpace(Space):
    def __init__(self) -> None:
        self.proposals = 0

    def root(self) -> str:
        return "root"

    def propose(self, state: str, k: int) -> list[Move]:
        self.proposals += 1
        return [Move(Step(text=f"go {c}", state=c), c) for c in TREE.get(state, [])][:k]

    def is_terminal(self, state: str) -> bool:
        return state in LEAVES

    def answer(self, state: str) -> str | None:
        return LEAVES.get(state)


def reward(answer: str | None) -> float:
    return 1.0 if answer == "42" else 0.0


@pytest.mark.parametrize("algorithm", ["best_first", "mcts", "beam", "best_of_n"])
def test_finds_the_shortest_verified_path(algorithm: str) -> None:
    result = SEARCHES.get(algorithm)(ScriptedSpace(), reward, Budget(stop_at_first=False), random.Random(1))
    path = result.best_path()
    assert path is not None
    assert [result.nodes[i].state for i in path] in (["root", "b", "b1", "b11"], ["root", "c", "c2", "c21"])
    assert result.solved_at is not None
    assert result.nodes[0].solved_below


@pytest.mark.parametrize("algorithm", ["best_first", "mcts", "beam", "best_of_n"])
def test_values_separate_good_and_bad_branches(algorithm: str) -> None:
    result = SEARCHES.get(algorithm)(ScriptedSpace(), reward, Budget(stop_at_first=False, max_expansions=100), random.Random(0))
    by_state = {n.state: n for n in result.nodes}
    assert by_state["a"].value == 0.0  # both leaves below "a" are wrong
    assert by_state["b"].value == 1.0
    assert not by_state["a"].solved_below and by_state["b"].solved_below


@pytest.mark.parametrize("algorithm", ["best_first", "mcts", "beam", "best_of_n"])
def test_budget_is_respected(algorithm: str) -> None:
    space = ScriptedSpace()
    result = SEARCHES.get(algorithm)(space, lambda a: 0.0, Budget(max_expansions=2), random.Random(0))
    assert result.expansions <= 2
    assert space.proposals <= 2
    assert result.best_path() is None


def test_budget_rejects_bad_values() -> None:
    with pytest.raises(ValueError, match="max_expansions"):
        Budget(max_expansions=0)
    with pytest.raises(ValueError, match="wrong_moves"):
        Budget(wrong_moves=-1)


class WideSpace(Space):
    """A ternary tree of depth 6 with no answer anywhere; the proposer prefers "c" moves."""

    def __init__(self) -> None:
        pass

    def root(self) -> str:
        return ""

    def propose(self, state: str, k: int) -> list[Move]:
        priors = {"a": 0.1, "b": 0.1, "c": 0.8}
        return [Move(Step(text=m, state=state + m), state + m, priors[m]) for m in "abc"]

    def is_terminal(self, state: str) -> bool:
        return len(state) >= 6

    def answer(self, state: str) -> str | None:
        return None


def test_mcts_follows_priors_with_puct() -> None:
    result = SEARCHES.get("mcts")(WideSpace(), reward, Budget(max_expansions=80), random.Random(0))
    by_state = {n.state: n for n in result.nodes}
    assert by_state["c"].prior == 0.8
    assert by_state["c"].visits > 2 * (by_state["a"].visits + by_state["b"].visits)


def test_beam_keeps_only_the_best_children() -> None:
    class Ranked(ScriptedSpace):
        def heuristic(self, state: str) -> float:
            return {"a": 0.0, "b": 5.0, "c": 5.0}.get(state, 0.0)

    result = SEARCHES.get("beam")(Ranked(), reward, Budget(beam_width=1, stop_at_first=False), random.Random(0))
    expanded = {n.state for n in result.nodes if n.expanded and not n.terminal}
    assert expanded == {"root", "a"}


def test_a_slip_that_lands_on_the_right_answer_is_not_a_solution() -> None:
    class Slippery(ScriptedSpace):
        def propose(self, state: str, k: int) -> list[Move]:
            moves = super().propose(state, k)
            if state == "root":  # a labelled wrong move that still ends at "42"
                moves.insert(0, Move(Step(text="slip", state="b11", intended_wrong=True), "b11"))
            return moves

    result = SEARCHES.get("best_first")(Slippery(), reward, Budget(stop_at_first=False), random.Random(0))
    path = result.best_path()
    assert path is not None and all(not (result.nodes[i].step and result.nodes[i].step.intended_wrong) for i in path)
    slip = next(n for n in result.nodes if n.step is not None and n.step.intended_wrong)
    assert slip.reward == 0.0
