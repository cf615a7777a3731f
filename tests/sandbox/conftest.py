"""Shared fixtures of the sandbox tests: the mode (every hostile case runs under bubblewrap and in
the fallback), a private temp folder, and host files that must come out of every run unchanged
(the leak counters are in leaks.py)."""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator

import pytest

from cotforge.sandbox import ENV, sandbox_mode

MODES = ("bwrap", "fallback")


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs the test once per sandbox mode, forced through COTFORGE_SANDBOX; skips a mode that cannot run here."""
    monkeypatch.setenv(ENV, request.param)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        found = sandbox_mode()
    if found.name != request.param:
        pytest.skip(f"the {request.param} mode cannot run here: {found.reason}")
    return str(request.param)


@pytest.fixture(autouse=True)
def _quiet_fallback_warning() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*fallback.*", category=RuntimeWarning)
        yield


@pytest.fixture(scope="module", autouse=True)
def private_tmp() -> Iterator[str]:
    """Job folders go to a temp folder of this module's own, so that work elsewhere on the machine
    cannot add or remove any while a leak check counts them."""
    base = tempfile.mkdtemp(prefix="cotforge-tests-")
    os.chmod(base, 0o755)  # traversable by others, as the fallback needs for its per-job uids
    saved_env, saved = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"], tempfile.tempdir = base, base
    yield base
    tempfile.tempdir = saved
    if saved_env is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = saved_env
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def victims() -> Iterator[dict[str, str]]:
    """A host file and a host folder that hostile programs aim at; see ``leaks.victims_unchanged``."""
    root = tempfile.mkdtemp(prefix="cotforge-victims-")
    os.chmod(root, 0o755)
    victim, victim_dir = os.path.join(root, "victim.txt"), os.path.join(root, "victim_dir")
    with open(victim, "w") as fh:
        fh.write("victim")
    os.chmod(victim, 0o640)
    os.mkdir(victim_dir, 0o750)
    with open(os.path.join(victim_dir, "keep.txt"), "w") as fh:
        fh.write("keep")
    yield {"victim": victim, "victim_dir": victim_dir}
    shutil.rmtree(root)
