"""`cotforge annotate` with several algorithms over the same items, budgets, prompt templates,
and the report's solve-rate curves per algorithm, against a local OpenAI-compatible server."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cotforge.pipelines import cli
from cotforge.pipelines.report import budget_curves, budget_table

sys.path.insert(0, str(Path(__file__).parents[1] / "solvers" / "lm"))
from fake_openai import Handler, start  # noqa: E402

QUESTIONS = [(2, 3), (10, 7), (40, 2), (5, 5), (1, 1)]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd, url = start()
    yield url
    httpd.shutdown()


@pytest.fixture()
def pairs(tmp_path: Path) -> Path:
    data = tmp_path / "pairs.jsonl"
    rows = [{"q": f"What is {a} + {b}?" + (" (impossible)" if a == 1 else ""), "a": str(a + b)} for a, b in QUESTIONS]
    data.write_text("\n".join(json.dumps(r) for r in rows))
    return data


def argv(pairs: Path, url: str, out: Path, *extra: str) -> list[str]:
    return ["annotate", "--input", str(pairs), "--question-field", "q", "--answer-field", "a", "--model", url,
            "--unit-size", "3", "--out", str(out), *extra]


def ledgers(out: Path) -> list[dict]:
    return [e for p in sorted((out / "stats").glob("unit-*.json")) for e in json.loads(p.read_text())["ledgers"]]


def test_several_algorithms_run_over_the_same_items_and_the_report_draws_their_curves(tmp_path: Path, pairs: Path, server: str) -> None:
    out = tmp_path / "out"
    assert cli.main(argv(pairs, server, out, "--algorithm", "mcts,beam,best_of_n", "--max-expansions", "12")) == 0
    raw = [r for p in sorted((out / "data" / "raw").glob("*.parquet")) for r in pq.read_table(p).to_pylist()]
    by_algorithm: dict[str, list[dict]] = {}
    for r in raw:
        by_algorithm.setdefault(r["search"]["algorithm"], []).append(r)
    assert sorted(by_algorithm) == ["beam", "best_of_n", "mcts"]
    for algorithm, rows in by_algorithm.items():
        answers = sorted(r["final_answer"] for r in rows)
        assert set(answers) <= {"10", "17", "42", "5"}  # the impossible one is unsolved by all
        if algorithm != "best_of_n":  # best-of-N may miss one by chance: it has no tree to steer by
            assert answers == ["10", "17", "42", "5"]
        for r in rows:
            s = r["search"]
            assert 0 < s["tokens_at_solution"] <= s["tokens"] and 0 < s["calls_at_solution"] <= s["calls"]
            assert 0 <= s["seconds_at_solution"] <= s["seconds"] and s["solved_at"] <= s["expansions"]
    entries = ledgers(out)
    assert sorted((e["index"], e["algorithm"]) for e in entries) == sorted(
        (i, a) for i in range(len(QUESTIONS)) for a in ("mcts", "beam", "best_of_n"))
    unsolved = [e for e in entries if not e["solved"]]
    assert {e["index"] for e in unsolved if e["algorithm"] != "best_of_n"} == {4}
    assert all(e["tokens"] > 0 and e["tokens_at_solution"] is None for e in unsolved)
    assert len(raw) == len(entries) - len(unsolved)
    for r in raw:  # the row's ledger and the unit's agree
        e = next(e for e in entries if e["index"] == r["index"] and e["algorithm"] == r["search"]["algorithm"])
        assert (e["tokens"], e["tokens_at_solution"], e["expansions"]) == (r["search"]["tokens"], r["search"]["tokens_at_solution"],
                                                                          r["search"]["expansions"])
    rejected = [r for p in (out / "rejected").glob("unit-*.parquet") for r in pq.read_table(p).to_pylist()]
    assert sorted(r["reason"].split("(")[-1].split(":")[0] for r in rejected) == sorted(e["algorithm"] for e in unsolved)
    page = (out / "report" / "index.html").read_text()
    assert (out / "report" / "solve_rate_by_algorithm.png").stat().st_size > 1000
    assert "best_of_n" in page and "Search algorithms at equal budgets (tokens per problem)" in page
    curves = budget_curves(entries)
    assert sorted(curves) == ["beam", "best_of_n", "mcts"]
    for algorithm, (xs, ys) in curves.items():
        assert ys[-1] == pytest.approx(len(by_algorithm[algorithm]) / len(QUESTIONS))
        assert xs == sorted(xs) and ys == sorted(ys)


def test_a_token_budget_caps_what_each_problem_may_spend(tmp_path: Path, pairs: Path, server: str) -> None:
    out = tmp_path / "capped"
    assert cli.main(argv(pairs, server, out, "--algorithm", "best_of_n", "--max-tokens", "1", "--max-expansions", "50")) == 0
    entries = ledgers(out)
    assert len(entries) == len(QUESTIONS) and all(e["calls"] == 1 and not e["solved"] for e in entries)
    assert not list((out / "data" / "raw").glob("*.parquet")) or all(
        pq.read_table(p).num_rows == 0 for p in (out / "data" / "raw").glob("*.parquet"))


def test_a_prompt_template_from_a_file_or_the_recipe_shapes_the_prompt(tmp_path: Path, pairs: Path, server: str) -> None:
    template = tmp_path / "prompt.txt"
    template.write_text("Solve this. {question}\n{hint}")
    Handler.calls = []
    assert cli.main(argv(pairs, server, tmp_path / "a", "--template", str(template), "--max-expansions", "6")) == 0
    prompts = [p for call in Handler.calls for p in (call["prompt"] if isinstance(call["prompt"], list) else [call["prompt"]])]
    assert prompts and all(p.startswith("Solve this. What is") for p in prompts)

    recipe = tmp_path / "annotate.yaml"
    recipe.write_text(json.dumps({"lm": {"template": "Q: {question}\nA step at a time.", "max_steps": 4}, "search": {"max_expansions": 6}}))
    Handler.calls = []
    assert cli.main(argv(pairs, server, tmp_path / "b", "--recipe", str(recipe))) == 0
    first = Handler.calls[0]["prompt"]
    assert (first[0] if isinstance(first, list) else first).startswith("Q: What is")


def test_a_template_without_the_question_is_a_clear_error(tmp_path: Path, pairs: Path, server: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "bad.txt"
    template.write_text("Think hard about {topic}.")
    assert cli.main(argv(pairs, server, tmp_path / "c", "--template", str(template))) == 2
    assert "has no {question} placeholder" in capsys.readouterr().err
    recipe = tmp_path / "bad.yaml"
    recipe.write_text("lm:\n  template: 'Just answer.'\n")
    assert cli.main(argv(pairs, server, tmp_path / "d", "--recipe", str(recipe))) == 2
    err = capsys.readouterr().err
    assert "lm.template" in err and "has no {question} placeholder" in err
    assert not (tmp_path / "c").exists() and not (tmp_path / "d").exists()


def test_budget_curves_and_table_from_ledgers() -> None:
    entries = [
        {"algorithm": "mcts", "tokens": 50, "tokens_at_solution": 20},
        {"algorithm": "mcts", "tokens": 100, "tokens_at_solution": None},
        {"algorithm": "best_of_n", "tokens": 80, "tokens_at_solution": 60},
        {"algorithm": "best_of_n", "tokens": 90, "tokens_at_solution": 90},
    ]
    curves = budget_curves(entries)
    assert curves["mcts"] == ([0.0, 20.0, 100.0], [0.0, 0.5, 0.5])
    assert curves["best_of_n"] == ([0.0, 60.0, 90.0, 100.0], [0.0, 0.5, 1.0, 1.0])
    table = {r["algorithm"]: r for r in budget_table(entries, points=4)}
    assert [b for b, _ in table["mcts"]["rates"]] == [25.0, 50.0, 75.0, 100.0]
    assert [rate for _, rate in table["mcts"]["rates"]] == [0.5, 0.5, 0.5, 0.5]
    assert [rate for _, rate in table["best_of_n"]["rates"]] == [0.0, 0.0, 0.5, 1.0]
    assert table["best_of_n"]["solved_per_1k"] == pytest.approx(1000 * 2 / 170)


def test_a_run_without_ledgers_gets_the_report_without_the_algorithm_curves(exported: Path) -> None:
    from cotforge.pipelines.report import write_report

    page = write_report(exported).read_text()
    assert "solve_rate.png" in page
    assert "solve_rate_by_algorithm.png" not in page and "Search algorithms at equal budgets" not in page
