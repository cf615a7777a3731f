"""A row from outside (an rl view, a user's file) can carry any payload and any step states: the
logic and code verifiers answer with a verdict ('error' for an unusable payload), never an exception."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest

from cotforge.core.records import Step
from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.verifiers.rewards import verified_reward

CODE_AND_LOGIC = sorted(t for t in TASKS.names() if TASKS.get(t).domain in ("logic", "code"))
PAYLOADS = ["", "null", "[]", "{}", "5", '"x"', "[" * 5000 + "]" * 5000, '{"a": ' * 3000 + "1" + "}" * 3000,
            "{not json", '{"names": 5, "statements": 3}', '{"numbers": "abc", "target": []}',
            '{"vars": [1, 2], "kind": "sat", "clauses": [[[9, true]]]}', '{"nodes": ["A"], "edges": [[0, 7, 1]]}',
            '{"tests": [{"arg": 1}]}', '{"output": 5}', '{"function": 3, "target": ["q"], "input_type": "list"}',
            '{"terms": [], "premises": [["Q", 0, 0]], "conclusion": ["A", 5, 6]}',
            '{"constraints": [{"kind": "nope"}], "domains": [], "vars": [], "values": [], "layout": {}}']  # fmt: skip
STATES = ["", "not json", "[" * 5000 + "]" * 5000, "null", "{}", '{"values": "x"}', '{"candidates": 5}',
          '{"code": 5, "claims": 3}', '{"numbers": ["a"]}', '{"dist": 1, "pred": [], "settled": 3}']  # fmt: skip


def _fields(payload: str, problem):  # type: ignore[no-untyped-def]
    return {"answer": [problem.answer], "verifier": [problem.verifier], "payload": [payload],
            "task": [problem.task], "domain": [problem.domain], "level": [problem.level]}  # fmt: skip


@pytest.mark.parametrize("task", CODE_AND_LOGIC)
def test_junk_payloads_and_step_states_never_raise(task: str) -> None:
    problem = TASKS.get(task).from_level(1, seed=1).generate(0)
    verifier = VERIFIERS.get(problem.verifier)
    for payload in PAYLOADS:
        broken = replace(problem, payload=payload)
        verdict = verifier.verify(broken, problem.answer)
        assert verdict.status in ("error", "reject", "unreadable", "accept"), payload[:40]
        assert verdict.status != "accept" or payload == problem.payload
        assert verified_reward([problem.answer], **_fields(payload, problem))[0] in (None, 0.0, 1.0)
        assert len(verifier.check_steps(broken, [Step("x", problem.payload, "deduce")])) == 1
    rng = random.Random(task)
    steps = [Step("x", state, kind) for state in STATES for kind in ("deduce", "answer", "contradiction", "settle")]
    rng.shuffle(steps)
    checks = verifier.check_steps(problem, steps)
    assert len(checks) == len(steps) and all(c in (True, False, None) for c in checks)
    json.dumps(checks)
