"""Knights-and-knaves statements: the shared data format, its meaning and its English.

Generators, step spaces and verifiers meet only through ``cotforge.core``, so the
statement model lives here: a small AST of frozen dataclasses, its JSON form, its
truth under a (partial) assignment, and the rule of the island (a knight's
statement is true, a knave's false). No solving strategy lives here.

The English never leaves a connective to the reader's taste: an "or" inside a statement is
written "either A or B (or both)", an exclusive one "either A or B (but not both)" or "exactly one
of A and B is a knight"; only a whole statement's own "or" is bare (read inclusively, and the
generator keeps a puzzle only when reading it exclusively changes nothing). The island's words
(knight/knave, hero/villain, saint/sinner, truth-teller/liar) are the puzzle's ``roles``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

KNIGHT, KNAVE = "knight", "knave"
Value = bool | None
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


@dataclass(frozen=True, slots=True)
class Xor:
    """Exactly one of the two sides holds."""

    left: Statement
    right: Statement


Statement = Claim | Not | And | Or | Iff | Xor
BINARY: dict[str, type[And] | type[Or] | type[Iff] | type[Xor]] = {"and": And, "or": Or, "iff": Iff, "xor": Xor}
"""Connective name in the JSON form -> its class."""


@dataclass(frozen=True, slots=True)
class Roles:
    """The island's words for the two kinds of people (the machine form is always knight/knave)."""

    truthful: str = KNIGHT
    liar: str = KNAVE
    truthful_plural: str = "knights"
    liar_plural: str = "knaves"

    def word(self, knight: bool, plural: bool = False) -> str:
        if plural:
            return self.truthful_plural if knight else self.liar_plural
        return self.truthful if knight else self.liar

    def payload(self) -> list[str]:
        """The payload's ``roles``: [truthful word, lying word]."""
        return [self.truthful, self.liar]


KNIGHTS = Roles()
VOCABULARIES = {
    "knight": KNIGHTS,
    "hero": Roles("hero", "villain", "heroes", "villains"),
    "saint": Roles("saint", "sinner", "saints", "sinners"),
    "truth-teller": Roles("truth-teller", "liar", "truth-tellers", "liars"),
}
"""The vocabularies a puzzle may use, by their truthful word."""


def role(knight: bool, roles: Roles = KNIGHTS) -> str:
    return roles.word(knight)


def describe(names: Sequence[str], values: Mapping[int, bool], verb: str = "is", roles: Roles = KNIGHTS) -> str:
    """Text like "Ned is a knave and Bob is a knight", in the order of the names."""
    parts = [f"{names[i]} {verb} a {roles.word(v)}" for i, v in sorted(values.items())]
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
    if left is None or right is None:
        return None
    return left == right if isinstance(s, Iff) else left != right


def compiled(s: Statement) -> Callable[[Sequence[Value]], Value]:
    """``evaluate`` of ``s`` as one function of the assignment, the same values, with the connectives looked up once
    (a puzzle's completions evaluate its statements thousands of times)."""
    if isinstance(s, Claim):
        who, knight = s.who, s.knight
        return lambda a: None if a[who] is None else a[who] == knight
    if isinstance(s, Not):
        arg = compiled(s.arg)

        def negation(a: Sequence[Value]) -> Value:
            x = arg(a)
            return None if x is None else not x

        return negation
    left, right = compiled(s.left), compiled(s.right)
    if isinstance(s, (And, Or)):
        wins = isinstance(s, Or)  # the value that decides the whole: True for "or", False for "and"

        def junction(a: Sequence[Value]) -> Value:
            x = left(a)
            if x is wins:
                return wins
            y = right(a)
            if y is wins:
                return wins
            return None if x is None or y is None else not wins

        return junction
    same = isinstance(s, Iff)

    def equivalence(a: Sequence[Value]) -> Value:
        x = left(a)
        if x is None:
            return None
        y = right(a)
        return None if y is None else (x == y) == same

    return equivalence


@lru_cache(maxsize=16)
def _knights(n: int) -> tuple[int, ...]:
    """Per person, the full assignments of ``n`` people where they are a knight, as a bitmask (see ``truth_table``)."""
    return tuple(sum(1 << k for k in range(1 << n) if not k >> (n - 1 - i) & 1) for i in range(n))


def truth_table(s: Statement, n: int) -> int:
    """``s``'s truth under every full assignment of ``n`` people at once, as a bitmask: bit k is its truth under the
    k-th assignment of ``completions``' order (``itertools.product((True, False), repeat=n)``: person i is a knight
    where bit n-1-i of k is 0). ``evaluate`` on each full assignment, in a few integer operations."""
    full = (1 << (1 << n)) - 1
    if isinstance(s, Claim):
        knights = _knights(n)[s.who]
        return knights if s.knight else full & ~knights
    if isinstance(s, Not):
        return full & ~truth_table(s.arg, n)
    left, right = truth_table(s.left, n), truth_table(s.right, n)
    if isinstance(s, And):
        return left & right
    if isinstance(s, Or):
        return left | right
    return full & ~(left ^ right) if isinstance(s, Iff) else left ^ right


def said_truly(speaker: int, s: Statement, n: int) -> int:
    """The full assignments (a ``truth_table`` bitmask) where ``speaker``'s statement ``s`` keeps the island's rule: true
    where they are a knight, false where a knave."""
    return ((1 << (1 << n)) - 1) & ~(truth_table(s, n) ^ _knights(n)[speaker])


def solutions_table(statements: Sequence[tuple[int, Statement]], n: int) -> int:
    """Every full assignment of ``n`` people that satisfies every statement, as a ``truth_table`` bitmask (the
    assignments ``Puzzle.completions`` yields, lowest bit first)."""
    ok = (1 << (1 << n)) - 1
    for speaker, s in statements:
        ok &= said_truly(speaker, s, n)
    return ok


