"""Negatives as training signals: continued past their error, proven wrong by the step check,
and written into the PRM, DPO and think views without a surface shortcut."""

from __future__ import annotations

import json
import random

import pytest

from cotforge.core.records import Record, Step, Trace, Verdict
from cotforge.core.registry import SPACES, TASKS, VERIFIERS
from cotforge.pipelines.solve import solve_problem
from cotforge.pipelines.continue_negative import (
    Tally,
    choose,
    continue_sound,
    continued_negatives,
)
from cotforge.solvers.search.base import SearchSettings

LEVELS = (1, 3, 5)
ITEMS = 2
CONTINUED = {"arithmetic_expression", "derivative", "inequality", "integral", "linear_equation", "linear_system", "number_theory",
             "percentage", "polynomial_expand", "polynomial_factor", "probability", "quadratic_equation", "rational_expression",
             "sequence", "shortest_path", "word_problem", "code_input"}
"""Tasks whose spaces carry on from a wrong state to a wrong final answer (the others end in a dead end,
or their wrong state is terminal: see bench/README.md, learning signals)."""


def _record(task: str, level: int, index: int) -> Record:
    outcome = solve_problem(TASKS.get(task).from_level(level, seed=5).generate(index), SearchSettings(negatives=3))
    assert outcome.record is not None, f"{task} L{level} #{index}: {outcome.verdict.reason}"
    return outcome.record


@pytest.mark.slow
@pytest.mark.parametrize("task", TASKS.names())
def test_every_negative_is_wrong_from_its_labelled_step_and_right_before_it(task: str) -> None:
    """Over the registry: each continued negative has one planted wrong step, named by kind, that the
    step checker fails; every step before it checks (never False); nothing after it is planted; its
    end is a wrong answer or a dead end, never the gold."""
    for level in LEVELS:
        for index in range(ITEMS):
            record = _record(task, level, index)
            verifier = VERIFIERS.get(record.problem.verifier)
            for negative in record.negatives:
                k = negative.first_wrong_step
                if k is None:  # the search's own dead end (a case that ran into a contradiction): nothing planted
                    assert negative.answer is None and not any(s.intended_wrong for s in negative.steps)
                    continue
                wrong = negative.steps[k]
                assert wrong.verified is False
                assert all(s.verified is not False for s in negative.steps[:k])
                if wrong.intended_wrong:
                    assert wrong.error_kind, f"{task}: a planted step without its error kind"
                    assert not any(s.intended_wrong for s in negative.steps[k + 1:])
                    assert [s.text for s in negative.steps[:k]] == [s.text for s in record.chain.steps[:k]]
                assert negative.answer is None or not verifier.verify(record.problem, negative.answer).accepted


