"""Predict what a short generated Python program prints.

Programs come from a small grammar driven by the item's rng; the gold output comes
from really running each one in the sandbox, and a program that fails, loops or
prints too little or too much is discarded for the next draw from the same rng.

Levels: 1 straight-line arithmetic and prints; 2 if/elif/else and string operations;
3 for loops over ranges and lists; 4 functions, while loops and list methods;
5 nested loops, dicts, string building and a helper function called in a loop.
Each level's programs use at least two constructs of that level plus easier ones.

Programs read like small scripts: each draws a theme (a shop, a game, the weather) that names its
variables and helpers (``price``, ``scores``, ``with_tax``); no condition compares a variable with
itself, and no variable is assigned without being read: a top-level assignment nobody reads is
dropped, and a program that still has one is drawn again.
"""

from __future__ import annotations

import ast
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypedDict

from cotforge.core.errors import ConfigError, CotforgeError, SandboxError
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig
from cotforge.core.text import normalize_output
from cotforge.sandbox.runner import Limits
from cotforge.sandbox.pool import run_warm

RUN_LIMITS = Limits(cpu_seconds=1, wall_seconds=5, memory_mb=128, max_output_bytes=4_000)
MAX_DRAWS = 60
WORDS = ("banana", "python", "kettle", "orange", "rocket", "puzzle", "summer", "lemon", "tiger", "cobalt")


class _Theme(TypedDict):
    int: list[str]
    str: list[str]
    list: list[str]
    f: str
    g: str
    words: tuple[str, ...]


THEMES: tuple[_Theme, ...] = (
    {"int": ["price", "qty", "stock", "total", "cost", "fee"], "str": ["item", "label", "code"],
     "list": ["prices", "orders"], "f": "with_tax", "g": "restock", "words": ("apple", "bread", "cheese", "coffee", "butter")},
    {"int": ["score", "lives", "level", "bonus", "points", "rounds"], "str": ["player", "name", "tag"],
     "list": ["scores", "hits"], "f": "next_level", "g": "bonus_for", "words": ("dragon", "knight", "rocket", "wizard", "tiger")},
    {"int": ["temp", "rain", "wind", "days", "high", "low"], "str": ["city", "note", "season"],
     "list": ["temps", "readings"], "f": "adjust", "g": "rounded", "words": ("london", "summer", "breeze", "cloudy", "winter")},
    {"int": ["width", "height", "depth", "rows", "cols", "size"], "str": ["shape", "color", "unit"],
     "list": ["sizes", "widths"], "f": "grow", "g": "area_of", "words": ("square", "circle", "yellow", "purple", "meters")},
)
"""Per program: names for its ints, strings and lists, its two helpers, and the words its strings hold."""


