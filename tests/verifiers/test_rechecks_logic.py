"""Independent re-checks of the logic gold answers: they agree with the generators and catch bad golds
and puzzles that lost their unique solution."""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable, Iterator

import pytest

from cotforge.core.records import Problem
from cotforge.core.registry import RECHECKS, TASKS
from cotforge.core.task import LEVELS
from cotforge.verifiers.rechecks._kk_text import read_statement
from cotforge.verifiers.rechecks.logic_unique import RecheckParseError, count_solutions

LOGIC = sorted(t for t in TASKS.names() if TASKS.get(t).domain == "logic")
UNIQUE = ["futoshiki", "graph_coloring", "knights_knaves", "seating", "sudoku", "zebra"]
ITEMS = 2


def _problems(task: str, level: int, items: int = ITEMS) -> list[Problem]:
    generator = TASKS.get(task).from_level(level, seed=31)
    return [generator.generate(i) for i in range(items)]


def test_every_logic_task_has_a_recheck() -> None:
    assert len(LOGIC) >= 10 and "shortest_path" in LOGIC
    assert [t for t in LOGIC if t not in RECHECKS] == []


@pytest.mark.parametrize("task", LOGIC)
def test_recheck_agrees_with_gold_at_every_level(task: str) -> None:
    for level in LEVELS:
        for problem in _problems(task, level):
            assert RECHECKS.get(task)(problem) is None, (problem.question, problem.answer)


@pytest.mark.parametrize("task", LOGIC)
def test_recheck_rejects_a_corrupted_gold(task: str) -> None:
    """The generator's own plausible wrong answer, stored as the gold, must be caught."""
    for level in (1, 3, 5):
        for problem in _problems(task, level):
            wrong = TASKS.get(task).from_level(level).perturb(problem, random.Random(problem.index))
            message = RECHECKS.get(task)(dataclasses.replace(problem, answer=wrong))
            assert message is not None, (problem.question, wrong)


def _loosened(problem: Problem) -> Iterator[Problem]:
    """The puzzle with more and more of its givens or clues taken away (one more each time)."""
    task = problem.task
    if task in ("sudoku", "futoshiki"):
        lines = problem.question.split("\n")
        spots = [(r, m.start()) for r, line in enumerate(lines) if re.fullmatch(r"[\d.<> ]+", line) and re.search(r"\d", line)
                 for m in re.finditer(r"\d", line)]  # fmt: skip
        for r, c in spots:
            lines[r] = lines[r][:c] + "." + lines[r][c + 1 :]
            yield dataclasses.replace(problem, question="\n".join(lines))
    elif task == "graph_coloring":
        head, rest = problem.question.split("Already coloured: ")
        given, tail = rest.split(". Give", 1)
        items = given.split(", ")
        for k in range(len(items) - 1, 0, -1):
            yield dataclasses.replace(problem, question=f"{head}Already coloured: {', '.join(items[:k])}. Give{tail}")
    elif task in ("zebra", "seating"):  # read from the text: drop clue sentences, payload untouched
        for k in range(1, len(_clue_sentences(problem))):
            yield _with_clues(problem, _dropping(slice(0, k)))
    else:  # knights and knaves, read from the text: drop statement lines, payload untouched
        lines = problem.question.split("\n")
        said = [i for i, line in enumerate(lines) if _SAYS_LINE.fullmatch(line)]
        for k in range(1, len(said)):
            yield dataclasses.replace(problem, question="\n".join(x for i, x in enumerate(lines) if i not in said[:k]))


_CLUE_LINE = re.compile(r"^\d+\. (.+)\.$", re.M)
_SAYS_LINE = re.compile(r'^(\w+) (?:says|tells you|claims|declares): "(.+)\."$', re.M)


def _clue_sentences(problem: Problem) -> list[str]:
    return _CLUE_LINE.findall(problem.question)


def _dropping(gone: slice) -> Callable[[list[str]], list[str]]:
    return lambda clues: clues[: gone.start] + clues[gone.stop :]


