"""The two curves of issue 19, measured on CPU with a small model trained from scratch.

1. Solve rate against generated tokens per problem for MCTS, best-first, beam and best-of-N over a
   trained policy's own steps, at equal token budgets (one search per algorithm and problem with
   ``max_tokens`` as the cap and ``stop_at_first``: a problem counts as solved at budget b when its
   first verified answer came within b tokens, which is what a search capped at b would have done,
   since every budget only stops these searches, never steers them).
2. Held-out accuracy per ``cotforge evolve`` round (base, round 1, round 2, ...), with the
   answer-only SFT control (``--targets answer``) beside it.

The policy is a ~1M-parameter Llama with a digit-level tokenizer, built here from nothing, as in the
studies of teaching arithmetic to small transformers: a base that solves nothing, so every point
of both curves is what search and training made. The evolve rounds are ``cotforge evolve``'s own
functions with the plain unit runner in place of its Prefect flow (two ephemeral Prefect servers
starting side by side time out on a loaded machine). Usage (stages resume; results in
bench/results/curves.json)::

    python bench/bench_curves.py --work /tmp/curves [--train-count 100] [--train-steps 150] [--rounds 2] [--max-tokens 512]

The GPU commands (vLLM) are in bench/README.md: the search curve takes ``--policy URL`` of a
``vllm serve`` of any policy.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
CHAT_TEMPLATE = ("{% for message in messages %}<|{{ message['role'] }}|>{{ message['content'] }}</s>{% endfor %}"
                 "{% if add_generation_prompt %}<|assistant|>{% endif %}")
ALGORITHMS = ("mcts", "best_first", "beam", "best_of_n")


def build_scratch_model(folder: Path, texts: list[str], hidden: int = 128, layers: int = 4, vocab: int = 600, seed: int = 0) -> Path:
    """A randomly initialised Llama and a BPE tokenizer that keeps every digit a token of its own."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    torch.manual_seed(seed)
    raw = Tokenizer(models.BPE(unk_token="<unk>"))
    raw.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Digits(individual_digits=True),
                                                 pre_tokenizers.ByteLevel(add_prefix_space=False)])
    raw.decoder = decoders.ByteLevel()
    specials = ["<pad>", "<s>", "</s>", "<unk>"]
    raw.train_from_iterator(texts, trainers.BpeTrainer(vocab_size=vocab, special_tokens=specials,
                                                       initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=raw, bos_token="<s>", eos_token="</s>", pad_token="<pad>", unk_token="<unk>")
    tokenizer.chat_template = CHAT_TEMPLATE
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=hidden, intermediate_size=4 * hidden, num_hidden_layers=layers,
                         num_attention_heads=max(1, hidden // 32), num_key_value_heads=max(1, hidden // 32), max_position_embeddings=1024,
                         tie_word_embeddings=True, pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
                         eos_token_id=tokenizer.eos_token_id)
    LlamaForCausalLM(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def recipe(train_count: int, tasks: tuple[str, ...]) -> dict[str, Any]:
    """Level-1 problems of ``tasks``; the malformed-text filter is off because it reads a formula that
    starts with a number ("$52 = -6k + 28$") as a dollar amount and drops ~40% of these problems."""
    return {"name": "curves", "seed": 0, "tasks": [{"name": t, "count": train_count, "levels": [1]} for t in tasks],
            "unit_size": 25, "workers": 1, "filters": {"malformed": False, "near_duplicate": None}}


def plain_search(job: Any, out: Path) -> dict[str, Any]:
    """Run a job through the plain pipeline functions (the unit runner and export, no Prefect: two
    ephemeral Prefect servers starting side by side on a loaded machine time out)."""
    from cotforge.pipelines.export import export
    from cotforge.pipelines.job import prepare
    from cotforge.pipelines.run_unit import run_unit

    units = prepare(job, out)
    made = [run_unit(job, unit, out) for unit in units]
    return {**export(job.options, units, out), "generated": sum(s["generated"] for s in made)}


def plain_run(spec: dict[str, Any], out: Path) -> Path:
    """A symbolic run of a recipe: the tokenizer's texts."""
    from cotforge.pipelines.job import recipe_job
    from cotforge.pipelines.recipe import load_recipe

    plain_search(recipe_job(load_recipe({**spec, "output": str(out)})), out)
    return out


def stage_model(work: Path, tasks: tuple[str, ...], hidden: int, layers: int) -> Path:
    from cotforge.pipelines.evolve import training_pairs, verified_rows

    base = work / "base"
    if base.is_dir():
        return base
    spec = {**recipe(300, tasks), "seed": 7_777}  # a seed no round and no test split uses
    rows = verified_rows(plain_run(spec, work / "tokenizer-texts"))
    texts = [f"{p}\n{c}" for p, c in training_pairs(rows, "chain")]
    return build_scratch_model(base, texts, hidden=hidden, layers=layers)


def evolve_options(work: Path, base: Path, targets: str, args: argparse.Namespace) -> Any:
    from cotforge.pipelines.evolve import EvolveOptions
    from cotforge.solvers.search.base import SearchSettings

    return EvolveOptions(recipe=str(work / "recipe.yaml"), model=str(base), output=str(work / f"evolve-{targets}"), rounds=args.rounds,
                         symbolic=True, targets=targets, search_count=args.round_search_count,
                         search=SearchSettings(algorithm="mcts", max_expansions=4, branching=2, wrong_moves=0, negatives=1),
                         lm={"max_steps": 6, "max_step_tokens": 48},
                         train={"steps": args.train_steps, "batch_size": args.batch_size, "learning_rate": args.learning_rate, "threads": 1,
                                "gradient_checkpointing": args.gradient_checkpointing},
                         eval={"per_level": args.test_per_level, "max_tokens": args.eval_max_tokens})


def evolve_worker(work: Path, targets: str, args: argparse.Namespace) -> None:
    """One evolve (``cotforge evolve``'s rounds, without its Prefect flow), in its own process."""
    from cotforge.pipelines.evolve import evolve

    evolve(evolve_options(work, work / "base", targets, args), plain_search,
           lambda report: print(f"{targets} round {report['round']}: pass@1 {report['eval']['pass@1']:.3f}", flush=True))


def stage_evolve(work: Path, base: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Both evolve runs side by side (two processes: the machine's two cores)."""
    (work / "recipe.yaml").write_text(yaml.safe_dump(recipe(args.train_count, args.tasks)))
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"}
    started = time.perf_counter()
    passed = ["--work", str(work), "--rounds", str(args.rounds), "--train-steps", str(args.train_steps), "--learning-rate",
              str(args.learning_rate), "--test-per-level", str(args.test_per_level), "--batch-size", str(args.batch_size),
              "--eval-max-tokens", str(args.eval_max_tokens), "--tasks", ",".join(args.tasks)]
    if args.round_search_count is not None:
        passed += ["--round-search-count", str(args.round_search_count)]
    if args.gradient_checkpointing:
        passed.append("--gradient-checkpointing")
    logs = {t: open(work / f"evolve-{t}.log", "a") for t in ("chain", "answer")}  # noqa: SIM115 - closed below
    procs = {t: subprocess.Popen(["nice", "-n", "10", sys.executable, __file__, *passed, "--evolve-worker", t], env=env,
                                 stdout=log, stderr=subprocess.STDOUT) for t, log in logs.items()}
    codes = {t: p.wait() for t, p in procs.items()}
    for log in logs.values():
        log.close()
    if any(codes.values()):
        raise SystemExit(f"evolve failed: {codes} (see {work}/evolve-*.log)")
    out = {t: json.loads((work / f"evolve-{t}" / "report.json").read_text())["rounds"] for t in procs}
    return {"seconds": round(time.perf_counter() - started), "rounds": out}


def stage_search(work: Path, policy: Path | str, args: argparse.Namespace) -> dict[str, Any]:
    """Every algorithm over the same fresh problems with the trained policy, one token cap for all."""
    from cotforge.pipelines.annotate import ModelSteps
    from cotforge.pipelines.job import GeneratedProblems, Job
    from cotforge.pipelines.recipe import load_recipe
    from cotforge.pipelines.views.text import FORMAT_HINT
    from cotforge.solvers.lm.space import LMSettings
    from cotforge.solvers.search.base import SearchSettings

    out = work / "search"
    spec = {**recipe(args.search_count, args.tasks), "seed": 9_999, "name": "curves-search", "output": str(out)}
    run = load_recipe(spec)
    settings = SearchSettings(algorithm=ALGORITHMS[0], max_expansions=100_000, branching=3, beam_width=3, max_tokens=args.max_tokens,
                              wrong_moves=0, negatives=0, stop_at_first=True)
    lm = LMSettings(max_steps=6, max_step_tokens=48, template="{question}\n\n{hint}", hint=FORMAT_HINT["math"])
    job = Job(run, GeneratedProblems(run), ModelSteps(str(policy), 1.0, None, lm, seed=0, tokenizer=args.tokenizer, concurrency=args.concurrency), settings, 1, ALGORITHMS)
    started = time.perf_counter()
    plain_search(job, out)
    ledgers = [e | {"task": s["task"]} for f in sorted((out / "stats").glob("*.json")) for s in [json.loads(f.read_text())]
               for e in s.get("ledgers", [])]
    budgets = [b for b in (16, 32, 64, 128, 256, 512, 1024, 2048) if b <= args.max_tokens] + [args.max_tokens]
    curve: dict[str, Any] = {}
    for algorithm in ALGORITHMS:
        mine = [e for e in ledgers if e["algorithm"] == algorithm]
        curve[algorithm] = {
            "problems": len(mine),
            "solve_rate": {str(b): sum(e["tokens_at_solution"] is not None and e["tokens_at_solution"] <= b for e in mine) / max(len(mine), 1)
                           for b in sorted(set(budgets))},
            "mean_tokens": sum(e["tokens"] for e in mine) / max(len(mine), 1),
            "per_task": {t: sum(e["solved"] for e in mine if e["task"] == t) / max(sum(e["task"] == t for e in mine), 1) for t in args.tasks},
        }
    return {"policy": str(policy), "seconds": round(time.perf_counter() - started), "max_tokens": args.max_tokens, "curve": curve}


def markdown(results: dict[str, Any]) -> str:
    lines = []
    search = results.get("search")
    if search:
        budgets = list(next(iter(search["curve"].values()))["solve_rate"])
        lines += ["| algorithm | " + " | ".join(f"<= {b} tok" for b in budgets) + " | tokens spent / problem |",
                  "|---|" + "---|" * (len(budgets) + 1)]
        for name, c in search["curve"].items():
            lines.append(f"| {name} | " + " | ".join(f"{c['solve_rate'][b]:.1%}" for b in budgets) + f" | {c['mean_tokens']:.0f} |")
        lines.append("")
    evolve = results.get("evolve")
    if evolve:
        lines += ["| round | chain SFT: right (95% CI) | unreadable | chains kept (search + symbolic) | answer-only SFT: right (95% CI) | unreadable |",
                  "|---|---|---|---|---|---|"]
        for chain, answer in zip(evolve["rounds"]["chain"], evolve["rounds"]["answer"]):
            name = "base" if chain["round"] == 0 else str(chain["round"])
            kept = f"{chain.get('chains_kept', '')} ({chain['search']['verified']} + {chain['symbolic_chains']})" if "search" in chain else ""
            lines.append(f"| {name} | {accuracy_cell(chain['eval'])} | {chain['eval']['unreadable']:.0%} | {kept} | "
                         f"{accuracy_cell(answer['eval'])} | {answer['eval']['unreadable']:.0%} |")
    return "\n".join(lines) + "\n"


def wilson(right: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95% by default): sound at 0 and n, unlike the normal one."""
    if n == 0:
        return 0.0, 1.0
    p = right / n
    centre, half = p + z * z / (2 * n), z * ((p * (1 - p) + z * z / (4 * n)) / n) ** 0.5
    return max(0.0, (centre - half) / (1 + z * z / n)), min(1.0, (centre + half) / (1 + z * z / n))


def accuracy_cell(ev: dict[str, Any]) -> str:
    """The cell "right / problems = share [low-high]" of a greedy eval (k = 1: each problem's one answer)."""
    n = int(ev["problems"])
    right = int(ev["right"]) if ev.get("right") is not None else round(ev["pass@1"] * n)
    low, high = wilson(right, n)
    return f"{right} / {n} = {right / max(n, 1):.1%} [{low:.1%}-{high:.1%}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/curves"))
    parser.add_argument("--tasks", type=lambda s: tuple(s.split(",")), default=("linear_equation", "arithmetic_expression"))
    parser.add_argument("--train-count", type=int, default=100, help="training problems per task and round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--train-steps", type=int, default=150)
    parser.add_argument("--learning-rate", type=float, default=2e-3)
    parser.add_argument("--batch-size", type=int, default=16, help="SFT batch size")
    parser.add_argument("--round-search-count", type=int, help="problems per task the policy searches each round (evolve's "
                        "--search-count; default all --train-count, 0 none: the symbolic chains alone)")
    parser.add_argument("--gradient-checkpointing", action="store_true", help="TRL's default; off here: a 1M model needs no memory saved")
    parser.add_argument("--test-per-level", type=int, default=25)
    parser.add_argument("--eval-max-tokens", type=int, default=160, help="longest eval answer in tokens")
    parser.add_argument("--search-count", type=int, default=50, help="problems per task for the search curve")
    parser.add_argument("--max-tokens", type=int, default=256, help="token cap per problem and algorithm (the curve's right end)")
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--stages", default="model,evolve,search")
    parser.add_argument("--results", default="curves.json", help="file name of the results under bench/results/")
    parser.add_argument("--policy", help="policy for the search curve: a model folder or an OpenAI-compatible server's URL "
                        "(default: the chain evolve's last round)")
    parser.add_argument("--tokenizer", help="with a server --policy: the local folder of its tokenizer (chat template on the completions endpoint)")
    parser.add_argument("--concurrency", type=int, default=4, help="with a server --policy: requests in flight")
    parser.add_argument("--evolve-worker", choices=("chain", "answer"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.evolve_worker:
        import torch

        torch.set_num_threads(1)
        return evolve_worker(args.work, args.evolve_worker, args)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    import torch

    torch.set_num_threads(1)
    args.work.mkdir(parents=True, exist_ok=True)
    saved = args.work / "results.json"
    results: dict[str, Any] = json.loads(saved.read_text()) if saved.exists() else {}
    load = os.getloadavg()
    results["args"] = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    results.setdefault("load", []).append({"at": time.strftime("%H:%M"), "stages": args.stages, "loadavg": [round(x, 1) for x in load]})
    if "model" in args.stages or "evolve" in args.stages or args.policy is None:
        base = stage_model(args.work, args.tasks, args.hidden, args.layers)
        results["model"] = {"hidden": args.hidden, "layers": args.layers, "parameters": _parameters(base)}
    if "evolve" in args.stages:
        results["evolve"] = stage_evolve(args.work, base, args)
        saved.write_text(json.dumps(results, indent=1))
    if "search" in args.stages:
        policy = args.policy or max((args.work / "evolve-chain").glob("round-*/model"), key=lambda p: int(p.parent.name.split("-")[1]))
        results["search"] = stage_search(args.work, policy, args)
    results["load"][-1]["end_loadavg"] = [round(x, 1) for x in os.getloadavg()]
    saved.write_text(json.dumps(results, indent=1))
    (REPO / "bench" / "results").mkdir(exist_ok=True)
    (REPO / "bench" / "results" / args.results).write_text(json.dumps(results, indent=1))
    print(markdown(results))


def _parameters(folder: Path) -> int:
    from transformers import AutoModelForCausalLM

    return sum(p.numel() for p in AutoModelForCausalLM.from_pretrained(folder).parameters())


if __name__ == "__main__":
    main()
