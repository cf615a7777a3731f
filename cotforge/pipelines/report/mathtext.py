"""Text with LaTeX as HTML with MathML, rendered here, when the report is written: the page needs no
script, no font download and no network (browsers draw MathML natively; Chromium since 109).

``$...$``, ``\\(...\\)`` (inline) and ``$$...$$``, ``\\[...\\]`` (display) become ``<math>`` elements;
a formula the converter cannot read is shown as its LaTeX source in ``<code class="tex">`` rather
than dropped, and counted.
"""

from __future__ import annotations

import html
import re

_SEGMENT = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|(?<!\\)\$(.+?)(?<!\\)\$|\\\((.+?)\\\)", re.DOTALL)
_FENCE = re.compile(r"```[a-z]*\n(.*?)```", re.DOTALL)


class MathText:
    """Renders text with LaTeX; ``rendered`` and ``failed`` count the formulas seen."""

    def __init__(self) -> None:
        from latex2mathml.converter import convert

        self._convert = convert
        self.rendered = 0
        self.failed = 0

    def formula(self, latex: str, display: bool = False, quoted: bool = False) -> str:
        """One formula as MathML (its source in ``<code>`` if it cannot be converted). ``quoted``: a
        formula quoted in a message, maybe cut short - shown as source when it does not convert, not counted."""
        try:
            out = self._convert(latex.strip(), display="block" if display else "inline")
        except Exception:  # noqa: BLE001 - the converter raises many kinds on LaTeX it does not know; show the source
            if quoted:
                return f"<code>{html.escape(latex)}</code>"
            self.failed += 1
            return f'<code class="tex" title="not rendered">{html.escape(latex)}</code>'
        self.rendered += 1
        return out

    def text(self, text: str) -> str:
        """Escaped text, its formulas as MathML, fenced code as ``<pre>``, line breaks kept."""
        out, last = [], 0
        for fence in _FENCE.finditer(text):
            out.append(self._prose(text[last:fence.start()].rstrip("\n")))
            out.append(f"<pre>{html.escape(fence.group(1))}</pre>")
            last = fence.end()
            while text[last:last + 1] == "\n":
                last += 1
        out.append(self._prose(text[last:]))
        return "".join(out)

    def _prose(self, text: str) -> str:
        out, last = [], 0
        for m in _SEGMENT.finditer(text):
            out.append(plain(text[last:m.start()]))
            display_tex = m.group(1) or m.group(2)
            out.append(self.formula(display_tex, True) if display_tex is not None else self.formula(m.group(3) or m.group(4)))
            last = m.end()
        out.append(plain(text[last:]))
        return "".join(out)


def plain(text: str) -> str:
    escaped = html.escape(text)
    escaped = re.sub(r"`([^`\n]+)`", r"<code>\1</code>", escaped)
    return escaped.replace("\n", "<br>")
