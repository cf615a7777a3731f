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
from bisect import bisect_right
from collections.abc import Callable
from typing import Any, TypeVar

from cotforge.core.answers import Extracted, final_answer, retraction, why_unreadable
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



# --- numbers an answer cites: "statements 1, 3 and 4", "(1), (3)", "premises 2-4", "P2 and P5" -------

_LATEX_WRAP = re.compile(r"\\(?:text|textbf|textit|mathrm|mathbf|emph|operatorname)\s*\{|[{}*]|\\[,;!]|~")
_HYPHEN_CHAIN = re.compile(r"(?<!\w)(?<!\d\.)\d{1,3}(?:\s*[-–—]\s*\d{1,3}){2,}(?!\w|\.\d)")
_ALTERNATIVE = re.compile(r"\s*,?\s*(?:or|nor|either)\b\s*(?:[A-Za-z]+\s*)?[(\[#]?\s*\d")
_OR_BRACKET = re.compile(r"\s*,?\s*(?:or|nor)\s*\(\s*\d")
_ASIDE = re.compile(r"\([^()\d\n]*\)")
_NUM = r"\d{1,3}"
_ITEM = rf"{_NUM}(?:\s*(?:[-–—]|\.\.|\bto\b|\bthrough\b)\s*{_NUM})?"
_SEP = r"\s*(?:,?\s*(?:and\s+)?then\b|,\s*(?:and\b|&)?|\band\b|&|\bplus\b|/|→|->|⟶|⇒|=>)\s*"
_RANGE = re.compile(rf"({_NUM})\s*(?:[-–—]|\.\.|\bto\b|\bthrough\b)\s*({_NUM})")
_LEFT_OUT_BEFORE = re.compile(
    r"\b(?:without|except(?:\s+for)?|excluding|besides|apart\s+from|other\s+than|ignoring|dropping|leaving\s+out|"
    r"not|n['’]t)\s+(?:(?:even\s+)?(?:need|use|require|involve)\w*\s+)?(?:the\s+)?$", re.I)  # fmt: skip
_LEFT_OUT_AFTER = re.compile(
    r"\W{0,3}\s*(?:(?:is|are)\s+(?:not|never)\s+(?:needed|used|necessary|required|involved|part)|(?:is|are)n['’]t\s+"
    r"(?:needed|used|necessary|required|involved|part)|(?:is|are)\s+(?:irrelevant|unused|unnecessary|redundant|superfluous)|"
    r"can\s+be\s+(?:left\s+out|dropped|ignored|removed|omitted)|plays?\s+no\s+(?:part|role))\b", re.I)  # fmt: skip
_LOOK_BACK = 200
"""How far before a citation or a named form its clause is looked at (a negation, "without"): a
bound that keeps the readers linear on hostile text."""
_CITE_END = re.compile(r"[,;:.!?()\[\]\n]|\b(?:but|while|whereas|so|since|because)\b", re.I)


def _items(listed: str) -> list[int]:
    """The numbers of one cited list, ranges spelled out ("2-4": 2, 3, 4); AnswerError for a range
    running backwards or over more than 50 numbers."""
    out: list[int] = []
    for m in re.finditer(_ITEM, listed):
        r = _RANGE.fullmatch(m.group(0))
        if r:
            low, high = int(r.group(1)), int(r.group(2))
            if not 0 < high - low <= 50:
                raise AnswerError(f"a range of numbers that is not one: {m.group(0)!r}")
            out += range(low, high + 1)
        else:
            out.append(int(m.group(0)))
    return out


def plain(text: str) -> str:
    """``text`` without LaTeX text wrappers, braces and markdown emphasis ("\\text{valid: } **AAA-1**")."""
    return _LATEX_WRAP.sub(" ", text)


