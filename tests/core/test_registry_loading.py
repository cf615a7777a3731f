"""Each registry imports only its own packages, and only when first asked (in a fresh process)."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
from cotforge.core.registry import RECHECKS, SEARCHES, SPACES, TASKS, VERIFIERS
loaded = lambda prefix: sorted(m for m in sys.modules if m.startswith(prefix))
before = loaded("cotforge.generators")
tasks = TASKS.names()
after_tasks = {"spaces": loaded("cotforge.solvers.spaces"), "verifiers": loaded("cotforge.verifiers.")}
counts = [len(r.names()) for r in (TASKS, SPACES, VERIFIERS, SEARCHES, RECHECKS)]
print(json.dumps({"before": before, "tasks": len(tasks), "after_tasks": after_tasks, "counts": counts,
                  "heavy": [m for m in ("datasketch", "scipy", "prefect", "torch") if m in sys.modules]}))
"""


def test_a_lookup_walks_its_own_package_and_never_the_filters() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["before"] == []  # importing the registry imports no task
    assert seen["tasks"] > 0 and all(n > 0 for n in seen["counts"])
    assert seen["after_tasks"] == {"spaces": [], "verifiers": []}  # asking for tasks walks the generators only
    assert seen["heavy"] == []  # the filters (datasketch, scipy) are not registered things
