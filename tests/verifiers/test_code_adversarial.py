"""Adversarial tables over the code verifiers (see adversarial_code.py): no wrong program, input or
output accepted, every right phrasing accepted, ``verify`` and ``verified_reward`` agreeing."""

from __future__ import annotations

import pytest
from adversarial_code import TABLES  # beside this file
from adversarial_logic import run_table, show


@pytest.mark.parametrize("verifier", sorted(TABLES))
def test_adversarial_table(verifier: str) -> None:
    cases = TABLES[verifier]()
    assert len(cases) >= 40 and any(c.right for c in cases) and any(not c.right for c in cases)
    fp, fn, disagree = run_table(cases)
    assert not fp, f"{len(fp)} wrong answers accepted:\n{show(fp)}"
    assert not fn, f"{len(fn)} right answers not accepted:\n{show(fn)}"
    assert not disagree, f"verify and verified_reward disagree on {len(disagree)}:\n{show(disagree)}"
