"""The warm pool: same answers as a cold run, reused workers, safe under threads, nothing passed
from one job to the next, and no worker outliving the process that owns it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from cotforge.core.errors import ConfigError
from cotforge.sandbox import ENV, Limits, SandboxPool, default_pool, run_python, run_warm, sandbox_mode
from leaks import descendants, gone, in_session, job_dirs, open_fds, processes_with

# the wall clock is far: a cold start on a loaded machine must not turn a verdict into a timeout
LIMITS = Limits(cpu_seconds=1, wall_seconds=30.0, memory_mb=128, max_processes=8, max_output_bytes=10_000, scratch_mb=4)
SECRET = "s3cr3t-between-jobs"
LIBC = "import ctypes, platform\nlibc = ctypes.CDLL(None, use_errno=True)\nX86 = platform.machine() == 'x86_64'\n"
LEAK_PAIRS = [  # (what, job A stores the secret, job B looks for it)
    ("posix message queue",
     LIBC + f"q = libc.mq_open(b'/cotforge', 0o100 | 2, 0o666, None)\nprint('stored', q >= 0 and libc.mq_send(q, b'{SECRET}', {len(SECRET)}, 0) == 0)",
     LIBC + "q = libc.mq_open(b'/cotforge', 2)\nbuf = ctypes.create_string_buffer(8192)\n"
     "n = libc.mq_receive(q, buf, 8192, None) if q >= 0 else -1\nprint('read', buf.raw[:max(0, n)])"),
    ("user keyring",
     LIBC + f"print('stored', libc.syscall(248 if X86 else 217, b'user', b'cotforge', b'{SECRET}', {len(SECRET)}, -4))",
     LIBC + "key = libc.syscall(249 if X86 else 218, b'user', b'cotforge', None, 0)\nbuf = ctypes.create_string_buffer(256)\n"
     "n = libc.syscall(250 if X86 else 219, 11, key, buf, 256) if key >= 0 else -1\nprint('read', buf.raw[:max(0, n)])"),
    ("session keyring",
     LIBC + f"print('stored', libc.syscall(248 if X86 else 217, b'user', b'cotforge', b'{SECRET}', {len(SECRET)}, -3))",
     LIBC + "key = libc.syscall(249 if X86 else 218, b'user', b'cotforge', None, 0)\nbuf = ctypes.create_string_buffer(256)\n"
     "n = libc.syscall(250 if X86 else 219, 11, key, buf, 256) if key >= 0 else -1\nprint('read', buf.raw[:max(0, n)])"),
    ("System V shared memory",
     LIBC + "libc.shmat.restype = ctypes.c_void_p\nid_ = libc.shmget(0xC0F, 4096, 0o1666)\n"
     f"print('stored', id_ >= 0 and ctypes.memmove(libc.shmat(id_, None, 0), b'{SECRET}', {len(SECRET)}) is not None)",
     LIBC + "libc.shmat.restype = ctypes.c_void_p\nid_ = libc.shmget(0xC0F, 4096, 0)\n"
     "print('read', id_ >= 0 and ctypes.string_at(libc.shmat(id_, None, 0), 64))"),
    ("System V message queue",
     LIBC + f"q = libc.msgget(0xC0F, 0o1666)\nmsg = (1).to_bytes(8, 'little') + b'{SECRET}'\n"
     f"print('stored', q >= 0 and libc.msgsnd(q, msg, {len(SECRET)}, 0) == 0)",
     LIBC + "q = libc.msgget(0xC0F, 0)\nbuf = ctypes.create_string_buffer(256)\n"
     "n = libc.msgrcv(q, buf, 200, 0, 0o4000) if q >= 0 else -1\nprint('read', buf.raw[8:8 + max(0, n)])"),
    ("files in /tmp and /dev/shm",
     "import glob\nfor d in ('/tmp', '/dev/shm', '.'):\n    try:\n"
     f"        open(d + '/cotforge-secret', 'w').write('{SECRET}')\n    except OSError:\n        pass\nprint('stored')",
     "import glob\nprint('read', [open(p).read() for p in glob.glob('/tmp/**/cotforge-secret', recursive=True) + "
     "glob.glob('/dev/shm/cotforge-secret') + glob.glob('cotforge-secret')])"),
    ("a process left behind",
     f"import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)', '{SECRET}'],"
     " start_new_session=True)\nprint('stored')",
     "import os\nfound = []\ntry:\n    pids = os.listdir('/proc')\nexcept OSError:\n    pids = []\nfor p in pids:\n    try:\n"
     "        found.append(open(f'/proc/{p}/cmdline').read())\n    except OSError:\n        pass\n"
     "print('read', [c for c in found if 'time.sleep(30)' in c])"),
    ("abstract unix socket",
     f"import socket, os\ntry:\n    s = socket.socket(socket.AF_UNIX)\n    s.bind('\\0cotforge')\n    s.listen()\n"
     f"    if os.fork() == 0:\n        c, _ = s.accept()\n        c.send(b'{SECRET}')\nexcept OSError:\n    pass\nprint('stored')",
     "import socket\ntry:\n    s = socket.socket(socket.AF_UNIX)\n    s.connect('\\0cotforge')\n    print('read', s.recv(64))\n"
     "except OSError as e:\n    print('read nothing', e.errno)"),
]


@pytest.mark.parametrize(("what", "store", "look"), LEAK_PAIRS, ids=[p[0] for p in LEAK_PAIRS])
def test_nothing_passes_from_one_job_to_the_next(what: str, store: str, look: str, mode: str) -> None:
    with SandboxPool(size=1) as pool:
        for _ in range(2):  # the same worker serves both jobs of each pair
            stored = pool.run(store, limits=LIMITS)
            assert stored.status == "ok" and "stored" in stored.stdout, (stored.stdout, stored.stderr[-300:])
            looked = pool.run(look, limits=LIMITS)
            assert looked.status == "ok" and "read" in looked.stdout, (looked.stdout, looked.stderr[-300:])
            assert SECRET not in looked.stdout + looked.stderr
        assert pool.started <= 1


def test_a_job_sees_nothing_an_earlier_job_left(mode: str) -> None:
    litter = ("import os, subprocess\nopen('note', 'w').write('secret')\n"
              "subprocess.Popen(['sleep', '987.25'], start_new_session=True)\nos.chmod('.', 0o500)\nprint('littered')")
    look = "import os\nprint(os.listdir('.'))"
    with SandboxPool(size=1) as pool:
        assert pool.run(litter).stdout == "littered\n"
        assert pool.run(look).stdout == "[]\n"
        assert gone(lambda: processes_with("987.25"))


def test_many_consecutive_runs_reuse_one_worker_and_leak_nothing(mode: str) -> None:
    fds, dirs, procs = open_fds(), job_dirs(), set(descendants())
    with SandboxPool(size=1) as pool:
        for i in range(400 if mode == "bwrap" else 40):
            source = f"import sys\nprint(sys.stdin.read() + '{i}')\nopen('f', 'w').write('x' * {i})"
            assert pool.run(source, stdin="n=").stdout == f"n={i}\n"
        assert pool.started == (1 if mode == "bwrap" else 0)
    assert open_fds() == fds and job_dirs() == dirs and set(descendants()) == procs


def test_same_result_as_a_cold_run(mode: str) -> None:
    programs = ["print(sum(range(10)))", "import sys\nprint(sys.argv, __name__)", "raise SystemExit('bye')",
                "import sys\nsys.exit(3)", "print(input())\nprint(input())", "x = 1\nraise KeyError(x)",
                "\ufeffprint('bom')", "print('\ud800')", "import sys\nprint('MemoryError', file=sys.stderr)\nsys.exit(1)",
                "x = bytearray(2 * 10**9)", "print(len(input()))"]
    with SandboxPool(size=1) as pool:
        for source in programs:
            warm = pool.run(source, stdin="a\nb\n\udcff", limits=LIMITS)
            cold = run_python(source, stdin="a\nb\n\udcff", limits=LIMITS)
            assert (warm.status, warm.stdout, warm.stderr) == (cold.status, cold.stdout, cold.stderr), source


def test_stdin_of_any_size_reaches_the_job(mode: str) -> None:
    with SandboxPool(size=1) as pool:
        big = "x" * 3_000_000 + "\n"  # far past a pipe's buffer
        assert pool.run("import sys\nprint(len(sys.stdin.read()))", stdin=big).stdout == "3000001\n"
        assert pool.run("print('ignores its stdin')", stdin=big).stdout == "ignores its stdin\n"
        assert pool.run("print(input())", stdin="after\n").stdout == "after\n"


def test_worker_breaking_a_limit_is_replaced(mode: str) -> None:
    if mode != "bwrap":
        pytest.skip("the fallback runs every job cold")
    with SandboxPool(size=1) as pool:
        pool.run("print(1)")
        before, started = pool.worker_pids(), pool.started
        assert pool.run("while True:\n    pass", limits=LIMITS).status == "timeout"
        assert pool.worker_pids() == set() and pool.started == started
        assert pool.run("print(2)").stdout == "2\n"
        assert pool.started == started + 1 and pool.worker_pids().isdisjoint(before)
        assert pool.run("print(3)").stdout == "3\n" and pool.started == started + 1  # reused while it behaves


def test_threads_share_the_pool(mode: str) -> None:
    with SandboxPool(size=2) as pool, ThreadPoolExecutor(4) as ex:
        results = list(ex.map(lambda i: pool.run(f"print({i} ** 2)").stdout, range(40)))
        assert results == [f"{i * i}\n" for i in range(40)]
        assert pool.started <= 2


def test_worker_started_by_a_finished_thread_keeps_working(mode: str) -> None:
    with SandboxPool(size=1) as pool:
        thread = threading.Thread(target=pool.run, args=("print(1)",))
        thread.start()
        thread.join()
        assert pool.run("print(2)").stdout == "2\n" and pool.started == (1 if mode == "bwrap" else 0)


def test_dead_worker_is_replaced(mode: str) -> None:
    if mode != "bwrap":
        pytest.skip("the fallback has no warm workers")
    with SandboxPool(size=1) as pool:
        pool.run("print(1)")
        (pid,) = pool.worker_pids()
        os.killpg(pid, 9)
        assert pool.run("print(2)").stdout == "2\n" and pool.started == 2


def test_closed_pool_refuses_and_bad_sizes_are_rejected() -> None:
    pool = SandboxPool(size=1)
    pool.close()
    with pytest.raises(ConfigError, match="closed"):
        pool.run("print(1)")
    for kwargs in ({"size": 0}, {"max_jobs": 0}, {"scratch_mb": 0}):
        with pytest.raises(ConfigError):
            SandboxPool(**kwargs)  # type: ignore[arg-type]


def test_run_warm_uses_one_pool_per_process() -> None:
    assert default_pool() is default_pool()
    assert run_warm("print('hi')").stdout == "hi\n"


def test_the_pool_is_warm_only_under_bubblewrap(mode: str) -> None:
    with SandboxPool(size=1) as pool:
        assert pool.warm == (mode == "bwrap") and pool.run("print(5)").stdout == "5\n"


def test_a_refused_sandbox_answers_error_from_the_pool_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "nonsense")
    with SandboxPool(size=1) as pool:
        result = pool.run("print(5)")
    assert result.status == "error" and ENV in result.stderr and pool.started == 0


def test_a_forked_child_leaves_its_parents_workers_alone(mode: str) -> None:
    with SandboxPool(size=1) as pool:
        pool.run("print(1)")
        pid = os.fork()
        if pid == 0:  # the child: closing the inherited pool must not kill the parent's worker
            try:
                pool.close()
                pool.run("print(2)")
            except ConfigError:
                os._exit(0)
            os._exit(1)
        assert os.waitpid(pid, 0)[1] == 0
        assert pool.run("print(3)").stdout == "3\n" and pool.started == (1 if mode == "bwrap" else 0)


OWNER = """
import os, sys, threading, time
from cotforge.sandbox import SandboxPool
pool = SandboxPool(size=2, scratch_mb={scratch})
def work():
    while True:
        pool.run("import time; time.sleep(0.05)")
