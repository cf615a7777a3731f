"""Hostile programs for the sandbox suite: (name, source, expected status, what stdout must contain).

Placeholders the test fills in: ``{port}`` a loopback listener of the host; ``{here}`` a host
folder (the test checkout); ``{victim}`` a host file and ``{victim_dir}`` a host folder that
must come out of every run unchanged (content and mode).
"""

from __future__ import annotations

TRY = "try:\n    {act}\n    print('ESCAPED')\nexcept BaseException as e:\n    print('blocked')\n"
LIBC = "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"


def _try(act: str) -> str:
    return TRY.format(act=act)


HOSTILE: list[tuple[str, str, str, str]] = [
    ("infinite_loop", "while True:\n    pass", "timeout", ""),
    ("fork_bomb", "import os\nwhile True:\n    os.fork()", "crashed", ""),
    ("fork_and_wait_bomb", "import os, time\nfor _ in range(200):\n    try:\n        os.fork()\n    except OSError:\n"
     "        break\ntime.sleep(30)", "timeout", ""),
    ("memory_bomb", "x = bytearray(2 * 10**9)\nprint('allocated')", "memory", ""),
    ("memory_growth", "a = []\nwhile True:\n    a.append(' ' * 10**6)", "memory", ""),
    ("mmap_bomb", "import mmap\nm = mmap.mmap(-1, 2 * 10**9)\nprint('mapped')", "memory", ""),
    ("deep_recursion", "def f(n):\n    return f(n + 1)\nf(0)", "crashed", ""),
    ("exec_other_interpreter", "import os, sys\nos.execv(sys.executable, ['python3', '-c', 'while True: pass'])", "timeout", ""),
    ("huge_output", "while True:\n    print('x' * 1000)", "output_limit", ""),
    ("huge_stderr", "import sys\nwhile True:\n    sys.stderr.write('e' * 1000)", "output_limit", ""),
    ("write_outside_scratch", _try("open('/etc/evil', 'w').write('x')") + _try("open('/usr/evil', 'w').write('x')")
     + _try("open('{here}/evil', 'w').write('x')") + _try("open('/tmp/../var/tmp/evil', 'w').write('x')")
     + "open('ok.txt', 'w').write('fine')\nprint(open('ok.txt').read())",
     "ok", "blocked\nblocked\nblocked\nblocked\nfine"),
    ("delete_outside_scratch", "import os, shutil\n" + _try("os.remove('/usr/bin/python3')") +
     _try("shutil.rmtree('/etc')"), "ok", "blocked\nblocked"),
    ("read_etc_shadow", _try("print(open('/etc/shadow').read()[:20])") + _try("open('/etc/passwd').read()"), "ok",
     "blocked\nblocked"),
    ("read_project_checkout", _try("open('{here}/hostile_programs.py').read()") + _try("open('{victim}').read()"),
     "ok", "blocked\nblocked"),
    ("read_parent_environment", "import os\nprint(sorted(os.environ))\nfound = []\ntry:\n    for p in os.listdir('/proc'):\n"
     "        try:\n            found.append(open(f'/proc/{p}/environ').read())\n        except OSError:\n            pass\n"
     "except OSError:\n    pass\nprint('read a secret' if any('COTFORGE_SECRET' in e for e in found) else 'no secret')",
     "ok", "no secret"),
    ("socket_to_loopback_listener", "import socket\n" + _try("socket.create_connection(('127.0.0.1', {port}), timeout=1)"),
     "ok", "blocked"),
    ("socket_to_internet", "import socket\n" + _try("socket.create_connection(('1.1.1.1', 53), timeout=1)"), "ok",
     "blocked"),
    ("unix_socket_to_host", "import socket\n" + _try("socket.socket(socket.AF_UNIX).connect('\\0cotforge-test')")
     + _try("socket.socket(socket.AF_NETLINK, socket.SOCK_RAW)"), "ok", "blocked\nblocked"),
    ("signals_to_parent", "import os, signal\nfor pid in (os.getppid(), 1, -1):\n    try:\n        os.kill(pid, signal.SIGTERM)\n"
     "    except OSError:\n        pass\nprint('still here')", "ok", "still here"),
    ("os_exit", "print('bye', flush=True)\nimport os\nos._exit(7)", "crashed", "bye"),
    ("sys_exit_zero", "print('done')\nraise SystemExit(0)", "ok", "done"),
    ("read_stdin_eof", "import sys\nprint(len(sys.stdin.read()))\ninput()", "crashed", "0"),
    ("ctypes_null_pointer", "import ctypes\nctypes.string_at(0)", "crashed", ""),
    ("ctypes_new_namespace", LIBC + "print('unshare', libc.unshare(0x10000000 | 0x20000), 'setuid', libc.setuid(0), "
     "'clone', libc.syscall(56, 0x10000000 | 0x11, 0, 0, 0, 0))", "ok", "unshare -1 setuid -1 clone -1"),
    ("ctypes_ptrace_parent", "import os\n" + LIBC +
     "print('attach', libc.ptrace(16, 1, 0, 0), libc.ptrace(16, os.getppid(), 0, 0))", "ok", "attach -1 -1"),
    ("thread_outlives_main", "import threading\nthreading.Thread(target=exec, args=('while True: pass',)).start()\n"
     "print('main done', flush=True)", "timeout", "main done"),
    ("daemon_thread_at_exit", "import threading, time\nthreading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n"
     "print('main done')", "ok", "main done"),
    ("sleep_past_wall", "import time\nprint('start', flush=True)\ntime.sleep(60)", "timeout", "start"),
    ("detached_background_process", "import subprocess\nsubprocess.Popen(['sleep', '987.5'], start_new_session=True)\n"
     "print('left it running')", "ok", "left it running"),
    ("too_many_open_files", "fs = []\ntry:\n    while True:\n        fs.append(open('f%d' % len(fs), 'w'))\n"
     "except OSError as e:\n    print('stopped at', type(e).__name__)", "ok", "stopped at OSError"),
    ("fill_scratch", "try:\n    with open('big', 'wb') as f:\n        while True:\n            f.write(b'x' * 2**20)\n"
     "except OSError as e:\n    print('full', e.errno)", "ok", "full"),
    ("deep_directory_nesting", "import os\nfor _ in range(300):\n    os.mkdir('d')\n    os.chdir('d')\nprint('deep')",
     "ok", "deep"),
    ("raise_own_limits", "import resource\n" + _try("resource.setrlimit(resource.RLIMIT_CPU, (10**6, 10**6))"), "ok",
     "blocked"),
    ("keyboard_interrupt", "raise KeyboardInterrupt", "crashed", ""),
    # the fallback's escapes (issue 13): the host must never follow a path the job controls
    ("symlinks_to_host_files", "import os\nos.symlink('{victim}', 'link')\nos.symlink('{victim_dir}', 'dirlink')\n"
     "os.mkdir('sub')\nos.symlink('{victim_dir}', 'sub/deeper')\nos.chmod('sub', 0)\n"
     + _try("os.chmod('link', 0o777)") + "print('linked')", "ok", "blocked\nlinked"),
    ("replace_own_folder_with_symlink", "import os\nhere = os.getcwd()\n"
     "for old, new in ((here, here + '.moved'), (os.path.dirname(here), here + '.gone')):\n    try:\n"
     "        os.rename(old, new)\n    except OSError:\n        pass\n"
     "for link in (here, os.path.join(os.path.dirname(here), 'main.py'), os.path.dirname(here)):\n    try:\n"
     "        os.symlink('{victim_dir}', link)\n    except OSError:\n        pass\nprint('tried')", "ok", "tried"),
    # host memory outside RLIMIT_AS, and objects that outlive a process (issue 13)
    ("sysv_shared_memory_2gb", LIBC + "print('shmget', libc.shmget(0, 2 << 30, 0o1600))", "ok", "shmget -1"),
    ("memfd_2gb", "import os\n" + _try("fd = os.memfd_create('x')\n    os.ftruncate(fd, 2 << 30)\n"
                                        "    os.write(fd, b'x' * (1 << 20))"), "ok", "blocked"),
    ("dev_shm_2gb", _try("f = open('/dev/shm/bomb', 'wb')\n    [f.write(b'x' * (1 << 20)) for _ in range(2048)]"), "ok",
     "blocked"),
    ("grow_own_stdin", "import os\n" + _try("os.ftruncate(0, 2 << 30)") + _try("os.write(0, b'x' * (1 << 20))"), "ok",
     "blocked\nblocked"),
    ("posix_message_queue", LIBC + "print('mq_open', libc.mq_open(b'/cotforge', 0o100 | 2, 0o600, None))", "ok",
     "mq_open -1"),
    ("keyring", LIBC + "import platform\nnr = {'x86_64': 248, 'aarch64': 217}[platform.machine()]\n"
     "print('add_key', libc.syscall(nr, b'user', b'k', b'secret', 6, -4))", "ok", "add_key -1"),
    ("io_uring", LIBC + "print('io_uring', libc.syscall(425, 8, ctypes.create_string_buffer(120)))", "ok", "io_uring -1"),
    # verdicts come from how the program ended, not from what it printed (issue 13)
    ("prints_memory_error", "import sys\nprint('MemoryError', file=sys.stderr)\nprint('Cannot allocate memory')\n"
     "sys.exit(1)", "crashed", "Cannot allocate memory"),
    ("lone_surrogate_in_source", "print('\ud800')", "crashed", ""),
    ("utf8_bom_source", "\ufeffprint('with a BOM')", "ok", "with a BOM"),
    ("exit_code_like_a_signal", "import sys\nprint('137')\nsys.exit(137)", "crashed", "137"),
]
