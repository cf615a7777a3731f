"""``cotforge eval MODEL OUT``: a model answers a held-out split; pass@1, pass@k, unreadable apart from
wrong, and the soundness of the model's own steps, per task and level.

The problems are the ``test`` split of a dataset folder's ``rl`` config (``cotforge export DIR --test
N`` writes it: a disjoint seed, decontaminated against train). The model (a local folder, or an
OpenAI-compatible server, chat or completions) writes ``k`` whole answers to each prompt; each is
scored by ``cotforge.verifiers.rewards.score``, the project's one reader and verifier, so accepted,
wrong (``reject``), ``unreadable`` and ``error`` stay apart. Each answer's lines are read back into
states the task's step checker judges (``solvers.lm.steps.model_states``): the sound-step share sits
beside accuracy, so a right answer reached by invalid steps is visible.

The work is split into units of ``unit_size`` problems, each written atomically with a completion
marker (``parts/``, ``stats/``), so a killed eval run again resumes at the first unfinished unit; the
answers (with the model's text) are gathered into ``answers.parquet``, the figures into
``summary.json`` and ``summary.md``. ``run.json`` (the header every cotforge output has, so the
folder lock and the checks of ``cotforge.pipelines.output`` apply) records the options; a folder
holding a run's or another eval's output, or files cotforge did not write, is refused.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from math import comb
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import Field

from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem, Step
from cotforge.core.registry import VERIFIERS
from cotforge.pipelines.recipe import _Strict
from cotforge.pipelines.rows import write_table_atomic, write_text_atomic
from cotforge.solvers.lm.backends import Backend, Prompt, Request
from cotforge.solvers.lm.steps import EQUATION_CHECKS, claim_holds, model_states
from cotforge.verifiers.rewards import score

Row = dict[str, Any]

ANSWERS = pa.schema([
    ("id", pa.string()), ("task", pa.string()), ("level", pa.int64()), ("domain", pa.string()), ("prompt", pa.string()),
    ("answer", pa.string()), ("sample", pa.int64()), ("completion", pa.string()), ("tokens", pa.int64()), ("finished", pa.bool_()),
    ("status", pa.string()), ("reason", pa.string()), ("extracted", pa.string()),
    ("steps_sound", pa.int64()), ("steps_unsound", pa.int64()), ("steps_unjudged", pa.int64()),
])


class EvalOptions(_Strict):
    """What defines an eval run (its fingerprint guards the output folder)."""

    model: str
    """A local model folder, or the URL of an OpenAI-compatible server."""
    data: str
    """A dataset folder whose ``rl`` config has a ``test`` split (``cotforge export DIR --test N``)."""
    output: str
    served_model: str | None = None
    api: Literal["auto", "chat", "completions"] = "auto"
    tokenizer: str | None = None
    temperature: float = Field(default=0.7, ge=0, le=10)
    k: int = Field(default=4, ge=1, le=1024)
    """Answers per problem: pass@1 is averaged over them, pass@k is their best."""
    max_tokens: int = Field(default=512, ge=1, le=1_000_000)
    """Longest answer, in generated tokens."""
    seed: int = 0
    limit: int | None = Field(default=None, ge=1)
    """Answer only the first ``limit`` problems of the split."""
    unit_size: int = Field(default=8, ge=1)
    concurrency: int = Field(default=4, ge=1, le=256)

    def fingerprint(self) -> str:
        content = self.model_dump(exclude={"output", "unit_size", "concurrency"})
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]


def read_test_split(folder: str | Path) -> list[Row]:
    """The ``rl`` test rows of a dataset folder, in file order."""
    root = Path(folder)
    if not root.is_dir():
        raise ConfigError(f"--data {folder}: not a folder (give a dataset folder exported with `cotforge export DIR --test N`)")
    files = sorted((root / "data" / "rl").glob("test-*.parquet"))
    if not files:
        raise ConfigError(f"--data {folder} has no test split (data/rl/test-*.parquet): write one with `cotforge export {folder} --test N`")
    rows = [r for f in files for r in pq.read_table(f).to_pylist()]
    if not rows:
        raise ConfigError(f"--data {folder}: the test split is empty")
    return rows


def _problem(row: Row) -> Problem:
    return Problem(task=row["task"], task_version=0, domain=row["domain"], level=int(row["level"]), seed=0, index=0,
                   question=row["prompt"], answer=row["answer"], payload=row["payload"], space="", verifier=row["verifier"])


def judge_steps(row: Row, completion: str) -> tuple[int, int, int]:
    """(sound, unsound, unjudged) lines of a model's answer, by the task's own step checker where it
    reads equations, or by exact arithmetic for value tasks; a verifier that cannot judge says None."""
    problem = _problem(row)
    data = json.loads(row["payload"] or "{}")
    check = data.get("check") or ("equation" if "equation" in data else None)
    verifier = VERIFIERS.get(row["verifier"]) if row["verifier"] in VERIFIERS else None
    sound = unsound = unjudged = 0
    for line, states in model_states(completion, check):
        if not states:
            unjudged += 1
            continue
        if check in EQUATION_CHECKS and verifier is not None:
            verdicts = verifier.check_steps(problem, [Step(text=line, state=s) for s in states])
        else:
            verdicts = [claim_holds(s) for s in states]
        if any(v is False for v in verdicts):
            unsound += 1
        elif verdicts and all(v is True for v in verdicts):
            sound += 1
        else:
            unjudged += 1
    return sound, unsound, unjudged


def answer_rows(rows: Sequence[Row], backend: Backend, options: EvalOptions) -> list[Row]:
    """``k`` answers to each row's prompt, scored and judged step by step."""
    requests = [Request(Prompt(r["prompt"]), options.k, (), options.max_tokens, _seed(options.seed, r["id"])) for r in rows]
    out = []
    for row, samples in zip(rows, backend.sample_batch(requests)):
        for j, sample in enumerate(samples):
            verdict = score(row, sample.text)
            sound, unsound, unjudged = judge_steps(row, sample.text)
            out.append({"id": row["id"], "task": row["task"], "level": int(row["level"]), "domain": row["domain"],
                        "prompt": row["prompt"], "answer": row["answer"], "sample": j, "completion": sample.text,
                        "tokens": sample.tokens, "finished": sample.finished, "status": verdict.status, "reason": verdict.reason,
                        "extracted": verdict.extracted, "steps_sound": sound, "steps_unsound": unsound, "steps_unjudged": unjudged})
    return out


