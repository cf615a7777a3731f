from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

# one thread per test process; no Hub; a fresh datasets cache per session, so a re-exported
# folder is never answered from a cache built for an earlier run of the suite
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("TRL_EXPERIMENTAL_SILENCE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ["HF_DATASETS_CACHE"] = tempfile.mkdtemp(prefix="cotforge-test-hf-")
# a Prefect home (its database) of the session's own: served flows of another run of the suite on
# the same machine (same deployment names) would otherwise pick up each other's scheduled runs
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="cotforge-test-prefect-")
sys.path.insert(0, str(Path(__file__).parent))
