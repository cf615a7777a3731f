"""The second chain-of-thought style: the search written out, with its guesses and backtracking.

Where ``linearize.cot_text`` keeps only the steps of the winning path, this tells the search as it
went (Stream of Search): at each point of the winning path, the branches that were tried and failed
come first, each followed to its contradiction ("Suppose … then … But … contradiction"), then a
return to where it left off, and only then the step that worked. Alternatives that were never
followed to a dead end (other orders of the same sound steps) are left out. Deliberately wrong
moves (``intended_wrong``) are left out unless asked for, as worked self-corrections: each followed by
the check that refutes it (``refutation``: the step redone from the same state, and what it gives
instead), never by a stock sentence.
"""

from __future__ import annotations

from cotforge.core.records import Step
from cotforge.solvers.search.base import Node, SearchResult

BACK_FROM_GUESS = "That case is impossible, so go back to before the supposition."

def refutation(wrong: Step, right: Step | None, dead_end: bool, which: str = "that step") -> str:
    """The check that refutes ``wrong``, naming what failed: for a line that ran into a contradiction
    (``dead_end``), the step the contradiction goes back to; else the same step redone from the same
    state (``right``: a sound move of the same kind there) and what it gives instead."""
    slip = wrong.error_kind.replace("_", " ") if wrong.error_kind else ""
    if dead_end or right is None:
        named = f" ({slip})" if slip else ""
        return f'The trouble goes back to "{short(wrong.text)}"{named}: that step does not follow. Back to before it.'
    formula = bool(right.latex and wrong.latex and "\\text" not in right.latex + wrong.latex)  # prose reads better as prose
    redone = f"${right.latex}$" if formula else f'"{short(right.text)}"'
    had = f" not ${wrong.latex}$" if formula else f' not "{short(wrong.text)}"'
    return f"Check {which} by redoing it: it gives {redone},{had}{f' ({slip})' if slip else ''}. Back to before it."


def short(text: str, most: int = 90) -> str:
    """``text`` on one line, cut at a word before ``most`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1].rsplit(" ", 1)[0] + "…"


def search_trace_parts(result: SearchResult, include_wrong: bool = False, path: list[int] | None = None) -> list[tuple[Step, str]]:
    """(step, text) pairs in telling order; backtracking notes come as extra text on the dead end."""
    path = path if path is not None else result.best_path()
    if not path:
        return []
    on_path = set(path)
    out: list[tuple[Step, str]] = []
    for here, nxt in zip(path, path[1:]):
        for child in result.nodes[here].children:
            if child not in on_path and _tellable(result, child, include_wrong):
                out += _failed(result, child, include_wrong, right=_same_kind(result, here, child, nxt))
        step = result.nodes[nxt].step
        if step is not None:
            out.append((step, step.text))
    return out


def search_trace(result: SearchResult, include_wrong: bool = False, path: list[int] | None = None) -> str:
    """The search as one text, ending with the final answer (as the answer step states it)."""
    parts = search_trace_parts(result, include_wrong, path)
    body = "\n\n".join(text for _, text in parts)
    last = result.nodes[path[-1] if path else (result.best_path() or [0])[-1]]
    if parts and parts[-1][0].kind != "answer" and last.answer is not None:
        body += f"\n\nFinal answer: {last.answer}"
    return body


def _dead_end(result: SearchResult, node: Node) -> bool:
    return node.terminal and (node.reward or 0.0) < 1.0


def _tellable(result: SearchResult, node_id: int, include_wrong: bool) -> bool:
    """A branch worth telling: every line in it that was finished ends in a dead end, at least one was."""
    node = result.nodes[node_id]
    if node.step is not None and node.step.intended_wrong and not include_wrong:
        return False
    if node.solved_below:
        return False
    if node.terminal:
        return _dead_end(result, node)
    return any(_tellable(result, c, include_wrong) for c in node.children)


def _failed(result: SearchResult, node_id: int, include_wrong: bool, right: Step | None = None) -> list[tuple[Step, str]]:
    """A failed branch told from its first step to its contradiction(s), then the way back; a planted slip
    is refuted by redoing it (``right``: the sound step taken from the same state)."""
    node = result.nodes[node_id]
    assert node.step is not None  # only the root has no step, and the root is on every path
    out = [(node.step, node.step.text)]
    tried = [c for c in node.children if _tellable(result, c, include_wrong)]
    if not node.terminal and tried:
        splits = [c for c in tried if result.nodes[c].step and result.nodes[c].step.kind == "assume"]  # type: ignore[union-attr]
        for child in splits if len(splits) > 1 else tried[:1]:  # every case of a split, else one line
            out += _failed(result, child, include_wrong)
    if node.step.kind == "assume":
        out[-1] = (out[-1][0], _join(out[-1][1], BACK_FROM_GUESS))
    elif node.step.intended_wrong:
        dead_end = out[-1][0].kind == "contradiction" or len(out) > 1
        out[-1] = (out[-1][0], _join(out[-1][1], refutation(node.step, right, dead_end)))
    return out


def _same_kind(result: SearchResult, parent: int, wrong: int, taken: int) -> Step | None:
    """A sound move from the same state as ``wrong`` that does the same kind of thing (the one taken first)."""
    kind = result.nodes[wrong].step.kind  # type: ignore[union-attr]
    for child in [taken] + result.nodes[parent].children:
        step = result.nodes[child].step
        if step is not None and not step.intended_wrong and step.kind == kind:
            return step
    return None


def _join(text: str, note: str) -> str:
    """``text`` then ``note``, with the full stop a sentence needs in between."""
    text = text.rstrip()
    return f"{text}{'' if text.endswith(('.', '!', '?')) else '.'} {note}"
