"""Read zebra and seating puzzles from their English text: the places, the people or values, and
every numbered clue, each turned into a ``Clue`` (what kind of fact, about whom, which place).

Written for the re-checks alone: it knows the wording of the questions as printed, not the
generators' code or payloads. A line or sentence it does not understand raises ``TextUnreadable``
naming it; nothing is ever skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class TextUnreadable(ValueError):
    """A line, sentence or phrase of the question could not be read."""


@dataclass(frozen=True, slots=True)
class Clue:
    """One clue sentence read: ``kind`` about ``who`` (variable indices, in sentence order).

    Kinds: "at" / "not_at" (``place``, 0-based), "ends", "same", "differ", "next", "apart" (not next
    to), "left" (directly/immediately left of), "before" (somewhere to the left of), "clockwise"
    (who[0] sits in the seat directly clockwise of who[1]).
    """

    text: str
    kind: str
    who: tuple[int, ...]
    place: int = -1


@dataclass(frozen=True, slots=True)
class Reading:
    """A puzzle as printed: ``places`` houses or seats (0-based here), one variable per name (its
    place to be found), the groups of variables that take different places, and the clues."""

    places: int
    round_table: bool
    names: list[str]
    groups: list[list[int]]
    clues: list[Clue]


def _listed(text: str) -> list[str]:
    """"A, B and C" -> the items."""
    return [x.strip() for x in re.split(r",\s*|\s+and\s+", text.strip()) if x.strip()]


def _clue_lines(question: str, ask: str) -> list[str]:
    """The numbered clue sentences between the first line and the line starting with ``ask``,
    without number or full stop; any other non-blank line there is unreadable."""
    lines = question.split("\n")
    end = next((i for i, line in enumerate(lines) if line.startswith(ask)), None)
    if end is None:
        raise TextUnreadable(f"no line starting {ask!r}")
    sentences: list[str] = []
    for line in lines[1:end]:
        if not line.strip():
            continue
        m = re.fullmatch(r"(\d+)\. (.+)\.", line.strip())
        if m is None:
            raise TextUnreadable(f"cannot read the line {line!r}")
        if int(m.group(1)) != len(sentences) + 1:
            raise TextUnreadable(f"clue {m.group(1)} is out of order: {line!r}")
        sentences.append(m.group(2))
    if not sentences:
        raise TextUnreadable("no numbered clues")
    return sentences


def _place(number: str, places: int, sentence: str) -> int:
    k = int(number)
    if not 1 <= k <= places:
        raise TextUnreadable(f"place {k} is not one of 1 to {places} in {sentence!r}")
    return k - 1


def _read_sentence(sentence: str, patterns: dict[str, str], who: dict[str, int], places: int,
                   fold_first: bool = False) -> Clue:  # fmt: skip
    """Match the sentence against every pattern ({A}, {B} stand for the known phrases; {K} a place
    number); exactly one must fit. ``fold_first``: the capital starting the sentence is read as lower case."""
    said = _uncap(sentence) if fold_first else sentence
    phrase = "(" + "|".join(re.escape(p) for p in sorted(who, key=len, reverse=True)) + ")"
    readings = []
    for kind, pattern in patterns.items():
        regex = re.escape(pattern).replace(r"\{A\}", phrase).replace(r"\{B\}", phrase).replace(r"\{K\}", r"(\d+)")
        m = re.fullmatch(regex, said)
        if m is not None:
            readings.append((kind, m.groups()))
    if len(readings) != 1:
        why = "matches no known clue" if not readings else "can be read more than one way"
        raise TextUnreadable(f"the clue {sentence!r} {why}")
    kind, parts = readings[0]
    if "{K}" in patterns[kind]:
        return Clue(sentence, kind, (who[parts[0]],), _place(parts[1], places, sentence))
    return Clue(sentence, kind, tuple(who[p] for p in parts))


# --- zebra ----------------------------------------------------------------------------------

ZEBRA_PHRASES = {
    "nationality": "the {}",
    "colour": "the person in the {} house",
    "pet": "the {} owner",
    "drink": "the {} drinker",
    "hobby": "the person who enjoys {}",
    "job": "the {}",
}
"""How a value of each attribute names its person in a clue."""

ZEBRA_CLUES = {
    "at": "{A} lives in house {K}",
    "not_at": "{A} does not live in house {K}",
    "ends": "{A} lives in one of the two end houses",
    "same": "{A} is {B}",
    "differ": "{A} is not {B}",
    "next": "{A} lives next to {B}",
    "left": "{A} lives directly left of {B}",
    "before": "{A} lives somewhere to the left of {B}",
}


def _zebra_attributes(listed: str) -> list[tuple[str, list[str]]]:
    """"nationality: Brit, Dane; pet: cat, dog" -> [(attribute, values)]."""
    out = []
    for part in listed.split("; "):
        m = re.fullmatch(r"(\w+): (.+)", part.strip())
        if m is None:
            raise TextUnreadable(f"cannot read the attribute {part!r}")
        out.append((m.group(1), [v.strip() for v in m.group(2).split(",")]))
    return out


def _zebra_phrases(attributes: list[tuple[str, list[str]]]) -> dict[str, int]:
    """Each value's phrase ("the dog owner") -> its variable (attribute-major order)."""
    who: dict[str, int] = {}
    var = 0
    for name, values in attributes:
        if name not in ZEBRA_PHRASES:
            raise TextUnreadable(f"unknown attribute {name!r}")
        for value in values:
            phrase = ZEBRA_PHRASES[name].format(value)
            if phrase in who:
                raise TextUnreadable(f"two values are both called {phrase!r}")
            who[phrase] = var
            var += 1
    return who


