"""Write a function from a spec and examples; hidden tests, edge cases included, decide.

The reference is a composition of ops from :mod:`cotforge.domains.code_ops`; every expected value
comes from running it in the sandbox. Vague clauses name only an op's family ("keep only some
of the numbers"). At generation every program of the op space that fits the spec (a plain clause
its one op, a vague clause any op of the same types) is enumerated; examples are added, the
most telling first, until no such program fits them and still fails a hidden test.

Levels: 1 one op, stated plainly; 2 two ops; 3 three ops, one vague; 4 three ops, two vague;
5 four ops, two vague. Hidden tests always include edge cases (empty list or string, ...).
"""

from __future__ import annotations

import itertools
import json
import random
from dataclasses import dataclass

from cotforge.domains.code_harness import tag, untag
from cotforge.domains.code_ops import OPS, PARAM, TYPES, VAGUE, Op, apply, chain_ops, could_mean, function_source
from cotforge.core.errors import ConfigError, CotforgeError
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig
from cotforge.generators.code._pipelines import EDGE, check_routes, distinct_inputs, draw_pipeline, run_reference

SHAPE = {1: (1, 0), 2: (2, 0), 3: (3, 1), 4: (3, 2), 5: (4, 2)}
"""level -> (ops, vague clauses)."""
MAX_DRAWS = 40


