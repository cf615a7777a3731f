"""A real HTTP server on loopback that speaks the OpenAI completions protocol, scripted.

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

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Handler.calls.append(body)
        if self.path != "/v1/completions":
            self.send_error(404)
            return
        prompts = body["prompt"] if isinstance(body["prompt"], list) else [body["prompt"]]
        texts = [t for p in prompts for t in script(p, body["n"])]
        reply = {"choices": [{"index": i, "text": t + "\n\nmore", "logprobs": {"token_logprobs": [-0.5] * len(t.split())}}
                             for i, t in enumerate(texts)]}
        data = json.dumps(reply).encode()
        self.send_response(200)
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
