"""Knights-and-knaves statements: the shared data format, its meaning and its English.

Generators, step spaces and verifiers meet only through ``cotforge.core``, so the
statement model lives here: a small AST of frozen dataclasses, its JSON form, its
truth under a (partial) assignment, and the rule of the island (a knight's
statement is true, a knave's false). No solving strategy lives here.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Union

KNIGHT, KNAVE = "knight", "knave"
Value = Union[bool, None]
"""A person's type in an assignment: True = knight, False = knave, None = unknown."""


@dataclass(frozen=True, slots=True)
class Claim:
    """"<who> is a knight" (``knight`` True) or "<who> is a knave"."""

    who: int
    knight: bool


@dataclass(frozen=True, slots=True)
class Not:
    arg: Statement


@dataclass(frozen=True, slots=True)
class And:
    left: Statement
    right: Statement


@dataclass(frozen=True, slots=True)
class Or:
    left: Statement
    right: Statement


@dataclass(frozen=True, slots=True)
class Iff:
    left: Statement
    right: Statement


Statement = Union[Claim, Not, And, Or, Iff]
BINARY: dict[str, type[And] | type[Or] | type[Iff]] = {"and": And, "or": Or, "iff": Iff}
"""Connective name in the JSON form -> its class."""


def role(knight: bool) -> str:
    return KNIGHT if knight else KNAVE


def describe(names: Sequence[str], values: Mapping[int, bool], verb: str = "is") -> str:
    """Text like "Ned is a knave and Bob is a knight", in the order of the names."""
    parts = [f"{names[i]} {verb} a {role(v)}" for i, v in sorted(values.items())]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


# --- meaning -----------------------------------------------------------------------------


def evaluate(s: Statement, assignment: Sequence[Value]) -> Value:
    """Truth of ``s``; three-valued (None = not yet fixed) when people are unknown."""
    if isinstance(s, Claim):
        v = assignment[s.who]
        return None if v is None else v == s.knight
    if isinstance(s, Not):
        a = evaluate(s.arg, assignment)
        return None if a is None else not a
    left, right = evaluate(s.left, assignment), evaluate(s.right, assignment)
    if isinstance(s, And):
        if left is False or right is False:
            return False
        return None if left is None or right is None else True
    if isinstance(s, Or):
        if left is True or right is True:
            return True
        return None if left is None or right is None else False
    return None if left is None or right is None else left == right


def mentions(s: Statement) -> frozenset[int]:
    """Everyone the statement talks about."""
    if isinstance(s, Claim):
        return frozenset((s.who,))
    if isinstance(s, Not):
        return mentions(s.arg)
    return mentions(s.left) | mentions(s.right)


def depth(s: Statement) -> int:
    if isinstance(s, Claim):
        return 0
    if isinstance(s, Not):
        return depth(s.arg) + (0 if isinstance(s.arg, Claim) else 1)
    return 1 + max(depth(s.left), depth(s.right))


@dataclass(frozen=True, slots=True)
class Puzzle:
    """Inhabitants and who said what (one statement per entry, by speaker index)."""

    names: tuple[str, ...]
    statements: tuple[tuple[int, Statement], ...]

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> "Puzzle":
        """Decode a task payload; raises ValueError naming what is malformed."""
        names = data.get("names")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ValueError("payload 'names' must be a list of strings")
        items = data.get("statements")
        if not isinstance(items, list):
            raise ValueError("payload 'statements' must be a list")
        statements = []
        for item in items:
            speaker = item.get("speaker") if isinstance(item, dict) else None
            if not isinstance(speaker, int) or not 0 <= speaker < len(names):
                raise ValueError(f"bad statement speaker in {item!r}")
            s = from_json(item.get("says"))
            if any(not 0 <= w < len(names) for w in mentions(s)):
                raise ValueError(f"statement of {names[speaker]} names an unknown person")
            statements.append((speaker, s))
        return cls(tuple(names), tuple(statements))

    def payload(self) -> dict[str, Any]:
        return {
            "names": list(self.names),
            "statements": [{"speaker": i, "says": to_json(s)} for i, s in self.statements],
        }

    def violated(self, assignment: Sequence[Value]) -> list[int]:
        """Indices of statements whose truth is already fixed and disagrees with their known speaker."""
        out = []
        for n, (speaker, s) in enumerate(self.statements):
            kind, truth = assignment[speaker], evaluate(s, assignment)
            if kind is not None and truth is not None and truth != kind:
                out.append(n)
        return out

    def consistent(self, assignment: Sequence[Value]) -> bool:
        """True when no statement contradicts its speaker (for a full assignment: it is a solution)."""
        return not self.violated(assignment)

    def completions(self, partial: Sequence[Value] | None = None) -> Iterator[tuple[bool, ...]]:
        """Every full assignment extending ``partial`` that satisfies every statement (2^n)."""
        partial = list(partial) if partial is not None else [None] * len(self.names)
        free = [i for i, v in enumerate(partial) if v is None]
        for bits in itertools.product((True, False), repeat=len(free)):
            full = list(partial)
            for i, b in zip(free, bits):
                full[i] = b
            if self.consistent(full):
                yield tuple(bool(v) for v in full)

    def answer(self, assignment: Sequence[Value]) -> str:
        """Canonical answer text, in the order of the names: "Zoe is a knight, Ned is a knave"."""
        if None in assignment:
            raise ValueError("an answer needs everyone's type")
        return ", ".join(f"{n} is a {role(bool(v))}" for n, v in zip(self.names, assignment))


