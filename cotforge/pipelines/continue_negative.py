"""Negatives continued past their error, the way a model that did not notice would go on.

A plausible wrong move (``Space.propose_wrong``) is taken at some point of the verified chain;
from the wrong state the space's own sound moves are applied, best first, until a terminal: a
wrong final answer (or, where the task's sound moves find one, a contradiction - a real dead end).
The result reads like a solution of the same style and length that went wrong at one step, so a
preference pair or a process label teaches where the reasoning broke, not how long it was or how
it ended.

A candidate is kept only when the step checker shows its wrong step wrong and every step before it
right (never on the generator's say-so alone), and when its end really is wrong: a slip that
cancels out and lands on the gold answer is dropped. What happened to every candidate is counted
(``Tally``), so a bench can say per task where negatives are missing and why.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from cotforge.core.records import Problem, Step, Trace, Verdict
from cotforge.core.space import Move, Space
from cotforge.verifiers.base import Verifier

WRONG_PER_POSITION = 3
"""Wrong moves asked of the space at each point of the chain."""


@dataclass(slots=True)
class Tally:
    """What became of the wrong moves tried: ``kept``, ``no_wrong_move`` (a position the space has no
    wrong move for), ``not_shown_wrong`` (the step check does not fail the wrong step), ``prefix_fails``,
    ``lands_on_gold``, ``no_terminal`` (the sound moves run out or loop before an end)."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, what: str) -> None:
        self.counts[what] += 1


def continue_sound(space: Space[Any], state: Any, max_steps: int) -> tuple[list[Step], Any] | None:
    """The space's best sound move, applied from ``state`` until a terminal; None if none is reached
    within ``max_steps`` (or no sound move is left)."""
    steps: list[Step] = []
    seen = {space.key(state)}
    while not space.is_terminal(state):
        if len(steps) >= max_steps:
            return None
        moves = [m for m in space.propose(state, 1) if not m.step.intended_wrong]
        if not moves:
            return None
        state = space.apply(state, moves[0])
        key = space.key(state)
        if key in seen:
            return None  # a loop: no model would be written going round in it
        seen.add(key)
        steps.append(moves[0].step)
    return steps, state


def continued_negatives(space: Space[Any], problem: Problem, verifier: Verifier, chain: Sequence[Step], states: Sequence[Any],
                        limit: int, rng: random.Random, verdict_of: Callable[[str | None], Verdict],
                        tally: Tally | None = None, chain_checks: Sequence[bool | None] | None = None) -> tuple[Trace, ...]:
    """Up to ``limit`` negatives, each the verified ``chain`` up to some step, one wrong move there, then
    sound moves to the end; spread over positions and error kinds, wrong final answers before dead ends.

    ``states[i]`` is the state before ``chain[i]`` (the root first). Deterministic for a given ``rng``.
    ``chain_checks``, the step check's verdicts on ``chain`` where the caller has them: a verifier that judges
    steps one by one (``steps_independent``) gives the same verdicts on a negative's copy of the chain's steps,
    so only the steps from the wrong one on are sent to it.
    """
    tally = tally if tally is not None else Tally()
    if limit <= 0 or not chain:
        return ()
    known = list(chain_checks) if verifier.steps_independent and chain_checks is not None and len(chain_checks) == len(chain) else None
    positions = list(range(len(chain)))
    rng.shuffle(positions)
    wanted = 3 * limit  # candidates collected before choosing: enough to spread kinds and positions
    found: list[Trace] = []
    wrongs: list[tuple[int, Move]] = []
    foresee = getattr(space, "foresee", None)  # optional (see ``Foresees``): which wrong moves to continue first
    drafts: list[_Draft] = []  # continued, not yet judged: each makes one negative at most

    def enough(bound: int) -> bool:
        """Whether ``bound`` negatives are found: judged first only once the drafts could make that many, so that the
        step checks of several positions go to the verifier together and the stop comes where judging each at
        once would put it."""
        if len(found) + len(drafts) >= bound:
            found.extend(_judged(problem, verifier, chain, drafts, verdict_of, tally, known))
            drafts.clear()
        return len(found) >= bound

    for position in positions:
        if len(wrongs) >= wanted if foresee is not None else enough(wanted):
            break
        moves = [m for m in space.propose_wrong(states[position], WRONG_PER_POSITION, rng) if m.step.intended_wrong]
        if not moves:
            tally.add("no_wrong_move")
            continue
        if foresee is not None:
            wrongs += [(position, move) for move in moves]  # continued below, the most promising first
            continue
        drafts += _continued(space, chain, position, [(move.step, space.apply(states[position], move)) for move in moves], tally)
    if foresee is not None:
        for position, move in foreseen_order(wrongs, foresee, problem.answer, len(chain)):
            if enough(limit + FORESEEN_EXTRA):
                break
            drafts += _continued(space, chain, position, [(move.step, space.apply(states[position], move))], tally)
    enough(0)  # the drafts left, judged
    picked = choose(found, limit, rng, gold=problem.answer, length=text_length(chain, problem.answer), count=len(chain))
    if not verifier.steps_independent:
        return picked
    return tuple(_labelled(_checks(problem, verifier, t.steps, t.first_wrong_step or 0, known), t) for t in picked)


