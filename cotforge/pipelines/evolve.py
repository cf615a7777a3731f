"""``cotforge evolve``: rounds of search with the current policy, training on what it found, and eval.

One round, for ``r = 1 .. rounds``:

1. search: the current policy (a local model folder) proposes the steps of the recipe's problems,
   made from the seed ``recipe.seed + r`` (fresh problems each round), through the one pipeline: a
   ``Job`` with the generated problems and a language model's steps (``ModelSteps``), run by the
   same unit runner and Prefect flow as ``cotforge run`` into ``round-r/search``;
2. chains: the verified chains of that run, plus (``symbolic``) the symbolic step space's chains
   of the same problems (``round-r/symbolic``), become (prompt, completion) pairs; with
   ``targets: answer`` only the final-answer line is kept (the answer-only SFT control);
3. SFT (``cotforge.pipelines.train``) turns the policy into ``round-r/model``;
4. eval (``cotforge.pipelines.eval``) on the held-out ``test`` split (``test/``, a disjoint seed,
   decontaminated against every round's training questions), greedy by default;

then ``round-r/report.json``. Round 0 is the base policy's eval. Every stage resumes on its own (the
run by unit, training by its atomically renamed folder, eval by unit) and a round is done when its
report exists, so a killed evolve resumes at the last finished round. ``report.json`` and
``report.md`` hold the table of rounds (accuracy, unreadable, tokens, chains kept).

The functions here are plain; ``cotforge.pipelines.flows.evolve`` runs them under Prefect and hands in
the runner of a job (``run_search``), so this module never imports Prefect.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import Field, field_validator, model_validator

from cotforge.core.answers import FINAL_MARKERS
from cotforge.core.errors import ConfigError
from cotforge.core.registry import TASKS
from cotforge.pipelines.annotate import LMOptions, ModelSteps
from cotforge.pipelines.job import GeneratedProblems, Job, recipe_job
from cotforge.pipelines.recipe import Recipe, _Strict, load_recipe
from cotforge.pipelines.rows import write_text_atomic
from cotforge.pipelines.train import LoraSettings, TrainSettings, train_sft
from cotforge.pipelines.views.text import DEFAULT_HINT, FORMAT_HINT, final_line, solution_text
from cotforge.solvers.lm.space import LMSettings
from cotforge.solvers.search.base import SearchSettings

HEADER = "evolve.json"
Row = dict[str, Any]
RunSearch = Callable[[Job, Path], dict[str, Any]]
"""Runs a job into a folder and returns its stats (the Prefect flow's ``run_job``)."""


class TrainOptions(_Strict):
    """The SFT step of every round."""

    steps: int = Field(default=200, ge=1, le=1_000_000)
    batch_size: int = Field(default=16, ge=1, le=4096)
    learning_rate: float = Field(default=5e-4, gt=0, lt=1)
    max_length: int = Field(default=512, ge=8, le=1_000_000)
    lora_rank: int | None = Field(default=None, ge=1, le=1024)
    """Train rank-``lora_rank`` adapters on the attention projections instead of every weight."""
    threads: int | None = Field(default=None, ge=1, le=512)
    gradient_checkpointing: bool = True
    """Recompute activations in the backward pass (TRL's default): less memory, about a third more compute.
    A small model trained from scratch needs no saving of memory."""

    def settings(self, seed: int) -> TrainSettings:
        lora = LoraSettings(rank=self.lora_rank, alpha=2 * self.lora_rank) if self.lora_rank else None
        return TrainSettings(steps=self.steps, batch_size=self.batch_size, learning_rate=self.learning_rate,
                             max_length=self.max_length, seed=seed, threads=self.threads, lora=lora,
                             gradient_checkpointing=self.gradient_checkpointing)


class EvalSettings(_Strict):
    """How each round's policy answers the test split."""

    per_level: int = Field(default=25, ge=1, le=100_000)
    """Test problems per task and level."""
    k: int = Field(default=1, ge=1, le=64)
    temperature: float = Field(default=0.0, ge=0, le=10)
    """0: greedy, so pass@1 is the accuracy of the policy's one answer."""
    max_tokens: int = Field(default=256, ge=1, le=100_000)


class EvolveOptions(_Strict):
    """Everything that defines an evolve run (its fingerprint guards the output folder)."""

    recipe: str
    """A recipe YAML: its tasks, levels and counts are each round's training problems."""
    model: str
    """The base policy: a local model folder with a chat template."""
    rounds: int = Field(default=2, ge=1, le=1000)
    output: str
    search: SearchSettings = SearchSettings(algorithm="mcts", max_expansions=16, branching=4, wrong_moves=0, negatives=1)
    search_count: int | None = Field(default=None, ge=0, le=1_000_000)
    """Problems per task the policy searches each round: the first ``search_count`` of the round's problems
    (None: all of them; 0: no search, the symbolic chains alone). The symbolic chains cover every problem."""
    temperature: float = Field(default=1.0, gt=0, le=10)
    """Sampling temperature of the search."""
    lm: LMOptions = LMOptions(max_steps=8, max_step_tokens=64)
    prm: str | None = None
    """A process reward model folder (``cotforge train-prm``): its step scores guide every round's search (as in rStar-Math)."""
    symbolic: bool = False
    """Also train on the symbolic step space's chains of each round's problems (needed when the base policy solves nothing)."""
    targets: Literal["chain", "answer"] = "chain"
    """``answer``: train on the final-answer line alone (the answer-only SFT control)."""
    train: TrainOptions = TrainOptions()
    eval: EvalSettings = EvalSettings()
    workers: int = Field(default=1, ge=1, le=64)
    """Worker processes of each round's search (each loads the policy once)."""
    seed: int = 0

    @field_validator("recipe")
    @classmethod
    def _recipe_exists(cls, path: str) -> str:
        if not Path(path).is_file():
            raise ValueError(f"recipe file not found: {path}")
        return path

    @field_validator("model")
    @classmethod
    def _local_model(cls, model: str) -> str:
        if not Path(model).is_dir():
            raise ValueError(f"model folder not found: {model} (evolve trains a local model folder; nothing is downloaded)")
        return model

    @field_validator("prm")
    @classmethod
    def _prm_folder(cls, prm: str | None) -> str | None:
        if prm is not None and not Path(prm).is_dir():
            raise ValueError(f"process reward model folder not found: {prm}")
        return prm

    @model_validator(mode="after")
    def _something_to_train_on(self) -> EvolveOptions:
        if self.search_count == 0 and not self.symbolic:
            raise ValueError("search_count 0 searches nothing: add --symbolic to train on the symbolic chains")
        return self

    def fingerprint(self) -> str:
        content = self.model_dump(exclude={"output", "workers"})
        content["recipe_sha"] = hashlib.sha256(Path(self.recipe).read_bytes()).hexdigest()
        for how in ("threads", "gradient_checkpointing"):  # how the same training runs, not what it computes
            content["train"].pop(how, None)
        if content["search_count"] is None:  # folders written before the option keep their fingerprint
            del content["search_count"]
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Plan:
    """A claimed evolve output folder and the recipe its rounds draw problems from."""

    options: EvolveOptions
    recipe: Recipe
    out: Path

    def round_dir(self, r: int) -> Path:
        return self.out / f"round-{r}"

    def policy(self, r: int) -> Path:
        """The policy after round ``r`` (round 0: the base model); a round that trained nothing keeps the one before."""
        if r == 0:
            return Path(self.options.model)
        model = self.round_dir(r) / "model"
        return model if model.is_dir() else self.policy(r - 1)

    def round_recipe(self, r: int, kind: str) -> Recipe:
        """The recipe of round ``r``'s problems: a seed per round, so every round sees new problems."""
        workers = self.options.workers if kind == "search" else self.recipe.workers
        search = self.options.search if kind == "search" else self.recipe.search
        update: dict[str, Any] = {"name": f"{self.recipe.name}-round-{r}-{kind}", "seed": self.recipe.seed + r,
                                  "workers": workers, "search": search, "output": None}
        limit = self.options.search_count
        if kind == "search" and limit is not None:
            counts = self.recipe.task_counts()
            update["tasks"] = [t.model_copy(update={"count": min(counts[t.name], limit)}) for t in self.recipe.tasks]
        return self.recipe.model_copy(update=update)


def domain_of(recipe: Recipe) -> str:
    domains = sorted({TASKS.get(t.name).domain for t in recipe.tasks})
    if len(domains) != 1:
        raise ConfigError(f"evolve trains on tasks of one domain at a time (one answer format); the recipe mixes {', '.join(domains)}")
    return domains[0]


def prompt_of(question: str, domain: str) -> str:
    """The prompt every stage shows the policy: the question and the answer-format hint (the ``rl`` view's)."""
    return f"{question}\n\n{FORMAT_HINT.get(domain, DEFAULT_HINT)}"


def prepare_evolve(options: EvolveOptions) -> Plan:
    """Check the options, claim the output folder (or resume it) and write the test split once."""
    recipe = load_recipe(options.recipe)
    domain_of(recipe)
    out = Path(options.output)
    header = out / HEADER
    if header.exists():
        old = json.loads(header.read_text())
        if old.get("fingerprint") != options.fingerprint():
            raise ConfigError(f"{out} holds another evolve run (its options differ); choose another --out")
    elif out.exists() and any(out.iterdir()):
        raise ConfigError(f"{out} exists and is not an evolve output folder; choose a new or empty --out")
    else:
        out.mkdir(parents=True, exist_ok=True)
        write_text_atomic(json.dumps({"kind": "evolve", "fingerprint": options.fingerprint(), "options": options.model_dump()}, indent=1), header)
    plan = Plan(options, recipe, out)
    write_test_split(plan)
    return plan


def training_questions(plan: Plan) -> list[str]:
    """Every round's training questions (the test split is decontaminated against all of them)."""
    questions: list[str] = []
    kinds = ("search", "symbolic") if plan.options.search_count is not None else ("search",)
    for r in range(1, plan.options.rounds + 1):
        for kind in kinds:
            source = GeneratedProblems(plan.round_recipe(r, kind))
            for unit in source.units():
                questions.extend(p.question for p in source.problems(unit) if hasattr(p, "question"))
    return questions


def write_test_split(plan: Plan) -> Path:
    """``test/data/rl/test-00000-of-00001.parquet``: held-out problems the eval of every round answers."""
    from cotforge.pipelines.heldout import make_test_split

    folder = plan.out / "test"
    target = folder / "data" / "rl" / "test-00000-of-00001.parquet"
    if target.exists():
        return folder

    def write(rows: list[Row]) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        pq.write_table(pa.Table.from_pylist(rows), tmp)
        tmp.rename(target)

    counts = make_test_split(plan.recipe, plan.options.eval.per_level, training_questions(plan), write)
    if not counts.get("kept"):
        raise ConfigError(f"the test split is empty after decontamination ({counts}); raise eval.per_level or change the recipe")
    write_text_atomic(json.dumps(counts, indent=1), folder / "counts.json")
    return folder


def chain_completion(row: Row) -> str:
    """A verified record's chain as a completion: its steps, then the final-answer line unless the last
    step (a model's) already states the answer."""
    steps = [s["text"] for s in row["steps"]]
    if steps and any(marker in steps[-1].lower() for marker in FINAL_MARKERS):
        return "\n\n".join(steps)
    return solution_text(row)


def verified_rows(folder: Path) -> list[Row]:
    """The exported ``raw`` records of a finished run (every one has a verified answer)."""
    files = sorted((folder / "data" / "raw").glob("train-*.parquet"))
    return [r for f in files for r in pq.read_table(f).to_pylist()]


def search_tokens(folder: Path) -> int:
    """Tokens the policy generated in a run's search (its units' cost ledgers)."""
    return sum(int(json.loads(f.read_text()).get("tokens", 0)) for f in sorted((folder / "stats").glob("*.json")))


def training_pairs(rows: list[Row], targets: str) -> list[tuple[str, str]]:
    """(prompt, completion) pairs, one per question (the first chain found for it)."""
    pairs: dict[str, str] = {}
    for row in rows:
        prompt = prompt_of(row["question"], row["domain"])
        completion = final_line(row["domain"], row["final_answer"]) if targets == "answer" else chain_completion(row)
        pairs.setdefault(prompt, completion)
    return list(pairs.items())


def search_job(plan: Plan, r: int) -> Job:
    """Round ``r``'s search: the recipe's problems of that round, steps sampled from the current policy."""
    options = plan.options
    recipe = plan.round_recipe(r, "search")
    lm = options.lm
    settings = LMSettings(delimiter=lm.delimiter, max_steps=lm.max_steps, max_step_tokens=lm.max_step_tokens,
                          template="{question}\n\n{hint}", hint=FORMAT_HINT.get(domain_of(recipe), DEFAULT_HINT))
    steps = ModelSteps(str(plan.policy(r - 1)), options.temperature, None, settings, options.seed + r, prm=options.prm)
    min_steps = 1 if options.targets == "answer" else recipe.min_steps
    return Job(recipe, GeneratedProblems(recipe), steps, options.search, min_steps)


def evaluate_policy(plan: Plan, r: int) -> dict[str, Any]:
    """The policy after round ``r`` answers the test split (resumable); its summary."""
    from cotforge.pipelines.eval import EvalOptions, evaluate

    settings = plan.options.eval
    options = EvalOptions(model=str(plan.policy(r)), data=str(plan.out / "test"), output=str(plan.round_dir(r) / "eval"),
                          temperature=settings.temperature, k=settings.k, max_tokens=settings.max_tokens, seed=plan.options.seed)
    return evaluate(options)


def run_round(plan: Plan, r: int, run_search: RunSearch) -> dict[str, Any]:
    """Round ``r`` (0: eval of the base policy alone); resumes each stage; returns and writes its report."""
    folder = plan.round_dir(r)
    done = folder / "report.json"
    if done.exists():
        return dict(json.loads(done.read_text()))
    folder.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"round": r}
    if r > 0:
        options = plan.options
        if options.search_count == 0:
            found, stats = [], {}
        else:
            stats = run_search(search_job(plan, r), folder / "search")
            found = verified_rows(folder / "search")
        rows = list(found)
        report["search"] = {"problems": stats.get("generated", 0), "verified": len(found),
                            "tokens": search_tokens(folder / "search") if options.search_count != 0 else 0,
                            "algorithm": options.search.algorithm, "prm": options.prm}
        if options.symbolic:
            run_search(recipe_job(plan.round_recipe(r, "symbolic")), folder / "symbolic")
            symbolic = verified_rows(folder / "symbolic")
            rows += symbolic
            report["symbolic_chains"] = len(symbolic)
        pairs = training_pairs(rows, options.targets)
        report["chains_kept"] = len(pairs)
        model = folder / "model"
        if pairs and not model.is_dir():
            train_sft(plan.policy(r - 1), pairs, model, options.train.settings(options.seed + r))
        report["trained"] = model.is_dir()
        if model.is_dir():
            log = json.loads((model / "train.json").read_text())
            report["train"] = {k: log[k] for k in ("rows", "steps", "loss_first", "loss_last", "seconds")}
    summary = evaluate_policy(plan, r)
    overall = summary["overall"]
    report["policy"] = str(plan.policy(r))
    report["eval"] = {k: overall.get(k) for k in ("problems", "right", "pass@1", "wrong", "unreadable", "sound_steps", "mean_tokens")}
    write_text_atomic(json.dumps(report, indent=1), done)
    return report