def _with_clues(problem: Problem, change: Callable[[list[str]], list[str]]) -> Problem:
    """The problem with its numbered clue sentences changed (and renumbered); the payload stays."""
    lines = problem.question.split("\n")
    at = [i for i, line in enumerate(lines) if _CLUE_LINE.fullmatch(line)]
    clues = [f"{k + 1}. {c}." for k, c in enumerate(change(_clue_sentences(problem)))]
    question = "\n".join([*lines[: at[0]], *clues, *lines[at[-1] + 1 :]])
    return dataclasses.replace(problem, question=question)


@pytest.mark.parametrize("task", UNIQUE)
def test_recheck_catches_a_puzzle_with_two_solutions(task: str) -> None:
    for level in (2, 4):
        problem = _problems(task, level, 1)[0]
        verdicts = (RECHECKS.get(task)(p) for p in _loosened(problem))
        first = next((v for v in verdicts if v is not None), None)
        assert first is not None and "more than one solution" in first, (problem.question, first)


def test_counter_counts() -> None:
    latin = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [0, 3, 6], [1, 4, 7], [2, 5, 8]]
    every = count_solutions([{1, 2, 3}] * 9, latin, [], limit=100)
    assert len(every) == 12  # 3x3 Latin squares
    assert len(count_solutions([{1}] + [{1, 2, 3}] * 8, latin, [], limit=100)) == 4
    assert count_solutions([{1, 2}, {1, 2}, {1, 2}], [[0, 1, 2]], []) == []  # pigeonhole
    ordered = count_solutions([{1, 2, 3}] * 3, [[0, 1, 2]], [(0, 1, lambda a, b: a < b), (1, 2, lambda a, b: a < b)])
    assert ordered == [[1, 2, 3]]


def test_shortest_path_recheck_reads_the_map_not_the_payload() -> None:
    problem = _problems("shortest_path", 3, 1)[0]
    length = int(problem.answer.rsplit("length ", 1)[1].rstrip(")"))
    roads = re.findall(r"\w+ -> \w+ \((\d+)\)", problem.question)
    # make the direct road (a distractor) shorter than the gold route: the gold is no longer shortest
    s, t = re.search(r"from (\w+) to (\w+)\.", problem.question).groups()  # type: ignore[union-attr]
    direct = re.search(rf"{s} -> {t} \((\d+)\)", problem.question)
    assert direct is not None and roads
    cheaper = problem.question.replace(direct.group(0), f"{s} -> {t} ({length - 1})")
    message = RECHECKS.get("shortest_path")(dataclasses.replace(problem, question=cheaper))
    assert message is not None and "shortest distance" in message


def test_countdown_recheck_enforces_the_rules() -> None:
    problem = _problems("countdown", 2, 1)[0]
    nums = [int(x) for x in re.search(r"numbers ([\d, ]+),", problem.question).group(1).split(", ")]  # type: ignore[union-attr]
    check = RECHECKS.get("countdown")
    assert check(dataclasses.replace(problem, answer=f"{nums[0]} + {nums[0]} + {nums[0]}")) is not None
    assert "whole" in (check(dataclasses.replace(problem, answer=f"{nums[0]} - {nums[0]}")) or "")


def test_futoshiki_without_any_inequality_is_rechecked() -> None:
    """Easy futoshiki grids can have no signs at all ("The inequalities are: none.")."""
    generator = TASKS.get("futoshiki").from_level(1, seed=0)
    problem = next(p for p in map(generator.generate, range(200)) if "inequalities are: none" in p.question)
    assert RECHECKS.get("futoshiki")(problem) is None
    wrong = dataclasses.replace(problem, answer=problem.answer.replace("1", "#").replace("2", "1").replace("#", "2"))
    assert RECHECKS.get("futoshiki")(wrong) is not None


# --- zebra and seating are read from the English clues, not the payload ----------------------

TEXT_ROUTE = ["zebra", "seating"]


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("task", TEXT_ROUTE)
def test_zebra_and_seating_recheck_the_text_at_every_level(task: str, level: int) -> None:
    for problem in _problems(task, level, 5):
        without_payload = dataclasses.replace(problem, payload="{}")
        assert RECHECKS.get(task)(without_payload) is None, (problem.question, problem.answer)


@pytest.mark.parametrize("task", TEXT_ROUTE)
def test_dropping_a_clue_sentence_is_seen_though_the_payload_keeps_it(task: str) -> None:
    """The generator keeps only needed clues, so any one dropped from the text leaves two solutions."""
    problem = _problems(task, 3, 1)[0]
    count = len(_clue_sentences(problem))
    assert count >= 2
    for k in range(count):
        message = RECHECKS.get(task)(_with_clues(problem, _dropping(slice(k, k + 1))))
        assert message is not None and "more than one solution" in message, (k, message)


