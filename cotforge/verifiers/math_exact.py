"""The exact readers of math answers, one per answer kind: the project's own forms decided without the general route.

The general route (``math.MathVerifier._verify``) normalises LaTeX, parses with sympy and compares numerically first.
Most answers a pipeline verifies are the project's own texts (golds, search ends, negatives' ends), written in a few
closed shapes; for those, one reader per kind decides exactly and cheaply:

========================  ===================================================================  =========================
kind                      the project's shape                                                  reader
========================  ===================================================================  =========================
``value``                 a rational or a plain decimal: ``7``, ``-\\frac{3}{4}``, ``332.50``    ``small_decimal_read``
``set``                   numbers and quadratic surds: ``\\{-2, 1 + \\sqrt{5}\\}``               ``surds.latex_set``
``interval``              canonical interval notation: ``(-\\infty, 3) \\cup [5, \\infty)``     ``interval_read``
``expanded``,             a sum of integer monomials in the one unknown                        ``math_read``
``expression``
``factored``              a product of integer polynomials in the one unknown                  ``factored_read``
``antiderivative``        the project's LaTeX of a function of ``x`` (``+ C`` optional)         ``antideriv_read``
``simplified``            a fraction of integer polynomials, nothing left to cancel            ``rational_identity``
========================  ===================================================================  =========================

:func:`decide` returns True (equal), False (different) or None: a text or a gold outside the reader's shape, another
kind, a reader that is not certain. None always leaves the verdict to the general route, so a reader only has to be
right where it answers; each reader's module holds it equal to the general route on its shapes.

:func:`quick_verdict` is the same decision made on the calling thread for a short answer (at most
``MAX_ANSWER_CHARS``: extraction and every reader are then a few small operations), with the whole-text rational
shortcut (``_lineq_number``) as its first case. Anything it does not decide goes to the general route, under the
wall-clock bound.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from cotforge.core.answers import final_answer, gold_answer, retraction
from cotforge.core.records import Problem, Verdict
from cotforge.verifiers._lineq_number import number_verdict
from cotforge.verifiers.antideriv_read import verdict as antiderivative_verdict
from cotforge.verifiers.factored_read import decide as factored_decide
from cotforge.verifiers.interval_read import Bound, latex_intervals
from cotforge.verifiers.math_parse import MAX_ANSWER_CHARS
from cotforge.verifiers.math_read import Answer, project_polynomial
from cotforge.verifiers.rational_identity import simplified_verdict
from cotforge.verifiers.small_decimal_read import project_rational
from cotforge.verifiers.surds import Value, latex_set

Reader = Callable[[dict, str, str, Sequence[str]], "bool | None"]
"""``(payload data, gold, answer text, unknowns) -> equal / different / None``."""


def decide(kind: str, data: dict, gold: str, text: str, names: Sequence[str]) -> bool | None:
    """The kind's exact reader on the final answer ``text`` against ``gold``: True, False, or None (see the module)."""
    reader = READERS.get(kind)
    return None if reader is None else reader(data, gold, text, names)


def quick_verdict(problem: Problem, answer: str | None) -> Verdict | None:
    """The general route's verdict for a short answer an exact reader decides, on the calling thread; else None."""
    if answer is None or len(answer) > MAX_ANSWER_CHARS:
        return None
    shortcut = number_verdict(problem, answer)  # the whole text a project rational: no extraction, no payload read
    if shortcut is not None:
        return shortcut
    found = final_answer(answer)
    if found is None or retraction(found):
        return None  # the general route says why it is unreadable
    data = problem.data()
    kind = data.get("answer_kind", "value")
    return verdict(decide(kind, data, problem.answer, found.text, unknowns(data)), found.text, kind)


def unknowns(data: dict) -> list[str]:
    """The unknowns the payload names (``variables``, or ``variable``), else ``x``: every reader's kind but
    ``equation`` (which has no reader) takes ``x`` when the payload names none."""
    return data.get("variables") or ([data["variable"]] if "variable" in data else ["x"])


def verdict(decided: bool | None, text: str, kind: str) -> Verdict | None:
    """An exact decision as the general route words it."""
    if decided is None:
        return None
    return Verdict.accept() if decided else Verdict.reject(f"{text.strip()[:80]!r} is not equal to the expected {kind}")


def _value(data: dict, gold: str, text: str, names: Sequence[str]) -> bool | None:
    given = project_rational(text)
    expected = _gold_number(gold) if given is not None else None
    return None if expected is None else given == expected


def _set(data: dict, gold: str, text: str, names: Sequence[str]) -> bool | None:
    given = latex_set(text)
    expected = _gold_set(gold) if given is not None else None
    return None if expected is None else given == expected


def _interval(data: dict, gold: str, text: str, names: Sequence[str]) -> bool | None:
    given = latex_intervals(text)
    expected = _gold_intervals(gold) if given is not None else None
    return None if expected is None else given == expected


def _polynomial(data: dict, gold: str, text: str, names: Sequence[str]) -> bool | None:
    """A sum of monomials is in expanded form, so equal dictionaries decide ``expanded`` as well as ``expression``."""
    if len(names) != 1:
        return None
    given = project_polynomial(text, names[0])
    expected = _gold_polynomial(gold, names[0]) if given is not None else None
    return None if expected is None else given == expected


def _factored(data: dict, gold: str, text: str, names: Sequence[str]) -> bool | None:
    expected = _gold_text(gold) if len(names) == 1 else None
    if expected is None:
        return None
    try:
        return factored_decide(text, expected, names[0])
    except ValueError:
        return None


def _antiderivative(data: dict, gold: str, text: str, names: Sequence[str]) -> bool | None:
    """Only for an antiderivative in ``x`` named by the payload's default (the reader knows no other letter)."""
    if data.get("variables") or data.get("variable", "x") != "x":
        return None
    expected = _gold_text(gold)
    return None if expected is None else antiderivative_verdict(text, expected)


READERS: dict[str, Reader] = {
    "value": _value,
    "set": _set,
    "interval": _interval,
    "expanded": _polynomial,
    "expression": _polynomial,
    "factored": _factored,
    "antiderivative": _antiderivative,
    "simplified": simplified_verdict,
}
"""Answer kind → its exact reader; the other kinds (tuple, tuples, equation, text) have none yet. ``simplified``'s
accepts an equal answer only where it can tell the general route's form verdict (``rational_identity.one_fraction``)."""


@lru_cache(maxsize=4096)
def _gold_text(gold: str) -> str | None:
    """The gold's answer text (``gold_answer``), or None where it has none (the general route reports that)."""
    try:
        return gold_answer(gold)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _gold_number(gold: str) -> Answer | None:
    text = _gold_text(gold)
    return None if text is None else project_rational(text)


@lru_cache(maxsize=4096)
def _gold_set(gold: str) -> frozenset[Value] | None:
    text = _gold_text(gold)
    return None if text is None else latex_set(text)


@lru_cache(maxsize=4096)
def _gold_intervals(gold: str) -> tuple[tuple[Bound, bool, Bound, bool], ...] | None:
    text = _gold_text(gold)
    return None if text is None else latex_intervals(text)


@lru_cache(maxsize=4096)
def _gold_polynomial(gold: str, name: str) -> dict[int, int] | None:
    text = _gold_text(gold)
    return None if text is None else project_polynomial(text, name)
