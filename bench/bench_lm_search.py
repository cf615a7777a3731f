"""Language-model search: algorithms at equal budgets, and sibling batching on a real model.

Part A compares MCTS, beam, best-first and best-of-N at the same expansion budget on
the same problems, with a *simulated* proposer: each call proposes the symbolic
space's moves mixed with its known-wrong moves (each wrong with probability
``--noise``), and costs the words of the steps it returns as "tokens". A random tiny
model never reaches a verified answer, so this is how search strategies are compared
here; the measure is verified traces per 1,000 proposed tokens and the solve rate.

Part B times the transformers backend on a tiny Llama built in-process: 8 siblings in
one batched ``generate`` against 8 separate calls, same prompt.

    python bench/bench_lm_search.py [--n 30] [--out bench/results]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from cotforge.core.registry import SEARCHES, SPACES, TASKS, VERIFIERS  # noqa: E402
from cotforge.core.space import Move, Space  # noqa: E402
from cotforge.solvers.search.base import Budget  # noqa: E402

ALGORITHMS = ("mcts", "beam", "best_first", "best_of_n")


class NoisyProposer(Space):
    """A symbolic space whose proposals are mixed with wrong moves, like an imperfect model."""

    def __init__(self, inner: Space, noise: float, rng: random.Random) -> None:
        super().__init__(inner.problem)
        self.inner, self.noise, self.rng, self.tokens = inner, noise, rng, 0

    def root(self):  # type: ignore[no-untyped-def]
        return self.inner.root()

    def propose(self, state, k: int) -> list[Move]:  # type: ignore[no-untyped-def]
        good = self.inner.propose(state, k)
        bad = self.inner.propose_wrong(state, k, self.rng)
        moves = [self.rng.choice(bad) if bad and self.rng.random() < self.noise else m for m in good]
        self.tokens += sum(len(m.step.text.split()) for m in moves)
        return moves

    def is_terminal(self, state) -> bool:  # type: ignore[no-untyped-def]
        return self.inner.is_terminal(state)

    def answer(self, state):  # type: ignore[no-untyped-def]
        return self.inner.answer(state)

    def heuristic(self, state) -> float:  # type: ignore[no-untyped-def]
        return self.inner.heuristic(state)

    def key(self, state):  # type: ignore[no-untyped-def]
        return self.inner.key(state)


def part_a(n: int, noise: float, budget: int) -> list[dict]:
    rows = []
    for task in ("linear_equation", "knights_knaves"):
        problems = [TASKS.get(task).from_level(level, seed=9).generate(i) for level in (3, 4, 5) for i in range(n // 3)]
        for algorithm in ALGORITHMS:
            solved = tokens = 0
            for p in problems:
                verifier = VERIFIERS.get(p.verifier)
                space = NoisyProposer(SPACES.get(p.space)(p), noise, random.Random(p.index))
                result = SEARCHES.get(algorithm)(
                    space, lambda a, p=p, v=verifier: float(v.verify(p, a).accepted), Budget(max_expansions=budget, branching=2),
                    random.Random(p.index),
                )
                solved += result.best_path() is not None
                tokens += space.tokens
            rows.append({"task": task, "algorithm": algorithm, "problems": len(problems), "solved": solved,
                         "tokens": tokens, "verified_per_1k_tokens": 1000 * solved / max(tokens, 1)})
            print(json.dumps(rows[-1]))
    return rows


def part_b(repeats: int) -> dict:
    sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
    from tiny_lm import build_tiny_lm

    from cotforge.solvers.lm.backends import TransformersBackend

    texts = ["Subtract 3 from both sides: 2x = 8\n\nDivide both sides by 2: x = 4\n\nFinal answer: 4"] * 30
    folder = build_tiny_lm(Path(tempfile.mkdtemp(prefix="bench-lm-")), texts)
    backend = TransformersBackend(folder)
    prompt = " ".join(texts[0].split()[:40] * 5)
    backend.sample(prompt, 2, stop=["\n\n"], max_tokens=32, seed=0)  # warm up
    start = time.perf_counter()
    for r in range(repeats):
        backend.sample(prompt, 8, stop=["\n\n"], max_tokens=32, seed=r)
    batched = (time.perf_counter() - start) / repeats
    start = time.perf_counter()
    for r in range(repeats):
        for i in range(8):
            backend.sample(prompt, 1, stop=["\n\n"], max_tokens=32, seed=r * 8 + i)
    separate = (time.perf_counter() - start) / repeats
    return {"prompt_tokens": len(backend.tokenizer(prompt)["input_ids"]), "batched_s": batched, "separate_s": separate,
            "speedup": separate / batched}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--noise", type=float, default=0.3)
    parser.add_argument("--budget", type=int, default=24)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    args = parser.parse_args()
    results = {"noise": args.noise, "budget": args.budget, "search": part_a(args.n, args.noise, args.budget),
               "batching": part_b(args.repeats)}
    print(json.dumps(results["batching"]))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "lm_search.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