for _ in range(2):
    threading.Thread(target=work, daemon=True).start()
if {fork_child}:
    while len(pool.worker_pids()) < 2:
        time.sleep(0.01)
    if os.fork() == 0:  # a forked child (a process pool's) that outlives its parent, holding copies of its descriptors
        time.sleep(60)
        os._exit(0)
print("starting", flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.3, 1.0])
@pytest.mark.parametrize("fork_child", [False, True])
def test_workers_die_when_their_owner_is_killed_mid_start(delay: float, fork_child: bool) -> None:
    """kill -9 of a process while its pool workers start (or run) leaves none of them running."""
    if sandbox_mode().name != "bwrap":
        pytest.skip("warm workers run under bubblewrap only")
    scratch = 7 + int(delay * 20) + 40 * fork_child  # a bwrap size argument no other pool here uses
    marker = str(scratch << 20)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    owner = subprocess.Popen([sys.executable, "-c", OWNER.format(scratch=scratch, fork_child=fork_child)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    try:
        assert owner.stdout is not None and owner.stdout.readline() == b"starting\n"
        if delay:
            threading.Event().wait(delay)
        owner.send_signal(signal.SIGKILL)
        owner.wait()
        # a worker's bwrap lives exactly as long as the worker (its pid 1), and carries the marker
        assert gone(lambda: processes_with(marker), tries=500)
    finally:
        for pid in processes_with(marker) + in_session(owner.pid):  # what a failed run left; the forked child
            os.kill(pid, signal.SIGKILL)
