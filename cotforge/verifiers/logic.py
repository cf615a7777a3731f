"""Verifier for knights and knaves: an answer is right iff it fits every statement.

The answer is read the way models write it (sentences, plural lists "The knights are Umar and
Mia", "Name: knight" lines, tables, JSON, a ``\\boxed{}``), with negations ("Tom is not a knave")
and in the island's own words: the payload's ``roles`` when the generator records them (with the
genre's knight/knave and truth-teller/liar), else every common pair (knight/knave,
truth-teller/liar, hero/villain, saint/sinner). Hypothetical sentences
("If Raj were a knight...") say nothing; an answer that calls someone both is unreadable. The
assignment is then checked against each statement rather than string-compared with the gold, so
any wording of the one consistent assignment is accepted.
"""

from __future__ import annotations

import json
import re
from functools import partial
from collections.abc import Iterable, Sequence
from typing import Any

from cotforge.core.memo import Memo
from cotforge.domains.logic import Puzzle, Value, role, to_english
from cotforge.core.records import Problem, Step, Verdict
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers._readers import BAD_PAYLOAD, AnswerError, loads_json, payload, raw_json, read_final, segments
from cotforge.verifiers.base import Verifier

_CHECKED: Memo[tuple[str, str, tuple[Value, ...], bool, tuple[Value, ...]], bool | None] = Memo(50_000)
"""(payload, kind, facts before, whether they rest on an assumption, facts after) -> a step's verdict: the continued
negatives check the chain's own steps again, before their wrong one."""
_WORLDS: Memo[tuple[str, tuple[Value, ...]], tuple[tuple[bool, ...], ...]] = Memo(20_000)
"""(payload, facts before) -> every full assignment extending them that fits every statement: the wrong moves from one
state, and the chain's step from it, are checked against the same worlds."""

_PUZZLES: Memo[str, Puzzle] = Memo(2_000)
"""The payload's text -> its puzzle (``_puzzle``): a record's chain, its negatives and their answers are checked against
the same payload, decoded once."""

COMMON_ROLES = (("knight", "knave"), ("truth-teller", "liar"), ("truthteller", "liar"), ("truth teller", "liar"),
                ("hero", "villain"), ("saint", "sinner"))  # fmt: skip
_REST = r"everyone else|everybody else|all (?:the )?others|the others|the rest|all (?:of )?the rest"
_EVERYONE = r"all of them|all (?:two|three|four|five|six|seven|eight)(?: of them)?|everyone|everybody|each of them|both of them"
_NEGATION = re.compile(r"\b(?:not|never|no)\b|n['’]t\b", re.I)
_HYPOTHETICAL = re.compile(r"\b(?:if|suppose|supposing|assume|assuming|whether|would|were|could|might|may|maybe|"
                           r"perhaps|possibly|probably)\b|\?", re.I)  # fmt: skip
_SPEECH = re.compile(r"\b(?:says?|said|saying|claims?|claimed|tells?|told|states?|stated|statement|lies|lied|"
                     r"lying|replies|replied|answers|answered|accuses|accused)\b|[\"“”]", re.I)  # fmt: skip
_SO_IS = re.compile(r"\b(?:so|as|and\s+so)\s+(?:is|are|does|do)\b", re.I)
_TOO = re.compile(r"\W*(?:too|also|as\s+well)\b", re.I)
_VERB = re.compile(r"\s*(?:is|are|was|'s|’s|:|=|-|–|—|→|->|=>|\(|\|)", re.I)
_HEADS = re.compile(r"\s*(?:are|is|were|was|include|:|=|-|–|—)", re.I)


def vocabulary(payload: dict[str, Any]) -> dict[str, bool]:
    """Role word (singular and plural, lower case) -> True for the truthful kind.

    A generator records its island's words as ``roles`` (``["hero", "villain"]``; a mapping
    ``{"knight": "hero", "knave": "villain"}`` is read too): then those words, and the genre's own
    knight/knave and truth-teller/liar, are read. Without ``roles`` every common pair is read."""
    roles = payload.get("roles")
    generic = [("knight", "knave"), ("truth-teller", "liar"), ("truthteller", "liar"), ("truth teller", "liar")]
    pairs: list[tuple[str, str]]
    if isinstance(roles, dict) and isinstance(roles.get("knight"), str) and isinstance(roles.get("knave"), str):
        pairs = [(roles["knight"], roles["knave"]), *generic]
    elif isinstance(roles, (list, tuple)) and len(roles) == 2 and all(isinstance(r, str) for r in roles):
        pairs = [(roles[0], roles[1]), *generic]
    else:
        pairs = list(COMMON_ROLES)
    out: dict[str, bool] = {}
    for good, bad in pairs:
        for word, kind in ((good, True), (bad, False)):
            for form in _forms(word.strip().lower()):
                out.setdefault(form, kind)
    return out


