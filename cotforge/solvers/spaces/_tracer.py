"""The tracer that runs untrusted programs line by line inside the sandbox (source text): ``TRACER`` for the program,
``MISREAD_TRACER`` for a misread copy of it, ``MISREAD_BATCH`` for several misread copies in one run."""

from cotforge.domains.code_harness import MARK

# Runs in the sandbox with the program on stdin. frames[f] = [pending line, call depth, locals
# before it]; a line's event is written when the frame's next line starts or the frame returns.
_TEXT = r'''import io, json, sys
SRC, MAXEV, out, events, frames, full = sys.stdin.read(), 20000, io.StringIO(), [], {}, [False]
def short(v):
    try: r = repr(v)
    except Exception: r = "?"
    return r if len(r) <= 60 else r[:57] + "..."
def snap(f):
    return {k: short(v) for k, v in f.f_locals.items()
            if k[:2] != "__" and not callable(v) and type(v).__name__ != "module"}
def mine(c):
    return c.co_filename == "<program>" and (c.co_name == "<module>" or c.co_name[0] != "<")
def emit(f, **kw):
    if len(events) >= MAXEV: full[0] = True@STOP@
    else: events.append(dict(kw, depth=frames[f][1], func=f.f_code.co_name, out=len(out.getvalue())))
def finish(f, nxt, **kw):
    line, _, before = frames[f]
    now = snap(f)
    if line is not None:
        changed = {k: v for k, v in now.items() if before.get(k) != v}
        emit(f, ev="line", line=line, next=nxt, vars=now, changed=changed, **kw)
    return now
def local(f, ev, arg):
    if full[0]: return None
    if ev == "line": frames[f][::2] = [f.f_lineno, finish(f, f.f_lineno)]
    elif ev == "return":
        finish(f, None, **({"ret": short(arg)} if frames[f][1] else {}))
        frames.pop(f, None)
    return local
def glob(f, ev, arg):
    if ev != "call" or full[0] or not mine(f.f_code): return None
    depth, b = 0, f.f_back
    while b is not None: depth, b = depth + mine(b.f_code), b.f_back
    frames[f] = [None, depth, {}]
    if depth: emit(f, ev="call", line=f.f_lineno, vars=snap(f))
    return local
real, sys.stdout, error = sys.stdout, out, None
sys.settrace(glob)
try: exec(compile(SRC, "<program>", "exec"), {"__name__": "__main__", "__builtins__": __builtins__})
except SystemExit: pass
except BaseException as e:
    tb, where = e.__traceback__, None
    while tb is not None:
        where, tb = tb.tb_lineno if tb.tb_frame.f_code.co_filename == "<program>" else where, tb.tb_next
    error = {"type": type(e).__name__, "message": str(e), "line": where}
finally: sys.settrace(None); sys.stdout = real
print(json.dumps({"events": events, "output": out.getvalue(), "error": error, "truncated": full[0]}))
'''

TRACER = _TEXT.replace("@STOP@", "")
"""Past ``MAXEV`` traced events the program runs on untraced to its end (its output is the answer)."""
MISREAD_TRACER = _TEXT.replace("@STOP@", "; __import__('os')._exit(3)")
"""Past ``MAXEV`` traced events the run ends there (exit status 3): a misread program that far from its end is taken as
never ending, as one that runs out of CPU time is, at a tenth of the cost or less (0.08-0.2 s, against the CPU second
an endless loop used). No misread run that ended came near it: at most 3,259 events in 1,538."""

_BATCH_TRACER = _TEXT.replace("@STOP@", "; cut[0] = True; raise SystemExit")
"""``MISREAD_TRACER`` as a batch runs it: the run is marked cut and the program stopped (the tracer's own ``except
SystemExit`` ends it, and a trace function that raises is unset) where the other ends its process."""

MISREAD_BATCH = ("_TRACER = " + repr(_BATCH_TRACER) + "\nMARK = " + repr(MARK) + "\n" + r'''import io, json, sys, time
_LIMITS = json.loads(sys.stdin.readline())
_programs = json.loads(sys.stdin.read())
sys.setrecursionlimit(sys.getrecursionlimit() + 1)  # a program runs one frame deeper than under a run of its own
_results, _streams = [], (sys.stdin, sys.stdout, sys.stderr)
for _source in _programs:
    _ns = {"__name__": "__main__", "cut": [False]}
    _cap, _err = io.StringIO(), io.StringIO()
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(_source), _cap, _err
    _cpu, _wall = time.process_time(), time.monotonic()
    try:
        exec(_TRACER, _ns)
        _state = "cut" if _ns["cut"][0] else "ok"
    except BaseException:
        _state = "unknown"
    finally:
        sys.stdin, sys.stdout, sys.stderr = _streams
    _text = _cap.getvalue()
    if (_err.getvalue() or _state == "ok" and len(_text.encode("utf-8", "surrogateescape")) > _LIMITS["output"]
            or time.process_time() - _cpu > _LIMITS["cpu"] or time.monotonic() - _wall > _LIMITS["wall"]):
        _state = "unknown"  # what its own run would do is not known here: that run decides
    _results.append([_state, _text if _state == "ok" else ""])
    del _ns, _cap, _err, _text
print("\n" + MARK + json.dumps(_results))
''')
"""Runs misread copies one after another in fresh namespaces, each as ``MISREAD_TRACER`` would on its own. Reads a
line of limits ({"output": bytes, "cpu": s, "wall": s}) and a JSON list of programs; prints a marked JSON list of
[state, output] after the harnesses' ``MARK`` (``code_harness.parse`` reads it): "ok" with what the tracer printed, "cut" (it stopped at the event cap, where its own run exits
before printing), or "unknown" (the tracer raised, or the program wrote to stderr, printed more than its run may, or
used more than half its CPU or wall time: its own run must decide)."""
