"""Find an input for which a given function returns a given output; any input that works is accepted.

The function composes ops from :mod:`cotforge.domains.code_ops`; the target is what really running
it on a hidden random input returned (in the sandbox). An item is kept only if working backwards
through the ops reaches some valid input, so the step space can always explain a solution.

Levels: 1 one op; 2 two ops; 3 three ops; 4 three ops, at least one of which only produces
values of a special form (sorted, even, squares, ...), so naive candidates fail; 5 four ops, at
least two of them constrained.
"""

from __future__ import annotations

import ast
import random
from dataclasses import dataclass

from cotforge.domains.code_harness import untag
from cotforge.domains.code_ops import OPS, PARAM, TYPES, apply, backward, function_source, valid_input
from cotforge.core.errors import ConfigError, CotforgeError
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig
from cotforge.generators.code._pipelines import check_routes, draw_pipeline, random_input, run_reference

SHAPE = {1: (1, 0), 2: (2, 0), 3: (3, 0), 4: (3, 1), 5: (4, 2)}
"""level -> (ops, ops that must constrain their output)."""
MAX_DRAWS = 60


@dataclass(frozen=True, slots=True)
class CodeInputConfig(TaskConfig):
    """Settings for code_input; ``level`` sets the number of ops and how many constrain (module docstring)."""

    backward_budget: int = 400
    """Candidate values the generator may try when making sure working backwards can succeed."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        value = self.backward_budget
        if isinstance(value, bool) or not isinstance(value, int) or not 20 <= value <= 100_000:
            raise ConfigError(f"backward_budget must be an integer from 20 to 100000, got {value!r}")


class CodeInputGenerator(Generator[CodeInputConfig]):
    name = "code_input"
    version = 3
    """Version 2: drawn from the larger op library (constants: add 4, keep numbers above 3, ...),
    its lines storing results in variables named for them (``evens``, ``doubled``), not ``v``.
    Version 3 (rows, not items): a wrong candidate is listed among the values that give a line's
    output, as a sound step lists them; a wrong line of work ends with the run forwards the writer
    expects; a near miss is as often one longer as one shorter."""
    domain = "code"
    space = "input_search"
    verifier = "code_input"
    config_cls = CodeInputConfig

    def build(self, rng: random.Random) -> Draft:
        config = self.config
        n_ops, n_constrained = SHAPE[config.level]
        for draw in range(1, MAX_DRAWS + 1):
            names = draw_pipeline(rng, n_ops)
            if sum(bool(OPS[n].need) for n in names[:-1]) < n_constrained:
                continue
            kind = OPS[names[0]].src
            x0 = random_input(rng, kind)
            want = apply(names, x0)[-1]
            if config.level > 1 and want in ([], 0, ""):
                continue
            if all(apply(names, random_input(rng, kind))[-1] == want for _ in range(8)):
                continue  # a function that gives the target whatever it is fed (upper-case, then count lower-case vowels)
            if backward(names, want, config.backward_budget) is None:
                continue
            source = function_source(names)
            (target,) = run_reference(source, [x0])
            check_routes(names, [x0], [target])
            param = PARAM[kind]
            question = (f"Here is a Python function:\n\n```python\n{source}```\n\nGive an input `{param}` "
                        f"({TYPES[kind]}) for which `f({param})` returns `{untag(target)!r}`. Answer with the input "
                        "as a Python literal. Any input that works is accepted.")
            payload = {"function": source, "target": target, "input_type": kind, "ops": names}
            return Draft(question=question, answer=repr(x0), payload=payload,
                         metadata={"level": config.level, "ops": names, "draws": draw})
        raise CotforgeError(f"no code_input item in {MAX_DRAWS} draws at level {config.level}")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        """A nearby input that does not give the target."""
        data = problem.data()
        names, kind = data["ops"], data["input_type"]
        x0, want = ast.literal_eval(problem.answer), untag(data["target"])
        tweaks = ([x0 + [v] for v in (7, 3, 11, -4, 100)] + [[v + 1 for v in x0], [v * 3 + 1 for v in x0]]
                  if kind == "list" else [x0 + s for s in ("Q", " zz", "7")] + ["", x0[::-1]] if kind == "str"
                  else [x0 + d for d in (1, 2, 5, 11)])
        tweaks += [random_input(rng, kind) for _ in range(200)]
        for x in tweaks:
            if valid_input(x, kind) and apply(names, x)[-1] != want:
                return repr(x)
        raise CotforgeError(f"no input near {x0!r} misses the target")  # every input gives it: a constant function


TASKS.register("code_input", CodeInputGenerator)
