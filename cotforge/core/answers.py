"""The one reader of final answers in free text (a model's completion, a chain of thought).

Every verifier and every reward reads a completion through :func:`final_answer`, so a verdict
and a reward can never read the same text differently. What counts as the answer:

* R1-style thinking is skipped: only the text after the last ``</think>`` is read (a ``<think>``
  that never closes holds no answer).
* Fenced code blocks are atomic: nothing inside them is a marker (a variable named ``answer``).
* Explicit final statements, in any mix: ``<answer>...</answer>`` (an unclosed tag runs to the
  end), ``\\boxed{...}`` (braces matched), a GSM8K ``#### 6`` line, "Final answer:", "The final
  answer is", "The answer is", "Answer:" (also at a line start before math: "Answer $9$"). The
  *last* of them wins, so "First \\boxed{3} was my guess. The final answer is 4." reads 4.
  Statements inside a tag or a box belong to it: a tag's content is read again by these rules.
* A prose marker's answer is the rest of its line, or a display-math or fenced block that starts
  there; when the line is empty, the next paragraph (up to a blank line) or block. A marker followed
  only by an evaluative word ("I hope the answer is correct.") is chatter, not a statement; text
  after the answer never replaces it.
* Boxes side by side (``\\boxed{2}, \\boxed{3}``, "and"/"or" between them) are one statement and
  are read together, joined by ", ". A gold answer's boxes side by side are read the same way; boxes
  apart from each other in a gold are refused, never guessed between (:func:`gold_answer`).
* No explicit statement: the whole text (after thinking) is the answer, marked ``source="text"``;
  readers of each domain decide whether they can read it with certainty.

An answer taken back ("No wait, ...", "Actually, it's ...", "that's wrong", "\\boxed{5} (or 6 if
...)", "not \\boxed{5}") is self-contradicting: :func:`retraction` finds those words in the answer,
in what follows it (:attr:`Extracted.rest`) and just before it (:attr:`Extracted.before`) for the
domain readers, which then read no answer. ``None`` means no answer can be read at all (empty, unfinished thinking, a cut-off box, a marker
with nothing after it); :func:`why_unreadable` says which. Everything here is linear in the text
(one pass matches all braces), so a megabyte, 10,000 boxes or deep nesting stay cheap.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

Source = Literal["tag", "boxed", "gsm8k", "marker", "text"]
FINAL_MARKERS = ("final answer", "\\boxed{")
"""Text that, once a step contains it, ends a chain of thought (used by the LM step space)."""

_THINK_OPEN, _THINK_CLOSE = "<think>", "</think>"
_FENCE = re.compile(r"```")
_TAG = re.compile(r"<answer>", re.I)
_TAG_CLOSE = re.compile(r"</answer>", re.I)
_BOX = re.compile(r"\\boxed\s*\{")
_GSM8K = re.compile(r"^[ \t]*####[ \t]*(?=[-+$\\\d({\[]|\.\d)", re.M)  # "####." (a printed line) states nothing
_MARKER = re.compile(
    r"\bfinal\s+answer\b[ \t*_]*(?:\bis\b[ \t*_]*:?|[:=]|(?=\r?\n))"
    r"|\bthe\s+(?:correct\s+|right\s+)?answer\s+is\b[ \t*_]*:?"
    r"|\banswer\b[*_]*[ \t]*:"
    r"|^[ \t*_#>]*answer\b[*_]*(?=[ \t]*[$\\\d(\[-])",
    re.I | re.M,
)
_CHATTER = re.compile(
    r"[\s*_.!,]*(?:(?:probably|likely|definitely|indeed|hopefully|now|still)\s+)?(?:not\s+)?"
    r"(?:correct|incorrect|right|wrong|accurate|inaccurate|reasonable|plausible|consistent|clear|obvious|"
    r"as follows|below|above|the following|given below|shown below|this|that|here|simple|easy|straightforward)"
    r"[*_]*(?=\s*(?:[.!?,;:]|$))",
    re.I,
)
_BETWEEN_BOXES = re.compile(r"(?:[\s,;$&]|\\[,;()\[\]]|\\q?quad|\\text\{\s*(?:and|or)\s*\}|\band\b|\bor\b)*")


@dataclass(frozen=True, slots=True)
class Extracted:
    """An answer read from a text: what it says, how it was marked, and where it starts."""

    text: str
    source: Source
    """``tag``, ``boxed``, ``gsm8k``, ``marker`` (a prose final statement) or ``text`` (no marker)."""
    start: int
    """Offset of the answer in the text after any thinking (for logs; 0 for ``text``)."""
    rest: str = ""
    """What follows the answer's statement (chatter, or a correction: see :func:`retraction`)."""
    before: str = ""
    """The words just before the statement on its line ("not" in "Not \\boxed{5}": see :func:`retraction`)."""

    @property
    def explicit(self) -> bool:
        """True when the text marked its answer (anything but the whole-text fallback)."""
        return self.source != "text"


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int  # where the statement starts (for "the last one wins")
    end: int  # where it ends (statements inside it belong to it)
    source: Source
    body: tuple[int, int] | None  # the answer's span; None when cut off


