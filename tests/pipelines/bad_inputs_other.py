"""Bad inputs to `export`, `annotate` (files, flags, model servers), `show`, `report` and `recheck`.

Part of the bad-input suite (``bad_inputs.py``).
"""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import threading
from pathlib import Path
from typing import Any

from bad_inputs_run import GOOD, LAUGHS, LAUGHS_FLOW, Case

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
