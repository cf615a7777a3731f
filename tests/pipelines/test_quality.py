"""The quality figures of a small exported run, against the same figures computed here another way:
from the view shards on disk (not the view functions), with TRL-style reward calls and Math-Verify."""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter, defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cotforge.pipelines.quality import (
    ALL_LEVELS,
    capacity_warnings,
    measure,
    measure_folder,
    opening,
    structure,
)
from cotforge.pipelines.quality_probe import MAX_PROBE_PAIRS, pair_key, probe_accuracy
from cotforge.pipelines.storage import location
from cotforge.verifiers.rewards import verified_reward


def _table(out: Path, config: str) -> list[dict]:
    return [r for shard in sorted((out / "data" / config).glob("*.parquet")) for r in pq.read_table(shard).to_pylist()]


@pytest.fixture(scope="module")
def figures(exported: Path) -> dict[tuple[str, object], dict]:
    stats = json.loads((exported / "stats.json").read_text())
    rows = measure_folder(location(exported), stats["per_task_level"], sample=1000)
    return {(r["task"], r["level"]): r for r in rows}


def test_negatives_and_error_positions(exported: Path, figures: dict) -> None:
    raw = _table(exported, "raw")
    by_task: dict[str, list[dict]] = defaultdict(list)
    for r in raw:
        by_task[r["task"]].append(r)
    for task, rows in by_task.items():
        f = figures[(task, ALL_LEVELS)]
        assert f["records"] == len(rows)
        assert f["with_negative"] == pytest.approx(sum(bool(r["negatives"]) for r in rows) / len(rows), abs=1e-4)
        labelled = [n for r in rows for n in r["negatives"] if n["first_wrong_step"] is not None]
        chain = [len(r["steps"]) for r in rows for n in r["negatives"] if n["first_wrong_step"] is not None]
        assert f["negatives_with_error"] == len(labelled)
        assert f["dead_ends"] == sum(len(r["negatives"]) for r in rows) - len(labelled)
        if labelled:
            last = sum(n["first_wrong_step"] >= steps - 1 for n, steps in zip(labelled, chain))  # the solution's last step
            assert f["first_error_at_last"] == pytest.approx(last / len(labelled), abs=1e-4)
            assert sum(f["first_error_bins"].values()) == len(labelled)
            assert sum(f["error_kinds"].values()) == len(labelled)
    per_level = [v for (t, lv), v in figures.items() if lv != ALL_LEVELS]
    assert sum(v["records"] for v in per_level) == len(raw)


def test_dpo_length_ratio_from_the_dpo_shards(exported: Path, figures: dict) -> None:
    ratios: dict[str, list[float]] = defaultdict(list)
    for pair in _table(exported, "dpo"):
        if pair["pair_type"] == "solution":
            ratios[pair["task"]].append(len(pair["rejected"]) / len(pair["chosen"]))
    assert ratios
    for task, rs in ratios.items():
        assert figures[(task, ALL_LEVELS)]["dpo_pairs"] == len(rs)
        assert figures[(task, ALL_LEVELS)]["dpo_length_ratio"] == pytest.approx(statistics.median(rs), abs=1e-4)


def test_step_probe_reads_the_step_level_pairs_of_the_dpo_shards(exported: Path, figures: dict) -> None:
    keyed: dict[str, list[tuple[int, str, str, str]]] = defaultdict(list)
    index: Counter[str] = Counter()  # a pair's place among its record's dpo rows
    for pair in _table(exported, "dpo"):
        if pair["pair_type"] == "step":
            key = pair_key(pair["id"], index[pair["id"]])
            keyed[pair["task"]].append((key, pair["chosen"], pair["rejected"], pair["id"]))
        index[pair["id"]] += 1
    assert keyed
    for task, items in keyed.items():
        f = figures[(task, ALL_LEVELS)]
        assert f["dpo_step_pairs"] == len(items)
        sample = sorted(items)[:MAX_PROBE_PAIRS]  # the probe reads the pairs of the smallest keys, in key order
        probe = probe_accuracy([(c, r) for _, c, r, _ in sample], groups=[g for _, _, _, g in sample])
        assert f["step_probe"] == (None if probe is None else pytest.approx(probe, abs=1e-4))


