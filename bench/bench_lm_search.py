"""Language-model search: algorithms at equal token budgets, sibling batching and prefix reuse on a real model.

Part A compares MCTS, beam, best-first and best-of-N on the same problems under the same
budget of generated tokens, with a *simulated* proposer: each call proposes the symbolic
space's moves mixed with its known-wrong moves (each wrong with probability ``--noise``),
and costs the words of the steps it returns as "tokens", counted in the search's ledger.
A random tiny model never reaches a verified answer, so this is how search strategies are
compared here. One run per algorithm at the largest budget gives the whole curve (the
ledger's tokens at the first verified answer), read at a few equal budgets; the measure is
the solve rate and verified traces per 1,000 tokens, best-of-N being the baseline.

Part B times the transformers backend on a tiny Llama built in-process, with the prompts
of the same problems (LMSpace's template): 8 siblings per problem as one call per child,
as one batched ``generate``, and batched with the shared prefix encoded once (KV cache
reused across siblings); it also counts the prompt tokens each way puts through the model.

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
from cotforge.solvers.search.base import Budget, Ledger  # noqa: E402

ALGORITHMS = ("mcts", "beam", "best_first", "best_of_n")


class NoisyProposer(Space):
    """A symbolic space whose proposals are mixed with wrong moves, like an imperfect model."""

    def __init__(self, inner: Space, noise: float, rng: random.Random) -> None:
        super().__init__(inner.problem)
        self.inner, self.noise, self.rng = inner, noise, rng
        self.ledger = Ledger()

    def root(self):  # type: ignore[no-untyped-def]
        return self.inner.root()

    def propose(self, state, k: int) -> list[Move]:  # type: ignore[no-untyped-def]
        good = self.inner.propose(state, k)
        bad = self.inner.propose_wrong(state, k, self.rng)
        moves = [self.rng.choice(bad) if bad and self.rng.random() < self.noise else m for m in good]
        self.ledger.calls += 1
        self.ledger.tokens += sum(len(m.step.text.split()) for m in moves)
        return moves

    def is_terminal(self, state) -> bool:  # type: ignore[no-untyped-def]
        return self.inner.is_terminal(state)

    def answer(self, state):  # type: ignore[no-untyped-def]
        return self.inner.answer(state)

    def heuristic(self, state) -> float:  # type: ignore[no-untyped-def]
        return self.inner.heuristic(state)

    def key(self, state):  # type: ignore[no-untyped-def]
        return self.inner.key(state)


def part_a(n: int, noise: float, tokens: int, points: int = 4) -> list[dict]:
    """Each algorithm once per problem at ``tokens`` generated tokens; solve rates read off the ledgers at equal budgets."""
    rows = []
    budgets = [tokens * (k + 1) // points for k in range(points)]
    for task in ("linear_equation", "knights_knaves"):
        problems = [TASKS.get(task).from_level(level, seed=9).generate(i) for level in (3, 4, 5) for i in range(n // 3)]
        for algorithm in ALGORITHMS:
            at_solution, spent = [], 0
            for p in problems:
                verifier = VERIFIERS.get(p.verifier)
                space = NoisyProposer(SPACES.get(p.space)(p), noise, random.Random(p.index))
                SEARCHES.get(algorithm)(
                    space, lambda a, p=p, v=verifier: float(v.verify(p, a).accepted),
                    Budget(max_expansions=10_000, max_tokens=tokens, branching=2), random.Random(p.index),
                )
                spent += space.ledger.tokens
                at_solution.append(space.ledger.at_solution.tokens if space.ledger.at_solution else None)
            solved = sum(t is not None for t in at_solution)
            rows.append({"task": task, "algorithm": algorithm, "problems": len(problems), "solved": solved, "tokens": spent,
                         "verified_per_1k_tokens": 1000 * solved / max(spent, 1),
                         "solved_within": {str(b): sum(t is not None and t <= b for t in at_solution) for b in budgets}})
            print(json.dumps(rows[-1]))
    return rows


def _bench_model(folder: Path, texts: list[str]) -> Path:
    """tests/tiny_lm's tokenizer with a larger (~0.2M parameter) random Llama, like the FIELD-NOTES measurement."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
    from tiny_lm import build_tiny_lm
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    build_tiny_lm(folder, texts)
    tok = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    config = LlamaConfig(vocab_size=len(tok), hidden_size=64, intermediate_size=192, num_hidden_layers=3, num_attention_heads=4,
                         num_key_value_heads=4, max_position_embeddings=1024, pad_token_id=tok.pad_token_id,
                         bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id)
    LlamaForCausalLM(config).save_pretrained(folder)
    return folder


