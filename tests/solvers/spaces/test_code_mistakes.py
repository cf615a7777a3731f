"""The mistakes of a careless tracer: one-line edits of the program, each of one named kind."""

from __future__ import annotations

import ast
import random

from cotforge.solvers.spaces._code_mistakes import MAX_MISTAKES, mistakes

PROGRAM = """xs = [4, 1, 7]
word = 'summer'
total = 0
for i in range(1, 4):
    total += i
n = 20
while n > 6:
    n -= 5
if total > 5:
    print('big')
xs.insert(1, 9)
last = xs.pop()
print(word[1:4], len(word), word.count('m'), xs[1], total // 4)
print(total + n * 2, total - n - 1)"""


def _kinds(seed: int) -> dict[str, set[str]]:
    made: dict[str, set[str]] = {}
    for m in mistakes(PROGRAM, once={9}, rng=random.Random(seed)):
        made.setdefault(m.kind, set()).add(m.source)
    return made


def test_each_mistake_edits_one_line_and_keeps_the_program_valid() -> None:
    real = PROGRAM.split("\n")
    for seed in range(5):
        found = mistakes(PROGRAM, once={9}, rng=random.Random(seed))
        assert 0 < len(found) <= MAX_MISTAKES
        for m in found:
            lines = m.source.split("\n")
            assert len(lines) == len(real)
            assert [j + 1 for j, (a, b) in enumerate(zip(real, lines)) if a != b] == [m.line]
            ast.parse(m.source)


def test_the_edits_are_the_mistakes_they_are_named() -> None:
    made: dict[str, set[str]] = {}
    for seed in range(30):
        for kind, sources in _kinds(seed).items():
            made.setdefault(kind, set()).update(sources)
    line = {kind: {s.split("\n")[m - 1] for s in sources for m in [next(j + 1 for j, (a, b) in
            enumerate(zip(PROGRAM.split("\n"), s.split("\n"))) if a != b)]} for kind, sources in made.items()}
    assert {"for i in range(1, (4) + 1):", "for i in range(1, (4) - 1):"} <= line["off_by_one_bound"]
    assert "while n >= 6:" in line["off_by_one_bound"]
    assert "if not (total > 5):" in line["wrong_branch"]
    assert "    total = (i)" in line["accumulator_reset"]
    assert any("word[1:(4) + 1]" in x for x in line["slice_end"])
    assert any("(word.count('m') + 1)" in x or "(word.count('m') - 1)" in x for x in line["miscount"])
    assert any("xs[0]" in x for x in line["index_from_one"])
    assert any("(total) / (4)" in x for x in line["int_float_division"])
    assert {"last = xs.pop(0)", "xs.insert((1) + 1, 9)"} <= line["list_method_slip"]
    assert {"print(((total) + (n)) * (2), total - n - 1)", "print(total + n * 2, (total) - ((n) - (1)))"} <= line["precedence"]


def test_a_branch_is_flipped_only_where_it_is_decided_once() -> None:
    for seed in range(10):
        assert not any(m.kind == "wrong_branch" for m in mistakes(PROGRAM, once=set(), rng=random.Random(seed)))


def test_the_same_rng_gives_the_same_mistakes() -> None:
    assert mistakes(PROGRAM, {9}, random.Random(3)) == mistakes(PROGRAM, {9}, random.Random(3))
