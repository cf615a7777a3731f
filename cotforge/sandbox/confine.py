"""What a job may do, enforced by the kernel on the job's own processes before its code runs.

Two pieces, shared by every mode:

- a seccomp filter (built here, as classic BPF) that denies the kernel objects which outlive a
  process or escape ``RLIMIT_AS``: memfd files, System V shared memory, semaphores and message
  queues, POSIX message queues, keyrings; also io_uring, userfaultfd, perf events, bpf, new
  namespaces (``unshare``, ``setns``, namespace flags of ``clone``) and ``socket`` (a job gets
  ``socketpair`` only, so no network in any mode). Under bubblewrap, bwrap attaches it
  (``--seccomp``) to the cold job or to the whole warm worker; in the fallback the job's own
  process loads it;
- :data:`CHILD`, Python source that the sandboxed interpreter runs first (the cold boot script and
  the warm worker's job child both embed it): it sets the rlimits, applies a Landlock ruleset
  and the filter when given them (the fallback: read the system, write only the job's own
  folder), then runs ``main.py`` and reports an uncaught ``MemoryError`` on a status pipe, so
  that a ``memory`` verdict comes from how the program ended, not from what it printed.

The filter is written by hand rather than with libseccomp: it is a fixed deny list of 40-odd
instructions, and the only Python binding on PyPI (pyseccomp, 2021) would still need
``libseccomp.so`` at run time. Supported on x86_64 and aarch64.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import struct
from functools import cache

# syscall numbers: (x86_64, aarch64)
_DENIED: dict[str, tuple[int, int]] = {
    "memfd_create": (319, 279), "memfd_secret": (447, 447),
    "shmget": (29, 194), "shmat": (30, 196), "shmctl": (31, 195), "shmdt": (67, 197),
    "semget": (64, 190), "semop": (65, 193), "semctl": (66, 191), "semtimedop": (220, 192),
    "msgget": (68, 186), "msgsnd": (69, 189), "msgrcv": (70, 188), "msgctl": (71, 187),
    "mq_open": (240, 180), "mq_unlink": (241, 181), "mq_timedsend": (242, 182), "mq_timedreceive": (243, 183),
    "mq_notify": (244, 184), "mq_getsetattr": (245, 185),
    "add_key": (248, 217), "request_key": (249, 218), "keyctl": (250, 219),
    "io_uring_setup": (425, 425), "io_uring_enter": (426, 426), "io_uring_register": (427, 427),
    "userfaultfd": (323, 282), "perf_event_open": (298, 241), "bpf": (321, 280),
    "unshare": (272, 97), "setns": (308, 268), "socket": (41, 198),
}
_CLONE, _CLONE3 = (56, 220), (435, 435)
_ARCHES = {"x86_64": (0, 0xC000003E), "aarch64": (1, 0xC00000B7), "arm64": (1, 0xC00000B7)}
_X32_BIT = 0x40000000
_NEW_NAMESPACES = 0x7E020000
"""CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET."""

_LD_ABS, _JEQ, _JGE, _JSET, _RET = 0x20, 0x15, 0x35, 0x45, 0x06
_ALLOW, _KILL_PROCESS, _ERRNO = 0x7FFF0000, 0x80000000, 0x00050000


@cache
def seccomp_program(machine: str | None = None) -> bytes | None:
    """The filter as ``struct sock_filter`` bytes for this machine, or None where it is not supported.

    Syscalls of another ABI (i386 on x86_64) kill the process; x32 calls fail with ENOSYS;
    ``clone3`` fails with ENOSYS (its flags live in memory a filter cannot read; libc then uses
    ``clone``, whose namespace flags are checked); everything else on the list fails with EPERM.
    """
    arch = _ARCHES.get(machine or platform.machine())
    if arch is None:
        return None
    column, audit_arch = arch
    code: list[tuple[int, str | int, str | int, int]] = [(_LD_ABS, 0, 0, 4), (_JEQ, 0, "kill", audit_arch), (_LD_ABS, 0, 0, 0)]
    if column == 0:
        code.append((_JGE, "enosys", 0, _X32_BIT))
    code += [(_JEQ, "eperm", 0, numbers[column]) for numbers in _DENIED.values()]
    code += [(_JEQ, "enosys", 0, _CLONE3[column]), (_JEQ, "clone", 0, _CLONE[column]), (_RET, 0, 0, _ALLOW)]
    labels = {"clone": len(code)}
    code += [(_LD_ABS, 0, 0, 16), (_JSET, "eperm", 0, _NEW_NAMESPACES), (_RET, 0, 0, _ALLOW)]
    for name, action in (("kill", _KILL_PROCESS), ("eperm", _ERRNO | errno.EPERM), ("enosys", _ERRNO | errno.ENOSYS)):
        labels[name] = len(code)
        code.append((_RET, 0, 0, action))

    def offset(at: int, target: str | int) -> int:
        return target if isinstance(target, int) else labels[target] - at - 1

    return b"".join(struct.pack("=HBBI", op, offset(i, jt), offset(i, jf), k) for i, (op, jt, jf, k) in enumerate(code))


# Landlock (include/uapi/linux/landlock.h): file-system rights by ABI version, and scopes.
_FS_RIGHTS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1, 5: (1 << 16) - 1}
_FILE_RIGHTS = 1 | 2 | 4 | (1 << 14) | (1 << 15)
"""EXECUTE, WRITE_FILE, READ_FILE, TRUNCATE, IOCTL_DEV: the rights a rule on a single file may hold."""
_READ, _EXECUTE = 4 | 8, 1
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1, 2


@cache
def landlock_abi() -> int:
    """The kernel's Landlock ABI version (0 when Landlock is missing, disabled or blocked here)."""
    if platform.system() != "Linux":
        return 0
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    version = libc.syscall(ctypes.c_long(444), None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    return max(int(version), 0)


def landlock_ruleset(read_exec: list[str], read_only: list[str], read_write: list[str]) -> dict[str, object]:
    """A ruleset for :data:`CHILD`: read and execute ``read_exec``, read ``read_only``, do anything
    inside ``read_write``; everything else on the file system is denied. Paths that do not exist
    are skipped; a path that is a file gets the file rights only."""
    abi = landlock_abi()
    every = _FS_RIGHTS_BY_ABI[min(abi, 5)]
    rules = []
    for paths, rights in ((read_exec, _READ | _EXECUTE), (read_only, _READ), (read_write, every)):
        for path in paths:
            if os.path.isdir(path):
                rules.append((path, rights))
            elif os.path.exists(path):
                rules.append((path, rights & _FILE_RIGHTS))
    scoped = _SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL if abi >= 6 else 0
    return {"handled": every, "scoped": scoped, "size": 24 if abi >= 6 else 16 if abi >= 4 else 8, "rules": rules}


def boot_argv(source_fd: int, status_fd: int, rlimits: list[tuple[int, int, int]], bpf: bytes,
              landlock: dict[str, object] | None, parent: int = 0) -> list[str]:
    """Arguments of the cold boot script (:data:`CHILD` + the runner's boot): plain strings, so the
    sandboxed interpreter needs no json (which imports re) to read them. An empty ``bpf`` means
    the filter is already in force (bwrap applied it); a ``parent`` pid makes the job die with it."""
    args = [str(parent), str(source_fd), str(status_fd), bpf.hex(), ",".join(":".join(map(str, r)) for r in rlimits)]
    if landlock is None:
        return [*args, "-"]
    head = f"{landlock['handled']}:{landlock['scoped']}:{landlock['size']}"
    return [*args, head, *(f"{rights}:{path}" for path, rights in landlock["rules"])]  # type: ignore[attr-defined]


CHILD = r'''
import os as _O, resource as _R, sys as _Y

def _boot_args(argv):
    """(parent, source_fd, status_fd, rlimits, bpf, landlock) from boot_argv()'s strings."""
    parent, argv = int(argv[0]), argv[1:]
    limits = [tuple(map(int, r.split(":"))) for r in argv[3].split(",")]
    landlock = None
    if argv[4] != "-":
        handled, scoped, size = map(int, argv[4].split(":"))
        rules = [(rule.split(":", 1)[1], int(rule.split(":", 1)[0])) for rule in argv[5:]]
        landlock = {"handled": handled, "scoped": scoped, "size": size, "rules": rules}
    return parent, int(argv[0]), int(argv[1]), limits, bytes.fromhex(argv[2]), landlock

_NATIVE = []

def _native():
    """(ctypes, struct, libc, struct sock_fprog), made once (a warm worker makes them before forking)."""
    if not _NATIVE:
        import ctypes, struct
        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall.restype = ctypes.c_long
        class Prog(ctypes.Structure):
            _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]
        _NATIVE.extend((ctypes, struct, libc, Prog))
    return _NATIVE

def _confine(limits, bpf, landlock, status_fd, parent=0):
    """Apply rlimits [(resource, soft, hard)], then a Landlock ruleset (or None) and the seccomp
    filter (none when bpf is empty: bwrap has applied it already); with a parent pid, die with it."""
    _O.set_inheritable(status_fd, False)
    for res, soft, hard in limits:
        _R.setrlimit(res, (soft, hard))
    if not bpf and landlock is None and not parent:
        return
    _C, _S, libc, Prog = _native()
    def check(result, what):
        if result < 0:
            e = _C.get_errno()
            raise OSError(e, "sandbox setup failed at " + what + ": " + _O.strerror(e))
        return result
    if parent:
        check(libc.prctl(1, 9, 0, 0, 0), "PR_SET_PDEATHSIG")  # SIGKILL when the host (thread) that started us ends
        if _O.getppid() != parent:
            _O._exit(137)  # the host was gone before that was set
    check(libc.prctl(38, 1, 0, 0, 0), "PR_SET_NO_NEW_PRIVS")
    if landlock is not None:
        attr = _S.pack("=QQQ", landlock["handled"], 0, landlock["scoped"])[: landlock["size"]]
        ruleset = check(libc.syscall(_C.c_long(444), attr, _C.c_size_t(len(attr)), _C.c_uint32(0)), "landlock")
        for path, rights in landlock["rules"]:
            fd = _O.open(path, _O.O_PATH | _O.O_CLOEXEC)
            check(libc.syscall(_C.c_long(445), ruleset, 1, _S.pack("=Qi", rights, fd), 0), "landlock rule " + path)
            _O.close(fd)
        check(libc.syscall(_C.c_long(446), ruleset, 0), "landlock_restrict_self")
        _O.close(ruleset)
    if bpf:
        prog = _C.create_string_buffer(bpf, len(bpf))
        check(libc.prctl(22, 2, _C.byref(Prog(len(bpf) // 8, _C.addressof(prog))), 0, 0), "seccomp")

def _main(src, status_fd):
    """Run src (bytes of main.py) as __main__ as `python main.py` would; return the exit code.
    An uncaught MemoryError (or ENOMEM) is reported on status_fd as b"M". Modules only an error
    or a thread needs are imported then (a warm worker has them already)."""
    main = type(_Y)("__main__")
    main.__file__ = "main.py"
    _Y.modules["__main__"], _Y.argv = main, ["main.py"]
    code = 1
    try:
        exec(compile(src, "main.py", "exec"), main.__dict__)
        code = 0
    except SystemExit as e:
        if e.code is None or isinstance(e.code, int):
            code = e.code or 0
        else:
            print(e.code, file=_Y.stderr)
    except BaseException as e:
        if isinstance(e, MemoryError) or (isinstance(e, OSError) and e.errno == 12):
            try:
                _O.write(status_fd, b"M")
            except OSError:
                pass
        import linecache, traceback
        try:
            text = src.decode("utf-8-sig")
            linecache.cache["main.py"] = (len(text), None, text.splitlines(True), "main.py")
        except UnicodeDecodeError:
            pass
        traceback.print_exception(type(e), e, e.__traceback__.tb_next)
    try:
        threading = _Y.modules.get("threading")
        if threading is not None and threading.active_count() > 1:
            threading._shutdown()  # join non-daemon threads, as the interpreter does at exit
        _Y.stdout.flush()
        _Y.stderr.flush()
    except BaseException:
        pass
    return code & 255
'''
