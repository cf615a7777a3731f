"""``cotforge evolve RECIPE --model M --rounds K --out DIR``: the subcommand's flags and its call."""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from cotforge.core.errors import ConfigError

FLAGS: dict[str, tuple[type, str, str]] = {
    # flag: (type, option path in EvolveOptions, help)
    "rounds": (int, "rounds", "rounds of search -> SFT -> eval (default 2)"),
    "algorithm": (str, "search.algorithm", "search with the policy: mcts (default), best_first, beam, best_of_n"),
    "max_expansions": (int, "search.max_expansions", "expansions per problem (default 16)"),
    "branching": (int, "search.branching", "steps sampled per expansion (default 4)"),
    "search_count": (int, "search_count", "problems per task the policy searches each round (default: all the recipe's; "
                     "0: none, train on the symbolic chains alone); the symbolic chains cover all"),
    "temperature": (float, "temperature", "sampling temperature of the search (default 1.0)"),
    "targets": (str, "targets", "chain (default) or answer: train on the final-answer line only (the answer-only control)"),
    "train_steps": (int, "train.steps", "SFT optimiser steps per round (default 200)"),
    "batch_size": (int, "train.batch_size", "SFT batch size (default 16)"),
    "learning_rate": (float, "train.learning_rate", "SFT learning rate (default 5e-4)"),
    "lora_rank": (int, "train.lora_rank", "train LoRA adapters of this rank (peft) instead of every weight"),
    "test_per_level": (int, "eval.per_level", "held-out test problems per task and level (default 25)"),
    "eval_k": (int, "eval.k", "answers per test problem (default 1)"),
    "eval_temperature": (float, "eval.temperature", "temperature of the eval's answers (default 0: greedy)"),
    "eval_max_tokens": (int, "eval.max_tokens", "longest eval answer in tokens (default 256)"),
    "workers": (int, "workers", "worker processes of each round's search (default 1)"),
    "seed": (int, "seed", "sampling and training seed (default 0)"),
}


def add_parser(sub: Any) -> None:
    ev = sub.add_parser("evolve", help="rounds of search with a model, SFT on its verified chains (TRL), and eval on a held-out split")
    ev.add_argument("recipe", help="recipe YAML: its tasks, levels and counts are each round's training problems")
    ev.add_argument("--model", required=True, help="the base policy: a local model folder with a chat template")
    ev.add_argument("--out", required=True, help="output folder (a killed evolve resumes there)")
    ev.add_argument("--options", metavar="FILE", help="YAML of further evolve options (search, lm, train, eval); flags win")
    ev.add_argument("--symbolic", action="store_true", help="also train on the symbolic step space's chains of each round's problems")
    ev.add_argument("--prm", metavar="FOLDER", help="a process reward model (cotforge train-prm) whose step scores guide the search")
    ev.add_argument("--no-gradient-checkpointing", action="store_true",
                    help="keep activations for the backward pass: a third less compute, more memory (a small model from scratch)")
    for name, (kind, path, what) in FLAGS.items():
        ev.add_argument("--" + name.replace("_", "-"), type=kind, dest=name, help=f"{what} [{path}]")
    ev.set_defaults(func=run)
    prm = sub.add_parser("train-prm", help="train a process reward model (a classifier head, TRL's PRMTrainer) on a dataset's prm view")
    prm.add_argument("data", help="a cotforge dataset folder with a prm view")
    prm.add_argument("--model", required=True, help="the language model folder the head is put on")
    prm.add_argument("--out", required=True, help="a new folder for the process reward model")
    prm.add_argument("--steps", type=int, default=200, help="optimiser steps (default 200)")
    prm.add_argument("--batch-size", type=int, default=16)
    prm.add_argument("--learning-rate", type=float, default=1e-3)
    prm.add_argument("--full", action="store_true", help="train every weight, not only the classification head")
    prm.set_defaults(func=run_train_prm)


def run_train_prm(args: argparse.Namespace) -> int:
    from cotforge.pipelines.train import TrainSettings, prm_rows, train_prm

    settings = TrainSettings(steps=args.steps, batch_size=args.batch_size, learning_rate=args.learning_rate)
    log = train_prm(args.model, prm_rows(args.data), args.out, settings, head_only=not args.full)
    print(json.dumps({k: log[k] for k in ("rows", "steps", "trainable_parameters", "loss_first", "loss_last")}))
    return 0


def options_from(args: argparse.Namespace) -> Any:
    from pydantic import ValidationError

    from cotforge.pipelines.evolve import EvolveOptions
    from cotforge.pipelines.recipe import _format_errors
    from cotforge.pipelines.safe_yaml import load_file

    data: dict[str, Any] = {}
    if args.options:
        from pathlib import Path

        loaded = load_file(Path(args.options), "evolve options") or {}
        if not isinstance(loaded, dict):
            raise ConfigError(f"{args.options}: evolve options are a mapping, got {type(loaded).__name__}")
        data = loaded
    if "search" not in data:  # the model's default search, not the dataclass's symbolic one
        data["search"] = {}
    if isinstance(data["search"], dict):
        import dataclasses

        data["search"] = {**dataclasses.asdict(EvolveOptions.model_fields["search"].default), **data["search"]}
    data.update({"recipe": args.recipe, "model": args.model, "output": args.out})
    if args.symbolic:
        data["symbolic"] = True
    if args.prm:
        data["prm"] = args.prm
    if args.no_gradient_checkpointing:
        data.setdefault("train", {})
        if not isinstance(data["train"], dict):
            raise ConfigError(f"{args.options}: train must be a mapping of options")
        data["train"]["gradient_checkpointing"] = False
    for name, (_, path, _) in FLAGS.items():
        value = getattr(args, name)
        if value is None:
            continue
        *parents, leaf = path.split(".")
        node = data
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ConfigError(f"{args.options}: {part} must be a mapping of options")
        node[leaf] = value
    try:
        return EvolveOptions(**data)
    except ValidationError as exc:
        raise ConfigError(f"bad evolve options: {_format_errors(exc)}") from None


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    options = options_from(args)
    from rich.console import Console

    from cotforge.pipelines.flows.evolve import run_evolve

    summary = run_evolve(options)
    console = Console(stderr=True)
    for report in summary["rounds"]:
        ev = report["eval"]
        name = "base" if report["round"] == 0 else f"round {report['round']}"
        console.print(f"{name}: accuracy {ev['pass@1']:.1%}, unreadable {ev['unreadable']:.0%}, "
                      f"chains kept {report.get('chains_kept', '-')}", highlight=False)
    print(json.dumps({"out": options.output, "accuracy": [r["eval"]["pass@1"] for r in summary["rounds"]]}))
    return 0
