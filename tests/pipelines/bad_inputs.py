"""The bad-input suite: hostile and careless inputs to `run`, `annotate`, `export`, the Python API
and the reward functions, each run as a user would and each expected to end in one line.

``python bad_inputs.py WORK RESULTS.json`` builds the inputs under WORK, imports cotforge once,
then runs every case in a forked child whose address space may grow by at most 1 GiB beyond
those imports (``RLIMIT_AS``) and which is killed after ``CASE_SECONDS``. For each case it
records the exit code (CLI) or the exception (API), stderr, and the child's peak RSS; the
pytest module ``test_bad_inputs.py`` checks them. CLI cases call ``cli.main(argv)`` in the
child exactly as the ``cotforge`` entry point does.
"""

from __future__ import annotations

import http.server
import json
import os
import resource
import signal
import socket
import sys
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GIB = 1 << 30
CASE_SECONDS = 120

GOOD = {"name": "r", "seed": 1, "tasks": [{"name": "linear_equation", "count": 4, "levels": [1]}], "unit_size": 4}
LAUGHS = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
          + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)))
LAUGHS_FLOW = "[" + ",".join(["&a0 [" + ",".join(['"lol"'] * 9) + "]"] + [f"&a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]"
                                                                       for i in range(1, 9)]) + "]"


@dataclass(frozen=True)
class Case:
    name: str
    expect: str
    """Text the one error line must hold: it names the input that is wrong."""
    argv: tuple[str, ...] = ()
    """CLI arguments ({W} is the work folder, {O} a fresh output path for this case)."""
    api: str = ""
    """Or the name of a function below, called with the work folder; it must raise a CotforgeError."""


def recipe(**change: Any) -> str:
    return json.dumps({**GOOD, **change})


def task(**change: Any) -> str:
    return recipe(tasks=[{"name": "linear_equation", "count": 4, "levels": [1], **change}])


def search(**change: Any) -> str:
    return recipe(search=change)


def filters(**change: Any) -> str:
    return recipe(filters=change)


RECIPES: dict[str, str | bytes] = {
    "non_utf8": b"name: r\nseed: \xff\xfe\n",
    "deep": "[" * 5000 + "]" * 5000,
    "deep_map": "".join("{k: " for _ in range(200)) + "1" + "}" * 200,
    "laughs": LAUGHS,
    "laughs_flow": LAUGHS_FLOW,
    "alias_cycle": "&a [*a]",
    "a_list": "[1, 2, 3]",
    "a_scalar": "just text",
    "empty": "",
    "python_tag": "!!python/object/apply:os.system ['echo pwned']",
    "python_name": "name: !!python/name:os.system\ntasks: []\n",
    "broken": "name: r\ntasks: [\n",
    "tab_indent": "name: r\n\ttasks: []\n",
    "huge": "name: r\n# " + "x" * 1_200_000 + "\n",
    "count_1e12": recipe(count=1_000_000_000_000, tasks=[{"name": "linear_equation", "levels": [1]}]),
    "task_count_1e12": task(count=1_000_000_000_000),
    "units_too_many": recipe(tasks=[{"name": "linear_equation", "count": 5_000_000}], unit_size=1),
    "seed_1e30": recipe(seed=10**30),
    "seed_neg_1e30": recipe(seed=-(10**30)),
    "seed_text": recipe(seed="abc"),
    "seed_fraction": recipe(seed=1.5),
    "seed_list": recipe(seed=[1]),
    "exploration_inf": "name: r\ntasks: [{name: linear_equation, count: 4}]\nsearch: {exploration: .inf}\n",
    "weight_inf": "name: r\ncount: 8\ntasks: [{name: linear_equation, weight: .inf}]\n",
    "exploration_nan": "name: r\ntasks: [{name: linear_equation, count: 4}]\nsearch: {exploration: .nan}\n",
    "threshold_nan": "name: r\ntasks: [{name: linear_equation, count: 4}]\nfilters: {near_duplicate: {threshold: .nan}}\n",
    "max_seconds_inf": "name: r\ntasks: [{name: linear_equation, count: 4}]\nsearch: {max_seconds: .inf}\n",
    "name_dotdot": recipe(name=".."),
    "name_dot": recipe(name="."),
    "name_slash": recipe(name="/"),
    "name_empty": recipe(name=""),
    "name_abs": recipe(name="/etc"),
    "name_nested": recipe(name="a/b"),
    "name_long": recipe(name="n" * 500),
    "name_number": recipe(name=12),
    "name_null": recipe(name=None),
    "task_unknown": task(name="linear_equatoin"),
    "task_name_huge": task(name="x" * 100_000),
    "levels_9": task(levels=[9]),
    "levels_empty": task(levels=[]),
    "levels_repeat": task(levels=[1, 1]),
    "levels_text": task(levels="all"),
    "tasks_empty": recipe(tasks=[]),
    "tasks_missing": json.dumps({"name": "r"}),
    "tasks_twice": recipe(tasks=[{"name": "linear_equation", "count": 1}, {"name": "linear_equation", "count": 2}]),
    "tasks_mapping": recipe(tasks={"linear_equation": 4}),
    "count_negative": task(count=-3),
    "no_count": recipe(tasks=[{"name": "linear_equation"}]),
    "unit_size_0": recipe(unit_size=0),
    "unit_size_huge": recipe(unit_size=10**12),
    "workers_0": recipe(workers=0),
    "workers_1e6": recipe(workers=1_000_000),
    "shard_rows_0": recipe(shard_rows=0),
    "min_steps_0": recipe(min_steps=0),
    "algorithm_unknown": search(algorithm="mcst"),
    "max_expansions_0": search(max_expansions=0),
    "branching_1e9": search(branching=10**9),
    "beam_width_1e9": search(beam_width=10**9),
    "negatives_1e9": search(negatives=10**9),
    "num_perm_1e9": filters(near_duplicate={"num_perm": 10**9}),
    "threshold_2": filters(near_duplicate={"threshold": 2}),
    "unknown_field": recipe(colour="red"),
    "unknown_search_field": search(speed="fast"),
    "output_ftp": recipe(output="ftp://example.com/x"),
    "output_http": recipe(output="http://127.0.0.1:9/x"),
    "output_zip": recipe(output="zip://x"),
    "output_nosuch": recipe(output="nosuchfs://x"),
    "output_number": recipe(output=123),
    "output_empty": recipe(output=""),
    "decontaminate_missing": filters(decontaminate=[{"path": "{W}/no-such-bench.jsonl"}]),
    "decontaminate_binary": filters(decontaminate=[{"path": "{W}/binary.jsonl"}]),
    "decontaminate_corrupt_parquet": filters(decontaminate=[{"path": "{W}/corrupt.parquet"}]),
    "decontaminate_empty_folder": filters(decontaminate=[{"path": "{W}/empty-folder"}]),
    "decontaminate_no_field": filters(decontaminate=[{"path": "{W}/bench.jsonl", "fields": ["problem"]}]),
    "decontaminate_bad_line": filters(decontaminate=[{"path": "{W}/bad-line.jsonl"}]),
    "decontaminate_numbers": filters(decontaminate=[{"path": "{W}/numbers.jsonl"}]),
    "decontaminate_n_0": filters(decontaminate=[{"path": "{W}/bench.jsonl", "n": 0}]),
    "decontaminate_txt": filters(decontaminate=[{"path": "{W}/notes.txt"}]),
    "tokenizer_missing": filters(length={"tokenizer": "{W}/no-tokenizer"}),
    "tokenizer_garbage": filters(length={"tokenizer": "{W}/garbage-tokenizer"}),
    "near_dup_against_missing": filters(near_duplicate={"against": ["{W}/no-earlier-run"]}),
    "near_dup_against_user_folder": filters(near_duplicate={"against": ["{W}/user-project"]}),
    "balance_unknown_task": filters(balance={"tasks": {"knights_knaves": 1}}),
    "balance_all_zero": filters(balance={"tasks": {"linear_equation": 0}}),
    "balance_negative": filters(balance={"tasks": {"linear_equation": -1}}),
    "balance_level_9": filters(balance={"levels": {9: 1}}),
    "balance_empty": filters(balance={"tasks": {}}),
    "prm_threshold_2": recipe(views={"prm_threshold": 2}),
    "views_unknown": recipe(views={"dpo_pairs": 3}),
    "engine_spark": recipe(engine="spark"),
}

