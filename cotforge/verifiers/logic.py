"""Verifier for knights and knaves: an answer is right iff it fits every statement.

The answer is read the way models write it (sentences, "Name: knight" lists, JSON,
a ``\\boxed{}``), then checked against each statement rather than string-compared
with the gold, so any wording of the one consistent assignment is accepted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from cotforge.core.answers import boxed
from cotforge.domains.logic import Puzzle, Value, role, to_english
from cotforge.core.records import Problem, Step, Verdict
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers.base import Verifier

_ROLE = r"knights?|knaves?|liars?|truth[- ]?tellers?"
_REST = r"everyone else|everybody else|all (?:the )?others|the others|the rest"
_NEGATION = re.compile(r"\b(?:not|isn['’]?t|aren['’]?t|never)\b", re.I)


class AnswerError(ValueError):
    """The answer cannot be read as a full assignment; the message says why."""


def parse_answer(text: str, names: Sequence[str]) -> list[bool]:
    """Each person's type (True = knight) in the order of ``names``; raises AnswerError."""
    text = _final_part(text)
    found = _from_json(text, names) if text.lstrip().startswith("{") else _from_prose(text, names)
    missing = [n for n in names if n.lower() not in found]
    if len(missing) == len(names):
        raise AnswerError("no knight/knave assignment found in the answer")
    if missing:
        raise AnswerError(f"no type given for {', '.join(missing)}")
    return [found[n.lower()] for n in names]


def _final_part(text: str) -> str:
    """The content of the last \\boxed{...}, else what follows a final "answer:", else all."""
    if "\\boxed{" in text:
        found = boxed(text)
        if found is None:
            raise AnswerError("unclosed \\boxed{")
        return found
    marks = list(re.finditer(r"answer\s*(?:is)?\s*:", text, re.I))
    return text[marks[-1].end() :] if marks else text


def _is_knight(word: str) -> bool:
    return word.lower().startswith(("knight", "truth"))


def _from_json(text: str, names: Sequence[str]) -> dict[str, bool]:
    """{"Zoe": "knight", "Ned": false} or {"knights": ["Zoe"], "knaves": ["Ned"]}; other keys are ignored."""
    try:
        data, _ = json.JSONDecoder().raw_decode(text.lstrip())
    except json.JSONDecodeError as e:
        raise AnswerError(f"answer looks like JSON but does not parse: {e}") from None
    if not isinstance(data, dict):
        raise AnswerError("JSON answer must be an object of name: type")
    lower = {n.lower() for n in names}
    out: dict[str, bool] = {}
    for key, value in data.items():
        key = str(key).strip().lower()
        if re.fullmatch(_ROLE, key) and isinstance(value, list):
            out.update((str(v).strip().lower(), _is_knight(key)) for v in value)
        elif key not in lower:
            continue
        elif isinstance(value, bool):
            out[key] = value
        elif isinstance(value, str) and re.fullmatch(_ROLE, value.strip(), re.I):
            out[key] = _is_knight(value.strip())
        else:
            raise AnswerError(f"type of {key.title()} must be 'knight' or 'knave', got {value!r}")
    return out


def _from_prose(text: str, names: Sequence[str]) -> dict[str, bool]:
    """Scan names and role words in order: "Zoe and Ben are knights", "Knaves: Ned", "Ned: knave"."""
    by_lower = {n.lower(): n for n in names}
    alternatives = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    words = rf"\b(?:(?P<name>{alternatives})|(?P<role>{_ROLE})|(?P<rest>{_REST}))\b"
    token = re.compile(rf"{words}|(?P<stop>[.;?!\n])", re.I)
    out: dict[str, bool] = {}
    pending: list[str] = []
    header: bool | None = None
    last_end = 0

    def give(who: str, knight: bool) -> None:
        if out.get(who, knight) != knight:
            raise AnswerError(f"{by_lower[who]} is called both a knight and a knave")
        out[who] = knight

    for m in token.finditer(text):
        if m.group("stop"):
            header, pending = None, []
        elif m.group("name"):
            if header is not None:
                give(m.group("name").lower(), header)
            else:
                pending.append(m.group("name").lower())
        elif m.group("rest"):
            pending.extend(n for n in by_lower if n not in out and n not in pending)
        else:
            knight = _is_knight(m.group("role"))
            if text[m.end() :].lstrip().startswith(":") and not pending:
                header = knight  # "Knights: Zoe, Ben"
            else:
                knight ^= bool(_NEGATION.search(text, last_end, m.start()))
                for who in pending:
                    give(who, knight)
                pending, header = [], None
        last_end = m.end()
    return out


def _parse_state(text: str, names: Sequence[str]) -> tuple[list[Value], bool] | None:
    """A step's machine state: (assignment, any assumptions), or None if it is not one."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, TypeError):
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


class KnightsKnavesVerifier(Verifier):
    name = "knights_knaves"

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        try:
            puzzle = Puzzle.from_payload(problem.data())
        except (ValueError, TypeError, AttributeError) as e:
            return Verdict.error(f"bad knights_knaves payload: {e}")
        if not isinstance(answer, str) or not answer.strip():
            return Verdict.reject("no answer")
        try:
            return self._judge(puzzle, answer)
        except AnswerError as e:
            return Verdict.reject(str(e))
        except Exception as e:  # a bug in the check is "could not verify", never "wrong"
            return Verdict.error(f"check crashed: {type(e).__name__}: {e}")

    @staticmethod
    def _judge(puzzle: Puzzle, answer: str) -> Verdict:
        values = parse_answer(answer, puzzle.names)
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
            puzzle = Puzzle.from_payload(problem.data())
        except (ValueError, TypeError, AttributeError):
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
            out.append(self._check(puzzle, step.kind, prev, prev_assumed, values))
            prev, prev_assumed = values, assumed
        return out

    @staticmethod
    def _check(puzzle: Puzzle, kind: str, prev: list[Value], assumed: bool, values: list[Value]) -> bool | None:
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
        worlds = list(puzzle.completions(prev))
        if not worlds:
            return assumed
        return all(w[i] == v for w in worlds for i, v in new.items())


VERIFIERS.register("knights_knaves", KnightsKnavesVerifier())
