"""countdown's memos, int values and lazier wrong-move choice give what the plain route gave: the same solvability
verdicts, the same reachable values, the same wrong moves drawn the same way, the same step checks."""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Callable, Iterator
from fractions import Fraction

import pytest

import cotforge.verifiers.countdown as countdown_verifier
from cotforge.core.memo import drop_memos
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES, TASKS, VERIFIERS
from cotforge.domains.countdown import Rules, _pairs, moves, solvable, solvable_memo, whole_moves
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from cotforge.solvers.spaces.countdown import LOOK, TEMPTING, Combination, CountdownSpace, CountdownState, _opening, _reach

V = VERIFIERS.get("countdown")


def _reference_solvable(values: tuple[Fraction | int, ...], target: Fraction | int, rules: Rules) -> bool:
    """The exhaustive search over ``moves``, no memo, no shortcut."""
    if target in values and (not rules.use_all or len(values) == 1):
        return True
    return any(_reference_solvable(tuple(sorted((*rest, out))), target, rules) for rest, out in moves(values, rules))


def _reference_reach(values: tuple[Fraction, ...], rules: Rules) -> frozenset[Fraction]:
    """Every value in play at some point (with ``use_all``, the last one left), over Fractions, no memo."""
    out: set[Fraction] = set(values) if not rules.use_all or len(values) == 1 else set()
    for rest, v in moves(values, rules):
        out |= _reference_reach(tuple(sorted((*rest, Fraction(v)))), rules)
    return frozenset(out)


def _values(rng: random.Random, whole: bool) -> tuple[Fraction | int, ...]:
    """A few numbers, as the space holds them (ints, with a Fraction here and there) or as the verifier does."""
    raw = [rng.randint(0 if not whole else 1, 12) for _ in range(rng.randint(1, 4))]
    held: list[Fraction | int] = [Fraction(x) if rng.random() < 0.5 else x for x in raw]
    if not whole and rng.random() < 0.3:
        held.append(Fraction(rng.randint(-5, 9), rng.randint(1, 4)))
    return tuple(held)


@pytest.mark.parametrize("whole", [True, False])
def test_solvable_with_a_shared_memo_agrees_with_the_plain_search(whole: bool) -> None:
    rng = random.Random(5)
    for use_all in (False, True):
        rules = Rules(use_all=use_all, whole=whole)
        memos: dict[int, dict] = {}
        for _ in range(300):
            values = _values(rng, whole)
            target = rng.randint(1, 40)
            memo = memos.setdefault(target, {})  # one memo per target and rules, filled by the calls before
            got = solvable(values, Fraction(target) if rng.random() < 0.5 else target, rules, memo)
            assert got == _reference_solvable(tuple(sorted(values)), target, rules), (values, target, rules)


@pytest.mark.parametrize("rules", [Rules(use_all=False, whole=True), Rules(use_all=True, whole=True),
                                   Rules(use_all=False, whole=False), Rules(use_all=True, whole=False)])
def test_reach_agrees_with_the_plain_recursion(rules: Rules) -> None:
    rng = random.Random(7)
    memo: dict = {}
    for _ in range(60):
        values = tuple(sorted(rng.randint(1, 9) for _ in range(rng.randint(1, 4))))
        held = tuple(Fraction(v) for v in values) if rng.random() < 0.5 else values
        assert _reach(held, rules, memo) == _reference_reach(tuple(Fraction(v) for v in values), rules), (values, rules)


def _problems() -> list[Problem]:
    return [TASKS.get("countdown").from_level(level, seed=seed).generate(index)
            for level in range(1, 6) for seed in (3, 11) for index in range(2)]


def _states(space: CountdownSpace) -> list[CountdownState]:
    """The sound line's states, and the states one wrong move from each."""
    out, state = [], space.root()
    while not space.is_terminal(state):
        out.append(state)
        out += [space.apply(state, m) for m in space.propose_wrong(state, 4, random.Random(len(out)))]
        proposed = space.propose(state, 1)
        if not proposed:
            break
        state = space.apply(state, proposed[0])
    return out


def _drawn(space: CountdownSpace, state: CountdownState, seed: int) -> list[tuple[str, str, str]]:
    return [(m.step.text, m.step.state, m.step.error_kind) for m in space.propose_wrong(state, 3, random.Random(seed))]


def test_a_space_with_its_problems_memos_proposes_what_a_fresh_one_does() -> None:
    for problem in _problems():
        drop_memos()
        cold = SPACES.get("countdown")(problem)
        states = _states(cold)
        first = [[(m.step.text, m.step.state) for m in cold.propose(s, 3)] + _drawn(cold, s, i) for i, s in enumerate(states)]
        warm = SPACES.get("countdown")(problem)  # shares what ``cold`` worked out
        assert warm._known is cold._known
        again = [[(m.step.text, m.step.state) for m in warm.propose(s, 3)] + _drawn(warm, s, i) for i, s in enumerate(states)]
        assert again == first, problem.payload
        drop_memos()
        fresh = SPACES.get("countdown")(problem)  # nothing remembered: worked out afresh, in another order
        assert [[(m.step.text, m.step.state) for m in fresh.propose(s, 3)] + _drawn(fresh, s, i)
                for i, s in reversed(list(enumerate(states)))] == first[::-1], problem.payload


