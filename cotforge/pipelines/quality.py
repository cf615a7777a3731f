"""How good a run's data is, measured from its own rows: the one implementation behind the report,
the dataset card and the bench scripts.

Per task and level (and per task over all levels), from the raw rows and the views made of them:

- ``with_negative``: share of records with at least one labelled negative trace;
- the first-error position of each negative (1-based step of its first wrong step over the number
  of steps of the record's solution, so 1.0 is the last step), as a histogram and the share on the last step; the error
  kinds of those steps (``Step.error_kind``) and the share the step checker shows wrong;
- DPO whole-solution pairs: median length ratio rejected/chosen (characters) and a surface-only
  probe (:mod:`cotforge.pipelines.quality_probe`) - a logistic regression on surface features alone (length, step count, last line's wording,
  position of the first differing step), cross-validated by record at telling chosen from
  rejected (0.5: the pair differs only in its reasoning); the same probe on the step-level pairs
  (the two continuations after a shared prefix of steps), ``step_probe``;
- share of think blocks with a real backtrack: the ``sft_think`` block writes out at least one step
  that is not in the final solution and then returns to it (a copy of the clean solution has none);
- distinct question structures (numbers and names masked) and the most common solution opening;
- duplicates dropped by the export's filters, and a capacity warning where a level was asked for
  more items than one seed holds;
- share of view targets (``sft``, ``sft_think`` completions, ``dpo`` chosen) that pass the task's
  reward (:func:`cotforge.verifiers.rewards.score`), share of ``dpo`` rejected that fail it, and, for
  math, share of ``sft`` completions whose box Math-Verify reads as the gold.

The reward checks run on the first ``sample`` records of each group (they may run code); the rest
on every record. Everything streams: first-error positions are counted per value (k/n fractions of small
integers: few distinct values), a length ratio and a 16-byte digest of the question's structure are kept
per record, once, in its level's group (a task's total reads them off its levels at the end), solution
openings are counted by digest (:class:`Openings`), and the probes read a sample of at most
``MAX_PROBE_PAIRS`` pairs per group drawn from the whole run (``quality_probe.PairSample``).
"""

from __future__ import annotations

import hashlib
import re
import statistics
import threading
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from cotforge.pipelines.quality_probe import (
    MIN_PROBE_PAIRS,
    Features,
    PairSample,
    pair_features,
    pair_key,
)
from cotforge.pipelines.views import dpo_rows, rl_rows, sft_rows, think_text

Row = dict[str, Any]
ALL_LEVELS = "all"
DUPLICATE_FILTERS = ("exact_duplicate", "near_duplicate")
POSITION_BINS = ("first third", "middle third", "last third, not last", "last step")
_MATH = re.compile(r"\$[^$]*\$")
_CODE = re.compile(r"`[^`]*`")


def structure(question: str) -> str:
    """A question's structure: numbers become ``#``, one-letter variables inside ``$...$`` ``v``, names
    (capitalised words found inside a sentence) ``N`` wherever they stand."""
    text = _MATH.sub(lambda m: re.sub(r"(?<![\\A-Za-z])[A-Za-z](?![A-Za-z])", "v", m.group()), re.sub(r"\d+", "#", question))
    names = set(re.findall(r"(?<=[a-z,;:] )[A-Z][a-z]+", text))
    return re.sub(r"\b[A-Z][a-z]+\b", lambda m: "N" if m.group() in names else m.group(), text)


def opening(step_text: str) -> str:
    """A step's wording: its words of two letters or more; formulas (``$...$`` or plain), inline code
    and numbers left out."""
    return " ".join(re.findall(r"[A-Za-z]{2,}", _CODE.sub(" ", _MATH.sub(" ", step_text))))


def error_position(negative: Row, chain_steps: int) -> float | None:
    """Where a negative's first wrong step sits along the solution: its 1-based step over the clean
    chain's ``chain_steps`` (at most 1.0: the last step). The clean chain, not the negative: a negative
    cut short at its error would otherwise always put it last."""
    k = negative["first_wrong_step"]
    return None if k is None or not chain_steps else min((k + 1) / chain_steps, 1.0)


