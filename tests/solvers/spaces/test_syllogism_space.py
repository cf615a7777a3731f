"""syllogism's wrong answers are written like right ones: a wrong "invalid" names the rules its slip
implies, a wrong "valid" the form, and each verdict word is found on both sides of a preference pair."""

from __future__ import annotations

from collections import Counter

from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.pipelines.solve import solve_problem
from cotforge.solvers.search.base import SearchSettings


def test_wrong_answers_name_a_form_or_rules_and_both_verdicts_are_on_both_sides() -> None:
    sides: Counter[tuple[str, str]] = Counter()
    kinds: Counter[str] = Counter()
    for level in (1, 2, 3, 4):
        generator = TASKS.get("syllogism").from_level(level, seed=4)
        for index in range(4):
            problem = generator.generate(index)
            row = solve_problem(problem, SearchSettings()).row
            assert row is not None
            verifier = VERIFIERS.get(problem.verifier)
            for negative in row["negatives"]:
                if negative["answer"] is None:
                    continue
                verdict, _, named = negative["answer"].partition(": ")
                assert named.strip(), negative["answer"]  # never a bare "invalid:"
                assert not verifier.verify(problem, negative["answer"]).accepted
                assert negative["steps"][negative["first_wrong_step"]]["verified"] is False
                sides[(row["final_answer"].split(":")[0], verdict)] += 1
                kinds[negative["steps"][negative["first_wrong_step"]]["error_kind"]] += 1
    assert all(sides[(chosen, rejected)] for chosen in ("valid", "invalid") for rejected in ("valid", "invalid")), sides
    assert kinds["wrong_form"] and kinds["premature_conclusion"], kinds
