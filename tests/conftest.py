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
sys.path.insert(0, str(Path(__file__).parent))
