"""The run's own Prefect API: a server that answers on the chosen port but is not the run's own is
never used (two runs starting together once shared one server and lost each other's flow runs)."""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator

import pytest

from prefect import flow

from cotforge.pipelines.flows import engines


class _Healthy(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"true")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def foreign_server() -> Iterator[int]:
    """Another process's API on a port: it answers every health check."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Healthy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@flow
def _answer() -> int:
    return 42


def test_a_port_answered_by_another_server_is_left_for_one_of_our_own(foreign_server: int,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    ports = iter([foreign_server])
    real = engines._free_port
    monkeypatch.setattr(engines, "_free_port", lambda: next(ports, None) or real())
    monkeypatch.delenv("PREFECT_API_URL", raising=False)

    with engines.local_api():
        url = os.environ["PREFECT_API_URL"]
        assert f":{foreign_server}/" not in url  # the first port's answer came from another process
        assert _answer() == 42  # and the flow's states went to our own server

    assert "PREFECT_API_URL" not in os.environ
