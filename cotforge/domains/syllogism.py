"""Categorical statements over k terms and their meaning in models, by Venn regions.

A region is a bitmask over the terms (bit t set = inside term t). In any model every element falls
in exactly one region, so a model is, for these statements, just the set of occupied regions:
"All S are P" empties every region in S but not P, "No S are P" every region in both, "Some S are
P" needs an occupied region in both, "Some S are not P" one in S but not P. A set of statements is
satisfiable iff no particular statement has all its regions emptied by the universal ones (occupy
one region per particular: universals stay true). Validity is: premises plus the conclusion's
negation unsatisfiable. This is the model-theoretic definition, not a table of named moods.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypedDict

NEGATION = {"A": "O", "O": "A", "E": "I", "I": "E"}


@dataclass(frozen=True, slots=True)
class Categorical:
    quant: str
    """A (all S are P), E (no S are P), I (some S are P), O (some S are not P)."""
    subj: int
    pred: int

    @property
    def universal(self) -> bool:
        return self.quant in "AE"

    def regions(self, k: int) -> frozenset[int]:
        """Universal: the regions it empties. Particular: the regions one of which it occupies."""
        return _regions(self.quant, self.subj, self.pred, k)

    def negated(self) -> Categorical:
        return Categorical(NEGATION[self.quant], self.subj, self.pred)

    def english(self, terms: Sequence[str]) -> str:
        s, p = terms[self.subj], terms[self.pred]
        return {"A": f"All {s} are {p}", "E": f"No {s} are {p}", "I": f"Some {s} are {p}",
                "O": f"Some {s} are not {p}"}[self.quant]  # fmt: skip


@lru_cache(maxsize=4096)
def _regions(quant: str, subj: int, pred: int, k: int) -> frozenset[int]:
    s, p = 1 << subj, 1 << pred
    inside = quant in "EI"  # regions in both S and P; else in S and not P
    return frozenset(r for r in range(1 << k) if r & s and bool(r & p) == inside)


def emptied(statements: Sequence[Categorical], k: int) -> frozenset[int]:
    return frozenset().union(*[st.regions(k) for st in statements if st.universal])


def satisfiable(statements: Sequence[Categorical], k: int, empty: frozenset[int] = frozenset(),
                occupied: Sequence[frozenset[int]] = ()) -> bool:  # fmt: skip
    """Whether a model makes every statement true, with regions ``empty`` empty and one region of
    each set in ``occupied`` occupied."""
    gone = emptied(statements, k) | empty
    return all(st.regions(k) - gone for st in statements if not st.universal) and all(need - gone for need in occupied)


def valid(premises: Sequence[Categorical], conclusion: Categorical, k: int, existential: bool = False) -> bool:
    """True when the conclusion holds in every model of the premises (with ``existential``, only
    models where every term has members)."""
    extra = [Categorical("I", t, t) for t in range(k)] if existential else []
    return not satisfiable([*premises, *extra, conclusion.negated()], k)


def region_name(r: int, terms: Sequence[str]) -> str:
    """"poets, not bakers, artists" style: every term, in or out."""
    return ", ".join(t if r >> i & 1 else f"not {t}" for i, t in enumerate(terms))


# --- the rules of the syllogism, mood and figure: what an answer names besides its verdict --------
#
# For a chain of premises linking the conclusion's subject (term 0) through middle terms to its
# predicate (term k-1), each term in two statements, the traditional rules decide validity: a middle
# term distributed at least once, no term distributed in the conclusion but not in its premise, at
# most one negative premise, a negative conclusion exactly when a premise is negative, and (without
# existential import) no particular conclusion from universal premises only. The tests check these
# rules against the model-theoretic ``valid`` on every form.

RULES = ("undistributed middle", "illicit major", "illicit minor", "two negative premises",
         "negative premise with affirmative conclusion", "negative conclusion from affirmative premises",
         "existential fallacy")  # fmt: skip
"""The rule names an invalid argument's answer may give (each the name of the broken rule)."""


def distributes(st: Categorical, term: int) -> bool:
    """Whether ``st`` says something about every member of ``term`` (A: its subject; E: both; O: its predicate)."""
    if st.quant == "A":
        return term == st.subj
    if st.quant == "E":
        return term in (st.subj, st.pred)
    return st.quant == "O" and term == st.pred


