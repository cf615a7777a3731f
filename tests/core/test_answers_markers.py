"""The prose-marker scan of the answer reader begins on the line where the first marker could start (every marker
spells "answer", and starts at most a few words and a run of spaces before it, or at its line's start): it must find
exactly the markers a scan of the whole text finds, on the reader's own tables, the adversarial tables of math and
logic, real chains of thought, and texts built to put markers where the window could miss them."""

from __future__ import annotations

import itertools
import random

from cotforge.core import answers
from cotforge.core.registry import TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem

_PIECES = [
    "final answer:", "Final  Answer is", "FINAL\n\n answer\n", "the answer is", "The\tcorrect \n\n answer is",
    "the right answer is:", "answer:", "Answer**:", "## Answer 5", "> answer $3$", "   answer -2", "*answer* (4)",
    "anſwer: 7", "the answer", "final", "the", "correct", "right", "answers", "canswer:", "answered: 1",
    "\\boxed{5}", "<answer>6</answer>", "#### 12", "```\nanswer: 9\n```", "so 3 + 4 = 7.", "x", "",
]
_GLUE = ["", " ", "\n", "\n\n", "\t", "  \n ", "**", "_", ". ", "\u00a0", "\r\n"]


def _texts() -> list[str]:
    from tests.core.test_answers import READ
    from tests.verifiers.math_adversarial_data import EQUATIONS, ISSUE, PROSE, WRAPPED

    texts = [row[0] for row in READ] + [row[1] for rows in (ISSUE, WRAPPED, PROSE, EQUATIONS) for row in rows]
    for task in ("sudoku", "knights_knaves", "linear_equation", "countdown"):
        for index in range(3):
            record = solve_problem(TASKS.get(task).from_level(3, seed=2).generate(index), SearchSettings()).result
            cot = getattr(record, "cot", "")
            texts += [cot, cot.replace("Answer", "answer"), "final\n" + cot, "The correct\n\n" + cot]
    rng = random.Random(5)
    for _ in range(4000):
        parts = rng.choices(_PIECES, k=rng.randint(1, 6))
        texts.append("".join(p + rng.choice(_GLUE) for p in parts))
    texts += ["".join(pair) for pair in itertools.product(_PIECES[:12], _GLUE[:6])]
    return [t for t in texts if isinstance(t, str)]


def test_the_windowed_scan_finds_what_the_whole_scan_finds() -> None:
    texts = _texts()
    found = 0
    for text in texts:
        whole = [m.span() for m in answers._MARKER.finditer(text)]
        assert [m.span() for m in answers._markers(text)] == whole, text
        found += bool(whole)
    assert found > 2000 and len(texts) > 4500