@pytest.mark.parametrize("task", TEXT_ROUTE)
def test_a_changed_place_in_a_clue_sentence_is_seen(task: str) -> None:
    problem = _problems(task, 1, 1)[0]
    place = re.compile(r"(?:lives in house|sits in seat) (\d)")
    k = next(i for i, c in enumerate(_clue_sentences(problem)) if place.search(c))
    moved = lambda c: place.sub(lambda m: m.group(0)[:-1] + str(int(m.group(1)) % 3 + 1), c)  # noqa: E731
    changed = _with_clues(problem, lambda clues: [*clues[:k], moved(clues[k]), *clues[k + 1 :]])
    message = RECHECKS.get(task)(changed)
    assert message is not None, problem.question


def test_a_renamed_value_in_a_zebra_clue_is_unreadable() -> None:
    problem = _problems("zebra", 2, 1)[0]
    first = _clue_sentences(problem)[0]
    renamed = re.sub(r"^The (\w+)|the (\w+)", "the Martian", first, count=1)
    with pytest.raises(RecheckParseError, match="Martian"):
        RECHECKS.get("zebra")(_with_clues(problem, lambda clues: [renamed, *clues[1:]]))


@pytest.mark.parametrize(("task", "sentence"), [
    ("zebra", "The Brit owns a boat"),
    ("zebra", "The dog owner lives across the street from the Brit"),
    ("seating", "Nobody sits on the floor"),
    ("seating", "{0} sits opposite {1}"),
])  # fmt: skip
def test_an_unknown_clue_sentence_is_a_parse_error_naming_it(task: str, sentence: str) -> None:
    problem = _problems(task, 2, 1)[0]
    people = re.match(r"(.+?) sit in", problem.question)
    if task == "seating" and people is not None:
        sentence = sentence.format(*re.split(r", | and ", people.group(1)))
    with pytest.raises(RecheckParseError, match=re.escape(sentence)):
        RECHECKS.get(task)(_with_clues(problem, lambda clues: [*clues, sentence]))


def test_a_stray_line_among_the_clues_is_a_parse_error() -> None:
    problem = _problems("seating", 1, 1)[0]
    stray = problem.question.replace("\n1. ", "\nRemember the rules.\n1. ", 1)
    with pytest.raises(RecheckParseError, match="Remember the rules"):
        RECHECKS.get("seating")(dataclasses.replace(problem, question=stray))


def _seating(clues: list[str], answer: str, table: bool = True) -> Problem:
    where = ("sit round a table with 4 seats, numbered 1 to 4 clockwise (seat 4 is next to seat 1)" if table
             else "sit in a row of 4 seats, numbered 1 to 4 from left to right")  # fmt: skip
    question = "\n".join([f"Ann, Bob, Cat and Dan {where}, one person per seat.", "",
                          *[f"{i + 1}. {c}." for i, c in enumerate(clues)], "",
                          'Who sits where? Answer with one line per seat, like "Seat 1: <name>".'])  # fmt: skip
    return dataclasses.replace(_problems("seating", 5, 1)[0], question=question, answer=answer, payload="{}")


def test_seating_reads_clockwise_and_next_to_as_wrapping_round_the_table() -> None:
    gold = "Seat 1: Ann\nSeat 2: Bob\nSeat 3: Cat\nSeat 4: Dan"
    clues = ["Ann sits in seat 1", "Ann sits directly clockwise of Dan", "Bob sits directly clockwise of Ann",
             "Cat sits next to Dan"]  # fmt: skip
    assert RECHECKS.get("seating")(_seating(clues, gold)) is None
    wrapped = ["Ann sits in seat 1", "Ann sits directly clockwise of Dan", "Cat sits next to Bob"]
    message = RECHECKS.get("seating")(_seating(wrapped, gold))  # Dan in seat 4 by the wrap; Bob and Cat either way
    assert message is not None and "more than one solution" in message
    with pytest.raises(RecheckParseError, match="no meaning round a table"):
        RECHECKS.get("seating")(_seating(["Ann sits at one end of the row"], gold))
    with pytest.raises(RecheckParseError, match="no meaning in a row"):
        RECHECKS.get("seating")(_seating(["Ann sits directly clockwise of Dan"], gold, table=False))


