"""The logic and code verifiers on their adversarial tables, beside reasoning-gym's own scorers.

The tables are the ones the tests assert on (``tests/verifiers/adversarial_{logic,code}.py``):
answers built from real generated problems, right ones in the phrasings models use and wrong ones
dressed as right. For every verifier this counts false positives (wrong accepted) apart from false
negatives (right not accepted), entries where ``verify`` and ``verified_reward`` disagree, and
exceptions. Where reasoning-gym scores the same kind of answer (knights and knaves; countdown when
every number must be used, its rule), its ``score_answer`` gets the same answer text cotforge's
shared reader extracts (so both judge the same string; reasoning-gym itself reads only
``<answer>`` tags) and counts as accepting at a score of 1.0.

    python bench/bench_logic_code_rewards.py [--out bench/results]

Writes ``logic_code_rewards.json``; prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "verifiers"))

from adversarial_code import TABLES as CODE  # noqa: E402
from adversarial_logic import TABLES as LOGIC  # noqa: E402
from adversarial_logic import Case  # noqa: E402

from cotforge.core.answers import final_answer  # noqa: E402
from cotforge.core.registry import VERIFIERS  # noqa: E402
from cotforge.verifiers.rewards import verified_reward  # noqa: E402


def _cotforge(cases: list[Case]) -> dict[str, Any]:
    fp = fn = disagree = errors = 0
    started = time.perf_counter()
    for c in cases:
        p = c.problem
        try:
            accepted = VERIFIERS.get(p.verifier).verify(p, c.text).accepted
            reward = verified_reward([c.text], answer=[p.answer], verifier=[p.verifier], payload=[p.payload],
                                     task=[p.task], domain=[p.domain], level=[p.level])[0]  # fmt: skip
        except Exception:  # counted, never hidden: a reward function must not raise
            errors += 1
            continue
        fp += accepted and not c.right
        fn += c.right and not accepted
        disagree += reward != float(accepted)
    seconds = time.perf_counter() - started
    return {"entries": len(cases), "right": sum(c.right for c in cases), "false_positives": fp,
            "false_negatives": fn, "verify_reward_disagree": disagree, "exceptions": errors,
            "pairs_per_second": round(2 * len(cases) / seconds, 1)}  # fmt: skip


def _peer(task: str, cases: list[Case]) -> dict[str, Any] | None:
    """reasoning-gym's scorer on the entries it has the same rules for, or None."""
    try:
        from reasoning_gym.games.countdown import CountdownDataset, CountdownConfig
        from reasoning_gym.logic.knights_knaves import KnightsKnavesDataset, KnightsKnavesConfig
    except ImportError:
        return None
    if task == "knights_knaves":
        scorer = KnightsKnavesDataset(KnightsKnavesConfig(size=1))

        def entry(c: Case) -> dict[str, Any]:
            return {"answer": c.problem.answer}
    elif task == "countdown":
        scorer = CountdownDataset(CountdownConfig(size=1))
        cases = [c for c in cases if c.problem.data()["use_all"]]

        def entry(c: Case) -> dict[str, Any]:
            data = c.problem.data()
            return {"answer": c.problem.answer, "metadata": {"numbers": data["numbers"], "target": data["target"]}}
    else:
        return None
    fp = fn = errors = 0
    started = time.perf_counter()
    for c in cases:
        found = final_answer(c.text)
        try:
            accepted = scorer.score_answer(found.text if found else None, entry(c)) == 1.0
        except Exception:
            errors += 1
            continue
        fp += accepted and not c.right
        fn += c.right and not accepted
    seconds = time.perf_counter() - started
    return {"entries": len(cases), "right": sum(c.right for c in cases), "false_positives": fp,
            "false_negatives": fn, "exceptions": errors, "pairs_per_second": round(len(cases) / seconds, 1)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(HERE / "results"))
    args = parser.parse_args()
    results: dict[str, Any] = {"load": os.getloadavg(), "verifiers": {}}
    print("| verifier | entries (right) | FP | FN | verify/reward disagree | exceptions | reasoning-gym FP / FN (entries) |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, build in {**LOGIC, **CODE}.items():
        cases = build()
        ours = _cotforge(cases)
        peer = _peer(name, cases)
        results["verifiers"][name] = {"cotforge": ours, "reasoning_gym": peer}
        peer_cell = f"{peer['false_positives']} / {peer['false_negatives']} ({peer['entries']})" if peer else "-"
        print(f"| {name} | {ours['entries']} ({ours['right']}) | {ours['false_positives']} | {ours['false_negatives']} "
              f"| {ours['verify_reward_disagree']} | {ours['exceptions']} | {peer_cell} |", flush=True)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "logic_code_rewards.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