class Foresees(Protocol):
    """A space that can tell, without writing them, where the sound continuation of a wrong state ends and how long
    it is: ``foresee(state)`` gives the answer it will end in (None: a dead end or not known) and about how many
    steps it takes. ``continued_negatives`` then collects the same wrong moves as without it (the same draws), but
    continues the most promising first (see ``foreseen_order``) and only ``limit + FORESEEN_EXTRA`` of them where
    enough are kept, instead of every one of ``3 * limit`` candidates. The foresight only orders: every negative is
    still continued, verified and checked step by step as before."""

    def foresee(self, state: Any) -> tuple[str | None, int]: ...


FORESEEN_EXTRA = 2
"""Negatives continued beyond ``limit`` for ``choose`` where the space foresees (issue 21, lineq4: linear_equation's
surface probe 0.50 with all nine continued, 0.51 with five, 0.53 with four in the foreseen order; 0.55-0.57 with
four to six taken in the drawn order)."""


def foreseen_order(wrongs: list[tuple[int, Move]], foresee: Callable[[Any], tuple[str | None, int]], gold: str | None,
                   count: int) -> list[tuple[int, Move]]:
    """``wrongs`` (position, wrong move), in the order ``choose`` would prefer their continuations: ending in an
    answer other than the gold's text first, then in one written like the gold (``shape``), then of the solution's
    step ``count``; within each, the first move drawn at each position before the second at any (so the continued
    ones spread over the positions, as ``choose`` spreads its picks), else the drawn order (a stable sort)."""
    like = shape(gold) if gold is not None else None
    drawn: Counter[int] = Counter()
    ranked = []
    for position, move in wrongs:
        end, steps = foresee(move.next_state)
        ranked.append(((end is None or end == gold, end is not None and like is not None and shape(end) != like,
                        position + 1 + steps != count, drawn[position]), (position, move)))
        drawn[position] += 1
    return [item for _, item in sorted(ranked, key=lambda r: r[0])]


def _checks(problem: Problem, verifier: Verifier, steps: Sequence[Step], position: int,
            known: list[bool | None] | None) -> list[bool | None]:
    """The step check's verdicts on ``steps`` (of a verifier that judges steps one by one), the chain's ``known``
    verdicts taken for the ``position`` steps copied from it."""
    prefix, rest = _unknown(steps, position, known)
    return prefix + verifier.check_steps(problem, rest)


def _unknown(steps: Sequence[Step], position: int,
             known: list[bool | None] | None) -> tuple[list[bool | None], Sequence[Step]]:
    """The chain's ``known`` verdicts for the ``position`` steps of ``steps`` copied from it, and the steps left to
    check (all of them where none are known)."""
    return ([], steps) if known is None else (known[:position], steps[position:])


_Draft = tuple[int, Step, Sequence[Step], "str | None", str]
"""A negative not yet judged: its wrong step's position, the wrong step, the steps after it, its answer (None: a dead
end) and its tag ("careless_" for a careless conclusion)."""


def _continued(space: Space[Any], chain: Sequence[Step], position: int, wrongs: Sequence[tuple[Step, Any]],
               tally: Tally) -> list[_Draft]:
    """The negatives the wrong moves at one ``position`` give (``wrongs``: each wrong step and the state after it),
    not yet judged: each one's sound continuation (a wrong answer, or a dead end), and where that is a dead end (or
    none is reached) the space's careless conclusion as well (``Space.conclude_careless``: the wrong state carried
    on to a wrong final answer)."""
    drafts: list[_Draft] = []
    for wrong, after in wrongs:
        rest = continue_sound(space, after, max_steps=2 * len(chain) + 4)
        if rest is None:
            tally.add("no_terminal")
        else:
            drafts.append((position, wrong, rest[0], space.answer(rest[1]), ""))
        if rest is None or space.answer(rest[1]) is None:
            careless = space.conclude_careless(after)
            if careless is not None:
                drafts.append((position, wrong, careless[0], careless[1], "careless_"))
    return drafts


