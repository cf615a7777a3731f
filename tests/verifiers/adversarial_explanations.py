"""Adversarial tables for what a propositional or syllogism answer names besides its verdict (the
payload's ``explain``), built from real generated problems.

``right`` is judged here apart from the verifier: a set of statements by its own truth table (it
clashes, and each statement is needed), a mood and figure and a chain's order computed from the
payload by this file's own code, a set of broken rules from the gold answer's words. Right answers
come in other phrasings (synonyms, medieval names, bracketed numbers, ranges, chains, bullets,
LaTeX, a remark that a statement is not needed); wrong ones keep the right verdict and name the
wrong thing (one statement short or one too many, another figure, the chain reversed, a rule too
many), name nothing, offer alternatives or take it back.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from adversarial_logic import Case, _problems, _wrap  # beside this file

from cotforge.core.records import Problem

# ---------------------------------------------------------------- propositional: the clashing statements


def _holds(clause: list, row: tuple[bool, ...]) -> bool:
    return any(row[v] == sign for v, sign in clause)


def _clash(data: dict, subset: list[int]) -> bool:
    """No row makes the statements numbered ``subset`` (1-based) true (with the conclusion false)."""
    denied = [[(v, not s)] for v, s in data.get("conclusion", [])] if data["kind"] == "entail" else []
    chosen = [data["clauses"][k - 1] for k in subset] + denied
    return not any(all(_holds(c, row) for c in chosen) for row in itertools.product((False, True), repeat=len(data["vars"])))


def _core_ok(data: dict, numbers: list[int]) -> bool:
    """The statements clash and none could be left out (what the question asks for)."""
    m = len(data["clauses"])
    if not numbers or len(set(numbers)) != len(numbers) or any(not 1 <= k <= m for k in numbers):
        return False
    return _clash(data, numbers) and all(not _clash(data, [j for j in numbers if j != k]) for k in numbers)


def _listed(numbers: list[int]) -> str:
    words = [str(k) for k in numbers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _other_core(data: dict, core: list[int]) -> list[int] | None:
    """Another set of statements that clashes, each needed (a second right answer), if a small one exists."""
    m = len(data["clauses"])
    for size in range(2, len(core) + 2):
        for subset in itertools.combinations(range(1, m + 1), size):
            if sorted(subset) != sorted(core) and _core_ok(data, list(subset)):
                return list(subset)
    return None


def _clause_text(data: dict, k: int) -> str:
    names = data["vars"]
    return " or ".join(names[v] if s else f"not {names[v]}" for v, s in data["clauses"][k - 1])


def propositional_core() -> list[Case]:
    out: list[Case] = []
    seen = 0
    for p in _problems("propositional", (1, 2, 3, 4), 8, seed=29):
        data = p.data()
        if not p.answer.startswith(("unsatisfiable", "entailed")):
            out += _model_side(p, data)
            continue
        seen += 1
        sat = data["kind"] == "sat"
        no, noun = ("unsatisfiable", "statement") if sat else ("entailed", "premise")
        core = [int(k) for k in p.answer.split(noun, 1)[1].replace("s ", " ").replace(",", " ").replace("and", " ").split()
                if k.isdigit()]  # fmt: skip
        assert _core_ok(data, core), p.uid
        m = len(data["clauses"])
        extra = next(k for k in range(1, m + 1) if k not in core)
        clash = "already clash" if sat else "give the conclusion"

        def case(text: str, numbers: list[int] | None, note: str, *, p: Problem = p, data: dict = data) -> Case:
            return Case(p, text, numbers is not None and _core_ok(data, numbers), note)

        cases = [
            case(p.answer, core, "gold"),
            case(f"{no.capitalize()}. {noun.capitalize()}s {_listed(core)} cannot all be true together." if sat else
                 f"Entailed: {noun}s {_listed(core)} already give the conclusion.", core, "prose"),
            case(f"{no}: " + ", ".join(f"({k})" for k in core) + f" {clash}", core, "bracketed numbers"),
            case(("UNSAT - clauses " if sat else "Yes, it follows from ") + " and ".join(f"{'P' if not sat else ''}{k}"
                                                                                       for k in core), core, "other words"),
            case(f"{no}: " + ", ".join(f"{noun} {k} ({_clause_text(data, k)})" for k in core), core, "with the clauses"),
            case(f"{no}: {noun}s {_listed(core[::-1])} {clash}", core, "numbers in another order"),
            case(f"{no}: {', '.join(map(str, core))}", core, "a bare list"),
            case(f"Since {noun}s {_listed(core)} {clash}, the answer is {no}.", core, "said before the final statement"),
            case(f"{no}: " + " and ".join(f'"{_clause_text(data, k)}"' for k in core) + f" {clash}", core, "quoted statements"),
            case(f"{no}: " + ", ".join(f"“{_clause_text(data, k).replace('not ', '¬').replace(' or ', ' ∨ ')}”" for k in core),
                 core, "quoted in symbols"),
            case(f"{no}: " + " and ".join(f'"{_clause_text(data, k)}"' for k in core) + f"; \"{_clause_text(data, extra)}\" "
                 "is not needed", core, "quoted, one said not needed"),
            case(f"{no}: " + " and ".join(f'"{_clause_text(data, k)}"' for k in core[:-1]) + f" {clash}",
                 core[:-1], "quoted, one short"),
            case(f"{no}: " + " and ".join(f'"{_clause_text(data, k)}"' for k in sorted(core + [extra])), sorted(core + [extra]),
                 "quoted, one too many"),
            case(f"Since {noun}s {_listed(sorted(core + [extra]))} {clash}, the answer is {no}.", sorted(core + [extra]),
                 "one too many, before the final statement"),
            case(f"Since {noun}s {_listed(core)} {clash}, the answer is {no}. No wait, it is not.", None,
                 "said before the final statement, taken back"),
            case(f"**Answer:** {no}\n{noun.capitalize()}s {_listed(core)} {clash}.", core, "marker, then its paragraph"),
            case(f"{no}: {noun}s {_listed(core)} {clash}; {noun} {extra} is not needed.", core, "one said not needed"),
            case(f"\\boxed{{\\text{{{no}: {noun}s }} {', '.join(map(str, core))}}}", core, "LaTeX box"),
            case(f"<think>Maybe {noun}s {_listed(sorted(set(core + [extra])))}?</think>\n{no}: {noun}s {_listed(core)}",
                 core, "thinking skipped"),
            case(f"First guess: {no}: {noun}s {_listed(sorted(core + [extra]))}.\n\nFinal answer: {no}: {noun}s "
                 f"{_listed(core)} {clash}", core, "final statement wins"),
            case(no, None, "verdict only"),
            case(f"The {noun}s are {no}.", None, "verdict only, in prose"),
            case(f"{no}: {noun}s {_listed(sorted(core + [extra]))} {clash}", sorted(core + [extra]), "one too many"),
            case(f"{no}: {noun}s 1 to {m} {clash}", list(range(1, m + 1)), "every statement"),
            case(f"{no}: {noun}s {_listed(core)} and {m + 1}", None, "a statement the question does not have"),
            case(f"{no}: {noun}s {_listed(core)} or {noun}s {_listed(core[:-1])}", None, "alternatives"),
            case(f"{no}: {noun}s {_listed(core)} {clash}. No wait, {noun}s {_listed(core[:-1])}.", None, "taken back"),
            case(f"First guess: {no}: {noun}s {_listed(core)}.\n\nFinal answer: {no}: {noun}s "
                 f"{_listed(sorted(core + [extra]))}", None, "a later wrong statement"),
            case(f"{no}: {noun}s 1 and 2 {clash}", [1, 2], "the usual guess"),
            case(f"{no}: {noun}s {m - 1} and {m}", [m - 1, m], "another guess"),
            case(f"{'satisfiable' if sat else 'not entailed'}: " + ", ".join(f"{n} = true" for n in data["vars"]), None,
                 "the other verdict"),
        ]
        if len(core) > 1:
            cases.append(case(f"{no}: {noun}s {_listed(core[:-1])} {clash}", core[:-1], "one short"))
            cases.append(case(f"{no}: {noun} {core[0]} alone", [core[0]], "one statement"))
        if len(core) >= 3 and core == list(range(core[0], core[-1] + 1)):
            cases.append(case(f"{no}: {noun}s {core[0]}-{core[-1]} {clash}", core, "a range"))
        cases += [Case(p, text, False, f"junk: {note}") for text, note in (
            (f"{no}: {noun}s", "a noun and no number"), (f"{no}: {noun} 0", "statement 0"),
            (f"{no}: {noun}s 1-1000", "a range past the question"), (f"{no}: {noun}s {m}-1", "a range running backwards"),
            (f"{no}: " + "1, " * 3000 + "2", "a list of thousands"), (f"{no}: {noun}s ½ and ¾", "fractions"),
            ("\\boxed{" + no + f": {noun}s {_listed(core)}", "a box never closed"),
            (f"{no}: " + "not " * 500 + f"{noun}s {_listed(core)}", "hundreds of nots"))]
        other = _other_core(data, core) if m <= 12 else None
        if other:
            cases.append(case(f"{no}: {noun}s {_listed(other)} {clash}", other, "another set that clashes, each needed"))
        for k, c in enumerate(cases[:4]):  # the first phrasings in every wrapper too
            text, how = _wrap(c.text)[(k + 1) % 4]
            cases.append(Case(p, text, c.right, f"{c.note}, {how}"))
        out += cases
    assert seen >= 10, "too few refutations in the table"
    return out


def _model_side(p: Problem, data: dict) -> list[Case]:
    """A satisfiable (not entailed) item asking for explanations: the model is still what is checked."""
    n = len(data["vars"])
    yes = "satisfiable" if data["kind"] == "sat" else "not entailed"
    denied = [[(v, not s)] for v, s in data.get("conclusion", [])] if data["kind"] == "entail" else []
    rows = [r for r in itertools.product((False, True), repeat=n) if all(_holds(c, r) for c in data["clauses"] + denied)]
    bad = next(r for r in itertools.product((False, True), repeat=n) if r not in rows)

    def model(row: tuple[bool, ...]) -> str:
        return ", ".join(f"{v} = {'true' if b else 'false'}" for v, b in zip(data["vars"], row))

    no = "unsatisfiable: statements 1 and 2 already clash" if data["kind"] == "sat" else "entailed: it follows from premises 1 and 2"
    return [Case(p, f"{yes}: {model(rows[0])}", True, "a model"),
            Case(p, f"{yes}: {model(rows[-1])}", True, "another model"),
            Case(p, f"{yes}: {model(bad)}", False, "not a model"),
            Case(p, yes, False, "verdict, no model"),
            Case(p, no, False, "a refutation of a satisfiable item")]


# ---------------------------------------------------------------- syllogism: form, order, rules

_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth"}
_NAMES = {"AAA-1": "Barbara", "EAE-1": "Celarent", "AII-1": "Darii", "EIO-1": "Ferio", "EAE-2": "Cesare",
          "AEE-2": "Camestres", "EIO-2": "Festino", "AOO-2": "Baroco", "AAI-3": "Darapti", "IAI-3": "Disamis",
          "AII-3": "Datisi", "EAO-3": "Felapton", "OAO-3": "Bocardo", "EIO-3": "Ferison", "AAI-4": "Bramantip",
          "AEE-4": "Camenes", "IAI-4": "Dimaris", "EAO-4": "Fesapo", "EIO-4": "Fresison"}  # fmt: skip
_SYNONYMS = {"undistributed middle": "the middle term is never distributed",
             "illicit major": "illicit process of the major term", "illicit minor": "illicit process of the minor term",
             "two negative premises": "exclusive premises (both premises are negative)",
             "negative premise with affirmative conclusion": "an affirmative conclusion drawn from a negative premise",
             "negative conclusion from affirmative premises": "a negative conclusion drawn from affirmative premises",
             "existential fallacy": "the fallacy of existential import"}  # fmt: skip
_ALL_RULES = list(_SYNONYMS)


def _form(data: dict) -> str:
    """Mood and figure of a two-premise argument, computed here: the major premise holds the
    conclusion's predicate; the figure is where the middle term sits in the two premises."""
    (cq, s, pred) = data["conclusion"]
    major = next(st for st in data["premises"] if pred in st[1:])
    minor = next(st for st in data["premises"] if s in st[1:])
    middle = ({major[1], major[2]} - {pred}).pop()
    figure = {(True, False): 1, (False, False): 2, (True, True): 3, (False, True): 4}[(major[1] == middle, minor[1] == middle)]
    return f"{major[0]}{minor[0]}{cq}-{figure}"


