"""What the logic and code verifiers share to read answers: where an answer is stated (through the
shared reader, :func:`cotforge.core.answers.final_answer`), its sentences, the claims it makes
with their negations, and payloads and step states decoded without ever raising past a verdict.

Readers raise AnswerError for an answer they cannot read with certainty (a verdict of
'unreadable') and WrongAnswer for one they read and find wrong on its face ('reject'); nothing
here judges an answer against the problem.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, TypeVar

from cotforge.core.answers import Extracted, final_answer, why_unreadable
from cotforge.core.records import Problem


class AnswerError(ValueError):
    """No answer can be read with certainty (missing, ambiguous, self-contradicting); the message says why."""


class WrongAnswer(ValueError):
    """An answer was read and is wrong on its face (a digit the puzzle does not have, a power in
    countdown); the message says why."""


def raw_json(text: str) -> tuple[Any, int]:
    """``json.JSONDecoder().raw_decode`` that fails with JSONDecodeError (a ValueError), never with
    RecursionError, on input nested too deeply."""
    try:
        return json.JSONDecoder().raw_decode(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text[:80], 0) from None


def loads_json(text: str) -> Any:
    """``json.loads`` that fails with a ValueError, never with RecursionError."""
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text[:80], 0) from None


BAD_PAYLOAD = (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError)
"""What reading a malformed payload or step state can raise: a verdict of 'error' (or an unchecked
step), never an exception out of a verifier."""


def payload(problem: Problem) -> dict[str, Any]:
    """The problem's decoded payload; ValueError when it is not a JSON object (or nested too deeply)."""
    data = loads_json(problem.payload)
    if not isinstance(data, dict):
        raise ValueError(f"the payload is {type(data).__name__}, not a JSON object")
    return data


MAX_ANSWER_CHARS = 200_000
"""Longer answers are not read (every reader below is linear, but a reply this long is no answer)."""
_FENCE = re.compile(r"```[^\n`]*\n(.*?)```", re.S)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_TAG_CLOSE = re.compile(r"</answer>", re.I)
T = TypeVar("T")


def final_parts(text: str, found: Extracted | None = None) -> list[str]:
    """Where an answer may be stated, most specific first, as the shared reader finds it
    (:func:`cotforge.core.answers.final_answer`): the tag, box or final statement; for a prose
    statement ("Answer: House 1: ...") also its whole paragraph, since structured answers run on
    over several lines, and for a tag whose content holds a statement, the whole tag; for a text
    with no statement, its last fenced block, then all of it. Raises AnswerError when there is
    nothing to read. ``found``: what ``final_answer(text)`` gave, when the caller has it already."""
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerError(f"answer longer than {MAX_ANSWER_CHARS} characters")
    found = found or final_answer(text)
    if found is None:
        raise AnswerError(why_unreadable(text))
    parts = [found.text]
    body = text.rsplit("</think>", 1)[1] if "</think>" in text else text
    if found.source == "marker":
        blank = _BLANK_LINE.search(body, found.start + len(found.text))
        paragraph = body[found.start : blank.start() if blank else len(body)].strip()
        if len(paragraph) > len(found.text):
            parts.append(paragraph)
    elif found.source == "tag":  # "<answer>Answer: satisfiable\np = true</answer>": the whole tag as well
        close = _TAG_CLOSE.search(body, found.start)
        whole = body[found.start : close.start() if close else len(body)].strip()
        if len(whole) > len(found.text):
            parts.append(whole)
    elif found.source == "text":
        fences = _FENCE.findall(found.text)
        if fences and fences[-1].strip():
            parts.insert(0, fences[-1])
    return parts


def final_part(text: str) -> str:
    """The most specific place the answer is stated (see :func:`final_parts`)."""
    return final_parts(text)[0]


def read_final(text: str, read: Callable[[str], T]) -> T:
    """``read`` applied to the first of :func:`final_parts` it can read; AnswerError from the last
    when none can be (WrongAnswer at once: an answer read and wrong is not read again)."""
    parts = final_parts(text)
    for part in parts[:-1]:
        try:
            return read(part)
        except AnswerError:
            continue
    return read(parts[-1])


_SENTENCE_END = re.compile(r"[.;!?](?=\s)")
_LIST_MARKER = re.compile(r"\W*\d+")