RUN_EXPECT = {
    "non_utf8": "not UTF-8", "deep": "nested more than", "deep_map": "nested more than", "laughs": "aliases",
    "laughs_flow": "aliases", "alias_cycle": "alias *'a'", "a_list": "must be a mapping", "a_scalar": "must be a mapping",
    "empty": "must be a mapping", "python_tag": "python/object/apply", "python_name": "python/name", "broken": "not valid YAML",
    "tab_indent": "not valid YAML", "huge": "at most", "count_1e12": "count", "task_count_1e12": "tasks.0.count",
    "units_too_many": "work units", "seed_1e30": "seed", "seed_neg_1e30": "seed", "seed_text": "seed", "seed_fraction": "seed",
    "seed_list": "seed", "exploration_inf": "search.exploration", "weight_inf": "tasks.0.weight",
    "exploration_nan": "search.exploration", "threshold_nan": "filters.near_duplicate.threshold",
    "max_seconds_inf": "search.max_seconds", "name_dotdot": "name", "name_dot": "name", "name_slash": "name",
    "name_empty": "name", "name_abs": "name", "name_nested": "name", "name_long": "name", "name_number": "name",
    "name_null": "name", "task_unknown": "linear_equatoin", "task_name_huge": "tasks.0.name", "levels_9": "tasks.0.levels",
    "levels_empty": "tasks.0.levels", "levels_repeat": "tasks.0.levels", "levels_text": "tasks.0.levels",
    "tasks_empty": "tasks", "tasks_missing": "tasks", "tasks_twice": "listed twice", "tasks_mapping": "tasks",
    "count_negative": "tasks.0.count", "no_count": "no count", "unit_size_0": "unit_size", "unit_size_huge": "unit_size",
    "workers_0": "workers", "workers_1e6": "workers", "shard_rows_0": "shard_rows", "min_steps_0": "min_steps",
    "algorithm_unknown": "mcst", "max_expansions_0": "search.max_expansions", "branching_1e9": "search.branching",
    "beam_width_1e9": "search.beam_width", "negatives_1e9": "search.negatives",
    "num_perm_1e9": "filters.near_duplicate.num_perm", "threshold_2": "filters.near_duplicate.threshold",
    "unknown_field": "colour", "unknown_search_field": "search.speed", "output_ftp": "ftp", "output_http": "http",
    "output_zip": "zip", "output_nosuch": "nosuchfs", "output_number": "output", "output_empty": "output",
    "decontaminate_missing": "no-such-bench.jsonl", "decontaminate_binary": "binary.jsonl",
    "decontaminate_corrupt_parquet": "corrupt.parquet", "decontaminate_empty_folder": "empty-folder",
    "decontaminate_no_field": "problem", "decontaminate_bad_line": "bad-line.jsonl, line 2",
    "decontaminate_numbers": "numbers.jsonl, record 1", "decontaminate_n_0": "filters.decontaminate.0.n",
    "decontaminate_txt": "notes.txt", "tokenizer_missing": "no-tokenizer", "tokenizer_garbage": "garbage-tokenizer",
    "near_dup_against_missing": "no-earlier-run", "near_dup_against_user_folder": "user-project",
    "balance_unknown_task": "knights_knaves", "balance_all_zero": "filters.balance.tasks",
    "balance_negative": "filters.balance.tasks", "balance_level_9": "filters.balance.levels",
    "balance_empty": "filters.balance.tasks", "prm_threshold_2": "views.prm_threshold", "views_unknown": "views.dpo_pairs",
    "engine_spark": "engine",
}

