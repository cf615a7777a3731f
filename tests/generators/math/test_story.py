from __future__ import annotations

from fractions import Fraction

from cotforge.generators.math import percentage, probability, sequence, word_problem
from cotforge.generators.math._story import Story, StoryError, formula_value


def test_feasibility_tables_match_a_fresh_probe() -> None:
    """Each quantity task names the templates each level draws; the table must be what probing finds."""
    for sets in (word_problem.STORIES, percentage.PERCENTS, probability.CHANCES, sequence.SEQUENCES):
        for level in range(1, 6):
            assert sets.feasible(level) == sets.probe(level), (sets.task, level)


def test_a_story_that_prints_its_answer_or_a_fraction_of_a_person_is_refused() -> None:
    import random

    import pytest

    s = Story(random.Random(0))
    s.num("a", 3)
    s.num("b", 4)
    s.say("A box has @a red and @b blue pens.")
    total = s.calc("+", "@a", "@b", "There are {} pens.")
    s.answer(total, "a + b", "", ("How many pens are there?",))
    assert s.finish(0)["gold"] == 7
    leak = Story(random.Random(0))
    leak.num("a", 3)
    leak.num("b", 4)
    leak.num("c", 7)
    leak.say("A box has @a red and @b blue pens; @c is a lucky number.")
    total = leak.calc("+", "@a", "@b", "There are {} pens.")
    leak.answer(total, "a + b", "", ("How many pens are there?",))
    with pytest.raises(StoryError):
        leak.finish(0)
    with pytest.raises(StoryError):
        Story(random.Random(0)).num("half", Fraction(7, 2))  # half a person
    assert formula_value("C(5, 2) * 2 ** 3 - P(4, 2)", {}) == 68
