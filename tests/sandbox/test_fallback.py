"""The fallback mode: a fresh uid per job, host file operations that never follow the job's paths,
daemons that die with their job, and a one-line refusal where it cannot be made safe."""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading

import pytest

from cotforge.sandbox import ENV, Limits, run_python, sandbox_mode
from cotforge.sandbox import confine, fallback
from leaks import gone, processes_with, sandbox_uid_processes, victims_unchanged

DAEMON = (
    "import glob, os, subprocess, sys\n"
    "attack = '''\nimport glob, os, time\nend = time.time() + 4\nwhile time.time() < end:\n"
    "    for d in glob.glob('/tmp/job') + glob.glob({base!r} + '/cotforge-job-*/work'):\n"
    "        for name in ('main.py', 'answer.txt'):\n            try:\n"
    "                open(os.path.join(d, name), 'w').write('print(666)')\n            except OSError:\n                pass\n"
    "    time.sleep(0.01)\n'''\n"
    "subprocess.Popen([sys.executable, '-c', attack, 'cotforge-daemon-987'], start_new_session=True,\n"
    "                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\nprint('daemon started')"
)


def test_a_daemon_dies_with_its_job_and_cannot_touch_later_jobs(mode: str, private_tmp: str) -> None:
    assert run_python(DAEMON.replace("{base!r}", repr(private_tmp))).stdout == "daemon started\n"
    assert gone(lambda: processes_with("cotforge-daemon-987"))
    assert gone(sandbox_uid_processes)
    for i in range(5):
        program = f"open('answer.txt', 'w').write('{i}')\nimport time\ntime.sleep(0.05)\nprint(open('answer.txt').read())"
        assert run_python(program).stdout == f"{i}\n"


def test_jobs_at_the_same_time_get_different_uids(mode: str) -> None:
    program = "import os, time\ntime.sleep(0.5)\nprint(os.getuid(), os.getgid(), os.getgroups())"
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(run_python(program).stdout)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    uids = [line.split()[0] for line in results]
    assert all(line.endswith("[]\n") for line in results)  # no supplementary groups
    assert "0" not in uids
    if mode == "fallback":
        assert len(set(uids)) == 3 and all(int(u) in fallback.uid_range() for u in uids)


def test_host_removes_a_deep_tree_without_following_symlinks(victims: dict[str, str]) -> None:
    parent = tempfile.mkdtemp(prefix="cotforge-remove-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    here = os.path.join(parent, "job")
    os.mkdir(here)
    for i in range(1200):  # deeper than shutil.rmtree's recursion can go
        os.symlink(victims["victim_dir"] if i % 2 else victims["victim"], os.path.join(here, "link"))
        os.mkdir(os.path.join(here, "d"))
        here = os.path.join(here, "d")
    os.chmod(os.path.join(parent, "job", "d"), 0)  # a folder the host may not list without root
    fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if os.geteuid() != 0:
            pytest.skip("removing a mode-0 folder needs root (the fallback runs only as root)")
        fallback._remove_tree(fd, "job")
    finally:
        os.close(fd)
    assert os.listdir(parent) == [] and victims_unchanged(victims)
    os.rmdir(parent)


def test_the_job_folder_is_roots_and_only_work_is_the_jobs(mode: str) -> None:
    program = ("import os\nst, up = os.stat('.'), os.stat('..')\n"
               "print(st.st_uid == os.getuid(), oct(st.st_mode & 0o777), up.st_uid, oct(up.st_mode & 0o777))")
    out = run_python(program).stdout.split()
    assert out[0] == "True"
    if mode == "fallback":
        assert out[1:] == ["0o700", "0", "0o711"]


def test_refuses_without_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "fallback")
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    result = run_python("print('ran')")
    assert result.status == "error" and "ran" not in result.stdout
    assert "\n" not in result.stderr.strip() and "root" in result.stderr and "refusing" in result.stderr
    assert sandbox_mode().name == "refused"


def test_refuses_without_landlock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "fallback")
    monkeypatch.setattr(confine, "landlock_abi", lambda: 0)
    result = run_python("print('ran')")
    assert result.status == "error" and "Landlock" in result.stderr and "\n" not in result.stderr.strip()


def test_refuses_without_a_seccomp_filter_for_this_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(confine, "seccomp_program", lambda: None)
    result = run_python("print('ran')")
    assert result.status == "error" and "seccomp" in result.stderr


