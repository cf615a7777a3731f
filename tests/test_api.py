"""The public Python API: ``cotforge.tasks``, ``make``, ``score``, ``__version__``."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import cotforge
from cotforge.core.errors import ConfigError, CotforgeError
from cotforge.core.registry import TASKS
from cotforge.pipelines.views.text import final_line

ROOT = Path(__file__).resolve().parent.parent


def test_version_is_the_projects() -> None:
    assert cotforge.__version__ == tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_tasks_lists_the_registry_and_filters_by_domain() -> None:
    assert cotforge.tasks() == TASKS.names() and len(cotforge.tasks()) >= 29
    by_domain = {d: cotforge.tasks(d) for d in ("math", "logic", "code")}
    assert sorted(sum(by_domain.values(), [])) == cotforge.tasks()
    assert "linear_equation" in by_domain["math"] and "sudoku" in by_domain["logic"] and "bug_fix" in by_domain["code"]
    with pytest.raises(ConfigError, match="unknown domain 'chemistry'"):
        cotforge.tasks("chemistry")


def test_the_readme_two_lines_run() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Python API", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)  # type: ignore[union-attr]
    lines = [line for line in code.splitlines() if line.strip()]
    assert lines[1].startswith("rows = cotforge.make(") and lines[2].startswith("cotforge.score(rows[0], ")
    scope: dict = {}
    exec(compile("\n".join(lines[:2]) + "\nresult = " + lines[2], "README.md", "exec"), scope)
    assert scope["result"].reward == 1.0 and scope["result"].status == "accept"
    said = re.search(r'rows\[0\]\["question"\]: "(.*)"', lines[1]).group(1)  # type: ignore[union-attr]
    assert scope["rows"][0]["question"] == said  # what the README says rows[0] is


def test_make_rows_are_plain_deterministic_and_sliceable() -> None:
    rows = cotforge.make("linear_equation", level=3, seed=7, n=5)
    assert rows == cotforge.make("linear_equation", level=3, seed=7, n=5)
    assert rows[2:] == cotforge.make("linear_equation", level=3, seed=7, n=3, start=2)
    assert rows != cotforge.make("linear_equation", level=3, seed=8, n=5)
    assert json.loads(json.dumps(rows)) == rows  # JSON-able: nothing but dicts, lists, strings and numbers
    row = rows[0]
    assert set(row) == {"id", "question", "answer", "prompt", "metadata"}
    assert row["prompt"] == [{"role": "user", "content": row["question"] + "\n\n" + row["prompt"][0]["content"].split("\n\n")[-1]}]
    assert "\\boxed" in row["prompt"][0]["content"]
    meta = row["metadata"]
    assert {k: meta[k] for k in ("task", "domain", "level", "verifier", "seed", "index")} == {
        "task": "linear_equation", "domain": "math", "level": 3, "verifier": "math", "seed": 7, "index": 0}
    assert meta["id"] == row["id"] and isinstance(json.loads(meta["payload"]), dict)
    assert cotforge.make("linear_equation", n=0) == []


def test_make_config_sets_a_tasks_knobs() -> None:
    plain = cotforge.make("linear_equation", level=1, n=3)
    renamed = cotforge.make("linear_equation", level=1, n=3, config={"variable": "y"})
    assert all("$y$" in r["question"] for r in renamed) and renamed != plain
    config = TASKS.get("linear_equation").config_cls(level=2, variable="z")
    assert cotforge.make("linear_equation", config=config, n=2) == cotforge.make("linear_equation", level=2, config={"variable": "z"}, n=2)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"task": "linear_equations"}, "unknown task 'linear_equations'; did you mean 'linear_equation'"),
        ({"task": "linear_equation", "level": 9}, "level must be an integer from 1 to 5, got 9"),
        ({"task": "linear_equation", "n": -1}, "n must be an integer >= 0"),
        ({"task": "linear_equation", "n": 10**9}, "ask in slices"),
        ({"task": "linear_equation", "config": {"varible": "y"}}, "no setting 'varible' .*its settings: variable"),
        ({"task": "linear_equation", "config": {"level": 2}}, "pass the level as level="),
        ({"task": "linear_equation", "seed": "0"}, "seed must be an integer"),
    ],
)
def test_make_refuses_bad_arguments_in_one_line(kwargs: dict, message: str) -> None:
    task = kwargs.pop("task")
    with pytest.raises(CotforgeError, match=message):
        cotforge.make(task, **kwargs)


@pytest.mark.parametrize("task", TASKS.names())
def test_score_gold_one_perturbed_zero_on_every_task(task: str) -> None:
    rows = cotforge.make(task, level=2, seed=3, n=2)
    generator = TASKS.get(task).from_level(2, seed=3)
    for i, row in enumerate(rows):
        domain = row["metadata"]["domain"]
        gold = cotforge.score(row, "Let me work it out.\n\n" + final_line(domain, row["answer"]))
        assert (gold.reward, gold.status) == (1.0, "accept"), gold
        wrong = generator.perturb(generator.generate(i), random.Random(i))
        bad = cotforge.score(row, [{"role": "assistant", "content": final_line(domain, wrong)}])
        assert bad.reward == 0.0 and bad.status in ("reject", "unreadable"), (wrong, bad)
    assert cotforge.score(rows[0], "I do not know.").reward == 0.0


def test_score_reads_rl_view_rows_and_refuses_rows_without_a_verifier() -> None:
    row = cotforge.make("knights_knaves", level=1, n=1)[0]
    flat = {**row["metadata"], "prompt": row["prompt"]}  # the rl view's layout: the fields at the top
    completion = final_line("logic", row["answer"])
    assert cotforge.score(flat, completion).reward == 1.0
    assert cotforge.score({**row, "metadata": json.dumps(row["metadata"])}, completion).reward == 1.0
    with pytest.raises(ConfigError, match="the row lacks .*verifier"):
        cotforge.score({"question": "2+2?", "answer": "4"}, "4")


def test_generating_and_scoring_import_neither_prefect_nor_torch() -> None:
    code = (
        "import sys, cotforge\n"
        "from cotforge.pipelines.views.text import final_line\n"
        "for task in cotforge.tasks():\n"
        "    row = cotforge.make(task, level=1, n=1)[0]\n"
        "    assert cotforge.score(row, final_line(row['metadata']['domain'], row['answer'])).reward == 1.0, task\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'prefect', 'torch', 'transformers', 'trl'})\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