def assignment_at(k: int, n: int) -> tuple[bool, ...]:
    """The k-th full assignment of ``n`` people in ``completions``' order."""
    return tuple(not k >> (n - 1 - i) & 1 for i in range(n))


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
    roles: Roles = KNIGHTS
    truths: tuple[tuple[int, Callable[[Sequence[Value]], Value]], ...] = field(init=False, repr=False, compare=False)
    """Per statement: its speaker and its ``compiled`` truth."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "truths", tuple((speaker, compiled(s)) for speaker, s in self.statements))

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> Puzzle:
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
        return cls(tuple(names), tuple(statements), _roles(data.get("roles")))

    def payload(self) -> dict[str, Any]:
        return {
            "names": list(self.names),
            "statements": [{"speaker": i, "says": to_json(s)} for i, s in self.statements],
            "roles": self.roles.payload(),
        }

    def violated(self, assignment: Sequence[Value]) -> list[int]:
        """Indices of statements whose truth is already fixed and disagrees with their known speaker."""
        out = []
        for n, (speaker, truth_of) in enumerate(self.truths):
            kind = assignment[speaker]
            if kind is not None:
                truth = truth_of(assignment)
                if truth is not None and truth != kind:
                    out.append(n)
        return out

    def first_violated(self, assignment: Sequence[Value]) -> int | None:
        """The first of ``violated``, or None: the statements after it are not evaluated."""
        for n, (speaker, truth_of) in enumerate(self.truths):
            kind = assignment[speaker]
            if kind is not None:
                truth = truth_of(assignment)
                if truth is not None and truth != kind:
                    return n
        return None

    def consistent(self, assignment: Sequence[Value]) -> bool:
        """True when no statement contradicts its speaker (for a full assignment: it is a solution)."""
        return self.first_violated(assignment) is None

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
        return ", ".join(f"{n} is a {self.roles.word(bool(v))}" for n, v in zip(self.names, assignment))


def _roles(obj: Any) -> Roles:
    """The payload's ``roles`` ([truthful, lying]); absent: knight/knave."""
    if obj is None:
        return KNIGHTS
    match = next((r for r in VOCABULARIES.values() if r.payload() == obj), None)
    if match is None:
        raise ValueError(f"unknown roles {obj!r}; known: {[r.payload() for r in VOCABULARIES.values()]}")
    return match


# --- JSON --------------------------------------------------------------------------------


def to_json(s: Statement) -> dict[str, Any]:
    if isinstance(s, Claim):
        return {"op": "is", "who": s.who, "role": role(s.knight)}
    if isinstance(s, Not):
        return {"op": "not", "arg": to_json(s.arg)}
    op = {And: "and", Or: "or", Iff: "iff", Xor: "xor"}[type(s)]
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


def to_english(s: Statement, names: Sequence[str], speaker: int | None = None, roles: Roles = KNIGHTS) -> str:
    """The statement as its speaker says it ("I" for themselves), first letter capital."""
    text = _Say(names, speaker, roles).say(s, nested=False)
    return text[0].upper() + text[1:]


def _pair(a: Statement, b: Statement) -> tuple[Claim, Claim] | None:
    """Two claims of the same role about two people, for "X and Y are both knights" forms."""
    if isinstance(a, Claim) and isinstance(b, Claim) and a.knight == b.knight and a.who != b.who:
        return a, b
    return None


def simple(s: Statement) -> bool:
    """A plain claim, or a negated one: what a nested connective joins."""
    return isinstance(s, Claim) or (isinstance(s, Not) and isinstance(s.arg, Claim))


@dataclass(frozen=True, slots=True)
class _Say:
    names: Sequence[str]
    speaker: int | None
    roles: Roles

    def who(self, i: int) -> str:
        return "I" if i == self.speaker else self.names[i]

    def atom(self, c: Claim, negated: bool = False) -> str:
        verb = "am" if c.who == self.speaker else "is"
        return f"{self.who(c.who)} {verb}{' not' if negated else ''} a {self.roles.word(c.knight)}"

    def say(self, s: Statement, nested: bool) -> str:
        if isinstance(s, Claim):
            return self.atom(s)
        if isinstance(s, Not):
            if isinstance(s.arg, Claim):
                return self.atom(s.arg, negated=True)
            pair = _pair(s.arg.left, s.arg.right) if isinstance(s.arg, Or) else None
            if pair and self.speaker not in (pair[0].who, pair[1].who):
                return f"neither {self.names[pair[0].who]} nor {self.names[pair[1].who]} is a {self.roles.word(pair[0].knight)}"
            return f"it is not true that {self.say(s.arg, nested=True)}"
        left, right = self.say(s.left, True), self.say(s.right, True)
        comma = "" if simple(s.left) and simple(s.right) else ","
        if isinstance(s, Iff):
            return f"{left}{comma} if and only if {right}"
        pair = _pair(s.left, s.right)
        if pair:
            a, b = sorted(pair, key=lambda c: c.who == self.speaker)  # "Ned and I", not "I and Ned"
            both = f"{self.who(a.who)} and {self.who(b.who)}"
            word = self.roles.word(a.knight)
            if isinstance(s, And):
                return f"{both} are both {self.roles.word(a.knight, plural=True)}"
            if self.speaker not in (a.who, b.who):
                many = "at least" if isinstance(s, Or) else "exactly"
                return f"{many} one of {both} is a {word}"
        if isinstance(s, And):
            return f"{'both ' if nested else ''}{left}{comma} and {right}"
        if isinstance(s, Xor):
            return f"either {left}{comma} or {right} (but not both)"
        return f"either {left}{comma} or {right} (or both)" if nested else f"{left}{comma} or {right}"
