"""Read a knights-and-knaves puzzle from its English text: the inhabitants, the island's words for
the two kinds, and what each one says, every statement turned into the small trees
(``Is``/``Not``/``And``/``Or``/``Xor``/``Iff``) it can be read as.

Written for the re-checks alone: it knows the wording of the questions as printed, not the
generator's code, payload or ``cotforge.domains.logic``. A line or statement it does not understand
raises ``TextUnreadable`` naming it; nothing is ever skipped.

Grouping is read from the words, as printed:

* a connective joining two sides gets a comma before it ("A, and B") exactly when a side is not a
  plain claim ("Ned is a knight", "I am not a knave"); one with no comma joins two plain claims;
* an "and"/"or" inside another statement opens with "both"/"either" ("it is not true that both A
  and B", "A, or both B and C"), or is one of the set phrases "Ned and Zoe are both knights",
  "at least one of Ned and Zoe is a knave", "exactly one of Ned and Zoe is a knave",
  "neither Ned nor Zoe is a knight";
* "if and only if" joins the two halves of a whole statement only.

An "or" is read both ways, inclusive and exclusive, unless the words settle it: "(or both)" and
"at least one of" are inclusive, "(but not both)" and "exactly one of" exclusive. Every reading of
a statement is kept (those equal in meaning merged): the re-check asks whether the answer depends
on which one a reader takes. A statement with no reading is unreadable.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from cotforge.verifiers.rechecks._clue_text import TextUnreadable

Tree = tuple[Any, ...]
"""("is", person, knight?) | ("not", t) | ("and" | "or" | "xor" | "iff", left, right)."""


@dataclass(frozen=True, slots=True)
class Said:
    """One statement as printed, by its speaker (index into the names), and its readings
    (one tree per meaning; more than one when the words leave it open)."""

    speaker: int
    text: str
    trees: tuple[Tree, ...]


@dataclass(frozen=True, slots=True)
class KKReading:
    names: list[str]
    statements: list[Said]
    words: tuple[str, str] = ("knight", "knave")
    """The island's words for the truthful and the lying kind."""

    def choices(self) -> Iterator[tuple[Tree, ...]]:
        """Every way of reading the whole puzzle: one tree per statement."""
        return itertools.product(*(s.trees for s in self.statements))


def holds(tree: Tree, knight: Sequence[bool]) -> bool:
    """Whether the statement is true when ``knight[i]`` tells who is truthful."""
    op = tree[0]
    if op == "is":
        return knight[tree[1]] == tree[2]
    if op == "not":
        return not holds(tree[1], knight)
    a, b = holds(tree[1], knight), holds(tree[2], knight)
    return {"and": a and b, "or": a or b, "xor": a != b, "iff": a == b}[op]


def consistent(reading: KKReading, knight: Sequence[bool], trees: Sequence[Tree] | None = None) -> bool:
    """Truthful people say only true things and liars only false ones (under ``trees``, one reading
    per statement; by default each statement's first)."""
    trees = trees if trees is not None else [s.trees[0] for s in reading.statements]
    return all(holds(t, knight) == knight[s.speaker] for s, t in zip(reading.statements, trees))


# --- the question ---------------------------------------------------------------------------

PLURAL = {"knights": "knight", "knaves": "knave", "heroes": "hero", "villains": "villain", "saints": "saint",
          "sinners": "sinner", "truth-tellers": "truth-teller", "liars": "liar"}  # fmt: skip
"""The words an island may use for its two kinds, plural to singular."""
_W = r"([a-z-]+)"
_LIST = r"(\d+) (?:inhabitants|of them|villagers): (.+)\."
_INTROS = (
    re.compile(rf"On an island, {_W} always tell the truth and {_W} always lie\. You meet {_LIST}"),
    re.compile(rf"Everyone on this island is an? {_W}, who always tells the truth, or an? {_W}, who always lies\. "
               rf"You meet {_LIST}"),
    re.compile(rf"In a village live {_W}, who never lie, and {_W}, who never tell the truth\. You talk to {_LIST}"),
)  # fmt: skip
_SAYS = re.compile(r'(\w+) (?:says|tells you|claims|declares): "(.+)\."')


def _asks(t: str, f: str) -> set[str]:
    plural = {v: k for k, v in PLURAL.items()}
    return {f"Who is a {t} and who is a {f}?", f"Which of them are {plural[t]} and which are {plural[f]}?",
            f"For each of them, say whether they are a {t} or a {f}."}  # fmt: skip


def _intro(line: str) -> tuple[tuple[str, str], list[str]]:
    for pattern in _INTROS:
        m = pattern.fullmatch(line)
        if m is None:
            continue
        t, f = (PLURAL.get(w) if w in PLURAL else w if w in PLURAL.values() else None for w in m.group(1, 2))
        if t is None or f is None or {t, f} & {"knave", "villain", "sinner", "liar"} != {f}:
            raise TextUnreadable(f"cannot read the island's words from {line!r}")
        names = [x.strip() for x in re.split(r", | and ", m.group(4))]
        if len(names) != int(m.group(3)) or len(set(names)) != len(names):
            raise TextUnreadable(f"the inhabitants do not match their number in {line!r}")
        return (t, f), names
    raise TextUnreadable(f"cannot read the island and inhabitants from {line!r}")


