"""The shared readers that explanation checks use (cotforge/verifiers/_readers.py): the numbers an
answer cites, whether a clause negates what it names, and the sentence that leads into a final
statement. The verifiers' own tables are in adversarial_explanations.py."""

from __future__ import annotations

import pytest

from cotforge.verifiers._readers import (AnswerError, cited_numbers, cited_quotes, lead_in, read_final_or_lead_in,
                                         said_not)  # fmt: skip

NOUNS = r"statements?|premises?"


@pytest.mark.parametrize(("text", "numbers"), [
    ("statements 1, 3 and 4", [1, 3, 4]),
    ("(2), (5)", [2, 5]),
    ("premises 2-4 clash", [2, 3, 4]),
    ("P2 and P5", [2, 5]),
    ("statement 1 (p or q), statement 3 (not p)", [1, 3]),
    ("premise 3, then premise 1, then premise 2", [3, 1, 2]),
    ("3 → 1 → 2", [3, 1, 2]),
    ("statements 1 and 3; statement 2 is not needed", [1, 3]),
    ("without statement 2, statements 1 and 4 already clash", [1, 4]),
    ("unsatisfiable: 1, 3, 4", [1, 3, 4]),
    ("\\text{statements } 1, 2", [1, 2]),
    ("no numbers here", None),
])  # fmt: skip
def test_cited_numbers(text: str, numbers: list[int] | None) -> None:
    assert cited_numbers(text, NOUNS, "P") == numbers


@pytest.mark.parametrize("text", ["statements 1, 2 or 3", "statements 1 and 2, or (3)", "1, 2 and then 3 is 4, 5",
                                  "premises 5-2", "statements 1-900"])  # fmt: skip
def test_cited_numbers_that_would_be_a_guess_raise(text: str) -> None:
    with pytest.raises(AnswerError):
        cited_numbers(text, NOUNS, "P")


def test_cited_numbers_stays_linear_on_long_runs() -> None:
    """Each citation used to rescan the text before it (a 40 KB run took 8 s): a regression shows
    as a test that does not finish, not as a timing assertion."""
    assert cited_numbers("premises 1, 2 and 3 " * 10_000, NOUNS, "P") == [1, 2, 3]
    assert cited_numbers("(1) (2) " * 20_000, NOUNS) == [1, 2]
    assert said_not("not " * 50_000 + "valid", 200_000) is True


@pytest.mark.parametrize(("text", "negated"), [
    ("it commits the illicit major", False), ("it does not commit the illicit major", True),
    ("not valid — illicit major", False), ("no illicit major", True),
    ("it is not true that it does not commit the illicit major", False),
    ("not not not not illicit major", True),  # too many to read as saying it
])  # fmt: skip
def test_said_not(text: str, negated: bool) -> None:
    assert said_not(text, text.index("illicit")) is negated


def test_lead_in() -> None:
    assert lead_in("Since statements 1 and 3 clash, the answer is unsatisfiable.") == \
        "Since statements 1 and 3 clash, the answer is unsatisfiable."  # fmt: skip
    assert lead_in("First a remark. Since 1 and 3 clash, the answer is unsatisfiable.") == \
        "Since 1 and 3 clash, the answer is unsatisfiable."  # fmt: skip
    assert lead_in("Final answer: unsatisfiable") == "Final answer: unsatisfiable"  # the marker: nothing more to read
    assert lead_in("We are done.\nunsatisfiable is the answer") is None
    assert lead_in("Statements 1 and 3 clash. \\boxed{unsatisfiable}") is None  # not a prose statement
    assert lead_in("Since 1 and 3 clash, the answer is unsatisfiable. No wait, it is satisfiable.") is None


class Missing(AnswerError):
    pass


def _numbers(part: str) -> list[int]:
    found = cited_numbers(part, NOUNS)
    if found is None:
        raise Missing("no numbers")
    return found


def test_read_final_or_lead_in() -> None:
    assert read_final_or_lead_in("Since statements 1 and 3 clash, the answer is unsatisfiable.", _numbers, Missing) == [1, 3]
    with pytest.raises(Missing):
        read_final_or_lead_in("It is hard. The answer is unsatisfiable.", _numbers, Missing)


STATEMENTS = ["p or not s", "not t", "not p or t", "q or s", "not t"]


@pytest.mark.parametrize(("text", "numbers"), [
    ('"not t" and "not p or t" clash', [2, 3]),
    ("“¬p ∨ t” and `NOT T`", [3, 2]),
    ('"not p or t", "q or s"; "p or not s" is not needed', [3, 4]),
    ('without "q or s", "not t" and "not p or t"', [2, 3]),
    ('the answer is "entailed"', None),
    ("no quotes: not t and not p or t", None),
])  # fmt: skip
def test_cited_quotes(text: str, numbers: list[int] | None) -> None:
    """Statements quoted whole, whatever their case and symbols; a statement listed twice (2 and 5)
    is cited as its first listing."""
    assert cited_quotes(text, STATEMENTS) == numbers
