"""The ``cotforge`` command: its parser, and the commands that run (``run``, ``annotate``, ``eval``, ``serve``,
``export``); those that only look (``list``, ``show``, ``report``, ``recheck``) are in ``cli_inspect``."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cotforge.core.errors import CapacityWarning, ConfigError, CotforgeError

if TYPE_CHECKING:
    from cotforge.pipelines.annotate import AnnotateOptions
    from cotforge.pipelines.job import Job
    from cotforge.pipelines.storage import Location

console = Console(stderr=True)


def _cmd_run(args: argparse.Namespace) -> int:
    from cotforge.pipelines.job import recipe_job
    from cotforge.pipelines.recipe import load_recipe

    overrides = list(args.set or []) + [f"search.{name}={value}" for name, value in _search_flags_given(args).items()]
    if args.out is not None:
        overrides.append(f"output={json.dumps(args.out)}")  # a JSON string is a YAML string: the path is taken as written
    recipe = load_recipe(args.recipe, overrides)
    return _run(recipe_job(recipe), recipe.output_dir(), args)


def _run(job: Job, out: Location, args: argparse.Namespace) -> int:
    """Run a job (a recipe's, annotate's) with the progress display; print the summary."""
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from cotforge.pipelines.filtering import check_references
    from cotforge.pipelines.flows.forge import run_job
    from cotforge.pipelines.job import prepare
    from cotforge.pipelines.output import check_ours, hold_output
    from cotforge.pipelines.progress import RunProgress
    from cotforge.pipelines.storage import check_engine

    check_ours(out)  # a folder of the user's is refused before anything is loaded or written
    check_engine(out, args.engine, job.options.workers)
    check_references(job.options.filters)  # benchmark files, tokenizer, earlier outputs: found now, not at export
    with hold_output(out):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", CapacityWarning)
            units = prepare(job, out)  # refuse another run's folder before showing any progress
        for warning in caught:
            if issubclass(warning.category, CapacityWarning):
                console.print(f"[yellow]warning:[/yellow] {escape(str(warning.message))}", soft_wrap=True, highlight=False)
            else:
                warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
        with RunProgress(console, units, out):
            stats = run_job(job, out, units, engine=args.engine, address=args.address)
    _summary(stats, out)
    return 3 if stats["missing_units"] else 0


def _summary(stats: dict[str, Any], out: Location) -> None:
    table = Table(title=f"cotforge run '{stats['recipe']}' -> {out}")
    for col in ("task", "level", "made", "kept", "rejected", "steps", "expansions"):
        table.add_column(col, justify="left" if col == "task" else "right", no_wrap=True)
    for d in stats["per_task_level"]:
        table.add_row(
            d["task"], str(d["level"]), str(d["generated"]), str(d["accepted"]), str(d["rejected"]),
            f"{d['steps'] / max(d['accepted'], 1):.1f}", f"{d['expansions'] / max(d['generated'], 1):.1f}",
        )
    console.print(table)
    line = f"[bold]{stats['records']}[/bold] records {stats['per_domain']}, {stats['rejected']} rejected, {stats['errors']} verifier errors"
    console.print(line, soft_wrap=True)
    for reason, n in list(stats["rejection_reasons"].items())[:8]:
        console.print(f"  rejected {n:>5}  {reason}")
    failed = stats.get("failed_units") or {}
    for unit in stats["missing_units"]:
        console.print(f"[red]missing {unit}[/red]: {failed.get(unit, 'not run')}", soft_wrap=True, highlight=False)
    if (out / "report" / "index.html").exists():
        console.print(f"report: {out / 'report' / 'index.html'}", soft_wrap=True)
    console.print(f"load it with: datasets.load_dataset({str(out)!r})", soft_wrap=True)


MAX_TEMPLATE = 100_000
"""Longest prompt template file read (characters)."""


def _annotate_options(args: argparse.Namespace) -> AnnotateOptions:
    """The options from ``--recipe`` (a YAML of AnnotateOptions fields), with the flags given on the command line on top."""
    from pydantic import ValidationError

    from cotforge.pipelines.annotate import AnnotateOptions
    from cotforge.pipelines.safe_yaml import load_file
    from cotforge.pipelines.storage import check_url, is_url

    data: Any = {}
    if args.recipe:
        data = load_file(Path(args.recipe), "annotate recipe") or {}
        if not isinstance(data, dict):
            raise ConfigError(f"{args.recipe}: an annotate recipe is a mapping of options, got {type(data).__name__}")
    for section in ("search", "lm"):
        if not isinstance(data.get(section) or {}, dict):
            raise ConfigError(f"{args.recipe}: {section} must be a mapping of options, got {type(data[section]).__name__}")
    search = {**dataclasses.asdict(AnnotateOptions.model_fields["search"].default), **(data.get("search") or {})}
    lm = dict(data.get("lm") or {})
    flags = {"name": args.name, "input": args.input, "question_field": args.question_field, "answer_field": args.answer_field,
             "verifier": args.verifier, "answer_kind": args.answer_kind, "model": args.model, "served_model": args.served_model, "seed": args.seed,
             "temperature": args.temperature, "api": args.api, "tokenizer": args.tokenizer, "concurrency": args.concurrency,
             "unit_size": args.unit_size, "workers": args.workers, "output": args.out, "prm": args.prm}
    data.update({k: v for k, v in flags.items() if v is not None})
    if args.out is not None and is_url(args.out):
        try:
            check_url(args.out)
        except ConfigError as exc:
            raise ConfigError(f"--out {args.out[:80]!r}: {exc}") from None
    if args.no_batch:
        data["batch"] = False
    search.update(_search_flags_given(args))
    if args.algorithm:
        names = [a.strip() for a in args.algorithm.split(",") if a.strip()]
        search["algorithm"] = names[0] if names else args.algorithm
        data["algorithms"] = names if len(names) > 1 else []
    if args.template:
        lm["template"] = _read_template(Path(args.template))
        from cotforge.solvers.lm.space import check_template

        check_template(lm["template"], f"--template {args.template}")
    data["search"], data["lm"] = search, lm
    for required in ("input", "model"):
        if not data.get(required):
            raise ConfigError(f"annotate needs --{required} (or `{required}:` in --recipe)")
    try:
        return AnnotateOptions(**data)
    except ValidationError as exc:
        from cotforge.pipelines.recipe import _format_errors

        raise ConfigError(f"bad annotate options: {_format_errors(exc)}") from None


def _read_template(path: Path) -> str:
    try:
        if path.is_file() and path.stat().st_size > MAX_TEMPLATE:
            raise ConfigError(f"--template {path}: {path.stat().st_size:,} bytes; a prompt template is at most {MAX_TEMPLATE:,}")
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"--template {path}: not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(f"cannot read the prompt template {path}: {exc.strerror or exc}") from None


def _cmd_annotate(args: argparse.Namespace) -> int:
    from cotforge.pipelines.annotate import annotate_job
    from cotforge.pipelines.annotate_input import check_job

    options = _annotate_options(args)
    check_job(options)
    return _run(annotate_job(options), options.output_dir(), args)


def _cmd_eval(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from cotforge.pipelines.eval import EvalOptions, evaluate
    from cotforge.pipelines.output import hold_output

    given = {"served_model": args.served_model, "api": args.api, "tokenizer": args.tokenizer, "temperature": args.temperature,
             "concurrency": args.concurrency, "k": args.k, "max_tokens": args.max_tokens, "seed": args.seed, "limit": args.limit,
             "unit_size": args.unit_size}
    try:
        options = EvalOptions(model=args.model, data=args.data, output=args.out, **{k: v for k, v in given.items() if v is not None})
    except ValidationError as exc:
        from cotforge.pipelines.recipe import _format_errors

        raise ConfigError(f"bad eval options: {_format_errors(exc)}") from None

    def progress(stats: dict[str, Any]) -> None:
        console.print(f"unit {stats['unit'] + 1}/{stats['units']}: {stats['accepted']}/{stats['answers']} answers right "
                      f"({stats['problems']} problems, {stats['seconds']:.0f} s)")

    if Path(args.out).exists() and not Path(args.out).is_dir():
        raise ConfigError(f"{args.out} is a file, not a folder; choose a new or empty OUT")
    with hold_output(Path(args.out)):
        summary = evaluate(options, progress=progress)
    print(Path(args.out, "summary.md").read_text())
    overall = summary["overall"]
    console.print(f"pass@1 {overall['pass@1']:.1%}, unreadable {overall['unreadable']:.0%}: {args.out}/summary.json, answers in {args.out}/answers.parquet")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from cotforge.pipelines.recipe import load_recipe

    overrides = list(args.set or []) + ([f"output={json.dumps(args.out)}"] if args.out else [])
    recipe = load_recipe(args.recipe, overrides)
    from cotforge.pipelines.filtering import check_references
    from cotforge.pipelines.output import check_ours

    check_ours(recipe.output_dir())  # said now, not at the first scheduled run
    check_references(recipe.filters)
    from cotforge.pipelines.flows.serve import serve

    console.print(f"serving '{args.name or recipe.name}' on cron {args.cron!r}; Ctrl-C to stop", soft_wrap=True)
    serve(recipe, args.cron, args.name)
    # the server and the runner are stopped by now; Prefect's background threads may still hold the
    # interpreter for a long while after a SIGTERM, so leave at once
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _cmd_export(args: argparse.Namespace) -> int:
    from cotforge.pipelines.export import export
    from cotforge.pipelines.filtering import check_references
    from cotforge.pipelines.output import hold_output, read_header
    from cotforge.pipelines.plan import plan
    from cotforge.pipelines.publish import check_repo_id, push_to_hub
    from cotforge.pipelines.recipe import load_recipe
    from cotforge.pipelines.storage import location

    if args.push_to_hub:
        check_repo_id(args.push_to_hub)
    out = location(args.out)
    old = read_header(out)["fingerprint"]
    recipe = load_recipe(out / "recipe.yaml", list(args.set or []) + [f"output={json.dumps(str(out))}"])
    if recipe.fingerprint() != old:
        raise ConfigError("--set may change only filters, views and shard_rows on export (the records would differ)")
    check_references(recipe.filters)
    with hold_output(out):
        stats = export(recipe, plan(recipe), out, test_per_level=args.test)
        from cotforge.pipelines.report import write_report

        write_report(out)
        if args.format:
            from cotforge.pipelines.formats import export_format

            for fmt in args.format:
                folder, rows = export_format(out, fmt)
                console.print(f"{fmt}: {rows} rows in {folder}", soft_wrap=True)
    _summary(stats, out)
    if args.push_to_hub:
        url = push_to_hub(out, args.push_to_hub, private=args.private)
        console.print(f"pushed to the Hub: {url}", soft_wrap=True)
    return 0


SEARCH_FLAGS = {
    "max_expansions": (int, "expansions per problem"),
    "branching": (int, "steps asked of the space per expansion"),
    "max_tokens": (int, "generated tokens per problem"),
    "max_seconds": (float, "seconds of search per problem (not reproducible)"),
}
"""Flags for the most used fields of ``search:`` (any field: ``--set search.NAME=VALUE``)."""


def _search_flags(parser: argparse.ArgumentParser, over: str) -> None:
    for name, (kind, what) in SEARCH_FLAGS.items():
        parser.add_argument("--" + name.replace("_", "-"), type=kind, dest=name, help=f"{what} (search.{name}, over {over})")


def _search_flags_given(args: argparse.Namespace) -> dict[str, Any]:
    return {name: getattr(args, name) for name in SEARCH_FLAGS if getattr(args, name, None) is not None}


def _engine_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=["local", "dask", "ray"], default="local",
                        help="local processes (default), or a Dask / Ray cluster through Prefect")
    parser.add_argument("--address", help="scheduler address of an existing Dask or Ray cluster (default: start a local one)")
class _Parser(argparse.ArgumentParser):
    """Usage errors in one line (argparse prints the whole usage first)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {_one_line(message)} (see {self.prog} --help)\n")


