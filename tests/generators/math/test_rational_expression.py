from __future__ import annotations

import sympy

from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_error_kinds_at_every_position, assert_items_unique_and_apart, assert_wrong_moves_are_wrong

X = sympy.Symbol("x")


def test_gold_equals_the_expression_at_sample_points_and_unsimplified_forms_are_rejected() -> None:
    verifier = VERIFIERS.get("math")
    for level in range(1, 6):
        generator = TASKS.get("rational_expression").from_level(level, seed=4)
        for i in range(12):
            p = generator.generate(i)
            posed = sympy.sympify(p.data()["expression"], locals={"x": X})
            gold = sympy.sympify(p.data()["answer_sympy"], locals={"x": X})
            for point in (sympy.Rational(1, 3), sympy.Rational(17, 2), sympy.Rational(-41, 5)):
                assert posed.subs(X, point) == gold.subs(X, point), p.question
            num, den = sympy.fraction(sympy.together(gold))
            blown_up = f"(({sympy.sstr(num)})*(x - 100))/(({sympy.sstr(den)})*(x - 100))"
            assert verifier.verify(p, blown_up).status == "reject"


def test_levels_use_their_operations() -> None:
    expected = {1: "cancel", 3: "common_denominator", 4: "multiply", 5: "combine"}
    for level, kind in expected.items():
        problems = [TASKS.get("rational_expression").from_level(level, seed=1).generate(i) for i in range(5)]
        rows = [solve_problem(p, SearchSettings()).row for p in problems]
        assert all(rows) and all(kind in {s["kind"] for s in r["steps"]} for r in rows)


def test_wrong_moves_are_really_wrong() -> None:
    problems = [TASKS.get("rational_expression").from_level(level, seed=2).generate(i) for level in range(1, 6) for i in range(3)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=2)


def test_three_kinds_of_mistake_at_every_step_each_shown_wrong_by_the_step_check() -> None:
    for level in range(1, 6):
        generator = TASKS.get("rational_expression").from_level(level, seed=6)
        assert_error_kinds_at_every_position([generator.generate(i) for i in range(4)])


def test_items_never_repeat_within_a_seed_nor_across_neighbouring_seeds() -> None:
    assert_items_unique_and_apart("rational_expression", n=200)


def test_a_factoring_slip_keeps_the_bracket_to_cancel_and_goes_on_to_a_wrong_answer_in_as_many_steps() -> None:
    """A bracket factored wrong is the one no other part shares, so the solver still cancels the common
    factor and ends on a wrong answer of the gold's form, in the solution's number of steps."""
    import random

    from cotforge.core.registry import SPACES
    from cotforge.pipelines.continue_negative import continue_sound

    verifier = VERIFIERS.get("math")
    for i in range(4):
        p = TASKS.get("rational_expression").from_level(2, seed=3).generate(i)
        space = SPACES.get(p.space)(p)
        root = space.root()
        sound = continue_sound(space, root, 10)
        assert sound is not None and [s.kind for s in sound[0]] == ["factor", "factor", "cancel"]  # the top, then the bottom
        second = space.apply(root, space.propose(root, 1)[0])
        slips = [(state, prefix, m) for state, prefix in ((root, []), (second, [sound[0][0]]))
                 for m in space.propose_wrong(state, 20, random.Random(0)) if m.step.error_kind in ("wrong_factor", "arithmetic_slip")]
        assert len(slips) == 4  # two kinds, in the numerator and in the denominator
        for state, prefix, move in slips:
            assert verifier.check_steps(p, [*prefix, move.step]) == [True] * len(prefix) + [False]
            rest = continue_sound(space, space.apply(state, move), 10)
            assert rest is not None and len(prefix) + len(rest[0]) + 1 == len(sound[0]), move.step.text
            assert "Cancel the common factor" in rest[0][-1].text
            answer = space.answer(rest[1])
            assert answer is not None and not verifier.verify(p, answer).accepted


