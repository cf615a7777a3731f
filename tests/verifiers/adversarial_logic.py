"""Adversarial answer tables for the logic verifiers, built from real generated problems.

Each entry is (problem, completion, right): ``right`` is what the completion means, judged here
apart from the verifier (a perturbed gold, an independent rule check, or a self-contradiction,
which is never right). Right answers come in the phrasings models use (prose, plural lists,
tables, LaTeX, JSON, tags, boxes, thinking first, chatter after); wrong ones are dressed as right
(the same phrasings, a confident tone, a final statement after a right-looking guess, several
candidates). A table is passed when no wrong entry is accepted and every right entry is.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from fractions import Fraction

from cotforge.core.records import Problem
from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.verifiers.rewards import verified_reward


@dataclass(frozen=True, slots=True)
class Case:
    problem: Problem
    text: str
    right: bool
    note: str


def _problems(task: str, levels: tuple[int, ...] = (1, 2, 3), per_level: int = 3, seed: int = 11) -> Iterator[Problem]:
    for level in levels:
        gen = TASKS.get(task).from_level(level, seed=seed)
        for i in range(per_level):
            yield gen.generate(i)


def _verdict_only(p: Problem) -> Problem:
    """The problem with a payload that asks for the verdict alone (no ``explain``), as rows made
    before explanations were asked for have it: the verdict phrasings below are read on these
    (adversarial_explanations.py holds the tables for what an answer must name besides it)."""
    return replace(p, payload=json.dumps({k: v for k, v in p.data().items() if k != "explain"}))


def _wrap(text: str) -> list[tuple[str, str]]:
    """The same answer in the wrappers models put around an answer."""
    return [
        (text, "bare"),
        (f"\\boxed{{{text}}}" if "\n" not in text else f"Final answer:\n{text}", "boxed or final"),
        (f"<think>\nLet me work through the clues one by one.\n</think>\n<answer>{text}</answer>", "r1 tags"),
        (f"Working through it carefully.\n\n**Answer:** {text}\n\nI hope this helps!", "marker and chatter"),
    ]


# ---------------------------------------------------------------- syllogism

def syllogism() -> list[Case]:
    out: list[Case] = []
    for p in map(_verdict_only, _problems("syllogism", (1, 2, 3, 4), 4)):
        valid = p.answer.split(":")[0] == "valid"
        said_valid = ["valid", "The argument is valid.", "The conclusion follows from the premises.", "Yes",
                      "Yes, the conclusion necessarily follows.", "It is not invalid.", "VALID"]
        said_invalid = ["invalid", "The argument isn't valid.", "This form is never valid.",
                        "It cannot be considered valid.", "The conclusion does not necessarily follow.", "No",
                        "No, it does not follow.", "Not valid: a model of the premises breaks the conclusion."]
        rights, wrongs = (said_valid, said_invalid) if valid else (said_invalid, said_valid)
        for k, text in enumerate(rights):
            out.append(Case(p, _wrap(text)[k % 4][0], True, f"right phrasing: {text}"))
        for k, text in enumerate(wrongs):
            out.append(Case(p, _wrap(text)[k % 4][0], False, f"wrong phrasing: {text}"))
        r, w = ("valid", "invalid") if valid else ("invalid", "valid")
        out += [
            Case(p, f"It is {w}? No wait, it's {r}... actually {w}.", False, "self-contradiction"),
            Case(p, f"It is {r}. No wait, it is {w}.", False, "self-contradiction"),
            Case(p, f"The argument is {r} or {w}.", False, "both candidates"),
            Case(p, f"First \\boxed{{{r}}} was my guess. Final answer: {w}", False, "a later final statement"),
            Case(p, f"First \\boxed{{{w}}} was my guess. Final answer: the argument is {r}.", True, "later wins"),
            Case(p, f"The argument may be {r}.", False, "hedged"),
            Case(p, f"{w.capitalize()}? No.", True, "its own question answered"),
            Case(p, f"{w.capitalize()}: no", True, "a form field"),
            Case(p, f"{r.capitalize()}: no", False, "a form field"),
            Case(p, f"**{r.capitalize()}:** yes", True, "a form field"),
            Case(p, f"{r.capitalize()}? No.", False, "its own question answered"),
            Case(p, f"{w.capitalize()}? No, it is {r}.", True, "its own question answered"),
            Case(p, f"{r.capitalize()}?", False, "only asked"),
            Case(p, f"{w.capitalize()}? No wait, {r}.", False, "asked, then the other claim"),
            Case(p, f"Is it {w}? No. The argument is {r}.", True, "a question answered"),
            Case(p, f"<think>If it were {w}, the premises would allow it.</think>\nThe argument is {r}.", True,
                 "thinking skipped"),
        ]
    return out


# ---------------------------------------------------------------- propositional

def _holds(clauses: list, values: dict[int, bool]) -> bool:
    return all(any(values[v] == sign for v, sign in clause) for clause in clauses)


def _rows(data: dict) -> list[tuple[bool, ...]]:
    """Rows of the truth table that are models (sat) or counter-models (entail), by brute force."""
    n = len(data["vars"])
    clauses = [list(map(tuple, c)) for c in data["clauses"]]
    out = []
    for row in itertools.product((False, True), repeat=n):
        values = dict(enumerate(row))
        if data["kind"] == "sat" and _holds(clauses, values):
            out.append(row)
        if data["kind"] == "entail" and _holds(clauses, values) and not any(
                values[v] == sign for v, sign in data["conclusion"]):  # fmt: skip
            out.append(row)
    return out


def propositional() -> list[Case]:
    out: list[Case] = []
    for p in map(_verdict_only, _problems("propositional", (1, 2, 3, 4), 5)):
        data = p.data()
        names, rows, sat = data["vars"], _rows(data), data["kind"] == "sat"
        yes_model, no_model = ("satisfiable", "unsatisfiable") if sat else ("not entailed", "entailed")
        wrong_rows = [r for r in itertools.product((False, True), repeat=len(names)) if r not in rows]

        def forms(row: tuple[bool, ...], *, names: list[str] = names, yes_model: str = yes_model) -> list[str]:
            eq = ", ".join(f"{n} = {'true' if b else 'false'}" for n, b in zip(names, row))
            bare = ", ".join(f"{n} {'true' if b else 'false'}" for n, b in zip(names, row))
            tup = f"({', '.join(names)}) = ({', '.join('T' if b else 'F' for b in row)})"
            lits = ", ".join(("" if b else "¬") + n for n, b in zip(names, row))
            return [f"{yes_model}: {eq}", f"{yes_model.capitalize()} with {bare}", f"It is {yes_model}. {tup}", eq,
                    f"{yes_model}, {lits}", f"{yes_model} {json.dumps(dict(zip(names, row)))}",
                    f"Answer: {yes_model}\n{eq}"]  # fmt: skip

        if rows:
            for k, text in enumerate(forms(rows[0])):
                out.append(Case(p, _wrap(text)[k % 4][0], True, "model in another phrasing"))
            if sat:
                out.append(Case(p, "SAT. " + forms(rows[0])[3], True, "SAT and a model"))
                out.append(Case(p, "UNSAT", False, "UNSAT"))
            out.append(Case(p, "Yes. " + forms(rows[-1])[0].split(": ", 1)[1] if sat else
                            "No, it does not follow. Counter-model: " + forms(rows[-1])[0].split(": ", 1)[1],
                            True, "yes/no with model"))  # fmt: skip
            for k, row in enumerate(wrong_rows[:3]):
                out.append(Case(p, _wrap(forms(row)[k % 7])[k % 4][0], False, "a model that is not one"))
            either = ", ".join(f"{n} = T or F" for n in names)
            if all(rows[0]) or not any(rows[0]):
                out.append(Case(p, f"{yes_model}: all variables {'true' if rows[0][0] else 'false'}", True, "all alike"))
            if (True,) * len(names) not in rows:
                out.append(Case(p, f"{yes_model}: all variables true", False, "all true, not a model"))
            if (False,) * len(names) not in rows:
                out.append(Case(p, f"{yes_model}: every variable is false", False, "all false, not a model"))
            out += [Case(p, no_model, False, "denies the model"),
                    Case(p, f"{yes_model}: {either}", False, "every value left open"),
                    Case(p, f"It is {no_model}? No wait, it's {yes_model}: " + forms(rows[0])[0].split(": ", 1)[1],
                         False, "self-contradiction"),  # fmt: skip
                    Case(p, f"{yes_model}", False, "claim without a model")]
        else:
            rights = [no_model, f"The statements are {no_model}." if sat else "The conclusion is entailed.",
                      "No" if sat else "Yes", "There is no satisfying assignment." if sat else
                      "Yes, it follows from the premises.", f"\\boxed{{\\text{{{no_model}}}}}"] + (["UNSAT"] if sat else [])  # fmt: skip
            for k, text in enumerate(rights):
                out.append(Case(p, _wrap(text)[k % 4][0], True, f"right: {text}"))
            some = forms(wrong_rows[0])
            out += [Case(p, some[0], False, "claims a model that fails"),
                    Case(p, "It is not satisfiable? No wait, it's satisfiable." if sat else
                         "It is entailed? No wait, it is not entailed.", False, "self-contradiction"),
                    Case(p, "Yes" if sat else "No", False, "yes/no the wrong way"),
                    Case(p, yes_model, False, "wrong claim, no model")]
    return out


# ---------------------------------------------------------------- knights and knaves

def _islands() -> Iterator[Problem]:
    """Knights-and-knaves items in every island's words (hero/villain, saint/sinner, ...)."""
    gen_cls = type(TASKS.get("knights_knaves").from_level(1))
    for level in (1, 2, 3):
        gen = gen_cls(gen_cls.config_cls(level=level, vocabulary="mixed"), seed=13)  # type: ignore[call-arg]
        for i in range(3):
            yield gen.generate(i)


