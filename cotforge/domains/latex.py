"""LaTeX of machine text (a state, a formula, an answer), written exactly as the text is (no re-simplification).

sympy's printer would evaluate or reorder a state (``-(x - 3)`` comes back as ``3 - x``)
and costs milliseconds a call; the step spaces render every proposed move, so this
is a small recursive-descent reader of the machine text the spaces already write
(``+ - * / ** ^ × ÷``, brackets, functions, ``=``/``<``/``<=``, ``or``, ``;``) that
keeps every bracket and term where it stands.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"\s*(\d+(?:\.\d+)?|[A-Za-z_][A-Za-z_0-9]*|\*\*|<=|>=|[-+*/^×÷·()=<>,\[\]])")
_RELATIONS = {"=": "=", "<": "<", ">": ">", "<=": r"\le", ">=": r"\ge"}
_FUNCTIONS = {"sin": r"\sin", "cos": r"\cos", "tan": r"\tan", "log": r"\ln", "ln": r"\ln", "gcd": r"\gcd",
              "lcm": r"\operatorname{lcm}", "divisors": r"\tau", "P": "P"}  # fmt: skip
_NAMES = {"I": "i", "E": "e", "pi": r"\pi", "oo": r"\infty"}
_TEXT_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
                 "^": r"\^{}", "_": r"\_", "%": r"\%", "~": r"\~{}"}  # fmt: skip


class LatexError(ValueError):
    """The text is outside the grammar this reader knows."""


Node = tuple  # ("num", s) | ("name", s) | ("paren", n) | ("neg", n) | ("bin", op, a, b) | ("call", f, [args])


_SPACE = re.compile(r"\s+")
_PRODUCTS = frozenset(("*", "/", "×", "÷", "·"))


def _parse(text: str) -> Node:
    """The tree of one formula: sums of products of signed powers of atoms (numbers, names, calls, brackets).

    One pass over the tokens with the position in a closure (this runs for every move every step space proposes)."""
    tokens: list[str | None] = list(_tokens(text))
    tokens.append(None)  # the end: no bounds check on the hot path
    at = 0

    def sum_() -> Node:
        nonlocal at
        node = product()
        while tokens[at] == "+" or tokens[at] == "-":
            op = tokens[at]
            at += 1
            node = ("bin", op, node, product())
        return node

    def product() -> Node:
        nonlocal at
        node = unary()
        while tokens[at] in _PRODUCTS:
            op = tokens[at]
            at += 1
            node = ("bin", op, node, unary())
        return node

    def unary() -> Node:  # signs, then a power (right-associative, its exponent signed: x^-2, x^2^3)
        nonlocal at
        token = tokens[at]
        if token == "-":
            at += 1
            return ("neg", unary())
        if token == "+":
            at += 1
            return unary()
        base = atom()
        if tokens[at] == "**" or tokens[at] == "^":
            at += 1
            return ("bin", "^", base, unary())
        return base

    def close() -> None:
        nonlocal at
        if tokens[at] != ")":
            raise LatexError(f"expected ) at token {at}, got {tokens[at]!r}")
        at += 1

    def atom() -> Node:
        nonlocal at
        token = tokens[at]
        if token is None:
            raise LatexError(f"expected more at token {at}, got None")
        at += 1
        if token == "(":
            inner = sum_()
            close()
            return ("paren", inner)
        if token[0].isdigit():
            return ("num", token)
        if token[0].isalpha() or token[0] == "_":
            if tokens[at] != "(":
                return ("name", token)
            at += 1
            args = [sum_()]
            while tokens[at] == ",":
                at += 1
                args.append(sum_())
            close()
            return ("call", token, args)
        raise LatexError(f"unexpected {token!r}")

    node = sum_()
    if tokens[at] is not None:
        raise LatexError(f"unread text after {at} tokens in {text!r}")
    return node


def _tokens(text: str) -> list[str]:
    text = text.rstrip()
    out = _TOKEN.findall(text)
    if "".join(out) != _SPACE.sub("", text):  # something between the tokens is not one: find it for the message
        pos = 0
        while (match := _TOKEN.match(text, pos)) is not None:
            pos = match.end()
        raise LatexError(f"cannot read {text[pos:pos + 10]!r}")
    return out


def _strip(node: Node) -> Node:
    return node[1] if node[0] == "paren" else node


def _is_frac(node: Node) -> bool:
    return node[0] == "bin" and node[1] == "/"


def _render(node: Node) -> str:
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "name":
        return _NAMES.get(node[1], node[1] if len(node[1]) == 1 else rf"\mathrm{{{node[1]}}}")
    if kind == "paren":
        inner = node[1]
        if _is_frac(inner) and inner[2][0] != "neg":  # a bracketed fraction is already one visual unit
            return _render(inner)
        return rf"\left({_render(inner)}\right)"
    if kind == "neg":
        return "-" + _render(node[1])
    if kind == "call":
        return _call(node[1], node[2])
    op, left, right = node[1], node[2], node[3]
    if op in ("+", "-"):
        r = _render(right)
        return f"{_render(left)} {op} {r}"
    if op == "^":
        return f"{_render(left)}^{{{_render(_strip(right))}}}"
    if op == "/":
        a, b = _strip(left), _strip(right)
        if _is_frac(a) or _is_frac(b):  # a quotient of fractions reads better as ÷
            return rf"{_render(left)} \div {_render(right)}"
        if a[0] == "neg":
            return rf"-\frac{{{_render(a[1])}}}{{{_render(b)}}}"
        return rf"\frac{{{_render(a)}}}{{{_render(b)}}}"
    if op == "÷":
        return rf"{_render(left)} \div {_render(right)}"
    if op == "×":
        return rf"{_render(left)} \times {_render(right)}"
    l_text, r_text = _render(left), _render(right)
    if right == ("name", "I"):  # 2 sqrt(15) i: the unit after a thin space, as textbooks set it
        return rf"{l_text}\,i"
    if r_text[:1].isdigit() or r_text.startswith(("-", r"\frac{", ".")):  # 2·3, 2·(-3), 2·¾: never juxtaposed
        return rf"{l_text} \cdot {r_text}"
    return f"{l_text} {r_text}"


def _call(name: str, args: list[Node]) -> str:
    inner = ", ".join(_render(_strip(a)) for a in args)
    if name == "sqrt" and len(args) == 1:
        return rf"\sqrt{{{inner}}}"
    if name == "exp" and len(args) == 1:
        return rf"e^{{{inner}}}"
    if name == "C" and len(args) == 2:
        return rf"\binom{{{_render(_strip(args[0]))}}}{{{_render(_strip(args[1]))}}}"
    if name == "Derivative" and len(args) == 2:
        return rf"\frac{{d}}{{d{_render(args[1])}}}\left[{_render(_strip(args[0]))}\right]"
    if name == "Integral" and len(args) == 2:
        return rf"\int {_render(_strip(args[0]))} \, d{_render(args[1])}"
    if name == "Abs" and len(args) == 1:
        return rf"\left|{inner}\right|"
    command = _FUNCTIONS.get(name) or r"\operatorname{" + name + "}"
    return rf"{command}\left({inner}\right)"


def _relation(text: str) -> str:
    parts = re.split(r"\s*(<=|>=|=|<|>)\s*", text.strip())
    out = [_expression(parts[0])]
    for op, side in zip(parts[1::2], parts[2::2]):
        out += [_RELATIONS[op], _expression(side)]
    return " ".join(out)


def _expression(text: str) -> str:
    return _render(_parse(text))


@lru_cache(maxsize=8192)
def latex(machine: str) -> str:
    """LaTeX of a machine-text state: one formula, a relation chain, ``or`` cases, or a ``;`` system.

    Text outside this reader's grammar falls back to sympy's printer (slower, may reorder terms).
    """
    try:
        return _latex(machine)
    except LatexError:
        import sympy
        from sympy.parsing.sympy_parser import parse_expr

        try:
            return sympy.latex(parse_expr(machine.replace("^", "**"), evaluate=False))
        except Exception:  # noqa: BLE001 - sympy's parser also raises TokenError, IndexError ("(x + 1", "")
            return ""  # unreadable either way: no LaTeX rather than a failed step


def _latex(machine: str) -> str:
    rows = [r for r in machine.split(";") if r.strip()]
    if len(rows) > 1:
        return r"\begin{cases} " + r" \\ ".join(_latex(r) for r in rows) + r" \end{cases}"
    return r" \quad\text{or}\quad ".join(_relation(part) for part in re.split(r"\s+or\s+", machine.strip()))


@lru_cache(maxsize=8192)
def formula(text: str) -> Node | None:
    """The tree of one formula (no relation, ``or`` or ``;``), remembered, or None where the reader refuses it: a
    space that joins formulas it has written into a state builds the state's tree from these (``render`` of the
    tree the reader would build for the joined text is ``latex`` of it) instead of reading the whole state again."""
    try:
        return _parse(text)
    except LatexError:
        return None


def render(node: Node) -> str:
    """The LaTeX of a tree as :func:`latex` writes it."""
    return _render(node)


def text(words: str) -> str:
    """Words inside ``\\text{}``, with LaTeX's special characters escaped."""
    return r"\text{" + "".join(_TEXT_ESCAPES.get(ch, ch) for ch in words) + "}"
