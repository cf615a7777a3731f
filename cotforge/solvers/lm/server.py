"""An OpenAI-compatible server as a backend (vLLM, SGLang, ``transformers serve``, ...).

What real servers differ in, and how this backend copes:

* One prompt per request, ``n`` never relied on: every sample is its own request with its own
  seed, and the requests of a batch are sent concurrently (``concurrency`` at a time).
* ``completions`` endpoint: the prompt is text, so a chat model needs its chat template applied
  here, from the local tokenizer folder given as ``tokenizer``. Without one, ``api="auto"`` uses
  the ``chat`` endpoint, where the server applies its template; continuing a reply mid-way there
  uses vLLM's ``continue_final_message`` (a server without it says so, and we say to pass a tokenizer).
* Token counts come from the server's ``usage`` (the local tokenizer's count, said as such, when a
  server sends none); log-probabilities where the server returns them, else none (never made up).
* The model name: ``model=None`` asks ``GET /v1/models`` for the server's own (or sends none, which
  servers serving one model accept); a name the server does not serve is a one-line error that
  names the ones it does.
* Retries with backoff on 429/5xx and dropped connections; a server that is not there fails at once.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

from cotforge.core.errors import ConfigError, CotforgeError
from cotforge.solvers.lm.backends import Backend, Prompt, Request, Sample, chat_template_renderer, check_temperature, cut_at_stop

Api = Literal["auto", "chat", "completions"]


class ServerError(CotforgeError):
    """The server answered, but refused the request (4xx)."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"HTTP {status}: {body[:300]}")
        self.status = status
        self.body = body


