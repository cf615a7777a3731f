"""The sign-chart reader against the routes it replaced (kept here): its relations, read side by side
(``interval_read._side``, each side once), are the ones every side read inside ``_relations`` gave; its verdicts, with
the roots and probes in integers, are the ones the roots and probes in ``Fraction`` gave; on the space's real step states, their wrong
moves, gold sets right and wrong, and random and junk text."""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from fractions import Fraction

from cotforge.core.registry import SPACES, TASKS
from cotforge.solvers.spaces import _ineq_state as ineq_state
from cotforge.verifiers import interval_read
from cotforge.verifiers.poly_steps import PolyReadError, read_poly


def _reference(state: str, name: str) -> tuple | None:
    """``interval_read._relations`` as it was before sides were read once."""
    if len(state) > 500 or interval_read._NOT_PLAIN.search(state) or not interval_read._PLAIN.fullmatch(state):
        return None
    chains = []
    for chain in re.split(r"\s+or\s+", state.strip()):
        tokens = interval_read._OPS.split(chain)
        if len(tokens) not in (3, 5):
            return None
        sides = []
        for side in tokens[::2]:
            depth = deepest = 0
            for ch in side:
                depth += 1 if ch == "(" else -1 if ch == ")" else 0
                deepest = max(deepest, depth)
            if deepest > interval_read.MAX_NESTING or not side.strip():
                return None
            try:
                sides.append(dict(read_poly(side.strip(), name)))
            except (PolyReadError, ZeroDivisionError, RecursionError):
                return None
        relations = []
        for left, op, right in zip(sides, tokens[1::2], sides[1:]):
            powers = set(left) | set(right)
            if max(powers, default=0) > 2:
                return None
            difference = tuple(Fraction(left.get(p, 0)) - Fraction(right.get(p, 0)) for p in range(3))
            scale = math.lcm(*(c.denominator for c in difference))
            relations.append((difference, op, tuple(int(c * scale) for c in difference)))
        chains.append(tuple(relations))
    return tuple(chains)


def _reference_roots(c: tuple[Fraction, ...]) -> list[Fraction] | None:
    """``interval_read._rational_roots`` as it was, on the ``Fraction`` coefficients."""
    c0, c1, c2 = c
    if c2 == 0:
        return [] if c1 == 0 else [-c0 / c1]
    discriminant = c1 * c1 - 4 * c2 * c0
    if discriminant < 0:
        return []
    top, bottom = discriminant.numerator, discriminant.denominator
    if math.isqrt(top) ** 2 != top or math.isqrt(bottom) ** 2 != bottom:
        return None
    root = Fraction(math.isqrt(top), math.isqrt(bottom))
    return [(-c1 - root) / (2 * c2), (-c1 + root) / (2 * c2)]


def _reference_verdict(state: str, gold: str, name: str) -> bool | None:
    """``interval_read.same_solution_set`` as it was with ``Fraction`` roots and probes."""
    chains = interval_read._relations(state, name)
    pieces = interval_read._gold(gold)
    if chains is None or pieces is None:
        return None
    points: set[Fraction] = {end for lo, _, hi, _ in pieces for end in (lo, hi) if isinstance(end, Fraction)}
    for chain in chains:
        for coefficients, _, _ in chain:
            roots = _reference_roots(coefficients)
            if roots is None:
                return None
            points.update(roots)
    ordered = sorted(points)
    probes = [*ordered, *((a + b) / 2 for a, b in zip(ordered, ordered[1:]))]
    probes += [ordered[0] - 1, ordered[-1] + 1] if ordered else [Fraction(0)]

    def in_state(value: Fraction) -> bool:
        n, d = value.numerator, value.denominator
        return any(all(interval_read._holds(a[0] * d * d + a[1] * n * d + a[2] * n * n, op) for _, op, a in chain) for chain in chains)

    def in_gold(value: Fraction) -> bool:
        return any((lo < value or (lo_closed and lo == value)) and (value < hi or (hi_closed and value == hi))
                   for lo, lo_closed, hi, hi_closed in pieces)

    return all(in_state(p) == in_gold(p) for p in probes)


def _golds(rng: random.Random) -> list[str]:
    """Gold sets as the generator writes them, and nearby and odd ones."""
    golds = [TASKS.get("inequality").from_level(level, seed=21).generate(i).data()["answer_sympy"] for level in range(1, 6) for i in range(8)]
    ends = ["-oo", "oo", "0", "-3", "5/2", "-7/4", "11", "1/0"]
    for _ in range(150):
        lo, hi = rng.choice(ends), rng.choice(ends)
        golds.append(f"{rng.choice('([')}{lo}, {hi}{rng.choice(')]')}")
        golds.append(f"(-oo, {rng.choice(ends)}{rng.choice(')]')} U {rng.choice('([')}{rng.choice(ends)}, oo)")
    return golds + ["{}", "(-oo, oo)", "[2, 2]", "(3, 1)", "(-oo, 1) U (0, oo)", "[1, 2] U [2, 3]", "x < 1", ""]


