"""The step spaces' LaTeX of machine text: the reader lives in :mod:`cotforge.domains.latex` (generators use it too)."""

from cotforge.domains.latex import LatexError, latex, text

__all__ = ["LatexError", "latex", "text"]
