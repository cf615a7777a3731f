"""A second route to every logic task's gold answer: uniqueness counts, truth tables, small models.

Puzzles with one solution (sudoku, futoshiki, graph colouring, zebra, seating, knights and knaves)
are solved again by a backtracking counter written here (forward checking, fewest candidates
first; knights and knaves by trying every knight/knave assignment), which must find exactly one
solution, equal to the gold answer read from its text. Sudoku, futoshiki, graph colouring, zebra,
seating (every clue sentence, by ``_clue_text``), knights and knaves (every statement, by
``_kk_text``), countdown, propositional, syllogism and shortest-path questions are read from the
question as printed. Nothing here imports the generators, ``cotforge.core.csp``, the other
``core`` solving helpers or the step spaces.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction

from cotforge.core.records import Problem
from cotforge.core.registry import RECHECKS
from cotforge.verifiers.rechecks._clue_text import Clue, Reading, TextUnreadable, read_seating, read_zebra
from cotforge.verifiers.rechecks._kk_text import consistent as kk_consistent
from cotforge.verifiers.rechecks._kk_text import read_knights_knaves


class RecheckParseError(ValueError):
    """The question or the gold answer could not be read: a finding, never a pass."""


class _RuleBroken(ValueError):
    """The gold expression breaks a rule of the game (reported as a disagreement)."""


def _find(pattern: str, text: str, what: str, flags: int = re.S) -> re.Match[str]:
    m = re.search(pattern, text, flags)
    if m is None:
        raise RecheckParseError(f"could not read {what} from {text[:120]!r}")
    return m


def _names(listed: str) -> list[str]:
    """"A, B and C" / "red, green or blue" -> the items."""
    return [x.strip() for x in re.split(r",\s*|\s+(?:and|or)\s+", listed.strip()) if x.strip()]


# --- a small finite-domain counter ---------------------------------------------------------

Pair = tuple[int, int, Callable[[int, int], bool]]


def count_solutions(domains: Sequence[set[int]], groups: Sequence[Sequence[int]], pairs: Sequence[Pair],
                    limit: int = 2) -> list[list[int]]:  # fmt: skip
    """Up to ``limit`` solutions: each variable one value of its domain, each group all different,
    each pair (x, y, holds) with holds(value_x, value_y)."""
    n = len(domains)
    in_groups: list[list[int]] = [[] for _ in range(n)]
    for g in groups:
        for x in g:
            in_groups[x].extend(y for y in g if y != x)
    linked: list[list[tuple[int, Callable[[int, int], bool]]]] = [[] for _ in range(n)]
    for x, y, holds in pairs:
        linked[x].append((y, holds))
        linked[y].append((x, _flipped(holds)))
    found: list[list[int]] = []

    def settle(doms: list[set[int]], queue: list[int], fixed: list[bool]) -> bool:
        """Propagate every newly fixed variable; False on a wipe-out."""
        while queue:
            x = queue.pop()
            (a,) = doms[x]
            for y in in_groups[x]:
                if a in doms[y]:
                    doms[y] = doms[y] - {a}
                    if not doms[y]:
                        return False
                    if len(doms[y]) == 1 and not fixed[y]:
                        fixed[y] = True
                        queue.append(y)
            for y, holds in linked[x]:
                keep = {b for b in doms[y] if holds(a, b)}
                if keep != doms[y]:
                    if not keep:
                        return False
                    doms[y] = keep
                    if len(keep) == 1 and not fixed[y]:
                        fixed[y] = True
                        queue.append(y)
        return True

    def search(doms: list[set[int]], fixed: list[bool]) -> None:
        open_ = [x for x in range(n) if not fixed[x]]
        if not open_:
            values = [next(iter(d)) for d in doms]
            if all(holds(values[x], values[y]) for x, y, holds in pairs):
                found.append(values)
            return
        x = min(open_, key=lambda v: len(doms[v]))
        for a in sorted(doms[x]):
            if len(found) >= limit:
                return
            d2, f2 = [set(d) for d in doms], list(fixed)
            d2[x], f2[x] = {a}, True
            if settle(d2, [x], f2):
                search(d2, f2)

    doms = [set(d) for d in domains]
    if any(not d for d in doms):
        return []
    fixed = [len(d) == 1 for d in doms]
    if settle(doms, [x for x in range(n) if fixed[x]], fixed):
        search(doms, fixed)
    return found


def _flipped(holds: Callable[[int, int], bool]) -> Callable[[int, int], bool]:
    return lambda b, a: holds(a, b)


def _unique(solutions: list[list[int]], gold: list[int], show: Callable[[list[int]], str]) -> str | None:
    if not solutions:
        return "the puzzle has no solution"
    if len(solutions) > 1:
        return f"the puzzle has more than one solution, e.g. {show(solutions[0])} and {show(solutions[1])}"
    if solutions[0] != gold:
        return f"the only solution is {show(solutions[0])}, not the gold {show(gold)}"
    return None


# --- grids: sudoku, futoshiki ---------------------------------------------------------------


def _grid_rows(text: str, n: int) -> list[list[str]]:
    """The last n lines holding exactly n cells (digits or '.'), ignoring < and > signs."""
    rows = []
    for line in text.splitlines():
        cells = [t for t in line.replace("<", " ").replace(">", " ").split()]
        if len(cells) == n and all(c == "." or c.isdigit() for c in cells):
            rows.append(cells)
    if len(rows) < n:
        raise RecheckParseError(f"no {n}x{n} grid found")
    return rows[-n:]


def _latin(problem: Problem, kind: str) -> tuple[int, list[set[int]], list[list[int]], list[int]]:
    size = _find(rf"Solve this (\d+)x\d+ {kind}", problem.question, "the grid size")
    n = int(size.group(1))
    given = _grid_rows(problem.question.split("Give the completed grid")[0], n)
    domains = [set(range(1, n + 1)) if c == "." else {int(c)} for row in given for c in row]
    groups = [[r * n + c for c in range(n)] for r in range(n)] + [[r * n + c for r in range(n)] for c in range(n)]
    gold = [int(c) for row in _grid_rows(problem.answer, n) for c in row]
    return n, domains, groups, gold


def _show_grid(n: int) -> Callable[[list[int]], str]:
    return lambda values: "/".join("".join(map(str, values[r * n:(r + 1) * n])) for r in range(n))


@RECHECKS.decorator("sudoku")
def sudoku(problem: Problem) -> str | None:
    n, domains, groups, gold = _latin(problem, "sudoku")
    box = _find(r"every (\d+)x(\d+) box", problem.question, "the box shape")
    h, w = int(box.group(1)), int(box.group(2))
    if h * w != n:
        return f"boxes of {h}x{w} do not tile a {n}x{n} grid"
    for top in range(0, n, h):
        for left in range(0, n, w):
            groups.append([(top + r) * n + left + c for r in range(h) for c in range(w)])
    return _unique(count_solutions(domains, groups, []), gold, _show_grid(n))


@RECHECKS.decorator("futoshiki")
def futoshiki(problem: Problem) -> str | None:
    n, domains, groups, gold = _latin(problem, "futoshiki")
    listed = _find(r"The inequalities are: (.*?)\.\s*\n", problem.question, "the inequalities").group(1)
    pairs: list[Pair] = []
    for a, b in re.findall(r"(r\d+c\d+)\s*<\s*(r\d+c\d+)", listed):
        x, y = (_cell(a, n), _cell(b, n))
        pairs.append((x, y, lambda p, q: p < q))
    if len(pairs) != (0 if listed.strip() == "none" else len(listed.split(","))):
        return f"could not read every inequality in {listed!r}"
    return _unique(count_solutions(domains, groups, pairs), gold, _show_grid(n))


def _cell(name: str, n: int) -> int:
    r, c = map(int, re.findall(r"\d+", name))
    if not (1 <= r <= n and 1 <= c <= n):
        raise RecheckParseError(f"cell {name} is off the grid")
    return (r - 1) * n + c - 1


# --- graph colouring ------------------------------------------------------------------------


@RECHECKS.decorator("graph_coloring")
def graph_coloring(problem: Problem) -> str | None:
    q = problem.question
    vertices = _names(_find(r"has vertices (.*?) and edges", q, "the vertices").group(1))
    edges = re.findall(r"\b(\w+)-(\w+)\b", _find(r"and edges (.*?)\. Colour", q, "the edges").group(1))
    colours = _names(_find(r"Colour every vertex (.*?) so that", q, "the colours").group(1))
    pre = re.findall(r"(\w+) is (\w+)", _find(r"Already coloured: (.*?)\. Give", q, "the pre-colours").group(1))
    vi, ci = {v: i for i, v in enumerate(vertices)}, {c: i for i, c in enumerate(colours)}
    domains = [set(range(len(colours))) for _ in vertices]
    for v, c in pre:
        domains[vi[v]] = {ci[c]}
    pairs: list[Pair] = [(vi[a], vi[b], lambda p, q2: p != q2) for a, b in edges]
    gold_pairs = dict(re.findall(r"^\s*(\w+)\s*:\s*(\w+)\s*$", problem.answer, re.M))
    if set(gold_pairs) != set(vertices):
        return f"the gold answer does not colour exactly the vertices {vertices}"
    gold = [ci[gold_pairs[v]] for v in vertices]
    show = lambda vals: ", ".join(f"{v}={colours[x]}" for v, x in zip(vertices, vals))  # noqa: E731
    return _unique(count_solutions(domains, [], pairs), gold, show)


# --- zebra and seating, from the clues as printed --------------------------------------------


def _meaning(kind: str, n: int, round_table: bool) -> Callable[[int, int], bool]:
    """What a two-person clue says of their places (0-based), written here from the English."""
    def near(a: int, b: int) -> bool:
        return (a - b) % n in (1, n - 1) if round_table else abs(a - b) == 1

    table: dict[str, Callable[[int, int], bool]] = {
        "same": lambda a, b: a == b,
        "differ": lambda a, b: a != b,
        "next": near,
        "apart": lambda a, b: not near(a, b),
        "left": lambda a, b: b - a == 1,
        "before": lambda a, b: a < b,
        "clockwise": lambda a, b: a == (b + 1) % n,
    }
    if kind not in table:
        raise RecheckParseError(f"no meaning for the clue kind {kind!r}")
    return table[kind]


def _places_allowed(clue: Clue, n: int) -> set[int]:
    """Where a one-person clue lets its person be."""
    if clue.kind == "at":
        return {clue.place}
    if clue.kind == "not_at":
        return set(range(n)) - {clue.place}
    if clue.kind == "ends":
        return {0, n - 1}
    raise RecheckParseError(f"no meaning for the clue {clue.text!r}")


def _from_text(read: Callable[[str], Reading], question: str) -> Reading:
    try:
        return read(question)
    except TextUnreadable as e:
        raise RecheckParseError(str(e)) from e


def _constraints(reading: Reading) -> tuple[list[set[int]], list[Pair]]:
    n = reading.places
    domains = [set(range(n)) for _ in reading.names]
    pairs: list[Pair] = []
    for clue in reading.clues:
        if len(clue.who) == 1:
            domains[clue.who[0]] &= _places_allowed(clue, n)
            continue
        holds = _meaning(clue.kind, n, reading.round_table)
        x, y = clue.who
        if x == y:  # a clue about one person twice: keep the places where it holds
            domains[x] = {a for a in domains[x] if holds(a, a)}
        else:
            pairs.append((x, y, holds))
    return domains, pairs


def _gold_places(reading: Reading, answer: str, line: str) -> list[int] | str:
    """Each variable's 0-based place from the gold lines ("House 2: Dane, cat" / "Seat 2: Ava"),
    or what is wrong with them."""
    index = {name: v for v, name in enumerate(reading.names)}
    gold = [-1] * len(reading.names)
    for place, items in re.findall(rf"^{line} (\d+): (.+?)\s*$", answer, re.M):
        for item in (x.strip() for x in items.split(",")):
            if item not in index:
                return f"the gold names {item!r}, who is not in the puzzle"
            if gold[index[item]] != -1 or not 1 <= int(place) <= reading.places:
                return f"the gold places {item!r} more than once or off the {reading.places} places"
            gold[index[item]] = int(place) - 1
    if -1 in gold:
        return f"the gold answer does not place {reading.names[gold.index(-1)]!r}"
    return gold


def _recheck_text(problem: Problem, read: Callable[[str], Reading], line: str) -> str | None:
    reading = _from_text(read, problem.question)
    gold = _gold_places(reading, problem.answer, line)
    if isinstance(gold, str):
        return gold
    domains, pairs = _constraints(reading)
    names = reading.names
    show = lambda vals: ", ".join(f"{names[v]}@{x + 1}" for v, x in enumerate(vals))  # noqa: E731
    return _unique(count_solutions(domains, reading.groups, pairs), gold, show)


@RECHECKS.decorator("zebra")
def zebra(problem: Problem) -> str | None:
    return _recheck_text(problem, read_zebra, "House")


@RECHECKS.decorator("seating")
def seating(problem: Problem) -> str | None:
    return _recheck_text(problem, read_seating, "Seat")


# --- knights and knaves ---------------------------------------------------------------------


@RECHECKS.decorator("knights_knaves")
def knights_knaves(problem: Problem) -> str | None:
    try:
        reading = read_knights_knaves(problem.question)
    except TextUnreadable as e:
        raise RecheckParseError(str(e)) from e
    names = reading.names
    worlds = itertools.product((True, False), repeat=len(names))
    consistent = [[int(v) for v in w] for w in worlds if kk_consistent(reading, w)]
    said = dict(re.findall(r"(\w+) is a (knight|knave)", problem.answer))
    if set(said) != set(names):
        return "the gold answer does not name everyone once"
    gold = [int(said[n] == "knight") for n in names]
    show = lambda vals: ", ".join(f"{n}={'knight' if v else 'knave'}" for n, v in zip(names, vals))  # noqa: E731
    return _unique(consistent[:2], gold, show)


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
    m = _find(r"Using the numbers ([\d, ]+), make (\d+)\.", q, "the numbers and target")
    numbers, target = [int(x) for x in m.group(1).split(",")], int(m.group(2))
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


@RECHECKS.decorator("propositional")
def propositional(problem: Problem) -> str | None:
    q, gold = problem.question, problem.answer
    names = _names(_find(r"(?:statements about|each variable of) (.*?) (?:\(each|is true)", q, "the variables").group(1))
    clauses = [_clause(c, names) for c in re.findall(r"^\d+\. (.+)$", q, re.M)]
    if not clauses:
        raise RecheckParseError("no numbered clauses in the question")
    holds = lambda c, row: any(row[v] == s for v, s in c)  # noqa: E731
    rows = list(itertools.product((False, True), repeat=len(names)))
    models = [row for row in rows if all(holds(c, row) for c in clauses)]
    entail = re.search(r"Does it follow that: (.*?)\? Answer", q)
    if entail is None:
        if gold.startswith("unsatisfiable"):
            return f"the truth table has {len(models)} model(s), so it is satisfiable" if models else None
        model = _model(gold, names)
        if model is None:
            return f"the gold gives no value for every variable: {gold!r}"
        return None if all(holds(c, model) for c in clauses) else "the gold model breaks a statement"
    conclusion = _clause(entail.group(1), names)
    counter = [row for row in models if not holds(conclusion, row)]
    if gold.startswith("entailed"):
        return f"{len(counter)} row(s) make the premises true and the conclusion false" if counter else None
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
    conclusion = _statement(_find(r"^Conclusion: (.+)$", q, "the conclusion", re.M).group(1))
    terms = sorted({t for st in [*premises, conclusion] for t in st[1:]})
    exist = re.search(r"Assume that there are some (.+?)\.\s*\n", q)
    needed = [("I", t, t) for t in _names(exist.group(1))] if exist else []
    negated = {"A": "O", "O": "A", "E": "I", "I": "E"}[conclusion[0]], conclusion[1], conclusion[2]
    wanted = [*premises, *needed, negated]
    size = sum(st[0] in "IO" for st in wanted)
    counter = next((w for w in _worlds(terms, size) if all(_true_in(st, w) for st in wanted)), None)
    verdict = "invalid" if counter is not None else "valid"
    if problem.answer.split()[0].strip(".,:") != verdict:
        shown = "" if counter is None else f" (counter-model: {[sorted(x) for x in counter]})"
        return f"the argument is {verdict}{shown}, the gold says {problem.answer.split()[0]}"
    return None


# --- shortest path --------------------------------------------------------------------------


@RECHECKS.decorator("shortest_path")
def shortest_path(problem: Problem) -> str | None:
    q = problem.question
    directed = "one-way roads" in q
    listed = _find(r"The roads, with their lengths in brackets, are: (.*?)\. Find", q, "the roads").group(1)
    roads = re.findall(r"(\w+) (->|-) (\w+) \((\d+)\)", listed)
    if len(roads) != len(listed.split(", ")):
        return f"could not read every road in {listed!r}"
    ends = _find(r"Find a shortest route from (\w+) to (\w+)\.", q, "the start and goal")
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
    m = _find(r"^(.*?) \(length (\d+)\)$", problem.answer.strip(), "the gold route", 0)
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
