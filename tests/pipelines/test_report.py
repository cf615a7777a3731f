"""The report page of a small run, as `cotforge report` writes it: quality figures equal to those of
`cotforge.pipelines.quality`, real examples with their checks, math as MathML, no empty chart."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from cotforge.pipelines.cli import main
from cotforge.pipelines.output import finish_run_log
from cotforge.pipelines.quality import ALL_LEVELS, measure_folder
from cotforge.pipelines.quality_table import pct
from cotforge.pipelines.report.mathtext import MathText
from cotforge.pipelines.storage import location


def report_of(exported: Path, folder: Path, runs: int) -> Path:
    """A copy of the exported run with ``runs`` lines in its run log, and its report written by the CLI."""
    out = folder / "out"
    shutil.copytree(exported, out)
    stats = json.loads((out / "stats.json").read_text())
    for _ in range(runs):
        finish_run_log(location(out), time.time() - 10, stats)
    assert main(["report", str(out)]) == 0
    return out / "report" / "index.html"


@pytest.fixture(scope="module")
def page(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return report_of(exported, tmp_path_factory.mktemp("report"), runs=2)


def test_quality_figures_on_the_page_are_the_measured_ones(exported: Path, page: Path) -> None:
    text = page.read_text()
    stats = json.loads((exported / "stats.json").read_text())
    figures = measure_folder(location(exported), stats["per_task_level"])
    table = text[text.index('<table class="quality">'):text.index("</table>", text.index('<table class="quality">'))]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table)[1:]
    assert len(rows) == len(figures)
    for row, f in zip(rows, figures):
        cells = re.findall(r"<td>(.*?)</td>", row)
        assert cells[:4] == [f["task"], str(f["level"]), str(f["records"]), pct(f["with_negative"])]
        assert cells[12] == pct(f["targets_pass_reward"])
    assert sum(f["level"] == ALL_LEVELS for f in figures) == 3


def test_every_image_exists_and_no_chart_is_empty(page: Path) -> None:
    text = page.read_text()
    images = re.findall(r'<img src="([^"]+)"', text)
    assert {"records.png", "cot_length.png", "history.png"} <= set(images)
    for name in images:
        assert (page.parent / name).stat().st_size > 1000
    assert "(none)" not in text and "rejections.png" not in images  # this run dropped nothing: said in words
    assert "No record was dropped" in text


def test_examples_show_checks_negatives_and_pairs_with_math(page: Path) -> None:
    text = page.read_text()
    for task in ("linear_equation", "knights_knaves", "code_output"):
        assert f"{task}, level 1</h4>" in text
    assert 'class="check ok"' in text and "first wrong step</span>" in text and "<h6>rejected</h6>" in text
    assert text.count("<math") > 10 and "menclose" in text  # the boxed answers, as MathML
    assert 'class="tex"' not in text  # every formula was drawn


def test_one_run_gives_a_sentence_not_a_plot(exported: Path, tmp_path: Path) -> None:
    text = report_of(exported, tmp_path, runs=1).read_text()
    assert "One run so far" in text and "history.png" not in text


def test_math_text() -> None:
    math = MathText()
    out = math.text("Solve $\\frac{1}{2}x = 3$ for x.\n\n$$x = 6$$ and ```python\nprint(1)\n```")
    assert "<mfrac>" in out and 'display="block"' in out and "<pre>print(1)\n</pre>" in out and "<br>" in out
    assert math.rendered == 2 and math.failed == 0
    bad = math.text("$\\frac{1}{$")
    assert 'class="tex"' in bad and math.failed == 1
    assert math.text("a < b & c") == "a &lt; b &amp; c"
