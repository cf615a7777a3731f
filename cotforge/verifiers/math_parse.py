"""Reading math answers the way people and models write them, safely.

Text is normalised first (``\\boxed{}``, "the answer is …", LaTeX fractions and
roots, mixed numbers, percents, thousands separators, Unicode signs), then only a
whitelist of characters and names reaches sympy's parser, because it evaluates
Python. Powers with huge exponents are refused before sympy sees them, so an
expression bomb is an error, not a hang.
"""

from __future__ import annotations

import re
from functools import lru_cache
from tokenize import TokenError as TokenizeError

import sympy
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    rationalize,
    standard_transformations,
)

_TRANSFORMS = standard_transformations + (implicit_multiplication_application, convert_xor, rationalize)
_ALLOWED = re.compile(r"^[0-9a-zA-Z_+\-*/^().,{}\[\] =;]*$")
_NAMES = {"sqrt", "pi", "E", "I", "oo", "or", "and", "sin", "cos", "tan", "exp", "log", "ln"}
_FUNCTIONS = {"sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "exp": sympy.exp, "log": sympy.log, "ln": sympy.log}
MAX_ANSWER_CHARS = 300
MAX_NESTING = 40
MAX_EXPONENT = 10_000


class AnswerParseError(ValueError):
    """The answer text is not a math expression this verifier can read."""


class AnswerTooHardError(AnswerParseError):
    """The text is readable but too costly to evaluate safely (an expression bomb)."""


def _boxed(text: str) -> str:
    """The content of the last ``\\boxed{...}``, braces matched; the text itself if none."""
    start = text.rfind("\\boxed{")
    if start < 0:
        return text
    depth, i = 0, start + len("\\boxed")
    for j in range(i, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return text[i + 1 : j]
    return text[i + 1 :]


_LEAD = re.compile(r"(?is)^.*\b(?:the\s+(?:final\s+)?answer\s+is|final\s+answer\s*:|answer\s*:)\s*")
_UNICODE = {"−": "-", "–": "-", "×": "*", "·": "*", "÷": "/", "∞": "oo", "√": "sqrt", "π": "pi", "≤": "<=", "≥": ">="}


def normalize(text: str) -> str:
    """Plain sympy-ready text from an answer as written (may still be rejected later)."""
    text = _LEAD.sub("", _boxed(text.strip())).strip()
    text = text.strip().strip("$").strip()
    text = _boxed(text)
    text = re.sub(r"√(\d+|[A-Za-z])", r"sqrt(\1)", text.replace("\\pm", "±").replace("+-", "±"))
    for a, b in _UNICODE.items():
        text = text.replace(a, b)
    for a, b in (("\\left", ""), ("\\right", ""), ("\\dfrac", "\\frac"), ("\\tfrac", "\\frac"), ("\\infty", "oo")):
        text = text.replace(a, b)
    while "\\frac" in text or "\\sqrt{" in text:
        new = re.sub(r"\\sqrt\{([^{}]*)\}", r"sqrt(\1)", text)
        new = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"((\1)/(\2))", new)
        new = re.sub(r"\\frac(\d)(\d)", r"(\1/\2)", new)
        if new == text:
            break
        text = new
    text = re.sub(r"\\sqrt\{([^{}]*)\}", r"sqrt(\1)", text)
    text = re.sub(r"\^\{([^{}]*)\}", r"^(\1)", text)
    text = re.sub(r"\\(sin|cos|tan|ln|log|exp)\b", r" \1", text)
    for a, b in (("\\pi", "pi"), ("\\cdot", "*"), ("\\times", "*"), ("\\div", "/"), ("\\{", "{"), ("\\}", "}"), ("\\%", "%")):
        text = text.replace(a, b)
    text = text.replace("\\,", "").replace("\\!", "").replace("\\ ", " ").replace("\\quad", " ")
    text = re.sub(r"\\text\{\s*(or|and)\s*\}", r" \1 ", text)
    if not re.search(r"[(\[{]", text):
        text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # thousands separators
    text = re.sub(r"(?<![\d/.])(-?)(\d+)\s+(\d+)/(\d+)\b", r"\1(\2+\3/\4)", text)  # mixed numbers
    text = re.sub(r"(\d+(?:\.\d+)?)\s*%", r"(\1/100)", text)
    text = re.sub(r"(\d)[eE]([+-]?\d+)\b", r"\1*10^(\2)", text)  # scientific notation: 1.5e3
    return text.strip().rstrip(".").strip()


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


def _magnitude(node: sympy.Basic) -> float:
    """A rough upper bound on |value| of a numeric subtree (inf when it would be astronomically large)."""
    if node.is_Number:
        return abs(float(node)) if abs(node) < 1e300 else float("inf")
    if node.is_Pow:
        base, exp = _magnitude(node.args[0]), _magnitude(node.args[1])
        if exp > MAX_EXPONENT and base not in (0.0, 1.0):
            return float("inf")
        return base**exp if base > 1 and exp * len(str(int(base))) < 300 else max(base, 1.0)
    if node.args and not node.free_symbols:
        values = [_magnitude(a) for a in node.args]
        return float("inf") if float("inf") in values else float(sum(values) + 1) ** 2
    return 1.0


def _check_size(tree: sympy.Basic) -> None:
    """Refuse an unevaluated tree with a power whose exponent would be huge (``9^9^9``)."""
    for node in sympy.preorder_traversal(tree):
        if node.is_Pow and not node.args[1].free_symbols and _magnitude(node.args[1]) > MAX_EXPONENT:
            raise AnswerTooHardError("a power with a huge exponent")


def expression(
    text: str, symbols: dict[str, sympy.Symbol], allow_free: bool = False, derivatives: bool = False, evaluate: bool = True
) -> sympy.Expr:
    """One sympy expression from already-normalised text; names outside the whitelist refused.

    ``derivatives`` also admits ``Derivative(u, x)`` and ``Integral(u, x)`` (a step's pending work);
    ``evaluate=False`` keeps the form as written (to tell factored from expanded).
    """
    return _expression(text, tuple(symbols), allow_free, derivatives, evaluate)


@lru_cache(maxsize=8192)
def _expression(text: str, names: tuple[str, ...], allow_free: bool, derivatives: bool, evaluate: bool) -> sympy.Expr:
    symbols: dict = {n: sympy.Symbol(n) for n in names}
    if derivatives:
        symbols["Derivative"] = sympy.Derivative
        symbols["Integral"] = sympy.Integral
    if not text:
        raise AnswerParseError("empty answer")
    if not _ALLOWED.match(text):
        raise AnswerParseError(f"unexpected characters in {text!r}")
    unknown = set(re.findall(r"[A-Za-z_]+", text)) - _NAMES - set(symbols)
    if unknown:
        raise AnswerParseError(f"unknown names {sorted(unknown)} in {text!r}")
    _guard(text)
    local = {"E": sympy.E, "I": sympy.I, "pi": sympy.pi, "sqrt": sympy.sqrt, "oo": sympy.oo, **_FUNCTIONS, **symbols}
    try:
        _check_size(parse_expr(text, local_dict=local, transformations=_TRANSFORMS, evaluate=False))
        value = parse_expr(text, local_dict=local, transformations=_TRANSFORMS, evaluate=evaluate)
    except (SyntaxError, TypeError, ValueError, AttributeError, sympy.SympifyError, TokenizeError, ZeroDivisionError) as exc:
        raise AnswerParseError(f"cannot parse {text!r}: {exc}") from None
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
        if word in _NAMES or word in names or not set(word) <= singles:
            return word
        return "*".join(word)

    text = re.sub(r"[A-Za-z]+", split, text)
    for letter, constant in (("i", "I"), ("e", "E")):
        if letter not in names:
            text = re.sub(rf"(?<![A-Za-z_]){letter}(?![A-Za-z_])", constant, text)
    return text
