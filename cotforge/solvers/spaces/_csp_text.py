"""The English of constraint-puzzle steps, shaped by a family's templates in the payload's "words".

Templates use {var}, {val}, {vals}, {group}; a family overrides only what reads badly by default
(a zebra says "the Brit lives in house 2", a sudoku "r2c5 is 7").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cotforge.domains.csp import Csp, bits, single

DEFAULTS = {
    "noun": "variable",
    "is": "{var} is {val}",
    "one_of": "{var} is {vals}",
    "not": "{var} is not {vals}",
    "hidden": "In {group}, {val} can go only in {var}",
    "strike": "strike {val} from the rest of {groups}",
    "no_place": "in {group}, {val} has nowhere left to go",
}


class Words:
    """Phrases for one puzzle."""

    def __init__(self, csp: Csp, templates: Mapping[str, str]) -> None:
        self.csp = csp
        self.t = {**DEFAULTS, **{k: str(v) for k, v in templates.items()}}
        self.noun = self.t["noun"]

    def var(self, v: int) -> str:
        return self.csp.var_names[v]

    def val(self, x: int) -> str:
        return self.csp.value_names[x]

    def vals(self, m: int, join: str = "or") -> str:
        names = [self.val(x) for x in bits(m)]
        if not names:
            return "nothing"
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {join} {names[-1]}"

    def is_(self, v: int, x: int) -> str:
        return self.t["is"].format(var=self.var(v), val=self.val(x))

    def options(self, v: int, m: int) -> str:
        x = single(m)
        if not m:
            return self.no_candidate(v)
        return self.is_(v, x) if x is not None else self.t["one_of"].format(var=self.var(v), vals=self.vals(m))

    def cite(self, ci: int) -> str:
        """"From clue 3 ("The Brit keeps a dog")" / "From r2c5 < r2c4"."""
        c = self.csp.constraints[ci]
        return f"From {c.label}" + (f' ("{c.text}")' if c.text else "")

    def group(self, ci: int) -> str:
        return self.csp.constraints[ci].label

    def groups(self, uses: Sequence[int]) -> str:
        names = [self.group(g) for g in uses]
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"

    def strike(self, x: int, uses: Sequence[int]) -> str:
        return self.t["strike"].format(val=self.val(x), groups=self.groups(uses)) if uses else ""

    def naked_single(self, v: int, x: int, uses: Sequence[int], seen: Sequence[tuple[int, int]] | None = None) -> str:
        """"r4c5: row 4 has 1, 2 and 3, column 5 has 4 and 5, so only 6 is left; r4c5 is 6" (with
        ``seen``, the values each group of the variable already holds), else "Only 6 is left ..."."""
        tail = f"; {self.strike(x, uses)}" if uses else ""
        if seen:
            shown, covered = [], 0
            for g, m in seen:
                m &= ~covered & ~(1 << x)
                if m:
                    shown.append(f"{self.group(g)} has {self.vals(m, 'and')}")
                    covered |= m
            others = ((1 << len(self.csp.value_names)) - 1) & ~covered & ~(1 << x)
            if others:
                shown.append(f"{self.vals(others, 'and')} {'was' if single(others) is not None else 'were'} ruled out above")
            if shown:
                return f"{self.var(v)}: {', '.join(shown)}, so only {self.val(x)} is left: {self.is_(v, x)}{tail}."
        return f"Only {self.val(x)} is left for {self.var(v)}, so {self.is_(v, x)}{tail}."

    def hidden_single(self, g: int, v: int, x: int, uses: Sequence[int], others: Sequence[int] = ()) -> str:
        lead = self.t["hidden"].format(group=self.group(g), val=self.val(x), var=self.var(v))
        rest = [u for u in uses if u != g]
        tail = f"; {self.strike(x, rest)}" if rest else ""
        why = f" (none of {', '.join(self.var(w) for w in others)} can take it)" if others else ""
        return f"{_cap(lead)}{why}, so {self.is_(v, x)}{tail}."

    def binary(self, ci: int, before: Sequence[int], after: Sequence[int]) -> str:
        c = self.csp.constraints[ci]
        parts = []
        for v in c.vars:
            gone = before[v] & ~after[v]
            if gone:
                other = c.vars[1] if v == c.vars[0] else c.vars[0]
                since = self.t["one_of"].format(var=self.var(other), vals=self.vals(before[other]))
                parts.append(f"since {since}, {self.t['not'].format(var=self.var(v), vals=self.vals(gone))}")
        return f"{self.cite(ci)}: {'; and '.join(parts)}."

    def naked_pair(self, g: int, a: int, b: int, m: int, others: Sequence[int]) -> str:
        who = ", ".join(self.var(w) for w in others)
        pair = self.vals(m)
        return (f"In {self.group(g)}, {self.var(a)} and {self.var(b)} can only be {pair}, so those two values "
                f"belong to them: remove {self.vals(m, 'and')} from {who}.")  # fmt: skip

    def locked(self, g: int, h: int, x: int, at: Sequence[int], others: Sequence[int]) -> str:
        where = " or ".join(self.var(v) for v in at)
        who = ", ".join(self.var(w) for w in others)
        return (f"In {self.group(g)}, {self.val(x)} can only go in {where}, which also lie in {self.group(h)}: "
                f"so {self.val(x)} cannot be anywhere else in {self.group(h)}; remove it from {who}.")  # fmt: skip

    def no_candidate(self, v: int) -> str:
        return f"no option is left for {self.var(v)}"

    def no_place(self, g: int, x: int) -> str:
        return self.t["no_place"].format(group=self.group(g), val=self.val(x))

    def suppose(self, v: int, m: int, x: int) -> str:
        return (f"No rule settles anything now, so try cases: {self.options(v, m)}. "
                f"Suppose {self.is_(v, x)}.")  # fmt: skip

    def missed_case(self, v: int, m: int, x: int, true_x: int) -> str:
        return f"{_cap(self.options(v, m))}; {self.val(true_x)} clashes with what we know, so {self.is_(v, x)}."


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
