"""A second route to the gold answers of the logic tasks that are not one-solution grids: countdown
by its own expression reader, propositional logic by truth tables, syllogisms over small models,
shortest paths by Bellman-Ford, each read from the question as printed. Nothing here imports the
generators, ``cotforge.core`` solving helpers or the step spaces.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from fractions import Fraction

from cotforge.core.records import Problem
from cotforge.core.registry import RECHECKS
from cotforge.verifiers.rechecks.logic_unique import RecheckParseError, find_in, listed_names


class _RuleBroken(ValueError):
    """The gold expression breaks a rule of the game (reported as a disagreement)."""


# --- countdown ------------------------------------------------------------------------------


def _tokens(expr: str) -> list[str]:
    expr = expr.replace("×", "*").replace("÷", "/").replace("−", "-")
    tokens = re.findall(r"\d+|[-+*/()]|\S", expr)
    bad = [t for t in tokens if not (t.isdigit() or t in "+-*/()")]
    if bad:
        raise RecheckParseError(f"unexpected {bad[0]!r} in the gold expression")
    return tokens


def _evaluate(expr: str, whole: bool) -> tuple[Fraction, list[int]]:
    """Recursive descent over + - * / and brackets; returns (value, numbers used)."""
    tokens, used = _tokens(expr), []
    pos = 0

    def apply(a: Fraction, op: str, b: Fraction) -> Fraction:
        if op == "/" and b == 0:
            raise _RuleBroken("the gold divides by zero")
        value = {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else a}[op]
        if whole and (value.denominator != 1 or value <= 0):
            raise _RuleBroken(f"the gold has {a} {op} {b} = {value}, not a positive whole number")
        return value

    def atom() -> Fraction:
        nonlocal pos
        t = tokens[pos] if pos < len(tokens) else ""
        pos += 1
        if t == "(":
            v = sum_()
            if pos >= len(tokens) or tokens[pos] != ")":
                raise RecheckParseError("unbalanced brackets")
            pos += 1
            return v
        if t.isdigit():
            used.append(int(t))
            return Fraction(int(t))
        raise RecheckParseError(f"expected a number at {t!r}")

    def product() -> Fraction:
        nonlocal pos
        v = atom()
        while pos < len(tokens) and tokens[pos] in "*/":
            op = tokens[pos]
            pos += 1
            v = apply(v, op, atom())
        return v

    def sum_() -> Fraction:
        nonlocal pos
        v = product()
        while pos < len(tokens) and tokens[pos] in "+-":
            op = tokens[pos]
            pos += 1
            v = apply(v, op, product())
        return v

    value = sum_()
    if pos != len(tokens):
        raise RecheckParseError(f"trailing {tokens[pos]!r} in the gold expression")
    return value, used


@RECHECKS.decorator("countdown")
def countdown(problem: Problem) -> str | None:
    q = problem.question
    m = re.search(r"Using the numbers ([\d, ]+), make (\d+)\.|from the numbers ([\d, ]+)\?", q)
    t = re.search(r"Target: (\d+)\. Numbers: ([\d, ]+)\.", q)
    if m is not None:
        listed, goal = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), find_in(r"reach (\d+) from", q, "the target").group(1))
    elif t is not None:
        listed, goal = t.group(2), t.group(1)
    else:
        raise RecheckParseError(f"could not read the numbers and target from {q[:120]!r}")
    numbers, target = [int(x) for x in listed.split(",")], int(goal)
    use_all = "Use every number exactly once" in q
    whole = "positive whole number" in q
    if not use_all and "at most once" not in q:
        raise RecheckParseError("the question does not say how often numbers may be used")
    try:
        value, used = _evaluate(problem.answer.split("=")[0], whole)
    except _RuleBroken as e:
        return str(e)
    spare = list(numbers)
    for x in used:
        if x not in spare:
            return f"the gold uses {x} more often than it is given"
        spare.remove(x)
    if use_all and spare:
        return f"the gold leaves {spare} unused"
    if value != target:
        return f"the gold expression makes {value}, not {target}"
    return None


# --- propositional --------------------------------------------------------------------------


def _clause(text: str, names: list[str]) -> list[tuple[int, bool]]:
    out = []
    for lit in re.split(r"\s+or\s+", text.strip()):
        neg = lit.startswith("not ")
        name = lit[4:].strip() if neg else lit.strip()
        if name not in names:
            raise RecheckParseError(f"{name!r} is not a variable")
        out.append((names.index(name), not neg))
    return out


def _model(text: str, names: list[str]) -> list[bool] | None:
    said = dict(re.findall(r"\b(\w+) = (true|false)\b", text))
    return [said[n] == "true" for n in names] if set(said) == set(names) else None


def _core_finding(gold: str, clauses: list[list[tuple[int, bool]]], denied: list[list[tuple[int, bool]]],
                  rows: list[tuple[bool, ...]], what: str) -> str | None:
    """The statements the gold names must clash (with the conclusion denied), each one needed."""
    m = re.search(rf"{what}s? ([\d, and]+)", gold)
    if m is None:
        return f"the gold names no {what}s: {gold!r}"
    numbers = [int(k) for k in re.findall(r"\d+", m.group(1))]
    if any(not 1 <= k <= len(clauses) for k in numbers):
        return f"the gold names a {what} that does not exist: {numbers}"

    def clash(chosen: list[int]) -> bool:
        group = [clauses[k - 1] for k in chosen] + denied
        return not any(all(any(row[v] == s for v, s in c) for c in group) for row in rows)

    if not clash(numbers):
        return f"{what}s {numbers} do not clash"
    spare = [k for k in numbers if clash([j for j in numbers if j != k])]
    return f"{what} {spare[0]} is not needed among {numbers}" if spare else None


@RECHECKS.decorator("propositional")
def propositional(problem: Problem) -> str | None:
    q, gold = problem.question, problem.answer
    names = listed_names(find_in(r"(?:statements about|each variable of) (.*?) (?:\(each|is true)", q, "the variables").group(1))
    clauses = [_clause(c, names) for c in re.findall(r"^\d+\. (.+)$", q, re.M)]
    if not clauses:
        raise RecheckParseError("no numbered clauses in the question")
    holds = lambda c, row: any(row[v] == s for v, s in c)  # noqa: E731
    rows = list(itertools.product((False, True), repeat=len(names)))
    models = [row for row in rows if all(holds(c, row) for c in clauses)]
    entail = re.search(r"Does it follow that: (.*?)\? (?:Answer|If it does)", q)
    if entail is None:
        if gold.startswith("unsatisfiable"):
            if models:
                return f"the truth table has {len(models)} model(s), so it is satisfiable"
            return _core_finding(gold, clauses, [], rows, "statement") if "name, by number" in q else None
        model = _model(gold, names)
        if model is None:
            return f"the gold gives no value for every variable: {gold!r}"
        return None if all(holds(c, model) for c in clauses) else "the gold model breaks a statement"
    conclusion = _clause(entail.group(1), names)
    counter = [row for row in models if not holds(conclusion, row)]
    if gold.startswith("entailed"):
        if counter:
            return f"{len(counter)} row(s) make the premises true and the conclusion false"
        denied = [[(v, not s)] for v, s in conclusion]
        return _core_finding(gold, clauses, denied, rows, "premise") if "name, by number" in q else None
    model = _model(gold, names)
    if model is None:
        return f"the gold gives no counter-model: {gold!r}"
    if not all(holds(c, model) for c in clauses) or holds(conclusion, model):
        return "the gold counter-model is not one"
    return None


# --- syllogism ------------------------------------------------------------------------------

_STATEMENT = re.compile(r"^(All|No|Some) (.+?) are (not )?(.+?)\.?$")


def _statement(text: str) -> tuple[str, str, str]:
    m = _STATEMENT.match(text.strip())
    if m is None:
        raise RecheckParseError(f"cannot read the statement {text!r}")
    quant = {"All": "A", "No": "E", "Some": "O" if m.group(3) else "I"}[m.group(1)]
    if quant in "AE" and m.group(3):
        raise RecheckParseError(f"cannot read the statement {text!r}")
    return quant, m.group(2), m.group(4)


def _true_in(st: tuple[str, str, str], world: Sequence[frozenset[str]]) -> bool:
    """First-order truth over a universe whose elements are the sets of terms they belong to."""
    quant, s, p = st
    if quant == "A":
        return all(p in x for x in world if s in x)
    if quant == "E":
        return not any(p in x for x in world if s in x)
    if quant == "I":
        return any(p in x for x in world if s in x)
    return any(p not in x for x in world if s in x)


def _worlds(terms: list[str], size: int) -> Iterator[tuple[frozenset[str], ...]]:
    kinds = [frozenset(c) for r in range(len(terms) + 1) for c in itertools.combinations(terms, r)]
    for k in range(size + 1):
        yield from itertools.combinations(kinds, k)


@RECHECKS.decorator("syllogism")
def syllogism(problem: Problem) -> str | None:
    """Search every universe of up to m elements (m = the existential statements to witness) for
    one where the premises hold and the conclusion fails: a counter-model needs no more elements
    than one witness per "some", since dropping other elements keeps every "all"/"no" true."""
    q = problem.question
    premises = [_statement(t) for t in re.findall(r"^Premise \d+: (.+)$", q, re.M)]
    conclusion = _statement(find_in(r"^Conclusion: (.+)$", q, "the conclusion", re.M).group(1))
    terms = sorted({t for st in [*premises, conclusion] for t in st[1:]})
    exist = re.search(r"Assume that there are some (.+?)\.\s*\n", q)
    needed = [("I", t, t) for t in listed_names(exist.group(1))] if exist else []
    negated = {"A": "O", "O": "A", "E": "I", "I": "E"}[conclusion[0]], conclusion[1], conclusion[2]
    wanted = [*premises, *needed, negated]
    size = sum(st[0] in "IO" for st in wanted)
    counter = next((w for w in _worlds(terms, size) if all(_true_in(st, w) for st in wanted)), None)
    verdict = "invalid" if counter is not None else "valid"
    if problem.answer.split()[0].strip(".,:") != verdict:
        shown = "" if counter is None else f" (counter-model: {[sorted(x) for x in counter]})"
        return f"the argument is {verdict}{shown}, the gold says {problem.answer.split()[0]}"
    said = problem.answer.partition(": ")[2]
    if not said or "If it follows" not in q:
        return None
    return _form_finding(premises, conclusion, bool(exist), verdict == "valid", said)


def _form_finding(premises: list[tuple[str, str, str]], conclusion: tuple[str, str, str], existential: bool,
                  is_valid: bool, said: str) -> str | None:
    """The gold's form (mood and figure, or the chain's order) or broken rules, worked out again
    from the statements by distribution, with none of the domain's code."""
    s, p = conclusion[1], conclusion[2]

    def spread(st: tuple[str, str, str], term: str) -> bool:
        return (st[0] in "AE" and st[1] == term) or (st[0] in "EO" and st[2] == term)

    if is_valid:
        if len(premises) == 2:
            major = next(st for st in premises if p in st[1:])
            minor = next(st for st in premises if s in st[1:])
            middle = ({major[1], major[2]} - {p}).pop()
            figure = {(True, False): 1, (False, False): 2, (True, True): 3, (False, True): 4}[(major[1] == middle, minor[1] == middle)]
            want = f"{major[0]}{minor[0]}{conclusion[0]}-{figure}"
        else:
            order, at, left = [], s, list(range(len(premises)))
            while left:
                i = next(j for j in left if at in premises[j][1:])
                order.append(i + 1)
                left.remove(i)
                at = premises[i][2] if premises[i][1] == at else premises[i][1]
            want = "premises in the order " + ", ".join(map(str, order))
        return None if said == want else f"the form is {want!r}, the gold says {said!r}"
    rules = []
    terms = {t for st in premises for t in st[1:]}
    if any(not any(spread(st, m) for st in premises if m in st[1:]) for m in terms - {s, p}):
        rules.append("undistributed middle")
    for term, rule in ((p, "illicit major"), (s, "illicit minor")):
        if spread(conclusion, term) and not any(spread(st, term) for st in premises if term in st[1:]):
            rules.append(rule)
    negative = sum(st[0] in "EO" for st in premises)
    if negative > 1:
        rules.append("two negative premises")
    if negative == 1 and conclusion[0] in "AI":
        rules.append("negative premise with affirmative conclusion")
    if negative == 0 and conclusion[0] in "EO":
        rules.append("negative conclusion from affirmative premises")
    if not existential and all(st[0] in "AE" for st in premises) and conclusion[0] in "IO":
        rules.append("existential fallacy")
    return None if said.split("; ") == rules else f"the broken rules are {rules}, the gold says {said!r}"


