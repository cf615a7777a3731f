"""A value stated in a sentence: "They sold 125 tickets altogether.", "The value of x is 9.",
"\\frac{1}{3} \\text{meters}", "Therefore x >= 5 is the solution." (an interval).

The sentence is split into leading words, one run of math, and trailing words (units). It is read
only when nothing in the words can change the value or cast doubt on it: a negation ("not"), a
comparison ("more than", "at least"), a number word ("five", "million", "half"), an operation
("twice", "plus"), a hedge or a correction ("about", "maybe", "wait"). Then the words are dropped
and the run of math is read as the answer; otherwise the answer stays unreadable, with the word
that made it so. Trailing words must not be an unknown (``9 x`` is a product, not a unit).
"""

from __future__ import annotations

import re

from cotforge.verifiers.math_parse import NAMES, AnswerParseError

QUALIFIERS = frozenset(
    """not no never none neither nor isn't isnt aren't wasn't weren't can't cannot don't doesn't didn't won't
    than least most approximately approx about around roughly nearly almost circa over under above below between
    exceed exceeds exceeding more less fewer greater smaller larger bigger higher lower up within
    half halves twice double doubled triple tripled thrice quarter quarters third thirds times plus minus divided
    multiplied squared cubed root negative or either maybe perhaps possibly probably might could if unless except
    without wait actually instead but however correction oops hmm guess estimate estimated
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
    eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands
    million millions billion billions trillion dozen dozens score""".split()
)
"""Words that change a stated value or cast doubt on it: a sentence holding one is not read."""

_MATH_WORDS = NAMES - {"E", "I"}
"""Names the parser knows (sqrt, pi, sin, ...): never a word or a unit around a value ("I" is a word here)."""
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[.,:;!?]?")
_UNIT = re.compile(r"[A-Za-z]+(?:\^\(?[23]\)?)?(?:/[A-Za-z]+(?:\^\(?[23]\)?)?)?[.,;!?]?")
_ONE_LETTER_UNITS = frozenset("m g s L h A V W J N".split())


def _bare(token: str) -> str:
    return token.rstrip(".,:;!?").replace("’", "'")


def value_in_sentence(text: str, names: list[str]) -> str | None:
    """The run of math a sentence states as its one value, or None if the text is no such sentence.

    Raises AnswerParseError naming the word when the sentence qualifies the value.
    """
    tokens = text.split()
    leading_ok = [bool(_WORD.fullmatch(t)) and _bare(t) not in _MATH_WORDS for t in tokens]
    trailing_ok = [bool(_UNIT.fullmatch(t)) and _bare(t).split("^")[0] not in _MATH_WORDS for t in tokens]
    first = next((i for i, ok in enumerate(leading_ok) if not ok), None)
    if first is None:
        return None  # words only
    last = max((i for i in range(first, len(tokens)) if not trailing_ok[i]), default=first)
    if tokens[first][:1] in "=<>≤≥" and first > 0 and len(_bare(tokens[first - 1])) == 1:
        first -= 1  # "... so x = 9 meters", "Therefore x >= 5 is the solution": the name belongs to the value
    words, trailing = tokens[:first], tokens[last + 1 :]
    if not words and not trailing:
        return None
    for token in words + trailing:
        word = _bare(token).lower()
        if word in QUALIFIERS or word.endswith("n't"):
            raise AnswerParseError(f"the sentence qualifies its value ({_bare(token)!r}): not read as a bare value")
    for token in trailing:
        unit = _bare(token).split("^")[0].split("/")[0]
        if unit in names or (len(unit) == 1 and unit not in _ONE_LETTER_UNITS):
            raise AnswerParseError(f"{_bare(token)!r} after the value is not a unit")
    return " ".join(tokens[first : last + 1])
