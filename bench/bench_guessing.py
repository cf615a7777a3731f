"""What guessing earns on the logic and code tasks: a constant answer and a random pick from the
answer space, each scored with the reward a trainer uses (``cotforge.verifiers.rewards.score``).

Per task and level: the best constant policy (the same answer, or the same shape of answer, for
every item: "valid", "everyone is a knight", every cell the first digit, ...) and a random policy
(a random assignment, permutation, colouring, route, expression, program of the task's own op
space, one-line edit, ...). A task whose answers can be guessed teaches guessing; the target is at
most 10% for each.

    python bench/bench_guessing.py --n 40          # 40 items per level; writes bench/results/guessing.{json,md}
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.domains.code_ops import OPS, function_source
from cotforge.domains.csp import Csp, bits, render_answer
from cotforge.domains.logic import Puzzle
from cotforge.domains.propositional import check_core, model_text
from cotforge.domains.syllogism import RULES, explanation
from cotforge.domains.weighted_graph import WeightedGraph, path_text
from cotforge.generators.code._pipelines import random_input
from cotforge.pipelines.views.text import final_line
from cotforge.verifiers.rewards import score

LOGIC_CODE = ("countdown", "futoshiki", "graph_coloring", "knights_knaves", "propositional", "seating", "shortest_path",
              "sudoku", "syllogism", "zebra", "bug_fix", "code_input", "code_output", "function_synthesis")  # fmt: skip
Guess = Callable[[Problem, random.Random], str]


# --- constant policies: one answer (or one shape of answer) for every item ---------------------


def _csp_fill(p: Problem, pick: Callable[[list[int]], int]) -> str:
    """Each variable a candidate chosen by ``pick``, avoiding values its all-different groups already used."""
    csp = Csp.from_payload(p.data())
    values: list[int] = []
    for v, d in enumerate(csp.domains):
        used = {values[w] for ci in csp.groups_of(v) for w in csp.constraints[ci].vars if w < v}
        values.append(pick([x for x in bits(d) if x not in used] or bits(d)))
    return render_answer(csp, values)


def _csp_first(p: Problem, rng: random.Random) -> str:
    return _csp_fill(p, lambda options: options[0])


def _kk_all(truthful: bool) -> Guess:
    def guess(p: Problem, rng: random.Random) -> str:
        puzzle = Puzzle.from_payload(p.data())
        return puzzle.answer([truthful] * len(puzzle.names))
    return guess


def _words(*answers: str) -> list[Guess]:
    return [lambda p, rng, a=a: a for a in answers]


def _prop_const(claim: str, value: bool) -> Guess:
    def guess(p: Problem, rng: random.Random) -> str:
        names = p.data()["vars"]
        return f"{claim}: {model_text(tuple([value] * len(names)), tuple(names))}"
    return guess


def _direct_route(p: Problem, rng: random.Random) -> str:
    g = WeightedGraph.from_payload(p.data())
    w = g.weight(g.source, g.target)
    return path_text(g.names, [g.source, g.target], w if w is not None else 1)


def _countdown_sum(p: Problem, rng: random.Random) -> str:
    return " + ".join(str(x) for x in p.data()["numbers"])


def _identity(p: Problem, rng: random.Random) -> str:
    param = re.search(r"def f\((\w+)\)", p.question)
    return f"```python\ndef f({param.group(1) if param else 'x'}):\n    return {param.group(1) if param else 'x'}\n```"


def _unchanged(p: Problem, rng: random.Random) -> str:
    return f"```python\n{p.data()['program']}```"


def _typical_input(value: Any) -> Guess:
    return lambda p, rng: repr(value if p.data()["input_type"] != "str" or not isinstance(value, list) else "")


# --- random policies: one pick from the answer space ---------------------------------------------


def _csp_random(p: Problem, rng: random.Random) -> str:
    return _csp_fill(p, rng.choice)


def _kk_random(p: Problem, rng: random.Random) -> str:
    puzzle = Puzzle.from_payload(p.data())
    return puzzle.answer([rng.random() < 0.5 for _ in puzzle.names])


def _prop_random(p: Problem, rng: random.Random) -> str:
    data = p.data()
    names = tuple(data["vars"])
    model = model_text(tuple(rng.random() < 0.5 for _ in names), names)
    if data["kind"] == "sat":
        return rng.choice([f"satisfiable: {model}", "unsatisfiable"])
    return rng.choice([f"not entailed, counter-model: {model}", "entailed"])


def _route_random(p: Problem, rng: random.Random) -> str:
    """A random simple route from source to target (a random depth-first walk)."""
    g = WeightedGraph.from_payload(p.data())
    for _ in range(50):
        path = [g.source]
        while path[-1] != g.target:
            nxt = [b for a, b, _ in g.out_arcs(path[-1]) if b not in path]
            if not nxt:
                break
            path.append(rng.choice(nxt))
        if path[-1] == g.target:
            return path_text(g.names, path, g.path_weight(path) or 0)
    return _direct_route(p, rng)


def _countdown_random(p: Problem, rng: random.Random) -> str:
    """Random numbers joined by random operators, left to right (kept positive and whole)."""
    numbers = list(p.data()["numbers"])
    rng.shuffle(numbers)
    k = rng.randint(2, len(numbers))
    expr, value = str(numbers[0]), numbers[0]
    for x in numbers[1:k]:
        options = [("+", value + x), ("×", value * x)] + ([("-", value - x)] if value > x else []) + (
            [("÷", value // x)] if value % x == 0 else [])
        op, value = rng.choice(options)
        expr = f"({expr}) {op} {x}"
    return expr


def _syllogism_random(p: Problem, rng: random.Random) -> str:
    """A verdict, and a random form (mood and figure, or order) or a random broken rule."""
    n = len(p.data()["premises"])
    if rng.random() < 0.5:
        return "invalid: " + rng.choice(RULES)
    if n == 2:
        return f"valid: {''.join(rng.choice('AEIO') for _ in range(3))}-{rng.randint(1, 4)}"
    return "valid: premises in the order " + ", ".join(map(str, rng.sample(range(1, n + 1), n)))


def _prop_core_random(p: Problem, rng: random.Random) -> str:
    """A random claim; a random model, or a random set of statement numbers."""
    data = p.data()
    names = tuple(data["vars"])
    model = model_text(tuple(rng.random() < 0.5 for _ in names), names)
    picked = sorted(rng.sample(range(1, len(data["clauses"]) + 1), rng.randint(1, min(4, len(data["clauses"])))))
    numbers = ", ".join(map(str, picked))
    if data["kind"] == "sat":
        return rng.choice([f"satisfiable: {model}", f"unsatisfiable: statements {numbers} already clash"])
    return rng.choice([f"not entailed, counter-model: {model}", f"entailed: it follows from premises {numbers}"])


def _program_random(p: Problem, rng: random.Random) -> str:
    """A random program of the task's own op space with the same number of ops and the same types."""
    names = json.loads(p.metadata)["ops"]
    picked = []
    for name in names:
        op = OPS[name]
        picked.append(rng.choice([o.name for o in OPS.values() if (o.src, o.dst) == (op.src, op.dst)]))
    return f"```python\n{function_source(picked)}```"