def _forms(word: str) -> Iterable[str]:
    yield word
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy")):
        yield word[:-1] + "ies"
    yield word + ("es" if word.endswith(("o", "s", "x", "ch", "sh")) else "s")
    if " " in word:
        yield word.replace(" ", "-")


def parse_answer(text: str, names: Sequence[str], words: dict[str, bool] | None = None) -> list[bool]:
    """Each person's type (True = knight) in the order of ``names``; raises AnswerError."""
    words = words or vocabulary({})
    return read_final(text, lambda part: _read_part(part, names, words))


def _read_part(text: str, names: Sequence[str], words: dict[str, bool]) -> list[bool]:
    found = _from_json(text, names, words) if text.lstrip().startswith("{") else _from_prose(text, names, words)
    missing = [n for n in names if n.lower() not in found]
    if len(missing) == len(names):
        raise AnswerError("no knight/knave assignment found in the answer")
    if missing:
        raise AnswerError(f"no type given for {', '.join(missing)}")
    return [found[n.lower()] for n in names]


def _from_json(text: str, names: Sequence[str], words: dict[str, bool]) -> dict[str, bool]:
    """{"Zoe": "knight", "Ned": false} or {"knights": ["Zoe"], "knaves": ["Ned"]}; other keys are ignored."""
    try:
        data, _ = raw_json(text.lstrip())
    except json.JSONDecodeError as e:
        raise AnswerError(f"answer looks like JSON but does not parse: {e}") from None
    if not isinstance(data, dict):
        raise AnswerError("JSON answer must be an object of name: type")
    lower = {n.lower() for n in names}
    out: dict[str, bool] = {}

    def give(who: str, knight: bool) -> None:
        if out.get(who, knight) != knight:
            raise AnswerError(f"{who.title()} is called both a knight and a knave")
        out[who] = knight

    for key, value in data.items():
        key = str(key).strip().lower()
        if key in words and isinstance(value, list):
            for v in value:
                give(str(v).strip().lower(), words[key])
        elif key not in lower:
            continue
        elif isinstance(value, bool):
            give(key, value)
        elif isinstance(value, str) and value.strip().lower() in words:
            give(key, words[value.strip().lower()])
        else:
            raise AnswerError(f"type of {key.title()} must be 'knight' or 'knave', got {str(value)[:40]!r}")
    return out


def _from_prose(text: str, names: Sequence[str], words: dict[str, bool]) -> dict[str, bool]:
    """Scan each sentence's names and role words in order.

    "Zoe and Ben are knights" (names wait for their role), "The knights are Umar and Mia" and
    "Knaves: Ned" (a role heads the names after it), "The knight is Raj, and Tom is a knave" (a
    name followed by "is" starts a new subject), "Neither Zoe nor Ben is a knight".
    """
    by_lower = {n.lower(): n for n in names}
    who = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    kinds = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    token = re.compile(rf"\b(?:(?P<name>{who})|(?P<role>{kinds})|(?P<rest>{_REST})|(?P<all>{_EVERYONE})|"
                       rf"(?P<neither>neither|none of))\b", re.I)  # fmt: skip
    out: dict[str, bool] = {}

    def give(person: str, knight: bool) -> None:
        if out.get(person, knight) != knight:
            raise AnswerError(f"{by_lower[person]} is called both a knight and a knave")
        out[person] = knight

    either = re.compile(rf"\b(?:{kinds})\s*(?:or|/|\|)\s*(?:an?\s+)?(?:{kinds})\b", re.I)
    said: bool | None = None  # the last role given, for "..., and so is Tom" and "Tom too"
    for seg in segments(text):
        bare = token.sub(" ", seg)
        if _HYPOTHETICAL.search(bare) or _SPEECH.search(bare):
            continue  # "If Raj were...", "Tom says Raj is a knave": not the answer's own claims
        if either.search(seg):
            raise AnswerError("the answer leaves a choice open (a knight or a knave)")
        pending: list[str] = []
        header: bool | None = None
        neither = False
        last_end = 0
        pending_from = 0
        for m in token.finditer(seg):
            if m.group("neither"):
                neither = True
            elif m.group("name") or m.group("rest") or m.group("all"):
                if m.group("name"):
                    group = [m.group("name").lower()]
                elif m.group("all"):
                    group = list(by_lower)
                else:
                    group = [n for n in by_lower if n not in out and n not in pending]
                if header is not None and not _VERB.match(seg, m.end()):
                    for person in group:
                        give(person, header)
                elif said is not None and not pending and _TOO.match(seg, m.end()):
                    for person in group:  # "Raj is a knave; Tom too"
                        give(person, said)
                else:
                    if header is not None:
                        header = None  # "..., and Tom is a knave": a new subject
                    if not pending:
                        pending_from = last_end
                    pending.extend(group)
            else:
                knight = words[m.group("role").lower()]
                if pending:
                    knight ^= bool(_NEGATION.search(seg, last_end, m.start())) ^ neither
                    for person in pending:
                        give(person, knight)
                    pending, header, neither, said = [], None, False, knight
                elif _HEADS.match(seg, m.end()):
                    header = knight  # "The knights are Umar and Mia", "Knaves: Ned"
            last_end = m.end()
        if pending and said is not None and _SO_IS.search(seg, pending_from, last_end):
            for person in pending:  # "Raj is a knight, and so is Tom", "Raj is a knave; Tom too"
                give(person, said)
    return out


