"""The one answer reader: what a completion states as its final answer, and when it states none."""

from __future__ import annotations

import pytest

from cotforge.core.answers import Extracted, final_answer, gold_answer, has_marker, why_unreadable

READ = [
    # R1-style: thinking skipped, the closing tag never read as a marker
    ("<think>maybe \\boxed{3}</think>\n<answer>6</answer>", "6", "tag"),
    ("<think>\nLet me see. The answer is 5.\n</think>\n\nThe answer is 6.", "6.", "marker"),
    ("<answer>\n6\n</answer>\nThat is all.", "6", "tag"),
    ("<answer>The answer is \\boxed{6}</answer>", "6", "tag"),
    ("<answer>6", "6", "tag"),  # a tag cut off at the end of the text still states its answer
    ("<ANSWER>6</ANSWER>", "6", "tag"),
    # GSM8K
    ("Natalia sold 48 + 24 = 72 clips.\n#### 72", "72", "gsm8k"),
    ("####6", "6", "gsm8k"),
    ("#### Step 1\nwork\n#### 1. Compute the total\nmore\n#### 72", "72", "gsm8k"),  # headings are not answers
    ("#### .5", ".5", "gsm8k"),
    ("21 2\n####.", "21 2\n####.", "text"),  # a printed line of hashes and a dot states no answer
    # prose markers; text after the answer never replaces it
    ("Final answer: 6\n\nI hope this answer is correct.", "6", "marker"),
    ("Final answer: 6\n\nI hope the answer is correct.", "6", "marker"),
    ("The answer is 7. Hopefully the answer is right!", "7. Hopefully the answer is right!", "marker"),
    ("Final Answer: The final answer is $17$. I hope it is correct.", "$17$. I hope it is correct.", "marker"),
    ("The final answer is: 4", "4", "marker"),
    ("So the answer is **17**.", "17.", "marker"),
    ("**Final Answer:** 12 apples", "12 apples", "marker"),
    ("**Answer**: 12", "12", "marker"),
    ("Answer $9$", "$9$", "marker"),
    ("ANSWER: 9", "9", "marker"),
    ("The correct answer is 9", "9", "marker"),
    ("The answer is:\n$$\n\\frac12\n$$\nDone.", "$$\n\\frac12\n$$", "marker"),
    ("Final answer:\nHouse 1: A\nHouse 2: B\n\nHope it helps", "House 1: A\nHouse 2: B", "marker"),
    ("Final answer:\n```\n1\n2\n```", "```\n1\n2\n```", "marker"),
    ("Final answer: ```\n1\n2\n```\nbye", "```\n1\n2\n```", "marker"),
    # the last explicit statement wins over stray earlier boxes, and boxes over earlier prose
    ("First \\boxed{3} was my guess. Final Answer: The final answer is 4.", "4.", "marker"),
    ("The final answer is $\\boxed{17}$. I hope it is correct.", "17", "boxed"),
    ("We first get \\boxed{40}, but correcting it, \\boxed{42}", "42", "boxed"),
    ("The answer is correct. \\boxed{5}", "5", "boxed"),
    ("Before the final answer, let's check: 3+3=6. So \\boxed{6}", "6", "boxed"),
    ("## Final Answer\n\n\\boxed{5}", "5", "boxed"),
    ("\\boxed{\\boxed{5}}", "5", "boxed"),
    ("\\boxed{\\frac{1}{2}}", "\\frac{1}{2}", "boxed"),
    ("\\boxed {7}", "7", "boxed"),
    # boxes side by side are one statement
    ("The solutions are \\boxed{2} and \\boxed{3}.", "2, 3", "boxed"),
    ("$\\boxed{2}$, $\\boxed{3}$", "2, 3", "boxed"),
    # fenced code is atomic: a variable named answer is not a marker
    ("```python\ndef f(answer):\n    answer = 5\n    return answer\n```", None, "text"),
    ("Here:\n```python\nanswer = compute()  # the answer is 3\n```\nFinal answer: 4", "4", "marker"),
    ("```\n\\boxed{3}\n```", None, "text"),
    # no marker: the whole text, for the domain's reader to judge
    ("just 7", "just 7", "text"),
    ("They sold 125 tickets altogether.", "They sold 125 tickets altogether.", "text"),
    ("I hope the answer is correct.", "I hope the answer is correct.", "text"),
]


@pytest.mark.parametrize(("text", "answer", "source"), READ)
def test_final_answer(text: str, answer: str | None, source: str) -> None:
    found = final_answer(text)
    assert found is not None
    assert found.text == (text.strip() if answer is None else answer)
    assert found.source == source
    assert found.explicit == (source != "text") == has_marker(text)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "no answer"),
        ("   \n", "no answer"),
        ("<think>I never stop thinking", "never closes"),
        ("<think>done</think>\n  ", "nothing after"),
        ("\\boxed{42", "never closed"),
        ("The answer is \\boxed{4} no wait \\boxed{5", "never closed"),
        ("\\boxed{}", "box is empty"),
        ("<answer> </answer>", "tag is empty"),
        ("Thinking done. The final answer is", "statement is empty"),
        ("Final answer:\n\n", "statement is empty"),
    ],
)
def test_no_answer_is_its_own_reason(text: str, why: str) -> None:
    assert final_answer(text) is None
    assert why in why_unreadable(text)


@pytest.mark.parametrize(
    ("gold", "read"),
    [
        ("\\boxed{2} \\text{ and } \\boxed{3}", "2, 3"),
        ("The roots are \\boxed{2} and \\boxed{-1}.", "2, -1"),  # a gold's boxes side by side are all read
        ("$\\boxed{2}$, $\\boxed{-1}$", "2, -1"),
        ("\\boxed{\\boxed{5}}", "5"),
        ("x = 3", "x = 3"),
        ("#### 18", "18"),
    ],
)
def test_gold_answer_reads_every_box(gold: str, read: str) -> None:
    assert gold_answer(gold) == read


@pytest.mark.parametrize(
    ("gold", "why"),
    [
        ("\\boxed{3", "unclosed"),
        ("\\boxed{1} no no no no no \\boxed{2}", "apart"),
        ("(a) \\boxed{3}. (b) Then \\boxed{5}.", "apart"),
    ],
)
def test_a_gold_that_cannot_be_read_without_a_guess_is_an_error(gold: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        gold_answer(gold)


HOSTILE = {
    "1 MB of text": "a" * 1_000_000,
    "1 MB answer in a box": "\\boxed{" + "9" * 1_000_000 + "}",
    "10,000 boxes": "\\boxed{1}" * 10_000,
    "10,000 nested boxes": "\\boxed{" * 10_000 + "1" + "}" * 10_000,
    "10,000 unclosed boxes": "\\boxed{" * 10_000,
    "half a million braces": "{" * 500_000,
    "50,000 markers": "The answer is " * 50_000,
    "40,000 chatter markers": "The answer is correct. " * 40_000,
    "10,000 tags": "<answer>" * 10_000,
    "10,000 fences": "```\n" * 10_000,
    "20,000 GSM8K lines": "#### 1\n" * 20_000,
    "deep thinking": "<think>" * 10_000 + "</think>" * 10_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_gets_an_answer_or_a_reason(name: str) -> None:
    found = final_answer(HOSTILE[name])
    assert isinstance(found, Extracted) or why_unreadable(HOSTILE[name])