def digest(text: str) -> int:
    """A text as a 128-bit number (blake2b): what the measure keeps of a text it only tells apart from
    others (question structures, solution openings), 16 bytes rather than the text. Two texts pass for
    one only if their digests collide: at 128 bits, for ten million distinct texts, a chance below 1 in 10^24."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=16).digest(), "big")


def counted_median(counts: Counter[float]) -> float:
    """``statistics.median`` of the multiset ``counts`` (value: how many times it occurs) without
    expanding it: the middle value, or for an even number the two middle values' ``(a + b) / 2``,
    the same float ``statistics.median`` returns over the expanded values."""
    ordered = sorted((value, n) for value, n in counts.items() if n > 0)
    size = sum(n for _, n in ordered)
    if not size:
        raise statistics.StatisticsError("no median for empty data")

    def at(index: int) -> float:
        """The value at 0-based ``index`` of the sorted expanded values."""
        seen = 0
        for value, n in ordered:
            seen += n
            if index < seen:
                return value
        raise IndexError(index)

    middle = size // 2
    return at(middle) if size % 2 else (at(middle - 1) + at(middle)) / 2


def distinct(sets: list[set[int]]) -> int:
    """The size of the union of ``sets``, without building it (a copy of them all): each set's members
    that no earlier set holds."""
    count = 0
    for i, members in enumerate(sets):
        earlier = sets[:i]
        count += sum(1 for x in members if not any(x in seen for seen in earlier))
    return count


def position_bin(position: float) -> str:
    if position >= 1.0:
        return POSITION_BINS[3]
    return POSITION_BINS[0] if position <= 1 / 3 else POSITION_BINS[1] if position <= 2 / 3 else POSITION_BINS[2]


def has_backtrack(row: Row) -> bool:
    """The think block writes out a step that is not in the final solution, and a solution step follows it.
    Steps are the block's paragraphs (as the views join them): a step may span several lines (a program's
    printed output, a grid), which split line by line would match no solution step."""
    text = think_text(row)
    inner = text[text.find("<think>") + 7: text.find("</think>")] if "</think>" in text else ""
    clean = {s["text"].strip() for s in row["steps"]}
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", inner) if p.strip()]
    off = [i for i, p in enumerate(paragraphs) if p not in clean]
    return bool(off) and any(p in clean for p in paragraphs[off[0] + 1:])


@dataclass
class Openings:
    """How often each solution opening occurs, and the most common one, as ``Counter.most_common(1)``
    over the texts tells it (ties go to the first seen), keeping a :func:`digest` per opening rather
    than its text: some tasks open every record's solution differently. Only the leader's text is
    kept: the lead changes only to the opening just counted, which is then at hand."""

    ranks: dict[int, int] = field(default_factory=dict)
    """Each opening's digest: its rank in the order first seen."""
    counts: array[int] = field(default_factory=lambda: array("Q"))
    """How often each opening occurs, by rank."""
    total: int = 0
    top: str = ""
    top_rank: int = -1

    def add(self, key: int, text: str) -> None:
        """One more ``text`` (``key``: its digest). It takes the lead if its count now passes the
        leader's, or equals it and it was seen first."""
        rank = self.ranks.setdefault(key, len(self.ranks))
        if rank == len(self.counts):
            self.counts.append(0)
        self.counts[rank] += 1
        self.total += 1
        if self.top_rank < 0 or (self.counts[rank], -rank) > (self.counts[self.top_rank], -self.top_rank):
            self.top, self.top_rank = text, rank

    def most_common(self) -> tuple[str, int]:
        """The most common opening and its count; ("", 0) before any."""
        return (self.top, self.counts[self.top_rank]) if self.top_rank >= 0 else ("", 0)