def test_level_5_seating_has_one_seating_as_worded() -> None:
    """Seating v1 solved "B sits directly clockwise of A" without the wrap the printed table has
    (seat 7 is next to seat 1), so some level-5 puzzles had more than one seating as worded (4 of
    these 40 items at seed 1, 8 at seed 31); the re-check reads the words, so it must pass them all."""
    for seed in (1, 31):
        gen = TASKS.get("seating").from_level(5, seed=seed)
        assert [i for i in range(40) if RECHECKS.get("seating")(gen.generate(i)) is not None] == []


# --- knights and knaves are read from the English statements, not the payload ------------------


@pytest.mark.parametrize("level", LEVELS)
def test_knights_knaves_rechecks_the_text_at_every_level(level: int) -> None:
    for problem in _problems("knights_knaves", level, 5):
        without_payload = dataclasses.replace(problem, payload="{}")
        assert RECHECKS.get("knights_knaves")(without_payload) is None, (problem.question, problem.answer)


def _with_statement(problem: Problem, k: int, statement: str) -> Problem:
    """The problem with the k-th statement's words replaced; the payload stays."""
    found = list(_SAYS_LINE.finditer(problem.question))[k]
    line = f'{found.group(1)} says: "{statement}."'
    question = problem.question[: found.start()] + line + problem.question[found.end() :]
    return dataclasses.replace(problem, question=question)


@pytest.mark.parametrize("level", [1, 2, 3])
def test_a_flipped_role_in_a_statement_is_seen_though_the_payload_keeps_it(level: int) -> None:
    """A bare claim flipped (knight <-> knave) is false of the gold wherever it was true: the gold
    is no longer a solution, so the re-check must object."""
    pairs = [("knight", "knave"), ("hero", "villain"), ("saint", "sinner"), ("truth-teller", "liar")]
    flip = {a: b for x, y in pairs for a, b in ((x, y), (y, x))}
    words = "|".join(sorted(flip, key=len, reverse=True))
    plain = re.compile(rf"(\w+) (?:is|am)(?: not)? a ({words})")
    seen = 0
    for problem in _problems("knights_knaves", level, 8):
        for k, said in enumerate(_SAYS_LINE.findall(problem.question)):
            if plain.fullmatch(said[1]):
                flipped = re.sub(words, lambda m: flip[m.group(0)], said[1])
                message = RECHECKS.get("knights_knaves")(_with_statement(problem, k, flipped))
                assert message is not None, (problem.question, flipped)
                seen += 1
    assert seen >= 3


@pytest.mark.parametrize("statement", [
    "{0} is the same kind as {1}",
    "{0} is a dragon",
    "{0} is a hero",  # not this island's word
    "If {0} is a knight then {1} is a knave",
    "{0} is a knight, and {1} is a knave",  # a comma where no side is compound
    "It is not true that {0} is a knight and {1} is a knave",  # not (a and b)? (not a) and b?
    "Either {0} is a knight or {1} is a knave (or maybe)",
    "Both {0} is a knight and {1} is a knave, if and only if {0} is a knight if and only if I am a knave",
])  # fmt: skip
def test_an_unknown_statement_is_a_parse_error_naming_it(statement: str) -> None:
    problem = _problems("knights_knaves", 3, 1)[0]
    names = re.search(r"(?:inhabitants|of them|villagers): (.+)\.", problem.question).group(1)  # type: ignore[union-attr]
    statement = statement.format(*re.split(r", | and ", names))
    with pytest.raises(RecheckParseError, match=re.escape(statement)):
        RECHECKS.get("knights_knaves")(_with_statement(problem, 0, statement))


@pytest.mark.parametrize(("statement", "meanings"), [
    ("Bob is a knight or Cat is a knave", 2),  # a bare "or": inclusive or exclusive
    ("Either Bob is a knight or Cat is a knave", 2),
    ("Either Bob is a knight or Cat is a knave (or both)", 1),
    ("Either Bob is a knight or Cat is a knave (but not both)", 1),
    ("Exactly one of Bob and Cat is a knight", 1),
    ("At least one of Bob and Cat is a knight", 1),
    ("I am a knight, and either Bob is a knight or Cat is a knave", 2),
])  # fmt: skip
def test_every_reading_of_a_statement_is_kept(statement: str, meanings: int) -> None:
    assert len(read_statement(statement, ["Ann", "Bob", "Cat"], 0)) == meanings


