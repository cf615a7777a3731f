"""The server backend against a REAL OpenAI-compatible server: ``transformers serve`` started here on
loopback with a tiny model built in the test (no stub). It refuses a list of prompts, ignores ``n``,
returns no log-probabilities, pins the model name to the folder it serves, and has no way to continue
a reply over chat: the backend copes with each, or says what to do in one line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cotforge.core.errors import CotforgeError
from cotforge.solvers.lm.backends import Prompt, Request, TransformersBackend
from cotforge.solvers.lm.server import OpenAIBackend
from tiny_lm import build_tiny_lm

pytestmark = pytest.mark.slow  # starting the server imports transformers' serving stack: 20-60 s on a busy machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = build_tiny_lm(tmp_path_factory.mktemp("served"), ["Add the two numbers first.\n\nThen check the sum.\n\nFinal answer: 7"] * 20)
    port = _free_port()
    cli = Path(sys.executable).parent / "transformers"
    log = open(folder.parent / "serve.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([str(cli), "serve", str(folder), "--host", "127.0.0.1", "--port", str(port), "--device", "cpu"],
                            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"transformers serve exited with {proc.returncode}: {(folder.parent / 'serve.log').read_text()[-800:]}")
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(1)
        else:
            pytest.fail("transformers serve did not answer /health within 300 s")
        yield url, folder
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_completions_with_the_local_chat_template_one_prompt_per_request(served: tuple[str, Path]) -> None:
    url, folder = served
    backend = OpenAIBackend(url, api="completions", tokenizer=str(folder), concurrency=3)
    assert backend.model_name() is None  # /v1/models answers nothing useful here: the request names no model
    local = TransformersBackend(folder)
    assert backend.text_of(Prompt("What is 3 + 4?")) == local.text_of(Prompt("What is 3 + 4?"))
    assert backend.text_of(Prompt("What is 3 + 4?")).startswith("<|user|>What is 3 + 4?")  # the template, applied here
    batches = backend.sample_batch([Request(Prompt("What is 3 + 4?"), 3, ("\n\n",), 6, 1),
                                    Request(Prompt("What is 1 + 1?", "Add the"), 2, ("\n\n",), 6, 2)])
    assert [len(b) for b in batches] == [3, 2]  # n fanned out as separate requests, which the server accepts
    for sample in batches[0] + batches[1]:
        assert 1 <= sample.tokens <= 6  # the server's own usage count
        assert sample.logprob is None and sample.mean_logprob is None  # the server gives none: none is made up
        assert "\n\n" not in sample.text


def test_chat_endpoint_answers_a_user_message(served: tuple[str, Path]) -> None:
    url, _ = served
    backend = OpenAIBackend(url, temperature=0)  # no tokenizer: the chat endpoint, the server applies the template
    assert backend.api == "chat"
    first = backend.sample(Prompt("What is 3 + 4?"), 2, stop=[], max_tokens=5, seed=0)
    assert len(first) == 2 and all(1 <= s.tokens <= 5 for s in first)
    assert first[0].text == first[1].text  # temperature 0 is greedy on the server too


def test_a_wrong_model_name_is_one_line_naming_the_served_model(served: tuple[str, Path]) -> None:
    url, folder = served
    backend = OpenAIBackend(url, model="gpt-4o", api="completions", tokenizer=str(folder))
    with pytest.raises(CotforgeError) as error:
        backend.sample(Prompt("hi"), 1, stop=[], max_tokens=2, seed=0)
    message = str(error.value)
    assert "\n" not in message and "'gpt-4o'" in message and str(folder) in message and "--served-model" in message


def test_continuing_a_reply_over_chat_says_to_give_the_tokenizer(served: tuple[str, Path]) -> None:
    url, _ = served
    with pytest.raises(CotforgeError, match="--tokenizer"):
        OpenAIBackend(url, api="chat").sample(Prompt("What is 3 + 4?", "First,"), 1, stop=["\n\n"], max_tokens=4, seed=0)