def _order(data: dict) -> list[int]:
    """The premises (1-based) from the conclusion's subject to its predicate, walked here."""
    at, left, out = data["conclusion"][1], list(range(len(data["premises"]))), []
    while left:
        i = next(i for i in left if at in data["premises"][i][1:])
        out.append(i + 1)
        left.remove(i)
        q, a, b = data["premises"][i]
        at = b if a == at else a
    return out


def _english(data: dict, k: int) -> str:
    q, s, p = data["premises"][k - 1]
    t = data["terms"]
    return {"A": f"all {t[s]} are {t[p]}", "E": f"no {t[s]} are {t[p]}", "I": f"some {t[s]} are {t[p]}",
            "O": f"some {t[s]} are not {t[p]}"}[q]  # fmt: skip


def _valid_form(p: Problem, data: dict) -> list[Case]:
    form = _form(data)
    assert p.answer == f"valid: {form}", p.uid
    mood, fig = form.split("-")
    other_fig = f"{mood}-{int(fig) % 4 + 1}"
    other_mood = f"{'E' if mood[0] != 'E' else 'A'}{mood[1:]}-{fig}"
    name = _NAMES.get(form)
    other_name = next(n for f, n in _NAMES.items() if f != form)
    cases = [
        Case(p, f"valid: {form}", True, "gold"),
        Case(p, f"The argument is valid. Its form is {mood}-{fig}.", True, "prose"),
        Case(p, f"Valid, with mood {mood} in figure {fig}.", True, "mood in figure"),
        Case(p, f"valid ({mood}, {_ORDINALS[int(fig)]} figure)", True, "an ordinal figure"),
        Case(p, f"**Valid** — **{mood}-{fig}**", True, "bold"),
        Case(p, f"Yes, the conclusion follows: {mood}-{fig}.", True, "yes and the form"),
        Case(p, f"VALID {mood}/{fig}", True, "a slash"),
        Case(p, f"Valid ({mood}{fig})", True, "figure glued on"),
        Case(p, f"Valid ({other_fig.replace('-', '')})", False, "another figure glued on"),
        Case(p, f"\\boxed{{\\text{{valid, }} \\mathrm{{{mood}}}\\text{{-}}{fig}}}", True, "LaTeX box"),
        Case(p, f"Mood: {mood}\nFigure: {fig}\nVerdict: valid", True, "fields"),
        Case(p, f"<think>Could it be {other_fig}? The figure says otherwise.</think>\nvalid: {form}", True, "thinking skipped"),
        Case(p, f"First guess: valid: {other_fig}.\n\nFinal answer: valid: {form}", True, "final statement wins"),
        Case(p, f"valid: {form}, not {other_fig}", True, "another form denied"),
        Case(p, f"It is {form}, so the answer is valid.", True, "the form before the final statement"),
        Case(p, f"It is {other_fig}, so the answer is valid.", False, "another form before the final statement"),
        Case(p, "valid", False, "verdict only"),
        Case(p, "The conclusion follows from the premises.", False, "verdict only, in prose"),
        Case(p, f"valid: {other_fig}", False, "another figure"),
        Case(p, f"valid: {other_mood}", False, "another mood"),
        Case(p, f"valid: {form} or {other_fig}", False, "two forms"),
        Case(p, f"valid: mood {mood}", False, "figure missing"),
        Case(p, f"Valid, figure {fig}.", False, "mood missing"),
        Case(p, "invalid: undistributed middle", False, "the other verdict"),
        Case(p, f"valid: {other_name}", False, "another form's name"),
        Case(p, f"valid: {form}. No wait, {other_fig}.", False, "taken back"),
        Case(p, f"valid: {other_fig}, not {form}", False, "the right form denied"),
        Case(p, f"First guess: valid: {form}.\n\nFinal answer: valid: {other_fig}", False, "a later wrong statement"),
        Case(p, "valid: AAA-1, EAE-1, AII-1, EIO-1", False, "every first-figure form"),
    ]
    if name:
        cases += [Case(p, f"Valid: this is {name}.", True, "the medieval name"),
                  Case(p, f"valid, {name.lower()} ({form})", True, "name and form")]
    if mood[1] + mood[0] != mood[:2]:
        cases.append(Case(p, f"valid: {mood[1]}{mood[0]}{mood[2]}-{fig}", False, "minor premise first"))
    return cases