@dataclass
class _Group:
    """What one group keeps while rows stream past. A task's total (``levels`` set) keeps no ``ratios``
    or ``structures`` of its own: it reads its levels' at the end, so each record's are held once."""

    records: int = 0
    with_negative: int = 0
    positions: Counter[float] = field(default_factory=Counter)
    """First-error positions, value: how many (k/n fractions of small integers, so few distinct values)."""
    dead_ends: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    checked_wrong: int = 0
    ratios: array[float] = field(default_factory=lambda: array("d"))
    pairs: PairSample = field(default_factory=PairSample)
    step_pairs: PairSample = field(default_factory=PairSample)
    offers: list[tuple[bool, int, str, str, str]] = field(default_factory=list)
    """One record's pairs not yet offered to a sample: (step pair?, key, record id, chosen, rejected)."""
    backtracks: int = 0
    structures: set[int] = field(default_factory=set)
    """The :func:`digest` of each distinct question :func:`structure`."""
    openings: Openings = field(default_factory=Openings)
    first_step: tuple[int, str] | None = None
    """One record's solution opening, (digest, text), not yet counted in ``openings``."""
    sampled: int = 0
    targets: int = 0
    targets_pass: int = 0
    rejected: int = 0
    rejected_fail: int = 0
    math_checked: int = 0
    math_pass: int = 0
    _features: dict[int, Features] = field(default_factory=dict, repr=False)
    levels: list[_Group] = field(default_factory=list, repr=False, compare=False)
    """A task's total: its levels' groups, which alone keep ``ratios`` and ``structures``."""

    def merge(self, other: _Group) -> None:
        for name in _COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.positions.update(other.positions)
        self.kinds.update(other.kinds)
        if not self.levels:  # a total reads these off its levels (ratio_median, structure_count)
            self.ratios += other.ratios
            self.structures |= other.structures
        self.pairs.merge(other.pairs)
        self.step_pairs.merge(other.step_pairs)
        for i, (step, key, record_id, _, _) in enumerate(other.offers):
            sample = self.step_pairs if step else self.pairs
            sample.offered += 1
            if sample.wants(key):  # the surface features only of pairs a sample keeps, once for all groups
                sample.add(key, record_id, other.features(i))
        if other.first_step is not None:
            self.openings.add(*other.first_step)

    def features(self, i: int) -> Features:
        """The surface features of offer ``i``, computed once."""
        if i not in self._features:
            _, _, _, chosen, rejected = self.offers[i]
            self._features[i] = pair_features(chosen, rejected)
        return self._features[i]

    def ratio_median(self) -> float | None:
        """The median length ratio of the group's whole-solution pairs (a total's: over all its levels'),
        rounded; None without one."""
        parts = [g.ratios for g in self.levels] if self.levels else [self.ratios]
        return round(statistics.median(chain.from_iterable(parts)), 4) if any(parts) else None

    def structure_count(self) -> int:
        """How many distinct question structures the group's records have (a total's: over all its levels)."""
        return distinct([g.structures for g in self.levels]) if self.levels else len(self.structures)


_COUNTS = ("records", "with_negative", "dead_ends", "checked_wrong", "backtracks", "sampled", "targets", "targets_pass",
           "rejected", "rejected_fail", "math_checked", "math_pass")


class _MathVerify:
    """Math-Verify, imported on first use; ``note`` says why it is skipped when it is not installed."""

    def __init__(self) -> None:
        self.parse: Callable[..., Any] | None
        self.verify: Callable[..., bool] | None
        try:
            from math_verify import parse, verify
        except ImportError:
            self.parse = self.verify = None
            self.note = "Math-Verify is not installed (pip install math-verify)"
        else:
            self.parse, self.verify, self.note = parse, verify, ""

    def reads_gold(self, gold: str, completion: str | list[dict[str, str]]) -> bool:
        """Math-Verify reads ``completion`` (text, or a conversation: its last turn) as ``gold``."""
        from cotforge.verifiers.rewards import completion_text

        # signal-based timeouts only work in the main thread (Prefect runs tasks in threads)
        if self.parse is None or self.verify is None:
            raise RuntimeError(self.note)
        t = 5 if threading.current_thread() is threading.main_thread() else None
        want = self.parse(f"${gold}$", parsing_timeout=t)
        got = self.parse(completion_text(completion), parsing_timeout=t)
        return bool(want and got and self.verify(want, got, timeout_seconds=t))


def _targets(row: Row) -> tuple[list[str], list[str]]:
    """The completions of a record's views that must pass the reward, and the dpo rejected that must fail."""
    good = [v["completion"] for v in sft_rows(row)] + [think_text(row)]
    bad: list[str] = []
    for pair in dpo_rows(row):
        good.append(pair["chosen"])
        bad.append(pair["rejected"])
    return good, bad