def _after_thinking(text: str) -> str | None:
    if _THINK_CLOSE in text:
        return text.rsplit(_THINK_CLOSE, 1)[1]
    if text.lstrip().startswith(_THINK_OPEN):
        return None
    return text


_BRACE = re.compile(r"[{}]")


def _matching_braces(text: str) -> dict[int, int]:
    """Every ``{`` that closes, mapped to its ``}``, in one pass over the braces."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for m in _BRACE.finditer(text):
        if m.group() == "{":
            stack.append(m.start())
        elif stack:
            pairs[stack.pop()] = m.start()
    return pairs


def _fences(text: str) -> list[tuple[int, int]]:
    """Spans of fenced code blocks (an unclosed last fence runs to the end)."""
    marks = [m.start() for m in _FENCE.finditer(text)]
    return [(marks[i], marks[i + 1] + 3 if i + 1 < len(marks) else len(text)) for i in range(0, len(marks), 2)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _candidates(text: str) -> list[_Candidate]:
    """Every statement outside code fences, by start; a prose marker's ``body`` is computed later (see _winner)."""
    fences = _fences(text) if "```" in text else []
    low = text.lower()
    pairs = _matching_braces(text) if "\\boxed" in text else {}
    closes = [m.start() for m in _TAG_CLOSE.finditer(text)] if "</answer" in low else []
    found: list[_Candidate] = []
    for m in _TAG.finditer(text) if "<answer" in low else ():
        if _inside(m.start(), fences):
            continue
        i = bisect.bisect_left(closes, m.end())
        stop = closes[i] if i < len(closes) else len(text)
        found.append(_Candidate(m.start(), stop + len("</answer>") if i < len(closes) else stop, "tag", (m.end(), stop)))
    for m in _BOX.finditer(text) if pairs or "\\boxed" in text else ():
        if _inside(m.start(), fences):
            continue
        brace = m.end() - 1
        close = pairs.get(brace)
        found.append(_Candidate(m.start(), close + 1 if close is not None else len(text), "boxed",
                                (brace + 1, close) if close is not None else None))
    for m in _GSM8K.finditer(text) if "####" in text else ():
        if not _inside(m.start(), fences):
            line_end = _line_end(text, m.end())
            if not _HEADING.search(text, m.end(), line_end):  # "#### 1. Compute the total" is a heading
                found.append(_Candidate(m.start(), line_end, "gsm8k", (m.end(), line_end)))
    for m in _markers(text) if "answer" in low else ():
        if not _inside(m.start(), fences):
            found.append(_Candidate(m.start(), m.end(), "marker", None))
    found.sort(key=lambda c: c.start)
    return found


_HEADING = re.compile(r"[A-Za-z]{2,}\W+[A-Za-z]{2,}")
_ANSWER_WORD = re.compile("answer", re.I)


def _markers(text: str) -> Iterator[re.Match[str]]:
    """``_MARKER.finditer(text)``, begun on the line where the first marker could start: every marker spells
    "answer", and the first one that holds the first "answer" starts at most a few words and a run of spaces before
    it (``final``, ``the correct``) or at its line's start. A chain of thought before the answer is not scanned."""
    first = _ANSWER_WORD.search(text)
    if first is None:
        return iter(())
    i = first.start()
    p = _spaces_before(text, i)
    earliest = min(p - 5, *(_spaces_before(text, max(q, 0)) - 3 for q in (p - 7, p - 5)))
    return _MARKER.finditer(text, text.rfind("\n", 0, max(earliest, 0)) + 1)