# --- shortest path --------------------------------------------------------------------------


@RECHECKS.decorator("shortest_path")
def shortest_path(problem: Problem) -> str | None:
    q = problem.question
    directed = "one-way roads" in q
    listed = find_in(r"The roads, with their lengths in brackets, are: (.*?)\. Find", q, "the roads").group(1)
    roads = re.findall(r"(\w+) (->|-) (\w+) \((\d+)\)", listed)
    if len(roads) != len(listed.split(", ")):
        return f"could not read every road in {listed!r}"
    ends = find_in(r"Find a shortest route from (\w+) to (\w+)\.", q, "the start and goal")
    start, goal = ends.group(1), ends.group(2)
    arcs: dict[tuple[str, str], int] = {}
    for a, _, b, w in roads:
        arcs[(a, b)] = int(w)
        if not directed:
            arcs[(b, a)] = int(w)
    places = {p for pair in arcs for p in pair} | {start, goal}
    dist: dict[str, int] = {start: 0}
    for _ in range(len(places) - 1):  # Bellman-Ford
        for (a, b), w in arcs.items():
            if a in dist and dist[a] + w < dist.get(b, dist[a] + w + 1):
                dist[b] = dist[a] + w
    m = find_in(r"^(.*?) \(length (\d+)\)$", problem.answer.strip(), "the gold route", 0)
    route, length = [p.strip() for p in m.group(1).split("->")], int(m.group(2))
    if goal not in dist:
        return f"{goal} cannot be reached from {start}"
    if route[0] != start or route[-1] != goal:
        return f"the gold route runs from {route[0]} to {route[-1]}, not {start} to {goal}"
    missing = [f"{a}->{b}" for a, b in zip(route, route[1:]) if (a, b) not in arcs]
    if missing:
        return f"the gold route uses {missing[0]}, which is not a road"
    walked = sum(arcs[(a, b)] for a, b in zip(route, route[1:]))
    if walked != length:
        return f"the gold route has length {walked}, not the stated {length}"
    if length != dist[goal]:
        return f"the shortest distance is {dist[goal]}, the gold says {length}"
    return None
