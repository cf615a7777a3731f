"""Math-Verify's own labelled test triples (gold, prediction, expected), read from its sdist at bench time.

The triples are the literal ``pytest.mark.parametrize`` tables of the sdist's ``tests/`` that name a
``gold`` and a ``pred`` (nothing is stored in this repository). cotforge reads each gold as
``cotforge annotate`` does (kind inferred from how the gold is written) and verifies the prediction;
its verdict agrees when it accepts exactly the triples labelled 1. Every disagreement gets a reason
from :data:`REASONS` (first matching rule), so the list explains itself.

Rows whose label depends on a Math-Verify option cotforge does not have are compared under the
setting that matches cotforge's fixed behaviour (``strict=True``: a different variable is a
different answer; ``allow_set_relation_comp=True``: an inequality is compared with the interval it
describes); the rows for the other setting are counted as not applicable, not left out silently.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from cotforge.core.answers import gold_answer
from cotforge.core.records import Problem
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers.math_kind import answer_payload

COTFORGE_OPTIONS = {"strict": True, "allow_set_relation_comp": True}
"""The Math-Verify options whose fixed setting in cotforge decides which labelled variant applies."""


@dataclass(frozen=True)
class Triple:
    test: str
    gold: str
    pred: str
    expected: bool
    options: dict = field(default_factory=dict)


def download_sdist(version: str, into: Path) -> Path:
    """``pip download math-verify==VERSION --no-deps --no-binary :all:`` (the package registry, nothing else)."""
    command = [sys.executable, "-m", "pip", "download", f"math-verify=={version}", "--no-deps", "--no-binary", ":all:",
               "-d", str(into), "-q"]  # fmt: skip
    subprocess.run(command, check=True)
    return next(into.glob("math_verify-*.tar.gz"))


def read_triples(sdist: Path) -> tuple[list[Triple], list[str]]:
    """Every literal (gold, pred, expected) row of the sdist's tests, and what could not be read as a literal."""
    triples, skipped = [], []
    with tarfile.open(sdist) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if not re.search(r"/tests/test_\w+\.py$", member.name):
                continue
            tree = ast.parse(tar.extractfile(member).read().decode())  # type: ignore[union-attr]
            for fn in (node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)):
                for decorator in fn.decorator_list:
                    if not (isinstance(decorator, ast.Call) and getattr(decorator.func, "attr", "") == "parametrize"):
                        continue
                    names = [n.strip() for n in ast.literal_eval(decorator.args[0]).split(",")]
                    if "gold" not in names or "pred" not in names:
                        continue
                    where = f"{Path(member.name).name}::{fn.name}"
                    try:
                        rows = ast.literal_eval(decorator.args[1])
                    except ValueError:
                        skipped.append(f"{where} (not a literal table: built with an f-string or a call)")
                        continue
                    for row in rows:
                        values = dict(zip(names, row))
                        label = values.pop("expected", values.pop("result", None))
                        gold, pred = values.pop("gold"), values.pop("pred")
                        values.pop("precision", None)  # cotforge has no rounding option: compared as labelled
                        triples.append(Triple(where, gold, pred, bool(label), values))
    return triples, skipped


def cotforge_verdict(triple: Triple) -> tuple[str, str, str]:
    """(status, reason, inferred kind) of cotforge's math verifier on one triple."""
    try:
        payload = answer_payload(triple.gold)
    except ValueError as exc:  # AnswerParseError included: the gold itself cannot be read
        return "error", f"gold answer unreadable: {exc}", "?"
    problem = Problem("math-verify", 1, "math", 1, 0, 0, "q", triple.gold, json.dumps(payload), "lm", "math")
    verdict = VERIFIERS.get("math").verify(problem, triple.pred)
    return verdict.status, verdict.reason, str(payload["answer_kind"])