def knights_knaves() -> list[Case]:
    out: list[Case] = []
    for p in itertools.chain(_problems("knights_knaves", (1, 2, 3, 4), 4), _islands()):
        data = p.data()
        names, sol = data["names"], [s == "knight" for s in data["solution"]]
        island = data.get("roles") or ["hero", "villain"]  # the island's own words (any pair when none recorded)
        knights = [n for n, k in zip(names, sol) if k]
        knaves = [n for n, k in zip(names, sol) if not k]

        def group(people: list[str]) -> str:
            return people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1]

        def plural(people: list[str], word: str) -> str:
            return f"The {word}s are {group(people)}." if len(people) > 1 else f"The {word} is {people[0]}."

        def forms(k: list[str], v: list[str], flags: list[bool], *,
                  names: list[str] = names, island: list[str] = island) -> list[str]:
            sents = [plural(k, "knight") if k else "There are no knights.",
                     plural(v, "knave") if v else "There are no knaves."]
            return [
                ", ".join(f"{n} is a {'knight' if f else 'knave'}" for n, f in zip(names, flags)),
                " ".join(s for s, ppl in zip(sents, (k, v)) if ppl) + ("" if k and v else
                    (" Everyone is a knight." if k else " Everyone is a knave.")),  # fmt: skip
                "\n".join(f"{n}: {'knight' if f else 'knave'}" for n, f in zip(names, flags)),
                "| Name | Type |\n|---|---|\n" + "\n".join(f"| {n} | {'Knight' if f else 'Knave'} |"
                                                      for n, f in zip(names, flags)),  # fmt: skip
                json.dumps({n: "knight" if f else "knave" for n, f in zip(names, flags)}),
                "; ".join(f"{n} is not a {'knave' if f else 'knight'}" for n, f in zip(names, flags)),
                ", ".join(f"{n} is a {island[0] if f else island[1]}" for n, f in zip(names, flags)),
                ", ".join(f"{n} is a {'truth-teller' if f else 'liar'}" for n, f in zip(names, flags)),
            ]

        for k, text in enumerate(forms(knights, knaves, sol)):
            out.append(Case(p, _wrap(text)[k % 4][0], True, f"right, form {k}"))
        flipped = [not sol[0]] + sol[1:]
        fk = [n for n, f in zip(names, flipped) if f]
        fv = [n for n, f in zip(names, flipped) if not f]
        for k, text in enumerate(forms(fk, fv, flipped)[:5]):
            out.append(Case(p, _wrap(text)[(k + 1) % 4][0], False, f"first person flipped, form {k}"))
        if knights and knaves:  # "The knight is Raj, and Tom is a knave." with the roles swapped
            out.append(Case(p, f"The knight is {knaves[0]}, and {knights[0]} is a knave. " +
                            " ".join(f"{n} is a {'knight' if f else 'knave'}." for n, f in zip(names, sol)
                                     if n not in (knaves[0], knights[0])), False, "roles swapped"))  # fmt: skip
            out.append(Case(p, f"The knight is {knights[0]}, and {knaves[0]} is a knave. " +
                            " ".join(f"{n} is a {'knight' if f else 'knave'}." for n, f in zip(names, sol)
                                     if n not in (knaves[0], knights[0])), True, "header then subject"))  # fmt: skip
        out += [
            Case(p, forms(knights, knaves, sol)[0] + f". No wait, {names[0]} is a "
                 f"{'knave' if sol[0] else 'knight'}.", False, "self-contradiction"),  # fmt: skip
            Case(p, ", ".join(f"{n} is a {'knight' if f else 'knave'}" for n, f in zip(names[:-1], sol)), False,
                 "someone left out"),
            Case(p, f"{group(names)} are knights or knaves.", False, "a choice left open"),
            Case(p, " ".join(f"{n} is a {'knight' if f else 'knave'}, and so is {n}." for n, f in zip(names, sol)),
                 True, "and so is"),  # fmt: skip
            Case(p, f"{names[0]} is a {'knight' if sol[0] else 'knave'}; {names[1]} too. " + ", ".join(
                f"{n} is a {'knight' if f else 'knave'}" for n, f in zip(names[2:], sol[2:])), sol[1] == sol[0], "too"),
            Case(p, f"{names[0]} is a {'knight' if sol[0] else 'knave'}, {names[1]} too, " + ", ".join(
                f"{n} is a {'knight' if f else 'knave'}" for n, f in zip(names[2:], sol[2:])), sol[1] == sol[0], "too"),
            Case(p, f"{names[0]} is a {'knave' if sol[0] else 'knight'}, and so is {names[-1]}. " + ", ".join(
                f"{n} is a {'knight' if f else 'knave'}" for n, f in zip(names[1:-1], sol[1:-1])),
                 sol[0] != sol[-1] and False, "so is, first one wrong"),  # fmt: skip
            Case(p, ", ".join(f"{n} is a knight/knave" for n in names), False, "a choice left open"),
            Case(p, ", ".join(f"{n} is probably a {'knight' if f else 'knave'}" for n, f in zip(names, sol)), False,
                 "only hedged"),
            Case(p, " ".join(f"{names[i - 1]} says {n} is a {'knave' if f else 'knight'}." for i, (n, f) in
                             enumerate(zip(names, sol))) + " " + forms(knights, knaves, sol)[0], True,
                 "statements quoted before the answer"),  # fmt: skip
            Case(p, " ".join(f"{names[i - 1]} says {n} is a {'knave' if f else 'knight'}." for i, (n, f) in
                             enumerate(zip(names, sol))), False, "only statements quoted"),  # fmt: skip
            Case(p, f"If {names[0]} were a {'knave' if sol[0] else 'knight'}, things break. So: "
                 + forms(knights, knaves, sol)[0], True, "hypothetical before the answer"),  # fmt: skip
        ]
    return out


