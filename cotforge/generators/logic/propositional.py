"""Propositional logic: satisfiability (give a model, or say none exists) and entailment (say
"entailed", or "not entailed" with a counter-model). Any correct model is accepted.

Levels: 1 → 3 variables, satisfiability, clauses of two literals; 2 → 3 variables, entailment;
3 → 4 variables, satisfiability with clauses of two or three literals; 4 → 4 variables,
entailment; 5 → 5 variables, either kind, eleven clauses of two or three literals. The truth is taken from a
truth table; an unsatisfiable (entailed) instance is kept only when unit propagation and one-step
proofs by contradiction refute it, so its proof never needs nested cases; a model may need guesses.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from cotforge.core.errors import ConfigError
from cotforge.domains.propositional import NAMES, Clause, clause_text, decide, model_text, models, solving_clauses
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

_SHAPES = {  # variables, kind, clauses, literals per clause
    1: (3, "sat", 4, 2),
    2: (3, "entail", 3, 2),
    3: (4, "sat", 8, 3),
    4: (4, "entail", 5, 2),
    5: (5, "any", 11, 3),
}


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
            clauses = [_clause(rng, n, rng.randint(1 if kind == "entail" else 2, width)) for _ in range(m)]
            data: dict[str, object] = {"kind": kind, "vars": list(NAMES[:n]), "clauses": [[list(lit) for lit in c] for c in clauses]}
            if kind == "entail":
                data["conclusion"] = [list(lit) for lit in _clause(rng, n, rng.randint(1, 2))]
            solving = solving_clauses(data)
            found = list(models(solving, n))
            how = decide(solving, n)
            if bool(found) != want_sat or (not found and how != "unsat") or _trivial(solving, n):
                continue
            return _draft(data, found, config.level, attempt, how)
        raise RuntimeError(f"no propositional instance in {config.max_attempts} attempts")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        data = problem.data()
        n = len(data["vars"])
        found = list(models(solving_clauses(data), n))
        if not found:
            return "satisfiable: " + model_text(tuple(rng.random() < 0.5 for _ in range(n))) if data["kind"] == "sat" else "not entailed"
        bad = next(w for w in _all(n) if w not in found)
        return ("satisfiable: " if data["kind"] == "sat" else "not entailed, counter-model: ") + model_text(bad)


def _all(n: int) -> list[tuple[bool, ...]]:
    import itertools

    return list(itertools.product((False, True), repeat=n))


def _clause(rng: random.Random, n: int, width: int) -> Clause:
    return tuple(sorted((v, rng.random() < 0.5) for v in rng.sample(range(n), width)))


def _trivial(clauses: list[Clause], n: int) -> bool:
    """Every variable should matter: no instance decided with a variable no clause mentions."""
    return len({v for c in clauses for v, _ in c}) < n


def _draft(data: dict, found: list[tuple[bool, ...]], level: int, attempts: int, how: str) -> Draft:
    names = tuple(data["vars"])
    listed = "\n".join(f"{i + 1}. {clause_text(tuple(map(tuple, c)), names)}" for i, c in enumerate(data["clauses"]))  # type: ignore[arg-type]
    if data["kind"] == "sat":
        question = (f"Can these statements about {', '.join(names)} (each true or false) all be true at once?\n{listed}\n\n"
                    "If so, answer \"satisfiable\" and give a truth value for every variable; if not, answer \"unsatisfiable\".")  # fmt: skip
        answer = f"satisfiable: {model_text(found[0], names)}" if found else "unsatisfiable: no assignment makes every statement true"
    else:
        conclusion = clause_text(tuple(map(tuple, data["conclusion"])), names)  # type: ignore[arg-type]
        question = (f"Premises (each variable of {', '.join(names)} is true or false):\n{listed}\n\n"
                    f"Does it follow that: {conclusion}? Answer \"entailed\", or \"not entailed\" with a counter-model "
                    "(truth values making every premise true and the conclusion false).")  # fmt: skip
        answer = (f"not entailed, counter-model: {model_text(found[0], names)}" if found
                  else "entailed: no assignment makes every premise true and the conclusion false")  # fmt: skip
    meta = {"level": level, "kind": data["kind"], "variables": len(names), "settled_by": how, "attempts": attempts}
    return Draft(question=question, answer=answer, payload=data, metadata=meta)


TASKS.register("propositional", PropositionalGenerator)