REASONS: list[tuple[str, str, str, str]] = [
    # (id, where the rule looks: gold, pred or cotforge's reason, a regex, the explanation)
    ("matrix", "gold", r"\\begin\{[pbv]?matrix\}|\\begin\{array\}",
     "A matrix. cotforge has no matrix answer kind: it cannot read the gold, so it verifies nothing (an error, not a pass)."),
    ("no-final-answer", "pred", r"(?s)^(?!.*\\boxed)(?!.*[Ff]inal [Aa]nswer)(?!.*<answer>).{300,}",
     "The prediction states no final answer (no box, tag or final-answer phrase) and its text holds many numbers: "
     "cotforge reads none (unreadable); Math-Verify takes the last number it finds."),
    ("boxes-apart", "reason", r"boxes apart",
     "The gold holds several boxes with words between them (\\boxed{1} papers and \\boxed{2} bins, \\boxed{1} no no "
     "\\boxed{2}). cotforge reads boxes side by side together and refuses to guess which of several boxes apart is "
     "the answer: an error, not a pass."),
    ("unclosed-box", "reason", r"unclosed \\boxed", "The gold's \\boxed{ never closes: cotforge cannot read it."),
    ("named-tuples", "gold", r"p=5,q=2;",
     "A set of tuples written as named values, one group per tuple (p=5,q=2; p=7,q=2): not read by cotforge, which "
     "reads a set of tuples in brackets ((5, 2), (7, 2))."),
    ("pred-boxes-apart", "pred", r"\\boxed\{\(3, 3\)\} \\text\{ for part",
     "The prediction boxes its two tuples apart, with words between (\"\\boxed{(3, 3)} for part (a) and "
     "\\boxed{(1, 1)}\"): cotforge reads the last box alone, as for any completion."),
    ("comma-in-braces", "reason", r"\{, \}",
     "A thousands separator written as \"{, }\" with a space (14{, }916): not one of the separators cotforge reads."),
    ("names", "gold", r"_\{?\w|\\sum|AB|\bNO\b|f\([\dx]\)|\|z\||D = \(|\\zzz",
     "Named quantities, subscripts and function values (AB = 4, NO/BO, V_{1}, a_{37}, 204_5, f(2) < f(1), |z|, "
     "D = (0, 1), \\sum_{k}): cotforge reads one-letter unknowns only and cannot read the gold."),
    ("not-equal", "gold", r"\\neq|!=", "A relation x ≠ a: cotforge has no answer kind for it and cannot read the gold."),
    ("ratio-time", "gold", r"\d:\d|A:B", "A ratio or a clock time (7:32, 12:00, A:B = 1): not read by cotforge."),
    ("exact-rational", "pred", r"0\.0833333|0\.6,2\.6667",
     "A decimal for an exact rational gold (0.0833333333333333 for 1/12; 0.6 and 2.6667 for 3/5 and 8/3). cotforge "
     "compares rationals exactly and allows a tolerance only for a decimal approximation of an irrational gold; "
     "Math-Verify's label holds under its rounding option."),
    ("tuple-as-set", "pred", r"^\$\{1,3\}\$$", "A set {1, 3} for the ordered pair (1, 3): cotforge does not read a set as a tuple."),
    ("interval-union", "gold", r"\\\{-1\\\} \\cup",
     "A union of a point and an interval ({-1} ∪ [0, 7)): cotforge's interval reader does not take a lone point."),
    ("decimal-comma", "gold|pred", r"^[^,]*(?<![\d,])\d+,\d{1,2}(?![\d,])[^,]*$|^0,\d+$",
     "A comma as the decimal point (1000,99, 0,111, 2,74). cotforge reads a comma only as a thousands separator in "
     "groups of three or as a list separator, never as a decimal point: 12,5 could be 12.5, 125 or two answers."),
    ("percent", "gold|pred", r"28\\%|\$20 \\%\$",
     "A percent against a bare number. Math-Verify accepts 28 for the gold 28% (and 20 % for a gold that boxes 20 and "
     "says \"percent\" outside the box); cotforge reads 28% as 0.28 and 28 as 28, and reads the gold's box alone."),
    ("negation", "reason", r"qualifies its value \('not'\)",
     "The sentence around the value holds a negation (\"the number is not 10 which is 1,000.99\"): cotforge reads no "
     "value out of a negated sentence."),
    ("two-values", "pred", r"number is 10 which is",
     "The sentence states two numbers (10 and 1,000.99): cotforge reads a value from a sentence only when it holds one."),
    ("false-chain", "reason", r"the sides of .* are not equal",
     "The prediction's chain of equalities is false (x = 5+5+1 = 7 = 11, z = 3+3 = 2, 1/2 = 10/9): self-contradicting, "
     "so unreadable. Math-Verify takes the last side."),
    ("unsolved-inequality", "reason", r"unknown names \['x'\] in '-x'",
     "An inequality not yet solved for x (-x > -1): like an unfinished equation, cotforge does not solve it for the model."),
    ("value-differs", "pred", r"1 \+ \\frac\{1\}\{\\mathrm\{e\}\}",
     "The values differ (1 − 1/e ≈ 0.632, 1 + 1/e ≈ 1.368): cotforge rejects; the triple's label 1 looks wrong."),
    ("quoted", "pred", r'\\"\$12',
     "The final answer is wrapped in escaped quotes (\\\"$12 $ and $13 $\\\"), and its box never closes: cotforge reads no answer."),
    ("hedged-sentence", "reason", r"qualifies its value \('could'\)",
     "The final sentence (\"the maximum number of points that could be in the domain of f(x) is 19\") holds a hedge "
     "word and a formula besides the value: cotforge reads no bare value from it."),
]
"""Why cotforge and Math-Verify disagree on a triple: the first rule that matches explains it."""


