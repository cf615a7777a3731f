"""Where the work units run: Prefect task runners, and Prefect's local API for a run."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

from cotforge.core.errors import ConfigError

ENGINES = ("local", "dask", "ray")


def task_runner(engine: str, workers: int, address: str | None = None) -> Any:
    """Local processes (one per worker), or a Dask / Ray cluster: at ``address``, else a local one."""
    if engine == "local":
        from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

        if address:
            raise ConfigError("--address is for --engine dask or ray; the local engine runs on this machine")
        if workers == 1:
            return ThreadPoolTaskRunner(max_workers=1)
        return ProcessPoolTaskRunner(max_workers=workers, initializer=exit_with_parent, initargs=(os.getpid(),))
    if engine == "dask":
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError:
            raise ConfigError("--engine dask needs prefect-dask: pip install 'cotforge[dask]'") from None
        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True})
    if engine == "ray":
        try:
            from prefect_ray import RayTaskRunner
        except ImportError:
            raise ConfigError("--engine ray needs prefect-ray: pip install 'cotforge[ray]'") from None
        if address:
            return RayTaskRunner(address=address)
        # a local cluster for this run: no dashboard web server (nobody looks at it; it costs a process)
        return RayTaskRunner(init_kwargs={"num_cpus": workers, "include_dashboard": False})
    raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")


def exit_with_parent(parent: int | None = None, interval: float = 1.0) -> None:
    """Worker initializer: end this worker soon after the run that started it is gone.

    A pool worker outlives a run killed with SIGKILL (nothing tells it), and would sit
    idle, holding its memory, for good. ``parent`` is the run's pid as the run saw it: a worker
    still importing when the run died already has init as its parent, so its current parent
    proves nothing.
    """
    parent = os.getppid() if parent is None else parent
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="cotforge-exit-with-parent", daemon=True).start()


_WATCHDOG = """
import os, signal, sys, time
parent = int(sys.argv[2])
while os.getppid() == parent:
    time.sleep(1)
try:
    os.kill(int(sys.argv[1]), signal.SIGKILL)
except OSError:
    pass
"""


def _kill_when_gone(pid: int) -> subprocess.Popen:
    """A tiny process that kills ``pid`` if this process dies without stopping it (SIGKILL)."""
    return subprocess.Popen([sys.executable, "-I", "-S", "-c", _WATCHDOG, str(pid), str(os.getpid())], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@contextlib.contextmanager
def local_api() -> Iterator[None]:
    """Without a configured server, start Prefect's local API once for this run.

    Setting ``PREFECT_API_URL`` lets worker processes join it instead of each
    starting a temporary server of their own (about 8 s apiece).
    """
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        yield
        return
    from prefect._internal.concurrency.services import QueueService

    server = _own_server()
    watchdog = _kill_when_gone(server.server_process.pid) if server.server_process else None
    try:
        with _api_url(server.api_url):
            yield
            # send the last logs and events while the API is still up, or exit waits on retries
            QueueService.drain_all(timeout=10)
    finally:
        server.stop()
        if watchdog:
            watchdog.kill()
            watchdog.wait()


def _own_server(tries: int = 3) -> Any:
    """Start Prefect's temporary API server on a port the kernel chose, and make sure it is ours.

    Prefect picks a random port in 8000-8999 and calls the server up once anything there answers
    its health check. Two runs starting together (two users' runs, or the test suite's two
    workers) could pick the same port; the later one then sent its flow runs to the other run's
    server, and lost them when that server stopped ("Flow run ... not found"). A free port from the
    kernel makes a clash unlikely; the owner check makes it harmless: a server whose process does
    not listen on the port is stopped and started again elsewhere.
    """
    from prefect.server.api.server import SubprocessASGIServer

    for _ in range(tries):
        server = SubprocessASGIServer(port=_free_port())
        server.start(timeout=90)
        if _listens(server.server_process, server.port):
            return server
        server.stop()
    raise RuntimeError(f"Prefect's local API server answered from another process {tries} times; set PREFECT_API_URL")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _listens(process: subprocess.Popen[Any] | None, port: int | None, timeout: float = 90.0) -> bool:
    """Whether ``process`` itself listens on ``port``; waits while it is still starting up."""
    import psutil

    if process is None or port is None:
        return False
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        try:
            sockets = psutil.Process(process.pid).net_connections(kind="tcp")
        except psutil.Error:
            return False
        if any(s.status == psutil.CONN_LISTEN and s.laddr and s.laddr.port == port for s in sockets):
            return True
        time.sleep(0.2)
    return False


@contextlib.contextmanager
def _api_url(url: str) -> Iterator[None]:
    """Point this process (settings) and its children (environment) at ``url``."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    os.environ["PREFECT_API_URL"] = url
    try:
        with temporary_settings({PREFECT_API_URL: url}):
            yield
    finally:
        os.environ.pop("PREFECT_API_URL", None)


@contextlib.contextmanager
def scheduling_api() -> Iterator[None]:
    """Prefect's API with its scheduler, for served flows: the configured server, else a local one.

    The quick local API of a run has no scheduler; cron schedules need ``prefect
    server start``, which this starts on a free loopback port and stops afterwards.
    """
    import subprocess
    import sys
    import time
    import urllib.request

    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        yield
        return
    port = _free_port()
    env = {**os.environ, "PREFECT_UI_ENABLED": "false", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}/health", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None or time.time() > deadline:
                    raise ConfigError("could not start a Prefect server for the schedule (`prefect server start`)") from None
                time.sleep(0.5)
        with _api_url(url):
            yield
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
