"""The report page of a small run, as `cotforge report` writes it: quality figures equal to those of
`cotforge.pipelines.quality`, real examples with their checks, math as MathML, no empty chart."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
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
    tables = re.findall(r'<table class="quality">(.*?)</table>', text, re.DOTALL)
    assert len(tables) == 2  # learning signals; variety and targets
    signals, variety = ([re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", t)[1:]] for t in tables)
    assert len(signals) == len(variety) == len(figures)
    for a, b, f in zip(signals, variety, figures):
        assert a[:3] == b[:3] == [f["task"], str(f["level"]), str(f["records"])]
        assert a[3:5] == [pct(f["with_negative"]), pct(f["first_error_at_last"])]
        assert b[3] == str(f["question_structures"]) and b[6] == pct(f["targets_pass_reward"])
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
    assert text.count('<p class="parts">') >= 2  # where a pair parts, on both sides
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


def test_a_negative_s_verdict_draws_its_answer_as_math() -> None:
    from cotforge.pipelines.report.examples import _reason

    math = MathText()
    said = _reason("'-2 \\\\cos\\\\left(x\\\\right) - \\\\frac{2}{x}' is not equal to the expected expression", "math", math)
    assert said.startswith("<math") and "<mfrac>" in said and "\\" not in said and said.endswith(" is not equal to the expected expression")
    assert _reason("dead end: 'Ann' lies", "logic", math) == "dead end: &#x27;Ann&#x27; lies"
    assert _reason(None, "math", math) == "no reason given"
    cut = _reason("'8 x^{2} \\\\left(x + 7\\\\r' is not equal", "math", math)  # a message cut inside a formula
    assert cut == "<code>8 x^{2} \\left(x + 7\\r</code> is not equal" and math.failed == 0
    assert _reason("dead end: Line 4: `print(x)` prints `42`.", "code", math) == "dead end: Line 4: <code>print(x)</code> prints <code>42</code>."


def test_the_report_imports_no_model_stack(page: Path) -> None:
    # a report is rendered on machines without a GPU stack: it must not pull torch and friends in
    code = ("import sys; from cotforge.pipelines.cli import main; assert main(['report', sys.argv[1]]) == 0; "
            "print(sorted(m for m in ('torch', 'transformers', 'trl', 'vllm', 'ray', 'datasets') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(page.parent.parent)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_pair_shown_is_made_of_the_negative_shown(exported: Path) -> None:
    import pyarrow.parquet as pq

    from cotforge.pipelines.report.examples import _negative_and_pair

    rows = [r for f in sorted((exported / "data" / "raw").glob("*.parquet")) for r in pq.read_table(f).to_pylist()]
    paired = 0
    for row in rows:
        negative, pair = _negative_and_pair(row)
        assert (negative is None) == (not row["negatives"])
        if pair is not None:
            paired += 1
            steps = [s["text"] for s in negative["steps"]]
            assert pair["rejected"].split("\n\n")[:len(steps)] == steps
    assert paired > len(rows) / 2


def test_figures_off_target_are_flagged(exported: Path) -> None:
    from cotforge.pipelines.quality_table import html_table

    stats = json.loads((exported / "stats.json").read_text())
    good = next(f for f in measure_folder(location(exported), stats["per_task_level"], sample=0) if f["task"] == "linear_equation")
    good = {**good, "with_negative": 1.0, "dpo_length_ratio": 1.0, "surface_probe": 0.55, "dpo_pairs": 80,
            "step_probe": 0.5, "dpo_step_pairs": 80}
    assert '<td class="off"' not in html_table([good])
    older = {k: v for k, v in good.items() if k not in ("step_probe", "dpo_step_pairs")}  # a run measured before the step probe
    assert '<td class="off"' not in html_table([older])
    few = {**good, "surface_probe": 0.9, "dpo_pairs": 20}  # 20 pairs: too few to call 90% a shortcut
    assert '<td class="off"' not in html_table([few])
    assert '<td class="off"' not in html_table([{**good, "surface_probe": 0.6038}])  # shown as 60%: on target
    bad = {**good, "with_negative": 0.5, "surface_probe": 0.9, "dpo_length_ratio": 0.4}
    flagged = re.findall(r'<td class="off" title="([^"]+)">([^<]+)</td>', html_table([bad]))
    assert flagged == [("target: at least 80% of records", "50%"), ("target: 0.7 to 1.3", "0.40"),
                       ("target: at most 60% (flagged from 50 pairs)", "90%")]
    steps = re.findall(r'<td class="off" title="([^"]+)">([^<]+)</td>', html_table([{**good, "step_probe": 0.7}]))
    assert steps == [("target: at most 60% (flagged from 50 pairs)", "70%")]