def _valid_chain(p: Problem, data: dict) -> list[Case]:
    order = _order(data)
    assert p.answer == "valid: premises in the order " + ", ".join(map(str, order)), p.uid
    n = len(order)
    comma = ", ".join(map(str, order))
    rotated = order[1:] + order[:1]
    return [
        Case(p, p.answer, True, "gold"),
        Case(p, "valid: " + " → ".join(f"P{k}" for k in order), True, "arrows"),
        Case(p, "Valid. Premise " + ", then premise ".join(map(str, order)) + ".", True, "then"),
        Case(p, "The argument is valid; the premises chain in the order " + "-".join(map(str, order)) + ".", True, "dashes"),
        Case(p, "valid: " + ", ".join(f"({k})" for k in order), True, "bracketed"),
        Case(p, f"Yes, it follows: the chain runs {comma}", True, "yes and the chain"),
        Case(p, "valid: premises in the order " + ", ".join(f"{k} ({_english(data, k)})" for k in order), True,
             "with the premises"),
        Case(p, f"**Answer:** valid\nOrder: {comma}", True, "marker, then its paragraph"),
        Case(p, "valid", False, "verdict only"),
        Case(p, "valid: premises in the order " + ", ".join(map(str, order[::-1])), False, "reversed"),
        Case(p, "valid: premises in the order " + ", ".join(map(str, rotated)), False, "rotated"),
        Case(p, "valid: premises in the order " + ", ".join(map(str, order[:-1])), False, "one left out"),
        Case(p, f"valid: premises in the order {comma} or " + ", ".join(map(str, order[::-1])), False, "alternatives"),
        Case(p, "invalid: undistributed middle", False, "the other verdict"),
        Case(p, "valid: AAA-1", False, "a form for a chain"),
        Case(p, "valid: premises in the order " + ", ".join(map(str, range(1, n + 1))), order == list(range(1, n + 1)),
             "the listed order"),
        Case(p, f"valid: premises in the order {comma}. No wait, " + ", ".join(map(str, rotated)) + ".", False, "taken back"),
    ]