# ---------------------------------------------------------------- sudoku / futoshiki

def _grid_rows(p: Problem) -> list[list[str]]:
    return [line.split() for line in p.answer.splitlines()]


def grids(task: str) -> list[Case]:
    out: list[Case] = []
    for p in _problems(task, (1, 2, 3), 3):
        rows = _grid_rows(p)
        n = len(rows)

        def forms(g: list[list[str]], *, n: int = n) -> list[str]:
            return [
                "\n".join(" ".join(r) for r in g),
                "\n".join(str([int(x) for x in r]) for r in g),
                json.dumps([[int(x) for x in r] for r in g]),
                "\\begin{array}{" + "c" * n + "} " + " \\\\ ".join(" & ".join(r) for r in g) + " \\end{array}",
                "\n".join(f"Row {i + 1}: {' '.join(r)}" for i, r in enumerate(g)),
                "| " + " | ".join(f"c{j + 1}" for j in range(n)) + " |\n|" + "---|" * n + "\n" +
                "\n".join("| " + " | ".join(r) + " |" for r in g),  # fmt: skip
                "grid = " + json.dumps([[int(x) for x in r] for r in g]),
                " / ".join(" ".join(r) for r in g),
                "\\begin{pmatrix}" + " \\\\\n".join(" & ".join(r) for r in g) + "\\end{pmatrix}",
            ]

        for k, text in enumerate(forms(rows)):
            out.append(Case(p, _wrap(text)[k % 4][0], True, f"right grid, form {k}"))
        swapped = [r[:] for r in rows]
        swapped[0][0], swapped[0][1] = swapped[0][1], swapped[0][0]
        shifted = [[str(int(x) % n + 1) for x in r] for r in rows]  # a valid latin square, other givens
        for k, text in enumerate(forms(swapped)[:4]):
            out.append(Case(p, _wrap(text)[(k + 1) % 4][0], False, f"two cells swapped, form {k}"))
        out += [
            Case(p, forms(shifted)[0], False, "a latin square that changes the givens"),
            Case(p, forms(rows)[0] + "\n\nWait, let me fix row 1:\n" + forms(swapped)[0], False, "a later wrong grid"),
            Case(p, "First try:\n" + forms(swapped)[0] + "\n\nFinal answer:\n" + forms(rows)[0], True, "later right grid"),
            Case(p, "\n".join(" ".join(r) for r in rows[:-1]), False, "a row missing"),
        ]
    return out


