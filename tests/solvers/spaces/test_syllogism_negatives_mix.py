"""Which slips syllogism offers where, so the rules its wrong answers name follow the mix its right answers name
(issue 18, the surface probe reads the answer line's rules): a careless count of the negatives sees one too many,
never one too few, and a wrong "valid" names a form some valid syllogism has."""

from __future__ import annotations

import random
from collections import Counter

from cotforge.core.registry import TASKS
from cotforge.domains.syllogism import broken_rules
from cotforge.pipelines.continue_negative import continue_sound
from cotforge.solvers.spaces._syllogism_sound import SyllogismState
from cotforge.solvers.spaces.syllogism import SyllogismSpace


def _sound_states(space: SyllogismSpace) -> list[SyllogismState]:
    """The states of the sound line, the root first, up to the verdict's."""
    states, state = [], space.root()
    while not space.is_terminal(state):
        states.append(state)
        state = space.propose(state, 1)[0].next_state
    return states


def test_wrong_rule_counts_one_negative_too_many_never_one_too_few() -> None:
    seen: Counter[str] = Counter()
    for level in (1, 2, 3, 4, 5):
        generator = TASKS.get("syllogism").from_level(level, seed=3)
        for index in range(30):
            space = SyllogismSpace(generator.generate(index))
            named = space._wrong_rule()
            if named is None:
                continue
            right = broken_rules(space.premises, space.conclusion, space.k, space.existential)
            wrong = named[1].split(": ", 1)[1].split("; ")
            assert not ("two negative premises" in right and "two negative premises" not in wrong
                        and "negative premise with affirmative conclusion" in wrong), (right, wrong)  # fmt: skip
            if "two negative premises" in wrong and "two negative premises" not in right:
                seen["one taken for two"] += 1
    assert seen["one taken for two"] >= 1, seen


VALID_FORMS = {1: {"AAA", "EAE", "AII", "EIO", "AAI", "EAO"}, 2: {"EAE", "AEE", "EIO", "AOO", "EAO", "AEO"},
               3: {"IAI", "AII", "OAO", "EIO", "AAI", "EAO"}, 4: {"AEE", "IAI", "EIO", "AAI", "EAO", "AEO"}}
"""The 24 valid moods of each figure (with existential import; the 15 without are among them): the textbook's list,
written out here so the check shares nothing with the space."""


def test_a_wrong_valid_names_a_form_some_valid_syllogism_has() -> None:
    """A wrong "valid" names the form its solver believed (the premises as its slip read them, or with one "not"
    missed or imagined): never a mood no valid syllogism has in its figure ("valid: OEO-4"). The naming step's slips
    are left out: they misname a form by what they misread (the terms swapped, a figure miscounted); so is a
    converted premise, whose form keeps the figure the naming step counted from the premises as given (a figure
    that the converted premise would change: left as it is)."""
    seen: Counter[str] = Counter()
    for level in (1, 2):
        generator = TASKS.get("syllogism").from_level(level, seed=6)
        for index in range(25):
            space = SyllogismSpace(generator.generate(index))
            for state in _sound_states(space):
                for move in space.propose_wrong(state, 20, random.Random(index)):
                    if move.step.kind == "identify" or move.step.error_kind == "illicit_conversion":
                        continue  # a slip that misnames the figure (see the docstring)
                    played = continue_sound(space, move.next_state, 20)
                    answer = space.answer(played[1]) if played is not None else None
                    if answer is None or not answer.startswith("valid: ") or "-" not in answer:
                        continue
                    mood, figure = answer.removeprefix("valid: ").split("-")
                    assert mood in VALID_FORMS[int(figure)], (space.premises, move.step.error_kind, answer)
                    seen[move.step.error_kind] += 1
    assert seen["premature_conclusion"] >= 3 and seen["misread_premise"] >= 3, seen
