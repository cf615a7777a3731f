"""vLLM's offline engine backend: runs where vLLM is installed (a GPU machine), skipped with the reason elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from cotforge.core.errors import ConfigError
from cotforge.solvers.lm.backends import Prompt, backend_for
from cotforge.solvers.lm.vllm_engine import vllm_available
from tiny_lm import build_tiny_lm

WHY = vllm_available()


def test_without_vllm_the_engine_is_refused_with_the_install_command(tmp_path: Path) -> None:
    if WHY is None:
        pytest.skip("vllm is installed here")
    with pytest.raises(ConfigError, match="pip install vllm"):
        backend_for(str(tmp_path), engine="vllm")


@pytest.mark.skipif(WHY is not None, reason=WHY or "")
def test_vllm_engine_samples_siblings_with_logprobs(tmp_path: Path) -> None:
    folder = build_tiny_lm(tmp_path, ["Add the two numbers first.\n\nFinal answer: 7"] * 20)
    backend = backend_for(str(folder), engine="vllm")
    samples = backend.sample(Prompt("What is 3 + 4?"), 3, stop=["\n\n"], max_tokens=8, seed=0)
    assert len(samples) == 3 and all(s.tokens > 0 and s.logprob is not None for s in samples)