SETS = {  # --set values on a good recipe
    "set_broken_yaml": ("seed=[1, 2", "--set 'seed'"),
    "set_python_tag": ("seed=!!python/object/apply:os.system ['true']", "python/object/apply"),
    "set_laughs": (f"tasks={LAUGHS_FLOW}", "aliases"),
    "set_deep": ("tasks=" + "[" * 3000 + "]" * 3000, "nested"),
    "set_no_equals": ("seed", "key=value"),
    "set_empty_key": ("=5", "empty part"),
    "set_empty_part": ("search..branching=2", "empty part"),
    "set_index_out_of_range": ("tasks.9.count=1", "tasks.9"),
    "set_index_not_number": ("tasks.x.count=1", "tasks.x"),
    "set_into_a_value": ("seed.x=1", "'seed' is a single value"),
    "set_inf": ("search.exploration=.inf", "search.exploration"),
    "set_float_overflow": ("seed=1.0e400", "seed"),
    "set_count_1e12": ("tasks.0.count=1000000000000", "tasks.0.count"),
    "set_name_dotdot": ("name=..", "name"),
    "set_output_ftp": ("output=ftp://example.com/run", "ftp"),
    "set_huge_value": ("name=" + "x" * 1_100_000, "at most"),
    "set_workers_negative": ("workers=-1", "workers"),
    "set_balance_unknown": ("filters.balance.tasks.nonexistent=1", "nonexistent"),
    "set_unknown_key": ("colour=red", "colour"),
    "set_binary_tag": ("name=!!binary AAAA", "name"),
    "set_timestamp": ("name=2024-01-01", "name"),
}

ANNOTATE_INPUTS: dict[str, tuple[str | bytes, str]] = {  # file name -> (content, expected text)
    "numbers.jsonl": ("1\n2\n", "numbers.jsonl, line 1: a record must be a JSON object"),
    "strings.jsonl": ('"what is 2+2"\n', "strings.jsonl, line 1: a record must be a JSON object"),
    "lists.jsonl": ('["q", "a"]\n', "lists.jsonl, line 1"),
    "null_answer.jsonl": ('{"question": "1+1?", "answer": "2"}\n{"question": "2+2?", "answer": null}\n', "null_answer.jsonl, line 2: answer field 'answer' is null"),
    "list_answer.jsonl": ('{"question": "roots?", "answer": [1, 2]}\n', "line 1: answer field 'answer' is a list"),
    "dict_answer.jsonl": ('{"question": "x?", "answer": {"x": 1}}\n', "line 1: answer field 'answer' is a mapping"),
    "bool_answer.jsonl": ('{"question": "true?", "answer": true}\n', "line 1: answer field 'answer' is a boolean"),
    "nan_answer.jsonl": ('{"question": "0/0?", "answer": NaN}\n', "line 1: answer field 'answer' is NaN"),
    "inf_answer.jsonl": ('{"question": "1/0?", "answer": Infinity}\n', "line 1: answer field 'answer' is NaN or infinite"),
    "null_question.jsonl": ('{"question": null, "answer": "2"}\n', "line 1: question field 'question' is null"),
    "number_question.jsonl": ('{"question": 7, "answer": "2"}\n', "line 1: question field 'question' is a number"),
    "empty_question.jsonl": ('{"question": "   ", "answer": "2"}\n', "line 1: question field 'question' is empty"),
    "empty_answer.jsonl": ('{"question": "1+1?", "answer": ""}\n', "line 1: answer field 'answer' is empty"),
    "third_lacks_answer.jsonl": ('{"question": "a?", "answer": "1"}\n' * 2 + '{"question": "c?"}\n', "line 3: no field 'answer'"),
    "bad_json.jsonl": ('{"question": "a?", "answer": "1"}\n{"question": \n', "bad_json.jsonl, line 2: not valid JSON"),
    "empty.jsonl": ("", "empty.jsonl holds no records"),
    "blank.jsonl": ("\n\n  \n", "blank.jsonl holds no records"),
    "binary.jsonl": (bytes(range(256)) * 40, "binary.jsonl, line 1"),
    "latin1.jsonl": ('{"question": "caf\xe9?", "answer": "1"}\n'.encode("latin-1"), "latin1.jsonl, line 1: not UTF-8"),
    "no_newline.jsonl": (b"x" * 9_000_000, "no_newline.jsonl, line 1: longer than"),
    "huge_int.jsonl": ('{"question": "big?", "answer": ' + "9" * 5000 + "}\n", "huge_int.jsonl, line 1: not valid JSON"),
    "deep.jsonl": ("[" * 100_000 + "]" * 100_000 + "\n", "deep.jsonl, line 1"),
    "pairs.csv": ("question,answer\n1+1?,2\n", "expected a .jsonl or .parquet file"),
    "corrupt.parquet": (b"PAR1 this is not parquet PAR1", "corrupt.parquet: not a readable Parquet file"),
    "garbage-folder/x.bin": (b"\x00\x01\x02", "garbage-folder"),
}