def _invalid(p: Problem, data: dict) -> list[Case]:
    rules = p.answer.split(": ", 1)[1].split("; ")
    assert p.answer.startswith("invalid: ") and set(rules) <= set(_ALL_RULES), p.uid
    other = next(r for r in _ALL_RULES if r not in rules)
    cases = [
        Case(p, p.answer, True, "gold"),
        Case(p, "Invalid. It breaks: " + " and ".join(rules[::-1]), True, "another order"),
        Case(p, "Not valid — " + "; ".join(_SYNONYMS[r] for r in rules), True, "synonyms"),
        Case(p, "No, it does not follow: " + ", ".join(rules) + ".", True, "no and the rules"),
        Case(p, "**Answer:** invalid\n" + "\n".join(f"- {r}" for r in rules), True, "marker, then a bullet list"),
        Case(p, "invalid: " + "; ".join(rules) + f". It does not commit the {other}.", True, "another rule denied"),
        Case(p, "\\boxed{\\text{invalid: " + "; ".join(rules) + "}}", True, "LaTeX box"),
        Case(p, "INVALID: " + ", ".join(r.upper() for r in rules), True, "capitals"),
        Case(p, "Invalid: " + "; ".join("two negatives" if r == "two negative premises" else r for r in rules), True,
             "'two negatives'"),
        Case(p, "invalid", False, "verdict only"),
        Case(p, "The argument isn't valid.", False, "verdict only, in prose"),
        Case(p, "Because of " + " and ".join(rules) + ", the answer is invalid.", True, "the rules before the final statement"),
        Case(p, f"Because of the {other}, the answer is invalid.", False, "another rule before the final statement"),
        Case(p, "invalid: " + "; ".join(rules + [other]), False, "a rule too many"),
        Case(p, f"invalid: {other}", False, "another rule"),
        Case(p, "invalid: " + "; ".join(_ALL_RULES), False, "every rule"),
        Case(p, "valid: AAA-1", False, "the other verdict"),
        Case(p, "invalid: " + "; ".join(rules) + ". No wait, it's valid: AAA-1.", False, "contradiction"),
        Case(p, "invalid: " + "; ".join(rules) + f" or {other}", False, "a rule offered as an alternative"),
        Case(p, "First answer: invalid: " + "; ".join(rules) + f".\n\nFinal answer: invalid: {other}", False,
             "a later wrong statement"),
        Case(p, f"First answer: invalid: {other}.\n\nFinal answer: invalid: " + "; ".join(rules), True, "final statement wins"),
        Case(p, "Invalid: " + "; ".join(rules[1:]) + (". " if rules[1:] else "") + f"It does not commit the {rules[0]}.",
             False, "a broken rule denied"),
    ]
    if len(rules) > 1:
        cases.append(Case(p, f"invalid: {rules[0]}", False, "a rule left out"))
    return cases