def test_slips_of_taking_out_a_factor_and_of_the_common_denominator() -> None:
    """3x + 6 factored as 3(x + 6); a quadratic's common number lost; each top scaled by its own bottom's
    factor; -5x + 60 written 5(x - 12); the common denominator cleared as if in an equation."""
    import random

    from cotforge.core.registry import SPACES
    from cotforge.solvers.spaces.rational import _factored, _miscopied, _poly, _sign_flipped

    kinds: set[str] = set()
    verifier = VERIFIERS.get("math")
    for level in (1, 3, 5):
        for i in range(12):
            p = TASKS.get("rational_expression").from_level(level, seed=4).generate(i)
            space = SPACES.get(p.space)(p)
            state = space.root()
            while not space.is_terminal(state):
                wrong = [m.step for m in space.propose_wrong(state, 20, random.Random(i))]
                assert all(c is False for c in verifier.check_steps(p, wrong))
                kinds |= {s.error_kind for s in wrong}
                state = space.apply(state, space.propose(state, 1)[0])
    assert {"factor_out_slip", "dropped_factor", "wrong_scale", "factor_sign_slip", "cleared_denominator"} <= kinds, kinds
    assert _factored(_miscopied(_poly("2*(2*x - 17)"))) == "2*(2*x - 19)"  # one larger in size, no new common factor
    assert _factored(_sign_flipped(_poly("3*(x + 10)"))) == "3*(x - 10)"
    assert _factored(_sign_flipped(_poly("(x - 10)*(x + 5)"), avoid=_poly("(x - 10)*(x - 7)"))) == "(x - 10)*(x - 5)"  # not the bracket to cancel


def test_the_tops_added_as_they_were_before_scaling_over_the_common_denominator() -> None:
    """a/b + c/d combined as (a + c)/(bd): written as the sound combine step, no longer than it, shown wrong at
    its own step after a right common-denominator step, and carried on by the sound moves to a rejected answer."""
    import random

    from cotforge.core.registry import SPACES
    from cotforge.pipelines.continue_negative import continue_sound
    from cotforge.solvers.spaces.rational import _split

    verifier = VERIFIERS.get("math")
    seen = 0
    for level in (3, 5):
        for i in range(6):
            p = TASKS.get("rational_expression").from_level(level, seed=4).generate(i)
            space = SPACES.get(p.space)(p)
            state, prefix = space.root(), []
            while "combine" not in {m.step.kind for m in space.propose(state, 1)}:
                move = space.propose(state, 1)[0]
                prefix.append(move.step)
                state = space.apply(state, move)
            sound = space.propose(state, 1)[0]
            slips = [m for m in space.propose_wrong(state, 20, random.Random(i)) if m.step.error_kind == "unscaled_tops_added"]
            (a, b), (op,) = _split(p.data()["expression"])
            if sympy.sympify(a.num) + (1 if op == "+" else -1) * sympy.sympify(b.num) == 0:  # 1/(x - 7) - 1/(x - 9): tops that add to nothing are not offered
                assert slips == [], p.question
                continue
            assert len(slips) == 1, p.question
            slip = slips[0]
            seen += 1
            assert slip.step.text.split(":")[0] == sound.step.text.split(":")[0]
            assert len(slip.step.state) <= len(sound.step.state), (slip.step.state, sound.step.state)
            assert verifier.check_steps(p, [*prefix, slip.step]) == [True] * len(prefix) + [False]
            rest = continue_sound(space, space.apply(state, slip), 10)
            assert rest is not None
            answer = space.answer(rest[1])
            assert answer is not None and not verifier.verify(p, answer).accepted
    assert seen >= 9  # of 12: three pose tops that add to nothing
    # 3/(x - 7) + 1/(x - 9), rewritten over (x - 9)(x - 7) and multiplied out, combined as 4/((x - 9)(x - 7))
    p = TASKS.get("rational_expression").from_level(3, seed=4).generate(0)
    space = SPACES.get(p.space)(p)
    from cotforge.solvers.spaces.rational import Frac, RationalState

    state = RationalState((Frac("3*x - 27", "(x - 9)*(x - 7)"), Frac("x - 7", "(x - 9)*(x - 7)")), ("+",))
    slip = next(m for m in space.propose_wrong(state, 20, random.Random(0)) if m.step.error_kind == "unscaled_tops_added")
    assert slip.step.state == "(4)/((x - 9)*(x - 7))"


