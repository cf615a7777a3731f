"""Reading constraint-puzzle answers the way models write them: grids, tables, sentences, lists, JSON.

Each reader turns an answer's text into one value index per variable of the puzzle, or raises
AnswerError (cannot be read with certainty) or WrongAnswer (read, and wrong on its face).
"""

from __future__ import annotations

import json
import re

from cotforge.domains.csp import Csp
from cotforge.verifiers._readers import AnswerError, WrongAnswer, raw_json, segments

_ROW_LABEL = re.compile(r"^\W*(?:row\s*\d+|r\d+)\b\s*[:.)=-]?\s*", re.I)
_NUMBER_LABEL = re.compile(r"^\W*\d+\s*[:.)]\s+")
_LATEX_ROW = re.compile(r"\\\\(?:\[[^\]]*\])?|\\cr\b")
_LATEX_NOISE = re.compile(r"\\(?:begin|end)\{\w+\*?\}(?:\{[^{}]*\})?|\\hline|\\left|\\right|\\(?:text|mathrm)\b|&")
_REMARK = re.compile(r"\([^()]*\)|\s(?:—|–|--|-)\s.*$|\s(?:because|since|as clue|as per|per clue|"
                     r"from clue|by clue|see clue|which)\b.*$", re.I)  # fmt: skip


def read_grid(csp: Csp, text: str) -> list[int]:
    """Rows of digits (any separators, optional "Row 3:" labels), rows as lists, a LaTeX array or
    matrix, one line of n*n digits, or JSON; the last n rows of n digits are the grid."""
    n = int(csp.layout["size"])
    part = text.strip()
    digits = _json_grid(part)
    if digits is None:
        part = _LATEX_NOISE.sub(" ", _LATEX_ROW.sub("\n", part))
        rows = []
        for line in part.splitlines():
            cells = re.findall(r"\d", _ROW_LABEL.sub("", line))
            if len(cells) == n + 1 and (label := _NUMBER_LABEL.match(line)):
                cells = cells[len(re.findall(r"\d", label.group(0))) :]  # "1: 5 3 4 6 7 8 9 1 2"
            if len(cells) == n:
                rows.append(cells)
        if len(rows) >= n:
            digits = [d for r in rows[-n:] for d in r]
        else:
            flat = re.findall(rf"(?<!\d)\d{{{n * n}}}(?!\d)", re.sub(r"[\s,;|/]", "", part))
            if not flat:
                raise AnswerError(f"no {n}x{n} grid of digits found in the answer")
            digits = list(flat[-1])
    if len(digits) != n * n:
        raise AnswerError(f"the grid has {len(digits)} cells, expected {n * n}")
    index = {name: i for i, name in enumerate(csp.value_names)}
    bad = [d for d in digits if d not in index]
    if bad:
        raise WrongAnswer(f"{bad[0]} is not a digit of this puzzle")
    return [index[d] for d in digits]


def _json_grid(part: str) -> list[str] | None:
    """The cells of a JSON / Python list of rows ("[[5, 3, ...], ...]", "grid = [[...]]"), if there is one."""
    at = part.find("[[")
    if at < 0 and not part.startswith("["):
        return None
    try:
        data, _ = raw_json(part[max(at, 0) :])
    except json.JSONDecodeError:
        if part.startswith("[") and "\n" not in part.strip():
            raise AnswerError("answer looks like JSON but does not parse") from None
        return None
    if not isinstance(data, list) or not any(isinstance(row, list) for row in data) and "\n" in part.strip():
        return None  # "[5, 3, 4, ...]" one row per line: rows of digits, read below
    return [str(x) for row in data for x in (row if isinstance(row, list) else [row])]


_RELATION = re.compile(r"\b(?:next\s+to|left\s+of|right\s+of|beside|besides|neighbou?rs?|adjacent|between|"
                       r"not|never|isn['’]t|doesn['’]t|cannot)\b", re.I)  # fmt: skip