def segments(text: str) -> list[str]:
    """Lines and sentences ("1." opening a numbered line, "1. German, chess, tea", ends nothing)."""
    out: list[str] = []
    for line in text.splitlines():
        start = 0
        for m in _SENTENCE_END.finditer(line):
            if m.group(0) == "." and _LIST_MARKER.fullmatch(line, start, m.start()):
                continue
            out.append(line[start : m.end()])
            start = m.end()
        out.append(line[start:])
    return [s for s in out if s.strip()]


_NEGATOR = re.compile(r"\bnot\b|n['’]t\b|\bnever\b|\bno\b|\bnone\b|\bcannot\b|\bneither\b|\bnor\b|"
                      r"\bfails?\s+to\b|\bfailed\s+to\b|\bwithout\b", re.I)  # fmt: skip
_CLAUSE_END = re.compile(r"[,;:.!?()\[\]\n]|\b(?:but|because|since|so|therefore|thus|hence|and|while|whereas|"
                         r"although|though|which|as|wait|actually)\b", re.I)  # fmt: skip
_HYPOTHETICAL = re.compile(r"\b(?:if|suppose|supposing|assume|assuming|whether|would|were|let['’]?s)\b|"
                           r"^\W*(?:is|are|does|do|can|could)\b", re.I)  # fmt: skip
_HEDGE = re.compile(r"\b(?:may|might|maybe|perhaps|possibly|could)\b(?!\s*(?:not|n['’]t|never)\b)", re.I)


_FIELD = re.compile(r"\s*[:=]\s*\**\s*(yes|no|true|false)\b\**(?=\s*(?:[.,;!)]|$))", re.I)
_YES_NO = re.compile(r"^[\W_]*(yes|no)\b(?![\s,.!]*wait)", re.I)


def polarity_claims(text: str, words: dict[str, bool]) -> tuple[list[bool], list[bool]]:
    """(the claims the text states, those it only asks) with one of ``words`` (word -> what it
    claims), negations counted.

    "isn't valid", "is never valid", "cannot be considered valid", "does not necessarily follow"
    flip the word; "not invalid" is valid. Hypothetical and questioning sentences ("If it were
    valid...", "Let's check whether it follows", "Is it valid?") and hedged ones ("it may be
    valid") make no claim; a claim with a question mark is only asked, unless the next sentence
    answers it ("Valid? No." claims invalid). Raises AnswerError when only hedged claims are found.
    """
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    word = re.compile(rf"\b(?:{alternatives})\b", re.I)
    out: list[bool] = []
    asked: list[bool] = []
    hedged = False
    parts = segments(text)
    for at, seg in enumerate(parts):
        found = list(word.finditer(seg))
        if not found or _HYPOTHETICAL.search(seg):
            continue
        if _HEDGE.search(seg):
            hedged = True
            continue
        last = 0
        for m in found:
            ends = [c.end() for c in _CLAUSE_END.finditer(seg, last, m.start())]
            window = seg[ends[-1] if ends else last : m.start()]
            last = m.end()
            flips = len(_NEGATOR.findall(window))
            if flips > 2:
                raise AnswerError("a claim under more than two negations")
            claim = words[m.group(0).lower()] ^ bool(flips % 2)
            field = _FIELD.match(seg, m.end())  # "Valid: no", "Entailed = false"
            if field:
                claim ^= field.group(1).lower() in ("no", "false")
            reply = _YES_NO.match(parts[at + 1]) if seg.rstrip().endswith("?") and at + 1 < len(parts) else None
            if reply:  # "Valid? No." answers its own question
                out.append(claim if reply.group(1).lower() == "yes" else not claim)
            else:
                (asked if seg.rstrip().endswith("?") else out).append(claim)
    if not out and not asked and hedged:
        raise AnswerError("the answer only hedges (may, might, perhaps)")
    return out, asked


def one_claim(text: str, words: dict[str, bool], what: str, yes_no: tuple[bool, bool] | None = None) -> bool:
    """The one claim an answer makes; AnswerError when it makes none, or contradicts itself.

    ``yes_no``: what a bare "Yes" / "No" answer claims, where the question asks for one.
    """
    claims, asked = polarity_claims(text, words)
    if not claims and yes_no is not None:
        for seg in segments(text):
            bare = _YES_NO.match(seg)
            if bare:
                claims.append(yes_no[0] if bare.group(1).lower() == "yes" else yes_no[1])
    if not claims:
        raise AnswerError(f"the answer only asks ({what})" if asked else f"no verdict ({what}) found in the answer")
    if len(set(claims) | set(asked)) > 1:  # "It is not satisfiable? No wait, it's satisfiable."
        raise AnswerError(f"the answer contradicts itself ({what})")
    return claims[0]
