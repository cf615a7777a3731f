"""Hostile programs for the sandbox suite: (name, source, expected status, what stdout must contain).

``{port}`` is the loopback listener the test starts; ``{here}`` is a host folder (the test checkout).
"""

from __future__ import annotations

TRY = "try:\n    {act}\n    print('ESCAPED')\nexcept BaseException as e:\n    print('blocked', type(e).__name__)\n"


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
     + _try("open('{here}/evil', 'w').write('x')") + "open('ok.txt', 'w').write('fine')\nprint(open('ok.txt').read())",
     "ok", "blocked OSError\nblocked OSError\nblocked FileNotFoundError\nfine"),
    ("delete_outside_scratch", "import os, shutil\n" + _try("os.remove('/usr/bin/python3')") +
     _try("shutil.rmtree('/etc')"), "ok", "blocked"),
    ("read_etc_shadow", _try("print(open('/etc/shadow').read()[:20])") + _try("open('/etc/passwd').read()"), "ok",
     "blocked FileNotFoundError\nblocked FileNotFoundError"),
    ("read_project_checkout", _try("open('{here}/hostile_programs.py').read()") + "import os\nprint(os.listdir('/'))",
     "ok", "blocked FileNotFoundError"),
    ("read_parent_environment", "import os\nprint(sorted(os.environ))\nfor p in os.listdir('/proc'):\n    try:\n"
     "        print(p, open(f'/proc/{p}/environ').read())\n    except OSError:\n        pass", "ok",
     "['HOME', 'LANG', 'PATH'"),
    ("socket_to_loopback_listener", "import socket\n" + _try("socket.create_connection(('127.0.0.1', {port}), timeout=1)"),
     "ok", "blocked ConnectionRefusedError"),
    ("socket_to_internet", "import socket\n" + _try("socket.create_connection(('1.1.1.1', 53), timeout=1)"), "ok",
     "blocked OSError"),
    ("signals_to_parent", "import os, signal\nfor pid in (os.getppid(), 1, -1):\n    try:\n        os.kill(pid, signal.SIGTERM)\n"
     "    except OSError:\n        pass\nprint('still here')", "ok", "still here"),
    ("os_exit", "print('bye', flush=True)\nimport os\nos._exit(7)", "crashed", "bye"),
    ("sys_exit_zero", "print('done')\nraise SystemExit(0)", "ok", "done"),
    ("read_stdin_eof", "import sys\nprint(len(sys.stdin.read()))\ninput()", "crashed", "0"),
    ("ctypes_null_pointer", "import ctypes\nctypes.string_at(0)", "crashed", ""),
    ("ctypes_new_namespace", "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
     "print('unshare', libc.unshare(0x10000000), 'setuid', libc.setuid(0))", "ok", "unshare -1 setuid -1"),
    ("ctypes_ptrace_parent", "import ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\n"
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
    ("deep_directory_nesting", "import os\nfor _ in range(3000):\n    os.mkdir('d')\n    os.chdir('d')\nprint('deep')",
     "ok", "deep"),
    ("raise_own_limits", "import resource\n" + _try("resource.setrlimit(resource.RLIMIT_CPU, (10**6, 10**6))"), "ok",
     "blocked ValueError"),
    ("keyboard_interrupt", "raise KeyboardInterrupt", "crashed", ""),
]