# --- JSON --------------------------------------------------------------------------------


def to_json(s: Statement) -> dict[str, Any]:
    if isinstance(s, Claim):
        return {"op": "is", "who": s.who, "role": role(s.knight)}
    if isinstance(s, Not):
        return {"op": "not", "arg": to_json(s.arg)}
    op = {And: "and", Or: "or", Iff: "iff"}[type(s)]
    return {"op": op, "args": [to_json(s.left), to_json(s.right)]}


def from_json(obj: Any) -> Statement:
    """Inverse of :func:`to_json`; raises ValueError on anything malformed."""
    op = obj.get("op") if isinstance(obj, dict) else None
    if op == "is":
        who, kind = obj.get("who"), obj.get("role")
        if not isinstance(who, int) or kind not in (KNIGHT, KNAVE):
            raise ValueError(f"bad claim {obj!r}")
        return Claim(who, kind == KNIGHT)
    if op == "not":
        return Not(from_json(obj.get("arg")))
    if op in BINARY:
        args = obj.get("args")
        if not isinstance(args, list) or len(args) != 2:
            raise ValueError(f"{op!r} needs two args, got {args!r}")
        return BINARY[op](from_json(args[0]), from_json(args[1]))
    raise ValueError(f"unknown statement {obj!r}")


# --- English -----------------------------------------------------------------------------


def to_english(s: Statement, names: Sequence[str], speaker: int | None = None) -> str:
    """The statement as its speaker says it ("I" for themselves), first letter capital."""
    text = _say(s, names, speaker, nested=False)
    return text[0].upper() + text[1:]


def _who(i: int, names: Sequence[str], speaker: int | None) -> str:
    return "I" if i == speaker else names[i]


def _atom(c: Claim, names: Sequence[str], speaker: int | None, negated: bool = False) -> str:
    verb = "am" if c.who == speaker else "is"
    return f"{_who(c.who, names, speaker)} {verb}{' not' if negated else ''} a {role(c.knight)}"


def _pair(a: Statement, b: Statement) -> tuple[Claim, Claim] | None:
    """Two claims of the same role about two people, for "X and Y are both knights" forms."""
    if isinstance(a, Claim) and isinstance(b, Claim) and a.knight == b.knight and a.who != b.who:
        return a, b
    return None


def _simple(s: Statement) -> bool:
    return isinstance(s, Claim) or (isinstance(s, Not) and isinstance(s.arg, Claim))


def _say(s: Statement, names: Sequence[str], speaker: int | None, nested: bool) -> str:
    if isinstance(s, Claim):
        return _atom(s, names, speaker)
    if isinstance(s, Not):
        if isinstance(s.arg, Claim):
            return _atom(s.arg, names, speaker, negated=True)
        pair = _pair(s.arg.left, s.arg.right) if isinstance(s.arg, Or) else None
        if pair and speaker not in (pair[0].who, pair[1].who):
            return f"neither {names[pair[0].who]} nor {names[pair[1].who]} is a {role(pair[0].knight)}"
        return f"it is not true that {_say(s.arg, names, speaker, nested=True)}"
    left, right = _say(s.left, names, speaker, True), _say(s.right, names, speaker, True)
    comma = "" if _simple(s.left) and _simple(s.right) else ","
    if isinstance(s, Iff):
        return f"{left}{comma} if and only if {right}"
    pair = _pair(s.left, s.right)
    if pair:
        a, b = sorted(pair, key=lambda c: c.who == speaker)  # "Ned and I", not "I and Ned"
        both = f"{_who(a.who, names, speaker)} and {_who(b.who, names, speaker)}"
        if isinstance(s, And):
            return f"{both} are both {role(a.knight)}s"
        if speaker not in (a.who, b.who):
            return f"at least one of {both} is a {role(a.knight)}"
    if isinstance(s, And):
        return f"{'both ' if nested else ''}{left}{comma} and {right}"
    return f"{'either ' if nested else ''}{left}{comma} or {right}"