def read_zebra(question: str) -> Reading:
    intro = question.split("\n", 1)[0]
    m = re.fullmatch(
        r"There are (\d+) houses in a row, numbered 1 to (\d+) from left to right\. In each lives one person, "
        r"and no two people share any attribute\. The attributes are (.+)\.", intro)  # fmt: skip
    if m is None or m.group(1) != m.group(2):
        raise TextUnreadable(f"cannot read the houses and attributes from {intro!r}")
    n, attributes = int(m.group(1)), _zebra_attributes(m.group(3))
    short = [name for name, values in attributes if len(values) != n or len(set(values)) != n]
    if short:
        raise TextUnreadable(f"attribute {short[0]!r} does not have {n} different values")
    who = _zebra_phrases(attributes)
    names = [v for _, values in attributes for v in values]
    groups = [list(range(a * n, a * n + n)) for a in range(len(attributes))]
    clues = [_read_sentence(s, ZEBRA_CLUES, who, n, True) for s in _clue_lines(question, "Who lives where?")]
    return Reading(n, False, names, groups, clues)


def _uncap(sentence: str) -> str:
    return sentence[:1].lower() + sentence[1:]


# --- seating --------------------------------------------------------------------------------

ROW_CLUES = {
    "ends": "{A} sits at one end of the row",
    "left": "{A} sits immediately left of {B}",
    "before": "{A} sits somewhere to the left of {B}",
}
TABLE_CLUES = {"clockwise": "{A} sits directly clockwise of {B}"}
SEATING_CLUES = {
    "at": "{A} sits in seat {K}",
    "not_at": "{A} does not sit in seat {K}",
    "next": "{A} sits next to {B}",
    "apart": "{A} does not sit next to {B}",
    **ROW_CLUES,
    **TABLE_CLUES,
}

_ROW = r"sit in a row of (\d+) seats, numbered 1 to (\d+) from left to right"
_TABLE = r"sit round a table with (\d+) seats, numbered 1 to (\d+) clockwise \(seat (\d+) is next to seat 1\)"


def read_seating(question: str) -> Reading:
    intro = question.split("\n", 1)[0]
    m = re.fullmatch(rf"(.+?) (?:{_ROW}|{_TABLE}), one person per seat\.", intro)
    if m is None:
        raise TextUnreadable(f"cannot read the people and seats from {intro!r}")
    round_table = m.group(2) is None
    sizes = {int(x) for x in m.groups()[1:] if x is not None}
    people = _listed(m.group(1))
    if len(sizes) != 1 or len(people) != sizes.pop() or len(set(people)) != len(people):
        raise TextUnreadable(f"the people and seats do not match in {intro!r}")
    if any(not re.fullmatch(r"[A-Z][a-z]+", p) for p in people):
        raise TextUnreadable(f"cannot read the names in {intro!r}")
    n = len(people)
    who = {p: i for i, p in enumerate(people)}
    clues = [_read_sentence(s, SEATING_CLUES, who, n) for s in _clue_lines(question, "Who sits where?")]
    unfit = next((c for c in clues if c.kind in (ROW_CLUES if round_table else TABLE_CLUES)), None)
    if unfit is not None:
        raise TextUnreadable(f"the clue {unfit.text!r} has no meaning {'round a table' if round_table else 'in a row'}")
    return Reading(n, round_table, people, [list(range(n))], clues)

