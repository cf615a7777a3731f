"""Reading math answers the way people and models write them, safely.

Text is normalised first (:mod:`math_latex`: ``\\boxed{}``, "the answer is …", LaTeX fractions
and roots, mixed numbers, percents, thousands separators, Unicode signs), then only a
whitelist of characters and names reaches sympy's parser, because it evaluates
Python. Powers with huge exponents, and numbers past 100,000 digits, are refused
before sympy evaluates them (from bounds on the unevaluated tree, see
:func:`math_bound.log10_bounds`), so an expression bomb is an error, not a hang.

Counting answers: ``5!``, ``(n+1)!``, ``\\binom{7}{3}`` (also ``\\dbinom``, ``\\tbinom``,
``{7 \\choose 3}``) read as exact factorials and binomial coefficients of nonnegative
integers (any other number is refused, not read through the gamma function); ``n!!``
and ``!=`` stay unreadable. ``C(7, 3)`` and ``nCr`` are not read: ``C`` is as often a
constant or a point. Repeating decimals (``0.\\overline{3}``, ``0.1\\bar{6}``, ``0.(3)``,
``2.1(36)``) are exact fractions; a bracket counts only right after a decimal's digits
(``0.5 (3)`` and ``2(3)`` stay products). ``0.333...`` is not a repeating decimal
(which block repeats is a guess): it reads as the plain decimal before the dots.
"""

from __future__ import annotations

import builtins
import math
import re
import types
from functools import lru_cache
from tokenize import TokenError as TokenizeError
from typing import TYPE_CHECKING

import sympy
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    rationalize,
    standard_transformations,
)

from cotforge.verifiers.math_bound import log10_bounds
from cotforge.verifiers.implicit_read import read_implicit

if TYPE_CHECKING:  # at run time it comes through the module's __getattr__ below
    from cotforge.verifiers.math_latex import normalize as normalize

_TRANSFORMS = standard_transformations + (implicit_multiplication_application, convert_xor, rationalize)
_ALLOWED = re.compile(r"^[0-9a-zA-Z_+\-*/^().,{}\[\] =;]*$")
NAMES = {"sqrt", "pi", "E", "I", "oo", "or", "and", "sin", "cos", "tan", "sec", "csc", "cot", "exp", "log", "ln", "Abs",
          "factorial", "binomial"}