def test_reward_shares_from_the_view_shards(exported: Path, figures: dict) -> None:
    rl = {r["id"]: r for r in _table(exported, "rl")}
    good: dict[str, list[float | None]] = defaultdict(list)
    bad: dict[str, list[float | None]] = defaultdict(list)

    def rewards(ids: list[str], completions: list[str]) -> list[float | None]:
        cols = {k: [rl[i][k] for i in ids] for k in ("answer", "verifier", "payload", "task", "domain", "level")}
        return verified_reward(completions, **cols)

    for config in ("sft", "sft_think"):
        rows = _table(exported, config)
        for r, reward in zip(rows, rewards([r["id"] for r in rows], [r["completion"] for r in rows])):
            good[r["task"]].append(reward)
    pairs = _table(exported, "dpo")
    for p, reward in zip(pairs, rewards([p["id"] for p in pairs], [p["chosen"] for p in pairs])):
        good[p["task"]].append(reward)
    for p, reward in zip(pairs, rewards([p["id"] for p in pairs], [p["rejected"] for p in pairs])):
        bad[p["task"]].append(reward)
    for task, rs in good.items():
        assert figures[(task, ALL_LEVELS)]["targets_pass_reward"] == pytest.approx(sum(x == 1.0 for x in rs) / len(rs), abs=1e-4)
    for task, rs in bad.items():
        assert figures[(task, ALL_LEVELS)]["rejected_fail_reward"] == pytest.approx(sum(x == 0.0 for x in rs) / len(rs), abs=1e-4)


def test_math_verify_share_and_templates(exported: Path, figures: dict) -> None:
    math_verify = pytest.importorskip("math_verify", reason="Math-Verify is not installed (pip install math-verify)")
    raw = {r["id"]: r for r in _table(exported, "raw")}
    ok: Counter[str] = Counter()
    n: Counter[str] = Counter()
    for r in _table(exported, "sft"):
        if raw[r["id"]]["domain"] != "math":
            continue
        n[r["task"]] += 1
        gold, given = math_verify.parse(f"${raw[r['id']]['answer']}$"), math_verify.parse(r["completion"][-1]["content"])
        ok[r["task"]] += bool(gold and given and math_verify.verify(gold, given))
    assert n
    for task in n:
        assert figures[(task, ALL_LEVELS)]["math_verify"] == pytest.approx(ok[task] / n[task], abs=1e-4)
        assert ok[task] / n[task] >= 0.9, f"Math-Verify reads few {task} completions as their gold"
    assert figures[("knights_knaves", ALL_LEVELS)]["math_verify"] is None
    for task in {r["task"] for r in raw.values()}:
        masked = {_masked(r["question"]) for r in raw.values() if r["task"] == task}
        assert figures[(task, ALL_LEVELS)]["question_structures"] == len(masked)


def _masked(question: str) -> str:
    parts = re.sub(r"\d+", "#", question).split("$")  # odd parts are formulas: their one-letter variables go
    text = "$".join(re.sub(r"\b[A-Za-z]\b", "v", p) if i % 2 else p for i, p in enumerate(parts))
    names = {w for before, w in re.findall(r"([a-z,;:]) ([A-Z][a-z]+)", text)}
    return re.sub(r"[A-Za-z]+", lambda m: "N" if m.group() in names else m.group(), text)


def test_question_structures_mask_numbers_variables_and_names() -> None:
    assert structure("Solve $9m + 17 = 2m$ for $m$.") == structure("Solve $3t + 5 = 8t$ for $t$.")
    assert structure("You meet Ann and Raj.\nRaj says: Ann lies.") == structure("You meet Zoe and Ivo.\nIvo says: Zoe lies.")
    assert structure("Solve $9m + 17 = 2m$ for $m$.") != structure("Solve $9m - 17 = 2m$ for $m$.")


def test_probe_sees_a_length_shortcut_and_not_a_fair_pair() -> None:
    shortcut = [(f"Step one {i}.\n\nStep two.\n\nStep three.\n\nThe final answer is $\\boxed{{{i}}}$.",
                 f"Step one {i}.\n\nThis path reaches no answer.") for i in range(40)]
    assert probe_accuracy(shortcut) == 1.0
    fair = [(f"Move {i}: add {i % 7}.\n\nThe final answer is $\\boxed{{{i}}}$.", f"Move {i}: add {(i + 3) % 7}.\n\nThe final answer is $\\boxed{{{i + 1}}}$.")
            for i in range(40)]
    assert 0.3 <= probe_accuracy(fair) <= 0.7
    assert probe_accuracy(shortcut[:5]) is None