def _parse_state(text: str, names: Sequence[str]) -> tuple[list[Value], bool] | None:
    """A step's machine state: (assignment, any assumptions), or None if it is not one."""
    try:
        data = loads_json(text)
    except BAD_PAYLOAD:
        return None
    if not isinstance(data, dict):
        return None
    values: list[Value] = []
    for n in names:
        v = data.get(n)
        if v not in ("knight", "knave", None):
            return None
        values.append(None if v is None else v == "knight")
    return values, bool(data.get("assumed"))


def _puzzle(problem: Problem) -> Puzzle:
    """``Puzzle.from_payload(payload(problem))``, remembered by the payload's text; raises as that does (what fails to
    decode is never remembered, and a payload that is not text is decoded as before, every time)."""
    text = problem.payload
    if not isinstance(text, str):
        return Puzzle.from_payload(payload(problem))
    found = _PUZZLES.get(text)
    if found is None:
        found = _PUZZLES.keep(text, Puzzle.from_payload(payload(problem)))
    return found


class KnightsKnavesVerifier(Verifier):
    name = "knights_knaves"

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        try:
            puzzle = _puzzle(problem)
        except BAD_PAYLOAD as e:
            return Verdict.error(f"bad knights_knaves payload: {e}")
        if not isinstance(answer, str) or not answer.strip():
            return Verdict.unreadable("no answer")
        try:
            return self._judge(puzzle, answer, vocabulary(payload(problem)))
        except AnswerError as e:
            return Verdict.unreadable(str(e))
        except Exception as e:  # a bug in the check is "could not verify", never "wrong"
            return Verdict.error(f"check crashed: {type(e).__name__}: {e}")

    @staticmethod
    def _judge(puzzle: Puzzle, answer: str, words: dict[str, bool]) -> Verdict:
        values = parse_answer(answer, puzzle.names, words)
        broken = puzzle.violated(values)
        if broken:
            speaker, s = puzzle.statements[broken[0]]
            who, kind = puzzle.names[speaker], values[speaker]
            said = to_english(s, puzzle.names, speaker)
            truth = "false" if kind else "true"
            return Verdict.reject(f'{who} would be a {role(kind)}, but {who}\'s statement "{said}" is {truth}')
        return Verdict.accept(f"consistent with all {len(puzzle.statements)} statements")

    def check_steps(self, problem: Problem, steps: Sequence[Step]) -> list[bool | None]:
        """Deductions must be forced (brute force over completions); assumptions are unchecked.

        A deduction from facts that are already impossible counts as sound only inside
        an assumption (reasoning towards a contradiction), not after a wrong step.
        """
        try:
            puzzle = _puzzle(problem)
        except BAD_PAYLOAD:
            return [None] * len(steps)
        prev: list[Value] = [None] * len(puzzle.names)
        prev_assumed = False
        out: list[bool | None] = []
        for step in steps:
            parsed = _parse_state(step.state, puzzle.names)
            if parsed is None:
                out.append(None)
                continue
            values, assumed = parsed
            key = (problem.payload, step.kind, tuple(prev), prev_assumed, tuple(values))
            out.append(_CHECKED.remember(key, partial(self._check, puzzle, problem.payload, step.kind, prev, prev_assumed, values)))
            prev, prev_assumed = values, assumed
        return out

    @staticmethod
    def _check(puzzle: Puzzle, text: str, kind: str, prev: list[Value], assumed: bool, values: list[Value]) -> bool | None:
        """The verdict on one step (``text``: the puzzle's payload, under which its worlds are remembered)."""
        if kind == "answer":
            return None not in values and puzzle.consistent(values)
        if kind == "contradiction":
            return next(puzzle.completions(values), None) is None
        if kind != "deduce":
            return None
        if any(p is not None and v != p for p, v in zip(prev, values)):
            return False  # a deduction may not change what is already known
        new = {i: v for i, (p, v) in enumerate(zip(prev, values)) if p is None and v is not None}
        if not new:
            return None
        worlds = _WORLDS.remember((text, tuple(prev)), lambda: tuple(puzzle.completions(prev)))
        if not worlds:
            return assumed
        return all(w[i] == v for w in worlds for i, v in new.items())


VERIFIERS.register("knights_knaves", KnightsKnavesVerifier())