_SWAPS = [("+", "-"), ("-", "+"), ("<=", "<"), ("<", "<="), (">=", ">"), (">", ">="), ("==", "!="), ("*", "+"),
          ("1", "0"), ("0", "1"), ("[1:]", "[:-1]"), ("2", "3")]  # fmt: skip


def _edit_random(p: Problem, rng: random.Random) -> str:
    """The buggy program with one random token-level edit in one random line."""
    lines = p.data()["program"].splitlines()
    for _ in range(30):
        i = rng.randrange(len(lines))
        old, new = rng.choice(_SWAPS)
        if old in lines[i]:
            lines[i] = lines[i].replace(old, new, 1)
            break
    return "```python\n" + "\n".join(lines) + "\n```"


def _input_random(p: Problem, rng: random.Random) -> str:
    return repr(random_input(rng, p.data()["input_type"]))


def _output_random(p: Problem, rng: random.Random) -> str:
    prints = p.data()["program"].count("print(")
    return "\n".join(str(rng.randint(0, 20)) for _ in range(max(prints, 1)))


POLICIES: dict[str, tuple[list[Guess], Guess]] = {
    "countdown": ([_countdown_sum], _countdown_random),
    "futoshiki": ([_csp_first], _csp_random),
    "graph_coloring": ([_csp_first], _csp_random),
    "knights_knaves": ([_kk_all(True), _kk_all(False)], _kk_random),
    "propositional": ([*_words("unsatisfiable: statements 1 and 2 already clash", "entailed: it follows from premises 1 and 2"),
                       _prop_const("satisfiable", True), _prop_const("not entailed, counter-model", False)], _prop_core_random),
    "seating": ([_csp_first], _csp_random),
    "shortest_path": ([_direct_route], _route_random),
    "sudoku": ([_csp_first], _csp_random),
    "syllogism": (_words("valid: AAA-1", "invalid: undistributed middle", "invalid: existential fallacy",
                         "valid: premises in the order 1, 2, 3"), _syllogism_random),
    "zebra": ([_csp_first], _csp_random),
    "bug_fix": ([_unchanged], _edit_random),
    "code_input": ([_typical_input(v) for v in ([], [0], [1, 2, 3], 0, 1, "a")], _input_random),
    "code_output": (_words("0", "None", "True", "[]"), _output_random),
    "function_synthesis": ([_identity], _program_random),
}
"""task -> (constant policies, the random policy)."""