def _reference_pick(space: CountdownSpace, moves: list[Combination], keep: Callable[[Combination], bool] | None,
                    ordered: bool) -> list[Combination]:
    """The choice ``_tempted`` makes, as it was written before: the first ``LOOK`` that ``keep`` holds for
    (``_first``), then of those the first ``TEMPTING`` whose line opens as the solution's, else the first
    ``TEMPTING`` (``_pick``, the list ``rng.choice`` drew from)."""
    order = moves if ordered else space._tempting(moves, space.target)
    first = [m for m in order if keep is None or keep(m)][:LOOK]
    first = first if ordered else space._tempting(first, space.target)
    like = [m for m in first[:LOOK] if _opening(space._ending(m[0])) == _opening(space._solution())][:TEMPTING]
    return (like or first)[:TEMPTING]


def _dead_end(space: CountdownSpace) -> Callable[[Combination], bool]:
    """What ``_dead_end`` keeps: a legal move after which the target cannot be made, and a careless line goes on."""
    return lambda m: not space._ok(m[0]) and space._careless(m[0]) is not None


def test_tempted_draws_from_what_first_then_pick_drew_from() -> None:
    checked = 0
    for problem in _problems():
        space = SPACES.get("countdown")(problem)
        for state in _states(space):
            if space.is_terminal(state) or state.slipped or not space._ok(state.items):
                continue
            moves = space._moves(state)
            dead = _dead_end(space)
            slips = space._slips([(nxt, t) for nxt, t in moves if space._ok(nxt)])
            assert space._tempted(space._around_sound(moves), dead) == _reference_pick(space, space._around_sound(moves), dead, True)
            assert space._tempted(space._tempting(slips, space.target), space._believable) == _reference_pick(
                space, slips, space._believable, False)
            misread = space._misread(state)
            assert space._tempted(misread) == _reference_pick(space, misread, None, True)
            checked += 1
    assert checked > 20


def _junk_steps(steps: tuple[Step, ...], rng: random.Random) -> list[tuple[Step, ...]]:
    """Chains a model might write instead: a number changed, a step dropped, a dead end claimed, unreadable states."""
    out = []
    for i, step in enumerate(steps):
        body = json.loads(step.state)
        if body["numbers"]:
            changed = dict(body, numbers=[str(int(Fraction(body["numbers"][0])) + rng.choice((-1, 1, 7))), *body["numbers"][1:]])
            out.append((*steps[:i], Step(step.text, json.dumps(changed), step.kind), *steps[i + 1:]))
        out.append(steps[:i] + steps[i + 1:])
        out.append((*steps[:i], Step("This is a dead end.", step.state, "contradiction"), *steps[i + 1:]))
        out.append((*steps[:i], Step(step.text, rng.choice(["", "{", "[]", '{"numbers": ["x"]}', '{"numbers": ["1/0"]}',
                                                             '{"numbers": null}']), step.kind), *steps[i + 1:]))
    return out


def test_the_step_check_with_the_problems_memo_gives_what_a_fresh_memo_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(2)
    chains: list[tuple[Problem, tuple[Step, ...]]] = []
    shared: list[list[bool | None]] = []
    for problem in _problems():
        record = solve_problem(problem, SearchSettings()).record  # fills the problem's memo, as a run does
        assert record is not None and solvable_memo(problem.payload)
        for trace in (record.chain, *record.negatives):
            for steps in (trace.steps, *_junk_steps(trace.steps, rng)):
                chains.append((problem, steps))
                shared.append(V.check_steps(problem, steps))  # with the memo the search filled
    monkeypatch.setattr(countdown_verifier, "solvable_memo", lambda payload: {})  # the route before: a memo per call
    assert [V.check_steps(problem, steps) for problem, steps in chains] == shared
    assert {v for checks in shared for v in checks} == {True, False, None}


def test_a_payload_that_is_not_text_is_checked_without_the_memo() -> None:
    problem = TASKS.get("countdown").from_level(1, seed=1).generate(0)
    steps = solve_problem(problem, SearchSettings(negatives=0)).record.chain.steps  # type: ignore[union-attr]
    odd = dataclasses.replace(problem, payload=problem.payload.encode())  # type: ignore[arg-type]  # json reads bytes too
    assert V.check_steps(odd, steps) == V.check_steps(problem, steps)


def _reference_whole_moves(key: tuple[int, ...]) -> Iterator[tuple[tuple[int, ...], int]]:
    """``whole_moves`` as it was, over ``_pairs``."""
    for a, b, rest, first in _pairs(key):
        for out in ((a + b, a - b, a * b) if first else (a - b,)):
            if out > 0:
                yield rest, out
        if b and a % b == 0 and a // b > 0:
            yield rest, a // b


def test_whole_moves_are_those_of_the_pairs_in_their_order() -> None:
    rng = random.Random(6)
    for _ in range(5000):
        key = [rng.randint(-3, 12) for _ in range(rng.randint(0, 5))]
        for values in (tuple(sorted(key)), tuple(key)):  # the step check may hold numbers in any order
            assert list(whole_moves(values)) == list(_reference_whole_moves(values)), values
