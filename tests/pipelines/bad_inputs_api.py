"""Bad inputs to the Python API and the reward functions: each must raise a CotforgeError in one line
(or, for a reward function inside a trainer, return no reward and say why).

Part of the bad-input suite (``bad_inputs.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bad_inputs_run import GOOD

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
    from cotforge.pipelines.annotate import AnnotateOptions, annotate_job
    from cotforge.pipelines.flows.forge import run_job

    options = AnnotateOptions(input=str(work / "annotate" / "bool_answer.jsonl"), model="http://127.0.0.1:9",
                              output=str(work / "api-annotate"))
    return run_job(annotate_job(options), options.output_dir())


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