def broken_rules(premises: Sequence[Categorical], conclusion: Categorical, k: int, existential: bool = False,
                 table: Callable[[Categorical, int], bool] = distributes) -> list[str]:
    """The rules the argument breaks, in the order of ``RULES`` (none: it is valid); ``table`` says which
    terms a statement distributes (``distributes``; a solver that misremembers it finds other rules broken)."""
    broken = []
    s, p = conclusion.subj, conclusion.pred
    for m in range(k):
        if m in (s, p):
            continue
        with_m = [st for st in premises if m in (st.subj, st.pred)]
        if with_m and not any(table(st, m) for st in with_m):
            broken.append("undistributed middle")
            break
    for term, rule in ((p, "illicit major"), (s, "illicit minor")):
        if table(conclusion, term) and not any(table(st, term) for st in premises if term in (st.subj, st.pred)):
            broken.append(rule)
    negative = [st for st in premises if st.quant in "EO"]
    if len(negative) > 1:
        broken.append("two negative premises")
    if len(negative) == 1 and conclusion.quant in "AI":
        broken.append("negative premise with affirmative conclusion")
    if not negative and conclusion.quant in "EO":
        broken.append("negative conclusion from affirmative premises")
    if not existential and all(st.universal for st in premises) and not conclusion.universal:
        broken.append("existential fallacy")
    return broken


def chain_order(premises: Sequence[Categorical], conclusion: Categorical) -> list[int] | None:
    """The premises (1-based) in the order that links the conclusion's subject to its predicate,
    or None when they do not form one chain."""
    order, at, left = [], conclusion.subj, list(range(len(premises)))
    while left:
        step = [i for i in left if at in (premises[i].subj, premises[i].pred)]
        if len(step) != 1:
            return None
        i = step[0]
        order.append(i + 1)
        left.remove(i)
        at = premises[i].pred if premises[i].subj == at else premises[i].subj
    return order if at == conclusion.pred else None


def mood_figure(premises: Sequence[Categorical], conclusion: Categorical) -> str | None:
    """"AAA-1" for a two-premise syllogism (the major premise, holding the conclusion's predicate,
    first); None for longer chains."""
    if len(premises) != 2:
        return None
    s, p = conclusion.subj, conclusion.pred
    major = next((st for st in premises if p in (st.subj, st.pred)), None)
    minor = next((st for st in premises if s in (st.subj, st.pred)), None)
    if major is None or minor is None or major is minor:
        return None
    m = ({major.subj, major.pred} - {p}).pop()
    figure = {(True, False): 1, (False, False): 2, (True, True): 3, (False, True): 4}[(major.subj == m, minor.subj == m)]
    return f"{major.quant}{minor.quant}{conclusion.quant}-{figure}"


class _Verdict(TypedDict):
    valid: bool


class Explanation(_Verdict, total=False):
    """What an answer names besides its verdict: the broken rules, the form, or the premises' order."""

    rules: list[str]
    form: str
    order: list[int] | None
    """None when the premises form no chain from the conclusion's subject to its predicate."""


def explanation(data: dict) -> Explanation:
    """What a full answer names besides its verdict (the payload's ``explain`` is ``"form"``):
    valid: ``{"valid": True, "form": "AAA-1"}`` (two premises) or ``{"valid": True, "order": [3, 1, 2]}``
    (the premises from the conclusion's subject to its predicate); invalid: ``{"valid": False,
    "rules": [...]}``, every broken rule (from ``RULES``), all of which the answer must name."""
    k = len(data["terms"])
    premises = [Categorical(str(q), int(s), int(p)) for q, s, p in data["premises"]]
    q, s, p = data["conclusion"]
    conclusion = Categorical(str(q), int(s), int(p))
    rules = broken_rules(premises, conclusion, k, bool(data.get("existential")))
    if rules:
        return {"valid": False, "rules": rules}
    form = mood_figure(premises, conclusion)
    return {"valid": True, "form": form} if form else {"valid": True, "order": chain_order(premises, conclusion)}


def explanation_text(expl: Explanation) -> str:
    """The answer's words: "valid: AAA-1", "valid: premises in the order 3, 1, 2", "invalid: illicit major"."""
    if not expl["valid"]:
        return "invalid: " + "; ".join(expl["rules"])
    if expl.get("form"):
        return f"valid: {expl['form']}"
    order = expl["order"]
    if order is None:
        raise ValueError("a valid argument whose premises form no chain has no explanation")
    return "valid: premises in the order " + ", ".join(str(i) for i in order)