# ---------------------------------------------------------------- zebra / seating / graph colouring

def zebra() -> list[Case]:
    out: list[Case] = []
    for p in _problems("zebra", (1, 2, 3), 3):
        lines = [line.split(": ", 1)[1].split(", ") for line in p.answer.splitlines()]
        attrs = [a["name"] for a in p.data()["layout"]["attributes"]]

        def forms(ls: list[list[str]], *, attrs: list[str] = attrs) -> list[str]:
            return [
                "\n".join(f"House {i + 1}: {', '.join(v)}" for i, v in enumerate(ls)),
                "\n".join(f"{i + 1}. {', '.join(v)}" for i, v in enumerate(ls)),
                "\n".join(f"House {i + 1}: {', '.join(v)} (this fits clue {i + 1})" for i, v in enumerate(ls)),
                "| House | " + " | ".join(attrs) + " |\n|---|" + "---|" * len(attrs) + "\n" +
                "\n".join(f"| {i + 1} | " + " | ".join(v) + " |" for i, v in enumerate(ls)),  # fmt: skip
                " ".join(f"The {v[0]} lives in house {i + 1}, with {', '.join(v[1:])}." for i, v in enumerate(ls)),
                "\n".join(f"House {i + 1} - {', '.join(v)}" for i, v in enumerate(ls)),
                "; ".join(f"H{i + 1}: {', '.join(v)}" for i, v in enumerate(ls)),
                json.dumps({f"House {i + 1}": v for i, v in enumerate(ls)}),
            ]

        for k, text in enumerate(forms(lines)):
            out.append(Case(p, _wrap(text)[k % 4][0], True, f"right, form {k}"))
        swapped = [v[:] for v in lines]
        swapped[0][-1], swapped[1][-1] = swapped[1][-1], swapped[0][-1]
        for k, text in enumerate(forms(swapped)[:4]):
            out.append(Case(p, _wrap(text)[(k + 1) % 4][0], False, f"one attribute swapped, form {k}"))
        first = lines[0][0]
        by_attr = [[v[k] for v in lines] for k in range(len(attrs))]
        out += [Case(p, "\n".join(f"{a}: {', '.join(vals)}" for a, vals in zip(attrs, by_attr)), True, "a column per attribute"),
                Case(p, "| House | " + " | ".join(str(i + 1) for i in range(len(lines))) + " |\n|---|" + "---|" * len(lines)
                     + "\n" + "\n".join(f"| {a} | " + " | ".join(vals) + " |" for a, vals in zip(attrs, by_attr)),
                     True, "a table with a column per house"),  # fmt: skip
                Case(p, " ".join(f"{', '.join(vals[:-1])} and {vals[-1]} live in different houses." for vals in by_attr),
                     False, "values listed in house order, but no houses said")]  # fmt: skip
        out += [Case(p, forms(lines)[0] + f"\nThe {first} lives next to house 2.", True, "a relation after the answer"),
                Case(p, f"The {first} lives next to house {len(lines)}.", False, "a relation, no answer"),
                Case(p, forms(lines)[0].rsplit("\n", 1)[0], False, "a house missing"),
                Case(p, forms(lines)[0] + f"\nHouse 2: {lines[0][0]}", False, "someone in two houses"),
                Case(p, forms(lines)[0] + "\n\nOr perhaps:\n" + forms(swapped)[0], False, "two full answers"),
                Case(p, "Draft:\n" + forms(swapped)[0] + "\n\nFinal answer:\n" + forms(lines)[0], True,
                     "a final statement after a draft")]  # fmt: skip
        for how, say in (("supposed", "Suppose the {v} lives in house {i}."), ("if", "If the {v} lives in house {i}, a clue breaks."),
                         ("asked", "Does the {v} live in house {i}?"), ("maybe", "Maybe the {v} lives in house {i}."),
                         ("could", "The {v} could live in house {i}.")):
            out.append(Case(p, " ".join(say.format(v=v, i=i + 1) for i, vs in enumerate(lines) for v in vs), False,
                            f"the houses only {how}"))  # fmt: skip
        out.append(Case(p, f"Suppose the {lines[-1][0]} lives in house 1: a clue breaks.\n\nFinal answer:\n" + forms(lines)[0],
                        True, "a case tried, then the answer"))  # fmt: skip
    return out


