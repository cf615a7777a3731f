"""The report page itself: one self-contained HTML file (no script, no web font, no network),
laid out for a laptop screen; wide tables scroll inside their own box."""

from __future__ import annotations

import html
from typing import Any

from cotforge.pipelines.report.mathtext import MathText

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1180px;margin:1.2em auto;padding:0 1em;color:#222}
h1{font-size:1.5em;margin:.2em 0}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}
h4{margin:1em 0 .3em}h5{margin:.6em 0 .2em;font-size:.95em}h6{margin:0 0 .3em;font-size:.9em;color:#555}
nav a{margin-right:1em}code{background:#f3f3f3;padding:0 .2em;border-radius:3px}
pre{background:#f6f6f6;padding:.5em;overflow-x:auto;font-size:13px}
table{border-collapse:collapse;font-size:13px}td,th{padding:3px 8px;text-align:right;border-bottom:1px solid #eee;white-space:nowrap}
th{background:#fafafa;position:sticky;top:0}td:first-child,th:first-child{text-align:left}
tr.total td{font-weight:600;border-bottom:2px solid #ccc}td.text,th.text{text-align:left;white-space:normal;min-width:12em;max-width:22em}table.quality th,table.history th{white-space:normal;max-width:7.5em;vertical-align:bottom}th[title]{text-decoration:underline dotted;cursor:help}
.wide{overflow-x:auto;max-width:100%}td.off,span.off{color:#c62828;font-weight:700}.note{font-size:13px;color:#555}.warn{color:#a94442;font-weight:600}
.plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:1em}
figure{margin:0}figure img{max-width:100%;height:auto;display:block}figcaption{font-weight:600;margin:.3em 0}
figure.empty{border:1px dashed #bbb;padding:.6em;color:#555;align-self:start}
details.task{margin:.5em 0;border:1px solid #ddd;border-radius:4px;padding:.3em .8em}summary{cursor:pointer;font-weight:600}
.record{border-left:3px solid #8ab;padding:.3em .8em;margin:.6em 0;background:#fcfcfd}
.rid{margin:0;font-size:12px;color:#666}.question{font-weight:500;margin:.3em 0}
ol.steps{margin:.2em 0;padding-left:2em}li.fold{list-style:none}li.fold ol.steps{padding-left:0}ol.steps li{margin:.2em 0}ol.steps li.wrong{background:#fdecea}
.check{display:inline-block;width:1.2em;text-align:center;font-weight:700}.check.ok{color:#2e7d32}.check.bad{color:#c62828}.check.na{color:#999}
.tag{display:inline-block;font-size:11px;background:#eee;border-radius:3px;padding:0 .4em;margin-left:.4em}.tag.bad{background:#c62828;color:#fff}
math{math-style:normal}.verdict{margin:.2em 0;font-size:13px;color:#555}.state{margin:.1em 0 .1em 1.6em}.final{margin:.3em 0}.none{color:#777;font-size:13px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1em}.pair>div{background:#f7f7f7;padding:.5em;overflow-x:auto}.pair p{margin:.4em 0}.parts-key,.pair p.parts{background:#fff4d6;outline:1px solid #f0d58c}
menclose[notation=box]{border:1px solid currentColor;padding:0 .25em}math{font-size:1.05em}
code.tex{color:#a94442}
"""


def _summary(stats: dict[str, Any]) -> str:
    failed = stats.get("failed_units") or {}
    failures = "".join(f"<li><code>{html.escape(k)}</code>: {html.escape(v)}</li>" for k, v in failed.items())
    rows = "".join(
        f"<tr><td>{html.escape(d['task'])}</td><td>{d['level']}</td><td>{d['generated']}</td><td>{d['solved']}</td>"
        f"<td>{d['accepted']}</td><td>{d['solved'] / max(d['generated'], 1):.0%}</td>"
        f"<td>{d['steps'] / max(d['solved'], 1):.1f}</td><td>{d['expansions'] / max(d['generated'], 1):.1f}</td></tr>"
        for d in stats["per_task_level"])
    return (f"<p>{stats['records']} records kept of {stats['generated']} generated; {stats['rejected']} dropped; "
            f"{stats['errors']} verifier errors; recipe fingerprint <code>{html.escape(stats['fingerprint'])}</code>.</p>"
            + (f'<h2 class="warn">Failed units (skipped)</h2><ul>{failures}</ul>' if failures else "")
            + '<div class="wide"><table><tr><th>task</th><th>level</th><th>generated</th><th>solved</th><th>kept</th>'
            f"<th>solve rate</th><th>steps/record</th><th>expansions/problem</th></tr>{rows}</table></div>")


def page_html(stats: dict[str, Any], sections: dict[str, str], math: MathText) -> str:
    unrendered = (f'<p class="warn">{math.failed} formula(s) could not be drawn and are shown as LaTeX source.</p>'
                  if math.failed else "")
    budgets = f'<section id="budgets">{sections["budgets"]}</section>' if sections["budgets"] else ""
    title = html.escape(stats["recipe"])
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>cotforge report: {title}</title><style>{STYLE}</style></head><body>
<h1>cotforge run <code>{title}</code></h1>
<nav><a href="#counts">Counts</a><a href="#quality">Quality</a><a href="#examples">Examples</a><a href="#plots">Plots</a><a href="#history">Runs over time</a></nav>
<section id="counts"><h2>Counts</h2>{_summary(stats)}</section>
<section id="quality"><h2>Quality per task and level</h2>
<p>Measured from this run's own rows; bold rows: the task over all levels. The same figures are in the dataset card.</p>
{sections["quality"]}</section>
<section id="examples"><h2>Examples</h2>
<p>Per task and level, the first records: each step's check (<span class="check ok">✓</span> shown correct,
<span class="check bad">✗</span> shown wrong, <span class="check na">·</span> not checkable), a negative with its first wrong
step marked, and a DPO pair.</p>{unrendered}{sections["examples"]}</section>
<section id="plots"><h2>Plots</h2><div class="plots">{sections["plots"]}</div></section>
<section id="history"><h2>Runs over time</h2>{sections["history"]}</section>
{budgets}
</body></html>
"""
