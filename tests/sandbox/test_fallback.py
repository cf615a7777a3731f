"""The fallback mode: a fresh uid per job, host file operations that never follow the job's paths,
daemons that die with their job, and a one-line refusal where it cannot be made safe."""

from __future__ import annotations

import os
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
        assert len(set(uids)) == 3 and all(fallback.UID_BASE <= int(u) < fallback.UID_BASE + fallback.UID_COUNT for u in uids)


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
    os.close(lease)  # as if a host had died mid-job, leaving a process of this uid behind
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

