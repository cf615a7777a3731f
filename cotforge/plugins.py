"""Which of cotforge's packages fill which registry; and how another package adds its own.

The ``cotforge`` package imports this module first thing (before any submodule, which is
how Python imports), so core's registries know cotforge's own packages however cotforge is
installed - a wheel, an editable install, a source checkout on ``PYTHONPATH`` - while
``cotforge.core`` itself names nothing above it. Nothing is imported here: each registry walks
its packages at its first lookup, and only its own (a task lookup never imports the verifiers'
filters, which pull in datasketch and scipy).

A module in these packages registers itself at import (``TASKS.register("my_task", MyTaskGenerator)``),
so a new file is found without editing any list: tasks anywhere under ``cotforge/generators/``,
step spaces in ``cotforge/solvers/spaces/``, search algorithms in ``cotforge/solvers/search/``,
verifiers directly in ``cotforge/verifiers/`` (its subpackages hold filters and re-checks),
re-checks in ``cotforge/verifiers/rechecks/``. Modules whose name starts with ``_`` are helpers
and are not walked.

Another package registers its own tasks (spaces, verifiers, ...) the same way, in a module it
names as an entry point of the group ``cotforge.plugins`` in its ``pyproject.toml``::

    [project.entry-points."cotforge.plugins"]
    my_tasks = "my_package.tasks"      # a module, or a package whose modules are all imported

The registries import those modules at their first lookup (``cotforge.core.registry``).
Entry points are read from installed metadata, which is why cotforge's own packages are not
declared that way: an editable install made before a change, or a checkout on ``PYTHONPATH``,
would not see them.
"""

from __future__ import annotations

from cotforge.core.registry import RECHECKS, SEARCHES, SPACES, TASKS, VERIFIERS

TASKS.add_package("cotforge.generators")
SPACES.add_package("cotforge.solvers.spaces")
SEARCHES.add_package("cotforge.solvers.search")
VERIFIERS.add_package("cotforge.verifiers", recursive=False)
RECHECKS.add_package("cotforge.verifiers.rechecks")