def user_files(root: Path) -> None:
    for name, content in {"data/images/cat.jpg": b"\xff\xd8", "data/notes.txt": b"notes", "README.md": b"# mine\n"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)


def build(work: Path) -> list[Case]:
    """Write every input under ``work``; return the cases."""
    work.mkdir(parents=True, exist_ok=True)
    (work / "binary.jsonl").write_bytes(bytes(range(256)) * 40)
    (work / "corrupt.parquet").write_bytes(b"PAR1 not parquet at all PAR1")
    (work / "empty-folder").mkdir(exist_ok=True)
    (work / "bench.jsonl").write_text('{"question": "what is one plus one"}\n')
    (work / "bad-line.jsonl").write_text('{"question": "fine"}\n{"question": \n')
    (work / "numbers.jsonl").write_text("1\n2\n")
    (work / "notes.txt").write_text("some notes\n")
    (work / "garbage-tokenizer").mkdir(exist_ok=True)
    (work / "garbage-tokenizer" / "tokenizer.json").write_text("{not json")
    (work / "garbage-tokenizer" / "tokenizer_config.json").write_text('{"tokenizer_class": "PreTrainedTokenizerFast"}')
    user_files(work / "user-project")
    (work / "a-file").write_text("not a folder")
    cases: list[Case] = []
    recipes = work / "recipes"
    recipes.mkdir(exist_ok=True)
    for name, content in RECIPES.items():
        path = recipes / f"{name}.yaml"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content.replace("{W}", str(work)))
        out = () if name.startswith("output_") else ("--out", "{O}")  # --out would override the recipe's output
        cases.append(Case(f"run:{name}", RUN_EXPECT[name], ("run", str(path), *out)))
    good = recipes / "good.yaml"
    good.write_text(recipe())
    for name, (assignment, expect) in SETS.items():
        out = () if assignment.startswith("output=") else ("--out", "{O}")  # --out would override it
        cases.append(Case(f"run:{name}", expect, ("run", str(good), *out, "--set", assignment)))
    cases += [
        Case("run:recipe_not_found", "recipe not found", ("run", str(work / "nope.yaml"))),
        Case("run:recipe_is_a_folder", "is not a file", ("run", str(work / "empty-folder"))),
        Case("run:out_ftp", "ftp", ("run", str(good), "--out", "ftp://example.com/run")),
        Case("run:out_zip", "zip", ("run", str(good), "--out", "zip://run")),
        Case("run:out_http", "http", ("run", str(good), "--out", "http://127.0.0.1:9/run")),
        Case("run:out_empty", "output", ("run", str(good), "--out", "")),
        Case("run:out_user_folder", "user-project", ("run", str(good), "--out", str(work / "user-project"))),
        Case("run:out_a_file", "a-file", ("run", str(good), "--out", str(work / "a-file"))),
        Case("run:out_dev_null", "/dev/null", ("run", str(good), "--out", "/dev/null")),
        Case("run:out_under_a_file", "a-file", ("run", str(good), "--out", str(work / "a-file" / "out"))),
        Case("run:out_proc", "/proc", ("run", str(good), "--out", "/proc/cotforge-out")),
        Case("run:out_memory_two_workers", "workers=1", ("run", str(good), "--out", "memory://bad-input-run", "--set", "workers=2")),
        Case("run:engine_unknown", "invalid choice", ("run", str(good), "--engine", "spark")),
        Case("run:no_recipe", "required", ("run",)),
        Case("run:set_without_value", "expected one argument", ("run", str(good), "--set")),
        Case("cli:serve_user_folder", "user-project", ("serve", str(good), "--cron", "0 3 * * *", "--out", str(work / "user-project"))),
        Case("cli:serve_missing_benchmark", "gone.jsonl", ("serve", str(good), "--cron", "0 3 * * *", "--set",
                                                            f"filters.decontaminate=[{{path: {work}/gone.jsonl}}]")),
        Case("cli:unknown_command", "invalid choice", ("forge",)),
        Case("cli:no_command", "required", ()),
    ]
    cases += export_cases(work)
    cases += annotate_cases(work)
    cases += [Case(f"api:{name}", expect, api=name) for name, expect in API_EXPECT.items()]
    return cases