_HOUSE = re.compile(r"\b(?:house\s*(?:#|no\.?|number)?\s*|h)(\d+)\b|^\W*(\d+)\s*(?:[:|.)\-]|\s\|)", re.I)
_LABEL_END = re.compile(r"[\s*_]*[:.)|=\-–—]*[\s*_]*")
_ORDINAL = {w: i + 1 for i, w in enumerate(("first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                                            "eighth", "ninth"))}  # fmt: skip
_ORDINAL_HOUSE = re.compile(r"\b(" + "|".join(_ORDINAL) + r")\s+house\b", re.I)


_HEDGED = re.compile(r"\b(?:suppose[sd]?|supposing|assumed?|assuming|if|try|trying|guess|let['’]?s|let\s+us|"
                     r"could|might|may|maybe|perhaps|would|whether)\b|\?", re.I)  # fmt: skip
"""A case, a guess or a question ("Suppose the Brit lives in house 1", "A could be red", "Is A red?"):
it commits to nothing, so it places nothing (an answer stated only so is unreadable, not accepted)."""


def read_houses(csp: Csp, text: str) -> list[int]:
    """"House 1: Brit, red, dog" lines (also "1. German, chess, tea", a remark after them is
    ignored), a Markdown table (a row or a column per house), sentences ("The Brit lives in house
    1", "in the first house"), or JSON ({"House 1": {...}} or {"Brit": 1, ...}). A sentence that
    supposes, guesses or asks places no one."""
    attrs = csp.layout["attributes"]
    word_of = {name.lower(): v for a in attrs for v, name in zip(a["vars"], a["values"])}
    part = text.strip()
    parts = _json_segments(part) if part.startswith(("{", "[")) else segments(part)
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, word_of), key=len, reverse=True)) + r")\b", re.I)
    found: dict[int, int] = {}
    n = len(csp.value_names)
    kinds = "|".join(re.escape(str(a["name"])) for a in attrs)
    column = re.compile(rf"^[\s|*]*(?:{kinds})s?\W*[:|=-]", re.I)  # "| drink | tea | ...", "drink: tea, water"

    def give(v: int, h: int) -> None:
        if not 0 <= h < n:
            raise WrongAnswer(f"there is no house {h + 1}")
        if found.get(v, h) != h:
            raise AnswerError(f"{csp.var_names[v]} is placed in two houses")
        found[v] = h

    for seg in parts:
        if _RELATION.search(_REMARK.sub(" ", seg)) or _HEDGED.search(_REMARK.sub(" ", seg)):
            continue  # "The Brit lives next to house 2", "Suppose the Brit lives in house 1" place no one
        houses = {int(a or b) for a, b in _HOUSE.findall(seg)} | {_ORDINAL[w.lower()] for w in _ORDINAL_HOUSE.findall(seg)}
        label = _HOUSE.match(seg) or re.match(r"^\W*(?:house\s*(?:#|no\.?|number)?\s*)?\d+\s*[:|.)\-]", seg, re.I)
        body = _REMARK.sub(" ", seg[_LABEL_END.match(seg, label.end()).end() :]) if label else seg  # type: ignore[union-attr]
        if label and len(houses) > 1:  # "House 2: Dane, water, blue (next to house 3)"
            houses = {int(a or b) for a, b in _HOUSE.findall(seg[: label.end()])}
        names = [word_of[w.lower()] for w in pattern.findall(body)]
        if len(houses) == 1:
            h = next(iter(houses)) - 1
            for v in names:
                give(v, h)
        elif not houses and len(names) == n and len({v // n for v in names}) == 1 and column.match(seg):
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
        data, _ = raw_json(part)
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


_NAME_NUMBER = re.compile(r"^[\W_]*[A-Za-z][\w']*(?: [\w']+)*[*_]*\s*[:=→]\s*(\d+)\W*$")
_LIST_ONLY = re.compile(r"(?:[\s,;.:\-–—>→|\[\]\"'*]|\b(?:and|then|from|left|to|right|in|seat|order|the|is|are)\b)*",
                        re.I)  # fmt: skip
"""What may stand between the names of a plain list in seat order ("Zoe, Ned and Ava, from left to right")."""
_SEAT = re.compile(r"\b(?:seat|position|place|chair|spot)\s*(?:#|no\.?|number)?\s*(\d+)\b|^\W*(\d+)\s*(?:[:|.)\-]|\s\|)",
                   re.I)  # fmt: skip


_NOT_PLACED = re.compile(
    r"\b(?:can['’]?t|won['’]?t|\w*n['’]t|nobody|no\s+one|none|neither|nor|except|other\s+than|but|ruled\s+out|"
    r"excluded?|impossible|suppose[sd]?|supposing|assumed?|assuming|assumption|if|try|trying|tried|guess|let['’]?s|"
    r"let\s+us|could|might|may|maybe|perhaps|would|whether)\b|\?", re.I)  # fmt: skip
"""A sentence that places no one, besides those :data:`_RELATION` names: a negation in other words
("Zoe can't sit in seat 1", "Zoe is ruled out of seat 1"), a case or a guess ("Suppose Zoe sits in
seat 1", "Try Zoe in seat 1", "If Zoe sits in seat 1, ..."), a question."""
_REASON = re.compile(r"\s(?:because|since|given\s+that)\b.*$", re.I)
"""A reason after a placement ("Zoe sits in seat 1 since Ned can't"): not part of what is said."""
_GAVE_UP = re.compile(r"\b(?:reach(?:es|ed)?\s+no\s+(?:answer|solution)|no\s+(?:answer|solution|seating|arrangement)|"
                      r"contradiction|dead\s+end|(?:steps?|assumption)\s+\w*\s*(?:above\s+)?(?:is|are|was|were)\s+wrong|"
                      r"unsolvable|cannot\s+be\s+solved|impossible)\b", re.I)  # fmt: skip
"""A last sentence that says the text reaches no seating ("This path reaches no answer.")."""
_NO_GIVING_UP = re.compile(r"\b(?:no|without|not\s+a|nor?\s+any)\s+(?:contradictions?|dead\s+end)\b", re.I)


def read_seats(csp: Csp, text: str) -> list[int]:
    """"Seat 1: Zoe" lines, "1. Zoe", sentences ("Zoe sits in seat 1"), a plain list in seat order
    ("Zoe, Ned, Ava"), or JSON (["Zoe", ...] or {"Zoe": 1} or {"seat 1": "Zoe"}).

    Sentences that deny, suppose, try or ask place no one; a text whose last sentence says it
    reaches no answer ("This is a contradiction", "This path reaches no answer.") is read as none,
    whatever seats it stated on its way."""
    n = len(csp.var_names)
    who = {name.lower(): v for v, name in enumerate(csp.var_names)}
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, who), key=len, reverse=True)) + r")\b", re.I)
    part = text.strip()
    if part.startswith("["):
        try:
            data, _ = raw_json(part)
        except json.JSONDecodeError as e:
            raise AnswerError(f"answer looks like JSON but does not parse: {e}") from None
        part = ", ".join(map(str, data)) if isinstance(data, list) else part
    parts = _json_segments(part) if part.startswith("{") else segments(part)
    last = re.sub(r"\([^()]*\)", " ", parts[-1]) if parts else ""
    if not part.startswith("{") and _GAVE_UP.search(last) and not _NO_GIVING_UP.search(last):
        raise AnswerError(f"the text ends saying it reaches no seating ({parts[-1].strip()[:60]!r})")
    found: dict[int, int] = {}
    for seg in parts:
        seg = _REASON.sub(" ", re.sub(r"\([^()]*\)", " ", seg))
        if _RELATION.search(seg) or _NOT_PLACED.search(seg):
            continue  # "Zoe does not sit in seat 1", "Zoe sits next to seat 2", "Suppose Zoe sits in seat 1" place no one
        names = [who[w.lower()] for w in pattern.findall(seg)]
        seats = {int(a or b) for a, b in _SEAT.findall(seg)} | {int(h) for h in re.findall(r"^house (\d+):", seg)}
        seats |= {int(x) for x in _NAME_NUMBER.findall(seg)}  # "Zoe: 1"
        seats |= {_ORDINAL[w.lower()] for w in re.findall(r"\b(" + "|".join(_ORDINAL) + r")\s+(?:seat|position|place|chair)\b", seg, re.I)}
        if len(seats) == 1 and len(set(names)) == 1:
            s = next(iter(seats)) - 1
            if not 0 <= s < n:
                raise WrongAnswer(f"there is no seat {s + 1}")
            if found.get(names[0], s) != s:
                raise AnswerError(f"{csp.var_names[names[0]]} is given two seats")
            found[names[0]] = s
    if not found and _LIST_ONLY.fullmatch(pattern.sub(" ", part)):  # a plain list in seat order
        order = [who[w.lower()] for w in pattern.findall(part)]
        if sorted(order) == list(range(n)):
            found = {v: s for s, v in enumerate(order)}
    missing = [csp.var_names[v] for v in range(n) if v not in found]
    if missing:
        raise AnswerError(f"no seat given for {', '.join(missing)}")
    return [found[v] for v in range(n)]