_FUNCTIONS = {"sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "sec": sympy.sec, "csc": sympy.csc, "cot": sympy.cot,
              "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "Abs": sympy.Abs}
MAX_ANSWER_CHARS = 300
MAX_NESTING = 40
MAX_EXPONENT = 10_000
MAX_DIGITS = 100_000
"""The largest number (in decimal digits, either way from 1) an answer may build with powers."""
MAX_COMBINATORIAL_DIGITS = 20_000
"""The largest factorial or binomial coefficient (in digits): ``5000!``, ``C(66000, 33000)``; computing more holds the GIL."""


def _namespace() -> dict:
    """The global names ``parse_expr`` gives an expression when it is handed none: everything in ``sympy``, Python's
    built-in functions, ``max``/``min`` as ``Max``/``Min``. Built once here: ``parse_expr`` builds the same dict with
    ``from sympy import *`` on every call (about 1 ms, most of a short answer's reading). The parsed code cannot
    assign names (only the characters of ``_ALLOWED`` reach it), so sharing the dict between calls changes nothing."""
    names: dict = {}
    exec("from sympy import *", names)  # noqa: S102 - a fixed statement, the one parse_expr runs
    names.update({k: v for k, v in vars(builtins).items() if isinstance(v, types.BuiltinFunctionType)})
    names.update(max=sympy.Max, min=sympy.Min)
    return names


_GLOBALS = _namespace()
_NUMBER = re.compile(r" *(-?) *(?:(0|[1-9]\d{0,99})|\(\((0|[1-9]\d{0,99})\)/\(([1-9]\d{0,99})\)\)) *")
"""An integer or a fraction of integers as normalising writes them (``-12``, ``-((99)/(2))``): read exactly, without
sympy's parser; a zero denominator, leading zeros or anything else take the parser's route."""


def _number(text: str) -> sympy.Rational | None:
    """The exact value of ``text`` when it is a plain integer or fraction; the same object ``parse_expr`` gives."""
    match = _NUMBER.fullmatch(text)
    if match is None:
        return None
    sign, whole, top, bottom = match.groups()
    value = sympy.Integer(int(whole)) if whole is not None else sympy.Rational(int(top), int(bottom))
    return -value if sign else value


_INT = r"(?:0|[1-9]\d{0,29})"
_MONOMIAL = re.compile(
    rf" *(?:(?P<c>{_INT}) *)?(?P<v>[A-Za-z]\w*)(?:\^\((?P<k>[1-9]\d?)\))? *"  # 9 x^(2), x, 3 y
    rf"| *\(\((?:(?P<fc>{_INT}) *)?(?P<fv>[A-Za-z]\w*)(?:\^\((?P<fk>[1-9]\d?)\))?\)/\((?P<fq>[1-9]\d{{0,29}})\)\) *"  # ((4 x^(3))/(3))
)
_TERMS = re.compile(r"(?:^|(?<= ))([-+]) (?=\S)")


def polynomial(text: str, names: tuple[str, ...]) -> sympy.Expr | None:
    """A sum of monomials as normalising writes them (``9 x^(2) - ((4 x^(3))/(3)) + 64``) built exactly, the same
    expression ``parse_expr`` gives; None for anything else (a product of brackets, a power of a sum, ...)."""
    if not any(n in text for n in names) or len(text) > MAX_ANSWER_CHARS:
        return None
    body = text.strip()
    sign = 1
    if body.startswith("-"):
        sign, body = -1, body[1:]
    pieces = _TERMS.split(body)  # [term, sign, term, sign, term, ...]
    terms = []
    for i in range(0, len(pieces), 2):
        piece = pieces[i]
        term_sign = sign if i == 0 else (1 if pieces[i - 1] == "+" else -1)
        number = _NUMBER.fullmatch(piece)
        if number is not None and not number.group(1):
            value = _number(piece)
            if value is None:
                return None
            terms.append(term_sign * value)
            continue
        match = _MONOMIAL.fullmatch(piece)
        if match is None:
            return None
        fraction = match.group("fv") is not None
        name = match.group("fv" if fraction else "v")
        if name not in names:
            return None
        coeff = sympy.Rational(int(match.group("fc" if fraction else "c") or 1), int(match.group("fq") or 1) if fraction else 1)
        terms.append(term_sign * coeff * sympy.Symbol(name) ** int(match.group("fk" if fraction else "k") or 1))
    return sympy.Add(*terms)


class AnswerParseError(ValueError):
    """The answer text is not a math expression this verifier can read."""


class AnswerTooHardError(AnswerParseError):
    """The text is readable but too costly to evaluate safely (an expression bomb)."""


def _guard(text: str) -> None:
    """Refuse what sympy could not evaluate in bounded time."""
    depth = deepest = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        deepest = max(deepest, depth)
    if deepest > MAX_NESTING:
        raise AnswerTooHardError(f"brackets nested {deepest} deep")
    plain = text.replace("**", "^")
    for exponent in re.findall(r"\^\s*\(?\s*-?(\d+)", plain):
        if len(exponent) > 6 or int(exponent) > MAX_EXPONENT:
            raise AnswerTooHardError(f"exponent {exponent[:12]} too large")


def _check_size(tree: sympy.Basic) -> None:
    """Refuse an unevaluated tree with a number too costly to evaluate (``9^9^9``, ``(10^300)^10000``, ``(10!)!``)."""
    for node in sympy.preorder_traversal(tree):
        costly = node.is_Pow or isinstance(node, (sympy.exp, sympy.factorial, sympy.binomial))
        if not costly or node.args[-1].free_symbols:
            continue
        if node.args[0].free_symbols:  # (x + 1)^n, C(x, k): only the exponent's (or k's) size matters
            if log10_bounds(node.args[1])[0] > 4:
                raise AnswerTooHardError("a power with a huge exponent")
            continue
        limit = MAX_DIGITS if node.is_Pow or isinstance(node, sympy.exp) else MAX_COMBINATORIAL_DIGITS
        if max(log10_bounds(node)) > limit:
            raise AnswerTooHardError(f"a number with more than {limit} digits")


def _factorial(n: sympy.Expr) -> sympy.Expr:
    """``n!`` of a nonnegative integer (or of a formula); any other number is refused, not read as a gamma value."""
    n = sympy.sympify(n)
    if n.free_symbols:
        return sympy.factorial(n)
    if not (n.is_Integer and n >= 0):
        raise AnswerParseError(f"factorial of {n}, which is not a nonnegative integer")
    return sympy.Integer(math.factorial(int(n)))


def _binomial(n: sympy.Expr, k: sympy.Expr) -> sympy.Expr:
    """``C(n, k)`` of nonnegative integers (or of formulas); any other numbers are refused."""
    n, k = sympy.sympify(n), sympy.sympify(k)
    if n.free_symbols or k.free_symbols:
        return sympy.binomial(n, k)
    if not (n.is_Integer and k.is_Integer and n >= 0 and k >= 0):
        raise AnswerParseError(f"binomial coefficient of {n} and {k}, which are not nonnegative integers")
    return sympy.Integer(math.comb(int(n), int(k)))


def expression(
    text: str, symbols: dict[str, sympy.Symbol], allow_free: bool = False, derivatives: bool = False, evaluate: bool = True
) -> sympy.Expr:
    """One sympy expression from already-normalised text; names outside the whitelist refused.

    ``derivatives`` also admits ``Derivative(u, x)`` and ``Integral(u, x)`` (a step's pending work);
    ``evaluate=False`` keeps the form as written (to tell factored from expanded).
    """
    return _expression(text, tuple(symbols), allow_free, derivatives, evaluate)


_BARE_NUMBERS = re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s+\.?\d")


@lru_cache(maxsize=8192)
def _expression(text: str, names: tuple[str, ...], allow_free: bool, derivatives: bool, evaluate: bool) -> sympy.Expr:
    if evaluate and (number := _number(text)) is not None:
        return number
    if evaluate and allow_free and (poly := polynomial(text, names)) is not None:
        return poly
    if evaluate and allow_free and not derivatives and (plain := read_implicit(text, names)) is not None:
        return plain  # the same expression, read without sympy's parser (implicit_read)
    symbols: dict = {n: sympy.Symbol(n) for n in names}
    if derivatives:
        symbols["Derivative"] = sympy.Derivative
        symbols["Integral"] = sympy.Integral
    if not text:
        raise AnswerParseError("empty answer")
    if not _ALLOWED.match(text):
        raise AnswerParseError(f"unexpected characters in {text!r}")
    adjacent = _BARE_NUMBERS.search(text)
    if adjacent:
        raise AnswerParseError(f"numbers side by side in {text!r} ({adjacent.group(0).strip()!r}): not multiplied, not joined")
    unknown = set(re.findall(r"[A-Za-z_]+", text)) - NAMES - set(symbols)
    if unknown:
        raise AnswerParseError(f"unknown names {sorted(unknown)} in {text!r}")
    _guard(text)
    local = {"E": sympy.E, "I": sympy.I, "pi": sympy.pi, "sqrt": sympy.sqrt, "oo": sympy.oo, **_FUNCTIONS, **symbols}
    inert = {"factorial": lambda n: sympy.factorial(n, evaluate=False), "binomial": lambda n, k: sympy.binomial(n, k, evaluate=False)}
    try:
        _check_size(parse_expr(text, local_dict={**local, **inert}, transformations=_TRANSFORMS, evaluate=False,
                                global_dict=_GLOBALS))
        local.update(factorial=_factorial, binomial=_binomial)
        value = parse_expr(text, local_dict=local, global_dict=_GLOBALS, transformations=_TRANSFORMS, evaluate=evaluate)
    except AnswerTooHardError:
        raise
    except (SyntaxError, TypeError, ValueError, AttributeError, IndexError, KeyError, OverflowError, sympy.SympifyError,
            TokenizeError, ZeroDivisionError) as exc:  # IndexError: sympy's tokenizer on some unbalanced brackets
        raise AnswerParseError(f"cannot parse {text!r}: {exc or type(exc).__name__}") from None
    if not isinstance(value, sympy.Expr):
        raise AnswerParseError(f"{text!r} is not a value")
    if value.free_symbols and not allow_free:
        raise AnswerParseError(f"answer {text!r} still contains {sorted(map(str, value.free_symbols))}")
    return value


def split_top(text: str, seps: tuple[str, ...] = (",", ";")) -> list[str]:
    """Split on separators that are not inside brackets; also on the words "or" and "and"."""
    text = re.sub(r"\s+(?:or|and)\s+", ",", text)
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += 1 if ch in "([{" else -1 if ch in ")]}" else 0
        if depth == 0 and ch in seps:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def unwrap(text: str, pairs: str = "(){}[]") -> str:
    """Drop one pair of enclosing brackets that spans the whole text."""
    for opener, closer in zip(pairs[::2], pairs[1::2]):
        if text.startswith(opener) and text.endswith(closer) and len(split_top(text[1:-1], ())) == 1:
            depth = 0
            for i, ch in enumerate(text):
                depth += 1 if ch in "([{" else -1 if ch in ")]}" else 0
                if depth == 0 and i < len(text) - 1:
                    break
            else:
                return text[1:-1].strip()
    return text


def assignments(parts: list[str], names: list[str]) -> dict[str, str] | None:
    """``["x = 1", "y = 2"]`` -> ``{"x": "1", "y": "2"}`` when every part names one of ``names``."""
    out: dict[str, str] = {}
    for part in parts:
        match = re.fullmatch(r"\s*([A-Za-z_]\w*)\s*=\s*(.+)", part)
        if not match or match.group(1) not in names or "=" in match.group(2):
            return None
        out[match.group(1)] = match.group(2)
    return out


def plus_minus(parts: list[str]) -> list[str]:
    """Each part with one ``±`` becomes two parts, one with ``+`` and one with ``-``."""
    out = []
    for part in parts:
        if part.count("±") == 1:
            out += [part.replace("±", "+"), part.replace("±", "-")]
        else:
            out.append(part)
    return out


def imaginary_unit(text: str, names: list[str]) -> str:
    """A lone ``i`` is the imaginary unit and a lone ``e`` is Euler's number, unless they name unknowns.

    Letters run together (``xe^x``) are split into a product when each is a known one-letter name.
    """
    singles = {n for n in names if len(n) == 1} | {"e", "i"}

    def split(match: re.Match) -> str:
        word = match.group(0)
        if word in NAMES or word in names or not set(word) <= singles:
            return word
        return "*".join(word)

    text = re.sub(r"[A-Za-z]+", split, text)
    for letter, constant in (("i", "I"), ("e", "E")):
        if letter not in names:
            text = re.sub(rf"(?<![A-Za-z_]){letter}(?![A-Za-z_])", constant, text)
    return text


def __getattr__(name: str) -> object:
    """``normalize`` lives in :mod:`math_latex`; it stays importable from here (imported late: no import cycle)."""
    if name == "normalize":
        from cotforge.verifiers.math_latex import normalize

        return normalize
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