def test_slips_multiplying_out_the_tops_go_on_to_a_wrong_answer_in_as_many_steps() -> None:
    """Level 3: the common denominator, the tops multiplied out, combined. Each slip of the multiplying out
    (3(x + 7) as 3x + 7, -2(x - 12) as -2x - 24, 3x + 22, 3x + 10) is shown wrong at its own step and carried
    on by the combine step to a rejected answer, in the solution's number of steps (one more where the wrong top
    happens to share a factor with the bottom, and the solver cancels it)."""
    import random

    from cotforge.core.registry import SPACES
    from cotforge.pipelines.continue_negative import continue_sound
    from cotforge.solvers.spaces.rational import _expanded, _expansion_slips, _poly

    verifier = VERIFIERS.get("math")
    kinds: set[str] = set()
    seen = 0
    for i in range(8):
        p = TASKS.get("rational_expression").from_level(3, seed=4).generate(i)
        space = SPACES.get(p.space)(p)
        sound = continue_sound(space, space.root(), 10)
        assert sound is not None
        steps = sound[0]
        if [s.kind for s in steps] == ["common_denominator", "combine"]:  # 1/(x - 7) + 1/(x - 9): nothing to multiply out
            continue
        assert [s.kind for s in steps] == ["common_denominator", "expand", "combine"]
        at, seen = 1, seen + 1
        state = space.root()
        for step in steps[:at]:
            state = space.apply(state, next(m for m in space.propose(state, 1) if m.step.state == step.state))
        slips = space.propose_wrong(state, 20, random.Random(i))
        assert slips and all(m.step.text.split(":")[0] == steps[at].text.split(":")[0] for m in slips)
        for move in slips:
            kinds.add(move.step.error_kind)
            assert verifier.check_steps(p, [*steps[:at], move.step]) == [True] * at + [False]
            rest = continue_sound(space, space.apply(state, move), 10)
            assert rest is not None and at + 1 + len(rest[0]) in (len(steps), len(steps) + 1)  # + 1: a wrong top that cancels
            answer = space.answer(rest[1])
            assert answer is not None and not verifier.verify(p, answer).accepted
    assert seen >= 5 and {"distribution_error", "sign_slip", "arithmetic_slip", "wrong_operation"} <= kinds, (seen, kinds)
    assert [(_expanded(bad), kind) for bad, kind in _expansion_slips(_poly("3*(x + 7)"))] == [
        ("3*x + 7", "distribution_error"), ("3*x - 21", "sign_slip"), ("3*x + 22", "arithmetic_slip"), ("3*x + 10", "wrong_operation")]


def test_a_linear_part_factored_wrong_in_its_number_keeps_the_bracket_and_x2_minus_c2_is_not_written_as_itself() -> None:
    """2x - 6 taken out as 3(x - 3), -2(x - 3) or (x - 3): the bracket a solver cancels is kept (3(x + 6)-style
    slips, which lose it, stay offered too); x² - 144 with (x + 12) to cancel is written (x - 12)², never (x + 12)(x - 12)."""
    import random

    from cotforge.core.registry import SPACES
    from cotforge.solvers.spaces.rational import Frac, RationalState

    p = TASKS.get("rational_expression").from_level(1, seed=4).generate(0)
    space = SPACES.get(p.space)(p)
    state = RationalState((Frac("(x - 3)*(x + 5)", "2*x - 6"),), ())
    wrong = {m.step.error_kind: m.step.state for m in space.propose_wrong(state, 20, random.Random(0))}
    assert wrong == {"factor_out_slip": "((x - 3)*(x + 5))/(2*(x - 6))", "arithmetic_slip": "((x - 3)*(x + 5))/(3*(x - 3))",
                     "sign_slip": "((x - 3)*(x + 5))/(-2*(x - 3))", "dropped_factor": "((x - 3)*(x + 5))/(x - 3)"}, wrong
    state = RationalState((Frac("(x - 3)*(x + 12)", "x**2 - 144"),), ())
    wrong = {m.step.error_kind: m.step.state for m in space.propose_wrong(state, 20, random.Random(0))}
    assert wrong["sign_slip"] == "((x - 3)*(x + 12))/((x - 12)**2)" and len(wrong) == 3, wrong
