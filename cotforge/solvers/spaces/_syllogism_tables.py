"""The distribution table as careless students misremember it (one entry wrong), for ``syllogism``'s
``misjudged_distribution`` wrong answers.

The table (``cotforge.domains.syllogism.distributes``): A distributes its subject, E both terms, I neither,
O its predicate. The textbook slips: the predicate of an O or an E taken as undistributed ("only 'all' and
'no' speak of all of their subject, a predicate is never distributed"), the subject of an I taken as
distributed, the predicate of an A taken as distributed ("all S are P" read as speaking of all P too). A
solver with one of these finds a rule broken that is not, or misses one that is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cotforge.domains.syllogism import Categorical, distributes


@dataclass(frozen=True, slots=True)
class Slip:
    quant: str
    """The form whose entry is misremembered: "A", "E", "I" or "O"."""
    predicate: bool
    """Whether the misremembered place is the predicate (else the subject)."""
    distributed: bool
    """What the solver believes of that place."""

    def table(self) -> Callable[[Categorical, int], bool]:
        """``distributes`` with this one entry wrong."""
        def misremembered(st: Categorical, term: int) -> bool:
            if st.quant == self.quant and st.subj != st.pred and term == (st.pred if self.predicate else st.subj):
                return self.distributed
            return distributes(st, term)
        return misremembered


SLIPS = (Slip("O", predicate=True, distributed=False), Slip("E", predicate=True, distributed=False),
         Slip("I", predicate=False, distributed=True), Slip("A", predicate=True, distributed=True))  # fmt: skip
"""Each a table a solver really holds: every entry right but this one."""