def _step_states() -> list[str]:
    """The texts of every move (sound and wrong) the space offers along the way from problems of every level."""
    out: dict[str, None] = {}
    for level in range(1, 6):
        generator = TASKS.get("inequality").from_level(level, seed=21)
        for i in range(8):
            problem = generator.generate(i)
            space = SPACES.get(problem.space)(problem)
            todo, seen = [space.root()], set()
            out[space.root().text()] = None
            while todo and len(seen) < 30:
                state = todo.pop()
                if state.parts in seen or space.is_terminal(state):
                    continue
                seen.add(state.parts)
                for move, _ in space._moves(state):
                    out[move.next_state.text()] = None
                    todo.append(move.next_state)
    return list(out)


def _junk(rng: random.Random, states: list[str]) -> list[str]:
    alphabet = "x0123456789 +-*/()<>=.^or"
    made = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 25))) for _ in range(1500)]
    for state in rng.sample(states, 300):  # a real state with one character changed, dropped or doubled
        n = rng.randrange(len(state))
        made += [state[:n] + rng.choice(alphabet) + state[n + 1:], state[:n] + state[n + 1:], state[:n] + state[n] + state[n:]]
    made += ["x**3 < 1", "x < 1 < x**3", "(" * 25 + "x" + ")" * 25 + " < 1", "x <  1", " < 1", "x < 1/0", "x**2 - x**2 + x**3 < 0",
             "x < 2 or x > 3 or x > 5", "0x < 1", "y < 1", "x\t< 1", "1 < x < 2 < 3", "x**2 > 0 or (x - 1)*(x + 2) <= 3*x/2"]
    return made


def test_relations_are_the_replaced_routes() -> None:
    states = _step_states()
    assert len(states) > 500
    rng = random.Random(4)
    texts = states + _junk(rng, states)
    read = 0
    for text in texts:
        for name in ("x", "y"):
            expected = _reference(text, name)
            assert interval_read._relations(text, name) == expected, (text, name)
            read += expected is not None
    assert read > 600


def test_verdicts_are_the_fraction_probes_verdicts() -> None:
    rng = random.Random(8)
    states = _step_states()
    golds = _golds(rng)
    pairs = [(state, gold) for state in rng.sample(states, 150) for gold in golds[:40]]  # the generator's golds
    pairs += [(state, gold) for state in rng.sample(states, 200) + _junk(rng, states)[:200] for gold in rng.sample(golds, 10)]
    own = [(state, ineq_state.set_text(ineq_state.parts_of(state))) for state in states if ineq_state.answerable(state)]
    pairs += [(state, gold) for state, gold in own] + [(state, gold.replace("(", "[", 1)) for state, gold in own[::3]]
    verdicts: Counter[bool | None] = Counter()
    for state, gold in pairs:
        expected = _reference_verdict(state, gold, "x")
        assert interval_read.same_solution_set(state, gold, "x") == expected, (state, gold)
        verdicts[expected] += 1
    assert min(verdicts[True], verdicts[False], verdicts[None]) > 100, verdicts


def test_roots_of_the_scaled_coefficients_are_the_fraction_roots() -> None:
    values = [Fraction(n, d) for n in range(-6, 7) for d in (1, 2, 3)]
    rng = random.Random(2)
    for _ in range(4000):
        c = (rng.choice(values), rng.choice(values), rng.choice(values + [Fraction(0)] * 10))
        scale = math.lcm(*(v.denominator for v in c))
        expected = _reference_roots(c)
        found = interval_read._rational_roots(tuple(v.numerator * (scale // v.denominator) for v in c))
        assert (found if found is None else sorted(found)) == (expected if expected is None else sorted(expected)), c


def test_root_pairs_are_the_roots_in_lowest_terms() -> None:
    """The sign chart's integer roots (``_root_pairs``) are ``_rational_roots``' fractions as ``Fraction`` keeps them:
    lowest terms, positive denominator (the chart's points are told apart by these pairs)."""
    rng = random.Random(3)
    seen = 0
    for _ in range(4000):
        a = (rng.randint(-40, 40), rng.randint(-40, 40), rng.choice([0, 0, 0, rng.randint(-12, 12)]))
        fractions = interval_read._rational_roots(a)
        pairs = interval_read._root_pairs(a)
        assert (None if fractions is None else [(f.numerator, f.denominator) for f in fractions]) == pairs, a
        seen += bool(pairs) and any(d > 1 for _, d in pairs) and any(a[k] < 0 for k in (1, 2))
    assert seen > 200
