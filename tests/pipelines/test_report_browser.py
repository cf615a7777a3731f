"""The report of a small run opened in headless Chromium, as a researcher would open it: no console
error, every image loaded, the math laid out as MathML, no sideways scrolling on a laptop screen.
Screenshots are kept under the test's tmp dir (their paths are printed; run with -s to see them)."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from test_report import report_of

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--remote-debugging-port=0"]
LAPTOP = (1366, 768)
PROBE = """(() => {
  const imgs = [...document.images];
  const maths = [...document.querySelectorAll('math')];
  const frac = document.querySelector('mfrac');
  return {
    images: imgs.length,
    broken: imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src')),
    maths: maths.length,
    mathDisplay: maths.length ? getComputedStyle(maths[0]).display : '',
    mathWidth: maths.length ? maths[0].getBoundingClientRect().width : 0,
    fracStacked: frac ? frac.children[0].getBoundingClientRect().bottom <= frac.children[1].getBoundingClientRect().top + 1 : null,
    scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
    height: document.documentElement.scrollHeight,
  };
})()"""


class DevTools:
    """A minimal Chrome DevTools Protocol client over one page's websocket."""

    def __init__(self, url: str) -> None:
        from websockets.sync.client import connect

        self.ws = connect(url, max_size=64 * 2**20, open_timeout=60)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, timeout: float = 120, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=timeout))
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, event: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == event for e in self.events):
            self.events.append(json.loads(self.ws.recv(timeout=max(1.0, deadline - time.monotonic()))))

    def errors(self) -> list[str]:
        found = []
        for e in self.events:
            p = e.get("params", {})
            if e.get("method") == "Runtime.exceptionThrown":
                found.append(p["exceptionDetails"].get("text", "exception"))
            elif e.get("method") == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                found.append(" ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
            elif e.get("method") == "Log.entryAdded" and p["entry"]["level"] == "error":
                found.append(f"{p['entry'].get('text')} {p['entry'].get('url', '')}")
        return found

    def screenshot(self, path: Path, width: int, height: int) -> None:
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        path.write_bytes(base64.b64decode(data))


def _page_socket(profile: Path, proc: subprocess.Popen[bytes]) -> str:
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 90
    while not port_file.exists() or not port_file.read_text().strip():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"chromium did not start its DevTools endpoint (exit {proc.poll()})")
        time.sleep(0.2)
    port = port_file.read_text().split()[0]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as answer:
        pages = [t for t in json.load(answer) if t["type"] == "page"]
    return pages[0]["webSocketDebuggerUrl"]


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="the Debian package chromium is not installed (scripts/setup.sh installs it "
                                             "where apt is available and it runs as root)")
def test_report_in_headless_chromium(exported: Path, tmp_path: Path) -> None:
    page = report_of(exported, tmp_path, runs=2)
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--window-size={LAPTOP[0]},{LAPTOP[1]}", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        tools = DevTools(_page_socket(profile, proc))
        for domain in ("Page", "Runtime", "Log"):
            tools.call(f"{domain}.enable")
        tools.call("Page.navigate", url=page.resolve().as_uri())
        tools.wait_for("Page.loadEventFired")
        seen = tools.call("Runtime.evaluate", expression=PROBE, returnByValue=True)["result"]["value"]
        shot = tmp_path / "report-laptop.png"
        tools.screenshot(shot, *LAPTOP)
        full = tmp_path / "report-full.png"
        tools.screenshot(full, LAPTOP[0], min(int(seen["height"]), 12000))
        print(f"\nreport screenshots: {shot} {full}")
        assert tools.errors() == []
        assert seen["images"] >= 5 and seen["broken"] == []
        assert seen["maths"] > 10 and seen["mathDisplay"] in ("math", "inline math", "block math") and seen["mathWidth"] > 0
        assert seen["fracStacked"] in (None, True), "a fraction is not drawn as a fraction"
        assert seen["scrollWidth"] <= seen["innerWidth"], "the page scrolls sideways on a laptop screen"
        assert shot.stat().st_size > 10_000 and full.stat().st_size > shot.stat().st_size
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