def _judged(problem: Problem, verifier: Verifier, chain: Sequence[Step], drafts: Sequence[_Draft],
            verdict_of: Callable[[str | None], Verdict], tally: Tally, known: list[bool | None] | None = None) -> list[Trace]:
    """The ``drafts`` kept, in order (see ``_kept``). Their step checks go to the verifier together
    (``Verifier.check_steps_many``: one sandbox run for the code verifiers, where each negative was a run of its own)."""
    verdicts = [verdict_of(answer) if answer is not None else Verdict.reject("dead end: " + (tail[-1].text if tail else wrong.text))
                for _, wrong, tail, answer, _ in drafts]
    wrong_ends = [(i, position, (*chain[:position], wrong, *tail))
                  for i, ((position, wrong, tail, _, _), v) in enumerate(zip(drafts, verdicts)) if not v.accepted]
    # where steps are judged one by one, the tail is checked only for the negatives ``choose`` keeps (the
    # choice reads no check): the verdicts up to the wrong step decide, and they are the same either way
    sent = [_sent(verifier, steps, position, known) for _, position, steps in wrong_ends]
    got = verifier.check_steps_many(problem, [part for _, part in sent])
    checks = {i: prefix + checked_part for (i, _, _), (prefix, _), checked_part in zip(wrong_ends, sent, got)}
    out: list[Trace] = []
    for i, ((position, wrong, tail, answer, tag), verdict) in enumerate(zip(drafts, verdicts)):
        if verdict.accepted:
            tally.add(tag + "lands_on_gold")
            continue
        made = _kept(verifier, chain, position, wrong, tail, answer, verdict, checks[i], tally, tag)
        if made is not None:
            out.append(made)
    return out


def _sent(verifier: Verifier, steps: Sequence[Step], position: int,
          known: list[bool | None] | None) -> tuple[list[bool | None], Sequence[Step]]:
    """What of a negative's ``steps`` goes to the step check, and the verdicts known for the steps before it: all of
    them, or where steps are judged one by one, those up to the wrong step at ``position`` (only that one where the
    chain's verdicts are ``known``)."""
    return _unknown(steps[:position + 1], position, known) if verifier.steps_independent else ([], steps)


def _kept(verifier: Verifier, chain: Sequence[Step], position: int, wrong: Step, tail: Sequence[Step], answer: str | None,
          verdict: Verdict, checks: list[bool | None], tally: Tally, tag: str = "") -> Trace | None:
    """The negative ``chain[:position]``, ``wrong``, ``tail`` ending in ``answer`` (None: a dead end), whose end the
    verifier rejects (``verdict``), if the step check (``checks``) fails its wrong step and passes every step before
    it; else None, counted in ``tally`` (``tag`` marks careless conclusions)."""
    steps = (*chain[:position], wrong, *tail)
    if any(ok is False for ok in checks[:position]):
        tally.add(tag + "prefix_fails")
        return None
    if checks[position] is not False:
        tally.add(tag + "not_shown_wrong")
        return None
    tally.add(tag + "kept")
    reaches = tuple([True] * position + [False] * (len(steps) - position))
    made = Trace(tuple(steps), answer, verdict, reaches_answer=reaches, first_wrong_step=position)
    # where steps are judged one by one, the negatives ``choose`` keeps are labelled whole after the choice (which
    # reads no label), over these labels: labelling every candidate here as well would be overwritten
    return made if verifier.steps_independent else _labelled(checks, made)


def _labelled(checks: Sequence[bool | None], trace: Trace) -> Trace:
    """``trace`` with each step's check (as far as ``checks`` go) and, from the wrong step on, the exact value 0:
    no verified answer lies below a wrong state we keep."""
    position = trace.first_wrong_step or 0
    return trace.with_steps(tuple(checked(s, ok, 0.0 if i >= position else s.value)
                                  for i, (s, ok) in enumerate(zip(trace.steps, checks))) + trace.steps[len(checks):])


def checked(step: Step, verified: bool | None, value: float | None) -> Step:
    """``step`` with its check and value set: ``dataclasses.replace(step, verified=..., value=...)`` without its
    per-call walk over the fields (every step of every record and negative is copied so, several times a record);
    ``tests/pipelines/test_continue_negative_speed.py`` holds it to ``replace`` field by field."""
    return Step(text=step.text, state=step.state, kind=step.kind, value=value, verified=verified,
                intended_wrong=step.intended_wrong, latex=step.latex, error_kind=step.error_kind)