def test_probe_does_not_learn_one_record_s_answer_across_folds() -> None:
    # three negatives per record share its chosen solution, whose answer has a shape no other record's
    # has; chosen and rejected are otherwise alike, so a probe that sees more than 50% has memorised answers
    pairs, groups = [], []
    for i in range(30):
        chosen = f"Add {i} to both sides.\n\nThe answer is ${' + '.join(['x'] * (i + 1))}$."
        for j in range(3):
            pairs.append((chosen, f"Add {i + j} to both sides.\n\nThe answer is ${' + '.join(['yzw'[j]] * (i + 1))}$."))
            groups.append(f"r{i}")
    assert 0.3 <= probe_accuracy(pairs, groups=groups) <= 0.7
    assert probe_accuracy(pairs[:12], groups=["one"] * 12) is None


def test_duplicates_and_capacity_are_reported(exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cotforge.core.registry import TASKS

    raw = _table(exported, "raw")
    task, level = raw[0]["task"], raw[0]["level"]
    figures = measure(iter(raw), Counter({(task, level): 3}), {(task, level): "too many"}, sample=0)
    mine = next(f for f in figures if f["task"] == task and f["level"] == level)
    total = next(f for f in figures if f["task"] == task and f["level"] == ALL_LEVELS)
    assert mine["duplicates_dropped"] == 3 and total["duplicates_dropped"] == 3
    assert mine["capacity_warning"] == "too many" and "too many" in total["capacity_warning"]
    assert mine["reward_checked"] == 0 and mine["targets_pass_reward"] is None
    monkeypatch.setattr(type(TASKS.get("linear_equation").from_level(1)), "capacity", lambda self: 4, raising=False)
    warned = capacity_warnings([{"task": "linear_equation", "level": 1, "generated": 9},
                                {"task": "linear_equation", "level": 2, "generated": 4}])
    assert list(warned) == [("linear_equation", 1)] and "9 asked" in warned[("linear_equation", 1)]


def test_error_kinds_read_most_common_first() -> None:
    from cotforge.pipelines.quality_table import COLUMNS

    kinds = next(fmt for head, _, fmt in COLUMNS if head == "error kinds")
    figures = {"error_kinds": {"a_slip": 2, "b_slip": 30, "c_slip": 5, "d_slip": 1}}  # as stats.json keeps them: by name
    assert kinds(figures) == "b_slip 30, c_slip 5, a_slip 2, +1 more kinds"


def test_top_opening_is_the_most_common_first_step_wording(exported: Path, figures: dict) -> None:
    raw = _table(exported, "raw")
    for task in {r["task"] for r in raw}:
        words = Counter(" ".join(w for w in re.sub(r"`[^`]*`|\$[^$]*\$", " ", r["steps"][0]["text"]).split()
                                 if re.fullmatch(r"[A-Za-z]{2,}", w.strip(".,:;()—-")))
                        for r in raw if r["task"] == task and r["steps"])
        top, n = words.most_common(1)[0]
        f = figures[(task, ALL_LEVELS)]
        assert f["top_opening_share"] == pytest.approx(n / sum(words.values()), abs=1e-4), (task, top, f["top_opening"])
    assert opening("Line 1: `days = 3` — days becomes 3.") == "Line days becomes"


def test_backtrack_counts_a_refuted_step_that_spans_lines() -> None:
    """code_output: a think block whose refuted attempt is the misprinted final output (a step over
    several lines) is a backtrack; its wrong answer is shown as a block, and a record with nothing
    tried and refuted (no think block) is not a backtrack."""
    from cotforge.core.registry import TASKS
    from cotforge.pipelines.quality import has_backtrack
    from cotforge.pipelines.rows import raw_row
    from cotforge.pipelines.solve import solve_problem
    from cotforge.pipelines.views import think_text
    from cotforge.solvers.search.base import SearchSettings

    for index in range(8):
        outcome = solve_problem(TASKS.get("code_output").from_level(2, seed=0).generate(index), SearchSettings())
        row = raw_row(outcome.record)
        last = row["steps"][-1]["text"]
        text = think_text(row)
        if "\n" not in last or "That would make the answer:\n```" not in text:
            continue
        assert has_backtrack(row)
        assert not has_backtrack({**row, "negatives": [], "search_cot": row["cot"]})
        return
    pytest.fail("no code_output think block refuting a multi-line final output in 8 items")