def read_knights_knaves(question: str) -> KKReading:
    lines = [line.strip() for line in question.split("\n") if line.strip()]
    if not lines:
        raise TextUnreadable("the question is empty")
    words, names = _intro(lines[0])
    bad = next((n for n in names if not re.fullmatch(r"[A-Z][a-z]+", n) or n in _WORDS), None)
    if bad is not None:
        raise TextUnreadable(f"cannot read the name {bad!r} in {lines[0]!r}")
    if lines[-1] not in _asks(*words):
        raise TextUnreadable(f"the question does not end by asking who is a {words[0]}: {lines[-1]!r}")
    statements = []
    for line in lines[1:-1]:
        said = _SAYS.fullmatch(line)
        if said is None:
            raise TextUnreadable(f"cannot read the line {line!r}")
        if said.group(1) not in names:
            raise TextUnreadable(f"{said.group(1)!r} is not one of the inhabitants in {line!r}")
        speaker = names.index(said.group(1))
        statements.append(Said(speaker, said.group(2), read_statement(said.group(2), names, speaker, words)))
    if not statements:
        raise TextUnreadable("nobody says anything")
    return KKReading(names, statements, words)


# --- one statement --------------------------------------------------------------------------

_WORDS = {"I", "It", "Neither", "At", "Both", "Either", "Exactly"}
"""Words a statement may start with that are not inhabitants."""
_NOT_TRUE = ("it", "is", "not", "true", "that")
_INCLUSIVE = ("(", "or", "both", ")")
_EXCLUSIVE = ("(", "but", "not", "both", ")")


def read_statement(text: str, names: Sequence[str], speaker: int, words: tuple[str, str] = ("knight", "knave")) -> tuple[Tree, ...]:
    """Every meaning the statement (its first letter a capital) can be read as, or ``TextUnreadable``."""
    if re.fullmatch(r"[A-Za-z-]+(?:,? [A-Za-z-]+| \((?:or both|but not both)\))*", text) is None:
        raise TextUnreadable(f"cannot read the statement {text!r}: unexpected characters or spacing")
    tokens = tuple(re.findall(r"[\w-]+|,|\(|\)", text))
    if tokens[0] not in names and tokens[0] != "I":
        tokens = (tokens[0][:1].lower() + tokens[0][1:], *tokens[1:])
    readings = sorted(_readings(tokens, tuple(names), speaker, words), key=repr)
    if not readings:
        raise TextUnreadable(f"cannot read the statement {text!r}")
    worlds = list(itertools.product((True, False), repeat=len(names)))
    by_meaning: dict[tuple[bool, ...], Tree] = {}
    for tree in readings:
        by_meaning.setdefault(tuple(holds(tree, w) for w in worlds), tree)
    return tuple(by_meaning.values())


def _readings(tokens: tuple[str, ...], names: tuple[str, ...], speaker: int, words: tuple[str, str]) -> set[Tree]:
    """Every tree the whole statement can be read as (the top level: no "both"/"either" needed)."""
    role = {words[0]: True, words[1]: False}
    plural = {k: role[v] for k, v in PLURAL.items() if v in role}

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
            if person is not None and t[-2] == "a" and t[-1] in role:
                claim: Tree = ("is", person, role[t[-1]])
                return ("not", claim) if len(t) == 5 else claim
        return None

    def set_phrase(t: tuple[str, ...]) -> Tree | None:
        """The fixed two-person phrases."""
        if len(t) == 6 and t[1] == "and" and t[3:5] == ("are", "both") and t[5] in plural:
            a, b = who(t[0]), who(t[2])
            if a is not None and b is not None:
                return ("and", ("is", a, plural[t[5]]), ("is", b, plural[t[5]]))
        for lead, meaning in ((("at", "least", "one", "of"), "or"), (("exactly", "one", "of"), "xor")):
            k = len(lead)
            if t[:k] == lead and len(t) == k + 6 and t[k + 1] == "and" and t[k + 3 : k + 5] == ("is", "a") and t[-1] in role:
                a, b = who(t[k]), who(t[k + 2])
                if a is not None and b is not None:
                    return (meaning, ("is", a, role[t[-1]]), ("is", b, role[t[-1]]))
        if len(t) == 7 and t[0] == "neither" and t[2] == "nor" and t[4:6] == ("is", "a"):
            a, b = who(t[1]), who(t[3])
            if a is not None and b is not None and t[6] in role:
                return ("not", ("or", ("is", a, role[t[6]]), ("is", b, role[t[6]])))
        return None

    @cache
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
        # (start, end, connectives allowed, what an "or" may mean)
        starts: list[tuple[int, int, tuple[str, ...], tuple[str, ...]]] = []
        if top:
            starts.append((i, j, ("iff", "and", "or"), ("or", "xor")))
        if t[:1] == ("both",):
            starts.append((i + 1, j, ("and",), ()))
        if t[:1] == ("either",):
            if t[-4:] == _INCLUSIVE:
                starts.append((i + 1, j - 4, ("or",), ("or",)))
            elif t[-5:] == _EXCLUSIVE:
                starts.append((i + 1, j - 5, ("or",), ("xor",)))
            else:
                starts.append((i + 1, j, ("or",), ("or", "xor")))
        for start, stop, ops, meanings in starts:
            for k in range(start + 1, stop - 1):
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
                sides = itertools.product(read(start, end, False), read(after, stop, False))
                for (left, simple_l), (right, simple_r) in sides:
                    if comma == (not (simple_l and simple_r)):  # the comma marks a compound side
                        for meaning in (meanings if op == "or" else (op,)):
                            found.add(((meaning, left, right), False))
        return frozenset(found)

    return {tree for tree, _ in read(0, len(tokens), True)} if tokens else set()
