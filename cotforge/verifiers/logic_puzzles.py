"""Verifiers for constraint puzzles (sudoku, futoshiki, zebra, seating): rules, not the stored string.

An answer is read the way a model writes it (a grid, a table, sentences, JSON), turned into a full
assignment and checked against every constraint of the puzzle, so any valid solution is accepted.
Steps are checked with a complete solver: a deduction must follow from the constraints it cites
and the candidates before it; a contradiction must leave the cited constraints unsatisfiable.
"""

from __future__ import annotations

from collections.abc import Sequence

from cotforge.domains.csp import Csp, bits, csp_from_json, initial_candidates, mask
from cotforge.domains.csp_solve import follows, solve
from cotforge.core.records import Problem, Step, Verdict
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers._puzzle_readers import read_assignment, read_grid, read_houses, read_seats
from cotforge.verifiers._readers import BAD_PAYLOAD, AnswerError, WrongAnswer, final_part, loads_json, read_final
from cotforge.verifiers.base import Verifier

__all__ = ["AnswerError", "CspVerifier", "final_part"]


_MASKS = {tuple(bits(m)): m for m in range(1 << 10)}


def _read_state(csp: Csp, text: str, n: int) -> tuple[list[int], list[int]]:
    """A step's candidates (as masks) and cited constraints; ValueError (or TypeError, KeyError)
    when the state is malformed or does not fit the puzzle."""
    body = loads_json(text)
    doms = [_MASKS.get(tuple(c)) or mask(c) for c in body["candidates"]]
    uses = [int(u) for u in body.get("uses", [])]
    if len(doms) != n or any(not 0 <= u < len(csp.constraints) for u in uses):
        raise ValueError("state does not fit the puzzle")
    return doms, uses


class CspVerifier(Verifier):
    """Shared checks; a family supplies ``read`` (answer text -> value index per variable)."""

    name = "csp"

    def __init__(self) -> None:
        self._memo: dict[tuple[str, str, str, str], tuple[bool | None, bool]] = {}
        """(payload, state before, kind, state) -> (verdict, whether the state could be read)."""

    def read(self, csp: Csp, text: str) -> list[int]:
        raise NotImplementedError

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        try:
            csp = csp_from_json(problem.payload)
        except BAD_PAYLOAD as e:
            return Verdict.error(f"bad {problem.task} payload: {e}")
        if not isinstance(answer, str) or not answer.strip():
            return Verdict.unreadable("no answer")
        try:
            values = read_final(answer, lambda part: self.read(csp, part))
        except WrongAnswer as e:
            return Verdict.reject(str(e))
        except AnswerError as e:
            return Verdict.unreadable(str(e))
        except Exception as e:  # a bug in the reader is "could not verify", never "wrong"
            return Verdict.error(f"reading the answer crashed: {type(e).__name__}: {e}")
        bad = csp.violated(values)
        if bad:
            if bad[0] == -1:
                return Verdict.reject("the answer changes a given")
            c = csp.constraints[bad[0]]
            return Verdict.reject(f"{c.label} is broken" + (f' ("{c.text}")' if c.text else ""))
        return Verdict.accept(f"satisfies all {len(csp.constraints)} constraints")

    def check_steps(self, problem: Problem, steps: Sequence[Step]) -> list[bool | None]:
        """Deductions must follow from the constraints they cite; assumptions are unchecked.

        A step's verdict depends only on the puzzle, the candidates before it and the step, so it
        is remembered: the negatives of a record share their first steps with its solution."""
        try:
            csp = csp_from_json(problem.payload)
        except BAD_PAYLOAD:
            return [None] * len(steps)
        memo = self._memo
        if len(memo) > 50_000:
            memo.clear()
        prev_text = ""  # the state the candidates before come from ("": the puzzle as posed)
        prev: Sequence[int] | None = initial_candidates(csp)
        out: list[bool | None] = []
        for step in steps:
            key = (problem.payload, prev_text, step.kind, step.state)
            known = memo.get(key)
            if known is None:
                if prev is None:
                    prev = _read_state(csp, prev_text, len(csp.var_names))[0]
                try:
                    doms, uses = _read_state(csp, step.state, len(prev))
                except BAD_PAYLOAD:
                    known = (None, False)
                else:
                    known = (self._check(csp, step.kind, prev, doms, uses), True)
                    prev = doms
                memo[key] = known
            elif known[1]:
                prev = None  # read again only if a later step is not remembered
            out.append(known[0])
            if known[1]:
                prev_text = step.state
        return out

    @staticmethod
    def _check(csp: Csp, kind: str, prev: Sequence[int], doms: list[int], uses: list[int]) -> bool | None:
        if kind == "answer":
            return all(len(bits(m)) == 1 for m in doms) and not csp.violated([bits(m)[0] for m in doms])
        if kind == "contradiction":
            return any(m == 0 for m in doms) or not solve(csp, doms, 1, uses)
        if kind == "deduce":
            if list(doms) == list(prev):
                return True  # a restatement (a value already settled, now written down)
            return bool(uses) and follows(csp, prev, doms, uses)
        return None


class SudokuVerifier(CspVerifier):
    name = "sudoku"

    def read(self, csp: Csp, text: str) -> list[int]:
        return read_grid(csp, text)


VERIFIERS.register("sudoku", SudokuVerifier())


class FutoshikiVerifier(SudokuVerifier):
    name = "futoshiki"


VERIFIERS.register("futoshiki", FutoshikiVerifier())


class ZebraVerifier(CspVerifier):
    name = "zebra"

    def read(self, csp: Csp, text: str) -> list[int]:
        return read_houses(csp, text)


VERIFIERS.register("zebra", ZebraVerifier())


class SeatingVerifier(CspVerifier):
    name = "seating"

    def read(self, csp: Csp, text: str) -> list[int]:
        return read_seats(csp, text)


VERIFIERS.register("seating", SeatingVerifier())


class GraphColoringVerifier(CspVerifier):
    name = "graph_coloring"

    def read(self, csp: Csp, text: str) -> list[int]:
        return read_assignment(csp, text)


VERIFIERS.register("graph_coloring", GraphColoringVerifier())