@dataclass(frozen=True, slots=True)
class CodeOutputConfig(TaskConfig):
    """Settings for code_output; ``level`` picks the constructs a program uses (see the module docstring)."""

    max_program_lines: int = 20
    """Longest program kept (programs have at least 5 lines)."""
    max_output_lines: int = 6
    """Most output lines kept (programs print at least one line)."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if not isinstance(self.max_program_lines, int) or not 8 <= self.max_program_lines <= 60:
            raise ConfigError(f"max_program_lines must be an integer from 8 to 60, got {self.max_program_lines!r}")
        if not isinstance(self.max_output_lines, int) or not 1 <= self.max_output_lines <= 20:
            raise ConfigError(f"max_output_lines must be an integer from 1 to 20, got {self.max_output_lines!r}")


class _Program:
    """Grows one program. Templates name their holes ({A} an int operand, {E} an int
    expression, {S} a string variable, {L} a list, {K} a small int, {W} a word), and a
    hole's variable is declared just before the line that first needs it."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.last = rng, ""
        self.lines: list[str] = []
        self.vars: dict[str, list[str]] = {"int": [], "str": [], "list": []}
        theme = rng.choice(THEMES)
        self.names = {"int": list(theme["int"]), "str": list(theme["str"]), "list": list(theme["list"])}
        self.f, self.g, self.words = theme["f"], theme["g"], theme["words"]

    def emit(self, *templates: str, **fixed: str) -> None:
        """Fill every line's holes first, so declarations land above the whole group."""
        self.lines.extend([self.fill(t, **fixed) for t in templates])

    def fill(self, template: str, **fixed: str) -> str:
        other = fixed.get("v", "")
        holes = {"A": lambda: self.atom(avoid=other), "E": self.expr, "I": lambda: self.need("int"), "S": lambda: self.need("str"),
                 "L": lambda: self.need("list"), "K": lambda: str(self.rng.randint(2, 5)),
                 "W": lambda: repr(self.rng.choice(self.words)[:3])}
        return re.sub(r"\{(\w+)\}", lambda m: fixed[m[1]] if m[1] in fixed else holes[m[1]](), template)

    def pick(self, *templates: str, **fixed: str) -> str:
        return self.fill(self.rng.choice(templates), **fixed)

    def new(self, kind: str) -> str:
        """A name for a variable about to be assigned: a fresh one while any is left."""
        free = [n for n in self.names[kind] if n not in self.vars[kind]]
        name = self.rng.choice(free) if free else self.rng.choice(self.vars[kind])
        if name not in self.vars[kind]:
            self.vars[kind].append(name)
        self.last = name
        return name

    def need(self, kind: str) -> str:
        """An existing variable of ``kind``, or a new one declared with a literal now."""
        free = [n for n in self.names[kind] if n not in self.vars[kind]]
        if self.vars[kind] and (not free or self.rng.random() < 0.7):
            return self.rng.choice(self.vars[kind])
        r = self.rng
        value = {"int": lambda: str(r.randint(2, 12)), "str": lambda: repr(r.choice(self.words)),
                 "list": lambda: str(r.sample(range(1, 10), r.randint(3, 5)))}[kind]()
        name = self.new(kind)
        self.lines.append(f"{name} = {value}")
        return name

    def atom(self, avoid: str = "") -> str:
        """An int variable or a literal; never ``avoid`` (no ``score <= score``)."""
        if self.rng.random() < 0.75:
            name = self.need("int")
            if name != avoid:
                return name
        return str(self.rng.randint(1, 9))

    def expr(self) -> str:
        return self.pick("{A} + {A}", "{A} - {A}", "{A} * {K}", "({A} + {A}) * {K}", "{A} // {K}", "{A} % {K}",
                         "{A} * {A} - {K}", "{A} - {A} * {K}")

    def cond(self, var: str) -> str:
        return self.pick("{v} > {A}", "{v} % 2 == 0", "{v} <= {A}", "{v} % 3 == 1", "{v} != {A}", v=var)

    def str_expr(self) -> str:
        return self.pick("{s}.upper()", "{s}[::-1]", "{s}[1:4]", "{s}[2:]", "{s} + {W}", "{s}.replace('e', '*')",
                         "{s}[0] * {K}", "{s}.capitalize()", "{s}[::2]", s=self.need("str"))


# ---- blocks: each writes a few lines at top level -------------------------------------------
def _assign(p: _Program) -> None:
    if p.rng.random() < 0.6:
        value = p.expr()
        p.emit(f"{p.new('int')} = {value}")
    else:
        p.emit(p.pick("{t} += {A}", "{t} -= {A}", "{t} *= {K}", t=p.need("int")))
        p.last = p.lines[-1].split()[0]


def _print(p: _Program) -> None:
    a = p.last if p.last in p.vars["int"] else p.need("int")
    other = p.need("int")
    pair = f"print({a}, {other})" if other != a else f"print({a} * 2)"
    p.emit(p.pick("print({a})", "print({a} + {A})", pair, "print('{a} =', {a})", a=a, v=a))


def _string(p: _Program) -> None:
    value = p.str_expr()
    s = p.new("str")
    p.emit(f"{s} = {value}", p.pick("print({s})", "print(len({s}), {s}[-1])", "print({s}.count('a') + {A})", s=s))


def _branch(p: _Program) -> None:
    a = p.need("int")
    body = ("    {a} = {E}", "    print({S}.upper())", "    {a} += {K}", "    print({S}[:{K}])")
    first = p.cond(a)
    lines = ["if " + first + ":", p.pick(*body, a=a)]
    second = p.cond(a)
    if p.rng.random() < 0.4 and second != first:
        lines += ["elif " + second + ":", p.pick(*body, a=a)]
    p.emit(*lines, "else:", p.pick(*body, a=a), f"print({a})")


def _for_list(p: _Program) -> None:
    nums, cond, acc = p.need("list"), p.cond("x"), p.new("int")
    p.emit(f"{acc} = {p.rng.randint(0, 3)}", f"for x in {nums}:")
    if p.rng.random() < 0.5:
        p.emit(f"    if {cond}:", f"        {acc} += x", "    else:", f"        {acc} -= {p.rng.randint(1, 3)}")
    else:
        p.emit(f"    {acc} = {acc} + x * {p.rng.randint(2, 3)}")
    p.emit(f"print({acc})")