def _model_flags(parser: argparse.ArgumentParser) -> None:
    """How to reach a language model (annotate, eval)."""
    parser.add_argument("--model", help="a local model folder, or the URL of an OpenAI-compatible server")
    parser.add_argument("--served-model", help="model name to ask the server for (default: the server's own)")
    parser.add_argument("--api", choices=["auto", "chat", "completions"],
                        help="server endpoint (default auto: completions when --tokenizer is given, else chat)")
    parser.add_argument("--tokenizer", metavar="DIR", help="local folder with the served model's tokenizer: its chat template "
                        "is applied on the completions endpoint")
    parser.add_argument("--temperature", type=float, help="sampling temperature, 0 for greedy (default 1.0)")
    parser.add_argument("--concurrency", type=int, help="requests in flight at once to a server (default 4)")


def build_parser() -> argparse.ArgumentParser:
    from cotforge.pipelines.cli_inspect import cmd_list, cmd_recheck, cmd_report, cmd_show

    parser = _Parser(prog="cotforge", description="Forge verified chain-of-thought data.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run a recipe into a Hugging Face dataset folder")
    run.add_argument("recipe", help="recipe YAML file")
    run.add_argument("--out", help="output folder (default: the recipe's output, or out/<name>)")
    run.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a recipe field, e.g. seed=3 or tasks.0.count=10")
    _engine_flags(run)
    _search_flags(run, "the recipe's")
    run.set_defaults(func=_cmd_run)
    ann = sub.add_parser("annotate", help="add searched, verified CoT to your own question-answer data with a language model")
    ann.add_argument("--recipe", help="YAML file of annotate options (the flags below override it), e.g. lm: {template: ...}")
    ann.add_argument("--input", help="JSONL, Parquet or a local HF dataset folder")
    ann.add_argument("--question-field", help="default: question")
    ann.add_argument("--answer-field", help="default: answer")
    ann.add_argument("--verifier", choices=["math", "code", "logic", "exact"], help="default: math")
    ann.add_argument("--answer-kind", help="math: what the gold answers are (value, set, tuple, interval, expression, "
                     "equation, ...); default auto: inferred per row from the gold")
    _model_flags(ann)
    ann.add_argument("--algorithm", help="mcts (default), beam, best_of_n, best_first; or several, comma-separated, each run "
                     "over the same items to compare them (e.g. mcts,beam,best_of_n)")
    _search_flags(ann, "--recipe's and annotate's defaults")
    ann.add_argument("--template", metavar="FILE", help="prompt template file with {question} (and optionally {hint})")
    ann.add_argument("--seed", type=int)
    ann.add_argument("--unit-size", type=int, help="problems per work unit (default 16)")
    ann.add_argument("--name", help="default: annotate")
    ann.add_argument("--no-batch", action="store_true", help="search problems one by one (default: a unit's problems together, one model call per round)")
    ann.add_argument("--out", help="output folder or fsspec URL (default out/<name>)")
    ann.add_argument("--workers", type=int, help="worker processes, each loading the model once (default 1)")
    ann.add_argument("--prm", metavar="FOLDER", help="a process reward model (cotforge train-prm) whose step scores guide the search")
    _engine_flags(ann)
    ann.set_defaults(func=_cmd_annotate)
    ev = sub.add_parser("eval", help="a model answers a dataset's held-out test split: pass@1, pass@k, unreadable rate, step soundness")
    ev.add_argument("model", help="a local model folder, or the URL of an OpenAI-compatible server")
    ev.add_argument("out", help="output folder: answers.parquet (with the model's text), summary.json, summary.md")
    ev.add_argument("--data", required=True, help="a dataset folder with a test split (`cotforge export DIR --test N` writes one)")
    ev.add_argument("--k", type=int, help="answers per problem (default 4): pass@1 is their mean, pass@k their best")
    ev.add_argument("--max-tokens", type=int, help="longest answer in tokens (default 512)")
    ev.add_argument("--limit", type=int, help="answer only the first N problems")
    ev.add_argument("--seed", type=int)
    ev.add_argument("--unit-size", type=int, help="problems per saved unit (default 8; a killed eval resumes by unit)")
    ev.add_argument("--served-model", help="model name to ask the server for (default: the server's own)")
    ev.add_argument("--api", choices=["auto", "chat", "completions"],
                    help="server endpoint (default auto: completions when --tokenizer is given, else chat)")
    ev.add_argument("--tokenizer", metavar="DIR", help="local folder with the served model's tokenizer (its chat template, on completions)")
    ev.add_argument("--temperature", type=float, help="sampling temperature, 0 for greedy (default 0.7)")
    ev.add_argument("--concurrency", type=int, help="requests in flight at once to a server (default 4)")
    ev.set_defaults(func=_cmd_eval)
    rep = sub.add_parser("report", help="render the HTML report with plots for an output folder")
    rep.add_argument("out")
    rep.set_defaults(func=cmd_report)
    chk = sub.add_parser("recheck", help="re-check every record's gold answer by an independent route (exit 1 on any disagreement)")
    chk.add_argument("out", help="an output written by `cotforge run`: a folder or an fsspec URL (s3://, gs://, ...)")
    chk.add_argument("--task", action="append", help="only this task (repeatable)")
    chk.add_argument("--json", help="also write the tallies to this JSON file")
    chk.set_defaults(func=cmd_recheck)
    srv = sub.add_parser("serve", help="serve the run flow with Prefect on a cron schedule (stops on Ctrl-C / SIGTERM)")
    srv.add_argument("recipe")
    srv.add_argument("--cron", required=True, help='cron schedule, e.g. "0 3 * * *"')
    srv.add_argument("--name", help="deployment name (default: the recipe's name)")
    srv.add_argument("--out", help="output folder")
    srv.add_argument("--set", action="append", metavar="KEY=VALUE")
    srv.set_defaults(func=_cmd_serve)
    exp = sub.add_parser("export", help="re-export a run folder (filters, views, card) and optionally push it to the Hub")
    exp.add_argument("out", help="a folder written by `cotforge run`")
    exp.add_argument("--set", action="append", metavar="KEY=VALUE", help="change filters/views, e.g. views.think=true")
    exp.add_argument("--push-to-hub", metavar="ORG/NAME", help="upload the card and shards as a dataset repository")
    exp.add_argument("--private", action="store_true", help="create the Hub repository as private")
    exp.add_argument("--format", action="append", choices=["verl", "openrlhf", "verifiers", "math_shepherd"],
                     help="also write this trainer's format into OUT/formats/FORMAT (repeatable)")
    exp.add_argument("--test", type=int, default=0, metavar="N", help="also write a held-out test split of the rl config: N problems "
                     "per task and level from a disjoint seed, decontaminated against train (what `cotforge eval` answers)")
    exp.set_defaults(func=_cmd_export)
    from cotforge.pipelines import evolve_cli

    evolve_cli.add_parser(sub)
    ls = sub.add_parser("list", help="list tasks, step spaces, verifiers and search algorithms")
    ls.set_defaults(func=cmd_list)
    show = sub.add_parser("show", help="print problems of a task with their chain of thought and verdict")
    show.add_argument("task")
    show.add_argument("--level", type=int, default=1)
    show.add_argument("--n", type=int, default=3)
    show.add_argument("--seed", type=int, default=0)
    show.add_argument("--algorithm", default="best_first")
    show.set_defaults(func=cmd_show)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error already reported in one line
        return int(exc.code or 0) if isinstance(exc.code, int) else 2
    try:
        return int(args.func(args))
    except CotforgeError as exc:
        console.print(f"[red]error:[/red] {escape(_one_line(str(exc)))}", markup=True, highlight=False, soft_wrap=True)
        return 2
    except KeyboardInterrupt:
        console.print("interrupted: finished units are kept; run the same command again to resume")
        return 130
    except MemoryError:
        console.print("[red]error:[/red] out of memory; lower the counts, unit_size or workers", markup=True, highlight=False)
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug of ours: one line, the traceback on request
        if os.environ.get("COTFORGE_DEBUG"):
            raise
        console.print(f"[red]internal error:[/red] {type(exc).__name__}: {escape(_one_line(str(exc)))} (a bug in cotforge; "
                      f"COTFORGE_DEBUG=1 shows the traceback)", markup=True, highlight=False, soft_wrap=True)
        return 1


def _one_line(text: str, limit: int = 600) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


if __name__ == "__main__":
    sys.exit(main())
