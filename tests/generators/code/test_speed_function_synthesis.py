"""function_synthesis' pin_down with remembered values and readings ruled out for good gives what the plain one gave:
the same examples (or None) on drawn specs of every level, edge-case inputs and pools with repeated values included."""

from __future__ import annotations

import random

import pytest

from cotforge.domains.code_ops import OPS, apply
from cotforge.generators.code._pipelines import EDGE, distinct_inputs, draw_pipeline
from cotforge.generators.code.function_synthesis import SHAPE, pin_down, readings


def _reference_misleading(names: list[str], vague: list[int], examples: list, tests: list) -> list[list[str]]:
    """``misleading`` as it was: every reading applied afresh to every example and test."""
    def fits(r: list[str], xs: list) -> bool:
        return all(apply(r, x)[-1] == apply(names, x)[-1] for x in xs)
    return [r for r in readings(names, vague, wide=True) if r != names and fits(r, examples) and not fits(r, tests)]


def _reference_pin_down(names: list[str], vague: list[int], examples: list, candidates: list, tests: list,
                        most: int = 6) -> list | None:
    """``pin_down`` as it was, over ``_reference_misleading``."""
    shown = list(examples)
    left = [c for c in candidates if c not in shown]
    while bad := _reference_misleading(names, vague, shown, tests):
        if len(shown) >= most or not left:
            return None

        def ruled_out(x: object) -> int:
            return sum(apply(r, x)[-1] != apply(names, x)[-1] for r in bad)
        best = max(left, key=ruled_out)
        if ruled_out(best) == 0:
            return None
        shown.append(best)
        left.remove(best)
    return shown


def _specs(level: int, count: int, seed: int) -> list[tuple[list[str], list[int], list, list, list]]:
    rng = random.Random(seed)
    n_ops, n_vague = SHAPE[level]
    out = []
    while len(out) < count:
        names = draw_pipeline(rng, n_ops)
        candidates = [i for i, n in enumerate(names) if len(readings([n], [0])) > 1]
        vague = sorted(rng.sample(candidates, min(n_vague, len(candidates))))
        kind = OPS[names[0]].src
        pool = distinct_inputs(rng, kind, 12)
        if rng.random() < 0.3:  # equal values as distinct objects: the memo tells inputs apart by identity
            pool[5] = list(pool[0]) if isinstance(pool[0], list) else pool[0]
        hidden = EDGE[kind] + distinct_inputs(rng, kind, 8, avoid=pool)
        out.append((names, vague, pool[:3], pool[3:] + EDGE[kind], pool + hidden))
    return out


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_pin_down_gives_what_the_plain_route_gave(level: int) -> None:
    specs = _specs(level, 12 if level == 5 else 30, seed=level)
    outcomes = []
    for names, vague, examples, candidates, tests in specs:
        want = _reference_pin_down(names, vague, examples, candidates, tests)
        got = pin_down(names, vague, examples, candidates, tests)
        assert got == want, (names, vague)
        outcomes.append(got)
        for most in (3, 4):  # the cap on examples cuts the loop at other rounds
            assert pin_down(names, vague, examples, candidates, tests, most) == _reference_pin_down(
                names, vague, examples, candidates, tests, most)
    if level >= 3:  # vague specs: some need examples added, so the rounds after the first are exercised
        assert any(o is not None and len(o) > 3 for o in outcomes)
