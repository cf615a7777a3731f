"""Step-synchronous batching across problems: many searches, one model call per round.

Each problem's search runs in its own thread and calls ``sample`` as usual; the
``BatchingBackend`` holds each call until every still-running search has one
waiting, then sends the whole round to the model as one batch (concurrent requests to
a server, or one padded ``generate``), so a GPU server stays full. A round
always holds every active search, ordered by content, so the batches (and hence the
samples) do not depend on thread timing.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from cotforge.solvers.lm.backends import Backend, Prompt, Request, Sample, sort_key


@dataclass
class _Pending:
    request: Request
    done: threading.Event = field(default_factory=threading.Event)
    result: list[Sample] | None = None
    error: BaseException | None = None


class BatchingBackend(Backend):
    def __init__(self, inner: Backend, participants: int) -> None:
        self.inner = inner
        self.active = participants
        self.batches = 0
        self._lock = threading.Lock()
        self._pending: list[_Pending] = []

    def render(self, user_text: str) -> str:
        return self.inner.render(user_text)

    def text_of(self, prompt: str | Prompt) -> str:
        return self.inner.text_of(prompt)

    def sample_batch(self, requests: Sequence[Request]) -> list[list[Sample]]:
        return self.inner.sample_batch(requests)

    def sample(self, prompt: str | Prompt, n: int, *, stop: Sequence[str], max_tokens: int, seed: int) -> list[Sample]:
        item = _Pending(Request(prompt, n, tuple(stop), max_tokens, seed))
        with self._lock:
            self._pending.append(item)
            self._flush_if_round_complete()
        item.done.wait()
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
        try:
            results = self.inner.sample_batch([p.request for p in batch])
        except BaseException as exc:  # noqa: BLE001 - handed to every waiting search, which re-raises it
            for p in batch:
                p.error = exc
                p.done.set()
            return
        for p, result in zip(batch, results):
            p.result = result
            p.done.set()