def seating() -> list[Case]:
    out: list[Case] = []
    for p in _problems("seating", (1, 2, 3), 4):
        order = [line.split(": ", 1)[1] for line in p.answer.splitlines()]

        def forms(o: list[str]) -> list[str]:
            return ["\n".join(f"Seat {i + 1}: {n}" for i, n in enumerate(o)),
                    "\n".join(f"{i + 1}. {n}" for i, n in enumerate(o)), ", ".join(o),
                    " ".join(f"{n} sits in seat {i + 1}." for i, n in enumerate(o)), json.dumps(o),
                    "\n".join(f"{n}: {i + 1}" for i, n in enumerate(o)), " -> ".join(o)]

        for k, text in enumerate(forms(order)):
            out.append(Case(p, _wrap(text)[k % 4][0], True, f"right, form {k}"))
        swapped = order[:]
        swapped[0], swapped[-1] = swapped[-1], swapped[0]
        for k, text in enumerate(forms(swapped)[:3]):
            out.append(Case(p, _wrap(text)[(k + 1) % 4][0], False, f"ends swapped, form {k}"))
        out.append(Case(p, ", ".join(order[:-1]), False, "someone left out"))
        out.append(Case(p, forms(order)[0] + "\nor\n" + forms(swapped)[0], False, "two seatings"))
        out.append(Case(p, f"First guess: {', '.join(swapped)}.\n\nFinal answer:\n" + forms(order)[0], True,
                        "a final statement after a guess"))  # fmt: skip
        out.append(Case(p, f"{order[0]} does not sit in seat 2. " + forms(order)[3], True, "a negation, then the answer"))
        out.append(Case(p, " ".join(f"{n} does not sit in seat {(i + 1) % len(order) + 1}." for i, n in
                                    enumerate(order)), False, "only negations"))  # fmt: skip
        seats = list(enumerate(order, 1))
        for how, say in (("can't", "{n} can't sit in seat {i}."), ("couldn't", "{n} couldn't be in seat {i}."),
                         ("ruled out", "{n} in seat {i} is ruled out."), ("supposed", "Suppose {n} sits in seat {i}."),
                         ("tried", "Try {n} in seat {i}."), ("if", "If {n} sits in seat {i}, a clue breaks."),
                         ("asked", "Could {n} sit in seat {i}?"), ("let's", "Let's put {n} in seat {i}.")):
            out.append(Case(p, " ".join(say.format(n=n, i=i) for i, n in seats), False, f"the seats only {how}"))
        out.append(Case(p, forms(order)[3] + " This is a contradiction, so one of the steps above is wrong.\n\n"
                        "This path reaches no answer.", False, "a dead end that states the seats on its way"))  # fmt: skip
        out.append(Case(p, forms(order)[0] + "\n\nThere is no seating that satisfies every clue.", False,
                        "seats, then no answer"))  # fmt: skip
        out.append(Case(p, " ".join(f"{n} sits in seat {i} since {order[i % len(order)]} can't." for i, n in seats), True,
                        "placements with their reasons"))  # fmt: skip
        out.append(Case(p, forms(order)[0] + "\nNo contradiction remains.", True, "the answer, then 'no contradiction'"))
        out.append(Case(p, f"Suppose {order[-1]} sits in seat 1: a clue breaks.\n\nFinal answer:\n" + forms(order)[0], True,
                        "a case tried, then the answer"))  # fmt: skip
    return out


