"""Verifier for syllogisms: the answer's verdict against validity decided over all models, and,
when the question asks for it, the form or the broken rules the answer names.

Validity comes from cotforge.domains.syllogism (the conclusion true in every model of the premises),
never from the stored answer. The verdict is read with its negations and hedges ("isn't valid",
"does not necessarily follow", "Valid: no"); "Yes"/"No" alone answer "does it follow?" (a
generator that asks the inverse question records ``"yes_means": "invalid"`` in the payload); an
answer that says both is unreadable.

With ``explain: "form"`` in the payload the verdict is half the answer
(:func:`cotforge.domains.syllogism.explanation` says what the other half is): a valid two-premise
argument's mood and figure ("AAA-1", "AAA1", "AAA, figure 1", "AAA in the first figure", or a traditional
name that stands for one form: "Barbara", "Camestres", "Bamalip"); a valid chain's premises in the
order that links the conclusion's subject to its predicate ("premises in the order 3, 1, 2",
"P3 → P1 → P2"); an invalid argument's every broken rule and no other ("undistributed middle",
"illicit process of the major term", "exclusive premises", ...), a rule said not to be broken
("no illicit minor") not counted. An answer with the right verdict that names none of it is
rejected with that reason (the question says what to give); one that names two forms is unreadable.
What the final statement lacks is also read in the sentence that leads into it ("It is AAA-1, so the
answer is valid.")

Each step's claims are checked the same way as the verdict: a region said to be empty must be empty
in every model of the premises, a "something" must exist in every model. A step that names the terms
(its state's ``roles``: the major term, the minor term and, for two premises, the figure) must name the
conclusion's predicate as the major term, its subject as the minor, and the figure where the middle term
sits in the premises as given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from cotforge.core.answers import Extracted, retraction
from cotforge.core.memo import Memo
from cotforge.core.records import Problem, Step, Verdict
from cotforge.core.registry import VERIFIERS
from cotforge.domains.syllogism import Categorical, Explanation, explanation, satisfiable, valid
from cotforge.verifiers._readers import (BAD_PAYLOAD, AnswerError, cited_numbers, loads_json, one_claim, payload, plain,
                                         read_final, read_final_or_lead_in, said_not)  # fmt: skip
from cotforge.verifiers.base import Verifier

VERDICT_WORDS = {"valid": True, "invalid": False, "follows": True, "follow": True, "followed": True,
                 "entailed": True, "fallacious": False, "a fallacy": False, "non sequitur": False,
                 }  # fmt: skip
"""What each word claims about the argument; negations ("isn't valid", "does not follow") flip it."""

NAMED_FORMS = {
    "barbara": "AAA-1", "celarent": "EAE-1", "darii": "AII-1", "ferio": "EIO-1", "barbari": "AAI-1", "celaront": "EAO-1",
    "cesare": "EAE-2", "camestres": "AEE-2", "festino": "EIO-2", "baroco": "AOO-2", "cesaro": "EAO-2", "camestros": "AEO-2",
    "darapti": "AAI-3", "disamis": "IAI-3", "datisi": "AII-3", "felapton": "EAO-3", "bocardo": "OAO-3", "ferison": "EIO-3",
    "bramantip": "AAI-4", "bamalip": "AAI-4", "camenes": "AEE-4", "calemes": "AEE-4", "dimaris": "IAI-4", "dimatis": "IAI-4",
    "fesapo": "EAO-4", "fresison": "EIO-4", "calemos": "AEO-4", "calemop": "AEO-4", "camenos": "AEO-4", "camenop": "AEO-4",
}  # fmt: skip
"""The medieval names that stand for one mood and figure each (the major premise first, as in
:func:`cotforge.domains.syllogism.mood_figure`). Names of the indirect first-figure moods
(Baralipton, Fapesmo, ...) are left out: which figure-4 form they mean depends on the convention."""

_ORDINAL = {"1": 1, "2": 2, "3": 3, "4": 4, "one": 1, "two": 2, "three": 3, "four": 4, "first": 1, "second": 2,
            "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}  # fmt: skip
_MOOD = r"(?<![\w-])([AEIOaeio]{3})(?![\w])"
_FIGURE_NUM = r"(?:figure|fig\.?)\s*(?:is\s*|:|=|no\.?|#)?\s*([1-4]|one|two|three|four)\b"
_FIGURE_ORD = r"(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)\s+figure\b"
_FORMS = re.compile(  # "AAA-1", "AAA 1", "AAA/1", "AAA (figure 1)", "AAA, figure 1", "AAA in the first figure"
    rf"{_MOOD}\s*(?:[-–—/]\s*|\(\s*)?(?:(?:,\s*|in\s+|of\s+)?(?:the\s+)?{_FIGURE_NUM}|(?<=[-–—/(\s])([1-4])(?!\d|\.\d)|"
    rf"(?:,\s*|in\s+|of\s+)?{_FIGURE_ORD})", re.I)  # fmt: skip
_MOOD_ALONE = re.compile(rf"\bmood\s*(?:is\s*|:|=|of\s+)?\s*{_MOOD}", re.I)
_FIGURE_ALONE = re.compile(rf"\b{_FIGURE_NUM}|\b{_FIGURE_ORD}", re.I)
_NAME = re.compile(r"\b(" + "|".join(NAMED_FORMS) + r")\b", re.I)
_GLUED = re.compile(r"(?<![\w-])([AEIO]{3})([1-4])(?![\w.])")
"""A mood with its figure glued on, capitals only ("AII1"): in lower case it could be a word."""

RULE_PHRASES = {
    "undistributed middle": r"undistributed\s+middle|middle(?:\s+term)?\s+(?:is\s+|was\s+|remains\s+|stays\s+|left\s+)?"
                            r"(?:undistributed|(?:not|never)\s+distributed)|middle(?:\s+term)?\s+(?:is|was)n['’]t\s+distributed",
    "illicit major": r"illicit\s+(?:process\s+of\s+(?:the\s+)?)?major|illicit\s+(?:process\s+of\s+)?(?:both\s+)?(?:the\s+)?"
                     r"minor(?:\s+term)?\s+(?:and|&)\s+(?:the\s+)?major",
    "illicit minor": r"illicit\s+(?:process\s+of\s+(?:the\s+)?)?minor|illicit\s+(?:process\s+of\s+)?(?:both\s+)?(?:the\s+)?"
                     r"major(?:\s+term)?\s+(?:and|&)\s+(?:the\s+)?minor",
    "two negative premises": r"two\s+negative\s+premises|two\s+negatives|(?:both|two)\s+premises\s+(?:are\s+)?negative|exclusive\s+premises",
    "negative premise with affirmative conclusion": r"negative\s+premises?\s+(?:with|and)\s+(?:an?\s+)?affirmative\s+"
                                                    r"conclusion|affirmative\s+conclusion\s+(?:from|with|drawn\s+from)\s+"
                                                    r"(?:an?\s+)?negative\s+premises?",
    "negative conclusion from affirmative premises": r"negative\s+conclusion\s+(?:from|with|drawn\s+from)\s+(?:two\s+|both\s+)?"
                                                     r"affirmative\s+premises|(?:two\s+|both\s+)?affirmative\s+premises\s+"
                                                     r"(?:with|and)\s+(?:a\s+)?negative\s+conclusion",
    "existential fallacy": r"existential\s+fallacy|fallacy\s+of\s+existential\s+import|existential\s+import\s+fallacy",
}  # fmt: skip
"""Each rule of :data:`cotforge.domains.syllogism.RULES` in the words answers use for it."""
_RULES = [(rule, re.compile(rf"\b(?:{phrase})\b", re.I)) for rule, phrase in RULE_PHRASES.items()]
_ORDER_NOUNS = r"premises?|order|chain|sequence"


class MissingExplanation(AnswerError):
    """A verdict read, with none of what the question asks besides it; ``valid`` is the verdict."""

    def __init__(self, message: str, valid: bool) -> None:
        super().__init__(message)
        self.valid = valid


def read_verdict(text: str, yes_means_valid: bool = True) -> bool:
    """The answer's one verdict: True for valid. "Yes"/"No" alone answer "does it follow?".

    Raises AnswerError when there is none, or when the answer says both ("It is valid. No wait,
    it is invalid.")."""
    return read_final(text, lambda part: _verdict(part, yes_means_valid))


def _verdict(part: str, yes_means_valid: bool) -> bool:
    return one_claim(part, VERDICT_WORDS, "valid or invalid", (yes_means_valid, not yes_means_valid))


def read_form(text: str) -> str | None:
    """The one mood and figure ``text`` names ("AAA-1"), or None; AnswerError for two different ones."""
    text = plain(text)
    forms = {f"{m.group(1).upper()}-{_ORDINAL[(m.group(2) or m.group(3) or m.group(4)).lower()]}"
             for m in _FORMS.finditer(text) if not said_not(text, m.start())}  # fmt: skip
    forms |= {NAMED_FORMS[m.group(1).lower()] for m in _NAME.finditer(text) if not said_not(text, m.start())}
    forms |= {f"{m.group(1)}-{m.group(2)}" for m in _GLUED.finditer(text) if not said_not(text, m.start())}
    if not forms:  # "mood AAA, figure 1" said apart
        moods = {m.group(1).upper() for m in _MOOD_ALONE.finditer(text)}
        figures = {_ORDINAL[(m.group(1) or m.group(2)).lower()] for m in _FIGURE_ALONE.finditer(text)}
        if len(moods) == 1 and len(figures) == 1:
            forms = {f"{moods.pop()}-{figures.pop()}"}
    if len(forms) > 1:
        raise AnswerError(f"the answer names several forms ({', '.join(sorted(forms))})")
    return forms.pop() if forms else None


def read_rules(text: str) -> set[str]:
    """Every rule ``text`` says is broken (a rule mentioned under a negation is not)."""
    return {rule for rule, pattern in _RULES for m in pattern.finditer(text) if not said_not(text, m.start())}


def _read_part(part: str, yes_means_valid: bool, want: Explanation | None) -> tuple[bool, Any]:
    """(the verdict, what the answer names besides it: a form, an order or a set of rules; None when
    ``want`` is None, the payload asking for the verdict alone)."""
    said = _verdict(part, yes_means_valid)
    if want is None:
        return said, None
    taken_back = retraction(Extracted(part, "text", 0))
    if taken_back:
        raise AnswerError(f"the answer takes back what it names ({taken_back!r})")
    part = plain(part)
    if not said:
        named: Any = read_rules(part) or None
        what = "rule it breaks"
    elif want.get("form"):
        named, what = read_form(part), "mood and figure"
    else:
        named, what = cited_numbers(part, _ORDER_NOUNS, "P"), "order of the premises"
    if named is None:
        raise MissingExplanation(f"the answer names no {what}", said)
    return said, named


def _wrong_explanation(expl: Explanation, named: Any) -> str | None:
    """Why what the answer names besides its (right) verdict is wrong, or None when it is right."""
    if not expl["valid"]:
        missing, extra = set(expl["rules"]) - named, named - set(expl["rules"])
        if extra:
            return f"the argument does not break: {'; '.join(sorted(extra))}"
        return f"the answer leaves out {len(missing)} rule{'s' * (len(missing) > 1)} the argument breaks" if missing else None
    if expl.get("form"):
        return None if named == expl["form"] else f"the argument's form is not {named}"
    if named != expl["order"]:
        return "the premises do not link the conclusion's subject to its predicate in the order given"
    return None


class SyllogismVerifier(Verifier):
    name = "syllogism"
    steps_independent = True  # every step is judged by its own text and state and the payload (``check_steps``)

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        try:
            terms, premises, conclusion, yes_means_valid, want = _argument(problem)
        except BAD_PAYLOAD as e:
            return Verdict.error(f"bad syllogism payload: {e}")
        if not isinstance(answer, str) or not answer.strip():
            return Verdict.unreadable("no answer")
        truth = valid(premises, conclusion, len(terms))
        if want is not None and want["valid"] != truth:
            return Verdict.error("the traditional rules and the models disagree on validity")
        try:
            said, named = read_final_or_lead_in(answer, lambda part: _read_part(part, yes_means_valid, want),
                                                MissingExplanation)
        except MissingExplanation as e:
            if e.valid != truth:
                return Verdict.reject(f"the argument is {'valid' if truth else 'invalid'}")
            return Verdict.reject(f"right verdict, but {e}")
        except AnswerError as e:
            return Verdict.unreadable(str(e))
        if said != truth:
            return Verdict.reject(f"the argument is {'valid' if truth else 'invalid'}")
        why = _wrong_explanation(want, named) if want is not None else None
        if why is not None:
            return Verdict.reject(f"right verdict, but {why}")
        return Verdict.accept("valid" if truth else "invalid: a model of the premises breaks the conclusion")

    def check_steps(self, problem: Problem, steps: Sequence[Step]) -> list[bool | None]:
        try:
            terms, premises, _ = _read(problem)
        except BAD_PAYLOAD:
            return [None] * len(steps)
        k = len(terms)
        out: list[bool | None] = []
        for step in steps:
            if step.kind == "answer":
                out.append(self.verify(problem, step.text).accepted)
                continue
            try:
                body = loads_json(step.state)
                empty, some = [int(r) for r in body["empty"]], [frozenset(map(int, w)) for w in body["some"]]
                named = _roles_right(payload(problem), body["roles"]) if "roles" in body else True
            except BAD_PAYLOAD:
                out.append(None)
                continue
            forced_empty = all(not satisfiable(premises, k, occupied=[frozenset({r})]) for r in empty)
            forced_some = all(not satisfiable(premises, k, empty=w) for w in some)
            out.append(forced_empty and forced_some and named)
        return out


def _roles_right(data: dict[str, Any], roles: dict[str, Any]) -> bool:
    """Whether a naming step's ``roles`` are the argument's: the conclusion's predicate the major term, its subject
    the minor, and (two premises) the figure 1 + [the middle term is the predicate of the major premise] + 2 x [it is
    the subject of the minor]; a longer chain names no figure. KeyError, TypeError or ValueError on a malformed body
    (a term or figure that is not a whole number is not read as one)."""
    _, subj, pred = data["conclusion"]
    subj, pred = int(subj), int(pred)
    if _whole(roles["major"]) != pred or _whole(roles["minor"]) != subj:
        return False
    premises = [(int(s), int(p)) for _, s, p in data["premises"]]
    if len(premises) != 2:
        return roles.get("figure") is None
    major = [pr for pr in premises if pred in pr]
    minor = [pr for pr in premises if subj in pr]
    middle = {t for pr in premises for t in pr} - {subj, pred}
    figure = _whole(roles["figure"])
    if len(major) != 1 or len(minor) != 1 or len(middle) != 1:
        return False
    m = middle.pop()
    return figure == 1 + (major[0][1] == m) + 2 * (minor[0][0] == m)


def _whole(value: Any) -> int:
    """``value`` if it is a whole number (not a bool, a float or a string); TypeError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"not a whole number: {value!r}")
    return value


def _explain(data: dict[str, Any]) -> Explanation | None:
    """What the answer must name besides its verdict (``explain: "form"``), or None for the verdict
    alone; ValueError for another request, or a valid chain whose premises do not link up."""
    explain = data.get("explain")
    if explain not in (None, "form"):
        raise ValueError(f"explain must be 'form' or absent, got {explain!r}")
    if explain is None:
        return None
    want = explanation(data)
    if want["valid"] and not want.get("form") and not want.get("order"):
        raise ValueError("a valid argument whose premises form no chain from the subject to the predicate")
    return want


_ARGUMENTS: Memo[str, tuple[list[str], list[Categorical], Categorical, bool, Explanation | None]] = Memo(2_000)
"""The payload's text -> what ``verify`` reads of it (``_argument``): a record's chain, its negatives and their answers
are judged against the same payload, read once."""


def _argument(problem: Problem) -> tuple[list[str], list[Categorical], Categorical, bool, Explanation | None]:
    """The terms, premises and conclusion (``_read``), whether "yes" means valid, and what the answer must name besides
    its verdict (``_explain``), remembered by the payload's text (only read, never changed, by ``verify``); raises as
    reading them does (what fails to read is never remembered, and a payload that is not text is read every time)."""
    text = problem.payload
    found = _ARGUMENTS.get(text) if isinstance(text, str) else None
    if found is None:
        terms, premises, conclusion = _read(problem)
        data = payload(problem)
        found = (terms, premises, conclusion, str(data.get("yes_means", "valid")) != "invalid", _explain(data))
        if isinstance(text, str):
            _ARGUMENTS.keep(text, found)
    return found


def _read(problem: Problem) -> tuple[list[str], list[Categorical], Categorical]:
    """Terms, premises (with existence facts when the puzzle assumes them) and conclusion."""
    data = payload(problem)
    terms = [str(t) for t in data["terms"]]
    premises = [Categorical(str(q), int(s), int(p)) for q, s, p in data["premises"]]
    if data.get("existential"):
        premises += [Categorical("I", t, t) for t in range(len(terms))]
    q, s, p = data["conclusion"]
    conclusion = Categorical(str(q), int(s), int(p))
    for c in [*premises, conclusion]:
        if c.quant not in ("A", "E", "I", "O") or not (0 <= c.subj < len(terms) and 0 <= c.pred < len(terms)):
            raise ValueError(f"a statement names no term of the argument or a quantifier other than A/E/I/O: {c}")
    return terms, premises, conclusion


VERIFIERS.register("syllogism", SyllogismVerifier())