@pytest.mark.slow
@pytest.mark.parametrize("task", sorted(CONTINUED))
def test_negatives_reach_a_wrong_final_answer_at_many_positions(task: str) -> None:
    """Where the space's sound moves go on from a wrong state, negatives end in a wrong answer, about
    as long as the solution, and their first error is not always the last step."""
    positions, ratios, ends = set(), [], []
    for level in LEVELS:
        for index in range(ITEMS):
            record = _record(task, level, index)
            assert record.negatives, f"{task} L{level} #{index}: no negative"
            for negative in record.negatives:
                if negative.first_wrong_step is None or not negative.steps[negative.first_wrong_step].intended_wrong:
                    continue
                ends.append(negative.answer is not None)
                positions.add(negative.first_wrong_step < len(record.chain.steps) - 1)
                ratios.append(len(negative.steps) / len(record.chain.steps))
    assert positions == {True, False} or positions == {True}, "every first error sits on the last step"
    ratios.sort()
    assert sum(ends) >= 0.75 * len(ends), f"{task}: {len(ends) - sum(ends)} of {len(ends)} negatives end in a dead end"
    assert 0.5 <= ratios[len(ratios) // 2] <= 1.5


@pytest.mark.parametrize("task", ["futoshiki", "zebra"])
def test_a_space_that_rations_its_wrong_moves_still_gives_the_record_planted_negatives(task: str) -> None:
    """The CSP spaces offer a few wrong moves per instance and the search spends them: the record's
    negatives come from a space of their own, so they are there, planted and named, at the default settings."""
    outcome = solve_problem(TASKS.get(task).from_level(1, seed=0).generate(1), SearchSettings())
    assert outcome.record is not None
    planted = [t for t in outcome.record.negatives if t.first_wrong_step is not None and t.steps[t.first_wrong_step].intended_wrong]
    assert planted, f"{task}: no planted negative"
    assert all(t.steps[t.first_wrong_step].error_kind and t.steps[t.first_wrong_step].verified is False for t in planted)


def test_continue_sound_follows_the_spaces_moves_from_a_wrong_state() -> None:
    problem = TASKS.get("linear_equation").from_level(3, seed=0).generate(0)
    space = SPACES.get(problem.space)(problem)
    root = space.root()
    slip = space.propose_wrong(root, 1, random.Random(0))[0]
    made = continue_sound(space, space.apply(root, slip), max_steps=20)
    assert made is not None
    steps, end = made
    assert space.is_terminal(end) and space.answer(end) != problem.answer
    assert steps and not any(s.intended_wrong for s in steps)
    assert continue_sound(space, space.apply(root, slip), max_steps=0) is None  # a cap that is too short: no end


def test_a_slip_that_lands_on_the_gold_or_passes_its_check_is_dropped_and_counted() -> None:
    problem = TASKS.get("linear_equation").from_level(2, seed=0).generate(1)
    space, verifier = SPACES.get(problem.space)(problem), VERIFIERS.get(problem.verifier)
    chain, states, state = [], [], space.root()
    while not space.is_terminal(state):
        move = space.propose(state, 1)[0]
        states.append(state)
        chain.append(move.step)
        state = space.apply(state, move)
    tally = Tally()
    always_right = continued_negatives(space, problem, verifier, chain, states, 3, random.Random(0),
                                       lambda a: Verdict.accept(), tally)
    assert always_right == () and tally.counts["lands_on_gold"] > 0 and not tally.counts["kept"]


def test_choose_spreads_kinds_and_positions_and_prefers_answers() -> None:
    def neg(pos: int, kind: str, answer: str | None) -> Trace:
        steps = tuple(Step(f"s{i}", "", error_kind=kind if i == pos else "") for i in range(5))
        return Trace(steps, answer, Verdict.reject("wrong"), first_wrong_step=pos)

    found = [neg(4, "a", "1"), neg(4, "a", "2"), neg(4, "b", "3"), neg(1, "a", "4"), neg(2, "c", None)]
    picked = choose(found, 2, random.Random(0))
    assert len(picked) == 2 and all(t.answer is not None for t in picked)
    assert {t.first_wrong_step for t in picked} == {1, 4} and {t.steps[t.first_wrong_step].error_kind for t in picked} == {"a", "b"}
    # from three asked, one slot keeps a dead end for the process labels; the rest end in wrong answers
    picked = choose(found, 3, random.Random(0))
    assert [t.answer is None for t in picked].count(True) == 1 and len(picked) == 3
    only_answers = [t for t in found if t.answer is not None]
    assert all(t.answer is not None for t in choose(only_answers, 3, random.Random(0)))


def _rows(task: str, n: int = 4) -> list[dict]:  # type: ignore[type-arg]
    from cotforge.pipelines.rows import raw_row

    return [raw_row(_record(task, level, i)) for level in (2, 4) for i in range(n // 2)]


def test_dpo_rejected_ends_like_the_chosen_one_and_lengths_match() -> None:
    from cotforge.pipelines.views import dpo_rows, final_line
    from cotforge.pipelines.views.dpo import LENGTH_BAND

    pairs = [p for r in _rows("linear_equation") for p in dpo_rows(r)]
    solutions = [p for p in pairs if p["pair_type"] == "solution"]
    assert solutions and any(p["pair_type"] == "step" for p in pairs)
    for p in pairs:
        assert p["chosen"] != p["rejected"]
        assert LENGTH_BAND[0] <= len(p["rejected"]) / len(p["chosen"]) <= LENGTH_BAND[1]
        ending = final_line("math", "X").split("X")[0]
        assert p["rejected"].splitlines()[-1].startswith(ending) and p["chosen"].splitlines()[-1].startswith(ending)
    assert len({p["rejected"].split("\n\n")[0] == p["chosen"].split("\n\n")[0] for p in solutions}) == 2  # errors at the start and later


def test_choose_takes_negatives_longer_and_shorter_than_the_solution_alike() -> None:
    def neg(words: int, kind: str) -> Trace:
        steps = (Step("x " * words, "", intended_wrong=True, error_kind=kind), Step("y", ""))
        return Trace(steps, "5", Verdict.reject("wrong"), first_wrong_step=0)

    found = [neg(60, "a"), neg(61, "b"), neg(62, "c"), neg(40, "d")]  # three longer than the solution, one shorter
    for seed in range(5):
        picked = choose(found, 2, random.Random(seed), gold="4", length=100)
        assert sorted(len(t.steps[0].text) > 100 for t in picked) == [False, True]


def test_choose_takes_negatives_of_the_solutions_step_count_before_new_kinds() -> None:
    """A jump (a value settled without the eliminations the solution writes) has fewer steps: with the
    solution's step count, negatives of as many steps come first, even over a new kind, except in the
    KINDS_FIRST share of records, so the jump's kind still shows over a run."""
    def neg(steps: int, kind: str) -> Trace:
        body = (Step("w" * 20, "", intended_wrong=True, error_kind=kind), *(Step("z" * 20, "") for _ in range(steps - 1)))
        return Trace(body, "5", Verdict.reject("wrong"), first_wrong_step=0)

    found = [neg(6, "misread"), neg(6, "misread"), neg(5, "jump"), neg(4, "jump")]
    jumps = 0
    for seed in range(100):
        picked = choose(found, 2, random.Random(seed), gold="4", length=6 * 22, count=6)
        jumps += any(len(t.steps) != 6 for t in picked)
    assert 0 < jumps <= 40, jumps
    # without the step count (the old call), kinds come first: a jump in every pick of two
    assert all(any(len(t.steps) != 6 for t in choose(found, 2, random.Random(seed), gold="4")) for seed in range(10))


def test_dpo_pairs_end_alike_on_a_task_whose_sound_moves_end_in_dead_ends() -> None:
    """knights_knaves: the dead ends stay in the record (and the PRM rows), but every DPO pair's rejected
    completion ends in a wrong answer written in the chosen one's final-line format."""
    from cotforge.pipelines.views import dpo_rows, final_line, prm_rows

    rows = _rows("knights_knaves")
    pairs = [p for r in rows for p in dpo_rows(r)]
    assert pairs
    ending = final_line("logic", "X").split("X")[0]
    for p in pairs:
        assert "This path reaches no answer." not in p["rejected"]
        assert p["rejected"].splitlines()[-1].startswith(ending) and p["chosen"].splitlines()[-1].startswith(ending)
    dead = [n for r in rows for n in r["negatives"] if n["answer"] is None and n["first_wrong_step"] is not None]
    assert dead, "no dead end kept for the process labels"
    assert sum(len(list(prm_rows(r))) for r in rows) == sum(1 + len(r["negatives"]) for r in rows)


CARELESS = ("code_output", "function_synthesis", "bug_fix", "countdown", "sudoku", "futoshiki", "zebra", "seating",
            "graph_coloring", "knights_knaves", "propositional")
"""Tasks whose sound moves from a wrong state end in a contradiction: their spaces' ``conclude_careless``
carries the wrong state on to a wrong final answer."""


@pytest.mark.parametrize("task", CARELESS)
def test_a_dead_end_task_has_negatives_carried_to_a_wrong_final_answer(task: str) -> None:
    """Per task: a negative ending in a wrong final answer, whose planted step the step checker fails,
    every step before it passes, its prefix is the solution's, and whose answer the verifier rejects."""
    found = 0
    for index in range(3):
        record = _record(task, 2, index)
        verifier = VERIFIERS.get(record.problem.verifier)
        for negative in record.negatives:
            k = negative.first_wrong_step
            if negative.answer is None or k is None or not negative.steps[k].intended_wrong:
                continue
            assert negative.steps[k].verified is False and negative.steps[k].error_kind
            assert all(s.verified is not False for s in negative.steps[:k])
            assert [s.text for s in negative.steps[:k]] == [s.text for s in record.chain.steps[:k]]
            checks = verifier.check_steps(record.problem, negative.steps)
            assert checks[k] is False and all(c is not False for c in checks[:k])
            assert not verifier.verify(record.problem, negative.answer).accepted
            assert not negative.verdict.accepted
            found += 1
        if found:
            return
    pytest.fail(f"{task}: no negative carried to a wrong final answer in 3 records")


def test_conclude_careless_defaults_to_none_and_is_offered_only_below_a_slip() -> None:
    problem = TASKS.get("knights_knaves").from_level(2, seed=0).generate(0)
    space = SPACES.get(problem.space)(problem)
    assert space.conclude_careless(space.root()) is None  # nothing wrong yet: no careless conclusion
    slip = space.propose_wrong(space.root(), 1, random.Random(0))
    if slip:
        made = space.conclude_careless(space.apply(space.root(), slip[0]))
        assert made is not None and made[1] != problem.answer
    linear = TASKS.get("linear_equation").from_level(1, seed=0).generate(0)
    assert SPACES.get(linear.space)(linear).conclude_careless(None) is None  # the Space default


def test_prm_labels_are_true_before_the_first_error_and_false_from_it() -> None:
    from cotforge.pipelines.views import prm_rows

    rows = _rows("word_problem", 6)
    firsts = set()
    for r in rows:
        made = list(prm_rows(r))
        assert made[0]["source"] == "solution" and all(made[0]["labels"])
        for negative, prm in zip(r["negatives"], made[1:]):
            k = negative["first_wrong_step"]
            assert prm["labels"] == [True] * k + [False] * (len(negative["steps"]) - k)
            firsts.add(k)
    assert len(firsts) >= 3  # the first error at several positions, not always one


def test_prm_threshold_labels_by_the_monte_carlo_value() -> None:
    from cotforge.pipelines.views.prm import labels_of

    steps = [{"verified": True, "intended_wrong": False, "value": v, "reaches_answer": True} for v in (0.9, 0.4, 0.8)]
    assert labels_of(steps) == [True, True, True]
    assert labels_of(steps, threshold=0.5) == [True, False, False]  # a low value, then everything after it


@pytest.mark.parametrize("task", ["linear_equation", "knights_knaves", "code_output", "shortest_path"])
def test_think_block_tells_the_attempt_its_refutation_and_the_way_back_once(task: str) -> None:
    from cotforge.pipelines.views import final_line, think_text

    for r in _rows(task):
        text = think_text(r)
        if not text.startswith("<think>"):
            assert not r["negatives"] and r["search_cot"] == r["cot"]  # nothing tried and refuted: said plainly, no block
            continue
        inner, after = text[len("<think>\n"):].split("\n</think>\n\n")
        assert after == final_line(r["domain"], r["final_answer"])  # the solution is not written a second time
        assert "That does not check out" not in inner and "Back to before it." in inner
        paragraphs = inner.split("\n\n")
        chain = [s["text"] for s in r["steps"]]
        assert paragraphs[-len(chain[-1:]):] == chain[-1:]  # it ends on the right way
        back = next(i for i, p in enumerate(paragraphs) if "Back to before it." in p)
        assert any(p not in chain for p in paragraphs[:back])  # a step that is not the solution's came first
        wrong = [n["steps"][n["first_wrong_step"]] for n in r["negatives"] if n["first_wrong_step"] is not None]
        assert any(w["error_kind"].replace("_", " ") in paragraphs[back] for w in wrong if w["error_kind"])  # the mistake is named


TRACING_MISTAKES = {"off_by_one_bound", "wrong_branch", "int_float_division", "slice_end", "accumulator_reset",
                    "list_method_slip", "miscount", "index_from_one", "precedence"}


def test_code_output_negatives_include_mistakes_of_tracing_carried_to_a_wrong_output() -> None:
    """code_output: besides printed values misread, a negative whose tracer misread the program (a slice
    end, a miscount, a loop bound...) and traced on to a wrong output; its mistaken step is the first the
    step check fails, and its steps show the program's own lines. Some first change only a variable (the
    output so far is the real one): the step check re-runs the program and fails the variable."""
    found: set[str] = set()
    silent: set[str] = set()
    for level, index in [(lv, i) for i in range(4) for lv in (2, 5)]:
        record = _record("code_output", level, index)
        verifier = VERIFIERS.get(record.problem.verifier)
        for negative in record.negatives:
            k = negative.first_wrong_step
            if k is None or negative.answer is None or negative.steps[k].error_kind not in TRACING_MISTAKES:
                continue
            checks = verifier.check_steps(record.problem, negative.steps)
            assert checks[k] is False and all(c is True for c in checks[:k])
            assert not verifier.verify(record.problem, negative.answer).accepted
            assert len(negative.steps) > k + 1  # traced on past the mistake, not stopped at it
            found.add(negative.steps[k].error_kind)
            if k and json.loads(negative.steps[k].state)["output"] == json.loads(negative.steps[k - 1].state)["output"]:
                silent.add(negative.steps[k].error_kind)
    assert len(found) >= 3 and silent, f"mistakes of tracing among 8 records' negatives (levels 2 and 5): {found}, {silent}"