class OpenAIBackend(Backend):
    def __init__(self, url: str, model: str | None = None, temperature: float = 1.0, *, api: Api = "auto",
                 tokenizer: str | None = None, concurrency: int = 4, timeout: float = 120.0, retries: int = 3) -> None:
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"model URL must start with http:// or https://, got {url!r}")
        if api not in ("auto", "chat", "completions"):
            raise ConfigError(f"api must be auto, chat or completions, got {api!r}")
        if not isinstance(concurrency, int) or not 1 <= concurrency <= 256:
            raise ConfigError(f"concurrency must be an integer from 1 to 256, got {concurrency!r}")
        self.url = url.rstrip("/")
        self.base = self.url if self.url.endswith("/v1") else self.url + "/v1"
        self.requested_model = model or None
        self.temperature = check_temperature(temperature)
        self.timeout = timeout
        self.retries = retries
        self.concurrency = concurrency
        self.headers = {"Authorization": f"Bearer {os.environ.get('OPENAI_API_KEY', 'none')}"}
        self.tokenizer = _load_tokenizer(tokenizer) if tokenizer else None
        self._render = chat_template_renderer(self.tokenizer) if self.tokenizer is not None else None
        self.api: Literal["chat", "completions"] = ("completions" if self.tokenizer is not None else "chat") if api == "auto" else api
        self.logprobs = True
        """Ask for log-probabilities; turned off for good once a server refuses the field."""
        self.counted_locally = False
        """True once a sample's tokens had to be counted with the local tokenizer (the server sent no usage)."""
        self._model: str | None = None
        self._resolved = False
        self._lock = threading.Lock()

    # -- the model name ---------------------------------------------------------------------------

    def served_models(self) -> list[str] | None:
        """The names ``GET /v1/models`` lists, or None where the server does not answer it."""
        import httpx

        try:
            response = httpx.get(f"{self.base}/models", headers=self.headers, timeout=httpx.Timeout(10.0))
            data = response.json().get("data") if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError, AttributeError):
            return None
        if not isinstance(data, list):
            return None
        return [str(m["id"]) for m in data if isinstance(m, dict) and "id" in m]

    def model_name(self) -> str | None:
        """The name sent with each request: the one asked for, else the server's only one (None: send none)."""
        with self._lock:
            if not self._resolved:
                self._model = self.requested_model
                if self._model is None:
                    names = self.served_models()
                    if names and len(names) > 1:
                        raise ConfigError(f"model server {self.url} serves {len(names)} models ({', '.join(names[:8])}): "
                                          "name one with --served-model")
                    self._model = names[0] if names else None
                self._resolved = True
            return self._model

    def _wrong_model(self, error: ServerError) -> CotforgeError:
        names = self.served_models()
        serves = f"it serves: {', '.join(names)}" if names else f"it said: {error.body[:200]}"
        return CotforgeError(f"model server {self.url} does not serve model {self._model!r} ({serves}); "
                             "pass --served-model NAME, or leave it out to use the server's own")

    # -- requests ---------------------------------------------------------------------------------

    def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        import httpx

        last: Exception | None = None
        for attempt in range(self.retries + 1):
            try:
                response = httpx.post(f"{self.base}/{path}", json=payload, headers=self.headers,
                                      timeout=httpx.Timeout(self.timeout, connect=min(10.0, self.timeout)))
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:  # nothing answers there: retrying only delays that
                raise CotforgeError(f"cannot reach the model server at {self.url}: {exc}") from None
            except httpx.TransportError as exc:
                last = exc
            else:
                if response.status_code == 429 or response.status_code >= 500:
                    last = CotforgeError(f"HTTP {response.status_code}: {response.text[:200]}")
                elif response.status_code >= 400:
                    raise ServerError(response.status_code, response.text)
                else:
                    try:
                        body = response.json()
                    except ValueError:
                        body = None
                    if not isinstance(body, dict):
                        raise CotforgeError(f"model server {self.url} did not answer with a JSON object: {response.text[:120]!r}")
                    return body
            time.sleep(min(0.2 * 2**attempt, 5.0))
        raise CotforgeError(f"cannot reach the model server at {self.url} after {self.retries + 1} tries: {last}")

    def _payload(self, prompt: str | Prompt, stop: tuple[str, ...], max_tokens: int, seed: int) -> tuple[str, dict[str, Any]]:
        body: dict[str, Any] = {"max_tokens": max_tokens, "temperature": self.temperature, "seed": seed}
        if stop:
            body["stop"] = list(stop)
        name = self.model_name()
        if name is not None:
            body["model"] = name
        if self.api == "completions":
            body["prompt"] = self.text_of(prompt)
            if self.logprobs:
                body["logprobs"] = 1
            return "completions", body
        if isinstance(prompt, str):  # plain text on the chat endpoint is the user's message
            prompt = Prompt(prompt)
        body["messages"] = [{"role": "user", "content": prompt.user}]
        if prompt.prefix:  # continue the reply so far (vLLM / SGLang extension)
            body["messages"].append({"role": "assistant", "content": prompt.prefix})
            body.update(continue_final_message=True, add_generation_prompt=False)
        if self.logprobs:
            body["logprobs"] = True
        return "chat/completions", body

    def render(self, user_text: str) -> str:
        return self._render(user_text) if self._render else user_text

    def _one(self, prompt: str | Prompt, stop: tuple[str, ...], max_tokens: int, seed: int) -> Sample:
        path, body = self._payload(prompt, stop, max_tokens, seed)
        try:
            reply = self._post(path, body)
        except ServerError as error:
            text = error.body.lower()
            if "logprobs" in text and self.logprobs:  # a server that refuses the field: ask without it from now on
                self.logprobs = False
                return self._one(prompt, stop, max_tokens, seed)
            if "continue_final_message" in text or "add_generation_prompt" in text:
                raise CotforgeError(f"model server {self.url} cannot continue a reply over the chat endpoint; give the model's "
                                    "tokenizer folder (--tokenizer DIR) so cotforge applies the chat template and uses completions") from None
            named = self._model is not None and (self._model.lower() in text or "model" in text)
            if error.status in (400, 404) and (named or "pinned" in text):
                raise self._wrong_model(error) from None
            raise CotforgeError(f"model server {self.url} refused the request: {error}") from None
        return self._sample(reply, stop)

    def _sample(self, reply: dict[str, Any], stop: tuple[str, ...]) -> Sample:
        choices = reply.get("choices")
        choice = choices[0] if isinstance(choices, list) and choices else None
        if not isinstance(choice, dict):
            raise CotforgeError(f"model server {self.url} answered without a choice: {str(reply)[:160]}")
        if self.api == "completions":
            text = choice.get("text")
            lp = (choice.get("logprobs") or {}).get("token_logprobs") if isinstance(choice.get("logprobs"), dict) else None
            logprobs = [float(x) for x in lp if x is not None] if isinstance(lp, list) else None
        else:
            text = (choice.get("message") or {}).get("content") if isinstance(choice.get("message"), dict) else None
            content = (choice.get("logprobs") or {}).get("content") if isinstance(choice.get("logprobs"), dict) else None
            logprobs = [float(t["logprob"]) for t in content if isinstance(t, dict) and "logprob" in t] if isinstance(content, list) else None
        if not isinstance(text, str):
            raise CotforgeError(f"model server {self.url} answered a choice without text: {str(choice)[:160]}")
        usage = reply.get("usage")
        tokens = usage.get("completion_tokens") if isinstance(usage, dict) else None
        if not isinstance(tokens, int):
            tokens = self._count(text, logprobs)
        cut = cut_at_stop(text, stop)
        return Sample(cut, tokens, float(sum(logprobs)) if logprobs else None, finished=_ended_turn(choice, text, cut))

    def _count(self, text: str, logprobs: list[float] | None) -> int:
        if logprobs:
            return len(logprobs)
        if self.tokenizer is None:
            raise CotforgeError(f"model server {self.url} sent no token counts (usage); give --tokenizer DIR to count them locally")
        self.counted_locally = True
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def sample_batch(self, requests: Sequence[Request]) -> list[list[Sample]]:
        """Every sample its own request (sibling j gets seed + j), sent ``concurrency`` at a time."""
        jobs = [(k, j) for k, r in enumerate(requests) for j in range(r.n)]

        def run(job: tuple[int, int]) -> Sample:
            r = requests[job[0]]
            return self._one(r.prompt, r.stop, r.max_tokens, (r.seed + job[1]) % 2**31)

        if len(jobs) == 1:
            results = [run(jobs[0])]
        else:
            with ThreadPoolExecutor(max_workers=min(self.concurrency, len(jobs))) as pool:
                results = list(pool.map(run, jobs))
        out: list[list[Sample]] = [[] for _ in requests]
        for (k, _), sample in zip(jobs, results):
            out[k].append(sample)
        return out


def _ended_turn(choice: dict[str, Any], text: str, cut: str) -> bool:
    """True when the model ended its turn. Servers say finish_reason "stop" for a stop string too:
    vLLM tells them apart in ``stop_reason`` (SGLang in ``matched_stop``), the string that matched or
    None / the end token's id; servers that keep the stop string in the text show it there."""
    if choice.get("finish_reason") != "stop":
        return False
    for field in ("stop_reason", "matched_stop"):
        if field in choice:
            return not isinstance(choice[field], str)
    return cut == text


def _load_tokenizer(folder: str) -> Any:
    from pathlib import Path

    if not Path(folder).is_dir():
        raise ConfigError(f"tokenizer folder not found: {folder} (a local folder with the model's tokenizer files)")
    try:
        from transformers import AutoTokenizer
    except ImportError:
        raise ConfigError("a local tokenizer needs transformers: pip install 'cotforge[train]'") from None
    return AutoTokenizer.from_pretrained(folder, local_files_only=True)
