"""Bounds on question and CoT length, in tokens of a tokenizer the user names by local path.

Without a tokenizer the count is of whitespace-separated words, and the reason says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from cotforge.core.errors import ConfigError
from cotforge.verifiers.filters.base import Decision, Filter, Row


class LengthFilter(Filter):
    name: ClassVar[str] = "length"

    def __init__(
        self,
        tokenizer: str | None = None,
        max_question_tokens: int | None = None,
        min_cot_tokens: int | None = None,
        max_cot_tokens: int | None = None,
    ) -> None:
        self.unit = "whitespace words"
        self._tokenizer: Any = None
        if tokenizer:
            try:
                from transformers import AutoTokenizer
            except ImportError:
                raise ConfigError("length.tokenizer needs transformers: pip install 'cotforge[train]'") from None
            if not Path(tokenizer).is_dir():
                raise ConfigError(f"length.tokenizer: cannot load a tokenizer from {tokenizer[:120]!r}: no such folder "
                                  f"(a local path; nothing is downloaded)")
            try:
                self._tokenizer = AutoTokenizer.from_pretrained(tokenizer, local_files_only=True)
            except Exception as exc:  # noqa: BLE001 - transformers and tokenizers raise many kinds; one line says which
                raise ConfigError(f"length.tokenizer: cannot load a tokenizer from {tokenizer[:120]!r}: {type(exc).__name__}: "
                                  f"{' '.join(str(exc).split())[:160]}") from None
            self.unit = f"tokens of {tokenizer}"
        self.max_question = max_question_tokens
        self.min_cot = min_cot_tokens
        self.max_cot = max_cot_tokens

    def count(self, text: str) -> int:
        if self._tokenizer is None:
            return len(text.split())
        return len(self._tokenizer(text, add_special_tokens=False)["input_ids"])

    def keep(self, row: Row) -> Decision:
        if self.max_question is not None:
            n = self.count(row["question"])
            if n > self.max_question:
                return False, f"question has {n} {self.unit}, more than {self.max_question}"
        if self.min_cot is not None or self.max_cot is not None:
            n = self.count(row["cot"])
            if self.min_cot is not None and n < self.min_cot:
                return False, f"CoT has {n} {self.unit}, fewer than {self.min_cot}"
            if self.max_cot is not None and n > self.max_cot:
                return False, f"CoT has {n} {self.unit}, more than {self.max_cot}"
        return True
