"""The logic cases of issue 14, each on a real generated problem: answers models write that were
read wrongly (accepted although wrong, or rejected although right), and the island's own words."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from cotforge.core.records import Problem
from cotforge.core.registry import TASKS, VERIFIERS


def _first(task: str, want, levels=(1, 2, 3, 4), seed: int = 5) -> Problem:  # type: ignore[no-untyped-def]
    for level in levels:
        gen = TASKS.get(task).from_level(level, seed=seed)
        for i in range(40):
            p = gen.generate(i)
            if want(p):
                return p
    raise LookupError(f"no {task} problem fits")


def _status(p: Problem, text: str) -> str:
    return VERIFIERS.get(p.verifier).verify(p, text).status


def _verdict_only(p: Problem) -> Problem:
    """The problem as a payload that asks for the verdict alone (no ``explain``) has it: how rows
    made before explanations were asked for read."""
    return replace(p, payload=json.dumps({k: v for k, v in p.data().items() if k != "explain"}))


@pytest.mark.parametrize("text", ["The argument isn't valid.", "This form is never valid.",
                                  "The argument cannot be considered valid.", "The conclusion does not necessarily follow.",
                                  "No"])  # fmt: skip
def test_syllogism_negations_and_no_mean_invalid(text: str) -> None:
    valid = _verdict_only(_first("syllogism", lambda p: p.answer.startswith("valid")))
    invalid = _verdict_only(_first("syllogism", lambda p: p.answer.startswith("invalid")))
    assert _status(valid, text) == "reject"
    assert _status(invalid, text) == "accept"


def test_syllogism_yes_means_it_follows_and_contradictions_are_unreadable() -> None:
    valid = _verdict_only(_first("syllogism", lambda p: p.answer.startswith("valid")))
    assert _status(valid, "Yes") == "accept" and _status(valid, "Yes, the conclusion follows.") == "accept"
    assert _status(valid, "It is valid. No wait, it is invalid.") == "unreadable"
    assert _status(valid, "valid or invalid") == "unreadable"


def _knights() -> Problem:
    p = _first("knights_knaves", lambda p: len(p.data()["names"]) >= 3 and len(set(p.data()["solution"])) == 2)
    data = p.data()
    data["names"] = ["Raj", "Tom", "Umar", "Mia", "Zoe", "Ned", "Ava"][: len(data["names"])]
    return replace(p, payload=json.dumps(data))


def _sentence(names: list[str], sol: list[str], word: dict[str, str] | None = None) -> str:
    word = word or {"knight": "knight", "knave": "knave"}
    return ", ".join(f"{n} is a {word[s]}" for n, s in zip(names, sol)) + "."


def test_knights_header_then_subject_is_read_as_written() -> None:
    """"The knight is Raj, and Tom is a knave." gave Tom the header's role; it is accepted only when true."""
    p = _knights()
    names, sol = p.data()["names"], p.data()["solution"]
    knight, knave = names[sol.index("knight")], names[sol.index("knave")]
    rest = " ".join(f"{n} is a {s}." for n, s in zip(names, sol) if n not in (knight, knave))
    assert _status(p, f"The knight is {knight}, and {knave} is a knave. {rest}") == "accept"
    assert _status(p, f"The knight is {knave}, and {knight} is a knave. {rest}") == "reject"


def test_knights_plural_lists_and_negations() -> None:
    p = _knights()
    names, sol = p.data()["names"], p.data()["solution"]
    knights = [n for n, s in zip(names, sol) if s == "knight"]
    knaves = [n for n, s in zip(names, sol) if s == "knave"]

    def listed(people: list[str]) -> str:
        return people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1]

    verb = {1: "is", 2: "are"}
    plural = (f"The knight{'s' if len(knights) > 1 else ''} {verb[min(len(knights), 2)]} {listed(knights)}. "
              f"The knave{'s' if len(knaves) > 1 else ''} {verb[min(len(knaves), 2)]} {listed(knaves)}.")  # fmt: skip
    assert _status(p, plural) == "accept", plural
    assert _status(p, f"Knights: {listed(knights)}\nKnaves: everyone else") == "accept"
    negated = ", ".join(f"{n} is not a {'knave' if s == 'knight' else 'knight'}" for n, s in zip(names, sol))
    assert _status(p, negated) == "accept"