def _one(row: Row, checked: bool, mv: _MathVerify | None) -> _Group:
    """The figures of one record (the reward checks only when ``checked``), to merge into its groups."""
    from cotforge.verifiers.rewards import score

    g = _Group(records=1, with_negative=int(bool(row["negatives"])))
    for negative in row["negatives"]:
        pos = error_position(negative, len(row["steps"]))
        if pos is None:
            g.dead_ends += 1
            continue
        g.positions[pos] += 1
        wrong = negative["steps"][negative["first_wrong_step"]]
        g.kinds[wrong["error_kind"] or "(not named)"] += 1
        g.checked_wrong += wrong["verified"] is False
    for i, pair in enumerate(dpo_rows(row)):
        step = pair["pair_type"] != "solution"
        if not step:
            g.ratios.append(len(pair["rejected"]) / max(len(pair["chosen"]), 1))
        g.offers.append((step, pair_key(row["id"], i), row["id"], pair["chosen"], pair["rejected"]))
    g.backtracks = int(has_backtrack(row))
    g.structures.add(digest(structure(row["question"])))
    if row["steps"]:
        text = opening(row["steps"][0]["text"])
        g.first_step = (digest(text), text)
    if checked:
        g.sampled = 1
        rl = next(iter(rl_rows(row)))
        good, bad = _targets(row)
        g.targets, g.rejected = len(good), len(bad)
        g.targets_pass = sum(score(rl, c).reward == 1.0 for c in good)
        g.rejected_fail = sum(score(rl, c).reward == 0.0 for c in bad)
        if mv is not None and mv.parse is not None:
            g.math_checked = 1
            g.math_pass = int(mv.reads_gold(row["answer"], next(iter(sft_rows(row)))["completion"]))
    return g


