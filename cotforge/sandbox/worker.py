"""The warm worker: pid 1 of one bubblewrap sandbox, serving jobs one at a time.

It reads length-prefixed JSON jobs on its stdin and answers each on its stdout. A job runs in a
forked child that applies the job's rlimits and runs the source (:data:`confine.CHILD`, the same
code a cold run boots with), with stdin fed through a pipe, stdout and stderr on capped pipes,
and a status pipe for the memory report. The seccomp filter is the worker's own, set by bwrap
before the worker starts, so every job inherits it (attaching it per job cost ~0.5 ms of CPU). When the child ends or breaks a limit
the worker sends SIGKILL to every other process of the namespace (``kill(-1)`` from pid 1
spares only itself), reaps them, and wipes /tmp, /dev/shm and System V IPC objects, so no job
sees what an earlier one left; POSIX message queues and keyrings cannot be made at all (the
filter denies them). The worker is not dumpable, so a job cannot ptrace it or read its memory;
as pid 1 it receives no signal it has no handler for. It exits when its stdin reaches EOF, that
is when the process that owns the pool is gone.
"""

from cotforge.sandbox.confine import CHILD

WORKER = CHILD + r'''
import gc, json, linecache, select, shutil, signal, struct, threading, time, traceback
libc = _native()[2]
libc.prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0
signal.signal(signal.SIGINT, signal.SIG_IGN)
wake_r, wake_w = _O.pipe()
_O.set_blocking(wake_r, False); _O.set_blocking(wake_w, False)
signal.set_wakeup_fd(wake_w); signal.signal(signal.SIGCHLD, lambda *a: None)
PIN, POUT = _O.dup(0), _O.dup(1)
null = _O.open("/dev/null", _O.O_RDWR)
for fd in (0, 1, 2): _O.dup2(null, fd)

def readn(n):
    data = b""
    while len(data) < n:
        block = _O.read(PIN, n - len(data))
        if not block: return None
        data += block
    return data

def killall():
    try: _O.kill(-1, signal.SIGKILL)
    except ProcessLookupError: pass

def wipe():
    for kind in ("shm", "msg", "sem"):  # System V IPC objects live in the sandbox's IPC namespace
        try:
            rows = open("/proc/sysvipc/" + kind).read().split("\n")[1:]
        except OSError:
            continue
        for cols in (r.split() for r in rows):
            if len(cols) > 1:
                if kind == "sem": libc.semctl(int(cols[1]), 0, 0)
                else: getattr(libc, kind + "ctl")(int(cols[1]), 0, None)  # IPC_RMID
    for top in ("/tmp", "/dev/shm"):
        for root, dirs, files in _O.walk(top):
            for d in dirs:
                try: _O.chmod(_O.path.join(root, d), 0o700)
                except OSError: pass
        for name in _O.listdir(top):
            path = _O.path.join(top, name)
            if _O.path.isdir(path) and not _O.path.islink(path): shutil.rmtree(path, ignore_errors=True)
            else:
                try: _O.unlink(path)
                except OSError: pass

def child(job, fds):
    code = 1
    try:
        stdin_fd, out_w, err_w, status_w = fds
        _O.dup2(stdin_fd, 0); _O.dup2(out_w, 1); _O.dup2(err_w, 2); _O.dup2(status_w, 3)
        _O.closerange(4, 65536)
        libc.prctl(4, 1, 0, 0, 0)
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL); signal.signal(signal.SIGINT, signal.default_int_handler)
        _O.chdir("/tmp/job")
        _Y.stdin = open(0, "r", encoding="utf-8", errors="surrogateescape", closefd=False)  # as python3 under C.UTF-8
        _Y.stdout = open(1, "w", encoding="utf-8", errors="surrogateescape", closefd=False)
        _Y.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
        src = job["source"].encode("utf-8", "surrogatepass")
        limits = job["limits"]
        del job
        _confine(limits, b"", None, 3)  # rlimits; the seccomp filter is the worker's own (bwrap --seccomp)
        code = _main(src, 3)
    except BaseException:
        try:
            traceback.print_exc(); _Y.stderr.flush()
        except BaseException: pass
    finally:
        _O._exit(code)

def run(job):
    _O.mkdir("/tmp/job", 0o755)
    out_r, out_w = _O.pipe(); err_r, err_w = _O.pipe(); status_r, status_w = _O.pipe(); stdin_r, stdin_w = _O.pipe()
    started = time.monotonic()
    pid = _O.fork()
    if pid == 0: child(job, (stdin_r, out_w, err_w, status_w))
    for fd in (stdin_r, out_w, err_w, status_w): _O.close(fd)
    feed = memoryview(job["stdin"].encode("utf-8", "surrogatepass"))  # fed while the job runs: any size
    _O.set_blocking(stdin_w, False)
    deadline, bufs, total, stopped, status, usage = started + job["wall"], {out_r: [], err_r: []}, 0, "", None, None
    live = [out_r, err_r]
    while True:
        if stdin_w >= 0 and not feed:
            _O.close(stdin_w); stdin_w = -1
        if status is None:
            p, st, ru = _O.wait4(pid, _O.WNOHANG)
            if p: status, usage = st, ru; killall()
        if status is not None and not live: break
        now = time.monotonic()
        if now >= deadline: stopped = "timeout"; break
        ready, writable, _ = select.select(live + [wake_r], [stdin_w] if stdin_w >= 0 else [], [], min(deadline - now, 0.5))
        if writable:
            try: feed = feed[_O.write(stdin_w, feed[:65536]):]
            except BlockingIOError: pass
            except OSError: feed = feed[:0]  # the job closed its stdin or ended
        for fd in ready:
            if fd == wake_r:
                try: _O.read(wake_r, 512)
                except BlockingIOError: pass
                continue
            block = _O.read(fd, 65536)
            if not block: live.remove(fd)
            bufs[fd].append(block); total += len(block)
        if total > job["max_out"]: stopped = "output_limit"; break
    if stdin_w >= 0: _O.close(stdin_w)
    killall()
    if status is None: _, status, usage = _O.wait4(pid, 0)
    while True:
        try: _O.wait()
        except ChildProcessError: break
    _O.set_blocking(status_r, False)
    try: memory = _O.read(status_r, 1) == b"M"
    except BlockingIOError: memory = False
    for fd in (out_r, err_r, status_r): _O.close(fd)
    out, err = b"".join(bufs[out_r]), b"".join(bufs[err_r])
    return {"stopped": stopped, "stdout": out[: job["max_out"]].decode("utf-8", "replace"),
            "stderr": err[-8000:].decode("utf-8", "replace"), "returncode": _O.waitstatus_to_exitcode(status),
            "cpu": usage.ru_utime + usage.ru_stime, "memory": memory}

wipe()
compile("pass", "main.py", "exec")  # a process's first compile() builds the AST node types: about 1 ms of every job's 3.5 if left to the job
gc.freeze()  # forked children then leave the worker's objects (and their pages) alone
while True:
    head = readn(4)
    if head is None: break
    job = json.loads(readn(struct.unpack(">I", head)[0]))
    data = json.dumps(run(job)).encode()
    view = memoryview(struct.pack(">I", len(data)) + data)
    while view: view = view[_O.write(POUT, view):]
    try:
        wipe()
        if _O.listdir("/tmp") or _O.listdir("/dev/shm"): break
    except BaseException: break  # something the job left cannot be removed: end, and the host starts a fresh worker
'''