def finished_run(out: Path) -> Path:
    """A small finished run (no Prefect), for the export cases."""
    from cotforge.pipelines.export import export
    from cotforge.pipelines.output import prepare_output
    from cotforge.pipelines.plan import plan
    from cotforge.pipelines.recipe import load_recipe
    from cotforge.pipelines.run_unit import run_unit

    recipe_ = load_recipe({**GOOD, "output": str(out)})
    prepare_output(recipe_, out)
    for unit in plan(recipe_):
        run_unit(recipe_, unit, out)
    export(recipe_, plan(recipe_), out)
    return out


def export_cases(work: Path) -> list[Case]:
    import shutil

    run = finished_run(work / "finished")
    broken = {}
    for name in ("corrupt_header", "list_header", "no_recipe", "user_readme", "recipe_laughs", "manifest_corrupt", "manifest_escape"):
        broken[name] = work / f"export-{name}"
        shutil.copytree(run, broken[name])
    (broken["corrupt_header"] / "run.json").write_text("{not json")
    (broken["list_header"] / "run.json").write_text("[1, 2]")
    (broken["no_recipe"] / "recipe.yaml").unlink()
    (broken["user_readme"] / ".cotforge-manifest.json").write_text('{"files": [], "configs": {}}')
    (broken["recipe_laughs"] / "recipe.yaml").write_text(LAUGHS)
    (broken["manifest_corrupt"] / ".cotforge-manifest.json").write_text("[")
    (broken["manifest_escape"] / ".cotforge-manifest.json").write_text('{"files": ["../a-file"], "configs": {}}')
    r = str(run)
    corrupt = work / "export-corrupt_shard"
    shutil.copytree(run, corrupt)
    for shard in (corrupt / "data" / "raw").glob("train-*.parquet"):
        shard.write_bytes(b"PAR1 garbage PAR1")
    (corrupt / "stats.json").write_text("{not json")
    return [
        Case("cli:show_unknown_task", "linear_equatoin", ("show", "linear_equatoin")),
        Case("cli:show_level_9", "level", ("show", "linear_equation", "--level", "9")),
        Case("cli:show_algorithm", "bogus", ("show", "linear_equation", "--algorithm", "bogus")),
        Case("cli:show_n_negative", "--n -1", ("show", "linear_equation", "--n", "-1")),
        Case("cli:report_missing", "no-such-run", ("report", str(work / "no-such-run"))),
        Case("cli:report_user_folder", "user-project", ("report", str(work / "user-project"))),
        Case("cli:report_corrupt_stats", "stats.json", ("report", str(corrupt))),
        Case("cli:recheck_missing", "no-such-run", ("recheck", str(work / "no-such-run"))),
        Case("cli:recheck_user_folder", "user-project", ("recheck", str(work / "user-project"))),
        Case("cli:recheck_corrupt_shard", "not a readable Parquet shard", ("recheck", str(corrupt))),
        Case("export:missing_folder", "not a cotforge output folder", ("export", str(work / "no-such-run"))),
        Case("export:user_folder", "not a cotforge output folder", ("export", str(work / "user-project"))),
        Case("export:a_file", "a-file", ("export", str(work / "a-file"))),
        Case("export:ftp", "ftp", ("export", "ftp://example.com/run")),
        Case("export:changes_records", "may change only filters", ("export", r, "--set", "seed=9")),
        Case("export:balance_unknown_task", "nonexistent", ("export", r, "--set", "filters.balance.tasks.nonexistent=1")),
        Case("export:decontaminate_missing", "missing.jsonl", ("export", r, "--set", f"filters.decontaminate=[{{path: {work}/missing.jsonl}}]")),
        Case("export:decontaminate_binary", "binary.jsonl", ("export", r, "--set", f"filters.decontaminate=[{{path: {work}/binary.jsonl}}]")),
        Case("export:prm_threshold", "views.prm_threshold", ("export", r, "--set", "views.prm_threshold=5")),
        Case("export:think_not_bool", "views.think", ("export", r, "--set", "views.think=maybe")),
        Case("export:tokenizer_missing", "no-tok", ("export", r, "--set", f"filters.length.tokenizer={work}/no-tok")),
        Case("export:against_missing", "no-run", ("export", r, "--set", f"filters.near_duplicate.against=[{work}/no-run]")),
        Case("export:shard_rows_0", "shard_rows", ("export", r, "--set", "shard_rows=0")),
        Case("export:broken_set", "--set 'views.think'", ("export", r, "--set", "views.think=[")),
        Case("export:laughs_set", "aliases", ("export", r, "--set", f"filters.decontaminate={LAUGHS_FLOW}")),
        Case("export:push_no_slash", "ORG/NAME", ("export", r, "--push-to-hub", "no-slash")),
        Case("export:corrupt_header", "run.json is unreadable", ("export", str(broken["corrupt_header"]))),
        Case("export:list_header", "not a cotforge run header", ("export", str(broken["list_header"]))),
        Case("export:no_recipe", "recipe not found", ("export", str(broken["no_recipe"]))),
        Case("export:user_readme", "README.md was not written by a cotforge export", ("export", str(broken["user_readme"]))),
        Case("export:recipe_laughs", "aliases", ("export", str(broken["recipe_laughs"]))),
        Case("export:manifest_corrupt", ".cotforge-manifest.json is unreadable", ("export", str(broken["manifest_corrupt"]))),
        Case("export:manifest_escape", "'../a-file', which no export writes", ("export", str(broken["manifest_escape"]))),
        Case("export:no_args", "required", ("export",)),
    ]