_NOT = re.compile(r"\bnot\b|n['’]t\b|\bnever\b|\bcannot\b", re.I)


def read_assignment(csp: Csp, text: str) -> list[int]:
    """"A: red", "Vertex A: red", "A = red", "A is red", "A - red", "A → red", "A and B are red",
    Markdown table rows ("| A | red |"), or JSON {"A": "red"}; each variable exactly once. A part that
    denies, supposes or asks colours nothing."""
    part = text.strip()
    if part.startswith("{"):
        parts = [f"{k}: {v}" for k, v in _json_object(part).items()]
    else:
        parts = [s for seg in segments(part) for s in re.split(r"[;,]\s*", seg) if s.strip()]
    short = [re.escape(v) for v in csp.var_names if len(v) <= 2]  # "A" is a vertex, "a" an article
    long = [re.escape(v) for v in csp.var_names if len(v) > 2]
    var_of = {name.lower(): i for i, name in enumerate(csp.var_names)}
    val_of = {name.lower(): i for i, name in enumerate(csp.value_names)}
    vals = "|".join(sorted(map(re.escape, csp.value_names), key=len, reverse=True))
    alts = [f"(?P<short>{'|'.join(sorted(short, key=len, reverse=True))})"] if short else []
    alts += [f"(?i:(?P<long>{'|'.join(sorted(long, key=len, reverse=True))}))"] if long else []
    token = re.compile(rf"(?<![\w'’])(?:{'|'.join(alts)}|(?i:(?P<val>{vals})))(?![\w'’])")
    found: dict[int, int] = {}

    def aside(text: str) -> str:
        """Brackets that mention a variable are a remark ("(next to B)"); others hold a value ("A (red)")."""
        return re.sub(r"\(([^()]*)\)", lambda m: " " if any(t.group("val") is None for t in token.finditer(m.group(1)))
                      else f" {m.group(1)} ", text)  # fmt: skip

    def give(v: int, x: int) -> None:
        if found.get(v, x) != x:
            raise AnswerError(f"{csp.var_names[v]} is given two values")
        found[v] = x

    for line in segments(part):
        run = 0  # values in a row after one variable: "A: red, green" leaves the choice open
        for m in token.finditer(aside(line)):
            run = 0 if m.group("val") is None else run + 1
            if run > 1:
                raise AnswerError(f"several values in a row in {line.strip()[:60]!r}")
    for seg in parts:
        seg = aside(seg)
        if _NOT.search(seg) or _HEDGED.search(seg):
            continue  # "A is not red", "Suppose A is red", "A could be red" colour nothing
        tokens = [(m.group("val") is None, m.group(0).lower()) for m in token.finditer(seg)]
        variables = [var_of[t] for is_var, t in tokens if is_var]
        values = [val_of[t] for is_var, t in tokens if not is_var]
        if len(values) == 1 and variables:
            for v in variables:
                give(v, values[0])
        elif values and len(values) == len(variables) and all(tokens[i][0] == (i % 2 == 0) for i in range(len(tokens))):
            for v, x in zip(variables, values):  # "A: red B: green" on one line
                give(v, x)
    missing = [csp.var_names[v] for v in range(len(csp.var_names)) if v not in found]
    if len(missing) == len(csp.var_names):
        raise AnswerError("no colouring found in the answer")
    if missing:
        raise AnswerError(f"no value given for {', '.join(missing)}")
    return [found[v] for v in range(len(csp.var_names))]


def _json_object(part: str) -> dict:
    try:
        data, _ = raw_json(part)
    except json.JSONDecodeError as e:
        raise AnswerError(f"answer looks like JSON but does not parse: {e}") from None
    if not isinstance(data, dict):
        raise AnswerError("JSON answer must be an object")
    return data
