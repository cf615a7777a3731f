"""``domains.latex.latex`` against the LaTeX it wrote before its reader was rewritten for speed (issue 21): 2,000
machine texts drawn from every non-code task's records (states, moves, answers; seed 31, six problems a level) and
the reader's error paths, each with its LaTeX as the earlier reader (c2747dd) wrote it. The rows of every task
depend on these strings, so one changed character is a changed dataset."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cotforge.domains import latex as latex_module

GOLDEN = Path(__file__).parent / "data" / "latex_golden.jsonl.gz"


def _golden() -> list[tuple[str, str]]:
    with gzip.open(GOLDEN, "rt", encoding="utf-8") as handle:
        return [tuple(json.loads(line)) for line in handle]


def test_every_machine_text_gets_the_same_latex() -> None:
    rows = _golden()
    latex_module.latex.cache_clear()
    changed = [(machine, want, got) for machine, want in rows if (got := latex_module.latex(machine)) != want]
    assert len(rows) > 2000 and not changed, changed[:5]
    assert sum("\\frac" in want for _, want in rows) > 200  # the corpus reaches the renderer's cases
    assert sum(want == "" for _, want in rows) < 10


@pytest.mark.parametrize("machine", ["(x + 1", "x + 1)", "", "   ", "x $ y"])
def test_text_no_reader_reads_gets_no_latex_rather_than_an_error(machine: str) -> None:
    assert latex_module.latex(machine) == ""