def _seed(seed: int, row_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(f"{seed}|{row_id}".encode(), digest_size=4).digest(), "big") % 2**31


def pass_at(n: int, correct: int, k: int) -> float:
    """The unbiased pass@k estimate from ``n`` samples of which ``correct`` passed (Chen et al. 2021)."""
    if n - correct < k:
        return 1.0
    return 1.0 - comb(n - correct, k) / comb(n, k)


def summarize(answers: Sequence[Row], k: int) -> dict[str, Any]:
    """Figures per task and level, and over all: pass@1, pass@k, wrong / unreadable / error rates, steps."""
    groups: dict[tuple[str, int], list[Row]] = defaultdict(list)
    for a in answers:
        groups[(a["task"], a["level"])].append(a)
    table = [_figures(task, level, rows, k) for (task, level), rows in sorted(groups.items())]
    return {"k": k, "overall": _figures("all", 0, list(answers), k), "per_task_level": table}


def _figures(task: str, level: int, rows: Sequence[Row], k: int) -> dict[str, Any]:
    by_problem: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_problem[r["id"]].append(r)
    n = max(len(rows), 1)
    counts = {s: sum(r["status"] == s for r in rows) for s in ("accept", "reject", "unreadable", "error")}
    sound, unsound = sum(r["steps_sound"] for r in rows), sum(r["steps_unsound"] for r in rows)
    right = [r for r in rows if r["status"] == "accept"]
    return {
        "task": task, "level": level, "problems": len(by_problem), "answers": len(rows),
        "pass@1": _mean([pass_at(len(s), sum(r["status"] == "accept" for r in s), 1) for s in by_problem.values()]),
        f"pass@{k}": _mean([pass_at(len(s), sum(r["status"] == "accept" for r in s), min(k, len(s))) for s in by_problem.values()]),
        "wrong": counts["reject"] / n, "unreadable": counts["unreadable"] / n, "error": counts["error"] / n,
        "sound_steps": sound / (sound + unsound) if sound + unsound else None,
        "judged_steps": sound + unsound,
        "right_with_unsound_steps": sum(r["steps_unsound"] > 0 for r in right),
        "right": len(right),
        "mean_tokens": sum(r["tokens"] for r in rows) / n,
    }


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def markdown(summary: dict[str, Any], options: EvalOptions) -> str:
    k = summary["k"]
    head = f"| task | level | problems | pass@1 | pass@{k} | wrong | unreadable | errors | sound steps (judged) | right with unsound steps | tokens / answer |"
    lines = [f"# cotforge eval: {options.model}", "", f"Test split of `{options.data}`; {k} answers per problem at temperature "
             f"{options.temperature:g}, at most {options.max_tokens} tokens each.", "", head, "|" + "---|" * 11]
    for d in [*summary["per_task_level"], summary["overall"]]:
        share = "n/a" if d["sound_steps"] is None else f"{d['sound_steps']:.0%}"
        lines.append(f"| {d['task']} | {d['level'] or ''} | {d['problems']} | {d['pass@1']:.1%} | {d[f'pass@{k}']:.1%} | "
                     f"{d['wrong']:.0%} | {d['unreadable']:.0%} | {d['error']:.0%} | {share} ({d['judged_steps']}) | "
                     f"{d['right_with_unsound_steps']} of {d['right']} | {d['mean_tokens']:.0f} |")
    lines += ["", "wrong, unreadable and errors are shares of all answers; sound steps: lines whose equation (or arithmetic "
              "claim) the task's step checker accepts, among the lines it could judge."]
    return "\n".join(lines) + "\n"