def write_summary(plan: Plan, reports: list[dict[str, Any]]) -> dict[str, Any]:
    """``report.json`` and ``report.md``: one line per round."""
    summary = {"options": plan.options.model_dump(), "rounds": reports}
    write_text_atomic(json.dumps(summary, indent=1), plan.out / "report.json")
    write_text_atomic(markdown(plan, reports), plan.out / "report.md")
    return summary


def markdown(plan: Plan, reports: list[dict[str, Any]]) -> str:
    o = plan.options
    lines = [f"# cotforge evolve: {o.model}", "",
             f"Recipe `{o.recipe}`, {o.rounds} round(s), search {o.search.algorithm} ({o.search.max_expansions} expansions, "
             f"branching {o.search.branching}{', PRM-guided' if o.prm else ''}), targets: {o.targets}{', plus symbolic chains' if o.symbolic else ''}. "
             f"Eval: {o.eval.per_level} test problems per task and level, k={o.eval.k}, temperature {o.eval.temperature:g}.", "",
             "| round | accuracy (pass@1) | unreadable | tokens / answer | search solved | search tokens | chains kept | loss first -> last |",
             "|---|---|---|---|---|---|---|---|"]
    for rep in reports:
        ev, search, train = rep["eval"], rep.get("search"), rep.get("train")
        solved = f"{search['verified']} / {search['problems']}" if search else ""
        tokens = str(search["tokens"]) if search else ""
        loss = f"{train['loss_first']:.3f} -> {train['loss_last']:.3f}" if train and train["loss_first"] is not None else ""
        name = "base" if rep["round"] == 0 else str(rep["round"])
        lines.append(f"| {name} | {ev['pass@1']:.1%} | {ev['unreadable']:.0%} | {ev['mean_tokens']:.0f} | {solved} | {tokens} | "
                     f"{rep.get('chains_kept', '')} | {loss} |")
    return "\n".join(lines) + "\n"


def evolve(options: EvolveOptions, run_search: RunSearch, progress: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Every round in order (a finished round is read back, not redone); the summary."""
    plan = prepare_evolve(options)
    reports = []
    for r in range(options.rounds + 1):
        reports.append(run_round(plan, r, run_search))
        if progress:
            progress(reports[-1])
    return write_summary(plan, reports)
