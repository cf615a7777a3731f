"""Verifier for propositional logic: verdicts against truth tables, models against the clauses.

"satisfiable" needs a model that makes every statement true (any such model); "unsatisfiable" is
right only when the truth table has no model. "entailed" is right when no row makes the premises
true and the conclusion false; "not entailed" needs such a row as counter-model. When the payload
says ``explain: "core"`` (the question asks for it), "unsatisfiable" / "entailed" must also name, by
number, statements (premises) that already clash (with the conclusion denied), each of them needed
(:func:`cotforge.domains.propositional.check_core`): "statements 1, 3 and 4", "(1), (3)", "premises
2-4", "P2 and P5", or by quoting them whole ('"not t" and "not p or t"'), also in the sentence that
leads into the final statement ("Since statements 1 and 3 clash, the answer is unsatisfiable."). An
answer that names none, or a "satisfiable" with no model, gives only half of what the question asks
and is rejected with that reason (not unreadable: the question says what to give); with no
``explain`` a claimed model that is not given is unreadable, as before. Verdicts are read with their
negations ("not satisfiable", "does not follow", "Yes"/"No" to the question asked); an answer that
says both is unreadable; a full model with no verdict word claims one. Models are read as "p = true,
q = F", "p is false", "p and q are false", "p false, q true", "(p, q) = (T, F)", "True: p, r", JSON,
or a literal list ("p, ¬q").
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from cotforge.core.answers import Extracted, retraction
from cotforge.core.records import Problem, Step, Verdict
from cotforge.core.registry import VERIFIERS
from cotforge.domains.propositional import Value, check_core, clause_text, clause_value, models, solving_clauses
from cotforge.verifiers._readers import (BAD_PAYLOAD, AnswerError, cited_numbers, cited_quotes, loads_json, one_claim,
                                         payload, raw_json, read_final_or_lead_in, segments)  # fmt: skip
from cotforge.verifiers.base import Verifier

SAT_WORDS = {"satisfiable": True, "unsatisfiable": False, "satisfying assignment": True, "all be true": True,
             "sat": True, "unsat": False}  # fmt: skip
ENTAIL_WORDS = {"entailed": True, "entails": True, "entail": True, "follows": True, "follow": True,
                "counter-model": False, "countermodel": False, "counterexample": False, "counter-example": False}  # fmt: skip
_VALUE = {"true": True, "false": False, "1": True, "0": False, "⊤": True, "⊥": False, "T": True, "F": False}
_EVERY = re.compile(r"\b(?:all|every|each)\s+(?:the\s+|of\s+the\s+)?(?:variables?|atoms?|of\s+them)\s+"
                    r"(?:are\s+|is\s+|set\s+to\s+|=\s*|:\s*)?((?i:true|false)|\b[TF]\b)", re.I)  # fmt: skip
_NOT = re.compile(r"\bnot\b|n['’]t\b", re.I)


def read_model(text: str, names: Sequence[str]) -> list[Value]:
    """Truth values named in ``text`` (None where a variable is not mentioned); AnswerError when a
    variable is given two values."""
    out: list[Value] = [None] * len(names)
    index = {n: i for i, n in enumerate(names)}

    def give(name: str, value: bool) -> None:
        i = index[name]
        if out[i] is not None and out[i] != value:
            raise AnswerError(f"{name} is given two truth values")
        out[i] = value

    brace = text.find("{")
    if brace >= 0:
        try:
            data, _ = raw_json(text[brace:])
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict):
            for key, value in data.items():
                word = str(value).strip()
                if str(key) in index and (word in _VALUE or word.lower() in _VALUE):
                    give(str(key), _VALUE.get(word, _VALUE.get(word.lower(), False)))
            return out
    either = re.search(r"(?<![\w'’])(?:(?i:true|false)|[TF01⊤⊥])\s*(?:\bor\b|/|\|)\s*(?:(?i:true|false)|[TF01⊤⊥])(?![\w'’])", text)
    if either:
        raise AnswerError(f"a truth value left open: {either.group(0)!r}")
    alt = "|".join(sorted(map(re.escape, index), key=len, reverse=True))
    token = re.compile(rf"(?<![\w'’])(?P<var>{alt})(?![\w'’])|(?P<val>\b(?i:true|false)\b|\b[TF01]\b|[⊤⊥])")
    found_value = False
    for seg in segments(text):
        pending: list[str] = []
        header: bool | None = None
        tokens = list(token.finditer(seg))
        k = 0
        while k < len(tokens):
            m = tokens[k]
            if m.group("var"):
                if header is not None:
                    give(m.group("var"), header)
                else:
                    pending.append(m.group("var"))
                k += 1
                continue
            found_value = True
            run = [m]  # consecutive values: "(T, F)" pairs up with "(p, q)"
            while k + len(run) < len(tokens) and tokens[k + len(run)].group("val") and \
                    re.fullmatch(r"[\s,()\[\]]*", seg[run[-1].end() : tokens[k + len(run)].start()]):  # fmt: skip
                run.append(tokens[k + len(run)])
            values = [_VALUE.get(r.group("val"), _VALUE.get(r.group("val").lower(), False)) for r in run]
            if not pending and seg[run[-1].end() :].lstrip().startswith(":"):
                header = values[0] if len(values) == 1 else None  # "True: p, r"
            elif len(values) == 1:
                flip = bool(_NOT.search(seg, tokens[k - 1].end() if k else 0, m.start())) if pending else False
                for name in pending:
                    give(name, values[0] ^ flip)
            elif len(values) == len(pending):
                for name, value in zip(pending, values):
                    give(name, value)
            elif pending:
                raise AnswerError(f"{len(pending)} variables but {len(values)} truth values")
            pending = []
            k += len(run)
    if all(v is None for v in out):  # "all variables false", "every variable is true"
        every = _EVERY.search(text)
        if every:
            value = _VALUE.get(every.group(1), _VALUE.get(every.group(1).lower(), False))
            return [value] * len(names)
    if not found_value:  # a literal list: "satisfiable, ¬p, q, ¬r", "model: {p, ¬q}"
        lit = rf"(?:¬|~|!|\bnot\s+)?\s*(?<![\w'’])(?:{alt})(?![\w'’])"
        tail = re.compile(rf"(?:^|[:,]|\bwith\b|\bmodel\b)\s*[{{(\[]?\s*({lit}(?:\s*(?:,|\band\b|∧|&)\s*{lit})*)\s*[}})\]]?\W*$")
        literal = re.compile(rf"(¬|~|!|\bnot\s+)?\s*(?<![\w'’])({alt})(?![\w'’])")
        for seg in segments(text):
            listed = tail.search(seg)
            if listed:
                for lm in literal.finditer(listed.group(1)):
                    give(lm.group(2), not lm.group(1))
    return out


def _clauses(data: dict[str, Any]) -> list[Any]:
    """The clauses to satisfy; ValueError when a literal names no variable of the problem."""
    clauses = solving_clauses(data)
    n = len(data["vars"])
    if data["kind"] not in ("sat", "entail") or any(not 0 <= v < n for clause in clauses for v, _ in clause):
        raise ValueError("the payload's clauses name variables it does not have (or its kind is not sat/entail)")
    return clauses


def _explain(data: dict[str, Any]) -> bool:
    """Whether the payload asks for the clashing statements (``explain: "core"``); ValueError for
    another request."""
    explain = data.get("explain")
    if explain not in (None, "core"):
        raise ValueError(f"explain must be 'core' or absent, got {explain!r}")
    return explain == "core"


class MissingModel(AnswerError):
    """The answer claims a (counter-)model exists but gives none."""


class MissingCore(AnswerError):
    """The answer claims no model exists but names no statements that clash (the question asks it to)."""


STATEMENT_NOUNS = r"statements?|premises?|clauses?|constraints?|formulas?|conditions?|lines?"
"""What an answer may call the numbered statements (premises) it cites."""


def _read_part(part: str, names: Sequence[str], entail: bool,
               core: list[str] | None) -> tuple[bool, list[Value], list[int]]:
    """(whether the answer claims a model exists, the model it gives, the statement numbers it cites
    or quotes for a claim that none exists when ``core`` (the statements' texts) asks for them);
    AnswerError when unreadable.

    A full model with no verdict word claims one exists: it is its own proof, checked like any."""
    try:
        if entail:
            says_model = not one_claim(part, ENTAIL_WORDS, "entailed or not entailed", (True, False))
        else:
            says_model = one_claim(part, SAT_WORDS, "satisfiable or unsatisfiable", (True, False))
    except AnswerError as e:
        bare = read_model(part, names) if str(e).startswith("no verdict") else []
        if not bare or None in bare:
            raise
        return True, bare, []
    values = read_model(part, names) if says_model else []
    if says_model and all(v is None for v in values):
        raise MissingModel(f"no {'counter-model' if entail else 'model'} given")
    if core is None or says_model:
        return says_model, values, []
    taken_back = retraction(Extracted(part, "text", 0))
    if taken_back:
        raise AnswerError(f"the answer takes back the statements it names ({taken_back!r})")
    numbers = cited_numbers(part, STATEMENT_NOUNS, "PSC") or []
    numbers += [k for k in cited_quotes(part, core) or [] if k not in numbers]  # '"not t" and "not p or t"'
    if not numbers:
        raise MissingCore(f"names no {'premises the conclusion follows from' if entail else 'statements that clash'}")
    return says_model, values, numbers


class PropositionalVerifier(Verifier):
    name = "propositional"

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        try:
            data = payload(problem)
            names, kind, clauses = [str(v) for v in data["vars"]], str(data["kind"]), _clauses(data)
            core = [clause_text(tuple(map(tuple, c)), tuple(names)) for c in data["clauses"]] if _explain(data) else None
        except BAD_PAYLOAD as e:
            return Verdict.error(f"bad propositional payload: {e}")
        if not isinstance(answer, str) or not answer.strip():
            return Verdict.unreadable("no answer")
        entail = kind == "entail"
        possible = next(models(clauses, len(names)), None) is not None
        try:
            says_model, values, numbers = read_final_or_lead_in(
                answer, lambda part: _read_part(part, names, entail, core), (MissingCore, MissingModel))
        except MissingModel as e:
            if not possible:
                return Verdict.reject("no model exists")
            return Verdict.reject(f"right verdict, but {e}") if core is not None else Verdict.unreadable(str(e))
        except MissingCore as e:
            return Verdict.reject("a model exists") if possible else Verdict.reject(f"right verdict, but the answer {e}")
        except AnswerError as e:
            return Verdict.unreadable(str(e))
        if not says_model:
            if possible:
                return Verdict.reject("a model exists")
            if core is None:
                return Verdict.accept("no model, as claimed")
            why = check_core(data, numbers)
            if why is not None:
                return Verdict.reject(f"right verdict, but {why}")
            return Verdict.accept(f"no model: {'premises' if entail else 'statements'} {numbers} clash, each needed")
        if not possible:
            return Verdict.reject("no model exists")
        what = "counter-model" if entail else "model"
        if any(clause_value(c, values) is not True for c in clauses):
            return Verdict.reject(f"the {what} given does not make every clause come out right")
        return Verdict.accept(f"the {what} given works")

    def check_steps(self, problem: Problem, steps: Sequence[Step]) -> list[bool | None]:
        """Forced values must hold in every model extending the previous step's (truth table)."""
        try:
            data = payload(problem)
            n, clauses = len(data["vars"]), _clauses(data)
        except BAD_PAYLOAD:
            return [None] * len(steps)
        prev: list[Value] = [None] * n
        out: list[bool | None] = []
        for step in steps:
            try:
                body = loads_json(step.state)
                if not isinstance(body["values"], list) or len(body["values"]) != n:
                    raise ValueError("a step's values must list every variable")
                now = [None if v is None else bool(v) for v in body["values"]]
            except BAD_PAYLOAD:
                out.append(None)
                continue
            worlds = list(models(clauses, n, prev))
            if step.kind == "answer":
                out.append(self.verify(problem, step.text.rsplit("Answer:", 1)[-1]).accepted)
            elif step.kind == "contradiction":
                out.append(not list(models(clauses, n, now)))
            elif step.kind == "deduce":
                new = {i: v for i, (p, v) in enumerate(zip(prev, now)) if p is None and v is not None}
                changed = any(p is not None and p != v for p, v in zip(prev, now))
                out.append(not changed and bool(new) and (not worlds or all(w[i] == v for w in worlds for i, v in new.items())))
            else:
                out.append(None)
            prev = now
        return out


VERIFIERS.register("propositional", PropositionalVerifier())
