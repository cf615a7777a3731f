"""Verifier for propositional logic: verdicts against truth tables, models against the clauses.

"satisfiable" needs a model that makes every statement true (any such model); "unsatisfiable" is
right only when the truth table has no model. "entailed" is right when no row makes the premises
true and the conclusion false; "not entailed" needs such a row as counter-model. Models are read as
"p = true, q = F", "p is false", "p: 1", JSON, or a literal list ("p, ¬q, r").
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from cotforge.domains.propositional import Value, clause_value, models, solving_clauses
from cotforge.core.records import Problem, Step, Verdict
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers.base import Verifier
from cotforge.verifiers.logic_puzzles import AnswerError, final_part

_TRUE = {"true", "t", "1", "yes"}
_FALSE = {"false", "f", "0", "no"}
_CLAIM = re.compile(r"\b(unsatisfiable|not satisfiable|satisfiable|not entailed|entailed|does not follow|follows)\b", re.I)


def read_model(text: str, names: Sequence[str]) -> list[Value]:
    """Truth values named in ``text`` (None where a variable is not mentioned)."""
    out: list[Value] = [None] * len(names)
    index = {n.lower(): i for i, n in enumerate(names)}
    brace = text.find("{")
    if brace >= 0:
        try:
            data, _ = json.JSONDecoder().raw_decode(text[brace:])
            for key, value in (data.items() if isinstance(data, dict) else []):
                if str(key).lower() in index:
                    word = str(value).lower()
                    out[index[str(key).lower()]] = True if word in _TRUE else False if word in _FALSE else None
            return out
        except json.JSONDecodeError:
            pass
    alt = "|".join(sorted(map(re.escape, index), key=len, reverse=True))
    for m in re.finditer(rf"\b({alt})\b\s*(?:=|:|is|->|→)\s*(true|false|t|f|1|0)\b", text, re.I):
        out[index[m.group(1).lower()]] = m.group(2).lower() in _TRUE
    if all(v is None for v in out):  # a literal list: "p, ¬q, r"
        for m in re.finditer(rf"(¬|~|!|\bnot\s+)?\b({alt})\b", text, re.I):
            out[index[m.group(2).lower()]] = not m.group(1)
    return out


class PropositionalVerifier(Verifier):
    name = "propositional"

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        try:
            data = problem.data()
            names, kind, clauses = [str(v) for v in data["vars"]], str(data["kind"]), solving_clauses(data)
        except (ValueError, TypeError, KeyError) as e:
            return Verdict.error(f"bad propositional payload: {e}")
        if not isinstance(answer, str) or not answer.strip():
            return Verdict.reject("no answer")
        try:
            part = final_part(answer)
            claims = _CLAIM.findall(part)
            if not claims:
                raise AnswerError("no verdict (satisfiable / unsatisfiable / entailed / not entailed) in the answer")
            claim = claims[0].lower()
        except AnswerError as e:
            return Verdict.reject(str(e))
        possible = next(models(clauses, len(names)), None) is not None
        says_model = claim in ("satisfiable", "not entailed", "does not follow")
        if not says_model:
            return Verdict.accept("no model, as claimed") if not possible else Verdict.reject("a model exists")
        if not possible:
            return Verdict.reject("no model exists")
        values = read_model(part[part.lower().find(claim) + len(claim):], names)
        if any(clause_value(c, values) is not True for c in clauses):
            what = "counter-model" if kind == "entail" else "model"
            return Verdict.reject(f"the {what} given does not make every clause come out right")
        return Verdict.accept("the model given works")

    def check_steps(self, problem: Problem, steps: Sequence[Step]) -> list[bool | None]:
        """Forced values must hold in every model extending the previous step's (truth table)."""
        try:
            data = problem.data()
            n, clauses = len(data["vars"]), solving_clauses(data)
        except (ValueError, TypeError, KeyError):
            return [None] * len(steps)
        prev: list[Value] = [None] * n
        out: list[bool | None] = []
        for step in steps:
            try:
                body = json.loads(step.state)
                now = [None if v is None else bool(v) for v in body["values"]]
                assumed = bool(body.get("assumed"))
            except (ValueError, TypeError, KeyError):
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
