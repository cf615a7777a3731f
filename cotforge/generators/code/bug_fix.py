"""Fix a function with one injected bug; the answer must pass every test, hidden ones included.

The reference composes ops from :mod:`cotforge.domains.code_ops`, one line each, under a docstring
that says what the whole function does ("Count the words, then add 7."), as a careful programmer
writes it: no line carries a comment saying what it should do, so the bug is found by running the
tests, tracing the failing one and matching the values to the docstring. One line is mutated (a flipped comparison, a wrong constant, the other
case method, ...). At least one shown test fails on the buggy program; all expected values
come from running the reference in the sandbox, and the buggy results from running it too.

Levels: 1 two lines, a plain mutation; 2 three lines; 3 three lines and a subtle mutation that only
some inputs expose; 4 four lines, subtle; 5 five lines, subtle, and more shown tests.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass

from cotforge.domains.code_harness import untag
from cotforge.domains.code_ops import OPS, apply, function_source, input_name
from cotforge.core.errors import ConfigError, CotforgeError
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig
from cotforge.generators.code._pipelines import EDGE, check_routes, distinct_inputs, draw_pipeline, run_both, run_reference

SHAPE = {1: (2, False, 3), 2: (3, False, 3), 3: (3, True, 3), 4: (4, True, 4), 5: (5, True, 5)}
"""level -> (lines, subtle mutation, tests shown)."""
MUTANTS: list[tuple[str, str, bool]] = [
    ("% 2 == 0", "% 2 == 1", False), ("% 2 == 1", "% 2 == 0", False), ("e > 0", "e < 0", False),
    ("e * 2", "e * 3", False), ("e + 1", "e - 1", False), ("e * e", "e + e", False), ("[1:]", "[2:]", False),
    ("sorted({v})", "sorted({v}, reverse=True)", False), (", reverse=True", "", False), ("sum(", "max(", False),
    ("max(", "min(", False), ("min(", "max(", False), ("* 3", "* 2", False), ("+ 7", "- 7", False),
    (".lower()", ".upper()", False), (".upper()", ".lower()", False), ("len(w)", "len(w) + 1", False),
    ("e > 0", "e >= 0", True), ("[1:]", "[:-1]", True), ("% 10", "% 100", True), ("default=0", "default=1", True),
    ("split()", "split(' ')", True), ("isalpha()", "isalnum()", True), ("'aeiou'", "'aeio'", True),
    ("replace(' ', '')", "replace(' ', '', 1)", True), ("[::-1]", "[:0:-1]", True), ("len({v})", "len({v}) - 1", False),
]
"""(text in an op's code, what the bug puts there, subtle: only some inputs expose it)."""
MAX_DRAWS = 60


@dataclass(frozen=True, slots=True)
class BugFixConfig(TaskConfig):
    """Settings for bug_fix; ``level`` sets program length, how subtle the bug is and tests shown."""

    hidden_tests: int = 8
    """Random hidden tests, on top of the shown ones and the edge cases."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if isinstance(self.hidden_tests, bool) or not isinstance(self.hidden_tests, int) or not 1 <= self.hidden_tests <= 50:
            raise ConfigError(f"hidden_tests must be an integer from 1 to 50, got {self.hidden_tests!r}")


def mutants(code: str, subtle: bool) -> list[tuple[str, str]]:
    """(pattern, replacement) pairs that change ``code`` and match the wanted subtlety, and a wrong
    constant (``e > 3`` for ``e > 2``, ``[:4]`` for ``[:3]``: the shown tests decide whether it is
    subtle), so no short list of token swaps undoes every bug."""
    out = [(p, r) for p, r, s in MUTANTS if s == subtle and p in code]
    for m in re.finditer(r"(?<![\w.\[-])(\d+)(?![\w])", code):
        k = int(m.group(1))
        if code[max(0, m.start() - 3) : m.start()].endswith(("% ", "== ")) and k <= 2:
            continue  # evens and odds have their own bugs
        for new in (k + 1, k + 2, k - 1):
            if new >= 0 and new != k:
                out.append((code, code[: m.start()] + str(new) + code[m.end() :]))
    return out


class BugFixGenerator(Generator[BugFixConfig]):
    name = "bug_fix"
    version = 4
    """Version 2: one more line per level from level 1 (2 to 5 lines; level 5 was no longer than 4).
    Version 3: drawn from the larger op library (constants); no per-line intent comments (the bug
    was read off "# add 7" beside "return v - 7"): one docstring for the whole function; wrong
    constants join the bugs (a random one-token edit fixed 13% of the items); lines store results in
    variables named for them (``evens``, ``doubled``), not ``v``. Version 4 (rows, not items): a fix of
    the right line written as another op is worded as the sound fix; a misread value is as often one
    longer as one shorter."""
    domain = "code"
    space = "bug_hunt"
    verifier = "code_tests"
    config_cls = BugFixConfig

    def build(self, rng: random.Random) -> Draft:
        config = self.config
        n_lines, subtle, n_shown = SHAPE[config.level]
        for draw in range(1, MAX_DRAWS + 1):
            names = draw_pipeline(rng, n_lines)
            line = rng.randrange(n_lines)
            options = mutants(OPS[names[line]].code, subtle)
            if not options:
                continue
            pattern, replacement = rng.choice(options)
            comments = [OPS[n].says for n in names]
            doc = ", then ".join(comments).capitalize() + "."
            reference = function_source(names, doc=doc)
            body = reference.split("\n")
            at = line + 2  # after the def line and the docstring
            op, var = OPS[names[line]], input_name(names, line)
            body[at] = body[at].replace(op.expr(var), op.code.replace(pattern, replacement, 1).replace("{v}", var), 1)
            buggy = "\n".join(body)
            if buggy == reference:
                continue
            kind = OPS[names[0]].src
            pool = distinct_inputs(rng, kind, 10) + EDGE[kind]
            bad, good = run_both(buggy, reference, pool)  # the reference only where the bug does not crash
            if isinstance(bad, CotforgeError) or good is None:
                continue  # the bug makes the program crash somewhere: too easy to spot, draw again
            check_routes(names, pool, good)
            plain = [i for i in range(len(pool)) if pool[i] not in EDGE[kind]]
            failing = [i for i in plain if bad[i] != good[i]]
            passing = [i for i in plain if bad[i] == good[i]]
            if not failing or (subtle and len(passing) < n_shown - 1):
                continue  # a subtle bug must hide behind passing tests
            first = rng.choice(failing)
            rest = passing if subtle else [i for i in plain if i != first]
            shown = sorted(rng.sample(rest, n_shown - 1) + [first])
            visible = [pool[i] for i in shown]
            hidden = EDGE[kind] + distinct_inputs(rng, kind, config.hidden_tests, avoid=visible)
            tagged = run_reference(reference, visible + hidden)
            tests = "\n".join(f"assert f({x!r}) == {untag(t)!r}" for x, t in zip(visible, tagged))
            question = (f"This function has one bug: at least one of the tests below fails.\n\n```python\n{buggy}```\n"
                        f"\nTests:\n```python\n{tests}\n```\n\nFind the bug and answer with the whole fixed function in "
                        "a ```python block. It must pass these tests and hidden ones, edge cases included.")
            payload = {"program": buggy, "input_type": kind, "comments": comments, "visible": len(visible),
                       "tests": [{"arg": x, "want": t} for x, t in zip(visible + hidden, tagged)]}
            return Draft(question=question, answer=f"```python\n{reference}```", payload=payload,
                         metadata={"level": config.level, "ops": names, "bug_line": line + 1,
                                   "bug": [pattern, replacement], "draws": draw})
        raise CotforgeError(f"no bug_fix item in {MAX_DRAWS} draws at level {config.level}")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        """The buggy program itself, or the reference with a different bug when that was a no-op."""
        data = problem.data()
        names = json.loads(problem.metadata)["ops"]
        tests = [t["arg"] for t in data["tests"]]
        if rng.random() < 0.5:
            return f"```python\n{data['program']}```"
        for i, name in enumerate(names):
            for other in OPS.values():
                swapped = names[:i] + [other.name] + names[i + 1:]
                if (other.src, other.dst) == (OPS[name].src, OPS[name].dst) and any(
                        apply(swapped, x)[-1] != apply(names, x)[-1] for x in tests):
                    return f"```python\n{function_source(swapped)}```"
        return f"```python\n{data['program']}```"


TASKS.register("bug_fix", BugFixGenerator)
