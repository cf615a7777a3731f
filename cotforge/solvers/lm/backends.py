"""Language-model backends that sample candidate next steps (or whole answers).

A request's prompt is either finished text or a ``Prompt``: the user's message and the
assistant's text so far. Each backend turns a ``Prompt`` into what its model needs: the
local tokenizer's chat template (``TransformersBackend``, and ``OpenAIBackend`` on the
completions endpoint when given a tokenizer), or chat messages (``OpenAIBackend`` on the
chat endpoint). ``TransformersBackend`` loads a model from a local folder (never from the Hub
at run time) and samples all siblings of a node in one batched ``generate`` call, stopping each
at the step delimiter even when it spans several tokens; the shared prompt is encoded once and
its KV cache copied across the siblings. Server backends live in ``cotforge.solvers.lm.server``,
the optional vLLM engine in ``cotforge.solvers.lm.vllm_engine``.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cotforge.core.errors import ConfigError

if TYPE_CHECKING:  # the server module is imported only when a URL is given
    from cotforge.solvers.lm.server import Api


@dataclass(frozen=True, slots=True)
class Sample:
    text: str
    tokens: int
    """Generated tokens, as the model counted them (a server's ``usage``)."""
    logprob: float | None = None
    """Sum of token log-probabilities, when the backend reports them (never made up)."""
    finished: bool = False
    """The model ended its turn (end-of-sequence) rather than stopping at a stop string or the length cap."""

    @property
    def mean_logprob(self) -> float | None:
        """Log-probability per generated token: comparable between steps of different lengths."""
        if self.logprob is None or self.tokens <= 0:
            return None
        return self.logprob / self.tokens


@dataclass(frozen=True, slots=True)
class Prompt:
    """A user message and the assistant's reply so far (continued by the model)."""

    user: str
    prefix: str = ""


@dataclass(frozen=True, slots=True)
class Request:
    """One call's arguments, for backends that serve several calls in one batch."""

    prompt: str | Prompt
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


def sort_key(prompt: str | Prompt) -> tuple[str, str]:
    return (prompt, "") if isinstance(prompt, str) else (prompt.user, prompt.prefix)


class Backend(ABC):
    temperature: float = 1.0
    """0 samples greedily (every sibling the same); above 0, softmax temperature."""

    @abstractmethod
    def sample_batch(self, requests: Sequence[Request]) -> list[list[Sample]]:
        """``n`` continuations of each request's prompt, each cut at the first stop string."""

    def sample(self, prompt: str | Prompt, n: int, *, stop: Sequence[str], max_tokens: int, seed: int) -> list[Sample]:
        return self.sample_batch([Request(prompt, n, tuple(stop), max_tokens, seed)])[0]

    def render(self, user_text: str) -> str:
        """The prompt text for a user message (a chat template where the model has one)."""
        return user_text

    def text_of(self, prompt: str | Prompt) -> str:
        """Finished text as it is; a ``Prompt`` as the rendered user turn followed by the reply so far."""
        return prompt if isinstance(prompt, str) else self.render(prompt.user) + prompt.prefix


def check_temperature(temperature: float) -> float:
    if not isinstance(temperature, (int, float)) or isinstance(temperature, bool) or not 0 <= temperature <= 10 or math.isnan(temperature):
        raise ConfigError(f"temperature must be a number from 0 (greedy) to 10, got {temperature!r}")
    return float(temperature)


def chat_template_renderer(tokenizer: Any) -> Any:
    """A function user text -> prompt text through ``tokenizer``'s chat template (None where it has none)."""
    if not getattr(tokenizer, "chat_template", None):
        return None

    def render(user_text: str) -> str:
        messages = [{"role": "user", "content": user_text}]
        return str(tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True))

    return render


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
        if torch.cuda.is_available():  # a GPU where there is one (the tests and benches here run on CPU)
            self.model.to("cuda")
        self.temperature = check_temperature(temperature)
        self.prefix_cache = prefix_cache
        self._render = chat_template_renderer(self.tokenizer)
        ends = self.model.generation_config.eos_token_id
        self.eos = set(ends if isinstance(ends, list) else [ends] if ends is not None else [])
        if self.tokenizer.eos_token_id is not None:
            self.eos.add(self.tokenizer.eos_token_id)

    def render(self, user_text: str) -> str:
        return self._render(user_text) if self._render else user_text

    def sample_batch(self, requests: Sequence[Request]) -> list[list[Sample]]:
        """One left-padded ``generate`` for all prompts (same n, stop and length, else one per group)."""
        out: list[list[Sample]] = [[] for _ in requests]
        for (n, stop, max_tokens), members in group_requests(requests).items():
            prompts = [self.text_of(requests[i].prompt) for i in members]
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
        ids, mask = inputs["input_ids"].to(self.model.device), inputs["attention_mask"].to(self.model.device)
        greedy = self.temperature == 0
        sampling: dict[str, Any] = dict(do_sample=False) if greedy else dict(do_sample=True, temperature=self.temperature, top_k=0, top_p=1.0)
        chosen = _ChosenLogprobs(torch)
        settings = dict(max_new_tokens=max_tokens, stop_strings=list(stop) or None, tokenizer=tok, pad_token_id=pad,
                        logits_processor=[chosen], return_dict_in_generate=True, **sampling)
        with torch.no_grad():
            cache = self._encode_prefix(ids, mask, n)
            if cache is not None:
                settings["past_key_values"] = cache
            # siblings are rows k*n .. k*n+n-1, as generate's own num_return_sequences lays them out
            torch.manual_seed(seed)
            out = self.model.generate(input_ids=ids.repeat_interleave(n, 0), attention_mask=mask.repeat_interleave(n, 0), **settings)
        start = inputs["input_ids"].shape[1]
        scores = chosen.finish(out.sequences, start)
        samples = []
        for seq, logp in zip(out.sequences, scores):
            new = seq[start:].tolist()
            # generation ends at an end-of-turn token, a stop string or the length cap; after it comes
            # padding, which may be the same token as end-of-turn (so look at the text before it)
            end = next((i for i, t in enumerate(new) if t in self.eos or t == pad), len(new))
            text = str(tok.decode(new[:end], skip_special_tokens=True))
            cut = cut_at_stop(text, stop)
            finished = end < len(new) and cut == text and new[end] in self.eos
            used = end + 1 if finished else end  # the end-of-turn token was generated: it counts
            total = float(logp[:used].sum())
            samples.append(Sample(cut, used, total if math.isfinite(total) else None, finished=finished))
        return [samples[k * n : (k + 1) * n] for k in range(len(prompts))]

    def _encode_prefix(self, ids: Any, mask: Any, n: int) -> Any:
        """Run the prompts (all but their last token) through the model once and repeat the cache
        ``n`` times along the batch, so ``generate`` starts from it; None where there is nothing to share."""
        if not self.prefix_cache or n < 2 or ids.shape[1] < 2:
            return None
        from transformers import DynamicCache

        positions = (mask.cumsum(-1) - 1).masked_fill(mask == 0, 0)  # as generate derives them from a left-padded mask
        cache = DynamicCache(config=self.model.config)
        self.model(input_ids=ids[:, :-1], attention_mask=mask[:, :-1], position_ids=positions[:, :-1], past_key_values=cache, use_cache=True,
                   logits_to_keep=1)  # only the cache is wanted: not a (rows x prompt x vocabulary) logits tensor
        cache.batch_repeat_interleave(n)
        return cache