def _for_range(p: _Program) -> None:
    lo, acc = p.rng.randint(0, 3), p.new("int")
    p.emit(f"{acc} = 1", f"for i in range({lo}, {lo + p.rng.randint(2, 4)}):")
    p.emit(p.pick("    {t} = {t} * 2 + i", "    {t} += i * i", "    print(i, {t} + i)", t=acc), f"print({acc})")


def _function(p: _Program) -> None:
    k = str(p.rng.randint(2, 4))
    p.emit(f"def {p.f}(v):", "    if v % 2 == 0:", "        return v // 2 + {k}", "    return v * {k} - 1", k=k)
    p.emit(p.pick("print({f}({a}) + {f}({A}))", "{a} = {f}({f}({a}))", "print({f}({a}), {f}({a} + 1))", a=p.need("int"), f=p.f))


def _while(p: _Program) -> None:
    n, steps = p.new("int"), p.new("int")
    p.emit(f"{n} = {p.rng.randint(10, 40)}", f"{steps} = 0", f"while {n} > {p.rng.randint(0, 3)}:")
    p.emit(p.pick("    {n} = {n} // 2", "    {n} -= {K}", n=n), f"    {steps} += 1", f"print({steps}, {n})")


def _list_ops(p: _Program) -> None:
    ops = ["{l}.append({A})", "{l}.sort()", "{l}.reverse()", "{l}.insert(1, {K})", "{l}.pop()", "{l}.remove({l}[0])",
           "{l}.extend([{K}, {A}])"]
    nums = p.need("list")
    p.emit(*p.rng.sample(ops, p.rng.randint(2, 3)), l=nums)
    p.emit(p.pick("print({l})", "print(len({l}), sum({l}), max({l}))", "print({l}[0], {l}[-1])", l=nums))


def _nested(p: _Program) -> None:
    acc = p.new("int")
    p.emit(f"{acc} = 0", f"for i in range(1, {p.rng.randint(3, 4)}):", "    for j in range(i):")
    p.emit(p.pick("        {t} += i * j + 1", "        {t} = {t} + i - j", "        {t} += (i + j) % 3", t=acc))
    p.emit(f"print({acc})")


def _dict(p: _Program) -> None:
    p.emit("counts = {}", "for ch in {S}:", "    counts[ch] = counts.get(ch, 0) + 1")
    p.emit(p.pick("print(counts)", "print(max(counts.values()), len(counts))", "print(sorted(counts)[:3])"))


def _build(p: _Program) -> None:
    p.emit("out = ''", "for x in {L}:")
    p.emit(*p.rng.choice([["    out += str(x % 4)"], ["    out = str(x) + out"],
                          ["    if x % 2 == 1:", "        out += '#'", "    else:", "        out += '.'"]]))
    p.emit(p.pick("print(out)", "print(out, len(out))"))


def _helper_loop(p: _Program) -> None:
    k, nums = p.rng.randint(2, 5), p.need("list")
    p.emit(f"def {p.g}(v):", f"    return v * v % {k + 5} + {k}", "result = 0", f"for v in {nums}:", f"    result += {p.g}(v)")
    p.emit(p.pick("print(result)", "print(result, {g}({l}[0]))", l=nums, g=p.g))


_BLOCKS: dict[int, tuple[Callable[[_Program], None], ...]] = {
    1: (_assign, _print), 2: (_string, _branch), 3: (_for_list, _for_range),
    4: (_function, _while, _list_ops), 5: (_nested, _dict, _build, _helper_loop),
}


def _draw(rng: random.Random, level: int) -> str:
    p = _Program(rng)
    plan: list[Callable[[_Program], None]]
    if level == 1:
        first: list[Callable[[_Program], None]] = [_assign]
        plan = first * rng.randint(2, 4) + [_print] * rng.randint(1, 2)
    else:
        easier = [b for lv in range(1, level) for b in _BLOCKS[lv]]
        plan = rng.sample(_BLOCKS[level], 2) + rng.sample(easier, rng.randint(0, 2))
        rng.shuffle(plan)
    for block in plan:
        block(p)
    last = re.match(r"(\w+) [-+*]?= ", p.lines[-1])
    if last:  # end on a print, so the last assignment matters
        p.emit(f"print({last.group(1)})")
    return "\n".join(_drop_dead(p.lines)) + "\n"


