"""A real HTTP server on loopback that speaks the OpenAI completions protocol, scripted.

Strict as real servers are: one prompt per request (a list is refused), ``n`` ignored, token
counts in ``usage``; a wrong model name is refused with a 404 that names the one it serves. The
chat endpoint continues a final assistant message as vLLM does (``continue_final_message``); the
call log records a chat request's user message + reply so far as its ``prompt``.

For a question "What is A + B?" it proposes, at the first step, one useful line and one
useless one; after the useful line it proposes the right final answer and a wrong one.
Questions containing "impossible" only ever get wrong answers.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def script(prompt: str, n: int) -> list[str]:
    a, b = (int(x) for x in re.search(r"What is (\d+) \+ (\d+)", prompt).groups())  # type: ignore[union-attr]
    hopeless = "impossible" in prompt
    if "Adding the numbers" not in prompt:
        options = [f"Adding the numbers {a} and {b}.", "Hmm, let me look at it."]
    else:
        options = [f"Final answer: {a + b + (1 if hopeless else 0)}", f"Final answer: {a * b + 100}"]
    return [options[i % len(options)] for i in range(n)]


class Handler(BaseHTTPRequestHandler):
    calls: list[dict[str, Any]] = []
    served = "scripted-model"

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        chat = self.path == "/v1/chat/completions"
        if chat:
            messages = body["messages"]
            continued = body.get("continue_final_message") and messages[-1]["role"] == "assistant"
            body["prompt"] = messages[0]["content"] + (messages[-1]["content"] if continued else "")
        Handler.calls.append(body)
        if self.path != "/v1/completions" and not chat:
            self.send_error(404)
            return
        if not isinstance(body["prompt"], str):
            self._reply(400, {"error": "prompt must be a string."})
            return
        if body.get("model", Handler.served) != Handler.served:
            self._reply(404, {"error": {"message": f"The model `{body['model']}` does not exist."}})
            return
        options = script(body["prompt"], 2)
        text = options[body.get("seed", 0) % 2]
        words = len(text.split())
        if chat:
            choice = {"index": 0, "message": {"role": "assistant", "content": text + "\n\nmore"}, "finish_reason": "length",
                      "logprobs": {"content": [{"token": "w", "logprob": -0.5}] * words}}
        else:
            choice = {"index": 0, "text": text + "\n\nmore", "finish_reason": "length", "logprobs": {"token_logprobs": [-0.5] * words}}
        reply = {"choices": [choice], "usage": {"prompt_tokens": 10, "completion_tokens": 3 * words}}
        self._reply(200, reply)

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/v1/models":
            self._reply(200, {"object": "list", "data": [{"id": Handler.served, "object": "model"}]})
        else:
            self.send_error(404)

    def _reply(self, status: int, reply: dict[str, Any]) -> None:
        data = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


def start() -> tuple[ThreadingHTTPServer, str]:
    """A fresh server on a free port; the call log starts empty (it is shared by the class)."""
    Handler.calls = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