def _claim(options: EvalOptions, out: Path) -> None:
    """Create ``out`` for this eval, or resume it; refuse another eval's folder or a folder of the user's."""
    from cotforge.pipelines.output import CONTROL, HEADER

    header = out / HEADER
    if header.exists():
        try:
            old = json.loads(header.read_text())
        except (OSError, ValueError):
            old = None
        if not isinstance(old, dict) or old.get("kind") != "eval":
            raise ConfigError(f"{out} holds a cotforge run, not an eval; choose another OUT")
        if old.get("fingerprint") != options.fingerprint():
            raise ConfigError(f"{out} holds another eval's output (options differ); choose another OUT")
        return

    if out.exists() and (not out.is_dir() or any(p.name not in CONTROL for p in out.iterdir())):
        raise ConfigError(f"{out} exists and is not an eval output folder; choose a new or empty OUT")
    out.mkdir(parents=True, exist_ok=True)
    write_text_atomic(json.dumps({"kind": "eval", "fingerprint": options.fingerprint(), "options": options.model_dump()}, indent=1), header)


def evaluate(options: EvalOptions, backend: Backend | None = None, progress: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Run (or resume) the eval into ``options.output``; returns the summary."""
    from cotforge.solvers.lm.backends import backend_for

    rows = read_test_split(options.data)[: options.limit]
    out = Path(options.output)
    _claim(options, out)
    units = [rows[i : i + options.unit_size] for i in range(0, len(rows), options.unit_size)]
    for number, unit in enumerate(units):
        marker = out / "stats" / f"unit-{number:05d}.json"
        if marker.exists():
            continue
        if backend is None:
            backend = backend_for(options.model, options.temperature, options.served_model, api=options.api,
                                  tokenizer=options.tokenizer, concurrency=options.concurrency)
        started = time.perf_counter()
        answers = answer_rows(unit, backend, options)
        write_table_atomic(answers, ANSWERS, out / "parts" / f"unit-{number:05d}.parquet")
        stats = {"unit": number, "units": len(units), "problems": len(unit), "answers": len(answers),
                 "accepted": sum(a["status"] == "accept" for a in answers), "seconds": round(time.perf_counter() - started, 3)}
        write_text_atomic(json.dumps(stats, sort_keys=True), marker)
        if progress:
            progress(stats)
    answers = [r for n in range(len(units)) for r in pq.read_table(out / "parts" / f"unit-{n:05d}.parquet").to_pylist()]
    write_table_atomic(answers, ANSWERS, out / "answers.parquet")
    summary = {"model": options.model, "data": options.data, **summarize(answers, options.k)}
    write_text_atomic(json.dumps(summary, indent=2), out / "summary.json")
    write_text_atomic(markdown(summary, options), out / "summary.md")
    return summary