def _colouring_ok(data: dict, values: list[int]) -> bool:
    if any(values[v] not in d for v, d in enumerate(data["domains"])):
        return False
    return all(values[c["vars"][0]] != values[c["vars"][1]] for c in data["constraints"] if c["op"] == "ne")


def graph_coloring() -> list[Case]:
    out: list[Case] = []
    for p in _problems("graph_coloring", (1, 2, 3, 4), 3):
        data = p.data()
        names, colours, sol = data["vars"], data["values"], list(data["solution"])

        def forms(vals: list[int], *, names: list[str] = names, colours: list[str] = colours) -> list[str]:
            pairs = [(n, colours[v]) for n, v in zip(names, vals)]
            return ["\n".join(f"{n}: {c}" for n, c in pairs), "\n".join(f"Vertex {n}: {c}" for n, c in pairs),
                    "\n".join(f"{n} - {c}" for n, c in pairs), "\n".join(f"{n} → {c}" for n, c in pairs),
                    "| Vertex | Colour |\n|---|---|\n" + "\n".join(f"| {n} | {c} |" for n, c in pairs),
                    " ".join(f"{n} is {c}." for n, c in pairs), json.dumps(dict(pairs)),
                    ", ".join(f"{n} ({c})" for n, c in pairs),
                    "\n".join(f"- **{n}**: {c} (differs from its neighbours)" for n, c in pairs)]  # fmt: skip

        for k, text in enumerate(forms(sol)):
            out.append(Case(p, _wrap(text)[k % 4][0], True, f"right, form {k}"))
        edge = next(c["vars"] for c in data["constraints"] if c["op"] == "ne")
        bad = sol[:]
        bad[edge[1]] = bad[edge[0]]
        assert not _colouring_ok(data, bad)
        for k, text in enumerate(forms(bad)[:4]):
            out.append(Case(p, _wrap(text)[(k + 1) % 4][0], False, f"an edge's ends share a colour, form {k}"))
        out.append(Case(p, forms(sol)[0] + f"\n{names[edge[1]]}: {colours[bad[edge[1]]]}", False,
                        "a vertex given two colours"))  # fmt: skip
        out.append(Case(p, "\n".join(f"{n}: {colours[v]}, {colours[(v + 1) % len(colours)]}" for n, v in zip(names, sol)),
                        False, "every vertex given two colours"))  # fmt: skip
        out.append(Case(p, "\n".join(f"{n}: {', '.join(colours)}" for n in names), False, "every colour listed"))
        for how, say in (("supposed", "Suppose {n} is {c}."), ("if", "If {n} is {c}, an edge breaks."), ("asked", "Is {n} {c}?"),
                         ("could", "{n} could be {c}."), ("maybe", "Maybe {n} is {c}."), ("marked", "{n}: {c}?")):
            out.append(Case(p, "\n".join(say.format(n=n, c=colours[v]) for n, v in zip(names, sol)), False,
                            f"the colours only {how}"))  # fmt: skip
        out.append(Case(p, f"Suppose {names[edge[1]]} is {colours[sol[edge[0]]]}: an edge breaks.\n\nFinal answer:\n"
                        + forms(sol)[0], True, "a case tried, then the answer"))  # fmt: skip
    return out


