"""LaTeX conventions of calculus answers that the shared renderer (:mod:`cotforge.domains.latex`) leaves
to the task: the logarithm of a quantity that may be negative is written with bars, ln|x|."""

from __future__ import annotations

import re

_LN = re.compile(r"\\ln\\left\(((?:[^()]|\\left\(|\\right\))*?)\\right\)")


def absolute_logs(tex: str) -> str:
    """``\\ln\\left(x\\right)`` -> ``\\ln\\left|x\\right|`` where the argument may be negative (x, ax + b)."""

    def fix(match: re.Match[str]) -> str:
        inner = match.group(1)
        return rf"\ln\left|{inner}\right|" if "^" not in inner and "e^" not in inner else match.group(0)

    return _LN.sub(fix, tex)