def cited_numbers(text: str, nouns: str, letters: str = "") -> list[int] | None:
    """The numbers ``text`` cites, in the order first cited (each once), or None when it cites none.

    Cited are numbers after one of ``nouns`` (a regex such as ``statements?|premises?``, any case)
    and lists of them ("statements 1, 3 and 4", "premises 2-4", "statement 1, statement 3"),
    numbers in brackets ("(1), (3)"), "#2", a capital of ``letters`` glued to a number ("P2"), and chains ("3 → 1 → 2",
    "premise 3, then premise 1"); asides in brackets are skipped ("statement 1 (p or q), statement 3").
    A number only ever said to be left out ("without statement 2", "premise 1 is not needed") is
    not cited. With no such citation, one bare list of numbers ("unsatisfiable: 1, 3, 4") is read;
    several bare lists raise AnswerError: which numbers are meant would be a guess.
    """
    text = _ASIDE.sub(" ", plain(text))  # "statement 1 (p or q), statement 3 (not p)"
    text = _HYPHEN_CHAIN.sub(lambda m: " → ".join(re.findall(r"\d+", m.group(0))), text)  # "3-1-2" is a chain, not a range
    glued = rf"|\b[{letters}](?=\s?\d)" if letters else ""
    head = rf"(?:\b(?i:{nouns})\s*(?:#|\b(?i:nos?)\.?|\b(?i:numbers?))?\s*{glued}|#)"
    item = rf"[(\[]?\s*{_ITEM}\s*[)\]]?"
    anchored = re.compile(rf"{head}\s*{item}(?:{_SEP}(?:{head})?\s*{item})*(?!\w|\.\d)")
    bracketed = re.compile(rf"\(\s*{_NUM}\s*\)(?:{_SEP}\(\s*{_NUM}\s*\))*")
    spans: list[tuple[int, int]] = []  # the anchored citations, in order and apart (one finditer)
    starts: list[int] = []
    clause_ends = [c.end() for c in _CITE_END.finditer(text)]
    found = 0
    cited: list[tuple[int, list[int]]] = []
    for pattern in (anchored, bracketed):
        for m in pattern.finditer(text):
            if pattern is anchored:
                spans.append(m.span())
                starts.append(m.start())
            else:  # only the last anchored citation starting before m ends could overlap it
                k = bisect_right(starts, m.end() - 1) - 1
                if k >= 0 and spans[k][1] > m.start():
                    continue
            found += 1
            if _ALTERNATIVE.match(text, m.end()) and pattern is anchored or _OR_BRACKET.match(text, m.end()):
                raise AnswerError("numbers offered as alternatives ('1, 2 or 3'): which are meant would be a guess")
            heads = [h.start() for h in re.finditer(head, m.group(0))][1:]  # "statement 2, statements 1 and 3"
            for start, end in zip([m.start(), *(m.start() + h for h in heads)], [*(m.start() + h for h in heads), m.end()]):
                k = bisect_right(clause_ends, start) - 1
                clause = max(clause_ends[k] if k >= 0 else 0, start - _LOOK_BACK)
                numbers = _items(_strip_heads(text[start:end], nouns, letters))
                if _LEFT_OUT_BEFORE.search(text, clause, start) or \
                        (end == m.end() and _LEFT_OUT_AFTER.match(text, end)):  # fmt: skip
                    continue  # said to be left out
                cited.append((start, numbers))
    if not found:
        runs = re.findall(rf"(?<!\w)(?<!\d\.){_ITEM}(?:{_SEP}{_ITEM})*(?!\w|\.\d)", text)
        if len(runs) > 1:
            raise AnswerError("several lists of numbers: which of them are cited would be a guess")
        cited = [(0, _items(runs[0]))] if runs else []
    out: list[int] = []
    for _, numbers in sorted(cited):
        out += [k for k in numbers if k not in out]
    return out or None


def _strip_heads(citation: str, nouns: str, letters: str) -> str:
    """The number list of a citation, without its nouns, letters and '#'."""
    citation = re.sub(rf"\b(?:{nouns})\b|#|\bnos?\b\.?|\bnumbers?\b", " ", citation, flags=re.I)
    return re.sub(rf"\b[{letters}](?=\s?\d)", " ", citation) if letters else citation


