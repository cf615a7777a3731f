"""Running untrusted code: a fresh sandbox per run, a warm pool of sandboxes, and the modes they use.

Below generators, solvers and verifiers (all of which run generated or model-written code),
above ``core`` only. The public API:

- :func:`run_python` runs a program once in a fresh sandbox; :class:`SandboxPool` (and
  :func:`run_warm`, this process's shared pool) runs it on a warm one; both return a
  :class:`RunResult` whose ``status`` is one of :data:`STATUSES` and never raise for what the
  program does;
- :class:`Limits` says what one run may use;
- :func:`sandbox_mode` tells which mode is in force here: ``bwrap`` (bubblewrap namespaces),
  ``fallback`` (a fresh uid per job, Landlock, seccomp) or ``refused`` (no safe sandbox: every
  run answers ``error`` with the reason). The ``COTFORGE_SANDBOX`` environment variable
  (``auto``, ``bwrap``, ``fallback``) chooses.

Modules: ``runner`` (one cold run), ``pool`` and ``worker`` (warm sandboxes), ``bwrap`` and
``fallback`` (the two modes), ``confine`` (rlimits, Landlock and the seccomp filter, applied in the
job's own process), ``mode`` (which mode), ``host`` (interpreter and paths).
"""

from cotforge.sandbox.mode import ENV, Mode
from cotforge.sandbox.mode import current as sandbox_mode
from cotforge.sandbox.pool import SandboxPool, default_pool, run_warm
from cotforge.sandbox.runner import STATUSES, Limits, RunResult, run_python

__all__ = ["ENV", "STATUSES", "Limits", "Mode", "RunResult", "SandboxPool", "default_pool", "run_python", "run_warm",
           "sandbox_mode"]
