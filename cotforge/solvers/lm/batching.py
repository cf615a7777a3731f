"""Step-synchronous batching across problems: many searches, one model call per round.

Each problem's search runs in its own thread and calls ``sample`` as usual; the
``BatchingBackend`` holds each call until every still-running search has one
waiting, then sends the whole round to the model as one batch (concurrent requests to
a server, or one padded ``generate``), so a GPU server stays full. A round
always holds every active search, ordered by content, so the batches (and hence the
samples) do not depend on thread timing.

Time is accounted per problem: a search's wall-clock in a shared round is mostly spent waiting
for the other problems' rows, so each batched call's duration is split among its requests by
the samples they asked for, and ``own_seconds`` gives a search's wall-clock with its waiting
replaced by its share (the figure a problem's ledger reports, not the whole round's).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from cotforge.solvers.lm.backends import Backend, Prompt, Request, Sample, sort_key


@dataclass
class _Pending:
    request: Request
    done: threading.Event = field(default_factory=threading.Event)
    result: list[Sample] | None = None
    error: BaseException | None = None
    seconds: float = 0.0
    """This request's share of its batch's call."""


class BatchingBackend(Backend):
    def __init__(self, inner: Backend, participants: int) -> None:
        self.inner = inner
        self.active = participants
        self.batches = 0
        self._lock = threading.Lock()
        self._pending: list[_Pending] = []
        self._local = threading.local()
        self._accounts: dict[str, list[tuple[float, float, float]]] = {}
        """Per search: (time, seconds waited, share of calls) after each of its calls, cumulative."""

    def begin(self, key: str) -> None:
        """The calling thread's calls are charged to ``key`` (one search) from now on."""
        self._local.key = key
        self._accounts[key] = []

    def own_seconds(self, key: str, wall: float, calls: int | None = None) -> float:
        """``wall`` seconds of ``key``'s search (over its first ``calls`` calls; None: all of them),
        its waiting for shared calls replaced by its own share of them."""
        account = self._accounts.get(key, [])
        account = account if calls is None else account[:calls]
        waited, share = (account[-1][1], account[-1][2]) if account else (0.0, 0.0)
        return max(0.0, wall - waited + share)

    def render(self, user_text: str) -> str:
        return self.inner.render(user_text)

    def text_of(self, prompt: str | Prompt) -> str:
        return self.inner.text_of(prompt)

    def sample_batch(self, requests: Sequence[Request]) -> list[list[Sample]]:
        return self.inner.sample_batch(requests)

    def sample(self, prompt: str | Prompt, n: int, *, stop: Sequence[str], max_tokens: int, seed: int) -> list[Sample]:
        item = _Pending(Request(prompt, n, tuple(stop), max_tokens, seed))
        started = time.perf_counter()
        with self._lock:
            self._pending.append(item)
            self._flush_if_round_complete()
        item.done.wait()
        ended = time.perf_counter()
        account = self._accounts.get(getattr(self._local, "key", ""))
        if account is not None:
            _, waited, share = account[-1] if account else (0.0, 0.0, 0.0)
            account.append((ended, waited + ended - started, share + item.seconds))
        if item.error is not None:
            raise item.error
        return item.result if item.result is not None else []

    def leave(self) -> None:
        """A search has finished: rounds no longer wait for it."""
        with self._lock:
            self.active -= 1
            self._flush_if_round_complete()

    def _flush_if_round_complete(self) -> None:
        if not self._pending or len(self._pending) < self.active:
            return
        batch = sorted(self._pending, key=lambda p: (sort_key(p.request.prompt), p.request.seed))
        self._pending = []
        self.batches += 1
        started = time.perf_counter()
        try:
            results = self.inner.sample_batch([p.request for p in batch])
        except BaseException as exc:  # noqa: BLE001 - handed to every waiting search, which re-raises it
            for p in batch:
                p.error = exc
                p.done.set()
            return
        elapsed, rows = time.perf_counter() - started, sum(max(p.request.n, 1) for p in batch)
        for p, result in zip(batch, results):
            p.result = result
            p.seconds = elapsed * max(p.request.n, 1) / rows
            p.done.set()
