"""Language-model backends that sample candidate next steps.

``TransformersBackend`` loads a model from a local folder (never from the Hub at run
time) and samples all siblings of a node in one batched ``generate`` call, stopping
each at the step delimiter even when it spans several tokens; the shared prompt is
encoded once and its KV cache copied across the siblings. ``OpenAIBackend``
speaks the OpenAI completions protocol (vLLM, SGLang, ...), with ``n``, ``stop``,
``seed`` and logprobs, retries with backoff, and a clear error when the server is down.
"""

from __future__ import annotations

import math
import os
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cotforge.core.errors import ConfigError, CotforgeError


@dataclass(frozen=True, slots=True)
class Sample:
    text: str
    tokens: int
    logprob: float | None = None
    """Sum of token log-probabilities, when the backend reports them."""


@dataclass(frozen=True, slots=True)
class Request:
    """One call's arguments, for backends that serve several calls in one batch."""

    prompt: str
    n: int
    stop: tuple[str, ...]
    max_tokens: int
    seed: int


def group_requests(requests: Sequence[Request]) -> dict[tuple[int, tuple[str, ...], int], list[int]]:
    """Indices of requests that can share one batched call (same n, stop strings and length)."""
    groups: dict[tuple[int, tuple[str, ...], int], list[int]] = {}
    for i, r in enumerate(requests):
        groups.setdefault((r.n, r.stop, r.max_tokens), []).append(i)
    return groups


def cut_at_stop(text: str, stop: Sequence[str]) -> str:
    """``text`` up to (not including) the first stop string."""
    ends = [text.find(s) for s in stop if s and s in text]
    return text[: min(ends)] if ends else text


class Backend(ABC):
    @abstractmethod
    def sample(self, prompt: str, n: int, *, stop: Sequence[str], max_tokens: int, seed: int) -> list[Sample]:
        """``n`` continuations of ``prompt``, each cut at the first stop string."""

    def render(self, user_text: str) -> str:
        """The prompt text for a user message (a chat template where the model has one)."""
        return user_text

    def sample_batch(self, requests: Sequence[Request]) -> list[list[Sample]]:
        """Serve several calls at once; backends that can batch override this."""
        return [self.sample(r.prompt, r.n, stop=r.stop, max_tokens=r.max_tokens, seed=r.seed) for r in requests]


class TransformersBackend(Backend):
    """A local causal LM. ``prefix_cache``: encode each prompt once and reuse its KV cache for all
    ``n`` siblings (same samples as without it, fewer prompt tokens through the model)."""

    def __init__(self, path: str | Path, temperature: float = 1.0, threads: int | None = None, prefix_cache: bool = True) -> None:
        folder = Path(path)
        if not folder.is_dir():
            raise ConfigError(f"model folder not found: {folder} (models load from a local path; nothing is downloaded)")
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError:
            raise ConfigError("the transformers backend needs torch and transformers: pip install 'cotforge[train]'") from None
        if threads:
            torch.set_num_threads(threads)
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        self.model = AutoModelForCausalLM.from_pretrained(folder, local_files_only=True).eval()
        self.temperature = temperature
        self.prefix_cache = prefix_cache

    def render(self, user_text: str) -> str:
        if getattr(self.tokenizer, "chat_template", None):
            messages = [{"role": "user", "content": user_text}]
            return str(self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True))
        return user_text

    def sample(self, prompt: str, n: int, *, stop: Sequence[str], max_tokens: int, seed: int) -> list[Sample]:
        return self.sample_batch([Request(prompt, n, tuple(stop), max_tokens, seed)])[0]

    def sample_batch(self, requests: Sequence[Request]) -> list[list[Sample]]:
        """One left-padded ``generate`` for all prompts (same n, stop and length, else one per group)."""
        out: list[list[Sample]] = [[] for _ in requests]
        for (n, stop, max_tokens), members in group_requests(requests).items():
            prompts = [requests[i].prompt for i in members]
            for i, samples in zip(members, self._generate(prompts, n, stop, max_tokens, requests[members[0]].seed)):
                out[i] = samples
        return out

    def _generate(self, prompts: list[str], n: int, stop: Sequence[str], max_tokens: int, seed: int) -> list[list[Sample]]:
        torch, tok = self.torch, self.tokenizer
        tok.padding_side = "left"
        pad = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id
        if tok.pad_token_id is None:
            tok.pad_token = tok.eos_token
        inputs = tok(prompts, return_tensors="pt", add_special_tokens=False, padding=True)
        ids, mask = inputs["input_ids"], inputs["attention_mask"]
        settings = dict(do_sample=True, temperature=self.temperature, max_new_tokens=max_tokens, stop_strings=list(stop) or None,
                        tokenizer=tok, pad_token_id=pad, output_scores=True, return_dict_in_generate=True)
        with torch.no_grad():
            cache = self._encode_prefix(ids, mask, n)
            if cache is not None:
                settings["past_key_values"] = cache
            # siblings are rows k*n .. k*n+n-1, as generate's own num_return_sequences lays them out
            torch.manual_seed(seed)
            out = self.model.generate(input_ids=ids.repeat_interleave(n, 0), attention_mask=mask.repeat_interleave(n, 0), **settings)
        scores = self.model.compute_transition_scores(out.sequences, out.scores, normalize_logits=True)
        start = inputs["input_ids"].shape[1]
        samples = []
        for seq, logp in zip(out.sequences, scores):
            new = seq[start:]
            keep = new != pad
            text = str(tok.decode(new[keep], skip_special_tokens=True))
            total = float(logp[keep[: logp.shape[0]]].sum())
            samples.append(Sample(cut_at_stop(text, stop), int(keep.sum()), total if math.isfinite(total) else None))
        return [samples[k * n : (k + 1) * n] for k in range(len(prompts))]

    def _encode_prefix(self, ids: Any, mask: Any, n: int) -> Any:
        """Run the prompts (all but their last token) through the model once and repeat the cache
        ``n`` times along the batch, so ``generate`` starts from it; None where there is nothing to share."""
        if not self.prefix_cache or n < 2 or ids.shape[1] < 2:
            return None
        from transformers import DynamicCache

        positions = (mask.cumsum(-1) - 1).masked_fill(mask == 0, 0)  # as generate derives them from a left-padded mask
        cache = DynamicCache(config=self.model.config)
        self.model(input_ids=ids[:, :-1], attention_mask=mask[:, :-1], position_ids=positions[:, :-1], past_key_values=cache, use_cache=True)
        cache.batch_repeat_interleave(n)
        return cache