# ---------------------------------------------------------------- countdown

_OPS: dict[str, Callable[[Fraction, Fraction], Fraction]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b if b else Fraction(10**9)}  # fmt: skip


def _value(expr: str) -> Fraction:
    """The value of an expression over whole numbers and + - * / (a small evaluator of the test's own)."""
    tokens = re.findall(r"\d+|[-+*/()]", expr.replace("×", "*").replace("÷", "/").replace("−", "-"))
    pos = 0

    def atom() -> Fraction:
        nonlocal pos
        t = tokens[pos]
        pos += 1
        if t == "(":
            v = add()
            pos += 1
            return v
        return Fraction(int(t))

    def mul() -> Fraction:
        nonlocal pos
        v = atom()
        while pos < len(tokens) and tokens[pos] in "*/":
            op = tokens[pos]
            pos += 1
            v = _OPS[op](v, atom())
        return v

    def add() -> Fraction:
        nonlocal pos
        v = mul()
        while pos < len(tokens) and tokens[pos] in "+-":
            op = tokens[pos]
            pos += 1
            v = _OPS[op](v, mul())
        return v

    return add()


def countdown() -> list[Case]:
    out: list[Case] = []
    for p in _problems("countdown", (1, 2, 3, 4), 3):
        data = p.data()
        target, gold = data["target"], p.answer
        assert _value(gold) == target
        ascii_gold = gold.replace("×", "*").replace("÷", "/")
        latex = gold.replace("×", "\\times").replace("÷", "\\div")
        rights = [gold, f"{gold} = {target}", f"${latex} = {target}$", f"{target} = {ascii_gold}",
                  f"The expression is {ascii_gold}, which equals {target}.", f"**{ascii_gold}**",
                  f"\\boxed{{{latex}}}", f"<answer>{ascii_gold}</answer>"]  # fmt: skip
        for k, text in enumerate(rights):
            out.append(Case(p, _wrap(text)[k % 4][0] if k < 6 else text, True, f"right: {text}"))
        swaps = {"+": "-", "-": "+", "×": "+", "÷": "×"}
        op_at = next(i for i, ch in enumerate(gold) if ch in swaps)
        wrong = gold[:op_at] + swaps[gold[op_at]] + gold[op_at + 1:]
        try:
            wrong_is_wrong = _value(wrong) != target
        except ZeroDivisionError:
            wrong_is_wrong = True
        if wrong_is_wrong:
            out += [Case(p, f"{wrong} = {target}", False, "an operator changed, still claims the target"),
                    Case(p, f"\\boxed{{{wrong}}}", False, "an operator changed, boxed")]
        out += [
            Case(p, str(target), False, "the target itself"),
            Case(p, f"{target - 1} + 1 = {target}", False, "numbers not given"),
            Case(p, f"{ascii_gold} or {ascii_gold} + 0", False, "two candidates"),
            Case(p, f"First I tried {wrong}.\nFinal answer: {ascii_gold}", True, "final statement wins"),
            Case(p, f"{ascii_gold} ** 1", False, "a power"),
            Case(p, f"{ascii_gold} = {target + 1}", False, "a right expression claimed to make another value"),
            Case(p, f"{ascii_gold} (this uses each number at most once)", True, "a remark in brackets"),
            Case(p, f"{target} = {ascii_gold} = {target}", True, "a chain of equal sides"),
        ]
    return out