def _spaces_before(text: str, pos: int) -> int:
    """Where the run of whitespace that ends at ``pos`` starts (``pos`` when there is none)."""
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _marker_body(text: str, pos: int, fences: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span a prose marker introduces: the rest of its line, else the next block; None if it is chatter.

    A display-math block (``$$...$$``, ``\\[...\\]``) or a fenced block that starts the answer is taken whole.
    """
    while pos < len(text) and text[pos] in " \t*_:":
        pos += 1
    line_end = _line_end(text, pos)
    same_line = _NONSPACE.search(text, pos, line_end)
    found = same_line or _NONSPACE.search(text, pos)
    if found is None:
        return pos, pos  # a marker with nothing after it
    start = found.start()
    i = bisect.bisect_right(fences, (start, float("inf"))) - 1
    if i >= 0 and fences[i][0] <= start < fences[i][1]:
        end = fences[i][1]
    elif text.startswith(("$$", "\\["), start):
        close = text.find("$$" if text[start] == "$" else "\\]", start + 2)
        end = len(text) if close < 0 else close + 2
    elif same_line:
        end = line_end
        i = bisect.bisect_right(fences, (line_end, float("inf"))) - 1
        if i >= 0 and start <= fences[i][0] <= line_end < fences[i][1]:  # "Final answer: ```" opening a block
            end = fences[i][1]
    else:
        blank = _BLANK_LINE.search(text, start)
        end = blank.start() if blank else len(text)
    if _CHATTER.match(text, start, end):
        return None
    return start, end


_TRAILING_BOLD = re.compile(r"(?:\*\*|__)(?=\s*[.!]?\s*$)")
_NONSPACE = re.compile(r"\S")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _winner(text: str, found: list[_Candidate]) -> _Candidate | None:
    """The last statement not inside a tag or box, skipping prose markers that are only chatter."""
    top: list[_Candidate] = []
    for c in found:
        if top and c.start < top[-1].end and top[-1].source in ("tag", "boxed"):
            continue  # belongs to the tag or box that holds it
        top.append(c)
    fences = _fences(text) if any(c.source == "marker" for c in top) else []
    for c in reversed(top):
        if c.source != "marker":
            return c
        body = _marker_body(text, c.end, fences)
        if body is not None:
            return _Candidate(c.start, body[1], "marker", body)
    return None


def _before(text: str, start: int) -> str:
    line = text.rfind("\n", 0, start) + 1
    return text[max(line, start - 40):start]


def _box_run(text: str, found: list[_Candidate], last: _Candidate) -> list[_Candidate]:
    """``last`` and the boxes just before it with only separators between them."""
    boxes = [c for c in found if c.source == "boxed" and c.end <= last.start]
    run = [last]
    for c in reversed(boxes):
        if c.body is None or not _BETWEEN_BOXES.fullmatch(text[c.end:run[0].start]):
            break
        run.insert(0, c)
    return run


def final_answer(text: str) -> Extracted | None:
    """The final answer ``text`` states (see the module docstring); None when none can be read."""
    return _final(text, 0)


_MAX_DEPTH = 4
"""Statements inside a tag or a box are read again, this many levels deep at most."""


def _final(text: str, depth: int) -> Extracted | None:
    body = _after_thinking(text)
    if body is None or not body.strip():
        return None
    found = _candidates(body)
    last = _winner(body, found)
    if last is None:
        return Extracted(body.strip(), "text", 0)
    if last.body is None:
        return None
    if last.source == "boxed":
        run = _box_run(body, found, last)
        parts = [body[c.body[0]:c.body[1]].strip() for c in run if c.body]
        if len(parts) == 1 and depth < _MAX_DEPTH and _BOX.search(parts[0]):
            inner = _final(parts[0], depth + 1)  # \boxed{\boxed{5}}, \boxed{The answer is \boxed{5}}
            if inner is not None and inner.explicit:
                return Extracted(inner.text, "boxed", run[0].start, body[last.end:], _before(body, run[0].start))
        joined = ", ".join(p for p in parts if p)
        return Extracted(joined, "boxed", run[0].start, body[last.end:], _before(body, run[0].start)) if joined else None
    start, end = last.body
    answer = body[start:end].strip()
    if last.source == "marker":  # "The answer is **17**." -> "17." (the opening ** went with the marker)
        answer = _TRAILING_BOLD.sub("", answer).strip()
    if last.source == "tag" and answer and depth < _MAX_DEPTH:
        inner = _final(answer, depth + 1)
        if inner is not None and inner.explicit:
            return Extracted(inner.text, "tag", start, inner.rest + body[last.end:], _before(body, last.start))
    return Extracted(answer, last.source, start, body[last.end:], _before(body, last.start)) if answer else None


_RETRACTION = re.compile(
    r"\b(?:no,?\s+wait|wait,?\s+no|actually,?\s+(?:it|the|that|this|i|no|wait)\b|correction\b|i\s+made\s+an?\s+(?:mistake|error)"
    r"|(?:that|this|it)(?:'s|’s|\s+is|\s+was)\s+(?:wrong|incorrect|not\s+(?:right|correct))|scratch\s+that|just\s+kidding"
    r"|oops|i\s+mean\b|let\s+me\s+(?:correct|redo|fix)|on\s+second\s+thought|(?:is|was)\s+(?:wrong|incorrect)\b)",
    re.I,
)


_HEDGE = re.compile(r"[^\n.;]*?\b(?:or|else|otherwise|alternatively|unless)\b[^\n.;]*?\d", re.I)
"""A second value offered on the answer's own line: "\\boxed{5} (or 6 if x < 0)", "5, otherwise 7"."""
_NEGATED = re.compile(r"\b(?:not|isn['’]?t|never|rather\s+than|instead\s+of)[\s$*(]*(?:\\\(|\\\[)?[\s$]*$", re.I)


def retraction(found: Extracted) -> str | None:
    """The words that take the answer back, if any: a correction after it ("No wait", "Actually, it's",
    "that's wrong"), a second value offered on its line ("\\boxed{5} (or 6 if ...)"), or a negation
    right before it ("not \\boxed{5}").

    A stated answer that is taken back is self-contradicting: readers read no answer then.
    """
    after = _RETRACTION.search(found.text) or _RETRACTION.search(found.rest) or _HEDGE.match(found.rest)
    if after:
        return after.group(0).strip()
    before = _NEGATED.search(found.before)
    return before.group(0).strip() if before else None


def why_unreadable(text: str) -> str:
    """Why :func:`final_answer` found no answer in ``text`` (for a verdict's reason)."""
    body = _after_thinking(text)
    if body is None:
        return "the <think> block never closes: no answer after it"
    if not body.strip():
        return "no answer given" if _THINK_CLOSE not in text else "nothing after </think>"
    last = _winner(body, _candidates(body))
    if last is not None and last.body is None:
        return "the last \\boxed{ is never closed (a cut-off answer)"
    if last is not None and last.source in ("tag", "boxed"):
        return f"the {'<answer> tag' if last.source == 'tag' else 'box'} is empty"
    return "the final answer statement is empty"


def gold_answer(text: str) -> str:
    """A gold answer as its checker should read it: its boxes side by side (joined by ", "), else its final answer.

    Raises ValueError for a box that never closes, and for boxes apart from each other ("\\boxed{1} no no
    \\boxed{2}", "(a) \\boxed{3} ... (b) \\boxed{5}"): which of them is the answer would be a guess.
    """
    body = _after_thinking(text) or text
    pairs = _matching_braces(body)
    boxes: list[tuple[int, int]] = []
    for m in _BOX.finditer(body):
        close = pairs.get(m.end() - 1)
        if close is None:
            raise ValueError("the gold answer has an unclosed \\boxed{")
        if not boxes or m.start() > boxes[-1][1]:  # a box inside a box belongs to it
            boxes.append((m.start(), close))
    if len(boxes) > 1:
        apart = [i for i in range(1, len(boxes)) if not _BETWEEN_BOXES.fullmatch(body, boxes[i - 1][1] + 1, boxes[i][0])]
        if apart:
            raise ValueError(f"the gold answer has {len(boxes)} boxes apart from each other: which one is the answer is a guess")
        return ", ".join(body[a:b].split("{", 1)[1].strip() for a, b in boxes)
    found = final_answer(body)
    return found.text if found is not None else text.strip()


def boxed(text: str) -> str | None:
    """The content of the last top-level ``\\boxed{...}``, braces matched (None if there is none or it is cut off)."""
    pairs = _matching_braces(text)
    last: tuple[int, int] | None = None
    for m in _BOX.finditer(text):
        if last is None or m.start() > last[1]:
            close = pairs.get(m.end() - 1)
            if close is None:
                return None
            last = (m.end(), close)
    return text[last[0]:last[1]] if last is not None else None


def has_marker(text: str) -> bool:
    """True when ``text`` marks its final answer explicitly (a tag, a box, ``####`` or a final-answer phrase)."""
    found = final_answer(text)
    return found is not None and found.explicit


def extract_answer(text: str) -> str:
    """The final answer's text ("" when none can be read): :func:`final_answer` for callers that want a string."""
    found = final_answer(text)
    return found.text if found is not None else ""