class OpenAIBackend(Backend):
    def __init__(self, url: str, model: str = "default", temperature: float = 1.0, timeout: float = 60.0, retries: int = 3) -> None:
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"model URL must start with http:// or https://, got {url!r}")
        self.url = url.rstrip("/")
        self.base = self.url if self.url.endswith("/v1") else self.url + "/v1"
        self.model = model
        self.temperature = temperature
        self.timeout = timeout
        self.retries = retries
        self.headers = {"Authorization": f"Bearer {os.environ.get('OPENAI_API_KEY', 'none')}"}

    def _post(self, payload: dict[str, Any]) -> dict[str, Any]:
        import httpx

        last: Exception | None = None
        for attempt in range(self.retries + 1):
            try:
                response = httpx.post(f"{self.base}/completions", json=payload, headers=self.headers, timeout=self.timeout)
                if response.status_code == 429 or response.status_code >= 500:
                    last = CotforgeError(f"HTTP {response.status_code}: {response.text[:200]}")
                else:
                    response.raise_for_status()
                    return dict(response.json())
            except httpx.HTTPStatusError as exc:
                raise CotforgeError(f"model server {self.url} refused the request: {exc.response.text[:300]}") from None
            except (ValueError, TypeError):  # HTML, or JSON that is not an object
                raise CotforgeError(f"model server {self.url} did not answer with a JSON object: {response.text[:120]!r}") from None
            except httpx.ConnectError as exc:  # nothing listens there: retrying only delays the same answer
                raise CotforgeError(f"cannot reach the model server at {self.url}: {exc}") from None
            except httpx.TransportError as exc:
                last = exc
            time.sleep(min(0.2 * 2**attempt, 5.0))
        raise CotforgeError(f"cannot reach the model server at {self.url} after {self.retries + 1} tries: {last}")

    def sample(self, prompt: str, n: int, *, stop: Sequence[str], max_tokens: int, seed: int) -> list[Sample]:
        return self.sample_batch([Request(prompt, n, tuple(stop), max_tokens, seed)])[0]

    def sample_batch(self, requests: Sequence[Request]) -> list[list[Sample]]:
        """One request per group of equal settings, with the prompts as a list (choice i*n+j)."""
        out: list[list[Sample]] = [[] for _ in requests]
        for (n, stop, max_tokens), members in group_requests(requests).items():
            prompts = [requests[i].prompt for i in members]
            body = {"model": self.model, "prompt": prompts if len(prompts) > 1 else prompts[0], "n": n, "stop": list(stop),
                    "max_tokens": max_tokens, "seed": requests[members[0]].seed, "temperature": self.temperature, "logprobs": 1}
            choices = sorted(self._post(body).get("choices", []), key=lambda c: c.get("index", 0))
            if len(choices) != n * len(prompts):
                raise CotforgeError(f"model server returned {len(choices)} choices for {len(prompts)} prompts x n={n}")
            for k, i in enumerate(members):
                out[i] = [self._sample(c, stop) for c in choices[k * n : (k + 1) * n]]
        return out

    @staticmethod
    def _sample(choice: dict[str, Any], stop: Sequence[str]) -> Sample:
        if not isinstance(choice, dict) or not isinstance(choice.get("text"), str):
            raise CotforgeError(f"model server answered a choice without text: {str(choice)[:120]}")
        lp = (choice.get("logprobs") or {}).get("token_logprobs")
        tokens = len(lp) if lp else len(choice["text"].split())
        return Sample(cut_at_stop(choice["text"], stop), tokens, float(sum(lp)) if lp else None)


def backend_for(model: str, temperature: float = 1.0, served_name: str = "default") -> Backend:
    """A URL means an OpenAI-compatible server (serving ``served_name``); anything else is a local model folder."""
    if model.startswith(("http://", "https://")):
        return OpenAIBackend(model, model=served_name, temperature=temperature)
    return TransformersBackend(model, temperature=temperature)
