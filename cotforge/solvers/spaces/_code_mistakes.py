"""Mistakes a model tracing a program really makes, as one-line edits of the program it believes it reads.

Each mistake is the program as a careless tracer runs it in its head: a ``range`` end taken as
inclusive or one short (``off_by_one_bound``), a ``while`` bound read with ``<=`` for ``<``, an ``if``
evaluated once and taken the wrong way (``wrong_branch``), ``//`` worked out as ``/``
(``int_float_division``), a slice end taken as inclusive (``slice_end``), an accumulator overwritten
instead of added to (``accumulator_reset``), ``pop()`` taking the first item or ``insert`` one place
off (``list_method_slip``), letters or items miscounted by one in ``len`` or ``count`` (``miscount``), an
index read as counting from one (``index_from_one``: ``xs[2]`` taken as the second item), an
expression grouped the wrong way (``precedence``: ``a + b * c`` worked out as ``(a + b) * c``, ``a - b - c``
as ``a - (b - c)``). The edit keeps every line where it was (it changes one expression on one
line), so the edited program's trace lines up with the real one; the space runs it in the sandbox
(never here) and writes its trace with the real program's line texts.
"""

from __future__ import annotations

import ast
import random
from typing import NamedTuple

MAX_MISTAKES = 8
"""Edited programs traced per problem (each is one sandbox run)."""
_SYMBOL = {ast.Mult: "*", ast.FloorDiv: "//", ast.Mod: "%"}
_FLIP = {ast.Lt: "<=", ast.Gt: ">=", ast.LtE: "<", ast.GtE: ">"}


class Mistake(NamedTuple):
    kind: str
    line: int
    source: str  # the whole program with the one edit


def mistakes(source: str, once: set[int], rng: random.Random) -> list[Mistake]:
    """Up to ``MAX_MISTAKES`` edited programs, at most two of a kind, in a random order. ``once``: the
    lines the real run executed exactly once (an ``if`` there is a single decision, so taking it the
    wrong way is one slip, not a rule misread on every pass)."""
    lines = source.split("\n")
    tree = ast.parse(source)
    loop_lines = {n for node in ast.walk(tree) if isinstance(node, (ast.For, ast.While))
                  for n in range(node.lineno, (node.end_lineno or node.lineno) + 1)}
    found: list[tuple[str, int, int, int, str]] = []  # kind, line, start col, end col, new text

    def seg(node: ast.expr) -> str | None:
        if node.lineno != node.end_lineno or node.end_col_offset is None:
            return None
        return lines[node.lineno - 1][node.col_offset : node.end_col_offset]

    def edit(kind: str, node: ast.expr, new: str) -> None:
        if node.end_col_offset is not None and node.lineno == node.end_lineno:
            found.append((kind, node.lineno, node.col_offset, node.end_col_offset, new))

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range" and node.args:
            stop = node.args[0] if len(node.args) == 1 else node.args[1]
            text = seg(stop)
            if text is not None:
                edit("off_by_one_bound", stop, f"({text}) {rng.choice('+-')} 1")
        elif isinstance(node, ast.While) and isinstance(node.test, ast.Compare) and len(node.test.ops) == 1:
            op = type(node.test.ops[0])
            text = seg(node.test)
            if op in _FLIP and text is not None:
                left, right = seg(node.test.left), seg(node.test.comparators[0])
                if left is not None and right is not None:
                    edit("off_by_one_bound", node.test, f"{left} {_FLIP[op]} {right}")
        elif isinstance(node, ast.If) and node.lineno in once:
            text = seg(node.test)
            if text is not None:
                edit("wrong_branch", node.test, f"not ({text})")
        elif (isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)) and isinstance(node.right, ast.BinOp)
              and isinstance(node.right.op, (ast.Mult, ast.FloorDiv, ast.Mod))):
            left, middle, right = seg(node.left), seg(node.right.left), seg(node.right.right)
            if left is not None and middle is not None and right is not None:
                sign, symbol = ("+" if isinstance(node.op, ast.Add) else "-"), _SYMBOL[type(node.right.op)]
                edit("precedence", node, f"(({left}) {sign} ({middle})) {symbol} ({right})")
        elif (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub) and isinstance(node.left, ast.BinOp)
              and isinstance(node.left.op, (ast.Add, ast.Sub))):
            first, middle, right = seg(node.left.left), seg(node.left.right), seg(node.right)
            if first is not None and middle is not None and right is not None:
                sign = "+" if isinstance(node.left.op, ast.Add) else "-"
                edit("precedence", node, f"({first}) {sign} (({middle}) - ({right}))")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.FloorDiv):
            left, right = seg(node.left), seg(node.right)
            if left is not None and right is not None:
                edit("int_float_division", node, f"({left}) / ({right})")
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice) and node.slice.upper is not None:
            text = seg(node.slice.upper)
            if text is not None:
                edit("slice_end", node.slice.upper, f"({text}) + 1")
        elif isinstance(node, ast.Call) and (isinstance(node.func, ast.Name) and node.func.id == "len"
                                             or isinstance(node.func, ast.Attribute) and node.func.attr == "count"):
            text = seg(node)
            if text is not None:
                edit("miscount", node, f"({text} {rng.choice('+-')} 1)")
        elif (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and type(node.slice.value) is int
              and node.slice.value >= 1):
            edit("index_from_one", node.slice, str(node.slice.value - 1))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("pop", "insert"):
            text = seg(node)
            if text is None:
                continue
            if node.func.attr == "pop" and not node.args:
                edit("list_method_slip", node, text[:-2] + "(0)" if text.endswith("()") else text)
            elif node.func.attr == "insert" and len(node.args) == 2:
                where, what = seg(node.args[0]), seg(node.args[1])
                owner = seg(node.func.value)
                if where is not None and what is not None and owner is not None:
                    edit("list_method_slip", node, f"{owner}.insert(({where}) + 1, {what})")
    for node in ast.walk(tree):  # statements: an accumulator in a loop overwritten instead of added to
        if (isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add) and node.lineno in loop_lines
                and isinstance(node.target, ast.Name) and node.lineno == node.end_lineno):
            code = lines[node.lineno - 1]
            value = seg(node.value)
            if value is not None:
                start = len(code) - len(code.lstrip())
                found.append(("accumulator_reset", node.lineno, start, len(code), f"{node.target.id} = ({value})"))
    rng.shuffle(found)
    out: list[Mistake] = []
    per_kind: dict[str, int] = {}
    for kind, line, start, end, new in found:
        if per_kind.get(kind, 0) >= 2 or len(out) >= MAX_MISTAKES:
            continue
        text = lines[line - 1]
        changed = text[:start] + new + text[end:]
        if changed == text:
            continue
        edited = lines[: line - 1] + [changed] + lines[line:]
        try:
            ast.parse("\n".join(edited))
        except SyntaxError:
            continue
        per_kind[kind] = per_kind.get(kind, 0) + 1
        out.append(Mistake(kind, line, "\n".join(edited)))
    return out
