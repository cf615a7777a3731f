"""LaTeX and model-written answers turned into plain sympy-ready text (:func:`normalize`).

``\\boxed{}`` and "the answer is …" leads, math delimiters, ``\\frac``/``\\dfrac``/``\\cfrac`` (also
``\\frac34``, ``\\frac3{4}``), roots, mixed numbers, ``\\text{}`` units, degrees, percent signs and
words, thousands separators in real groups of three (``1,000``, ``1 000``, ``1\\,000``, ``1{,}000``,
``1,\\!000``), Unicode signs, factorials, binomials and repeating decimals. Nothing here evaluates:
:mod:`math_parse` reads the result through a whitelist.
"""

from __future__ import annotations

import re
from fractions import Fraction

from cotforge.verifiers.math_parse import MAX_ANSWER_CHARS, NAMES, AnswerParseError


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
    return re.sub(r"\\(sin|cos|tan|sec|csc|cot|ln|log|exp)\s*\{([^{}]*)\}", r" \1(\2)", text)  # \sin{\left(x\right)}


def normalize(text: str) -> str:
    """Plain sympy-ready text from an answer as written (may still be rejected later)."""
    text = re.sub(r"\\\\(?=[A-Za-z{}()\[\]])", r"\\", text)  # \\frac from JSON-escaped LaTeX is \frac
    text = _LEAD.sub("", _boxed(text.strip())).strip()
    text = _SENTENCE_END.sub("", text).strip()
    text = re.sub(r"^\*\*(.+)\*\*$", r"\1", text.strip().rstrip(".").strip())  # Markdown bold
    text = text.replace("\\$", "").replace("$", "").strip()  # math-mode delimiters and dollar signs alike
    for delimiter in ("\\(", "\\)", "\\[", "\\]", "\\displaystyle"):
        text = text.replace(delimiter, " ")
    text = text.strip()
    text = _boxed(text)
    text = re.sub(r"√(\d+|[A-Za-z])", r"sqrt(\1)", text.replace("\\pm", "±").replace("+-", "±"))
    for a, b in _UNICODE.items():
        text = text.replace(a, b)
    for a, b in (("\\left", ""), ("\\right", ""), ("\\dfrac", "\\frac"), ("\\tfrac", "\\frac"), ("\\cfrac", "\\frac"), ("\\infty", "oo")):
        text = text.replace(a, b)
    text = _repeating(text.replace("\\dbinom", "\\binom").replace("\\tbinom", "\\binom"))
    text = re.sub(rf"\\(?:{_TEXT_COMMANDS})\s*\{{\s*(or|and)\s*\}}", r" \1 ", text)
    text = re.sub(rf"\\(?:{_TEXT_COMMANDS})\s*\{{([^{{}}]*)\}}", r" \1", text)
    text = re.sub(r"\^\s*\{?\s*\\circ\s*\}?|°", "", text)  # degrees
    text = re.sub(r"\{\s*,\s*\}", ",", text)  # 14{,}916
    # a LaTeX mixed number: 2\frac{3}{4} is 2 + 3/4, not 2 * 3/4
    text = re.sub(r"(?<![\w.^{}/*])(-?)(\d+)\s*\\frac\{(\d+)\}\{(\d+)\}", r"\1(\2+\3/\4)", text)
    text = re.sub(r"(?<![\w.^{}/*])(-?)(\d+)\s*\\frac(\d)(\d)(?!\d)", r"\1(\2+\3/\4)", text)
    while re.search(r"\\(?:frac|sqrt|binom|choose)", text):
        new = _binomials(_latex_roots(_braces(text)))
        new = _FRAC.sub(lambda m: f"(({_arg(m.group(1))})/({_arg(m.group(2))}))", new)
        if new == text:
            break
        text = new
    while True:  # nested exponents: e^{10^{-3}}
        new = _braces(text)
        if new == text:
            break
        text = new
    text = re.sub(r"\\(sin|cos|tan|sec|csc|cot|ln|log|exp)\b", r" \1", text)
    # sin^2(x) / sin^2 x: the power of the function's value
    text = re.sub(r"\b(sin|cos|tan|sec|csc|cot)\s*\^\s*\(?(\d+)\)?\s*(\([^()]*\)|\w+)", r"\1(\3)^\2", text)
    text = re.sub(r"\\[lr]?vert\b|\\[lr]?\|", "|", text)
    text = re.sub(r"\|([^|]+)\|", r" Abs(\1)", text)  # |x - 1|, not nested
    for a, b in (("\\pi", "pi"), ("\\cdot", "*"), ("\\times", "*"), ("\\div", "/"), ("\\{", "{"), ("\\}", "}"), ("\\%", "%")):
        text = text.replace(a, b)
    for a, b in _RELATIONS:
        text = re.sub(re.escape(a) + r"(?![A-Za-z])", b, text)
    text = _approximately(text)
    text = re.sub(r"(?<=\d),\\!\s*(?=\d{3}(?!\d))", ",", text)  # 11,\!111,\!100: separators written with \!
    text = text.replace("\\,", " ").replace("\\!", "").replace("\\ ", " ").replace("\\quad", " ").replace("\\;", " ")
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    text = _factorials(text)
    text = _SPACE_GROUPS.sub(lambda m: m.group(0).replace(" ", ""), text)  # 1 000 000
    if not re.search(r"[(\[{]", text):
        text = _COMMA_GROUPS.sub(lambda m: m.group(0).replace(",", ""), text)  # 1,000,000 (never 12,5 or 1,25)
    text = _PERCENT_WORD.sub("%", text)
    text = re.sub(r"(?<![\d/.])(-?)(\d+)\s+(\d+)/(\d+)\b", r"\1(\2+\3/\4)", text)  # mixed numbers
    # 12.5%, 33.(3)%; only from the start of a number (else each digit of a long run starts a new try)
    text = re.sub(r"(?<![\d.])(\d+(?:\.\d+)?|\(\d+/\d+\))\s*%", r"(\1/100)", text)
    text = re.sub(r"(\d)[eE]([+-]?\d+)\b", r"\1*10^(\2)", text)  # scientific notation: 1.5e3
    # leading zeros: 007 is 7 (as Math-Verify reads it); left in, the parser split it into 00 times 7, i.e. 0
    text = re.sub(r"(?<![\w.])0+(?=\d)", "", text)
    return text.strip().rstrip(".").strip()


