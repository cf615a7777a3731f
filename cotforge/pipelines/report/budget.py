"""Search cost against outcome: solve rate per search budget, from the records (expansions at the
first solution) and, where the units kept cost ledgers (``cotforge annotate``), per algorithm.

A search that stops at its first verified answer spends its budget in order, so the cost at that
answer tells, for every smaller budget, whether it would have solved the problem, and one run at
the largest budget gives the whole curve.
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from typing import Any

from cotforge.pipelines.storage import Location


def read_ledgers(out: Location) -> list[dict[str, Any]]:
    """Every attempt's cost ledger kept in the unit stats files (one per problem and algorithm)."""
    ledgers: list[dict[str, Any]] = []
    paths: list[Location] = [*(out / "stats").glob("*.json")]
    for path in sorted(paths, key=str):
        ledgers += json.loads(path.read_text()).get("ledgers", [])
    return ledgers


def ledger_measure(ledgers: list[dict[str, Any]]) -> str:
    """Generated tokens where a model counted them, else expansions."""
    return "tokens" if any(entry.get("tokens") for entry in ledgers) else "expansions"


def budget_curves(ledgers: list[dict[str, Any]], measure: str = "tokens") -> dict[str, tuple[list[float], list[float]]]:
    """Per algorithm, the share of its problems solved within each budget from 0 to the largest any attempt spent;
    the points are where the share changes (draw as steps)."""
    top = max((float(entry[measure]) for entry in ledgers), default=0.0)
    costs: dict[str, list[float | None]] = defaultdict(list)
    for entry in ledgers:
        costs[entry["algorithm"]].append(entry.get(f"{measure}_at_solution"))
    curves = {}
    for algorithm, spent in sorted(costs.items()):
        solved = sorted(float(c) for c in spent if c is not None)
        xs = [0.0] + solved + [max(top, solved[-1] if solved else 0.0)]
        curves[algorithm] = (xs, [sum(c <= x for c in solved) / len(spent) for x in xs])
    return curves


def budget_table(ledgers: list[dict[str, Any]], measure: str = "tokens", points: int = 4) -> list[dict[str, Any]]:
    """Per algorithm: attempts, solved, what was spent, and the solve rate at ``points`` equal budgets
    (fractions of the largest spend), so every algorithm reads against best-of-N at the same budget."""
    top = max((float(entry[measure]) for entry in ledgers), default=0.0)
    budgets = [top * (k + 1) / points for k in range(points)]
    table = []
    for algorithm in sorted({entry["algorithm"] for entry in ledgers}):
        mine = [entry for entry in ledgers if entry["algorithm"] == algorithm]
        at = [entry.get(f"{measure}_at_solution") for entry in mine]
        spent = sum(float(entry[measure]) for entry in mine)
        table.append({"algorithm": algorithm, "attempts": len(mine), "solved": sum(a is not None for a in at), "spent": spent,
                      "solved_per_1k": 1000 * sum(a is not None for a in at) / spent if spent else None,
                      "rates": [(b, sum(a is not None and a <= b for a in at) / len(mine)) for b in budgets]})
    return table


def solve_curve(per: list[dict[str, Any]], rows: list[dict[str, Any]]) -> list[tuple[str, list[int], list[float]]]:
    """Per task: for budgets 0..max, the share of generated problems solved within that budget."""
    generated: Counter[str] = Counter()
    for d in per:
        generated[d["task"]] += d["generated"]
    solved_at: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        if r["solved_at"] is not None:
            solved_at[r["task"]].append(r["solved_at"])
    curves = []
    for task in sorted(generated):
        top = max(solved_at[task], default=0)
        budget = list(range(top + 2))
        curves.append((task, budget, [sum(s <= b for s in solved_at[task]) / max(generated[task], 1) for b in budget]))
    return curves


def budget_html(ledgers: list[dict[str, Any]]) -> str:
    measure = ledger_measure(ledgers)
    table = budget_table(ledgers, measure)
    head = "".join(f"<th>solved within {b:.0f}</th>" for b, _ in table[0]["rates"])
    body = ""
    for r in table:
        per_1k = "" if r["solved_per_1k"] is None else f"{r['solved_per_1k']:.2f}"
        rates = "".join(f"<td>{rate:.0%}</td>" for _, rate in r["rates"])
        body += (f"<tr><td>{html.escape(r['algorithm'])}</td><td>{r['attempts']}</td><td>{r['solved']}</td>"
                 f"<td>{r['spent']:.0f}</td><td>{per_1k}</td>{rates}</tr>")
    return (f"<h2>Search algorithms at equal budgets ({measure} per problem)</h2><table><tr><th>algorithm</th><th>attempts</th>"
            f"<th>solved</th><th>{measure} spent</th><th>solved per 1k {measure}</th>{head}</tr>{body}</table>")
