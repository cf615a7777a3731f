"""knights_knaves' faster routes give what the plain ones gave: the first broken statement, the compiled truths, the
chase of a supposition, and the verifier's remembered puzzle (same verdicts, same step checks, on real, wrong and junk
input)."""

from __future__ import annotations

import dataclasses
import itertools
import json
import random

import pytest

import cotforge.verifiers.logic as logic_verifier
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES, TASKS, VERIFIERS
from cotforge.domains.logic import Puzzle, Statement, Value, compiled, describe, evaluate
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from cotforge.solvers.spaces.deduction import CHAIN_LIMIT, KnightsKnavesSpace, _forced, _key, _set, _turned
from cotforge.verifiers._readers import payload

V = VERIFIERS.get("knights_knaves")


def _problems() -> list[Problem]:
    return [TASKS.get("knights_knaves").from_level(level, seed=seed).generate(index)
            for level in range(1, 6) for seed in (2, 13) for index in range(3)]


def _assignments(n: int) -> list[tuple[Value, ...]]:
    return list(itertools.product((True, False, None), repeat=n))


def test_first_violated_and_consistent_read_violated() -> None:
    for problem in _problems():
        puzzle = Puzzle.from_payload(problem.data())
        for known in _assignments(len(puzzle.names)):
            broken = puzzle.violated(known)
            assert puzzle.first_violated(known) == (broken[0] if broken else None)
            assert puzzle.consistent(known) == (not broken)


def _reference_forced(s: Statement, about: list[int], known: tuple[Value, ...], truth: bool) -> dict[int, bool]:
    """``_forced`` as it was: the statement ``evaluate``d, ``known`` copied by a comprehension."""
    out = {}
    for who in (i for i in about if known[i] is None):
        bad = [g for g in (True, False) if evaluate(s, tuple({who: g}.get(i, v) for i, v in enumerate(known))) == (not truth)]
        if len(bad) == 1:
            out[who] = not bad[0]
    return out


def test_forced_on_compiled_truths_and_set_agree_with_evaluate() -> None:
    for problem in _problems():
        space = SPACES.get("knights_knaves")(problem)
        for known in _assignments(len(space.names)):
            assert _set(known, {0: True, len(known) - 1: False}) == tuple(
                {0: True, len(known) - 1: False}.get(i, v) for i, v in enumerate(known))
            for n, (_, s) in enumerate(space.puzzle.statements):
                for misread in (s, *_turned(s)):
                    for truth in (True, False):
                        assert _forced(compiled(misread), space.about[n], known, truth) == _reference_forced(
                            misread, space.about[n], known, truth)


def _reference_chase(space: KnightsKnavesSpace, known: tuple[Value, ...], base: set) -> list[str] | None:
    """``_chase`` as it was: every deduction's outcome weighed, every link written as it was taken."""
    links: list[str] = []
    for _ in range(CHAIN_LIMIT):
        found = sorted(space._direct(known), key=lambda d: _key(d) in base)
        if not found:
            return None
        ahead = [(next(iter(space.puzzle.violated(_set(known, d.values))), None), d) for d in found]
        broken, d = next(((b, d) for b, d in ahead if b is not None), (None, found[0]))
        known = _set(known, d.values)
        links.append(f"{d.link}, so {describe(space.names, d.values, 'would be', space.roles)}")
        if broken is not None:
            return links + [space._violation(known, broken, "would be")]
    return None


def test_chase_writes_what_it_wrote_before() -> None:
    chased = 0
    for problem in _problems():
        space = SPACES.get("knights_knaves")(problem)
        for known in _assignments(len(space.names))[:200]:
            if space._broken(known) is not None:
                continue
            base = {_key(d) for d in space._direct(known)}
            for who in (i for i, v in enumerate(known) if v is None):
                for guess in (True, False):
                    supposed = _set(known, {who: guess})
                    got = space._chase(supposed, base)
                    assert got == _reference_chase(space, supposed, base)
                    chased += got is not None
    assert chased > 50


def _decoded(problem: Problem) -> Puzzle:
    """The verifier's puzzle as it was read before: decoded afresh every time."""
    return Puzzle.from_payload(payload(problem))


def _junk_problems(problem: Problem) -> list[Problem]:
    data = problem.data()
    return [dataclasses.replace(problem, payload=p) for p in (
        "", "[]", "{", "null", json.dumps({**data, "names": "Zoe"}), json.dumps({**data, "statements": [{"speaker": 9}]}),
        json.dumps({**data, "roles": ["x", "y"]}), json.dumps({**data, "statements": [{"speaker": 0, "says": {"op": "?"}}]}))]


def _answers(problem: Problem, rng: random.Random) -> list[str | None]:
    gold = problem.answer
    flipped = gold.replace("knight", "KNAVE").replace("knave", "knight").replace("KNAVE", "knave")
    return [gold, flipped, gold.split(",")[0], "", None, "Everyone is a knight.", f"{gold}. No wait, {flipped}",
            json.dumps({n: rng.choice(["knight", "knave"]) for n in problem.data()["names"]})]


def test_the_remembered_puzzle_gives_the_verdicts_and_checks_a_fresh_one_gave(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(4)
    cases: list[tuple[Problem, str | None, tuple[Step, ...]]] = []
    for problem in _problems():
        record = solve_problem(problem, SearchSettings()).record
        assert record is not None
        chains = [record.chain.steps, *(t.steps for t in record.negatives)]
        junk = [(*chains[0][:1], Step("x", "{", "deduce"), Step("y", json.dumps({"Zoe": "maybe"}), "deduce"))]
        for answer, steps in zip(_answers(problem, rng), itertools.cycle([*chains, *junk])):
            cases.append((problem, answer, steps))
            cases += [(odd, answer, steps) for odd in _junk_problems(problem)]
    remembered = [(V.verify(p, a), V.check_steps(p, s)) for p, a, s in cases]
    monkeypatch.setattr(logic_verifier, "_puzzle", _decoded)
    assert [(V.verify(p, a), V.check_steps(p, s)) for p, a, s in cases] == remembered
    assert {v.status for v, _ in remembered} >= {"accept", "reject", "unreadable", "error"}


def test_the_first_fitting_deduction_is_the_first_of_those_deduced() -> None:
    """``conclude_careless`` takes the first of ``_deductions(known, 4)`` that fits; ``_first_fitting`` works out the
    proofs by contradiction only where no direct deduction fits."""
    fitted = 0
    for problem in _problems():
        space = SPACES.get("knights_knaves")(problem)
        for known in _assignments(len(space.names))[:300]:
            if None not in known:
                continue
            expected = next((d for d in space._deductions(known, 4) if all(known[w] in (None, v) for w, v in d.values.items())
                             and space._broken(_set(known, d.values)) is None), None)
            assert space._first_fitting(known) == expected
            fitted += expected is not None
    assert fitted > 50
