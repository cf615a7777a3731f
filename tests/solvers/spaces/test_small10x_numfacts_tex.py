"""The number theory space writes its facts' LaTeX from their numbers, byte for byte what ``fact_latex`` makes of
the fact's text through the LaTeX reader (small10x, issue 21), for every move of every state of 60 problems (the
states after wrong moves too)."""

from __future__ import annotations

from cotforge.core.registry import TASKS
from cotforge.solvers.spaces.number_theory import NumberState, NumberTheorySpace, fact_latex


def test_every_facts_latex_is_the_readers() -> None:
    specs = 0
    kinds: set[str] = set()
    for level in range(1, 6):
        for seed in (1, 8):
            for index in range(6):
                space = NumberTheorySpace(TASKS.get("number_theory").from_level(level, seed=seed).generate(index))
                todo, seen = [space.root()], set()
                if space.kind.startswith("power"):  # a^0 and a^1 read off (after Fermat, when k is 0 or 1 mod m - 1)
                    a, _, m = space.numbers
                    todo += [NumberState("square", (k, 0, a % m, ())) for k in (0, 1)]
                while todo:
                    state = todo.pop()
                    if state in seen or space.is_terminal(state):
                        continue
                    seen.add(state)
                    try:
                        moves = space._moves(state)
                    except ArithmeticError:  # a slip's state no move leaves (gcd(a, 0))
                        continue
                    for spec in moves:
                        assert spec.tex == fact_latex(spec.fact), spec.fact
                        if spec.kind == "factor" and ". So $" in spec.text:
                            assert spec.text.endswith(f". So ${fact_latex(spec.fact)}$")
                        specs += 1
                        kinds.add(spec.kind)
                    todo += [m.next_state for m in moves]
    assert specs > 3000
    assert kinds == {"euclid", "lcm", "factor", "count", "fermat", "square", "read_off", "combine"}, kinds
