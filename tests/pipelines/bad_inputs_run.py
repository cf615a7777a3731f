"""Bad inputs to `cotforge run` (recipes, --set, --out) and `serve`, with what each error must name.

Part of the bad-input suite (``bad_inputs.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

def user_files(root: Path) -> None:
    for name, content in {"data/images/cat.jpg": b"\xff\xd8", "data/notes.txt": b"notes", "README.md": b"# mine\n"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)


def run_cases(work: Path) -> list[Case]:
    """Write the shared inputs and the recipes under ``work``; return the run (and serve) cases."""
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
    return cases