@dataclass(frozen=True, slots=True)
class FunctionSynthesisConfig(TaskConfig):
    """Settings for function_synthesis; ``level`` sets the ops and vague clauses (module docstring)."""

    examples: int = 3
    """Examples shown at first; more are added while they leave a vague clause undecided (up to 6)."""
    hidden_tests: int = 8
    """Random hidden tests, on top of the edge cases."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if isinstance(self.examples, bool) or not isinstance(self.examples, int) or not 2 <= self.examples <= 6:
            raise ConfigError(f"examples must be an integer from 2 to 6, got {self.examples!r}")
        if isinstance(self.hidden_tests, bool) or not isinstance(self.hidden_tests, int) or not 1 <= self.hidden_tests <= 50:
            raise ConfigError(f"hidden_tests must be an integer from 1 to 50, got {self.hidden_tests!r}")


def readings(names: list[str], vague: list[int], wide: bool = False) -> list[list[str]]:
    """Every program of the op space that fits the spec: a plain clause is its own op, a vague
    clause any op with the same types whose family its phrase could mean (``wide``: any op with
    the same types at all, the reading of someone who takes "the examples decide" literally)."""
    options = []
    for i, name in enumerate(names):
        op = OPS[name]
        meant = could_mean(op.family)
        family = [o.name for o in OPS.values() if (wide or o.family in meant) and (o.src, o.dst) == (op.src, op.dst)]
        options.append(family if i in vague else [name])
    return [list(c) for c in itertools.product(*options)]


class _Finals:
    """``apply(program, x)[-1]``, each worked out once: ``pin_down`` asks it of every reading on the same inputs in
    each round, and of the reference once per reading. Inputs are told apart by identity (a list is not hashable; the
    inputs of one ``pin_down`` are its callers' objects, alive throughout), and the memo keeps each one it saw, so an
    identity is never reused within it. The ops are pure functions, so a value worked out once is the same later."""

    def __init__(self) -> None:
        self._memo: dict[tuple[tuple[str, ...], int], tuple[object, object]] = {}
        self._chains: dict[tuple[str, ...], list[Op]] = {}

    def __call__(self, program: tuple[str, ...], x: object) -> object:
        key = (program, id(x))
        hit = self._memo.get(key)
        if hit is None:
            chain = self._chains.get(program)
            if chain is None:
                chain = self._chains[program] = chain_ops(program)  # the types checked once a program
            value = x
            for op in chain:  # ``apply(program, x)[-1]`` without the list of values before the last
                value = op.fn(value)
            hit = self._memo[key] = (x, value)
        return hit[1]


class _Misleading:
    """The programs that fit the spec, read as widely as it can be, and every example shown, but fail some test (hidden
    ones included), for examples shown one more at a time (``pin_down``). Examples are only added, so a reading that
    missed one is out for good, and whether a reading fails a test does not depend on the examples: each is worked out
    once, in the order and with the short cuts of checking every reading against every example afresh."""

    def __init__(self, names: list[str], vague: list[int], examples: list, tests: list) -> None:
        self.final, self.gold, self.tests = _Finals(), tuple(names), tests
        self._fails: dict[tuple[str, ...], bool] = {}
        self.alive = [r for r in map(tuple, readings(names, vague, wide=True)) if r != self.gold and self.fits(r, examples)]

    def fits(self, r: tuple[str, ...], xs: list) -> bool:
        return all(self.final(r, x) == self.final(self.gold, x) for x in xs)

    def show(self, x: object) -> None:
        """One more example shown."""
        self.alive = [r for r in self.alive if self.fits(r, [x])]

    def programs(self) -> list[tuple[str, ...]]:
        out = []
        for r in self.alive:
            if r not in self._fails:
                self._fails[r] = not self.fits(r, self.tests)
            if self._fails[r]:
                out.append(r)
        return out


def pin_down(names: list[str], vague: list[int], examples: list, candidates: list, tests: list,
             most: int = 6) -> list | None:
    """``examples`` plus the fewest of ``candidates`` (most telling first) after which no program
    that fits the spec and the examples fails a test; None when ``most`` examples cannot do it."""
    shown = list(examples)
    left = [c for c in candidates if c not in shown]
    misleading = _Misleading(names, vague, shown, tests)
    final, gold = misleading.final, misleading.gold
    while bad := misleading.programs():
        if len(shown) >= most or not left:
            return None

        def ruled_out(x: object) -> int:
            return sum(final(r, x) != final(gold, x) for r in bad)
        best = max(left, key=ruled_out)
        if ruled_out(best) == 0:
            return None
        shown.append(best)
        misleading.show(best)
        left.remove(best)
    return shown


def spec_text(names: list[str], vague: list[int]) -> str:
    clauses = [VAGUE[OPS[n].family] if i in vague else OPS[n].says for i, n in enumerate(names)]
    if len(clauses) == 1:
        return clauses[0]
    steps = [f"first {clauses[0]}"] + [f"then {c}" for c in clauses[1:-1]]
    return ", ".join(steps) + f" and finally {clauses[-1]}"


class FunctionSynthesisGenerator(Generator[FunctionSynthesisConfig]):
    name = "function_synthesis"
    version = 4
    """Version 2: a vague clause may be read as any op its phrase could mean, and examples (edge
    cases among them) are added until no program fitting spec and examples fails a hidden test.
    Version 3: the op library has constants (add 4, keep the numbers above 3, the first 2 numbers,
    ...): level 1 went from 24 to 61 distinct programs in 200; each line stores its result in a
    variable named for it (``evens``, ``doubled``, ``total``), not ``v``. Version 4 (rows, not items):
    careless negatives check and fix as a solution does, with the values the writer believes; a
    misread test (a failing example ticked) is a fourth kind of mistake."""
    domain = "code"
    space = "synthesis"
    verifier = "code_tests"
    config_cls = FunctionSynthesisConfig

    def build(self, rng: random.Random) -> Draft:
        config = self.config
        n_ops, n_vague = SHAPE[config.level]
        for draw in range(1, MAX_DRAWS + 1):
            names = draw_pipeline(rng, n_ops)
            candidates = [i for i, n in enumerate(names) if len(readings([n], [0])) > 1]
            if len(candidates) < n_vague:
                continue
            vague = sorted(rng.sample(candidates, n_vague))
            kind = OPS[names[0]].src
            pool = distinct_inputs(rng, kind, 12)
            hidden = EDGE[kind] + distinct_inputs(rng, kind, config.hidden_tests, avoid=pool)
            pinned = pin_down(names, vague, pool[: config.examples], pool[config.examples:] + EDGE[kind],
                              pool + hidden)
            if pinned is None:
                continue  # the examples cannot rule out a reading that fails the hidden tests
            examples = pinned
            hidden = [x for x in hidden if x not in examples]
            outs = [apply(names, x)[-1] for x in examples]
            if len({repr(o) for o in outs}) < 2:
                continue  # a constant-looking function teaches nothing
            source = function_source(names)
            tagged = run_reference(source, examples + hidden)
            check_routes(names, examples + hidden, tagged)
            shown = "\n".join(f"    f({x!r}) == {untag(t)!r}" for x, t in zip(examples, tagged))
            param = PARAM[kind]
            question = (f"Write a Python function `f({param})` that takes {TYPES[kind]} `{param}` and returns "
                        f"{TYPES[OPS[names[-1]].dst]}. It should {spec_text(names, vague)}."
                        + (" Where the description is vague, the examples decide." if vague else "")
                        + f"\n\nExamples:\n{shown}\n\nAnswer with the complete function in a ```python block. "
                        "It is run against hidden tests, including edge cases such as empty input.")
            clauses = [{"text": VAGUE[OPS[n].family] if i in vague else OPS[n].says, "vague": i in vague,
                        "family": OPS[n].family, "families": list(could_mean(OPS[n].family)) if i in vague
                        else [OPS[n].family]} for i, n in enumerate(names)]
            payload = {"input_type": kind, "clauses": clauses, "start": names[0] if 0 not in vague else None,
                       "examples": [{"arg": x, "want": t} for x, t in zip(examples, tagged)],
                       "tests": [{"arg": x, "want": t} for x, t in zip(examples + hidden, tagged)]}
            return Draft(question=question, answer=f"```python\n{source}```", payload=payload,
                         metadata={"level": config.level, "ops": names, "vague": vague, "draws": draw,
                                   "examples": len(examples)})
        raise CotforgeError(f"no function_synthesis item in {MAX_DRAWS} draws at level {config.level}")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        """The reference with one op swapped for another of the same types that fails a hidden test."""
        names = json.loads(problem.metadata)["ops"]
        tests = [t["arg"] for t in problem.data()["tests"]]
        for i in rng.sample(range(len(names)), len(names)):
            op = OPS[names[i]]
            for other in sorted(OPS.values(), key=lambda o: (o.family != op.family, o.name)):
                swapped = names[:i] + [other.name] + names[i + 1:]
                if (other.src, other.dst) == (op.src, op.dst) and other.name != op.name and any(
                        tag(apply(swapped, x)[-1]) != tag(apply(names, x)[-1]) for x in tests):
                    return f"```python\n{function_source(swapped)}```"
        return "```python\ndef f(x):\n    return None\n```"


TASKS.register("function_synthesis", FunctionSynthesisGenerator)