def reason_for(triple: Triple, status: str, reason: str) -> tuple[str, str]:
    try:
        gold = gold_answer(triple.gold)  # a gold that is a whole solution: its boxed answer
    except ValueError:
        gold = triple.gold
    fields = {"gold": [gold], "pred": [triple.pred], "reason": [reason], "gold|pred": [gold, triple.pred]}
    for rule_id, where, rule, explanation in REASONS:
        if any(re.search(rule, text) for text in fields[where]):
            return rule_id, explanation
    return "other", f"cotforge: {status} ({reason})"


def compare(triples: list[Triple]) -> dict:
    """Agreement of cotforge with the labels, false positives, and every disagreement with its reason."""
    rows, not_applicable = [], []
    for triple in triples:
        if any(triple.options.get(k, v) != v for k, v in COTFORGE_OPTIONS.items()):
            not_applicable.append({"test": triple.test, "gold": triple.gold, "pred": triple.pred, "expected": triple.expected,
                                   "options": triple.options})  # fmt: skip
            continue
        status, reason, kind = cotforge_verdict(triple)
        rows.append((triple, status, reason, kind))
    disagreements = []
    for triple, status, reason, kind in rows:
        if (status == "accept") != triple.expected:
            rule_id, why = reason_for(triple, status, reason)
            disagreements.append({"test": triple.test, "gold": triple.gold, "pred": triple.pred, "expected": triple.expected,
                                  "cotforge": status, "kind": kind, "cotforge_reason": reason, "why": rule_id})  # fmt: skip
    false_positives = [d for d in disagreements if d["cotforge"] == "accept"]
    return {
        "triples": len(rows),
        "labelled_equal": sum(t.expected for t, *_ in rows),
        "agree": len(rows) - len(disagreements),
        "false_positives": len(false_positives),
        "false_negatives": len(disagreements) - len(false_positives),
        "cotforge_errors": sum(s == "error" for _, s, _, _ in rows),
        "not_applicable": not_applicable,
        "reasons": {rule_id: why for rule_id, _, _, why in REASONS},
        "disagreements": disagreements,
    }


def run(version: str, sdist: Path | None = None) -> dict:
    """Download (unless given) the sdist, read its triples and compare."""
    with tempfile.TemporaryDirectory(prefix="math-verify-sdist-") as folder:
        path = sdist or download_sdist(version, Path(folder))
        triples, skipped = read_triples(path)
        result = compare(triples)
    result["skipped"] = skipped
    result["sdist"] = path.name
    return result


def markdown(result: dict) -> list[str]:
    """The section of ``math_verify.md``: the figure, the reasons, and every disagreement."""
    n, agree = result["triples"], result["agree"]
    lines = [
        f"## Math-Verify's own test triples ({result['sdist']})",
        "",
        f"{n} labelled (gold, prediction, expected) triples from the sdist's tests ({result['labelled_equal']} labelled "
        f"equal): cotforge agrees on {agree} ({100 * agree / n:.1f}%); false positives {result['false_positives']}, "
        f"false negatives {result['false_negatives']} (of which {result['cotforge_errors']} golds cotforge cannot read: "
        f"an error, never a pass). {len(result['not_applicable'])} rows are labelled for a Math-Verify option setting "
        f"cotforge does not have (not applicable); not read as literals: {'; '.join(result['skipped']) or 'none'}.",
        "",
        "| why | count | explanation |",
        "|---|---:|---|",
    ]
    counts: dict[str, int] = {}
    for d in result["disagreements"]:
        counts[d["why"]] = counts.get(d["why"], 0) + 1
    for rule_id, count in sorted(counts.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {rule_id} | {count} | {result['reasons'].get(rule_id, 'see the cotforge verdict in the row')} |")
    lines += ["", "| test | gold | prediction | label | cotforge | why |", "|---|---|---|---:|---|---|"]

    def cell(text: str, width: int) -> str:
        short = text if len(text) <= width else text[: width // 2] + " … " + text[-width // 2 :]
        return "`" + short.replace("\n", " ").replace("|", "\\|").replace("`", "'") + "`"

    for d in result["disagreements"]:
        status = d["cotforge"] if d["why"] != "other" else f"{d['cotforge']}: {d['cotforge_reason'][:60]}"
        lines.append(f"| {d['test'].split('::')[1]} | {cell(d['gold'], 50)} | {cell(d['pred'], 70)} | {int(d['expected'])} "
                     f"| {status} | {d['why']} |")  # fmt: skip
    if result["not_applicable"]:
        lines += ["", "Not applicable (labelled for the other setting of an option cotforge fixes):", ""]
        for row in result["not_applicable"]:
            lines.append(f"- {row['test']}: {cell(row['gold'], 40)} vs {cell(row['pred'], 40)}, label {int(row['expected'])} "
                         f"with {row['options']}")  # fmt: skip
    return lines
