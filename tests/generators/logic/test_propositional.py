"""propositional: gold from an independent truth table; every model accepted; steps and wrong moves."""

from __future__ import annotations

import itertools
import json
import random

import pytest

from cotforge.core.registry import SPACES, VERIFIERS
from cotforge.generators.logic.propositional import PropositionalGenerator

V = VERIFIERS.get("propositional")


def _rows(data: dict) -> list[tuple[bool, ...]]:
    """Rows making every premise true (and, for entailment, the conclusion false)."""
    n = len(data["vars"])
    out = []
    for row in itertools.product((False, True), repeat=n):
        ok = all(any(row[v] == s for v, s in c) for c in data["clauses"])
        if data["kind"] == "entail":
            ok = ok and not any(row[v] == s for v, s in data["conclusion"])
        if ok:
            out.append(row)
    return out


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_gold_matches_truth_table_and_every_model_is_accepted(level: int) -> None:
    gen = PropositionalGenerator.from_level(level, seed=4)
    for i in range(8):
        p = gen.generate(i)
        data = p.data()
        rows = _rows(data)
        names = data["vars"]
        assert V.verify(p, p.answer).accepted
        if not rows:
            assert p.answer.split(":")[0] in ("unsatisfiable", "entailed")
            assert p.answer not in p.question
            assert V.verify(p, "satisfiable: " + ", ".join(f"{n} = true" for n in names)).status in ("reject", "unreadable")
            continue
        lead = "satisfiable" if data["kind"] == "sat" else "not entailed"
        assert V.verify(p, "unsatisfiable" if data["kind"] == "sat" else "entailed").status == "reject"
        for row in rows:
            forms = [
                f"{lead}: " + ", ".join(f"{n} = {'true' if b else 'false'}" for n, b in zip(names, row)),
                f"It is {lead}. " + "; ".join(f"{n} is {'T' if b else 'F'}" for n, b in zip(names, row)),
                f"{lead} " + json.dumps(dict(zip(names, row))),
                f"Answer: {lead}, " + ", ".join(n if b else f"¬{n}" for n, b in zip(names, row)),
            ]
            for text in forms:
                assert V.verify(p, text).accepted, text
        others = [r for r in itertools.product((False, True), repeat=len(names)) if r not in rows]
        if others:
            bad = f"{lead}: " + ", ".join(f"{n} = {'true' if b else 'false'}" for n, b in zip(names, others[0]))
            assert V.verify(p, bad).status == "reject"


def test_steps_check_and_wrong_moves_fail() -> None:
    seen = 0
    for level in (1, 3, 5):
        gen = PropositionalGenerator.from_level(level, seed=9)
        for i in range(10):
            p = gen.generate(i)
            space = SPACES.get("propositional")(p)
            state, steps = space.root(), []
            while not space.is_terminal(state):
                move = space.propose(state, 2)[-1 if steps and steps[-1].kind == "assume" else 0]
                steps.append(move.step)
                state = move.next_state
            checks = V.check_steps(p, steps)
            assert all(c is not False for c in checks)
            for wrong in space.propose_wrong(space.root(), 1, random.Random(i)):
                seen += 1
                assert V.check_steps(p, [wrong.step]) == [False]
    assert seen >= 3


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_no_answer_is_a_bare_word_and_models_are_rare(level: int) -> None:
    """A refutation names statements that clash, each needed (checked by truth table here and by
    check_core); a satisfiable item has at most an eighth of the rows as models; no clause twice;
    no entailment from one premise."""
    import re

    from cotforge.domains.propositional import check_core, smallest_core

    gen = PropositionalGenerator.from_level(level, seed=6)
    for i in range(12):
        p = gen.generate(i)
        data = p.data()
        n = len(data["vars"])
        assert len({tuple(map(tuple, c)) for c in data["clauses"]}) == len(data["clauses"])
        assert data["explain"] == "core"
        rows = _rows(data)
        if rows:
            assert len(rows) <= 2**n / 8
            continue
        numbers = [int(k) for k in re.findall(r"\d+", p.answer)]
        assert numbers and check_core(data, numbers) is None, p.answer
        assert check_core(data, list(range(1, len(data["clauses"]) + 1))) is not None  # naming them all is not an answer
        if data["kind"] == "entail":
            assert len(smallest_core(data)) >= 2
        space = SPACES.get("propositional")(p)
        state = space.root()
        while not space.is_terminal(state):
            state = space.propose(state, 1)[0].next_state
        said = [int(k) for k in re.findall(r"\d+", space.answer(state) or "")]
        assert check_core(data, said) is None
