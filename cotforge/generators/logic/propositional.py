"""Propositional logic: satisfiability (a model, or the statements that clash) and entailment (a
counter-model, or the premises the conclusion follows from). Any correct model is accepted.

No answer is one of two words: "unsatisfiable" names a set of statements that already clash with
each one needed ("unsatisfiable: statements 1, 3 and 4 already clash"), "entailed" the premises
the conclusion follows from, each needed ("entailed: it follows from premises 2 and 3"); the
payload's ``explain: "core"`` says so, and ``cotforge.domains.propositional.check_core`` checks
such a set. A satisfiable (not entailed) instance has few models (at most an eighth of the rows),
so a guessed model rarely fits.

Levels: 1 → 4 variables, satisfiability, clauses of two literals; 2 → 4 variables, entailment;
3 → 5 variables, satisfiability with clauses of two or three literals; 4 → 5 variables,
entailment; 5 → 6 variables, either kind, clauses of two or three literals. The truth is taken
from a truth table; an unsatisfiable (entailed) instance is kept only when unit propagation and
one-step proofs by contradiction refute it (so its proof never needs nested cases) and the
statements that refutation uses are each needed; a model may need guesses. No clause is listed
twice, and an entailment never follows from a single premise.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from cotforge.core.errors import ConfigError
from cotforge.domains.propositional import (NAMES, Clause, clause_text, decide, irreducible, model_text, models, numbers_text,
                                            refute, smallest_core, solving_clauses)
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

_SHAPES = {  # variables, kind, clauses, literals per clause
    1: (4, "sat", 7, 2),
    2: (4, "entail", 5, 2),
    3: (5, "sat", 12, 3),
    4: (5, "entail", 6, 2),
    5: (6, "any", 16, 3),
}
MODEL_SHARE = 1 / 8
"""Most rows of the truth table that may be models (counter-models) of a satisfiable item."""


@dataclass(frozen=True, slots=True)
class PropositionalConfig(TaskConfig):
    """Level sets the variables (3 to 5), the kind of question and the clause shape."""

    max_attempts: int = 5000
    """Random instances tried before giving up (a safety net)."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise ConfigError(f"max_attempts must be a positive integer, got {self.max_attempts!r}")


class PropositionalGenerator(Generator[PropositionalConfig]):
    name = "propositional"
    version = 3
    """Version 2: a refutation names the statements (premises) it needs, models are rare, one more
    variable per level, no repeated clause, no entailment from one premise (half the answers were
    one of two words; a constant "entailed"/"unsatisfiable" earned 54%). Version 3 (same items): the
    careless line below a wrong step stops where every statement it sees is true, and a "That fits"
    missed case keeps what its links found (issue 18, the step-pair probe)."""
    domain = "logic"
    space = "propositional"
    verifier = "propositional"
    config_cls = PropositionalConfig

    def build(self, rng: random.Random) -> Draft:
        config = self.config
        n, kind, m, width = _SHAPES[config.level]
        kind = rng.choice(("sat", "entail")) if kind == "any" else kind
        want_sat = rng.random() < 0.5
        for attempt in range(1, config.max_attempts + 1):
            clauses = _distinct(rng, n, m, 1 if kind == "entail" else 2, width)
            data: dict[str, Any] = {"kind": kind, "vars": list(NAMES[:n]), "clauses": [[list(lit) for lit in c] for c in clauses],
                                       "explain": "core"}
            if kind == "entail":
                data["conclusion"] = [list(lit) for lit in _clause(rng, n, rng.randint(1, 2))]
                if data["conclusion"] in data["clauses"] or not next(models(clauses, n), None):
                    continue  # a conclusion listed as a premise, or premises that clash among themselves
            solving = solving_clauses(data)
            found = list(models(solving, n))
            how = decide(solving, n)
            if bool(found) != want_sat or _trivial(solving, n) or len(found) > MODEL_SHARE * 2**n:
                continue
            if not found:
                used = refute(solving, n)
                core = [i for i in used or [] if i < m]
                if how != "unsat" or not irreducible(solving, n, core, solving[m:]):
                    continue
                if kind == "entail" and len(smallest_core(data)) < 2:
                    continue  # decided by one premise
                return _draft(data, found, config.level, attempt, how, core)
            return _draft(data, found, config.level, attempt, how)
        raise RuntimeError(f"no propositional instance in {config.max_attempts} attempts")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        data = problem.data()
        n = len(data["vars"])
        found = list(models(solving_clauses(data), n))
        if not found:
            if data["kind"] == "sat":
                return "satisfiable: " + model_text(tuple(rng.random() < 0.5 for _ in range(n)))
            return "not entailed, counter-model: " + model_text(tuple(rng.random() < 0.5 for _ in range(n)))
        bad = next(w for w in _all(n) if w not in found)
        return ("satisfiable: " if data["kind"] == "sat" else "not entailed, counter-model: ") + model_text(bad)


def _all(n: int) -> list[tuple[bool, ...]]:
    import itertools

    return list(itertools.product((False, True), repeat=n))


def _clause(rng: random.Random, n: int, width: int) -> Clause:
    return tuple(sorted((v, rng.random() < 0.5) for v in rng.sample(range(n), width)))


def _distinct(rng: random.Random, n: int, m: int, low: int, width: int) -> list[Clause]:
    """``m`` clauses of ``low`` to ``width`` literals, no two the same."""
    out: list[Clause] = []
    while len(out) < m:
        c = _clause(rng, n, rng.randint(low, width))
        if c not in out:
            out.append(c)
    return out


def _trivial(clauses: list[Clause], n: int) -> bool:
    """Every variable should matter: no instance decided with a variable no clause mentions."""
    return len({v for c in clauses for v, _ in c}) < n


def _draft(data: dict, found: list[tuple[bool, ...]], level: int, attempts: int, how: str, core: list[int] | None = None) -> Draft:
    names = tuple(data["vars"])
    listed = "\n".join(f"{i + 1}. {clause_text(tuple(map(tuple, c)), names)}" for i, c in enumerate(data["clauses"]))
    numbers = numbers_text([i + 1 for i in core or []])
    plural = "s" if core and len(core) > 1 else ""
    if data["kind"] == "sat":
        question = (f"Can these statements about {', '.join(names)} (each true or false) all be true at once?\n{listed}\n\n"
                    "If so, answer \"satisfiable\" and give a truth value for every variable. If not, answer "
                    "\"unsatisfiable\" and name, by number, statements that already clash on their own, none of "
                    "which could be left out.")  # fmt: skip
        answer = f"satisfiable: {model_text(found[0], names)}" if found else f"unsatisfiable: statement{plural} {numbers} already clash"
    else:
        conclusion = clause_text(tuple(map(tuple, data["conclusion"])), names)
        question = (f"Premises (each variable of {', '.join(names)} is true or false):\n{listed}\n\n"
                    f"Does it follow that: {conclusion}? If it does, answer \"entailed\" and name, by number, premises "
                    "it already follows from, none of which could be left out. If not, answer \"not entailed\" with "
                    "a counter-model (truth values making every premise true and the conclusion false).")  # fmt: skip
        answer = (f"not entailed, counter-model: {model_text(found[0], names)}" if found
                  else f"entailed: it follows from premise{plural} {numbers}")  # fmt: skip
    meta = {"level": level, "kind": data["kind"], "variables": len(names), "settled_by": how, "attempts": attempts,
            "models": len(found), "core": [i + 1 for i in core or []]}
    return Draft(question=question, answer=answer, payload=data, metadata=meta)


TASKS.register("propositional", PropositionalGenerator)
