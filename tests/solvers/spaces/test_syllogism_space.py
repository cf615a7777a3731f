"""syllogism's wrong answers are written like right ones: a wrong "invalid" names the rules its slip
implies, a wrong "valid" the form, and each verdict word is found on both sides of a preference pair."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.pipelines.solve import solve_problem
from cotforge.solvers.search.base import SearchSettings
from cotforge.solvers.spaces._syllogism_sound import SyllogismState
from cotforge.solvers.spaces.syllogism import SyllogismSpace


def _spaces(seed: int, per_level: int) -> Iterator[tuple[int, Problem, SyllogismSpace]]:
    """(index, problem, its space) for ``per_level`` syllogisms of each level."""
    for level in (1, 2, 3, 4, 5):
        generator = TASKS.get("syllogism").from_level(level, seed=seed)
        for index in range(per_level):
            problem = generator.generate(index)
            yield index, problem, SyllogismSpace(problem)


def _unnamed(space: SyllogismSpace) -> SyllogismState:
    """The state after the sound steps of every premise, where the terms, premises and figure are named next."""
    state = space.root()
    while space._open(state):
        state = space._apply(state, space._open(state)[0])[0]
    return state


def _named(space: SyllogismSpace, state: SyllogismState) -> SyllogismState:
    """``state`` after the sound naming step, where the verdict comes next."""
    (move,) = space.propose(state, 1)
    assert move.step.kind == "identify" and not move.step.intended_wrong
    return move.next_state


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


def test_a_right_verdict_with_its_rule_or_figure_misnamed_names_as_much_as_the_right_answer() -> None:
    """``wrong_rule`` names as many rules as the right answer, the first of them right and one other taken for
    its kin (``CONFUSED``); a figure miscounted at the naming step keeps the mood: both read like the right answer
    to its words, and the verifier rejects both."""
    import random

    from cotforge.pipelines.continue_negative import continue_sound
    from cotforge.solvers.spaces.syllogism import CONFUSED

    seen: Counter[str] = Counter()
    for index, problem, space in _spaces(seed=2, per_level=12):
        done = continue_sound(space, space.root(), 20)
        assert done is not None
        state = _named(space, _unnamed(space))
        verifier = VERIFIERS.get(problem.verifier)
        for move in space.propose_wrong(state, 8, random.Random(index)):
            answer = space.answer(move.next_state)
            assert answer is not None and not verifier.verify(problem, answer).accepted, answer
            if move.step.error_kind == "wrong_rule":
                right, wrong = problem.answer.split(": ")[1].split("; "), answer.split(": ")[1].split("; ")
                assert len(right) == len(wrong) > 1 and right[0] == wrong[0], (problem.answer, answer)
                (gone,), (came,) = set(right) - set(wrong), set(wrong) - set(right)
                assert any({gone, came} <= set(group) for group in CONFUSED)
                seen["rule"] += 1
        for move in space.propose_wrong(_unnamed(space), 8, random.Random(index)):  # the naming step's slips
            played = continue_sound(space, move.next_state, 20)
            assert played is not None
            answer = space.answer(played[1])
            assert answer is not None and not verifier.verify(problem, answer).accepted, answer
            if move.step.error_kind == "figure_miscounted":
                assert answer[:10] == problem.answer[:10] and answer[-1] != problem.answer[-1], (problem.answer, answer)
                seen["figure"] += 1
    assert seen["rule"] >= 2 and seen["figure"] >= 2, seen


def test_a_universal_premise_misread_is_a_wrong_step_the_rest_follows_from() -> None:
    """A universal premise read with its quality flipped ("all" for "no") or as particular ("all" for "some")
    is offered at its own step: the step check fails it, and the line played on from it ends on an answer the
    verifier rejects whose verdict the rules of the premises as misread agree with."""
    import random

    from cotforge.domains.syllogism import broken_rules
    from cotforge.pipelines.continue_negative import continue_sound

    seen: Counter[str] = Counter()
    for index, problem, space in _spaces(seed=3, per_level=10):
        verifier = VERIFIERS.get(problem.verifier)
        state, moves = space.root(), []
        while space._open(state):  # the wrong moves at every step of the sound chain
            moves += space.propose_wrong(state, 20, random.Random(index))
            state = space._apply(state, space._open(state)[0])[0]
        for move in moves:
            if move.step.error_kind != "misread_premise" or not move.step.text.startswith("By premise"):
                continue
            quoted = move.step.text.split('("')[1].split('")')[0]
            if not quoted.startswith(("All", "No")):
                continue
            assert verifier.check_steps(problem, [move.step])[0] is False, move.step.text  # its state alone is checked
            done = continue_sound(space, move.next_state, 20)
            assert done is not None
            answer = space.answer(done[1])
            assert answer is not None and not verifier.verify(problem, answer).accepted
            believed = space._premises(done[1])
            assert (not broken_rules(believed, space.conclusion, space.k, space.existential)) == answer.startswith("valid")
            seen["some" if "someone is" in move.step.text else "flip"] += 1
    assert seen["flip"] >= 3 and seen["some"] >= 3, seen


def test_rules_checked_with_one_distribution_entry_misremembered_are_named_at_the_invalid_verdict() -> None:
    """``misjudged_distribution``: an invalid argument's rules checked with a distribution table one entry of which
    is wrong (``SLIPS``) name a rule that is not broken or miss one that is - both ways over the items - and are the
    rules that table finds; the verdict stays "invalid" (only an invalid verdict checks the rules), the verifier
    rejects the answer and the step check fails the step. A valid argument is never given one."""
    import random

    from cotforge.domains.syllogism import broken_rules
    from cotforge.solvers.spaces._syllogism_tables import SLIPS

    seen: Counter[str] = Counter()
    for index, problem, space in _spaces(seed=5, per_level=30):
        state = _named(space, _unnamed(space))
        verifier = VERIFIERS.get(problem.verifier)
        for move in space.propose_wrong(state, 20, random.Random(index)):
            if move.step.error_kind != "misjudged_distribution":
                continue
            assert problem.answer.startswith("invalid")
            answer = space.answer(move.next_state)
            assert answer is not None and answer.startswith("invalid: ") and answer != problem.answer
            assert not verifier.verify(problem, answer).accepted
            assert verifier.check_steps(problem, [move.step])[0] is False
            named = answer.removeprefix("invalid: ").split("; ")
            tables = [broken_rules(space.premises, space.conclusion, space.k, space.existential, table=s.table()) for s in SLIPS]
            assert named in tables
            right = problem.answer.removeprefix("invalid: ").split("; ")
            seen["added" if set(named) - set(right) else "missed"] += 1
            seen["more" if len(named) > len(right) else "fewer" if len(named) < len(right) else "as many"] += 1
    assert seen["added"] >= 3 and seen["missed"] >= 3 and seen["more"] >= 3 and seen["fewer"] >= 3, seen


def test_the_misremembered_tables_differ_from_the_right_one_in_one_entry() -> None:
    from cotforge.domains.syllogism import Categorical, distributes
    from cotforge.solvers.spaces._syllogism_tables import SLIPS

    for slip in SLIPS:
        table = slip.table()
        wrong = [(q, place) for q in "AEIO" for place in (0, 1)
                 if table(Categorical(q, 0, 1), place) != distributes(Categorical(q, 0, 1), place)]
        assert wrong == [(slip.quant, int(slip.predicate))]


def test_a_wrong_naming_carries_on_to_the_form_or_rule_it_implies_and_never_contradicts_itself() -> None:
    """The major and minor term taken for each other: a valid two-premise argument is named with the mood's first two
    letters swapped, a valid chain is traced from the conclusion's predicate (its order reversed), an invalid one has
    its illicit major called an illicit minor or the other way round; a miscounted figure keeps the mood. The verdict
    step names the figure the naming step counted, and the verifier rejects the answer."""
    import random
    import re

    from cotforge.pipelines.continue_negative import continue_sound

    seen: Counter[str] = Counter()
    swap = {"illicit major": "illicit minor", "illicit minor": "illicit major"}
    for index, problem, space in _spaces(seed=6, per_level=20):
        verifier = VERIFIERS.get(problem.verifier)
        for move in space.propose_wrong(_unnamed(space), 8, random.Random(index)):
            played = continue_sound(space, move.next_state, 20)
            assert played is not None
            answer, last = space.answer(played[1]), played[0][-1].text
            assert answer is not None and not verifier.verify(problem, answer).accepted, answer
            gold = problem.answer
            named = re.search(r"figure is (\d):", move.step.text)
            if named is not None and answer.startswith("valid"):
                assert f"figure {named.group(1)}." in last and answer.endswith(named.group(1)), (move.step.text, last)
                seen["figure named"] += 1
            if move.step.error_kind == "figure_miscounted":
                assert answer[:10] == gold[:10] and answer[-1] != gold[-1]
                seen["figure"] += 1
            elif gold.startswith("valid: premises"):
                order = gold.removeprefix("valid: premises in the order ").split(", ")
                assert answer == "valid: premises in the order " + ", ".join(reversed(order))
                seen["chain"] += 1
            elif gold.startswith("valid"):
                assert answer[7:10] == gold[8] + gold[7] + gold[9], (gold, answer)
                seen["form"] += 1
            else:
                rules = gold.removeprefix("invalid: ").split("; ")
                assert sorted(answer.removeprefix("invalid: ").split("; ")) == sorted(swap.get(r, r) for r in rules)
                seen["rule"] += 1
    assert min(seen[k] for k in ("figure", "chain", "form", "rule", "figure named")) >= 3, seen


def test_premises_that_are_no_syllogism_are_named_without_a_figure() -> None:
    """A payload no generator writes (the major term in both premises, three premises over three terms) is still
    played out: its naming step names the terms and no figure, and the verifier's step check does not fail it."""
    import json

    from cotforge.pipelines.continue_negative import continue_sound

    for premises in ([["A", 2, 1], ["A", 2, 0]], [["A", 1, 2], ["A", 0, 1], ["I", 1, 2]]):
        data = {"terms": ["poets", "bakers", "artists"], "premises": premises, "conclusion": ["A", 0, 2], "existential": False}
        problem = Problem("syllogism", 3, "logic", 2, 0, 0, "", "valid", json.dumps(data), "syllogism", "syllogism")
        space = SyllogismSpace(problem)
        played = continue_sound(space, space.root(), 20)
        assert played is not None and space.answer(played[1]) in ("valid", "invalid")
        naming = played[0][-2]
        assert naming.kind == "identify" and "figure" not in naming.text and naming.text.endswith("is the middle term.")
        assert VERIFIERS.get("syllogism").check_steps(problem, [naming]) != [False]