def test_an_unknown_mode_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "yolo")
    result = run_python("print('ran')")
    assert result.status == "error" and ENV in result.stderr and "yolo" in result.stderr


def test_bwrap_mode_refuses_when_bwrap_cannot_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from cotforge.sandbox import bwrap

    monkeypatch.setenv(ENV, "bwrap")
    monkeypatch.setattr(bwrap, "probe", lambda: (None, "bubblewrap (bwrap) is not installed"))
    result = run_python("print('ran')")
    assert result.status == "error" and "bwrap" in result.stderr


def test_a_stale_process_of_a_leased_uid_is_killed_before_the_uid_is_reused(mode: str) -> None:
    if mode != "fallback":
        pytest.skip("uids are leased in the fallback only")
    uid, lease = fallback._lease()
    os.pwrite(lease, b"busy!", 0)  # as a job does when it starts
    os.close(lease)  # and as if its host had died mid-job, leaving a process of this uid behind
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child becomes the stale process
        os.setsid()
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
        os.execv("/bin/sleep", ["sleep", "987.75"])
    assert run_python("print('next')", limits=Limits()).stdout == "next\n"
    os.waitpid(pid, 0)  # killed by the next job's sweep of the uid it leased
    assert gone(lambda: processes_with("987.75"))


@pytest.mark.parametrize(("uid_map", "expected"), [
    ("0 0 4294967295\n", range(fallback.UID_BASE, fallback.UID_BASE + fallback.UID_COUNT)),
    ("0 100000 65536\n", range(65536 - fallback.SMALL_MAP_COUNT, 65536)),  # a remapped container
    ("0 1000 1\n", range(1, 1)),  # only root is mapped: no uid to run a job as
])
def test_uids_come_from_what_the_user_namespace_maps(uid_map: str, expected: range, private_tmp: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_open = builtins.open
    fake = os.path.join(tempfile.mkdtemp(dir=private_tmp), "uid_map")
    with open(fake, "w") as fh:
        fh.write(uid_map)
    monkeypatch.setattr(builtins, "open", lambda path, *a, **k: real_open(fake if path == "/proc/self/uid_map" else path, *a, **k))
    fallback.uid_range.cache_clear()
    try:
        assert fallback.uid_range() == expected
    finally:
        monkeypatch.undo()
        fallback.uid_range.cache_clear()


def test_what_a_dead_host_left_is_swept_at_the_next_start(mode: str) -> None:
    if mode != "fallback":
        pytest.skip("uids are leased in the fallback only")
    uid, lease = fallback._lease()
    os.pwrite(lease, b"busy!", 0)  # a job started
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the process the dead host's job left
        os.setsid()
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
        os.execv("/bin/sleep", ["sleep", "987.875"])
    os.close(lease)  # ... and its host died
    try:
        assert gone(lambda: not processes_with("987.875"))  # exec'd: the child no longer shares the lease
        fallback.sweep_stale()  # what a new process does at its first lease
        assert gone(lambda: os.waitpid(pid, os.WNOHANG) == (0, 0))
    finally:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    fd = os.open(f"uid-{uid}", os.O_RDONLY, dir_fd=fallback._lock_dir())
    try:
        assert os.pread(fd, 5, 0) == b"clean"
    finally:
        os.close(fd)


def test_a_job_dies_with_its_host(mode: str, private_tmp: str) -> None:
    """The host process is SIGKILLed while its job sleeps: the job does not live on."""
    import subprocess
    import sys

    host = ("import os, sys\nfrom cotforge.sandbox import Limits, run_python\n"
            "print('running', flush=True)\n"
            "run_python(\"import os\\nos.execv('/bin/sleep', ['sleep', '987.' + '625'])\", limits=Limits(wall_seconds=60))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "TMPDIR": private_tmp}
    proc = subprocess.Popen([sys.executable, "-W", "ignore", "-c", host], stdout=subprocess.PIPE, env=env,
                            start_new_session=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == b"running\n"
        assert gone(lambda: not processes_with("987.625"), tries=500)  # the job started (not in the host's own command)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert gone(lambda: processes_with("987.625"), tries=500)
    finally:
        for pid in processes_with("987.625"):
            os.kill(pid, signal.SIGKILL)