class FakeServer(http.server.BaseHTTPRequestHandler):
    """Answers every completion request with what its port was started to say."""

    answers: dict[int, tuple[int, str, bytes]] = {}

    def do_POST(self) -> None:  # noqa: N802 - the http.server name
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status, kind, body = self.answers[self.server.server_address[1]]
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def serve(status: int, kind: str, body: bytes) -> str:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeServer)
    FakeServer.answers[server.server_address[1]] = (status, kind, body)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def annotate_cases(work: Path) -> list[Case]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = work / "annotate"
    folder.mkdir(exist_ok=True)
    for name, (content, _) in ANNOTATE_INPUTS.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    pq.write_table(pa.table({"question": ["roots?"], "answer": [[1, 2]]}), folder / "list_answer.parquet")
    pq.write_table(pa.table({"question": ["q?"], "solution": ["1"]}), folder / "no_answer_column.parquet")
    pq.write_table(pa.table({"question": ["q?", "r?"], "answer": ["1", None]}), folder / "null_answer.parquet")
    (folder / "empty-folder").mkdir(exist_ok=True)
    good = folder / "good.jsonl"
    good.write_text('{"question": "What is 1 + 1?", "answer": "2"}\n')
    (folder / "laughs.yaml").write_text(LAUGHS)
    (folder / "lm_number.yaml").write_text("lm: 5\n")
    (folder / "decontaminate.yaml").write_text(f"filters: {{decontaminate: [{{path: {work}/gone-bench.jsonl}}]}}\n")
    (folder / "a_list.yaml").write_text("[1, 2]\n")
    (folder / "non_utf8.yaml").write_bytes(b"name: \xff\n")
    templates = {"bomb.txt": "{question:>999999999}", "no_question.txt": "Answer: {hint}", "attribute.txt": "{question.__class__}",
                 "conversion.txt": "{question!r}", "unbalanced.txt": "{question", "non_utf8.txt": b"\xff{question}"}
    for name, text in templates.items():
        (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode())
    model = "http://127.0.0.1:9"  # never reached: each of these fails on its input first

    def ann(*extra: str, input_: Path = good) -> tuple[str, ...]:
        return ("annotate", "--input", str(input_), "--model", model, "--out", "{O}", *extra)

    cases = [Case(f"annotate:{name}", expect, ann(input_=folder / name.split("/")[0]))
             for name, (_, expect) in ANNOTATE_INPUTS.items()]
    html = serve(200, "text/html", b"<html><body>Welcome to nginx!</body></html>")
    null_text = serve(200, "application/json", json.dumps({"choices": [{"index": i, "text": None} for i in range(4)]}).encode())
    dead = f"http://127.0.0.1:{closed_port()}"
    cases += [
        Case("annotate:list_answer_parquet", "list_answer.parquet, row 1: answer field 'answer' is a list", ann(input_=folder / "list_answer.parquet")),
        Case("annotate:no_answer_column", "no field 'answer'", ann(input_=folder / "no_answer_column.parquet")),
        Case("annotate:null_answer_parquet", "null_answer.parquet, row 2: answer field 'answer' is null", ann(input_=folder / "null_answer.parquet")),
        Case("annotate:empty_folder", "empty-folder is an empty folder", ann(input_=folder / "empty-folder")),
        Case("annotate:input_missing", "no-such.jsonl", ann(input_=folder / "no-such.jsonl")),
        Case("annotate:question_field_missing", "no field 'prompt'", ann("--question-field", "prompt")),
        Case("annotate:model_ftp", "ftp://x", ("annotate", "--input", str(good), "--model", "ftp://x/y", "--out", "{O}")),
        Case("annotate:model_missing_folder", "no model folder", ("annotate", "--input", str(good), "--model", str(work / "no-model"), "--out", "{O}")),
        Case("annotate:model_no_host", "no host", ("annotate", "--input", str(good), "--model", "http://", "--out", "{O}")),
        Case("annotate:model_bad_port", "not a valid URL", ("annotate", "--input", str(good), "--model", "http://127.0.0.1:99999", "--out", "{O}")),
        Case("annotate:dead_server", "cannot reach the model server", ("annotate", "--input", str(good), "--model", dead, "--out", "{O}")),
        Case("annotate:html_server", "did not answer with a JSON object", ("annotate", "--input", str(good), "--model", html, "--out", "{O}")),
        Case("annotate:null_text_server", "a choice without text", ("annotate", "--input", str(good), "--model", null_text, "--out", "{O}")),
        Case("annotate:template_bomb", "only plain {question}", ann("--template", str(folder / "bomb.txt"))),
        Case("annotate:template_no_question", "no {question}", ann("--template", str(folder / "no_question.txt"))),
        Case("annotate:template_attribute", "only plain {question}", ann("--template", str(folder / "attribute.txt"))),
        Case("annotate:template_conversion", "only plain {question}", ann("--template", str(folder / "conversion.txt"))),
        Case("annotate:template_unbalanced", "not a valid prompt template", ann("--template", str(folder / "unbalanced.txt"))),
        Case("annotate:template_non_utf8", "not UTF-8", ann("--template", str(folder / "non_utf8.txt"))),
        Case("annotate:template_missing", "no-template.txt", ann("--template", str(folder / "no-template.txt"))),
        Case("annotate:verifier_unknown", "invalid choice", ann("--verifier", "vibes")),
        Case("annotate:answer_kind_unknown", "answer_kind", ann("--answer-kind", "vibes")),
        Case("annotate:algorithm_unknown", "mcst", ann("--algorithm", "mcst")),
        Case("annotate:algorithm_twice", "named twice", ann("--algorithm", "mcts,mcts")),
        Case("annotate:max_expansions_0", "search.max_expansions", ann("--max-expansions", "0")),
        Case("annotate:max_expansions_text", "invalid int value", ann("--max-expansions", "lots")),
        Case("annotate:branching_1e9", "search.branching", ann("--branching", "1000000000")),
        Case("annotate:max_seconds_negative", "search.max_seconds", ann("--max-seconds", "-1")),
        Case("annotate:max_seconds_nan", "search.max_seconds", ann("--max-seconds", "nan")),
        Case("annotate:unit_size_0", "unit_size", ann("--unit-size", "0")),
        Case("annotate:unit_size_huge", "--unit-size", ann("--unit-size", "1000000")),
        Case("annotate:seed_1e30", "--seed", ann("--seed", str(10**30))),
        Case("annotate:name_dotdot", "--name '..'", ("annotate", "--input", str(good), "--model", model, "--name", "..")),
        Case("annotate:out_url", "--out 's3://bucket/run'", ("annotate", "--input", str(good), "--model", model, "--out", "s3://bucket/run")),
        Case("annotate:out_user_folder", "user-project", ("annotate", "--input", str(good), "--model", model, "--out", str(work / "user-project"))),
        Case("annotate:recipe_laughs", "aliases", ann("--recipe", str(folder / "laughs.yaml"))),
        Case("annotate:recipe_lm_number", "lm must be a mapping", ann("--recipe", str(folder / "lm_number.yaml"))),
        Case("annotate:recipe_list", "a mapping of options", ann("--recipe", str(folder / "a_list.yaml"))),
        Case("annotate:recipe_non_utf8", "not UTF-8", ann("--recipe", str(folder / "non_utf8.yaml"))),
        Case("annotate:decontaminate_missing", "gone-bench.jsonl", ann("--recipe", str(folder / "decontaminate.yaml"))),
        Case("annotate:recipe_missing", "no-recipe.yaml", ann("--recipe", str(folder / "no-recipe.yaml"))),
        Case("annotate:no_input", "needs --input", ("annotate", "--model", model)),
        Case("annotate:no_model", "needs --model", ("annotate", "--input", str(good))),
    ]
    return cases