def test_knights_in_the_islands_own_words() -> None:
    p = _knights()
    names, sol = p.data()["names"], p.data()["solution"]
    unrecorded = replace(p, payload=json.dumps({k: v for k, v in p.data().items() if k != "roles"}))
    for words in ({"knight": "hero", "knave": "villain"}, {"knight": "saint", "knave": "sinner"},
                  {"knight": "truth-teller", "knave": "liar"}):  # fmt: skip
        assert _status(unrecorded, _sentence(names, sol, words)) == "accept", words
    island = replace(p, payload=json.dumps({**p.data(), "roles": ["hero", "villain"]}))
    assert _status(island, _sentence(names, sol, {"knight": "hero", "knave": "villain"})) == "accept"
    assert _status(island, _sentence(names, sol)) == "accept"  # the genre's own words are always read
    assert _status(island, _sentence(names, sol, {"knight": "saint", "knave": "sinner"})) == "unreadable"
    flipped = ["knave" if s == "knight" else "knight" for s in sol]
    assert _status(island, _sentence(names, flipped, {"knight": "hero", "knave": "villain"})) == "reject"


def test_propositional_self_contradiction_and_values_as_stated() -> None:
    unsat = _verdict_only(_first("propositional", lambda p: p.answer.startswith("unsatisfiable")))
    assert _status(unsat, "It is not satisfiable? No wait, it's satisfiable.") == "unreadable"
    assert _status(unsat, "It is not satisfiable.") == "accept"
    sat = _first("propositional", lambda p: p.answer.startswith("satisfiable"))
    names = sat.data()["vars"]
    values = dict(part.split(" = ") for part in sat.answer.split(": ", 1)[1].split(", "))
    stated = "Satisfiable with " + ", ".join(f"{n} {values[n]}" for n in names)
    assert _status(sat, stated) == "accept", stated
    clauses = sat.data()["clauses"]
    for value in (False, True):  # each read as stated: accepted exactly when it is a model
        text = "Satisfiable with " + ", ".join(f"{n} {str(value).lower()}" for n in names)
        is_model = all(any(value == sign for _, sign in clause) for clause in clauses)
        assert _status(sat, text) == ("accept" if is_model else "reject"), text


@pytest.mark.parametrize("task", ["sudoku", "futoshiki"])
def test_grids_as_lists_and_latex_arrays(task: str) -> None:
    p = _first(task, lambda p: True)
    rows = [line.split() for line in p.answer.splitlines()]
    n = len(rows)
    as_lists = "\n".join(str([int(x) for x in r]) for r in rows)
    latex = "$$\\begin{array}{" + "c" * n + "}\n" + " \\\\\n".join(" & ".join(r) for r in rows) + "\n\\end{array}$$"
    for text in (as_lists, latex, f"\\boxed{{{latex.strip('$')}}}", json.dumps([[int(x) for x in r] for r in rows])):
        assert _status(p, text) == "accept", text
    rows[0][0], rows[0][1] = rows[0][1], rows[0][0]
    assert _status(p, "\n".join(str([int(x) for x in r]) for r in rows)) == "reject"


def test_zebra_numbered_rows_and_remarks() -> None:
    p = _first("zebra", lambda p: True)
    lines = [line.split(": ", 1)[1] for line in p.answer.splitlines()]
    numbered = "\n".join(f"{i + 1}. {v}" for i, v in enumerate(lines))
    remarks = "\n".join(f"House {i + 1}: {v} (from clue {i + 1}) - this fits" for i, v in enumerate(lines))
    assert _status(p, numbered) == "accept" and _status(p, remarks) == "accept"


@pytest.mark.parametrize("form", ["| Vertex | Colour |\n|---|---|\n{rows}", "{vertex}", "{dash}", "{arrow}"])
def test_graph_colouring_tables_and_arrows(form: str) -> None:
    p = _first("graph_coloring", lambda p: True)
    pairs = [line.split(": ") for line in p.answer.splitlines()]
    text = form.format(rows="\n".join(f"| {v} | {c} |" for v, c in pairs),
                       vertex="\n".join(f"Vertex {v}: {c}" for v, c in pairs),
                       dash="\n".join(f"{v} - {c}" for v, c in pairs),
                       arrow="\n".join(f"{v} → {c}" for v, c in pairs))  # fmt: skip
    assert _status(p, text) == "accept", text


def test_countdown_and_shortest_path_common_phrasings() -> None:
    c = _first("countdown", lambda p: True)
    target = c.data()["target"]
    expr = c.answer.replace("×", "*").replace("÷", "/")
    latex = c.answer.replace("×", "\\times").replace("÷", "\\div")
    for text in (f"{expr} = {target}", f"$ {latex} = {target} $", f"{target} = {expr}",
                 f"The expression is {expr}, which equals {target}.", f"**{expr}**"):  # fmt: skip
        assert _status(c, text) == "accept", text
    s = _first("shortest_path", lambda p: True)
    route = s.answer.split(" (")[0].split(" -> ")
    length = s.answer.split("length ")[1].rstrip(")")
    for text in (f"The shortest route from {route[0]} to {route[-1]} is {' -> '.join(route)} with length {length}.",
                 f"{' → '.join(route)}, total length {length}", "-".join(route), " to ".join(route)):  # fmt: skip
        assert _status(s, text) == "accept", text