_PROJECT_SHAPE = re.compile(r"(?:[0-9x +\-^{}()]|\\frac|\\left\(|\\right\)|\\cdot)*")
_MIXED = re.compile(r"\d\s*\\frac|\+-")


def normalize_formula(text: str) -> str:
    """:func:`normalize` of the LaTeX the project writes for a formula in ``x`` (``\\frac``, ``\\left(``,
    ``\\right)``, ``\\cdot``, ``^{}``, whole numbers, signs), in the steps of :func:`normalize` that can change
    such a text, in its order; every other text through :func:`normalize` itself.

    Over that alphabet no other step can match: there is no second letter to spell a lead ("the answer is"), a
    function or a unit, no ``$``, ``.``, ``,``, ``|``, ``!``, ``%`` or other command; the two that could (a number
    before ``\\frac``, a mixed number; ``+-``, a plus-minus) send the text to :func:`normalize`.
    ``tests/verifiers/test_math_latex_formula.py`` holds the two equal on real answers and on random texts."""
    if _PROJECT_SHAPE.fullmatch(text) is None or _MIXED.search(text) is not None:
        return normalize(text)
    text = text.strip().replace("\\left", "").replace("\\right", "")
    while "\\frac" in text:
        new = _FRAC.sub(lambda m: f"(({_arg(m.group(1))})/({_arg(m.group(2))}))", _braces(text))
        if new == text:
            break
        text = new
    while True:
        new = _braces(text)
        if new == text:
            break
        text = new
    text = _SPACE_GROUPS.sub(lambda m: m.group(0).replace(" ", ""), text.replace("\\cdot", "*"))
    text = re.sub(r"(?<![\d/.])(-?)(\d+)\s+(\d+)/(\d+)\b", r"\1(\2+\3/\4)", text)
    text = re.sub(r"(?<![\w.])0+(?=\d)", "", text)
    return text.strip()


_TEXT_COMMANDS = "text|textnormal|textrm|textit|textbf|textsf|mbox|mathrm|mathbf|mathit|mathsf|operatorname"
_FRAC = re.compile(r"\\frac\s*(\{[^{}]*\}|[0-9A-Za-z])\s*(\{[^{}]*\}|[0-9A-Za-z])")
"""``\\frac{a}{b}``, ``\\frac34``, ``\\frac3{4}``, ``\\frac{3}4``: each argument a group or one character."""


def _arg(group: str) -> str:
    return group[1:-1] if group.startswith("{") else group