_SAID_END = re.compile(rf"{_CLAUSE_END.pattern}|[—–]|\s-\s", re.I)


def said_not(text: str, start: int) -> bool:
    """Whether the clause before ``start`` negates what is said there ("not AAI-1", "no illicit major",
    "it does not commit the existential fallacy"): an odd number of negators since the clause began
    ("Not valid — illicit major" names the rule: a dash ends a clause too). More than two negators
    are read as negating: a reader that counts them is not asked to accept what they leave."""
    window = max(0, start - _LOOK_BACK)
    ends = [c.end() for c in _SAID_END.finditer(text, window, start)]
    negators = len(_NEGATOR.findall(text, ends[-1] if ends else window, start))
    return negators % 2 == 1 or negators > 2  # "not not not ... X": too many to read as saying X


# --- what an answer says just before its final statement: "Since 1 and 3 clash, the answer is ..." ---

_LEAD_IN_END = re.compile(r"[.!?](?=\s)|\n")


def lead_in(text: str) -> str | None:
    """The final prose statement with the sentence that leads into it ("Since statements 1 and 3
    clash, the answer is unsatisfiable."), or None when the final statement is not a prose one,
    nothing leads into it on its line, or it is taken back (:func:`retraction`)."""
    if len(text) > MAX_ANSWER_CHARS:
        return None
    found = final_answer(text)
    if found is None or found.source != "marker" or retraction(found):
        return None
    body = text.rsplit("</think>", 1)[1] if "</think>" in text else text
    head = body[: found.start]
    ends = [m.end() for m in _LEAD_IN_END.finditer(head, max(0, len(head) - 2000))]
    lead = head[ends[-1] if ends else max(0, len(head) - 2000) :]
    return (lead + found.text).strip() if lead.strip() else None


Read = TypeVar("Read")


def read_final_or_lead_in(text: str, read: Callable[[str], Read],
                          missing: type[AnswerError] | tuple[type[AnswerError], ...]) -> Read:
    """:func:`read_final`; when what it reads lacks what the question asks besides the verdict
    (``missing`` raised), the statement read again with the sentence that leads into it
    (:func:`lead_in`). The first ``missing`` is raised when that gives nothing more either."""
    try:
        return read_final(text, read)
    except missing as first:
        lead = lead_in(text)
        if lead is None:
            raise
        try:
            return read(lead)
        except missing:
            raise first from None


# --- statements an answer quotes instead of numbering them: '"not t" and "not p or t" clash' ---------

_QUOTED = re.compile(r'"([^"\n]{1,200})"|“([^”\n]{1,200})”|`([^`\n]{1,200})`|‘([^’\n]{1,200})’|«([^»\n]{1,200})»')
_SYMBOLS = {"¬": " not ", "~": " not ", "∨": " or ", "|": " or ", "∧": " and ", "&": " and "}


def _statement_key(text: str) -> str:
    for symbol, word in _SYMBOLS.items():
        text = text.replace(symbol, word)
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def cited_quotes(text: str, statements: list[str]) -> list[int] | None:
    """The (1-based) numbers of the ``statements`` that ``text`` quotes whole ('"not p or t"',
    “¬p ∨ t”), in the order first quoted, or None when it quotes none of them. Case, spacing and
    logic symbols do not matter; a quote that is no statement ("entailed") is passed over, one said
    to be left out ('"q" is not needed') is not cited; a statement listed twice is cited as the first."""
    index: dict[str, int] = {}
    for number, statement in enumerate(statements, 1):
        index.setdefault(_statement_key(statement), number)
    out: list[int] = []
    for m in _QUOTED.finditer(text):
        k = index.get(_statement_key(next(g for g in m.groups() if g is not None)))
        if k is None or k in out:
            continue
        before = text.rfind("\n", 0, m.start()) + 1
        if _LEFT_OUT_BEFORE.search(text, max(before, m.start() - _LOOK_BACK), m.start()) or \
                _LEFT_OUT_AFTER.match(text, m.end()):  # fmt: skip
            continue
        out.append(k)
    return out or None
