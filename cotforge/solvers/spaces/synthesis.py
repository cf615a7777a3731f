"""Step space for function_synthesis: translate the spec clause by clause, check, fix, answer.

Plain clauses map to one op; a vague clause gets a first guess (the first op of its family).
The whole candidate is then checked against the examples; when one fails, the fixes on offer
swap one vague clause for another reading, best first by how many examples they repair. So the
search runs over compositions of the op library, and the chain of thought shows the hypothesis,
the check and the fix. Values shown come from the op library; every step's claims are re-checked
by running its code in the sandbox (see ``cotforge.verifiers.code_tests``). Wrong moves (see
``propose_wrong``) claim what their text asserts, so that re-check rejects them.
"""

from __future__ import annotations

import random
from typing import Any

from cotforge.domains.code_harness import untag
from cotforge.domains.code_ops import OPS, PARAM, Op, apply, function_lines, function_source, input_name, value_names
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._code_steps import claim_step, difference, similarity

State = tuple[tuple[str, ...], str, int]
"""(ops chosen, phase: start | build | unchecked | failed | passed | done | wrong | wrong_check (after a
check that passed what fails) | skipped <example> | trusted <example> (see SKIPPED, TRUSTED), fixes made)."""
MAX_FIXES = 4
SKIPPED = "skipped "
"""The phase after a check that read a failing example as passing (its index follows)."""
TRUSTED = "trusted "
"""The phase after a fix that left an example failing but claims it passes (its index follows)."""