def part_b(n: int, repeats: int, siblings: int = 8, max_tokens: int = 32) -> dict:
    import torch

    from cotforge.solvers.lm.backends import TransformersBackend
    from cotforge.solvers.lm.space import LMSettings, LMSpace

    torch.set_num_threads(1)
    texts = ["Subtract 3 from both sides: 2x = 8\n\nDivide both sides by 2: x = 4\n\nFinal answer: 4"] * 30
    folder = _bench_model(Path(tempfile.mkdtemp(prefix="bench-lm-")), texts)
    reuse, plain = TransformersBackend(folder, prefix_cache=True), TransformersBackend(folder, prefix_cache=False)
    problems = [TASKS.get("linear_equation").from_level(level, seed=9).generate(i) for level in (3, 4, 5) for i in range(max(n // 3, 1))]
    # the prompt of a node two steps deep: the template, the question and two earlier steps
    prompts = [LMSpace(p, reuse, LMSettings()).prompt + texts[0].split("\n\nFinal")[0] + "\n\n" for p in problems]
    seen: list[int] = []
    for backend in (reuse, plain):
        backend.model.get_input_embeddings().register_forward_hook(lambda m, a, o: seen.append(a[0].numel() if a[0].shape[1] > 1 else 0))
    reuse.sample(prompts[0], 2, stop=["\n\n"], max_tokens=4, seed=0)  # warm up

    stop = ["\n\n"]
    ways = {
        "one_call_per_child": lambda p, s: [plain.sample(p, 1, stop=stop, max_tokens=max_tokens, seed=s * 16 + i) for i in range(siblings)],
        "batched": lambda p, s: plain.sample(p, siblings, stop=stop, max_tokens=max_tokens, seed=s),
        "batched_prefix_reuse": lambda p, s: reuse.sample(p, siblings, stop=stop, max_tokens=max_tokens, seed=s),
    }
    # interleaved, in a rotating order, so that load from other processes falls on every way alike
    seconds = dict.fromkeys(ways, 0.0)
    encoded = dict.fromkeys(ways, 0)
    for r in range(repeats):
        for k, prompt in enumerate(prompts):
            names = list(ways)
            for name in names[(r + k) % 3 :] + names[: (r + k) % 3]:
                seen.clear()
                start = time.perf_counter()
                ways[name](prompt, r * 1000 + k)
                seconds[name] += time.perf_counter() - start
                encoded[name] += sum(seen)
    calls = repeats * len(prompts)
    one_by_one, batched, cached = ((seconds[w] / calls, encoded[w] // repeats) for w in ways)
    same = all([s.text for s in reuse.sample(p, siblings, stop=stop, max_tokens=max_tokens, seed=k)]
               == [s.text for s in plain.sample(p, siblings, stop=stop, max_tokens=max_tokens, seed=k)] for k, p in enumerate(prompts))
    lengths = [len(reuse.tokenizer(p, add_special_tokens=False)["input_ids"]) for p in prompts]
    return {"problems": len(prompts), "siblings": siblings, "max_new_tokens": max_tokens,
            "parameters": sum(t.numel() for t in reuse.model.parameters()),
            "prompt_tokens_mean": sum(lengths) / len(lengths),
            "one_call_per_child_s": one_by_one[0], "batched_s": batched[0], "batched_prefix_reuse_s": cached[0],
            "prompt_tokens_encoded": {"one_call_per_child": one_by_one[1], "batched": batched[1], "batched_prefix_reuse": cached[1]},
            "speedup_batching": one_by_one[0] / batched[0], "speedup_prefix_reuse": batched[0] / cached[0],
            "speedup_total": one_by_one[0] / cached[0], "same_samples_with_and_without_reuse": same}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--noise", type=float, default=0.3)
    parser.add_argument("--tokens", type=int, default=400, help="generated-token budget per problem (part A)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-search", action="store_true", help="part B only")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    args = parser.parse_args()
    results = {"noise": args.noise, "tokens": args.tokens,
               "search": [] if args.skip_search else part_a(args.n, args.noise, args.tokens),
               "batching": part_b(args.n, args.repeats)}
    print(json.dumps(results["batching"]))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "lm_search.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