_SPACE_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d,]|\s*/)")
_COMMA_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d]|,\d)")
"""Thousands separators only in real groups of three: ``1,000`` and ``1 000``, never ``12,5``, ``1,2,5`` or ``2 72``."""
_PERCENT_WORD = re.compile(r"(?<=[\d)])\s*(?:percent(?:age)?|per\s*cent|pct)\b", re.I)


def _binomials(text: str) -> str:
    """Innermost ``\\binom{n}{k}``, ``\\binom73`` and ``{n \\choose k}`` as ``binomial(n, k)``."""
    text = re.sub(r"\\binom\{([^{}]*)\}\{([^{}]*)\}", r" binomial((\1),(\2))", text)
    text = re.sub(r"\\binom(\d)(\d)", r" binomial(\1,\2)", text)
    return re.sub(r"\{([^{}]*)\\choose(?![A-Za-z])([^{}]*)\}", r" binomial((\1),(\2))", text)


_REPEATING = re.compile(r"(?<![\w.])(\d*)\.(\d*)(?:\s*\\(?:overline|bar)\s*(?:\{\s*(\d+)\s*\}|(\d))|\((\d+)\))")


def _repeating(text: str) -> str:
    """A repeating decimal as its exact fraction: ``0.\\overline{3}``, ``0.1\\bar{6}``, ``0.(3)``, ``2.1(36)``.

    Brackets count only right after the digits of a decimal (``0.5(3)``); ``0.5 (3)`` and
    ``2(3)`` stay products. A product with a number ending in a point (``0.(3)`` as 0 * 3)
    is never what a writer means. Digits after the repeating block are an error.
    """

    def exact(match: re.Match) -> str:
        whole, fixed = match.group(1), match.group(2)
        block = match.group(3) or match.group(4) or match.group(5)
        if len(match.group(0)) > MAX_ANSWER_CHARS:
            return match.group(0)  # refused later for its length
        if re.match(r"[\d.]", match.string[match.end() : match.end() + 1]):
            raise AnswerParseError(f"digits after the repeating block in {match.group(0)!r}")
        value = int(whole or 0) + Fraction(int(fixed or 0), 10 ** len(fixed))
        value += Fraction(int(block), (10 ** len(block) - 1) * 10 ** len(fixed))
        return f"({value.numerator}/{value.denominator})"

    return _REPEATING.sub(exact, text)


_FUNCTIONNAMES = NAMES - {"pi", "E", "I", "oo", "or", "and"}
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _factorials(text: str) -> str:
    """``5!``, ``(n+1)!``, ``\\binom{7}{3}!`` and ``3!4!`` as ``factorial(…)``.

    ``n!!`` (a double factorial), ``!=``, a ``!`` with nothing before it, and text with more
    than 20 of them are left as written, for the parser to refuse.
    """
    if text.count("!") > 20:
        return text
    i = 0
    while (i := text.find("!", i)) >= 0:
        double = text[i + 1 : i + 2] in ("!", "=") or text[i - 1 : i] == "!"
        start = -1 if double or i == 0 else _operand_start(text, i)
        if start < 0:
            i += 1
            continue
        new = f" factorial({text[start:i]})"
        text, i = text[:start] + new + text[i + 1 :], start + len(new)
    return text


def _operand_start(text: str, end: int) -> int:
    """Where the operand of a ``!`` at ``end`` starts: a bracket (with its function's name), a number or a letter."""
    if text[end - 1] == ")":
        depth = 0
        for j in range(end - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(text[j], 0)
            if depth == 0:
                name = re.search(r"[A-Za-z_]\w*$", text[:j])
                return name.start() if name and name.group(0) in _FUNCTIONNAMES else j
        return -1
    if text[end - 1] in _LETTERS:
        return end - 1
    j = end
    while j > 0 and text[j - 1] in "0123456789.":
        j -= 1
    return j if j < end and text[j:end] != "." else -1


def _approximately(text: str) -> str:
    """``2\\sqrt{2} \\approx 2.83`` keeps the exact left side; ``x \\approx 2.83`` reads as ``x = 2.83``."""
    if "\\approx" not in text:
        return text
    left, _, right = text.partition("\\approx")
    if re.fullmatch(r"\s*(?:[A-Za-z]\w*\s*=?)?\s*", left):
        return (left.rstrip().rstrip("=") + " = " if left.strip() else "") + right.strip()
    return left.rstrip().rstrip("=").strip()