def syllogism_form() -> list[Case]:
    out: list[Case] = []
    kinds = {"form": 0, "chain": 0, "rules": 0}
    for p in _problems("syllogism", (1, 2, 3, 4, 5), 7, seed=23):  # 7 a level: v3 draws 2 valid chains in 5
        data = p.data()
        if p.answer.startswith("invalid"):
            cases, kind = _invalid(p, data), "rules"
        elif len(data["premises"]) == 2:
            cases, kind = _valid_form(p, data), "form"
        else:
            cases, kind = _valid_chain(p, data), "chain"
        kinds[kind] += 1
        verdict = p.answer.split(":")[0]
        cases += [Case(p, text, False, f"junk: {note}") for text, note in (
            (f"{verdict}: AAA-9", "figure 9"), (f"{verdict}: XYZ-1", "no mood"), (f"{verdict}: lorem ipsum", "words"),
            (f"{verdict}: " + "AAA-1 EAE-2 " * 500, "two forms, a thousand times"),
            (f"{verdict}: " + "premises 1, 2 or 3 " * 500, "alternatives, hundreds of times"),
            (f"{verdict}: " + "not " * 1000 + "undistributed middle", "a thousand nots"),
            (f"{verdict}: premises 0, 99", "premises the argument does not have"))]
        for k, c in enumerate(cases[:4]):
            text, how = _wrap(c.text)[(k + 1) % 4]
            cases.append(Case(p, text, c.right, f"{c.note}, {how}"))
        out += cases
    assert min(kinds.values()) >= 3, kinds
    return out


TABLES: dict[str, Callable[[], list[Case]]] = {"propositional_core": propositional_core, "syllogism_form": syllogism_form}
