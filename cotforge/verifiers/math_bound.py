"""Bounds on a verification: a wall-clock limit, and sizes of numbers before they are computed.

:func:`log10_bounds` bounds the size of a number from its unevaluated sympy tree
(powers, ``exp``, factorials and binomial coefficients included), so that
:mod:`math_parse` can refuse an expression bomb before sympy evaluates it.

:func:`bounded` runs a verification without signals (which fail outside the main thread). Each calling thread hands its work to its own daemon worker thread and waits at
most ``seconds``. On time-out the caller gets ``None`` at once and the worker is
abandoned (a daemon thread never blocks the interpreter from exiting) and
replaced. A forked child process starts its own workers (threads do not survive
a fork). The input guards in :mod:`math_parse` keep such time-outs rare; this is
the safety net behind them: a computation that holds the interpreter lock (one
huge integer power) would stall the waiting caller too, which is why the guards
refuse those before they start.
"""

from __future__ import annotations

import math
import os
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import sympy

T = TypeVar("T")
_local = threading.local()


class _Worker:
    def __init__(self) -> None:
        self.pid = os.getpid()
        self.jobs: queue.Queue = queue.Queue()
        threading.Thread(target=self._run, name="math-verify", daemon=True).start()

    def _run(self) -> None:
        while True:
            fn, box, done = self.jobs.get()
            try:
                box.append((True, fn()))
            except BaseException as exc:  # handed back to the caller, who re-raises it
                box.append((False, exc))
            done.set()


def bounded(fn: Callable[[], T], seconds: float) -> tuple[bool, T | None]:
    """``(True, fn())`` if it finishes within ``seconds``; ``(False, None)`` if not. Exceptions propagate."""
    worker = getattr(_local, "worker", None)
    if worker is None or worker.pid != os.getpid():  # none yet, or inherited through a fork without its thread
        worker = _local.worker = _Worker()
    box: list[tuple[bool, Any]] = []
    done = threading.Event()
    worker.jobs.put((fn, box, done))
    if not done.wait(seconds):
        _local.worker = None  # abandon the busy worker; the next call starts a fresh one
        return False, None
    finished, value = box[0]
    if not finished:
        raise value
    return True, value


_INF = float("inf")
_LOG10_E = math.log10(math.e)


def log10_bounds(node: sympy.Basic) -> tuple[float, float]:
    """Bounds ``(up, down)`` with ``-down <= log10|value| <= up`` for a numeric subtree, without evaluating it.

    Only numbers written in the text (at most a few hundred digits) and sums, products,
    powers and functions of them reach here. A sum may cancel down to about one part in
    10^300 of its terms, so its ``down`` allows for that.
    """
    if node.is_Rational:  # 2^(bits-1) <= n < 2^bits, and 0.30103 > log10(2)
        p_bits, q_bits = abs(int(node.p)).bit_length(), int(node.q).bit_length()
        if p_bits == 0:
            return 0.0, 1.0
        return (p_bits - q_bits + 1) * 0.30103, (q_bits - p_bits + 1) * 0.30103
    if node.is_Float:
        size = float(sympy.log(abs(node), 10)) if node != 0 else 0.0
        return size + 1, 1 - size
    if node.is_Pow:
        base, exponent = node.args
        b_up, b_down = log10_bounds(base)
        e_up = log10_bounds(exponent)[0]
        if e_up > 300:
            return _INF, _INF
        if exponent.is_Rational or (exponent.is_Mul and all(a.is_Rational for a in exponent.args)):
            e = sympy.Mul(*exponent.args) if exponent.is_Mul else exponent  # "-30" is Mul(-1, 30) unevaluated
            return (b_up * abs(float(e)), b_down * abs(float(e))) if e >= 0 else (b_down * abs(float(e)), b_up * abs(float(e)))
        size = max(abs(b_up), abs(b_down)) * 10.0**e_up
        return size, size
    if isinstance(node, (sympy.factorial, sympy.binomial)):
        size = _combinatorial_digits(node) + 1
        return size, size
    if not node.args:
        return 1.0, 1.0  # pi, E, I
    parts = [log10_bounds(a) for a in node.args]
    if node.is_Mul:
        return sum(u for u, _ in parts), sum(d for _, d in parts)
    if node.is_Add:  # |a + b + ...| <= n * max; a sum may cancel down to about 10^-300 of its terms
        return max(u for u, _ in parts) + math.log10(len(parts)), max(d for _, d in parts) + 300
    size = max(max(abs(u), abs(d)) for u, d in parts)
    if isinstance(node, sympy.exp):  # exp(a) has about 0.43 * a digits
        size = 10.0 ** max(u for u, _ in parts) if max(u for u, _ in parts) < 300 else _INF
    return size + 1, size + 1


def _combinatorial_digits(node: sympy.Basic) -> float:
    """About ``log10`` of ``n!`` or ``C(n, k)``: exact for written integers, else from the bound on ``n`` (and ``k``)."""
    args = node.args
    if all(a.is_Integer and 0 <= a < 10**12 for a in args):
        n, k = int(args[0]), int(args[-1])
        if isinstance(node, sympy.factorial):
            return math.lgamma(n + 1) * _LOG10_E
        return 0.0 if k > n else (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)) * _LOG10_E
    ups = [max(log10_bounds(a)[0], 0.0) for a in args]  # |n| <= 10^up
    if isinstance(node, sympy.factorial):  # n! <= n^n
        return ups[0] * 10.0 ** ups[0] if ups[0] < 300 else _INF
    return (max(ups) + 1) * 10.0 ** ups[1] if ups[1] < 300 else _INF  # C(n, k) <= (|n| + k)^k
