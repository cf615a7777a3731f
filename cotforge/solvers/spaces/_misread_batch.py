"""Several misread copies of a program traced in one sandbox run, each with what its own run would give.

code_output's wrong moves trace misread copies of the program (``_code_mistakes``), 2.7 a record, each a sandbox run
of its own at about 3.5 ms. ``traced`` sends them in one run of ``MISREAD_BATCH``, which runs them one after another
as ``MISREAD_TRACER`` would: a fresh namespace each, the same event cap, the same recursion depth. What a program's
own run would do is only taken from the batch where it cannot differ: it ended within half its CPU and wall time,
wrote nothing to stderr, and printed no more than its run may. Every other program, and every program of a batch
that did not finish, is left to its own run (``None``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from cotforge.domains.code_harness import parse
from cotforge.sandbox.pool import run_warm
from cotforge.sandbox.runner import Limits
from cotforge.solvers.spaces._tracer import MISREAD_BATCH


def traced(sources: Sequence[str], limits: Limits) -> list[tuple[str, str] | None]:
    """Per source: ("ok", what the misread tracer printed), ("cut", "") for a run ended at the event cap (its own run
    exits with status 3), or None where only its own run under ``limits`` can tell."""
    if not sources:
        return []
    batch = Limits(cpu_seconds=limits.cpu_seconds * len(sources), wall_seconds=limits.wall_seconds * len(sources),
                   memory_mb=limits.memory_mb, max_output_bytes=limits.max_output_bytes * len(sources) + 4096)
    each = {"output": limits.max_output_bytes, "cpu": limits.cpu_seconds / 2, "wall": limits.wall_seconds / 2}
    result = run_warm(MISREAD_BATCH, stdin=json.dumps(each) + "\n" + json.dumps(list(sources)), limits=batch)
    found = parse(result.stdout, len(sources)) if result.status == "ok" else None
    if found is None:
        return [None] * len(sources)
    return [(item[0], item[1]) if isinstance(item, list) and len(item) == 2 and item[0] in ("ok", "cut")
            and isinstance(item[1], str) else None for item in found]
