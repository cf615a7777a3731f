"""Read a knights-and-knaves puzzle from its English text: the inhabitants and what each one says,
every statement turned into a small tree (``Is``/``Not``/``And``/``Or``/``Iff``) to evaluate.

Written for the re-checks alone: it knows the wording of the questions as printed, not the
generator's code, payload or ``cotforge.domains.logic``. A line or statement it does not understand
raises ``TextUnreadable`` naming it; nothing is ever skipped.

Grouping is read from the words, as printed:

* a connective joining two sides gets a comma before it ("A, and B") exactly when a side is not a
  plain claim ("Ned is a knight", "I am not a knave"); one with no comma joins two plain claims;
* an "and"/"or" inside another statement opens with "both"/"either" ("it is not true that both A
  and B", "A, or both B and C"), or is one of the set phrases "Ned and Zoe are both knights",
  "at least one of Ned and Zoe is a knave", "neither Ned nor Zoe is a knight";
* "if and only if" joins the two halves of a whole statement only.

Every reading of a statement under these rules is found; none is an unreadable statement, and two
that differ in meaning are an ambiguous one: both raise.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cotforge.verifiers.rechecks._clue_text import TextUnreadable

Tree = tuple[Any, ...]
"""("is", person, knight?) | ("not", t) | ("and" | "or" | "iff", left, right)."""


@dataclass(frozen=True, slots=True)
class Said:
    """One statement as printed, by its speaker (index into the names), and its reading."""

    speaker: int
    text: str
    tree: Tree


@dataclass(frozen=True, slots=True)
class KKReading:
    names: list[str]
    statements: list[Said]


def holds(tree: Tree, knight: Sequence[bool]) -> bool:
    """Whether the statement is true when ``knight[i]`` tells who is a knight."""
    op = tree[0]
    if op == "is":
        return knight[tree[1]] == tree[2]
    if op == "not":
        return not holds(tree[1], knight)
    a, b = holds(tree[1], knight), holds(tree[2], knight)
    return {"and": a and b, "or": a or b, "iff": a == b}[op]


def consistent(reading: KKReading, knight: Sequence[bool]) -> bool:
    """Knights say only true things and knaves only false ones."""
    return all(holds(s.tree, knight) == knight[s.speaker] for s in reading.statements)


# --- the question ---------------------------------------------------------------------------

_INTRO = re.compile(r"On an island, knights always tell the truth and knaves always lie\. "
                    r"You meet (\d+) inhabitants: (.+)\.")  # fmt: skip
_SAYS = re.compile(r'(\w+) says: "(.+)\."')
_ASK = "Who is a knight and who is a knave?"


def read_knights_knaves(question: str) -> KKReading:
    lines = [line.strip() for line in question.split("\n") if line.strip()]
    m = _INTRO.fullmatch(lines[0]) if lines else None
    if m is None:
        raise TextUnreadable(f"cannot read the island and inhabitants from {lines[:1]!r}")
    names = [x.strip() for x in re.split(r", | and ", m.group(2))]
    if len(names) != int(m.group(1)) or len(set(names)) != len(names):
        raise TextUnreadable(f"the inhabitants do not match their number in {lines[0]!r}")
    bad = next((n for n in names if not re.fullmatch(r"[A-Z][a-z]+", n) or n in _WORDS), None)
    if bad is not None:
        raise TextUnreadable(f"cannot read the name {bad!r} in {lines[0]!r}")
    if lines[-1] != _ASK:
        raise TextUnreadable(f"the question does not end with {_ASK!r}")
    statements = []
    for line in lines[1:-1]:
        said = _SAYS.fullmatch(line)
        if said is None:
            raise TextUnreadable(f"cannot read the line {line!r}")
        if said.group(1) not in names:
            raise TextUnreadable(f"{said.group(1)!r} is not one of the inhabitants in {line!r}")
        speaker = names.index(said.group(1))
        statements.append(Said(speaker, said.group(2), read_statement(said.group(2), names, speaker)))
    if not statements:
        raise TextUnreadable("nobody says anything")
    return KKReading(names, statements)


# --- one statement --------------------------------------------------------------------------

_WORDS = {"I", "It", "Neither", "At", "Both", "Either"}
"""Words a statement may start with that are not inhabitants."""
_ROLE = {"knight": True, "knave": False}
_ROLES = {"knights": True, "knaves": False}
_NOT_TRUE = ("it", "is", "not", "true", "that")


def read_statement(text: str, names: Sequence[str], speaker: int) -> Tree:
    """The one meaning of a statement (its first letter a capital), or ``TextUnreadable``."""
    if re.fullmatch(r"[A-Za-z]+(?:,? [A-Za-z]+)*", text) is None:
        raise TextUnreadable(f"cannot read the statement {text!r}: unexpected characters or spacing")
    tokens = tuple(re.findall(r"\w+|,", text))
    if tokens[0] not in names and tokens[0] != "I":
        tokens = (tokens[0][:1].lower() + tokens[0][1:], *tokens[1:])
    readings = sorted(_readings(tokens, tuple(names), speaker), key=repr)
    if not readings:
        raise TextUnreadable(f"cannot read the statement {text!r}")
    n = len(names)
    tables = {tuple(holds(t, w) for w in itertools.product((True, False), repeat=n)) for t in readings}
    if len(tables) > 1:
        raise TextUnreadable(f"the statement {text!r} can be read more than one way")
    return readings[0]


def _readings(tokens: tuple[str, ...], names: tuple[str, ...], speaker: int) -> set[Tree]:
    """Every tree the whole statement can be read as (the top level: no "both"/"either" needed)."""

    def who(word: str, verb: str | None = None) -> int | None:
        """The person a word names; with ``verb``, only if it agrees ("I am", "Ned is")."""
        if word == "I":
            return speaker if verb in (None, "am") else None
        if word in names:
            return names.index(word) if verb in (None, "is") else None
        return None

    def plain(t: tuple[str, ...]) -> Tree | None:
        """ "Ned is a knight" / "I am not a knave"."""
        if len(t) == 4 or (len(t) == 5 and t[2] == "not"):
            person = who(t[0], t[1])
            if person is not None and t[-2] == "a" and t[-1] in _ROLE:
                claim: Tree = ("is", person, _ROLE[t[-1]])
                return ("not", claim) if len(t) == 5 else claim
        return None

    def set_phrase(t: tuple[str, ...]) -> Tree | None:
        """The fixed two-person phrases."""
        if len(t) == 6 and t[1] == "and" and t[3:5] == ("are", "both") and t[5] in _ROLES:
            a, b = who(t[0]), who(t[2])
            if a is not None and b is not None:
                return ("and", ("is", a, _ROLES[t[5]]), ("is", b, _ROLES[t[5]]))
        if len(t) == 10 and t[:4] == ("at", "least", "one", "of") and t[5] == "and" and t[7:9] == ("is", "a"):
            a, b = who(t[4]), who(t[6])
            if a is not None and b is not None and t[9] in _ROLE:
                return ("or", ("is", a, _ROLE[t[9]]), ("is", b, _ROLE[t[9]]))
        if len(t) == 7 and t[0] == "neither" and t[2] == "nor" and t[4:6] == ("is", "a"):
            a, b = who(t[1]), who(t[3])
            if a is not None and b is not None and t[6] in _ROLE:
                return ("not", ("or", ("is", a, _ROLE[t[6]]), ("is", b, _ROLE[t[6]])))
        return None

    @lru_cache(maxsize=None)
    def read(i: int, j: int, top: bool) -> frozenset[tuple[Tree, bool]]:
        """Readings of tokens[i:j], each with whether it is a plain claim."""
        t = tokens[i:j]
        found: set[tuple[Tree, bool]] = set()
        if (p := plain(t)) is not None:
            found.add((p, True))
        if (p := set_phrase(t)) is not None:
            found.add((p, False))
        if t[:5] == _NOT_TRUE:
            found |= {(("not", tree), False) for tree, _ in read(i + 5, j, False)}
        starts: list[tuple[int, tuple[str, ...]]] = [(i, ("iff", "and", "or") if top else ())]
        if t[:1] == ("both",):
            starts.append((i + 1, ("and",)))
        if t[:1] == ("either",):
            starts.append((i + 1, ("or",)))
        for start, ops in starts:
            for k in range(start + 1, j - 1):
                if tokens[k] == "and" or tokens[k] == "or":
                    op, after = tokens[k], k + 1
                elif tokens[k : k + 4] == ("if", "and", "only", "if"):
                    op, after = "iff", k + 4
                else:
                    continue
                if op not in ops:
                    continue
                comma = tokens[k - 1] == ","
                end = k - 1 if comma else k
                sides = itertools.product(read(start, end, False), read(after, j, False))
                for (left, simple_l), (right, simple_r) in sides:
                    if comma == (not (simple_l and simple_r)):  # the comma marks a compound side
                        found.add(((op, left, right), False))
        return frozenset(found)

    return {tree for tree, _ in read(0, len(tokens), True)} if tokens else set()
