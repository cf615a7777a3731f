"""The server backend's protocol handling, against the scripted loopback server (fast; the real
server is in test_real_server.py)."""

from __future__ import annotations

import pytest

from cotforge.core.errors import CotforgeError
from cotforge.solvers.lm.backends import Prompt
from cotforge.solvers.lm.server import OpenAIBackend
from fake_openai import Handler, start


@pytest.mark.parametrize("api", ["completions", "chat"])
def test_samples_are_separate_requests_with_usage_tokens_and_mean_logprobs(api: str) -> None:
    server, url = start()
    try:
        backend = OpenAIBackend(url, api=api)  # type: ignore[arg-type]
        samples = backend.sample(Prompt("What is 2 + 3?"), 4, stop=["\n\n"], max_tokens=16, seed=10)
        assert [c["seed"] for c in Handler.calls] != [10] * 4 and sorted(c["seed"] for c in Handler.calls) == [10, 11, 12, 13]
        assert {s.text for s in samples} == {"Adding the numbers 2 and 3.", "Hmm, let me look at it."}
        for s in samples:
            words = len(s.text.split())
            assert s.tokens == 3 * words  # the server's usage, not a count of our own
            assert s.logprob == pytest.approx(-0.5 * words) and s.mean_logprob == pytest.approx(-0.5 / 3)
        assert all(c["model"] == Handler.served for c in Handler.calls)
    finally:
        server.shutdown()


def test_a_wrong_model_name_names_what_the_server_serves() -> None:
    server, url = start()
    try:
        with pytest.raises(CotforgeError, match=r"does not serve model 'default' \(it serves: scripted-model\)"):
            OpenAIBackend(url, model="default", api="completions").sample("What is 1 + 1?", 1, stop=[], max_tokens=4, seed=0)
    finally:
        server.shutdown()


def test_chat_continues_the_reply_so_far() -> None:
    server, url = start()
    try:
        backend = OpenAIBackend(url)  # no tokenizer: chat
        samples = backend.sample(Prompt("What is 2 + 3?", "Adding the numbers 2 and 3.\n\n"), 2, stop=["\n\n"], max_tokens=8, seed=0)
        assert {s.text for s in samples} == {"Final answer: 5", "Final answer: 106"}
        call = Handler.calls[-1]
        assert call["messages"][-1] == {"role": "assistant", "content": "Adding the numbers 2 and 3.\n\n"}
        assert call["continue_final_message"] is True and call["add_generation_prompt"] is False
    finally:
        server.shutdown()
