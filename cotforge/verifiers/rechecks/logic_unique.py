"""A second route to the gold answers of the logic puzzles with one solution, by uniqueness counts.

Puzzles with one solution (sudoku, futoshiki, graph colouring, zebra, seating, knights and knaves)
are solved again by a backtracking counter written here (forward checking, fewest candidates
first; knights and knaves by trying every knight/knave assignment), which must find exactly one
solution, equal to the gold answer read from its text. Sudoku, futoshiki, graph colouring, zebra,
seating (every clue sentence, by ``_clue_text``), knights and knaves (every statement, by
``_kk_text``) are read from the question as printed (countdown, propositional, syllogism and
shortest path are in :mod:`cotforge.verifiers.rechecks.logic_reasoning`). Nothing here imports the generators, ``cotforge.domains.csp``, the other
``core`` solving helpers or the step spaces.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence

from cotforge.core.records import Problem
from cotforge.core.registry import RECHECKS
from cotforge.verifiers.rechecks._clue_text import Clue, Reading, TextUnreadable, read_seating, read_zebra
from cotforge.verifiers.rechecks._kk_text import consistent as kk_consistent
from cotforge.verifiers.rechecks._kk_text import read_knights_knaves


class RecheckParseError(ValueError):
    """The question or the gold answer could not be read: a finding, never a pass."""


def find_in(pattern: str, text: str, what: str, flags: int = re.S) -> re.Match[str]:
    m = re.search(pattern, text, flags)
    if m is None:
        raise RecheckParseError(f"could not read {what} from {text[:120]!r}")
    return m


def listed_names(listed: str) -> list[str]:
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
    size = find_in(rf"Solve this (\d+)x\d+ {kind}", problem.question, "the grid size")
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
    box = find_in(r"every (\d+)x(\d+) box", problem.question, "the box shape")
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
    listed = find_in(r"The inequalities are: (.*?)\.\s*\n", problem.question, "the inequalities").group(1)
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
    vertices = listed_names(find_in(r"has vertices (.*?) and edges", q, "the vertices").group(1))
    edges = re.findall(r"\b(\w+)-(\w+)\b", find_in(r"and edges (.*?)\. Colour", q, "the edges").group(1))
    colours = listed_names(find_in(r"Colour every vertex (.*?) so that", q, "the colours").group(1))
    pre = re.findall(r"(\w+) is (\w+)", find_in(r"Already coloured: (.*?)\. Give", q, "the pre-colours").group(1))
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
    """One answer, the gold, under every reading of the statements (an "or" inclusive or
    exclusive where the words leave it open); an answer that depends on the reading is a finding."""
    try:
        reading = read_knights_knaves(problem.question)
    except TextUnreadable as e:
        raise RecheckParseError(str(e)) from e
    names = reading.names
    truthful, lying = reading.words
    said = dict(re.findall(rf"(\w+) is an? ({re.escape(truthful)}|{re.escape(lying)})\b", problem.answer))
    if set(said) != set(names):
        return "the gold answer does not name everyone once"
    gold = [int(said[n] == truthful) for n in names]
    show = lambda vals: ", ".join(f"{n}={truthful if v else lying}" for n, v in zip(names, vals))  # noqa: E731
    worlds = list(itertools.product((True, False), repeat=len(names)))
    first: str | None = None
    for k, trees in enumerate(reading.choices()):
        consistent = [[int(v) for v in w] for w in worlds if kk_consistent(reading, w, trees)]
        found = _unique(consistent[:2], gold, show)
        if k == 0:
            first = found
            if found is not None:
                return found
        elif found is not None:
            open_ = [f'"{s.text}"' for s, t in zip(reading.statements, trees) if len(s.trees) > 1 and t != s.trees[0]]
            return f"the answer depends on the reading of {', '.join(open_)}: read another way, {found}"
    return first
