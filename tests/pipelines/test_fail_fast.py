"""A run whose steps cannot be had fails before it writes anything: annotate asks its model server
for one token of the first problem first, so a dead, non-JSON or text-less server is one error line
(exit 2), not every unit missing after the run; a bad search setting names its field."""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cotforge.core.errors import ConfigError
from cotforge.pipelines import cli
from cotforge.pipelines.recipe import load_recipe


class _Canned(http.server.BaseHTTPRequestHandler):
    body = b""
    kind = "application/json"

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", self.kind)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


def _serve(kind: str, body: bytes) -> Iterator[str]:
    handler = type("Handler", (_Canned,), {"kind": kind, "body": body})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture()
def html_server() -> Iterator[str]:
    yield from _serve("text/html", b"<html><body>Welcome to nginx!</body></html>")


@pytest.fixture()
def null_text_server() -> Iterator[str]:
    yield from _serve("application/json", json.dumps({"choices": [{"index": 0, "text": None}]}).encode())


def _closed_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def _annotate(tmp_path: Path, model: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], Path]:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"question": "What is 2 + 3?", "answer": "5"}) + "\n")
    out = tmp_path / "out"
    code = cli.main(["annotate", "--input", str(pairs), "--model", model, "--out", str(out)])
    return code, [line for line in capsys.readouterr().err.splitlines() if line.strip()], out


@pytest.mark.parametrize(("server", "says"), [("dead", "cannot reach the model server"),
                                              ("html_server", "did not answer with a JSON object"),
                                              ("null_text_server", "a choice without text")])
def test_annotate_fails_at_once_on_a_server_that_cannot_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                               request: pytest.FixtureRequest, server: str, says: str) -> None:
    model = _closed_port() if server == "dead" else request.getfixturevalue(server)
    code, lines, out = _annotate(tmp_path, model, capsys)
    assert code == 2 and len(lines) == 1 and lines[0].startswith("error:") and says in lines[0], lines
    assert not (out / "run.json").exists() and not (out / "data").exists()  # nothing claimed, nothing written


def test_annotate_out_url_error_names_the_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"question": "What is 2 + 3?", "answer": "5"}) + "\n")
    code = cli.main(["annotate", "--input", str(pairs), "--model", _closed_port(), "--out", "nosuchfs://bucket/run"])
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1 and "--out 'nosuchfs://bucket/run'" in lines[0], lines


@pytest.mark.parametrize(("setting", "value"), [("branching", 10**9), ("beam_width", 10**9), ("max_expansions", 0),
                                                ("max_seconds", float("inf")), ("exploration", float("nan")),
                                                ("negatives", -1)])
def test_a_bad_search_setting_is_named_by_its_field(setting: str, value: float) -> None:
    with pytest.raises(ConfigError, match=rf"search\.{setting}: must be"):
        load_recipe({"name": "r", "count": 4, "tasks": [{"name": "linear_equation"}], "search": {setting: value}})
