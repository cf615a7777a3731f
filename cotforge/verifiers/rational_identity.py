"""Whether a step state is the same rational function of one unknown as the posed expression, read exactly with
python-flint (the ``identity`` step check's fast route, ``math_steps._identity``).

Both texts are read by Python's grammar for ``+ - * /``, unary minus, brackets and whole powers into a formal
fraction N/D of ``fmpq_poly`` (a sum is N1 D2 + N2 D1 over D1 D2, a product N1 N2 over D1 D2, a power k of N/D is
N^k/D^k, or D^|k|/N^|k| when k < 0), and two fractions are the same exactly when N1 D2 == N2 D1. That is the verdict
of the sympy route (``ratfun.same_rational_function`` on the trees ``read_sstr`` or ``math_parse.expression`` build,
or ``math_read.equal`` after expanding): formal equality of rational functions, a cancelled common factor included
((x - 2)/(x - 2) is 1 there too, sympy cancels it when it builds the tree).

The reader is narrower than both sympy readers, so that wherever it reads a text they read it too, as the same
rational function: sympy's spacing (spaces only in `` + ``, `` - ``, `` * ``, `` / ``), whole numbers of at most 30
digits without leading zeros, the unknown (the first name), brackets at most ``MAX_DEPTH`` deep, a power only of a
non-constant base to a whole exponent of at most ``MAX_EXPONENT`` written as ``k``, ``-k``, ``(k)`` or ``(-k)``,
formal degrees at most ``MAX_DEGREE`` (the sympy route's own bound), no division by a zero polynomial. Anything else
(other names, functions, decimals, ``^``, implicit products, a number to a power, ...) is None: the sympy route
decides, as before.

:func:`simplified_verdict` is the same reader for the ``simplified`` answer kind's verification
(``math_exact.READERS``), after the general route's own LaTeX rewriting: "different", which the general route says
too, in the same words, for two rational functions that differ; and "equal and simplified" where the answer's
numerator and denominator are provably the ones the general route's form check splits (:func:`one_fraction`) and
their greatest common divisor is a constant.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import flint

from cotforge.core.answers import gold_answer
from cotforge.verifiers.implicit_read import sstr_form
from cotforge.verifiers.math_latex import normalize_formula
from cotforge.verifiers.math_parse import MAX_ANSWER_CHARS, NAMES, imaginary_unit
from cotforge.verifiers.sstr_read import tokenize

_TOKEN = re.compile(r" \+ | - | \* | / |\*\*|[-*/()]|\d{1,30}(?!\d)|[A-Za-z_]\w*")
_NAME = re.compile(r"[A-Za-z_]\w*")
_PRODUCTS = ("*", "/", " * ", " / ")
MAX_DEPTH = 16
MAX_EXPONENT = 60
MAX_DEGREE = 60
"""Formal degree bounds over this are left to the sympy route (``ratfun.MAX_DEGREE``)."""
MAX_CHARS = 2000
MAX_SIGNS = 8

Fraction_ = tuple[flint.fmpq_poly, flint.fmpq_poly, int, int]
"""(numerator, denominator (never the zero polynomial), bound on the numerator's degree, on the denominator's)."""


class _Refused(Exception):
    pass


def same_rational_text(state: str, posed: object, names: tuple[str, ...]) -> bool | None:
    """True when ``state`` and ``posed`` are the same rational function of ``names[0]``, False when not, None when
    either is outside this reader (the caller's sympy route decides)."""
    if not names or not isinstance(posed, str) or not _plain_name(names[0]):
        return None
    a, b = read_rational(state, names[0]), read_rational(posed, names[0])
    if a is None or b is None:
        return None
    if max(a[2] + b[3], b[2] + a[3]) > MAX_DEGREE:
        return None  # the sympy route's bound (ratfun.MAX_DEGREE): beyond it, as before
    return bool(a[0] * b[1] == b[0] * a[1])


@lru_cache(maxsize=8192)
def read_rational(text: str, unknown: str) -> Fraction_ | None:
    """``text`` as a formal fraction of polynomials in ``unknown``, or None (remembered: a problem's posed expression
    and its search's states are asked about again and again)."""
    if len(text) > MAX_CHARS:
        return None
    if text[:1] == "(" and _wrapped(text):  # "(E)" reads as E: an answer is its last step's state in brackets
        return read_rational(text[1:-1], unknown)
    tokens = tokenize(_TOKEN, text)
    if tokens is None:
        return None
    try:
        return _read(tokens, unknown)
    except _Refused:
        return None


def _wrapped(text: str) -> bool:
    """Whether the first bracket closes at the last character, and no bracket is nested past ``MAX_DEPTH`` (so the
    depth bound refuses neither ``(E)`` nor ``E``)."""
    depth = deepest = 0
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == ")":
            depth -= 1
            if depth == 0 and i != last:
                return False
    return depth == 0 and deepest <= MAX_DEPTH and text[-1] == ")"


def _read(tokens: list[str], unknown: str) -> Fraction_:
    """The fraction of the whole token list; raises _Refused anywhere outside the grammar (see the module). One pass
    with the position in a closure and an end marker, as ``domains.latex`` reads: this runs for every step state."""
    toks: list[str | None] = [*tokens, None]
    at = 0

    def sum_(depth: int) -> Fraction_:  # term ((' + '|' - ') term)*
        nonlocal at
        if depth > MAX_DEPTH:
            raise _Refused
        n1, d1, a1, b1 = term(depth)
        while (token := toks[at]) == " + " or token == " - ":
            at += 1
            n2, d2, a2, b2 = term(depth)
            if token == " - ":
                n2 = -n2
            if d1 != d2:
                n1, d1 = n1 * d2 + n2 * d1, d1 * d2
            else:
                n1 = n1 + n2
            a1, b1 = max(a1 + b2, a2 + b1), b1 + b2
            _bounded(a1, b1)
        return n1, d1, a1, b1

    def term(depth: int) -> Fraction_:  # factor (('*'|'/') factor)*
        nonlocal at
        n1, d1, a1, b1 = factor(depth)
        while (token := toks[at]) in _PRODUCTS:
            at += 1
            n2, d2, a2, b2 = factor(depth)
            if token == "/" or token == " / ":
                if n2.is_zero():
                    raise _Refused  # division by the zero polynomial: the sympy route decides
                n2, d2, a2, b2 = d2, n2, b2, a2
            n1, d1, a1, b1 = n1 * n2, d1 * d2, a1 + a2, b1 + b2
            _bounded(a1, b1)
        return n1, d1, a1, b1

    def factor(depth: int) -> Fraction_:  # '-'* power
        nonlocal at
        signs = 0
        while toks[at] == "-":
            at += 1
            signs += 1
            if signs > MAX_SIGNS:
                raise _Refused
        n, d, a, b = power(depth)
        return (-n if signs % 2 else n), d, a, b

    def power(depth: int) -> Fraction_:  # atom ['**' exponent]
        nonlocal at
        n, d, a, b = atom(depth)
        if toks[at] != "**":
            return n, d, a, b
        at += 1
        k = exponent()
        if n * d.derivative() == n.derivative() * d:
            raise _Refused  # a constant base (a number, or 0/(x + 1)): the sympy route's size checks decide
        if k >= 0:
            n, d, a, b = n**k, d**k, k * a, k * b
        else:
            n, d, a, b = d**-k, n**-k, -k * b, -k * a
        _bounded(a, b)
        return n, d, a, b

    def exponent() -> int:
        """A whole exponent written ``k``, ``-k``, ``(k)`` or ``(-k)``, at most ``MAX_EXPONENT`` either way."""
        nonlocal at
        bracket = toks[at] == "("
        if bracket:
            at += 1
        minus = toks[at] == "-"
        if minus:
            at += 1
        token = toks[at]
        if token is None or not token.isdigit() or (len(token) > 1 and token[0] == "0") or len(token) > 3:
            raise _Refused
        at += 1
        if bracket:
            if toks[at] != ")":
                raise _Refused
            at += 1
        if toks[at] == "**":
            raise _Refused  # x**2**3: a power of a number in the exponent
        k = int(token)
        if k > MAX_EXPONENT:
            raise _Refused
        return -k if minus else k

    def atom(depth: int) -> Fraction_:
        nonlocal at
        token = toks[at]
        if token is None:
            raise _Refused
        at += 1
        if token.isdigit():
            if len(token) > 1 and token[0] == "0":
                raise _Refused
            return flint.fmpq_poly([int(token)]), _ONE, 0, 0
        if token == "(":
            value = sum_(depth + 1)
            if toks[at] != ")":
                raise _Refused
            at += 1
            return value
        if token == unknown:
            return _X, _ONE, 1, 0
        raise _Refused

    value = sum_(0)
    if toks[at] is not None:
        raise _Refused
    return value


_ONE = flint.fmpq_poly([1])
_X = flint.fmpq_poly([0, 1])


def _plain_name(name: object) -> bool:
    """An unknown's name no reader gives another meaning (a function, a constant, ``e`` or ``i``)."""
    return isinstance(name, str) and _NAME.fullmatch(name) is not None and name not in NAMES and name not in (
        "e", "i", "zoo", "nan", "Integral", "Derivative")


def _bounded(n: int, m: int) -> None:
    if n > MAX_DEGREE or m > MAX_DEGREE:
        raise _Refused


def simplified_verdict(data: dict, gold: str, text: str, names: Sequence[str]) -> bool | None:
    """An exact reader for the ``simplified`` answer kind (``math_exact.READERS``): False when the final answer
    ``text`` and the ``gold`` are both rational functions this module reads and they differ; True when they are equal
    and ``text`` is one fraction with nothing left to cancel, in a shape whose split into numerator and denominator
    is the general route's own (:func:`one_fraction`); None otherwise (the general route decides, and words why an
    equal answer is not in the asked form).

    Both are taken through the general route's own rewriting (``gold_answer`` for the gold, ``normalize``,
    ``imaginary_unit``, ``implicit_read.sstr_form``) before ``read_rational``; where that reads them, the general
    route reads them too, as the same rational functions, and ``math_read.equal`` decides rational functions
    formally: it rejects exactly these, with the same words."""
    if len(names) != 1 or not _plain_name(names[0]):
        return None
    try:
        written = _latex_written(text, names[0])
        given = None if written is None else read_rational(written, names[0])
        expected = _latex_rational(gold_answer(gold), names[0]) if given is not None else None
    except (ValueError, ArithmeticError, TypeError, RecursionError):
        return None
    if given is None or expected is None or max(given[2] + expected[3], expected[2] + given[3]) > MAX_DEGREE:
        return None
    if given[0] * expected[1] != expected[0] * given[1]:
        return False
    assert written is not None
    return True if one_fraction(written) and given[0].gcd(given[1]).degree() <= 0 else None


def one_fraction(written: str) -> bool:
    """Whether ``read_rational``'s formal numerator and denominator of ``written`` are the ones the general route's
    form check takes (``sympy.fraction(exact=True)`` of the unevaluated tree ``math_parse.expression`` builds).

    That tree flattens products and quotients through brackets into one product whose ``Pow(b, -1)`` factors are the
    denominator, and keeps a sum whole. So the two splits agree when every ``/`` stands in that product: not inside
    a bracketed sum, a power's base, a divisor, or a sum at the top (whose terms the form check would find
    fractional), and not before a sign; and no power is negative (a hidden division; never written by the
    project, left to the general route). Without any ``/`` both take the whole text over 1."""
    tokens = tokenize(_TOKEN, written)
    if tokens is None:
        return False
    enclosing: list[int] = []
    sums: set[int] = set()
    closes: dict[int, int] = {}
    stack = [-1]
    for i, token in enumerate(tokens):
        if token == ")":
            if len(stack) == 1:
                return False
            closes[stack.pop()] = i
        enclosing.append(stack[-1])
        if token == "(":
            stack.append(i)
        elif token in (" + ", " - "):
            sums.add(stack[-1])
        elif token == "**" and (tokens[i + 1: i + 2] == ["-"] or tokens[i + 1: i + 3] == ["(", "-"]):
            return False
    slashes = [i for i, t in enumerate(tokens) if t in ("/", " / ")]
    if len(stack) != 1 or (slashes and -1 in sums):
        return False
    for i in slashes:
        if tokens[i + 1: i + 2] == ["-"]:
            return False
        bracket = enclosing[i]
        while bracket != -1:
            after = tokens[closes[bracket] + 1: closes[bracket] + 2]
            if bracket in sums or tokens[bracket - 1: bracket] in (["/"], [" / "]) or after == ["**"]:
                return False
            bracket = enclosing[bracket]
    return True


@lru_cache(maxsize=4096)
def _latex_written(text: str, unknown: str) -> str | None:
    """An answer's LaTeX as ``math_read.read`` rewrites it for a formula kind (``sstr_form``'s text); None when it is
    outside (a stated ``f(x) = ...``, anything over ``MAX_ANSWER_CHARS``, anything ``sstr_form`` refuses)."""
    plain = normalize_formula(text)
    if len(plain) > MAX_ANSWER_CHARS or "=" in plain:
        return None
    return sstr_form(imaginary_unit(plain, [unknown]), (unknown,))


@lru_cache(maxsize=4096)
def _latex_rational(text: str, unknown: str) -> Fraction_ | None:
    """An answer's LaTeX read by ``read_rational`` after the general route's rewriting (:func:`_latex_written`)."""
    written = _latex_written(text, unknown)
    return None if written is None else read_rational(written, unknown)
