"""A quick float check that a wrong differentiation step changes the derivative's values, for the differentiation
space: ``calculus._values`` (``doit`` of the pending derivatives, then 20-digit values at three points) decides the
same question exactly but costs a sympy derivative and evaluation per state.

:func:`clearly_changes` evaluates both expressions at the sample points in complex floats, the pending
``Derivative(u, x)`` nodes by forward-mode differentiation (value and derivative carried together), and answers True
only when at some point the real parts differ by more than a millionth of the largest magnitude met in either
evaluation (float error is some 1e-13 of it), and every value of the state is finite and below 1e100: then the exact
route finds values for the state and different values, rounded to 9 places, for the step. Anything else (a node
outside sums, products, powers, sin, cos, exp, log and first derivatives of those; a division by zero; values that
are close) is None, and the exact route decides. ``tests/solvers/spaces/test_calc_values.py`` compares the decisions
with the exact route's on the space's states.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Callable

import sympy

_LIMIT = 1e100
_MARGIN = 1e-6


class _Unsure(Exception):
    """Outside what this check evaluates: the exact route decides."""


class _Eval:
    """Values of one expression at one point, remembering the largest magnitude met (the float error's scale)."""

    def __init__(self, x: sympy.Symbol, point: float) -> None:
        self.x, self.point, self.largest = x, point, 1.0

    def _seen(self, value: complex) -> complex:
        size = abs(value)
        if not size < _LIMIT:  # also NaN
            raise _Unsure
        self.largest = max(self.largest, size)
        return value

    def value(self, node: sympy.Basic) -> complex:
        if node.is_Rational:
            return self._seen(complex(int(node.p) / int(node.q)))
        if node == self.x:
            return complex(self.point)
        if node.is_Add:
            return self._seen(sum((self.value(a) for a in node.args), 0j))
        if node.is_Mul:
            out = 1 + 0j
            for a in node.args:
                out = self._seen(out * self.value(a))
            return out
        if node.is_Pow:
            return self._seen(_power(self.value(node.base), node.exp, self.value(node.exp)))
        if isinstance(node, sympy.Derivative):
            if node.variables != (self.x,):
                raise _Unsure
            return self.dual(node.expr)[1]
        if len(node.args) == 1 and type(node) in _FUNCTIONS:
            return self._seen(_FUNCTIONS[type(node)][0](self.value(node.args[0])))
        raise _Unsure

    def dual(self, node: sympy.Basic) -> tuple[complex, complex]:
        """(value, derivative in x) of a node without pending derivatives."""
        if node.is_Rational:
            return self._seen(complex(int(node.p) / int(node.q))), 0j
        if node == self.x:
            return complex(self.point), 1 + 0j
        if node.is_Add:
            parts = [self.dual(a) for a in node.args]
            return self._seen(sum((v for v, _ in parts), 0j)), self._seen(sum((d for _, d in parts), 0j))
        if node.is_Mul:
            value, slope = 1 + 0j, 0j
            for a in node.args:
                v, d = self.dual(a)
                value, slope = self._seen(value * v), self._seen(slope * v + value * d)
            return value, slope
        if node.is_Pow:
            (b, db), (e, de) = self.dual(node.base), self.dual(node.exp)
            value = self._seen(_power(b, node.exp, e))
            if b == 0:
                raise _Unsure
            return value, self._seen(value * (de * cmath.log(b) + e * db / b))
        if len(node.args) == 1 and type(node) in _FUNCTIONS:
            function, derivative = _FUNCTIONS[type(node)]
            v, d = self.dual(node.args[0])
            return self._seen(function(v)), self._seen(derivative(v) * d)
        raise _Unsure


def _power(base: complex, exponent: sympy.Basic, value: complex) -> complex:
    """``base ** exponent`` on the principal branch, as sympy evaluates it."""
    if exponent.is_Integer:
        if base == 0 and exponent.is_negative:
            raise _Unsure
        return base ** int(exponent)
    if base == 0:
        raise _Unsure
    return cmath.exp(value * cmath.log(base))


def _log(value: complex) -> complex:
    if value == 0:
        raise _Unsure
    return cmath.log(value)


def _reciprocal(value: complex) -> complex:
    if value == 0:
        raise _Unsure
    return 1 / value


_FUNCTIONS: dict[type, tuple[Callable[[complex], complex], Callable[[complex], complex]]] = {
    sympy.sin: (cmath.sin, cmath.cos),
    sympy.cos: (cmath.cos, lambda v: -cmath.sin(v)),
    sympy.exp: (cmath.exp, cmath.exp),
    sympy.log: (_log, _reciprocal),
}


def clearly_changes(state: sympy.Expr, step: sympy.Expr, x: sympy.Symbol, points: tuple[float, ...]) -> bool | None:
    """True when ``step``'s values (pending derivatives done) clearly differ from ``state``'s at some point and the
    state's values are all finite; None when unsure (never False: closeness is not equality)."""
    differs = False
    try:
        for point in points:
            left, right = _Eval(x, point), _Eval(x, point)
            a = left.value(state)
            try:
                b = right.value(step)
            except (_Unsure, ZeroDivisionError, OverflowError, ValueError):
                continue  # the step's value is unknown here; the state's must still be finite at every point
            scale = max(left.largest, right.largest)
            if math.isfinite(b.real) and abs(a.real - b.real) > _MARGIN * scale:
                differs = True
    except (_Unsure, ZeroDivisionError, OverflowError, ValueError):
        return None
    return True if differs else None
