"""vLLM's offline engine as a backend (optional: ``pip install vllm`` on a GPU machine).

One ``LLM.generate`` call serves a whole batch of requests (vLLM schedules them itself), with ``n``
siblings, stop strings, a seed per request and the sampled tokens' log-probabilities.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cotforge.core.errors import ConfigError
from cotforge.solvers.lm.backends import Backend, Request, Sample, chat_template_renderer, check_temperature, cut_at_stop


def vllm_available() -> str | None:
    """None where vLLM can be imported, else why not (for skipping with a reason)."""
    try:
        import vllm  # noqa: F401
    except Exception as exc:  # noqa: BLE001 - an import that fails for any reason means "not available here"
        return f"vllm is not installed ({type(exc).__name__}: {exc}); pip install vllm on a machine with a GPU"
    return None


class VLLMBackend(Backend):
    def __init__(self, path: str | Path, temperature: float = 1.0, **engine: Any) -> None:
        if not Path(path).is_dir():
            raise ConfigError(f"model folder not found: {path} (models load from a local path; nothing is downloaded)")
        why = vllm_available()
        if why is not None:
            raise ConfigError(f"the vllm engine is not available: {why}")
        from vllm import LLM

        self.temperature = check_temperature(temperature)
        self.llm = LLM(model=str(path), **engine)
        self._render = chat_template_renderer(self.llm.get_tokenizer())

    def render(self, user_text: str) -> str:
        return self._render(user_text) if self._render else user_text

    def sample_batch(self, requests: Sequence[Request]) -> list[list[Sample]]:
        from vllm import SamplingParams

        params = [SamplingParams(n=r.n, temperature=self.temperature, max_tokens=r.max_tokens, stop=list(r.stop) or None,
                                 seed=r.seed, logprobs=0) for r in requests]
        outputs = self.llm.generate([self.text_of(r.prompt) for r in requests], params, use_tqdm=False)
        return [[self._sample(c, r.stop) for c in out.outputs] for out, r in zip(outputs, requests)]

    @staticmethod
    def _sample(completion: Any, stop: tuple[str, ...]) -> Sample:
        total = completion.cumulative_logprob
        finished = completion.finish_reason == "stop" and not isinstance(getattr(completion, "stop_reason", None), str)
        logprob = float(total) if total is not None and math.isfinite(total) else None
        return Sample(cut_at_stop(completion.text, stop), len(completion.token_ids), logprob, finished=finished)
