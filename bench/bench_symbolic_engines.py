"""sympy against python-flint (and symengine where it has the operation) on the polynomial work the
rational_expression step space does, the one math space still built on sympy expressions throughout.

Issue 21 asks for a faster engine where symbolic work remains, "chosen by measurement". This bench makes
``--records`` rational_expression records (levels 1-5 in turn) with the space's calls to ``factor``,
``cancel`` and ``gcd`` recorded, then times each operation on exactly those arguments:

- ``sympy``: the call the space makes (sympy's cache cleared before each pass, as a new record meets new
  expressions);
- ``sympy Poly``: sympy's dense polynomial layer on the same polynomial (``Poly(e, x).factor_list()``, ...),
  the conversion from the expression included;
- ``flint``: python-flint's ``fmpq_poly`` on the polynomial's coefficients (conversion not included: it is
  what a space that carries coefficients instead of expressions would pay);
- ``expression -> coefficients``: what reading the coefficients out of a sympy expression costs, the price
  of keeping expressions in the state and calling a fast engine only for the operation.

CPU microseconds per call, best of ``--passes``; ratios against sympy. Every flint result is checked
against sympy's (the same factors with multiplicities up to the unit, the same monic gcd, the same
cancelled fraction), so a fast wrong answer cannot pass. Needs ``pip install python-flint symengine``
(the ``bench`` extra); symengine has no polynomial factor, gcd or cancel in its Python API, so only its
``expand`` is timed, beside sympy's, on the same polynomials.

    python bench/bench_symbolic_engines.py --records 40
"""

from __future__ import annotations

import argparse
import functools
import json
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sympy
from sympy.core.cache import clear_cache

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cotforge.core.registry import TASKS  # noqa: E402
from cotforge.pipelines.gc_tuning import tune_gc  # noqa: E402
from cotforge.pipelines.recipe import SearchSettings  # noqa: E402
from cotforge.pipelines.solve import solve_problem  # noqa: E402

X = sympy.Symbol("x")


