"""Reading puzzle answers the way models write them: grids, tables, sentences, lists, JSON.

Each reader turns answer text into one value index per variable of a constraint puzzle, or raises
AnswerError saying what it could not read. Shared by the logic verifiers; nothing here judges.
"""

from __future__ import annotations

import json
import re

from cotforge.core.answers import boxed
from cotforge.domains.csp import Csp


class AnswerError(ValueError):
    """The answer cannot be read as a full assignment; the message says why."""


def final_part(text: str) -> str:
    """The last \\boxed{...}, else the last fenced block, else what follows a final "answer:", else all."""
    if "\\boxed{" in text:
        found = boxed(text)
        if found is None:
            raise AnswerError("unclosed \\boxed{")
        return found
    fences = re.findall(r"```[a-zA-Z]*\n(.*?)```", text, re.S)
    if fences:
        return str(fences[-1])
    marks = list(re.finditer(r"answer\s*(?:is)?\s*:", text, re.I))
    return text[marks[-1].end() :] if marks else text


_ROW_LABEL = re.compile(r"^\s*(?:row\s*\d+|r\d+)\s*[:.)=-]?\s*", re.I)


def read_grid(csp: Csp, text: str) -> list[int]:
    """Rows of digits (any separators, optional "Row 3:" labels), one line of n*n digits, or JSON."""
    n = int(csp.layout["size"])
    part = final_part(text).strip()
    if part.startswith("["):
        try:
            data = json.loads(part)
        except json.JSONDecodeError as e:
            raise AnswerError(f"answer looks like JSON but does not parse: {e}") from None
        digits = [str(x) for row in data for x in (row if isinstance(row, list) else [row])]
    else:
        rows = [re.findall(r"\d", _ROW_LABEL.sub("", line)) for line in part.splitlines()]
        rows = [r for r in rows if len(r) == n]
        if len(rows) >= n:
            digits = [d for r in rows[-n:] for d in r]
        else:
            flat = re.findall(r"\d{%d}" % (n * n), part.replace(" ", ""))
            if not flat:
                raise AnswerError(f"no {n}x{n} grid of digits found in the answer")
            digits = list(flat[-1])
    if len(digits) != n * n:
        raise AnswerError(f"the grid has {len(digits)} cells, expected {n * n}")
    index = {name: i for i, name in enumerate(csp.value_names)}
    try:
        return [index[d] for d in digits]
    except KeyError as e:
        raise AnswerError(f"{e.args[0]} is not a digit of this puzzle") from None


_HOUSE = re.compile(r"\bhouse\s*(?:#|no\.?|number)?\s*(\d+)\b|^\W*(\d+)\s*(?:[:|.)\-]|\s\|)", re.I)


