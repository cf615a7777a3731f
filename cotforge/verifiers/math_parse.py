"""Reading math answers the way people and models write them, safely.

Text is normalised first (``\\boxed{}``, "the answer is …", LaTeX fractions and
roots, mixed numbers, percents, thousands separators, Unicode signs), then only a
whitelist of characters and names reaches sympy's parser, because it evaluates
Python. Powers with huge exponents, and numbers past 100,000 digits, are refused
before sympy evaluates them (from bounds on the unevaluated tree), so an
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
_NAMES = {"sqrt", "pi", "E", "I", "oo", "or", "and", "sin", "cos", "tan", "exp", "log", "ln", "Abs"}
_FUNCTIONS = {"sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "Abs": sympy.Abs}
MAX_ANSWER_CHARS = 300
MAX_NESTING = 40
MAX_EXPONENT = 10_000
MAX_DIGITS = 100_000
"""The largest number (in decimal digits, either way from 1) an answer may build with powers."""


class AnswerParseError(ValueError):
    """The answer text is not a math expression this verifier can read."""


class AnswerTooHardError(AnswerParseError):
    """The text is readable but too costly to evaluate safely (an expression bomb)."""


def _boxed(text: str) -> str:
    """The content of the last ``\\boxed{...}``, braces matched; the text itself if none; an error if unclosed."""
    start = text.rfind("\\boxed{")
    if start < 0:
        return text
    depth, i = 0, start + len("\\boxed")
    for j in range(i, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return text[i + 1 : j]
    raise AnswerParseError("unclosed \\boxed{ (a cut-off answer)")


_LEAD = re.compile(
    r"(?is)^.*\b(?:the\s+(?:final\s+)?answer\s+is|final\s+answer\s*:|answer\s*:"
    r"|the\s+(?:real\s+)?(?:solutions?|roots?)(?:\s+set)?\s+(?:are|is))\s*:?\s*"
)
_UNICODE = {"−": "-", "–": "-", "×": "*", "·": "*", "÷": "/", "∞": "oo", "√": "sqrt", "π": "pi", "≤": "<=", "≥": ">=", "≈": "\\approx"}
_RELATIONS = (("\\leq", "<="), ("\\geq", ">="), ("\\le", "<="), ("\\ge", ">="), ("\\lt", "<"), ("\\gt", ">"))
_SENTENCE_END = re.compile(r"(?s)(?<=\S)\.\s+[A-Z].*$")  # "17. I hope it is correct."


def _latex_roots(text: str) -> str:
    """``\\sqrt{a}``, ``\\sqrt a``, ``\\sqrt2`` and ``\\sqrt[n]{a}`` as sympy text."""
    text = re.sub(r"\\sqrt\s*\[([^\[\]{}]*)\]\s*\{([^{}]*)\}", r"((\2)^(1/(\1)))", text)
    text = re.sub(r"\\sqrt\{([^{}]*)\}", r"sqrt(\1)", text)
    return re.sub(r"\\sqrt\s*(\d+|[A-Za-z])", r"sqrt(\1)", text)


def _braces(text: str) -> str:
    """Innermost ``^{...}`` and ``\\sin{...}`` groups as brackets."""
    text = re.sub(r"\^\{([^{}]*)\}", r"^(\1)", text)
    return re.sub(r"\\(sin|cos|tan|ln|log|exp)\s*\{([^{}]*)\}", r" \1(\2)", text)  # \sin{\left(x\right)}


def normalize(text: str) -> str:
    """Plain sympy-ready text from an answer as written (may still be rejected later)."""
    text = _LEAD.sub("", _boxed(text.strip())).strip()
    text = _SENTENCE_END.sub("", text).strip()
    text = re.sub(r"^\*\*(.+)\*\*$", r"\1", text.strip().rstrip(".").strip())  # Markdown bold
    text = text.replace("\\$", "").replace("$", "").strip()  # math-mode delimiters and dollar signs alike
    text = _boxed(text)
    text = re.sub(r"√(\d+|[A-Za-z])", r"sqrt(\1)", text.replace("\\pm", "±").replace("+-", "±"))
    for a, b in _UNICODE.items():
        text = text.replace(a, b)
    for a, b in (("\\left", ""), ("\\right", ""), ("\\dfrac", "\\frac"), ("\\tfrac", "\\frac"), ("\\infty", "oo")):
        text = text.replace(a, b)
    text = re.sub(r"\\(?:text|mbox|mathrm|textbf|mathbf)\s*\{\s*(or|and)\s*\}", r" \1 ", text)
    text = re.sub(r"\\(?:text|mbox|mathrm|textbf|mathbf)\s*\{([^{}]*)\}", r" \1", text)
    text = re.sub(r"\^\s*\{?\s*\\circ\s*\}?|°", "", text)  # degrees
    text = text.replace("{,}", ",")
    # a LaTeX mixed number: 2\frac{3}{4} is 2 + 3/4, not 2 * 3/4
    text = re.sub(r"(?<![\w.^{}/*])(-?)(\d+)\s*\\frac\{(\d+)\}\{(\d+)\}", r"\1(\2+\3/\4)", text)
    text = re.sub(r"(?<![\w.^{}/*])(-?)(\d+)\s*\\frac(\d)(\d)(?!\d)", r"\1(\2+\3/\4)", text)
    while "\\frac" in text or "\\sqrt" in text:
        new = _latex_roots(_braces(text))
        new = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"((\1)/(\2))", new)
        new = re.sub(r"\\frac(\d)(\d)", r"(\1/\2)", new)
        if new == text:
            break
        text = new
    while True:  # nested exponents: e^{10^{-3}}
        new = _braces(text)
        if new == text:
            break
        text = new
    text = re.sub(r"\\(sin|cos|tan|ln|log|exp)\b", r" \1", text)
    # sin^2(x) / sin^2 x: the power of the function's value
    text = re.sub(r"\b(sin|cos|tan)\s*\^\s*\(?(\d+)\)?\s*(\([^()]*\)|\w+)", r"\1(\3)^\2", text)
    text = re.sub(r"\\[lr]?vert\b|\\[lr]?\|", "|", text)
    text = re.sub(r"\|([^|]+)\|", r" Abs(\1)", text)  # |x - 1|, not nested
    for a, b in (("\\pi", "pi"), ("\\cdot", "*"), ("\\times", "*"), ("\\div", "/"), ("\\{", "{"), ("\\}", "}"), ("\\%", "%")):
        text = text.replace(a, b)
    for a, b in _RELATIONS:
        text = re.sub(re.escape(a) + r"(?![A-Za-z])", b, text)
    text = _approximately(text)
    text = text.replace("\\,", "").replace("\\!", "").replace("\\ ", " ").replace("\\quad", " ").replace("\\;", " ")
    if not re.search(r"[(\[{]", text):
        text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # thousands separators
    text = re.sub(r"(?<![\d/.])(-?)(\d+)\s+(\d+)/(\d+)\b", r"\1(\2+\3/\4)", text)  # mixed numbers
    text = re.sub(r"(\d+(?:\.\d+)?)\s*%", r"(\1/100)", text)
    text = re.sub(r"(\d)[eE]([+-]?\d+)\b", r"\1*10^(\2)", text)  # scientific notation: 1.5e3
    return text.strip().rstrip(".").strip()


def _approximately(text: str) -> str:
    """``2\\sqrt{2} \\approx 2.83`` keeps the exact left side; ``x \\approx 2.83`` reads as ``x = 2.83``."""
    if "\\approx" not in text:
        return text
    left, _, right = text.partition("\\approx")
    if re.fullmatch(r"\s*(?:[A-Za-z]\w*\s*=?)?\s*", left):
        return (left.rstrip().rstrip("=") + " = " if left.strip() else "") + right.strip()
    return left.rstrip().rstrip("=").strip()


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


def _digits(node: sympy.Basic) -> tuple[float, float]:
    """Bounds ``(up, down)`` with ``-down <= log10|value| <= up`` for a numeric subtree, without evaluating it.

    Only numbers written in the text (at most a few hundred digits) and sums, products,
    powers and functions of them reach here. A sum may cancel down to about one part in
    10^300 of its terms, so its ``down`` allows for that.
    """
    inf = float("inf")
    if node.is_Rational:
        p, q = abs(int(node.p)).bit_length() * 0.30103, int(node.q).bit_length() * 0.30103
        return p - q + 1, q - p + 1
    if node.is_Float:
        size = float(sympy.log(abs(node), 10)) if node != 0 else 0.0
        return size + 1, 1 - size
    if node.is_Pow:
        base, exponent = node.args
        b_up, b_down = _digits(base)
        e_up = _digits(exponent)[0]
        if e_up > 300:
            return inf, inf
        if exponent.is_Rational or (exponent.is_Mul and all(a.is_Rational for a in exponent.args)):
            e = sympy.Mul(*exponent.args) if exponent.is_Mul else exponent  # "-30" is Mul(-1, 30) unevaluated
            return (b_up * abs(float(e)), b_down * abs(float(e))) if e >= 0 else (b_down * abs(float(e)), b_up * abs(float(e)))
        size = max(abs(b_up), abs(b_down)) * 10.0**e_up
        return size, size
    if not node.args:
        return 1.0, 1.0  # pi, E, I
    parts = [_digits(a) for a in node.args]
    if node.is_Mul:
        return sum(u for u, _ in parts), sum(d for _, d in parts)
    if node.is_Add:
        return max(u for u, _ in parts) + len(parts), max(d for _, d in parts) + 300
    size = max(max(abs(u), abs(d)) for u, d in parts)
    if isinstance(node, sympy.exp):  # exp(a) has about 0.43 * a digits
        size = 10.0 ** max(u for u, _ in parts) if max(u for u, _ in parts) < 300 else inf
    return size + 1, size + 1


def _check_size(tree: sympy.Basic) -> None:
    """Refuse an unevaluated tree with a power too costly to evaluate (``9^9^9``, ``(10^300)^10000``)."""
    for node in sympy.preorder_traversal(tree):
        if not (node.is_Pow or isinstance(node, sympy.exp)) or node.args[-1].free_symbols:
            continue
        if node.args[0].free_symbols:  # (x + 1)^n: only the exponent's size matters
            if _digits(node.args[1])[0] > 4:
                raise AnswerTooHardError("a power with a huge exponent")
        elif max(_digits(node)) > MAX_DIGITS:
            raise AnswerTooHardError(f"a number with more than {MAX_DIGITS} digits")


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
    except AnswerTooHardError:
        raise
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