def _drop_dead(lines: list[str]) -> list[str]:
    """The lines without top-level assignments whose value no later line reads (repeated: dropping
    one can orphan another)."""
    while True:
        for i, line in enumerate(lines):
            m = re.fullmatch(r"(\w+) ([-+*]?)= .+", line)
            if m and not _read_later(lines, i, m.group(1)):
                lines = lines[:i] + lines[i + 1 :]
                break
        else:
            return lines


def _read_later(lines: list[str], i: int, name: str) -> bool:
    """Whether a line after ``i`` reads ``name`` before a top-level line sets it afresh (a loop
    body reads it on every pass, so a read anywhere in a later block counts)."""
    for line in lines[i + 1 :]:
        reads = re.sub(rf"^{name} = ", "", line) if not line.startswith(" ") else line
        if re.search(rf"\b{name}\b", reads):
            return True
        if re.match(rf"{name} = ", line):
            return False
    return False


def dead_variables(program: str) -> list[str]:
    """Names the program assigns but never reads (a check independent of ``_drop_dead``, by ast)."""
    tree = ast.parse(program)
    stored = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    loaded = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    augmented = {n.target.id for n in ast.walk(tree) if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name)}
    return sorted(stored - loaded - {"_"} | {a for a in augmented if a not in loaded})


class CodeOutputGenerator(Generator[CodeOutputConfig]):
    name = "code_output"
    version = 4
    """Version 4 (the same programs; other draws): the step check matches each step's variables to the
    program re-run, so mistakes of tracing that first change only a variable (an accumulator, a loop
    bound, a division misread) are negatives labelled at that step. Version 3 (the same programs; other draws, as the version seeds them): negatives include
    mistakes of tracing (a loop bound, a slice end, a miscount, ...) run through to a wrong output, and
    a carry slip (tens digit one off) in place of a doubled number. Version 2: themed names and helpers, no condition comparing a variable with itself, no dead
    variables (58 of 100 level-1 programs had one, 33 of 100 level-2 tested ``if b <= b``); the
    chain of thought shows a long loop's body, first and last pass and the passes between in one
    step, at most 14/18/24/30/36 steps per level (every pass was traced, a median 38 steps at level 5)."""
    domain = "code"
    space = "code_trace"
    verifier = "code_output"
    config_cls = CodeOutputConfig

    def build(self, rng: random.Random) -> Draft:
        config = self.config
        discarded: Counter[str] = Counter()
        for attempt in range(1, MAX_DRAWS + 1):
            program = _draw(rng, config.level)
            if not 5 <= program.count("\n") <= config.max_program_lines:
                discarded["program length"] += 1
                continue
            if dead_variables(program):
                discarded["dead variable"] += 1
                continue
            result = run_warm(program, limits=RUN_LIMITS)
            if result.status == "error":
                raise SandboxError(f"the sandbox failed while generating code_output: {result.stderr[-300:]}")
            output = normalize_output(result.stdout)
            lines = output.split("\n")
            if result.status != "ok" or not output or len(lines) > config.max_output_lines or max(map(len, lines)) > 80:
                discarded[result.status if result.status != "ok" else "output size"] += 1
                continue
            question = f"What does this Python program print?\n\n```python\n{program.rstrip()}\n```"
            return Draft(question=question, answer=output, payload={"program": program, "output": result.stdout},
                         metadata={"level": config.level, "draws": attempt, "program_lines": program.count("\n")})
        raise CotforgeError(f"no usable program in {MAX_DRAWS} draws at level {config.level} (discarded: "
                            f"{dict(discarded)}); max_program_lines or max_output_lines may be too tight")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        """The gold output with one number changed, or else one line altered."""
        lines = problem.answer.split("\n")
        i = rng.randrange(len(lines))
        numbers = list(re.finditer(r"\d+", lines[i]))
        if numbers:
            m = rng.choice(numbers)
            new = str(int(m.group()) + rng.choice((1, 2, 3, 10)))
            lines[i] = lines[i][: m.start()] + new + lines[i][m.end() :]
        elif len(set(lines[i].strip())) > 1:
            lines[i] = lines[i][::-1] if lines[i][::-1] != lines[i] else lines[i] + lines[i].strip()[-1]
        else:
            lines[i] = lines[i] + "x"
        return "\n".join(lines)


TASKS.register("code_output", CodeOutputGenerator)