def _row(p: Problem) -> dict[str, Any]:
    return {"answer": p.answer, "verifier": p.verifier, "payload": p.payload, "task": p.task, "domain": p.domain,
            "level": p.level}


def _reward(p: Problem, guess: str) -> float:
    return score(_row(p), final_line(p.domain, guess)).reward or 0.0


def _explained(p: Problem, guess: str) -> bool:
    """Whether a guess names what the payload's ``explain`` asks besides its verdict (the check the
    verifier is to make, done here with the domain's own functions): the clashing statements of a
    refutation, the form of a valid syllogism or every rule an invalid one breaks."""
    data = p.data()
    if data.get("explain") == "core" and guess.startswith(("unsatisfiable", "entailed")):
        return check_core(data, [int(k) for k in re.findall(r"\d+", guess)]) is None
    if data.get("explain") == "form":
        expl, rest = explanation(data), guess.partition(":")[2]
        if not expl["valid"]:
            return sorted(r for r in RULES if r in rest) == sorted(expl["rules"])  # type: ignore[arg-type]
        if expl.get("form"):
            return str(expl["form"]) in rest
        return [int(k) for k in re.findall(r"\d+", rest)] == expl["order"]
    return True


def _strict(p: Problem, guess: str) -> float:
    return _reward(p, guess) if _explained(p, guess) else 0.0


def measure(task: str, n: int, seed: int = 7) -> dict[str, Any]:
    """Per level: the best constant policy's mean reward, the random policy's, and the gold's (a
    check); with the ``strict`` prefix, the same with what the payload's ``explain`` asks checked."""
    constants, rand = POLICIES[task]
    out: dict[str, Any] = {}
    for level in range(1, 6):
        gen = TASKS.get(task).from_level(level, seed=seed)
        problems = [gen.generate(i) for i in range(n)]
        rng = random.Random(seed * 100 + level)
        guesses = [[c(p, rng) for p in problems] for c in constants]
        randoms = [rand(p, rng) for p in problems]
        row = {}
        for prefix, judge in (("", _reward), ("strict_", _strict)):
            row[prefix + "constant"] = max(sum(judge(p, g) for p, g in zip(problems, gs)) / n for gs in guesses)
            row[prefix + "random"] = sum(judge(p, g) for p, g in zip(problems, randoms)) / n
            row[prefix + "gold"] = sum(judge(p, p.answer) for p in problems) / n
        out[str(level)] = row
    levels = list(out.values())
    out["all"] = {k: sum(v[k] for v in levels) / 5 for k in levels[0]}
    return out


def _table(results: dict[str, Any]) -> Iterator[str]:
    yield "| task | constant (best) | random | worst level (constant / random) | explanation checked: constant / random | gold |"
    yield "|---|---:|---:|---|---|---:|"
    for task, r in results.items():
        worst = max(range(1, 6), key=lambda lv: max(r[str(lv)]["constant"], r[str(lv)]["random"]))
        w, a = r[str(worst)], r["all"]
        strict = (f"{a['strict_constant']:.1%} / {a['strict_random']:.1%}"
                  if (a["strict_constant"], a["strict_random"]) != (a["constant"], a["random"]) else "same")
        yield (f"| {task} | {a['constant']:.1%} | {a['random']:.1%} | L{worst}: {w['constant']:.0%} / {w['random']:.0%} "
               f"| {strict} | {a['gold']:.0%} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="items per level")
    parser.add_argument("--tasks", default=",".join(LOGIC_CODE))
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "guessing"))
    args = parser.parse_args(argv)
    results = {}
    for task in args.tasks.split(","):
        results[task] = measure(task, args.n)
        print(next(itertools.islice(_table({task: results[task]}), 2, None)), flush=True)
    Path(args.out + ".json").write_text(json.dumps(results, indent=1, sort_keys=True))
    Path(args.out + ".md").write_text("\n".join(_table(results)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