def record_calls(records: int, seed: int) -> dict[str, list[Any]]:
    """The arguments of the rational space's factor, cancel and gcd calls over ``records`` records."""
    import cotforge.solvers.spaces.rational as space

    calls: dict[str, list[Any]] = {"factor": [], "cancel": [], "gcd": []}
    factor, cancel, gcd = space._factor, sympy.cancel, sympy.gcd

    def factor_seen(e: Any) -> Any:
        calls["factor"].append(e)
        return sympy.factor(e)

    def cancel_seen(e: Any, *a: Any, **k: Any) -> Any:
        calls["cancel"].append(e)
        return cancel(e, *a, **k)

    def gcd_seen(a: Any, b: Any, *more: Any, **k: Any) -> Any:
        calls["gcd"].append((a, b))
        return gcd(a, b, *more, **k)

    space._factor = functools.lru_cache(maxsize=8192)(factor_seen)  # as cached as the space's own
    sympy.cancel, sympy.gcd = cancel_seen, gcd_seen
    try:
        for i in range(records):
            level = i % 5 + 1
            solve_problem(TASKS.get("rational_expression").from_level(level, seed=seed).generate(i // 5), SearchSettings())
    finally:
        space._factor, sympy.cancel, sympy.gcd = factor, cancel, gcd
    return calls


def per_call_us(fn: Callable[[Any], Any], items: Sequence[Any], passes: int) -> float:
    best = float("inf")
    for _ in range(passes):
        clear_cache()
        start = time.process_time()
        for item in items:
            fn(item)
        best = min(best, time.process_time() - start)
    return 1e6 * best / max(len(items), 1)


def coefficients(e: Any) -> list[sympy.Rational]:
    return [sympy.Rational(c) for c in sympy.Poly(e, X).all_coeffs()]


def to_flint(e: Any) -> Any:
    import flint

    return flint.fmpq_poly([flint.fmpq(int(c.p), int(c.q)) for c in reversed(coefficients(e))])


def from_flint(p: Any) -> sympy.Expr:
    coeffs = [sympy.Rational(int(c.p), int(c.q)) for c in p.coeffs()]
    return sympy.Add(*(c * X**i for i, c in enumerate(coeffs)))


def factor_agrees(e: Any, p: Any) -> bool:
    """flint's factors of ``p`` are sympy's of ``e``: the same irreducible factors (made monic) with multiplicities."""
    _, theirs = sympy.factor_list(e, X)
    mine = [(sympy.Poly(from_flint(f), X).monic(), k) for f, k in p.factor()[1]]
    return sorted(map(str, mine)) == sorted(str((sympy.Poly(f, X).monic(), k)) for f, k in theirs if sympy.Poly(f, X).degree() > 0)


def fraction_parts(e: Any) -> tuple[Any, Any] | None:
    """A rational function's top and bottom as polynomials in x, or None if it is not one."""
    top, bottom = sympy.fraction(sympy.together(e))
    return (top, bottom) if top.is_polynomial(X) and bottom.is_polynomial(X) else None


def measure(records: int, seed: int, passes: int) -> dict[str, Any]:
    import flint
    import symengine

    tune_gc()
    start = time.process_time()
    calls = record_calls(records, seed)
    made = time.process_time() - start
    polys = [e for e in calls["factor"] if e.is_polynomial(X)]
    flints = [to_flint(e) for e in polys]
    assert all(factor_agrees(e, p) for e, p in zip(polys, flints)), "flint's factors differ from sympy's"
    gcds = [(a, b) for a, b in calls["gcd"] if a.is_polynomial(X) and b.is_polynomial(X)]
    gcd_flints = [(to_flint(a), to_flint(b)) for a, b in gcds]
    for (a, b), (p, q) in zip(gcds, gcd_flints):
        assert sympy.Poly(sympy.gcd(a, b), X).monic() == sympy.Poly(from_flint(p.gcd(q)), X).monic(), "flint's gcd differs"
    parts = [fp for fp in map(fraction_parts, calls["cancel"]) if fp is not None]
    cancels = [e for e in calls["cancel"] if fraction_parts(e) is not None]
    cancel_flints = [(to_flint(a), to_flint(b)) for a, b in parts]
    for e, (p, q) in zip(cancels, cancel_flints):
        g = p.gcd(q)
        assert sympy.simplify(sympy.cancel(e) - from_flint(p / g) / from_flint(q / g)) == 0, "flint's cancelled fraction differs"
    ses = [symengine.sympify(e) for e in polys]
    rows = [
        ("factor", "sympy", per_call_us(sympy.factor, polys, passes)),
        ("factor", "sympy Poly", per_call_us(lambda e: sympy.Poly(e, X).factor_list(), polys, passes)),
        ("factor", "flint", per_call_us(lambda p: p.factor(), flints, passes)),
        ("gcd", "sympy", per_call_us(lambda ab: sympy.gcd(*ab), gcds, passes)),
        ("gcd", "sympy Poly", per_call_us(lambda ab: sympy.Poly(ab[0], X).gcd(sympy.Poly(ab[1], X)), gcds, passes)),
        ("gcd", "flint", per_call_us(lambda pq: pq[0].gcd(pq[1]), gcd_flints, passes)),
        ("cancel", "sympy", per_call_us(sympy.cancel, cancels, passes)),
        ("cancel", "flint", per_call_us(lambda pq: (lambda g: (pq[0] / g, pq[1] / g))(pq[0].gcd(pq[1])), cancel_flints, passes)),
        ("expand", "sympy", per_call_us(sympy.expand, polys, passes)),
        ("expand", "symengine", per_call_us(symengine.expand, ses, passes)),
        ("expression -> coefficients", "sympy Poly", per_call_us(coefficients, polys, passes)),
    ]
    base = {op: us for op, engine, us in rows if engine == "sympy"}
    return {
        "records": records, "seed": seed, "record_cpu_ms": round(1000 * made / records, 1),
        "calls_per_record": {k: round(len(v) / records, 1) for k, v in calls.items()},
        "checked": {"factor": len(polys), "gcd": len(gcds), "cancel": len(cancels)},
        "rows": [{"operation": op, "engine": engine, "us_per_call": round(us, 2),
                  "sympy_over_this": round(base[op] / us, 1) if op in base else None} for op, engine, us in rows],
        "python": platform.python_version(), "sympy": sympy.__version__, "python_flint": flint.__version__,
        "symengine": symengine.__version__,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=40)
    parser.add_argument("--seed", type=int, default=123)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--json", type=Path, default=Path(__file__).parent / "results" / "symbolic_engines.json")
    args = parser.parse_args(argv)
    result = measure(args.records, args.seed, args.passes)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{result['records']} records, {result['record_cpu_ms']} CPU ms a record; calls a record {result['calls_per_record']}")
    for row in result["rows"]:
        ratio = f"{row['sympy_over_this']}x" if row["sympy_over_this"] is not None else ""
        print(f"{row['operation']:<28} {row['engine']:<11} {row['us_per_call']:>10.2f} us  {ratio}")


if __name__ == "__main__":
    main()
