"""Language-model search: the transformers backend on a tiny model built here, and
`cotforge annotate` end to end against a local OpenAI-compatible server."""

from __future__ import annotations

import json
import random
import socket
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cotforge.core.errors import CotforgeError
from cotforge.core.registry import SEARCHES, TASKS
from cotforge.pipelines import cli
from cotforge.solvers.lm.backends import TransformersBackend
from cotforge.solvers.lm.server import OpenAIBackend
from cotforge.solvers.lm.space import LMSettings, LMSpace
from cotforge.solvers.search.base import Budget
from fake_openai import Handler, start
from tiny_lm import build_tiny_lm


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    texts = ["Add the two numbers first.\n\nThen check the sum.\n\nFinal answer: 7"] * 20
    return build_tiny_lm(tmp_path_factory.mktemp("lm"), texts)


def test_transformers_backend_samples_siblings_in_one_call_and_cuts_at_the_delimiter(tiny: Path) -> None:
    backend = TransformersBackend(tiny)
    samples = backend.sample("Add the two", 4, stop=[" "], max_tokens=24, seed=3)
    assert len(samples) == 4
    assert all(" " not in s.text for s in samples)
    assert all(s.tokens > 0 and s.logprob is not None and s.logprob <= 0 for s in samples)
    again = backend.sample("Add the two", 4, stop=[" "], max_tokens=24, seed=3)
    assert [s.text for s in again] == [s.text for s in samples]


def test_mcts_over_a_tiny_model_respects_the_budget(tiny: Path) -> None:
    problem = TASKS.get("linear_equation").from_level(1).generate(0)
    space = LMSpace(problem, TransformersBackend(tiny), LMSettings(max_steps=3, max_step_tokens=8))
    result = SEARCHES.get("mcts")(space, lambda a: 0.0, Budget(max_expansions=6, branching=3), random.Random(0))
    assert result.expansions <= 6 and space.ledger.calls <= 6 and space.ledger.tokens > 0
    assert len(result.nodes) > 1


def test_transformers_backend_batches_several_prompts(tiny: Path) -> None:
    from cotforge.solvers.lm.backends import Request

    backend = TransformersBackend(tiny)
    requests = [Request("Add the", 2, ("\n\n",), 8, 1), Request("Then check the sum and", 2, ("\n\n",), 8, 1)]
    batched = backend.sample_batch(requests)
    assert [len(b) for b in batched] == [2, 2]
    assert backend.sample_batch(requests) == batched


def test_a_missing_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CotforgeError, match="model folder not found"):
        TransformersBackend(tmp_path / "nope")


def test_openai_backend_reports_a_server_that_is_down() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    backend = OpenAIBackend(f"http://127.0.0.1:{port}", retries=1)
    with pytest.raises(CotforgeError, match="cannot reach the model server"):
        backend.sample("x", 2, stop=["\n\n"], max_tokens=4, seed=0)


def test_annotate_finds_verified_chains_and_lists_the_unsolved(tmp_path: Path) -> None:
    server, url = start()
    try:
        data = tmp_path / "mine.jsonl"
        rows = [{"q": f"What is {a} + {b}?", "a": str(a + b)} for a, b in [(2, 3), (10, 7), (40, 2), (5, 5)]]
        rows.append({"q": "What is 1 + 1? (impossible)", "a": "2"})
        data.write_text("\n".join(json.dumps(r) for r in rows))
        out = tmp_path / "out"
        argv = ["annotate", "--input", str(data), "--question-field", "q", "--answer-field", "a", "--verifier", "math",
                "--model", url, "--api", "completions", "--unit-size", "2", "--out", str(out), "--max-expansions", "20"]
        assert cli.main(argv) == 0
        raw = pq.read_table(next((out / "data" / "raw").glob("train-*.parquet"))).to_pylist()
        assert sorted(r["final_answer"] for r in raw) == ["10", "17", "42", "5"]
        for r in raw:
            assert [s["text"] for s in r["steps"]][-1] == f"Final answer: {r['answer']}"
            assert r["steps"][-1]["value"] is not None
            assert json.loads(r["metadata"])["cost"]["tokens"] > 0
        unsolved = [r for p in (out / "rejected").glob("unit-*.parquet") for r in pq.read_table(p).to_pylist()]
        assert len(unsolved) == 1 and "impossible" in unsolved[0]["question"] and "tokens" in unsolved[0]["reason"]
        probe, first_call = Handler.calls[0], Handler.calls[1]
        assert probe["max_tokens"] == 1  # the server is probed for one token before any unit starts
        assert "n" not in first_call and first_call["stop"] == ["\n\n"] and "seed" in first_call
        assert first_call["model"] == Handler.served  # the server's own name, asked of GET /v1/models
        assert all(isinstance(c["prompt"], str) for c in Handler.calls)  # one prompt per request, as real servers want
        calls, first_calls = len(Handler.calls), list(Handler.calls)
        assert cli.main(argv) == 0  # resumed: every unit is done; only the one-token probe reaches the server
        assert [c["max_tokens"] for c in Handler.calls[calls:]] == [1]
        one_by_one = tmp_path / "one-by-one"
        Handler.calls = []
        assert cli.main(argv[:-4] + ["--out", str(one_by_one), "--max-expansions", "20", "--no-batch"]) == 0
        assert len(Handler.calls) == calls  # the same requests, sent one search at a time
        assert sorted(c["seed"] for c in Handler.calls) == sorted(c["seed"] for c in first_calls)
        again = pq.read_table(next((one_by_one / "data" / "raw").glob("train-*.parquet"))).to_pylist()
        assert [r["steps"] for r in again] == [r["steps"] for r in raw]
    finally:
        server.shutdown()