class _ChosenLogprobs:
    """A logits processor that keeps only the log-probability of each sampled token.

    ``output_scores`` would keep every step's full-vocabulary scores for every row (48 rows x 48
    steps x 49k vocabulary is 0.45 GB for SmolLM2); this keeps one step's log-softmax until the next
    step shows which token was chosen. Appended after generate's own processors, it sees the scores
    sampling uses (after temperature), as ``compute_transition_scores(normalize_logits=True)`` does."""

    def __init__(self, torch: Any) -> None:
        self.torch = torch
        self.previous: Any = None
        self.steps: list[Any] = []

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        if self.previous is not None:
            self.steps.append(self.previous.gather(1, input_ids[:, -1:]).squeeze(1))
        self.previous = self.torch.log_softmax(scores.float(), dim=-1)
        return scores

    def finish(self, sequences: Any, start: int) -> Any:
        """(rows, generated tokens) log-probabilities of the tokens generate chose."""
        if self.previous is not None:
            last = sequences[:, start + len(self.steps) : start + len(self.steps) + 1]
            self.steps.append(self.previous.gather(1, last).squeeze(1))
            self.previous = None
        if not self.steps:
            return self.torch.zeros((sequences.shape[0], 0))
        return self.torch.stack(self.steps, dim=1)


def backend_for(model: str, temperature: float = 1.0, served_name: str | None = None, *, api: Api = "auto",
                tokenizer: str | None = None, engine: str = "transformers", concurrency: int = 4) -> Backend:
    """A URL means an OpenAI-compatible server (``served_name``: None asks the server for its own);
    anything else is a local model folder, run by ``engine`` (``transformers``, or ``vllm`` where installed)."""
    if model.startswith(("http://", "https://")):
        from cotforge.solvers.lm.server import OpenAIBackend

        return OpenAIBackend(model, model=served_name, temperature=temperature, api=api, tokenizer=tokenizer, concurrency=concurrency)
    if engine == "vllm":
        from cotforge.solvers.lm.vllm_engine import VLLMBackend

        return VLLMBackend(model, temperature=temperature)
    if engine != "transformers":
        raise ConfigError(f"unknown engine {engine!r} for a local model folder (transformers or vllm)")
    return TransformersBackend(model, temperature=temperature)