def read_houses(csp: Csp, text: str) -> list[int]:
    """"House 1: Brit, red, dog" lines, a Markdown table (a row or a column per house), sentences
    ("The Brit lives in house 1"), or JSON ({"House 1": {...}} or {"Brit": 1, ...})."""
    attrs = csp.layout["attributes"]
    word_of = {name.lower(): v for a in attrs for v, name in zip(a["vars"], a["values"])}
    part = final_part(text).strip()
    if part.startswith("{") or part.startswith("["):
        segments = _json_segments(part)
    else:
        segments = [s for line in part.splitlines() for s in re.split(r"(?<=[.;])\s+", line) if s.strip()]
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, word_of), key=len, reverse=True)) + r")\b", re.I)
    found: dict[int, int] = {}
    n = len(csp.value_names)

    def give(v: int, h: int) -> None:
        if not 0 <= h < n:
            raise AnswerError(f"there is no house {h + 1}")
        if found.get(v, h) != h:
            raise AnswerError(f"{csp.var_names[v]} is placed in two houses")
        found[v] = h

    for seg in segments:
        names = [word_of[w.lower()] for w in pattern.findall(seg)]
        houses = {int(a or b) for a, b in _HOUSE.findall(seg)}
        if len(houses) == 1:
            h = next(iter(houses)) - 1
            for v in names:
                give(v, h)
        elif not houses and len(names) == n and len({v // n for v in names}) == 1:
            for h, v in enumerate(names):  # a table column: one attribute, house by house
                give(v, h)
    missing = [csp.var_names[v] for v in range(len(csp.var_names)) if v not in found]
    if len(missing) == len(csp.var_names):
        raise AnswerError("no house assignment found in the answer")
    if missing:
        raise AnswerError(f"no house given for {', '.join(missing)}")
    return [found[v] for v in range(len(csp.var_names))]


def _json_segments(part: str) -> list[str]:
    """One text segment per house from JSON: keys or list positions give the house."""
    try:
        data, _ = json.JSONDecoder().raw_decode(part)
    except json.JSONDecodeError as e:
        raise AnswerError(f"answer looks like JSON but does not parse: {e}") from None
    if isinstance(data, list):
        return [f"house {i + 1}: {json.dumps(item)}" for i, item in enumerate(data)]
    if not isinstance(data, dict):
        raise AnswerError("JSON answer must be an object or a list")
    out = []
    for key, value in data.items():
        if isinstance(value, (int, str)) and str(value).strip().isdigit():
            out.append(f"house {value}: {key}")  # {"Brit": 1}
        else:
            digits = re.findall(r"\d+", str(key))
            out.append(f"house {digits[0] if digits else key}: {json.dumps(value)}")
    return out


_SEAT = re.compile(r"\b(?:seat|position|place|chair)\s*#?\s*(\d+)\b|^\W*(\d+)\s*(?:[:|.)\-]|\s\|)", re.I)


def read_seats(csp: Csp, text: str) -> list[int]:
    """"Seat 1: Zoe" lines, "1. Zoe", sentences ("Zoe sits in seat 1"), a plain list in seat order
    ("Zoe, Ned, Ava"), or JSON (["Zoe", ...] or {"Zoe": 1} or {"seat 1": "Zoe"})."""
    n = len(csp.var_names)
    who = {name.lower(): v for v, name in enumerate(csp.var_names)}
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, who), key=len, reverse=True)) + r")\b", re.I)
    part = final_part(text).strip()
    if part.startswith("["):
        try:
            data = json.loads(part)
        except json.JSONDecodeError as e:
            raise AnswerError(f"answer looks like JSON but does not parse: {e}") from None
        part = ", ".join(map(str, data)) if isinstance(data, list) else part
    segments = _json_segments(part) if part.startswith("{") else [
        s for line in part.splitlines() for s in re.split(r"(?<=[.;])\s+", line) if s.strip()
    ]  # fmt: skip
    found: dict[int, int] = {}
    for seg in segments:
        names = [who[w.lower()] for w in pattern.findall(seg)]
        seats = {int(a or b) for a, b in _SEAT.findall(seg)} | {int(h) for h in re.findall(r"^house (\d+):", seg)}
        if len(seats) == 1 and len(names) == 1:
            s = next(iter(seats)) - 1
            if not 0 <= s < n or found.get(names[0], s) != s:
                raise AnswerError(f"{csp.var_names[names[0]]} has two seats or a seat that does not exist")
            found[names[0]] = s
    if not found:  # a plain list in seat order
        order = [who[w.lower()] for w in pattern.findall(part)]
        if sorted(order) == list(range(n)):
            found = {v: s for s, v in enumerate(order)}
    missing = [csp.var_names[v] for v in range(n) if v not in found]
    if missing:
        raise AnswerError(f"no seat given for {', '.join(missing)}")
    return [found[v] for v in range(n)]


def read_assignment(csp: Csp, text: str) -> list[int]:
    """"A: red" / "A = red" / "A is red" lines, or JSON {"A": "red"}; each variable exactly once."""
    part = final_part(text).strip()
    if part.startswith("{"):
        segments = [f"{k}: {v}" for k, v in _json_object(part).items()]
    else:
        segments = [s for line in part.splitlines() for s in re.split(r"[;,]\s*|(?<=\.)\s+", line) if s.strip()]
    var_of = {name.lower(): i for i, name in enumerate(csp.var_names)}
    val_of = {name.lower(): i for i, name in enumerate(csp.value_names)}
    pair = re.compile(r"^\W*(\w+)\W*\s*(?:[:=]|\bis\b|->)\s*\W*(\w+)", re.I)
    found: dict[int, int] = {}
    for seg in segments:
        m = pair.match(seg.strip())
        if m and m.group(1).lower() in var_of and m.group(2).lower() in val_of:
            v, x = var_of[m.group(1).lower()], val_of[m.group(2).lower()]
            if found.get(v, x) != x:
                raise AnswerError(f"{csp.var_names[v]} is given two values")
            found[v] = x
    missing = [csp.var_names[v] for v in range(len(csp.var_names)) if v not in found]
    if missing:
        raise AnswerError(f"no value given for {', '.join(missing)}")
    return [found[v] for v in range(len(csp.var_names))]


def _json_object(part: str) -> dict:
    try:
        data, _ = json.JSONDecoder().raw_decode(part)
    except json.JSONDecodeError as e:
        raise AnswerError(f"answer looks like JSON but does not parse: {e}") from None
    if not isinstance(data, dict):
        raise AnswerError("JSON answer must be an object")
    return data