# --- the Python API and the reward functions: each must raise a CotforgeError in one line ---

def api_recipe_inf(work: Path) -> Any:
    from cotforge.pipelines.recipe import load_recipe

    return load_recipe({**GOOD, "search": {"exploration": float("inf")}})


def api_recipe_nan_weight(work: Path) -> Any:
    from cotforge.pipelines.recipe import load_recipe

    return load_recipe({"name": "r", "count": 4, "tasks": [{"name": "linear_equation", "weight": float("nan")}]})


def api_recipe_not_plain(work: Path) -> Any:
    from cotforge.pipelines.recipe import load_recipe

    return load_recipe({**GOOD, "tasks": {("linear_equation",)}})


def api_recipe_cycle(work: Path) -> Any:
    from cotforge.pipelines.recipe import load_recipe

    tasks: list[Any] = []
    tasks.append(tasks)
    return load_recipe({**GOOD, "tasks": tasks})


def api_recipe_count_1e12(work: Path) -> Any:
    from cotforge.pipelines.recipe import load_recipe

    return load_recipe({**GOOD, "tasks": [{"name": "linear_equation", "count": 10**12}]})


def api_recipe_missing_file(work: Path) -> Any:
    from cotforge.pipelines.recipe import load_recipe

    return load_recipe(work / "nope.yaml")


def api_recipe_bad_override(work: Path) -> Any:
    from cotforge.pipelines.recipe import load_recipe

    return load_recipe(GOOD, ["tasks.7.count=1"])


def api_run_into_user_folder(work: Path) -> Any:
    from cotforge.pipelines.flows.forge import run_recipe
    from cotforge.pipelines.recipe import load_recipe

    return run_recipe(load_recipe(GOOD), work / "user-project")


def api_run_missing_benchmark(work: Path) -> Any:
    from cotforge.pipelines.flows.forge import run_recipe
    from cotforge.pipelines.recipe import load_recipe

    return run_recipe(load_recipe({**GOOD, "filters": {"decontaminate": [{"path": str(work / "gone.jsonl")}]}}), work / "api-run")


def api_export_user_folder(work: Path) -> Any:
    from cotforge.pipelines.export import export
    from cotforge.pipelines.recipe import load_recipe

    return export(load_recipe(GOOD), [], work / "user-project")


def api_annotate_bad_answers(work: Path) -> Any:
    from cotforge.pipelines.annotate import AnnotateJob, annotate

    return annotate(AnnotateJob(input=str(work / "annotate" / "bool_answer.jsonl"), model="http://127.0.0.1:9",
                                output=str(work / "api-annotate")))


def api_read_pairs_null(work: Path) -> Any:
    from cotforge.pipelines.annotate_input import read_pairs

    return read_pairs(work / "annotate" / "null_answer.jsonl", "question", "answer")


