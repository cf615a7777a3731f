"""Shared fixtures of the verifier tests."""

from __future__ import annotations

import pytest

from cotforge.verifiers import math as math_verifier


@pytest.fixture
def bounded_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every hand-off of a math verification to the bounded worker (``math_bound.bounded``), recorded in order."""
    calls: list[str] = []
    real = math_verifier.bounded

    def counted(fn, seconds):  # type: ignore[no-untyped-def]
        calls.append("bounded")
        return real(fn, seconds)

    monkeypatch.setattr(math_verifier, "bounded", counted)
    return calls