def test_an_answer_that_depends_on_the_reading_of_an_or_is_a_finding() -> None:
    """Inclusive, Ann's "either" gives one answer; exclusive, it gives another: the item is
    ambiguous and must be named, whichever reading the gold took."""
    check = RECHECKS.get("knights_knaves")
    statements = [("Ann", "Either Bob is a knight or Cat is a knight"), ("Bob", "Cat is a knight"),
                  ("Cat", "Bob is a knight if and only if I am a knight")]  # fmt: skip
    inclusive = "Ann is a knight, Bob is a knight, Cat is a knight"
    message = check(_island(statements, inclusive))
    assert message is not None and "depends on the reading" in message and "Either Bob" in message
    marked = [("Ann", "Either Bob is a knight or Cat is a knight (or both)"), *statements[1:]]
    assert check(_island(marked, inclusive)) is None


@pytest.mark.parametrize("level", LEVELS)
def test_no_generated_puzzle_depends_on_the_reading(level: int) -> None:
    gen = TASKS.get("knights_knaves")(TASKS.get("knights_knaves").config_cls(level=level, vocabulary="mixed"), seed=8)
    findings = [m for i in range(40) if (m := RECHECKS.get("knights_knaves")(gen.generate(i))) is not None]
    assert findings == []


def test_a_stray_line_or_stranger_in_knights_knaves_is_a_parse_error() -> None:
    problem = _problems("knights_knaves", 2, 1)[0]
    head, ask = problem.question.rsplit("\n", 1)
    stray = f"{head}\nRemember the rules.\n{ask}"
    with pytest.raises(RecheckParseError, match="Remember the rules"):
        RECHECKS.get("knights_knaves")(dataclasses.replace(problem, question=stray))
    stranger = f'{head}\nGandalf says: "I am a knight."\n{ask}'
    with pytest.raises(RecheckParseError, match="Gandalf"):
        RECHECKS.get("knights_knaves")(dataclasses.replace(problem, question=stranger))


def _island(statements: list[tuple[str, str]], answer: str) -> Problem:
    question = "\n".join(["On an island, knights always tell the truth and knaves always lie. "
                          "You meet 3 inhabitants: Ann, Bob and Cat.",
                          *[f'{who} says: "{what}."' for who, what in statements],
                          "Who is a knight and who is a knave?"])  # fmt: skip
    return dataclasses.replace(_problems("knights_knaves", 2, 1)[0], question=question, answer=answer, payload="{}")


def test_knights_knaves_reads_grouping_from_commas_both_and_either() -> None:
    """Ann's two statements differ only in grouping: "(Bob or Cat is a knight) and I am a knight"
    has one solution with the others' statements; "Bob is a knight or (Cat and I are knights)" none."""
    check = RECHECKS.get("knights_knaves")
    gold = "Ann is a knave, Bob is a knight, Cat is a knave"
    grouped = [("Ann", "Either Bob is a knight or Cat is a knight (or both), and I am a knight"), ("Bob", "Ann is a knave"),
               ("Cat", "Neither Ann nor Bob is a knight")]  # fmt: skip
    assert check(_island(grouped, gold)) is None
    regrouped = [("Ann", "Bob is a knight, or both Cat is a knight and I am a knight"), *grouped[1:]]
    assert check(_island(regrouped, gold)) == "the puzzle has no solution"
    nested = [("Ann", "It is not true that either Bob is a knight or Cat is a knight (or both)"),
              ("Bob", "Neither Ann nor Cat is a knave"),
              ("Cat", "Ann and I are both knights, if and only if either Ann is a knave or Bob is not a knight (or both)"),
              ]  # fmt: skip
    assert check(_island(nested, "Ann is a knight, Bob is a knave, Cat is a knave")) is None
    message = check(_island(nested, "Ann is a knave, Bob is a knave, Cat is a knave"))
    assert message is not None and "not the gold" in message