def api_annotate_template_bomb(work: Path) -> Any:
    from cotforge.pipelines.annotate import AnnotateJob

    try:
        return AnnotateJob(input="x.jsonl", model="http://127.0.0.1:9", lm={"template": "{question:>999999999}"})
    except ValueError as exc:  # pydantic wraps the check's ConfigError; the CLI reports it as one line
        from cotforge.core.errors import ConfigError

        raise ConfigError(" ".join(str(exc).split())) from None


def api_reward_unknown_verifier(work: Path) -> Any:
    from cotforge.core.errors import CotforgeError
    from cotforge.verifiers.rewards import score, verified_reward

    try:  # inside a trainer's reward call: a raise would end the training run
        rewards = verified_reward(["\\boxed{2}"], answer=["2"], verifier=["no_such_verifier"], payload=["{}"],
                                  task=["linear_equation"], domain=["math"], level=[1])
    except Exception as exc:  # noqa: BLE001 - reported as a failure of the case (a returned value)
        return f"verified_reward raised {type(exc).__name__}: {exc}"
    if rewards != [None]:
        return rewards
    result = score({"answer": "2", "verifier": "no_such_verifier", "payload": "{}", "task": "linear_equation",
                    "domain": "math", "level": 1}, "\\boxed{2}")
    # a trainer must not crash: no reward, and a status and reason that say why
    raise CotforgeError(f"reward {rewards}: {result.status}: {result.reason}")


API_EXPECT = {
    "api_recipe_inf": "search.exploration", "api_recipe_nan_weight": "tasks.0.weight", "api_recipe_not_plain": "not plain data",
    "api_recipe_cycle": "not plain data", "api_recipe_count_1e12": "tasks.0.count", "api_recipe_missing_file": "nope.yaml",
    "api_recipe_bad_override": "tasks.7", "api_run_into_user_folder": "user-project",
    "api_run_missing_benchmark": "gone.jsonl", "api_export_user_folder": "not a cotforge output folder",
    "api_annotate_bad_answers": "bool_answer.jsonl, line 1: answer field 'answer' is a boolean",
    "api_read_pairs_null": "null_answer.jsonl, line 2", "api_annotate_template_bomb": "only plain {question}",
    "api_reward_unknown_verifier": "no_such_verifier",
}


def run_case(case: Case, work: Path, out: Path) -> dict[str, Any]:
    """In the forked child: the case, with stdout and stderr going to files; returns what happened."""
    from cotforge.core.errors import CotforgeError

    result: dict[str, Any] = {}
    if case.api:
        try:
            value = globals()[case.api](work)
            result = {"code": 0, "returned": repr(value)[:300]}
        except CotforgeError as exc:
            result = {"code": 2, "error": str(exc)}
        except BaseException as exc:  # noqa: BLE001 - what the suite looks for
            result = {"code": 1, "error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()[-3000:]}
    else:
        from cotforge.pipelines import cli

        argv = [a.replace("{O}", str(out)).replace("{W}", str(work)) for a in case.argv]
        try:
            result = {"code": cli.main(argv)}
        except BaseException as exc:  # noqa: BLE001 - a traceback is what the suite looks for
            result = {"code": 1, "error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()[-3000:]}
    return result


def vm_size() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def main(work: Path, results_path: Path, only: set[str] | None = None) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ["HF_DATASETS_CACHE"] = str(work / "hf-cache")
    os.environ["HF_DATASETS_OFFLINE"] = "1"
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.pop("COTFORGE_DEBUG", None)
    import datasets  # noqa: F401 - imported once here, shared by every forked case

    import cotforge.pipelines.annotate  # noqa: F401
    import cotforge.pipelines.cli  # noqa: F401
    import cotforge.pipelines.export  # noqa: F401
    import cotforge.verifiers.rewards  # noqa: F401

    cases = [c for c in build(work) if only is None or c.name in only]
    results = {}
    for number, case in enumerate(cases):
        out = work / "outs" / f"case-{number:03d}"
        report = work / "reports" / f"case-{number:03d}.json"
        report.parent.mkdir(parents=True, exist_ok=True)
        stderr_path, stdout_path = report.with_suffix(".err"), report.with_suffix(".out")
        limit = vm_size() + GIB
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: limits, its own cwd and output files, then the case
            try:
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
                signal.alarm(CASE_SECONDS)
                cwd = work / "cwd" / f"case-{number:03d}"
                cwd.mkdir(parents=True, exist_ok=True)
                os.chdir(cwd)
                err = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                out_fd = os.open(stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                os.dup2(err, 2)
                os.dup2(out_fd, 1)
                sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
                sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
                from cotforge.pipelines import cli

                cli.console.file = sys.stderr
                outcome = run_case(case, work, out)
                sys.stdout.flush()
                sys.stderr.flush()
                report.write_text(json.dumps(outcome))
            finally:
                os._exit(0)
        _, status, usage = os.wait4(pid, 0)
        outcome = json.loads(report.read_text()) if report.exists() else {"code": None}
        outcome.update(stderr=stderr_path.read_text(errors="replace")[-4000:], stdout=stdout_path.read_text(errors="replace")[-2000:],
                       maxrss=usage.ru_maxrss * 1024, killed=os.WIFSIGNALED(status) and os.WTERMSIG(status),
                       expect=case.expect, api=bool(case.api))
        results[case.name] = outcome
    results_path.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), set(sys.argv[3].split(",")) if len(sys.argv) > 3 else None)
