"""syllogism's faster routes give what the plain ones gave: its step check judges each step by itself (so the continued
negatives may check the chain's copied steps once), and the remembered explanations and play-outs are those worked
out afresh."""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Sequence

import pytest

from cotforge.core.memo import drop_memos
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES, TASKS, VERIFIERS
from cotforge.domains.syllogism import Categorical, Explanation, emptied, satisfiable
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
import cotforge.verifiers.syllogism as syllogism_verifier
from cotforge.verifiers._readers import payload
from cotforge.verifiers.syllogism import SyllogismVerifier

V = VERIFIERS.get("syllogism")


def _problems() -> list[Problem]:
    return [TASKS.get("syllogism").from_level(level, seed=seed).generate(index)
            for level in range(1, 6) for seed in (4, 17) for index in range(4)]


def _junk(steps: tuple[Step, ...], rng: random.Random) -> list[Step]:
    """Steps a model might write: states changed, unreadable or empty, answers reworded or cut."""
    out = []
    for step in steps:
        out.append(dataclasses.replace(step, state=rng.choice(["", "{", "[]", '{"empty": [1], "some": []}', '{"empty": ["x"]}',
                                                               '{"empty": [], "some": [[1, 2]], "roles": {"major": 2}}'])))
        out.append(dataclasses.replace(step, text=step.text[: len(step.text) // 2]))
        out.append(dataclasses.replace(step, kind="answer", text="Answer: " + rng.choice(["valid", "invalid", "maybe", ""])))
    return out


def test_each_step_is_judged_by_itself() -> None:
    """What ``steps_independent`` declares: a chain's checks are its steps' checks one by one, in any company."""
    assert SyllogismVerifier.steps_independent
    rng = random.Random(3)
    for problem in _problems():
        record = solve_problem(problem, SearchSettings()).record
        assert record is not None
        steps = [s for t in (record.chain, *record.negatives) for s in t.steps]
        steps += _junk(tuple(steps), rng)
        alone = [V.check_steps(problem, [s])[0] for s in steps]
        assert V.check_steps(problem, steps) == alone
        shuffled = list(range(len(steps)))
        rng.shuffle(shuffled)
        assert V.check_steps(problem, [steps[i] for i in shuffled]) == [alone[i] for i in shuffled]


def test_records_are_the_same_with_the_steps_checked_together(monkeypatch: pytest.MonkeyPatch) -> None:
    """The continued negatives check the chain's copied steps once where steps are judged one by one; the rows are
    those of checking every negative whole."""
    problems = _problems()
    rows = [json.dumps(solve_problem(p, SearchSettings()).row, sort_keys=True, default=str) for p in problems]
    monkeypatch.setattr(SyllogismVerifier, "steps_independent", False)
    assert [json.dumps(solve_problem(p, SearchSettings()).row, sort_keys=True, default=str) for p in problems] == rows


def test_remembered_explanations_and_play_outs_are_those_worked_out_afresh() -> None:
    for problem in _problems():
        drop_memos()
        space = SPACES.get("syllogism")(problem)
        states = [space.root()]
        while not space.is_terminal(states[-1]):
            state = states[-1]
            states += [m.next_state for m in space.propose_wrong(state, 5, random.Random(len(states)))]
            states.append(space.propose(state, 1)[0].next_state)
        ends = [space._end(s) for s in states if not space.is_terminal(s)]
        finals = [space._final(v, space._premises(s), space._roles(s)) for s in states for v in (True, False)]
        drop_memos()
        fresh = SPACES.get("syllogism")(problem)
        assert [fresh._played_out(s) for s in states if not fresh.is_terminal(s)] == ends
        assert [fresh._explained(v, fresh._premises(s), fresh._roles(s)) for s in states for v in (True, False)] == finals
        assert [space._end(s) for s in states if not space.is_terminal(s)] == ends  # remembered now


def _reference_satisfiable(statements: list[Categorical], k: int, empty: frozenset[int] = frozenset(),
                           occupied: Sequence[frozenset[int]] = ()) -> bool:
    """``satisfiable`` as it was: every emptied region listed, every need listed, then checked."""
    gone = frozenset(r for st in statements if st.universal for r in st.regions(k)) | empty
    needs = [st.regions(k) for st in statements if not st.universal] + list(occupied)
    return all(need - gone for need in needs)


def test_satisfiable_agrees_with_the_plain_check() -> None:
    rng = random.Random(8)
    seen = set()
    for _ in range(3000):
        k = rng.randint(1, 4)
        statements = [Categorical(rng.choice(["A", "E", "I", "O", "X", ""]), rng.randrange(k), rng.randrange(k))
                      for _ in range(rng.randint(0, 5))]
        empty = frozenset(rng.sample(range(1 << k), rng.randint(0, 1 << k)))
        occupied = [frozenset(rng.sample(range(1 << k), rng.randint(0, 2))) for _ in range(rng.randint(0, 2))]
        got = satisfiable(statements, k, empty, occupied)
        assert got == _reference_satisfiable(statements, k, empty, occupied), (statements, k, empty, occupied)
        assert emptied(statements, k) == frozenset(r for st in statements if st.universal for r in st.regions(k))
        seen.add(got)
    assert seen == {True, False}


def _read_afresh(problem: Problem) -> tuple[list[str], list[Categorical], Categorical, bool, Explanation | None]:
    """What ``verify`` read of the payload before it was remembered: every part read again at every call."""
    terms, premises, conclusion = syllogism_verifier._read(problem)
    data = payload(problem)
    return terms, premises, conclusion, str(data.get("yes_means", "valid")) != "invalid", syllogism_verifier._explain(data)


def _odd_payloads(problem: Problem) -> list[Problem]:
    data = problem.data()
    odd = ["", "{", "[]", "null", json.dumps({**data, "premises": [["Q", 0, 1]]}), json.dumps({**data, "conclusion": ["A", 0, 9]}),
           json.dumps({**data, "explain": "why"}), json.dumps({**data, "explain": "form"}), json.dumps({**data, "yes_means": "invalid"}),
           json.dumps({k: v for k, v in data.items() if k != "terms"}), json.dumps({**data, "existential": True})]
    return [dataclasses.replace(problem, payload=p) for p in odd]


def test_the_remembered_argument_gives_the_verdicts_a_fresh_reading_gave(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(11)
    cases: list[tuple[Problem, str | None]] = []
    for problem in _problems():
        record = solve_problem(problem, SearchSettings()).record
        assert record is not None
        answers = [problem.answer, "valid", "invalid", "Yes", "No", "", None, "It is valid. No wait, it is invalid.",
                   *(t.answer for t in record.negatives), *(s.text for s in record.chain.steps[-1:])]
        answers += [a[: rng.randint(0, len(a))] for a in answers if a]
        for p in (problem, *_odd_payloads(problem)):
            cases += [(p, a) for a in answers]
    remembered = [V.verify(p, a) for p, a in cases]
    assert [V.verify(p, a) for p, a in cases] == remembered  # read from the memo now
    monkeypatch.setattr(syllogism_verifier, "_argument", _read_afresh)
    assert [V.verify(p, a) for p, a in cases] == remembered
    assert {v.status for v in remembered} == {"accept", "reject", "unreadable", "error"}