def choose(found: list[Trace], limit: int, rng: random.Random, gold: str | None = None,
           length: int | None = None, count: int | None = None) -> tuple[Trace, ...]:
    """``limit`` of ``found``: wrong final answers before dead ends, then each pick a new error kind at a
    new position where one is left (so neither one kind nor one position, such as the last step, dominates);
    answers written like the gold (``shape``: digits masked) come first, so the last line gives nothing away.

    With the solution's ``length`` (``text_length``): negatives within ``LENGTH_BAND`` of it first, and
    each pick from the side (longer or shorter than the solution) picked less often so far, so that over a
    run a rejected text is as often shorter as longer (a wrong value with more digits, carried through
    every later step, made rejected texts longer in 72 of 100 inequality pairs: a probe that reads only
    the lengths' difference learns that).

    With the solution's step ``count``, a negative of as many steps comes before one of more or fewer
    (those from the side picked less often first), even when the other would bring a new error kind (in
    all but a ``KINDS_FIRST`` share of records, so every kind still shows over a run): a
    slip that settles a value in one jump writes fewer steps than the eliminations it skips, and with
    kinds first nearly every record's pairs took one (rejected texts with fewer steps in 331 of 400
    graph_coloring pairs, which a surface probe reads); the side is read off the steps first."""
    pool = list(found)
    rng.shuffle(pool)
    pool.sort(key=lambda t: t.answer is None)  # stable: the shuffle still orders within each shape
    picked: list[Trace] = []
    kinds: set[str] = set()
    spots: set[int] = set()
    sides: Counter[int] = Counter()
    like = shape(gold) if gold is not None else None
    low, high = LENGTH_BAND
    # each candidate's length and answer shape, once (``rank`` reads them for every candidate at every pick)
    lengths = {id(t): text_length(t.steps, t.answer) for t in pool}
    unlikes = {id(t): like is not None and t.answer is not None and shape(t.answer) != like for t in pool}

    def side(t: Trace) -> int:
        if count is not None and len(t.steps) != count:
            return 1 if len(t.steps) > count else -1
        return 0 if length is None else (lengths[id(t)] > length) - (lengths[id(t)] < length)

    def rank(i: int) -> tuple[bool | int, ...]:
        t = pool[i]
        unlike = unlikes[id(t)]
        outside = length is not None and not low <= lengths[id(t)] / max(length, 1) <= high
        crowded = side(t) != 0 and sides[side(t)] > sides[-side(t)]
        if count is not None and not kinds_first:
            off = len(t.steps) != count
            return (t.answer is None, unlike, outside, off and crowded, off, crowded, _kind(t) in kinds, t.first_wrong_step in spots, i)
        return (t.answer is None, unlike, outside, _kind(t) in kinds, crowded, t.first_wrong_step in spots, i)

    # one slot of three or more is kept for a dead end where there is one: a wrong final answer makes
    # the preference pair, the dead end (a contradiction found) teaches process labels where a line fails
    kinds_first = count is None or rng.random() < KINDS_FIRST
    ends = [t for t in pool if t.answer is None]
    reserve = int(limit >= DEAD_END_SLOT_FROM and bool(ends) and len(pool) > len(ends))
    while pool and len(picked) < limit - reserve:
        best = min(range(len(pool)), key=rank)
        trace = pool.pop(best)
        picked.append(trace)
        kinds.add(_kind(trace))
        spots.add(trace.first_wrong_step or 0)
        sides[side(trace)] += 1
    if reserve:
        dead = [i for i, t in enumerate(pool) if t.answer is None]
        if dead:
            picked.append(pool.pop(min(dead, key=lambda i: (_kind(pool[i]) in kinds, pool[i].first_wrong_step in spots, i))))
    return tuple(sorted(picked, key=lambda t: t.first_wrong_step or 0))


KINDS_FIRST = 0.2
"""The share of records whose negatives are picked new kinds first even where that costs a step count
level with the solution's (see ``choose``): a kind a task writes only in fewer steps (a premature
conclusion skips the rest) still shows over a run, in few enough preference pairs not to teach length."""

DEAD_END_SLOT_FROM = 3
"""From this many negatives asked, one is a dead end where the space has one (the rest end in wrong answers)."""


LENGTH_BAND = (0.7, 1.3)
"""The length ratio negative/solution a DPO pair keeps (``cotforge.pipelines.views.dpo.LENGTH_BAND``)."""


def text_length(steps: Sequence[Step], answer: str | None) -> int:
    """About the characters of a completion made of ``steps`` and its final line: the steps, their breaks, the answer."""
    return sum(len(s.text) + 2 for s in steps) + len(answer or "")


def shape(answer: str) -> str:
    """An answer with its numbers masked: ``-\\frac{3}{4}`` and ``-\\frac{1}{2}`` have one shape, ``5`` another."""
    return re.sub(r"\d+(\.\d+)?", "#", answer)


def _kind(trace: Trace) -> str:
    k = trace.first_wrong_step
    return trace.steps[k].error_kind if k is not None else ""