def _share(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


def _figures(task: str, level: int | str, g: _Group, domain: str, mv_note: str, duplicates: int, warning: str) -> Row:
    bins: Counter[str] = Counter()
    for position, n in g.positions.items():
        bins[position_bin(position)] += n
    errors = sum(g.positions.values())
    top, top_n = g.openings.most_common()
    probe, step_probe = g.pairs.probe(), g.step_pairs.probe()
    return {
        "task": task, "level": level, "records": g.records,
        "with_negative": _share(g.with_negative, g.records),
        "negatives_with_error": errors, "dead_ends": g.dead_ends,
        "first_error_bins": {b: bins.get(b, 0) for b in POSITION_BINS},
        "first_error_at_last": _share(bins.get(POSITION_BINS[3], 0), errors),
        "first_error_median": round(counted_median(g.positions), 4) if errors else None,
        "error_kinds": dict(g.kinds.most_common()),
        "wrong_step_checked_wrong": _share(g.checked_wrong, errors),
        "dpo_pairs": g.pairs.offered,
        "dpo_length_ratio": g.ratio_median(),
        "surface_probe": None if probe is None else round(probe, 4),
        "surface_probe_note": "" if probe is not None else f"fewer than {MIN_PROBE_PAIRS} solution pairs, or all of one record",
        "dpo_step_pairs": g.step_pairs.offered,
        "step_probe": None if step_probe is None else round(step_probe, 4),
        "think_backtrack": _share(g.backtracks, g.records),
        "question_structures": g.structure_count(),
        "top_opening": top, "top_opening_share": _share(top_n, g.openings.total),
        "duplicates_dropped": duplicates,
        "capacity_warning": warning,
        "reward_checked": g.sampled,
        "targets_pass_reward": _share(g.targets_pass, g.targets),
        "rejected_fail_reward": _share(g.rejected_fail, g.rejected),
        "math_verify": _share(g.math_pass, g.math_checked) if domain == "math" else None,
        "math_verify_note": (mv_note or ("" if g.math_checked else "nothing checked")) if domain == "math" else "not math",
    }


def capacity_warnings(per_task_level: list[Row]) -> dict[tuple[str, int], str]:
    """Where a level was asked for more items than one seed holds (tasks that state a capacity)."""
    from cotforge.core.registry import TASKS

    out: dict[tuple[str, int], str] = {}
    for d in per_task_level:
        if d["task"] not in TASKS:
            continue
        note = capacity_note(TASKS.get(d["task"]).from_level(d["level"]), d["generated"])
        if note:
            out[(d["task"], d["level"])] = note
    return out


def capacity_note(generator: Any, asked: int) -> str:
    """What asking ``generator`` for ``asked`` items costs where its level states a smaller capacity; else ""."""
    held = getattr(generator, "capacity", None)
    cap = held() if callable(held) else held
    if isinstance(cap, int) and asked > cap:
        return f"{asked} asked, level holds {cap} per seed: items past {cap} may repeat or meet a neighbouring seed's"
    return ""


def _new_level(groups: dict[tuple[str, int], _Group], totals: dict[str, _Group], task: str, level: int) -> _Group:
    """A level's new group, in ``groups`` and in its task's total's ``levels``."""
    groups[(task, level)] = group = _Group()
    totals[task].levels.append(group)
    return group


def measure(rows: Iterable[Row], duplicates: Counter[tuple[str, int]] | None = None,
            warnings: dict[tuple[str, int], str] | None = None, sample: int = 50) -> list[Row]:
    """The quality figures of ``rows`` (raw rows), per task and level, then per task over all levels
    (``level`` = ``"all"``). ``duplicates``: records the export's dedup filters dropped, per (task, level)."""
    duplicates, warnings = duplicates or Counter(), warnings or {}
    groups: dict[tuple[str, int], _Group] = {}
    totals: dict[str, _Group] = defaultdict(_Group)
    domains: dict[str, str] = {}
    mv: _MathVerify | None = None
    for row in rows:
        domains[row["task"]] = row["domain"]
        if row["domain"] == "math" and mv is None:
            mv = _MathVerify()
        verify = mv if row["domain"] == "math" else None
        key = (row["task"], row["level"])
        group = groups[key] if key in groups else _new_level(groups, totals, *key)
        one = _one(row, group.sampled < sample, verify)
        group.merge(one)
        totals[row["task"]].merge(one)
    note = mv.note if mv is not None else ""
    out = []
    for task, total in sorted(totals.items()):
        out += [_figures(t, lv, g, domains[t], note, duplicates[(t, lv)], warnings.get((t, lv), ""))
                for (t, lv), g in sorted(groups.items()) if t == task]
        dup = sum(n for (t, _), n in duplicates.items() if t == task)
        warn = "; ".join(f"level {lv}: {w}" for (t, lv), w in sorted(warnings.items()) if t == task)
        out.append(_figures(task, ALL_LEVELS, total, domains[task], note, dup, warn))
    return out


def iter_raw(out: Any, shards: list[Any] | None = None) -> Iterator[Row]:
    """The raw rows of an exported folder (a ``Location``; or just ``shards``), batch by batch."""
    from cotforge.pipelines.rows import iter_row_batches

    for shard in shards if shards is not None else sorted((out / "data" / "raw").glob("train-*.parquet"), key=str):
        for batch in iter_row_batches(shard, 256):
            yield from batch


def dedup_drops(out: Any) -> Counter[tuple[str, int]]:
    """Records the export's duplicate filters dropped, per (task, level), from ``rejected/export.parquet``."""
    from cotforge.pipelines.rows import iter_row_batches

    path = out / "rejected" / "export.parquet"
    drops: Counter[tuple[str, int]] = Counter()
    if path.exists():
        for batch in iter_row_batches(path, 4096, ["task", "level", "stage"]):
            drops.update((r["task"], r["level"]) for r in batch if r["stage"] in DUPLICATE_FILTERS)
    return drops


def measure_folder(out: Any, per_task_level: list[Row], sample: int = 50, shards: list[Any] | None = None) -> list[Row]:
    """The quality figures of an exported folder (a ``Location``): its raw rows (or those of ``shards``),
    its export's drops, and capacity warnings for its counts (``per_task_level`` of its stats)."""
    return measure(iter_raw(out, shards), dedup_drops(out), capacity_warnings(per_task_level), sample)


HEADLINE = ("records", "with_negative", "first_error_at_last", "error_kinds", "dpo_length_ratio", "surface_probe",
            "think_backtrack", "question_structures", "top_opening_share", "duplicates_dropped", "targets_pass_reward",
            "math_verify")


def headline(figures: list[Row]) -> dict[str, Row]:
    """Per task (all levels), the figures a run log keeps to compare runs over time (error kinds: how many)."""
    return {f["task"]: {k: len(f[k]) if k == "error_kinds" else f[k] for k in HEADLINE}
            for f in figures if f["level"] == ALL_LEVELS}