# ---------------------------------------------------------------- shortest path

def _paths(data: dict) -> list[tuple[list[int], int]]:
    """Every simple path from source to target with its length (graphs here are small)."""
    adj: dict[int, list[tuple[int, int]]] = {}
    for a, b, w in data["edges"]:
        adj.setdefault(a, []).append((b, w))
        if not data["directed"]:
            adj.setdefault(b, []).append((a, w))
    out: list[tuple[list[int], int]] = []

    def walk(path: list[int], length: int) -> None:
        if len(out) > 2000:
            return
        if path[-1] == data["target"]:
            out.append((path, length))
            return
        for nxt, w in adj.get(path[-1], []):
            if nxt not in path:
                walk(path + [nxt], length + w)

    walk([data["source"]], 0)
    return out


def shortest_path() -> list[Case]:
    out: list[Case] = []
    for p in _problems("shortest_path", (1, 2, 3), 3):
        data = p.data()
        nodes = data["nodes"]
        paths = _paths(data)
        best = min(length for _, length in paths)
        shortest = [[nodes[i] for i in path] for path, length in paths if length == best]
        longer = sorted(((length, [nodes[i] for i in path]) for path, length in paths if length > best))
        route = shortest[0]
        latex = " \\to ".join(route)
        rights = [f"{' -> '.join(route)} (length {best})", f"{' → '.join(route)}, total length {best}",
                  "-".join(route), "[" + ", ".join(route) + "]", json.dumps({"path": route, "length": best}),
                  f"The shortest route from {route[0]} to {route[-1]} is {' -> '.join(route)} with length {best}.",
                  " to ".join(route), f"$ {latex} $"]  # fmt: skip
        for k, text in enumerate(rights):
            out.append(Case(p, _wrap(text)[k % 4][0], True, f"right: {text}"))
        if longer:
            length, other = longer[0]
            out += [Case(p, f"{' -> '.join(other)} (length {length})", False, "a longer route"),
                    Case(p, f"{' -> '.join(other)} (length {best})", False, "a longer route, claimed short"),
                    Case(p, f"{' -> '.join(route)} or {' -> '.join(other)}", False, "two candidates"),
                    Case(p, f"I first thought {' -> '.join(other)}.\nFinal answer: {' -> '.join(route)} "
                         f"(length {best})", True, "final statement wins")]  # fmt: skip
        out += [Case(p, f"{' -> '.join(route)} (length {best + 1})", False, "wrong stated length"),
                Case(p, " -> ".join(route[1:]), False, "the start left out"),
                Case(p, " -> ".join(route[:-1]), False, "the goal left out")]
    return out


def run_table(cases: list[Case]) -> tuple[list[Case], list[Case], list[Case]]:
    """(false positives, false negatives, entries where verify and the reward disagree)."""
    fp, fn, disagree = [], [], []
    rewards = verified_reward([c.text for c in cases], answer=[c.problem.answer for c in cases],
                              verifier=[c.problem.verifier for c in cases], payload=[c.problem.payload for c in cases],
                              task=[c.problem.task for c in cases], domain=[c.problem.domain for c in cases],
                              level=[c.problem.level for c in cases])  # fmt: skip
    for case, reward in zip(cases, rewards):
        verdict = VERIFIERS.get(case.problem.verifier).verify(case.problem, case.text)
        if verdict.accepted and not case.right:
            fp.append(case)
        if case.right and not verdict.accepted:
            fn.append(case)
        if reward != float(verdict.accepted):
            disagree.append(case)
    return fp, fn, disagree


def show(cases: list[Case]) -> str:
    """The first few entries, for a failure message."""
    return "\n".join(f"{c.problem.uid} [{c.note}]: {c.text[:160]!r}" for c in cases[:8])


TABLES: dict[str, Callable[[], list[Case]]] = {
    "syllogism": syllogism, "propositional": propositional, "knights_knaves": knights_knaves,
    "sudoku": lambda: grids("sudoku"), "futoshiki": lambda: grids("futoshiki"), "zebra": zebra,
    "seating": seating, "graph_coloring": graph_coloring, "countdown": countdown, "shortest_path": shortest_path,
}  # fmt: skip
