"""syllogism: validity against brute force over real models, the classic counts, and the levels."""

from __future__ import annotations

import itertools
import json
import random
from dataclasses import replace

import pytest

from cotforge.core.registry import SPACES, VERIFIERS
from cotforge.domains.syllogism import Categorical, valid
from cotforge.generators.logic.syllogism import SyllogismGenerator


def _holds(st: tuple[str, int, int], world: list[tuple[bool, ...]]) -> bool:
    q, s, p = st
    if q == "A":
        return all(x[p] for x in world if x[s])
    if q == "E":
        return not any(x[p] for x in world if x[s])
    if q == "I":
        return any(x[p] for x in world if x[s])
    return any(not x[p] for x in world if x[s])


def _brute_valid(premises: list, conclusion: tuple, k: int, existential: bool = False) -> bool:
    """Every model with up to 2^k elements (one per kind of thing) - apart from cotforge.core."""
    kinds = list(itertools.product((False, True), repeat=k))
    for occupied in itertools.product((False, True), repeat=len(kinds)):
        world = [kind for kind, on in zip(kinds, occupied) if on]
        if existential and not all(any(x[t] for x in world) for t in range(k)):
            continue
        if all(_holds(p, world) for p in premises) and not _holds(conclusion, world):
            return False
    return True


def test_all_256_forms_agree_with_brute_force_and_the_classic_counts() -> None:
    figures = [((1, 2), (0, 1)), ((2, 1), (0, 1)), ((1, 2), (1, 0)), ((2, 1), (1, 0))]  # M=1, S=0, P=2
    counts = {False: 0, True: 0}
    for existential in (False, True):
        for (major, minor), moods in itertools.product(figures, itertools.product("AEIO", repeat=3)):
            prem = [(moods[0], *major), (moods[1], *minor)]
            concl = (moods[2], 0, 2)
            ours = valid([Categorical(*p) for p in prem], Categorical(*concl), 3, existential)
            assert ours == _brute_valid(prem, concl, 3, existential), (prem, concl, existential)
            counts[existential] += ours
    assert counts == {False: 15, True: 24}


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_generated_items_gold_is_the_truth_and_steps_check(level: int) -> None:
    gen = SyllogismGenerator.from_level(level, seed=2)
    answers = set()
    verifier = VERIFIERS.get("syllogism")
    for i in range(12):
        p = gen.generate(i)
        d = p.data()
        k = len(d["terms"])
        if k <= 4:
            truth = _brute_valid([tuple(x) for x in d["premises"]], tuple(d["conclusion"]), k, d["existential"])
            assert p.answer.split(":")[0] == ("valid" if truth else "invalid")
            assert p.answer not in p.question
        answers.add(p.answer.split(":")[0])
        space = SPACES.get("syllogism")(p)
        state, steps = space.root(), []
        while not space.is_terminal(state):
            move = space.propose(state, 1)[0]
            steps.append(move.step)
            state = move.next_state
        assert space.answer(state) == p.answer and all(verifier.check_steps(p, steps))
        for wrong in space.propose_wrong(space.root(), 2, random.Random(i)):
            assert verifier.check_steps(p, [wrong.step]) == [False]
    assert answers == {"valid", "invalid"}


def test_verdict_forms() -> None:
    """The verdict read in its phrasings (on the payload without ``explain``: with it, the verdict
    alone is half an answer, see tests/verifiers/test_logic_explanations.py)."""
    p = SyllogismGenerator.from_level(2, seed=0).generate(0)
    p = replace(p, payload=json.dumps({k: v for k, v in p.data().items() if k != "explain"}))
    v = VERIFIERS.get("syllogism")
    right = p.answer.split(":")[0]
    wrong = "invalid" if right == "valid" else "valid"
    for text in [right, f"The argument is {right}.", f"**{right.upper()}**", f"\\boxed{{{right}}}"]:
        assert v.verify(p, text).accepted, text
    assert v.verify(p, f"At first it seems {right}, but the answer is: {wrong}").status == "reject"
    assert v.verify(p, "I cannot tell").status == "unreadable"


def test_the_rules_decide_validity_exactly_as_the_models_do() -> None:
    """The traditional rules (named in invalid answers) agree with model-theoretic validity on every
    two-premise form, with and without existential import, and on random sorites."""
    import random

    from cotforge.domains.syllogism import broken_rules, chain_order, mood_figure

    for existential in (False, True):
        for q, fig in itertools.product(itertools.product("AEIO", repeat=3), range(1, 5)):
            major = Categorical(q[0], 1, 2) if fig in (1, 3) else Categorical(q[0], 2, 1)
            minor = Categorical(q[1], 0, 1) if fig in (1, 2) else Categorical(q[1], 1, 0)
            conclusion = Categorical(q[2], 0, 2)
            assert valid([major, minor], conclusion, 3, existential) == (not broken_rules([major, minor], conclusion, 3, existential))
            assert mood_figure([minor, major], conclusion) == f"{''.join(q)}-{fig}"
    rng = random.Random(0)
    for _ in range(1500):
        k = rng.choice((4, 5))
        premises = [Categorical(rng.choice("AEIO"), *((i, i + 1) if rng.random() < 0.5 else (i + 1, i))) for i in range(k - 1)]
        rng.shuffle(premises)
        conclusion = Categorical(rng.choice("AEIO"), 0, k - 1)
        for existential in (False, True):
            assert valid(premises, conclusion, k, existential) == (not broken_rules(premises, conclusion, k, existential))
        order = chain_order(premises, conclusion)
        assert order is not None and sorted(order) == list(range(1, k))


def test_the_rules_read_distribution_off_the_table_they_are_given() -> None:
    """``broken_rules`` checks distribution with ``table`` (``distributes`` by default): a table that takes every
    term as distributed finds no undistributed middle and no illicit term; one that takes none finds the middle
    undistributed in every form; the counting rules stay."""
    from cotforge.domains.syllogism import broken_rules, distributes

    distributed = ("undistributed middle", "illicit major", "illicit minor")
    for q, fig in itertools.product(itertools.product("AEIO", repeat=3), range(1, 5)):
        major = Categorical(q[0], 1, 2) if fig in (1, 3) else Categorical(q[0], 2, 1)
        minor = Categorical(q[1], 0, 1) if fig in (1, 2) else Categorical(q[1], 1, 0)
        conclusion = Categorical(q[2], 0, 2)
        right = broken_rules([major, minor], conclusion, 3)
        assert broken_rules([major, minor], conclusion, 3, table=distributes) == right
        every = broken_rules([major, minor], conclusion, 3, table=lambda st, t: True)
        assert every == [r for r in right if r not in distributed]
        none = broken_rules([major, minor], conclusion, 3, table=lambda st, t: False)
        assert none == ["undistributed middle", *every]


def test_no_answer_is_a_bare_verdict() -> None:
    from cotforge.domains.syllogism import RULES

    for level in (1, 3, 4, 5):
        for i in range(10):
            p = SyllogismGenerator.from_level(level, seed=5).generate(i)
            verdict, _, rest = p.answer.partition(": ")
            assert rest, p.answer
            if verdict == "invalid":
                assert all(r in RULES for r in rest.split("; "))
            elif level <= 3:
                assert len(rest) == 5 and rest[3] == "-"
            else:
                assert rest.startswith("premises in the order")
