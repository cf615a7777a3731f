"""The warm worker that runs inside one bubblewrap sandbox and executes jobs on request (source text).

It is pid 1 of the sandbox's pid namespace and serves length-prefixed JSON jobs on its stdin.
Each job runs in a forked child with its own rlimits, a fresh scratch folder /tmp/job, stdin
from a memfd and stdout/stderr on capped pipes. When the child ends or breaks a limit the
worker sends SIGKILL to every other process of the namespace (``kill(-1)`` from pid 1 spares
only itself), reaps them, and wipes /tmp, /dev/shm and System V IPC objects, so no job sees what
an earlier one left.
The worker is not dumpable, so a job cannot ptrace it or read its memory; as pid 1 it receives
no signal it has no handler for.
"""

WORKER = r'''import ctypes, gc, json, os, resource as R, select, shutil, signal, struct, sys, threading, time, traceback, types
libc = ctypes.CDLL(None, use_errno=True)
libc.prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0
signal.signal(signal.SIGINT, signal.SIG_IGN)
wake_r, wake_w = os.pipe()
os.set_blocking(wake_r, False); os.set_blocking(wake_w, False)
signal.set_wakeup_fd(wake_w); signal.signal(signal.SIGCHLD, lambda *a: None)
PIN, POUT = os.dup(0), os.dup(1)
null = os.open("/dev/null", os.O_RDWR)
for fd in (0, 1, 2): os.dup2(null, fd)
LIMITS = {"cpu": R.RLIMIT_CPU, "mem": R.RLIMIT_AS, "nproc": R.RLIMIT_NPROC, "nofile": R.RLIMIT_NOFILE,
          "fsize": R.RLIMIT_FSIZE}

def readn(n):
    data = b""
    while len(data) < n:
        block = os.read(PIN, n - len(data))
        if not block: return None
        data += block
    return data

def killall():
    try: os.kill(-1, signal.SIGKILL)
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
        for root, dirs, files in os.walk(top):
            for d in dirs:
                try: os.chmod(os.path.join(root, d), 0o700)
                except OSError: pass
        for name in os.listdir(top):
            path = os.path.join(top, name)
            if os.path.isdir(path) and not os.path.islink(path): shutil.rmtree(path, ignore_errors=True)
            else:
                try: os.unlink(path)
                except OSError: pass

def child(job, fds):
    code = 1
    try:
        stdin_fd, out_w, err_w = fds
        os.dup2(stdin_fd, 0); os.dup2(out_w, 1); os.dup2(err_w, 2)
        os.closerange(3, 65536)
        libc.prctl(4, 1, 0, 0, 0)
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL); signal.signal(signal.SIGINT, signal.default_int_handler)
        os.chdir("/tmp/job")
        for key, res in LIMITS.items():
            v = job[key]
            R.setrlimit(res, (v, v + 1) if key == "cpu" else (v, v))
        R.setrlimit(R.RLIMIT_CORE, (0, 0))
        sys.stdin = open(0, "r", encoding="utf-8", closefd=False)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
        main = types.ModuleType("__main__"); main.__file__ = "main.py"
        sys.modules["__main__"], sys.argv = main, ["main.py"]
        src = job["source"]; del job
        try:
            exec(compile(src, "main.py", "exec"), main.__dict__)
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 0 if e.code is None else (print(e.code, file=sys.stderr), 1)[1]
        except BaseException as e:
            traceback.print_exception(type(e), e, e.__traceback__.tb_next)

        if threading.active_count() > 1: threading._shutdown()  # join non-daemon threads, as at exit
        sys.stdout.flush(); sys.stderr.flush()
    except BaseException:
        try: traceback.print_exc(); sys.stderr.flush()
        except BaseException: pass
    finally:
        os._exit(code & 255)

def run(job):
    os.mkdir("/tmp/job", 0o755)
    stdin_fd = os.memfd_create("stdin")
    os.write(stdin_fd, job["stdin"].encode()); os.lseek(stdin_fd, 0, 0)
    out_r, out_w = os.pipe(); err_r, err_w = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0: child(job, (stdin_fd, out_w, err_w))
    for fd in (stdin_fd, out_w, err_w): os.close(fd)
    deadline, bufs, total, stopped, status, usage = started + job["wall"], {out_r: [], err_r: []}, 0, "", None, None
    live = [out_r, err_r]
    while True:
        if status is None:
            p, st, ru = os.wait4(pid, os.WNOHANG)
            if p: status, usage = st, ru; killall()
        if status is not None and not live: break
        now = time.monotonic()
        if now >= deadline: stopped = "timeout"; break
        ready = select.select(live + [wake_r], [], [], min(deadline - now, 0.5))[0]
        for fd in ready:
            if fd == wake_r:
                try: os.read(wake_r, 512)
                except BlockingIOError: pass
                continue
            block = os.read(fd, 65536)
            if not block: live.remove(fd)
            bufs[fd].append(block); total += len(block)
        if total > job["max_out"]: stopped = "output_limit"; break
    killall()
    if status is None: _, status, usage = os.wait4(pid, 0)
    while True:
        try: os.wait()
        except ChildProcessError: break
    for fd in (out_r, err_r): os.close(fd)
    out, err = b"".join(bufs[out_r]), b"".join(bufs[err_r])
    cpu = usage.ru_utime + usage.ru_stime
    code = os.waitstatus_to_exitcode(status)
    if not stopped:
        if code == -signal.SIGXCPU or (code == -signal.SIGKILL and cpu >= job["cpu"] - 0.05): stopped = "timeout"
        elif err.rstrip().rsplit(b"\n", 1)[-1].startswith(b"MemoryError") or b"Cannot allocate memory" in err[-2000:]:
            stopped = "memory"
        else: stopped = "ok" if code == 0 else "crashed"
    return {"status": stopped, "stdout": out[: job["max_out"]].decode("utf-8", "replace"),
            "stderr": err[-8000:].decode("utf-8", "replace"), "returncode": code, "cpu": cpu}

wipe()
gc.freeze()  # forked children then leave the worker's objects (and their pages) alone
while True:
    head = readn(4)
    if head is None: break
    job = json.loads(readn(struct.unpack(">I", head)[0]))
    data = json.dumps(run(job)).encode()
    view = memoryview(struct.pack(">I", len(data)) + data)
    while view: view = view[os.write(POUT, view):]
    try:
        wipe()
        if os.listdir("/tmp") or os.listdir("/dev/shm"): break
    except BaseException: break  # something the job left cannot be removed: end, and the host starts a fresh worker
'''