class SynthesisSpace(Space[State]):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        data = problem.data()
        self.kind: str = data["input_type"]
        self.clauses: list[dict[str, Any]] = data["clauses"]
        self.examples = [(e["arg"], untag(e["want"])) for e in data["examples"]]

    def root(self) -> State:
        return ((), "start", 0)

    def _type_at(self, chosen: tuple[str, ...]) -> str:
        return OPS[chosen[-1]].dst if chosen else self.kind

    def _family(self, i: int, src: str) -> list[Op]:
        """The ops clause ``i`` may mean: its family's, and for a vague clause every family its phrase
        could mean (the payload's ``families``), its own family first."""
        meant = self.clauses[i].get("families") or [self.clauses[i]["family"]]
        return sorted((o for o in OPS.values() if o.family in meant and o.src == src), key=lambda o: meant.index(o.family))

    def _outputs(self, chosen: tuple[str, ...]) -> list[Any]:
        return [apply(chosen, x)[-1] for x, _ in self.examples]

    def _passes(self, outs: list[Any], skip: int | None = None) -> list[bool]:
        """Which examples ``outs`` pass; example ``skip`` passes whatever it gets (a test misread)."""
        return [o == w or j == skip for j, ((_, w), o) in enumerate(zip(self.examples, outs))]

    def _check(self, chosen: tuple[str, ...], fixes: int, believed: tuple[str, ...] | None = None,
               skip: int | None = None, wrong: bool = False) -> Move:
        """The check of every example; with ``believed`` (a careless writer's picture of its function),
        the outputs it reports are those of the function it believes it wrote, the code the one it did;
        ``skip``: an example it misreads as passing. Each tick claims the example passes."""
        outs = self._outputs(believed if believed is not None else chosen)
        passed = self._passes(outs, skip)
        marks = [f"f({x!r}) returns {o!r}" + (" ✓" if ok else f", expected {w!r} ✗")
                 for (x, w), o, ok in zip(self.examples, outs, passed)]
        text = f"Checking against the examples: {'; '.join(marks)}." + (" All pass." if all(passed) else "")
        claims = [(x, w if ok else o) for (x, w), o, ok in zip(self.examples, outs, passed)]
        step = claim_step(text, "check", function_source(chosen), claims, wrong, "misread_test" if wrong else "")
        phase = f"{SKIPPED}{skip}" if wrong else "passed" if all(passed) else "failed"
        return Move(step, next_state=(chosen, phase, fixes))

    def propose(self, state: State, k: int) -> list[Move]:
        chosen, phase, fixes = state
        n, param = len(self.clauses), PARAM[self.kind]
        if phase == "start":
            said = "; ".join(f"({i + 1}) {c['text']}{' (vague)' if c['vague'] else ''}" for i, c in enumerate(self.clauses))
            text = (f"The function takes `{param}` and must do {n} thing{'s' * (n > 1)} in order: {said}. I will write one "
                    "line per part, keeping the running value in `v`, then check the examples.")
            return [Move(claim_step(text, "plan", "", []), next_state=((), "build", 0))]
        if phase == "build":
            i, src = len(chosen), self._type_at(chosen)
            clause = self.clauses[i]
            family = self._family(i, src)
            op = family[0] if clause["vague"] else next(o for o in family if o.says == clause["text"])
            return [self._hypothesis(chosen, op, i, clause)]
        if phase == "unchecked":
            return [self._check(chosen, fixes)]
        if phase == "failed":
            return self._fixes(chosen, fixes)[:k] if fixes < MAX_FIXES else []
        if phase == "passed":
            return [_answer(chosen, self.examples, fixes)]
        return []

    def _hypothesis(self, chosen: tuple[str, ...], op: Op, i: int, clause: dict[str, Any], wrong: bool = False,
                    believed: tuple[str, ...] | None = None) -> Move:
        new = chosen + (op.name,)
        x = self.examples[0][0]
        seen = believed if believed is not None else chosen  # the values the writer works with
        before = apply(seen, x)[-1] if seen else x
        after = apply(seen + (op.name,), x)[-1]
        line = function_lines(new)[i].strip() if i == len(self.clauses) - 1 else _stored_line(new)
        if clause["vague"]:
            text = (f"Part {i + 1} only says \"{clause['text']}\". My first guess is to {op.says}: `{line}`. "
                    f"On the first example {before!r} becomes {after!r}.")
        else:
            text = f"Part {i + 1}, {clause['text']}: `{line}`. On the first example {before!r} becomes {after!r}."
        phase = "wrong" if wrong else ("build" if len(new) < len(self.clauses) else "unchecked")
        step = claim_step(text, "hypothesis", function_source(new), [(x, after)], wrong)
        return Move(step, next_state=(new, phase, 0))

    def _fixes(self, chosen: tuple[str, ...], fixes: int, believed: tuple[str, ...] | None = None,
               skip: int | None = None) -> list[Move]:
        """The fixes of the first failing example, best first; with ``believed`` and ``skip`` (see
        ``_check``) weighed and told as the writer sees them, each applied to the code it wrote."""
        seen = believed if believed is not None else chosen
        outs = self._outputs(seen)
        m = self._passes(outs, skip).index(False)
        (x, want), got = self.examples[m], outs[m]
        options = []
        for i, clause in enumerate(self.clauses):
            if not clause["vague"]:
                continue
            current = OPS[seen[i]]
            for alt in self._family(i, current.src):
                cand = seen[:i] + (alt.name,) + seen[i + 1:]
                if alt.name == current.name or any(OPS[a].dst != OPS[b].src for a, b in zip(cand, cand[1:])):
                    continue
                outs_now = self._outputs(cand)
                passes = sum(self._passes(outs_now, skip))
                near = sum(similarity(o, w) for j, ((_, w), o) in enumerate(zip(self.examples, outs_now)) if j != skip)
                options.append((-passes, -near, i, alt.name, cand))
        moves = []
        for *_, i, alt_name, cand in sorted(options):
            alt, new_out = OPS[alt_name], apply(cand, x)[-1]
            written = chosen[:i] + (alt_name,) + chosen[i + 1:]
            text = (f"Example {m + 1} fails: f({x!r}) gives {got!r}, {difference(got, want)}, instead of {want!r}. "
                    f"Part {i + 1} (\"{self.clauses[i]['text']}\") was only a guess. Reading it as \"{alt.says}\" "
                    f"instead gives `{function_lines(written)[i].strip()}`, and now f({x!r}) gives {new_out!r}.")
            step = claim_step(text, "fix", function_source(written), [(x, new_out)])
            moves.append(Move(step, next_state=(written, "unchecked", fixes + 1)))
        return moves

    def propose_wrong(self, state: State, k: int, rng: random.Random) -> list[Move]:
        """Labelled mistakes, each claiming what its text asserts so the step check rejects it: a
        plainly stated part misread as another op of its kind, believed to do what the part says
        (``misread_clause``); a check that declares every example passed when one fails
        (``premature_conclusion``, only where one alone fails); a check that reads one failing example
        as passing (``misread_test``: where others fail too, they are fixed as usual); a fix that leaves the failing example failing but claims it passes
        (``wrong_fix``)."""
        chosen, phase, fixes = state
        if k < 1:
            return []
        if phase == "build" and not self.clauses[len(chosen)]["vague"]:
            i = len(chosen)
            right = next(o for o in self._family(i, self._type_at(chosen)) if o.says == self.clauses[i]["text"])
            x = self.examples[0][0]
            before = apply(chosen, x)[-1] if chosen else x
            believed = apply([right.name], before)[-1]
            others = [o for o in self._family(i, right.src) if o.name != right.name and o.dst == right.dst
                      and apply([o.name], before)[-1] != believed]
            if not others:
                return []
            op = rng.choice(others)
            new = chosen + (op.name,)
            line = function_lines(new)[i].strip() if i == len(self.clauses) - 1 else _stored_line(new)
            text = (f"Part {i + 1}, {self.clauses[i]['text']}: `{line}`. On the first example {before!r} becomes "
                    f"{believed!r}.")
            step = claim_step(text, "hypothesis", function_source(new), [(x, believed)], True, "misread_clause")
            return [Move(step, next_state=(new, "wrong", 0))]
        if phase == "unchecked":
            outs = self._outputs(chosen)
            failing = [j for j, ok in enumerate(self._passes(outs)) if not ok]
            if not failing:
                return []
            text = ("Checking against the examples: " + "; ".join(f"f({x!r}) returns {w!r} ✓" for x, w in self.examples)
                    + ". All pass.")
            step = claim_step(text, "check", function_source(chosen), self.examples, True, "premature_conclusion")
            moves = [self._check(chosen, fixes, skip=rng.choice(failing), wrong=True)]
            if len(failing) == 1:  # several failures are hard to overlook all at once: one misread, the rest fixed
                moves.append(Move(step, next_state=(chosen, "wrong_check", fixes)))
            rng.shuffle(moves)
            return moves[:k]
        if phase == "failed":
            outs = self._outputs(chosen)
            m = next(j for j, ((_, w), o) in enumerate(zip(self.examples, outs)) if o != w)
            (x, want), got = self.examples[m], outs[m]
            for i, clause in enumerate(self.clauses):
                if not clause["vague"]:
                    continue
                for alt in self._family(i, OPS[chosen[i]].src):
                    cand = chosen[:i] + (alt.name,) + chosen[i + 1:]
                    if alt.name == chosen[i] or any(OPS[a].dst != OPS[b].src for a, b in zip(cand, cand[1:])):
                        continue
                    if apply(cand, x)[-1] == want:
                        continue
                    text = (f"Example {m + 1} fails: f({x!r}) gives {got!r}, {difference(got, want)}, instead of {want!r}. "
                            f"Part {i + 1} (\"{clause['text']}\") was only a guess. Reading it "
                            f"as \"{alt.says}\" instead gives `{function_lines(cand)[i].strip()}`, and now f({x!r}) "
                            f"gives {want!r}.")
                    step = claim_step(text, "fix", function_source(cand), [(x, want)], True, "wrong_fix")
                    return [Move(step, next_state=(cand, f"{TRUSTED}{m}", fixes + 1))]
        return []

    def conclude_careless(self, state: State) -> tuple[list[Step], str] | None:
        """After a slip, a solver that does not notice it and goes on the way it always does, so the
        negative reads like a solution to its last line: the other parts written, checks and fixes as
        usual, then the function it ended with as the answer. What it believes stays wrong: after a
        misread part every value it reports is the one the part as stated would give; after a misread
        test or a fix that claims to repair an example, that example keeps passing in its eyes. After a
        check that passed everything, the answer at once."""
        chosen, phase, fixes = state
        if phase == "wrong_check":
            return [_answer(chosen, self.examples, fixes).step], f"```python\n{function_source(chosen)}```"
        if phase.startswith(TRUSTED):  # a check is due after the fix
            return self._carry(chosen, "unchecked", fixes, skip=int(phase[len(TRUSTED):]))
        if phase.startswith(SKIPPED):  # the check is made: it read every other example right
            skip = int(phase[len(SKIPPED):])
            return self._carry(chosen, "passed" if all(self._passes(self._outputs(chosen), skip)) else "failed", fixes,
                               skip=skip)
        if phase != "wrong":
            return None
        misread = self._misread(chosen)
        if misread is None:
            return None
        at, right = misread
        phase = "build" if len(chosen) < len(self.clauses) else "unchecked"
        return self._carry(chosen, phase, fixes, at, right)

    def _misread(self, chosen: tuple[str, ...]) -> tuple[int, str] | None:
        """The plainly stated part ``chosen`` does not do as stated, and the op that does, if any."""
        for i, name in enumerate(chosen):
            clause = self.clauses[i]
            if clause["vague"]:
                continue
            src = OPS[chosen[i - 1]].dst if i else self.kind
            right = next((o for o in self._family(i, src) if o.says == clause["text"]), None)
            if right is not None and right.name != name:
                return i, right.name
        return None

    def _carry(self, names: tuple[str, ...], phase: str, fixes: int, at: int | None = None, right: str = "",
               skip: int | None = None) -> tuple[list[Step], str] | None:
        """The sound moves on from ``(names, phase, fixes)`` as a writer who believes part ``at`` does as
        stated (``right``) and example ``skip`` passes sees them, applied to the code it wrote; the steps and
        the function it answers, or None if that search would not end in an answer."""

        def believed(written: tuple[str, ...]) -> tuple[str, ...] | None:
            return None if at is None else written[:at] + (right,) + written[at + 1:]

        steps: list[Step] = []
        for _ in range(len(self.clauses) + 2 * MAX_FIXES + 2):
            seen = believed(names) or names
            if phase == "build":
                i = len(names)
                clause = self.clauses[i]
                family = self._family(i, self._type_at(seen))
                op = family[0] if clause["vague"] else next(o for o in family if o.says == clause["text"])
                move = self._hypothesis(names, op, i, clause, believed=believed(names))
            elif phase == "unchecked":
                move = self._check(names, fixes, believed(names), skip)
            elif phase == "failed" and fixes < MAX_FIXES:
                options = self._fixes(names, fixes, believed(names), skip)
                if not options:
                    return None
                move = options[0]
            elif phase == "passed":
                steps.append(_answer(names, self.examples, fixes).step)
                return steps, f"```python\n{function_source(names)}```"
            else:
                return None
            steps.append(move.step)
            names, phase, fixes = move.next_state
        return None

    def is_terminal(self, state: State) -> bool:
        return state[1] in ("done", "wrong", "wrong_check") or state[1].startswith((SKIPPED, TRUSTED)) or (state[1] == "failed" and state[2] >= MAX_FIXES)

    def answer(self, state: State) -> str | None:
        return f"```python\n{function_source(state[0])}```" if state[1] == "done" else None

    def heuristic(self, state: State) -> float:
        chosen, phase, _ = state
        rest = {"start": len(self.clauses) + 3, "build": len(self.clauses) - len(chosen) + 2, "unchecked": 2,
                "failed": 3, "passed": 1}
        return float(rest.get(phase, 0))

    def key(self, state: State) -> tuple[tuple[str, ...], str]:
        return (state[0], state[1])


def _answer(chosen: tuple[str, ...], examples: list[tuple[Any, Any]], fixes: int) -> Move:
    source = function_source(chosen)
    text = f"Every example passes, so this is the function:\n```python\n{source}```"
    return Move(claim_step(text, "answer", source, examples), next_state=(chosen, "done", fixes))


def _stored_line(names: tuple[str, ...]) -> str:
    """The last of ``names`` as a line that stores its result (it is not the function's last line)."""
    stored = value_names(names)[-1]
    return f"{stored} = {OPS[names[-1]].expr(input_name(names, len(names) - 1))}"


SPACES.register("synthesis", SynthesisSpace)
