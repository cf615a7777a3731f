"""Text forms of algebra shared by generators, spaces and verifiers.

Machine form is what sympy parses ("3*(x + 2) - 4 = 2*x + 1"); display form is
what a person writes ("3(x + 2) - 4 = 2x + 1").
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

_IMPLICIT = re.compile(r"(?<=[0-9)])\*(?=[a-z(])")


def pretty(machine: str) -> str:
    """Display form: drop the ``*`` a person would not write (3*x -> 3x, 2*(x -> 2(x)."""
    return _IMPLICIT.sub("", machine)


def fraction_text(value: Fraction) -> str:
    """Canonical text of a rational: ``7``, ``-3/4``."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def join_terms(terms: list[str]) -> str:
    """Join signed terms: ["2*x", "-3", "+5"] -> "2*x - 3 + 5"."""
    out = ""
    for term in terms:
        term = term.strip()
        if not out:
            out = term
        elif term.startswith("-"):
            out += " - " + term[1:].lstrip()
        else:
            out += " + " + term.lstrip("+").lstrip()
    return out or "0"


_SYMPY_NAMES: dict[str, Any] = {}


def sympy_text(text: str, local: dict[str, Any], evaluate: bool = True, xor: bool = True) -> Any:
    """``sympy.sympify(text, locals=local)`` (``xor=False``: plain ``parse_expr``) for text the program wrote, with
    sympy's namespace built once: ``parse_expr`` otherwise runs ``from sympy import *`` on every call (about 1 ms)."""
    import builtins
    import types
    from tokenize import TokenError

    import sympy
    from sympy.parsing.sympy_parser import convert_xor, parse_expr, standard_transformations

    if not _SYMPY_NAMES:
        names: dict[str, Any] = {}
        exec("from sympy import *", names)  # noqa: S102 - the fixed statement parse_expr runs itself
        names.update({k: v for k, v in vars(builtins).items() if isinstance(v, types.BuiltinFunctionType)})
        names.update(max=sympy.Max, min=sympy.Min)
        _SYMPY_NAMES.update(names)
    transformations = standard_transformations + ((convert_xor,) if xor else ())
    try:
        return parse_expr(text.replace("\n", ""), local_dict=dict(local), global_dict=_SYMPY_NAMES,
                          transformations=transformations, evaluate=evaluate)
    except (TokenError, SyntaxError) as exc:
        raise sympy.SympifyError(f"could not parse {text!r}", exc) from None
