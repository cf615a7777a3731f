"""The adversarial math table: (gold, kind, completion, accepted), written the way policies write.

``kind`` "auto" infers the kind from the gold as ``cotforge annotate`` does. ``accepted`` False
means the completion must not be accepted: it is wrong, or no answer can be read from it with
certainty (several candidates, an unfinished equation, a qualified value).
"""

from __future__ import annotations

Row = tuple[str, str, str, bool]

ISSUE: list[Row] = [
    # answer extraction (issue 14, "What was seen")
    ("6", "value", "<think>\nLet me add 2 and 4.\n</think>\n<answer>6</answer>", True),
    ("6", "value", "<think>maybe \\boxed{5}</think>\n<answer>6</answer>", True),
    ("5", "value", "<think>maybe \\boxed{5}</think>\n<answer>6</answer>", False),
    ("6", "value", "Natalia had 2 + 4 = 6.\n#### 6", True),
    ("6", "value", "Final answer: 6\n\nI hope this answer is correct.", True),
    ("3", "value", "First \\boxed{3} was my guess. Final Answer: The final answer is 4.", False),
    ("4", "value", "First \\boxed{3} was my guess. Final Answer: The final answer is 4.", True),
    ("9", "value", "Answer $9$", True),
    ("9", "value", "Answer: $9$", True),
    # math answers that were accepted although wrong
    ("125", "value", "12,5", False),
    ("125", "value", "1,2,5", False),
    ("125", "value", "1,25,", False),
    ("125", "value", "The answer is 12,5.", False),
    ("6", "value", "2 3", False),
    ("0", "value", "1 000", False),
    ("144", "value", "The answer is 2 72", False),
    ("144", "value", "2 72", False),
    ("-1", "value", "Final answer: -6x = 6", False),
    ("-1", "auto", "Final answer: -6x = 6", False),
    ("0", "value", "007", False),  # read as 00 times 7 before: any number written with a leading 0 was 0
    ("0", "value", "\\boxed{05}", False),
    ("0", "auto", "x = 03", False),
    # ... and rejected although right
    ("125", "value", "They sold 125 tickets altogether.", True),
    ("7", "value", "007", True),  # as Math-Verify reads it
    ("-7/2", "value", "-\\frac{07}{2}", True),
    ("9", "value", "The value of x is 9.", True),
    ("125", "value", "25 + 100 = 125", True),
    ("9", "value", "\\( 9 \\)", True),
    ("9", "value", "\\[ 9 \\]", True),
    ("1/3", "value", "\\cfrac{1}{3}", True),
    ("1", "value", "\\frac3{3}", True),
    ("1/3", "value", "\\frac{1}{3} \\text{meters}", True),
    ("0.28", "value", "28 percent", True),
    ("0.28", "value", "28%", True),
    ("(1, +\\infty)", "auto", "(1, +\\infty)", True),
    ("(1, +\\infty)", "auto", "(1, \\infty)", True),
    ("1/3", "value", "k = 1/3", True),
    ("1/3", "auto", "k = 1/3", True),
    ("\\boxed{2} \\text{ and } \\boxed{3}", "auto", "x = 2 or x = 3", True),
    ("\\boxed{2}, \\boxed{3}", "auto", "The solutions are $\\boxed{3}$ and $\\boxed{2}$.", True),
    ("\\boxed{2}, \\boxed{3}", "auto", "\\boxed{3}", False),
    ("-1", "value", "Final answer: x = -1", True),
]

# --- one gold, many ways of writing it right, and wrong answers dressed as right ones -------------

VALUES: list[tuple[str, list[str], list[str]]] = [
    # gold, right forms (LaTeX, inside math mode), wrong forms
    ("72", ["72", "72.0", "\\$72", "72 \\text{ clips}", "72\\ \\mathrm{clips}"], ["27", "73", "7.2", "-72", "720"]),
    ("1/2", ["\\frac{1}{2}", "0.5", "\\dfrac12", "50\\%", "\\tfrac{2}{4}"], ["\\frac{1}{3}", "2", "0.49", "-\\frac12", "0.05"]),
    ("-3", ["-3", "x = -3", "−3", "-3.0", "-\\frac{6}{2}"], ["3", "-2", "\\frac{1}{3}", "x = 3", "-0.3"]),
    ("1250", ["1250", "1,250", "1 250", "\\$1,250.00", "1{,}250"], ["125", "12,50", "1,25", "1.250", "1250.5"]),
    ("sqrt(2)", ["\\sqrt{2}", "\\sqrt2", "2^{1/2}", "\\frac{2}{\\sqrt{2}}", "1.41421"], ["2", "\\sqrt{3}", "1.41", "\\frac{\\sqrt{2}}{2}", "1.4143"]),
    ("3*pi", ["3\\pi", "3π", "\\frac{6\\pi}{2}", "\\pi \\cdot 3", "9.42478"], ["\\pi", "3", "9.42", "6\\pi", "\\frac{\\pi}{3}"]),
    ("7/20", ["35\\%", "35 \\text{ percent}", "\\frac{7}{20}", "0.350", "\\cfrac{7}{20}"], ["35", "0.53", "3.5\\%", "\\frac{20}{7}", "0.36"]),
]

RIGHT_WRAPPERS = [
    "{a}",
    "\\boxed{{{a}}}",
    "The answer is ${a}$.",
    "Final answer: ${a}$",
    "<answer>{a}</answer>",
    "<think>\nHmm, maybe \\boxed{{0}}? Let me redo it.\n</think>\n<answer>{a}</answer>",
    "So the final answer is $\\boxed{{{a}}}$. I hope it is correct.",
    "**Final Answer:** ${a}$",
    "Final Answer: The final answer is ${a}$. I hope it is correct.",
    "We compute step by step.\n\nTherefore, the answer is \\({a}\\).",
    "At first I wrote \\boxed{{0}}, which was a slip.\n\nThe final answer is ${a}$.",
    "\\[\n\\boxed{{{a}}}\n\\]",
    "ANSWER: ${a}$",
    "The answer is:\n$$\n{a}\n$$\nLet me know if anything is unclear.",
    "```python\nanswer = 0\n```\nFinal answer: ${a}$",
]

WRONG_WRAPPERS = [
    "\\boxed{{{w}}}",
    "The answer is ${w}$.",
    "<answer>{w}</answer>",
    "<think>\nThe answer is \\boxed{{{r}}}.\n</think>\nThe answer is ${w}$.",
    "$\\boxed{{{r}}}$ was my first guess, but the final answer is ${w}$.",
    "Final answer: ${w}$\n\nI hope the answer is correct.",
    "```python\n# the answer is {r}\nprint({r})\n```\nFinal answer: ${w}$",
    "Final Answer: The final answer is ${w}$. I hope it is correct.",
]

HEDGES = [  # right and wrong together, or the right one taken back: never accepted
    "Final answer: ${r}$ or ${w}$",
    "\\boxed{{{r}}} \\boxed{{{w}}}",
    "The answer is $\\boxed{{{w}}}$ or $\\boxed{{{r}}}$.",
    "The answer is ${r}$. No wait, it is ${w}$.",
    "The answer is $\\boxed{{{r}}}$.\nActually, it's ${w}$.",
    "\\boxed{{{r}}}\n\nOn second thought, that's wrong.",
    "Final answer: $\\boxed{{{w}}}$ (not $\\boxed{{{r}}}$).",
    "The answer is \\boxed{{{r}",
    "<think>\nSo the answer is \\boxed{{{r}}}.",
    "The final answer is",
]


def _wrapped() -> list[Row]:
    rows: list[Row] = []
    for g, (gold, rights, wrongs) in enumerate(VALUES):
        for i, right in enumerate(rights):
            for j in range(5):  # five of the wrappers for each form, rotating through all of them
                wrapper = RIGHT_WRAPPERS[(3 * i + j + g) % len(RIGHT_WRAPPERS)]
                rows.append((gold, "value", wrapper.format(a=right), True))
        for i, wrong in enumerate(wrongs):
            for j in range(4):
                wrapper = WRONG_WRAPPERS[(2 * i + j + g) % len(WRONG_WRAPPERS)]
                rows.append((gold, "value", wrapper.format(w=wrong, r=rights[0]), False))
        for hedge in HEDGES:
            rows.append((gold, "value", hedge.format(w=wrongs[0], r=rights[0]), False))
    return rows


WRAPPED: list[Row] = _wrapped()

# --- values in sentences, units, percents, thousands separators --------------------------------

PROSE: list[Row] = [
    ("125", "value", "In total, 125 tickets were sold.", True),
    ("125", "value", "Altogether they sold 125.", True),
    ("12.5", "value", "Each costs $12.50.", True),
    ("18", "value", "She has 18 apples left.", True),
    ("18", "value", "She has 18 more apples than Tom.", False),
    ("18", "value", "She has at least 18 apples.", False),
    ("18", "value", "She has about 18 apples.", False),
    ("18", "value", "She has 18 apples, not 20.", False),
    ("18", "value", "She has 18 thousand apples.", False),
    ("18", "value", "Half of the 36 apples: 18.", False),
    ("18", "value", "She has nearly 18 apples.", False),
    ("18", "value", "Maybe 18 apples.", False),
    ("18", "value", "There are no 18 apples.", False),
    ("18", "value", "It is not 18.", False),
    ("18", "value", "She doesn't have 18 apples.", False),
    ("-18", "value", "She has negative 18 dollars.", False),
    ("18", "value", "She has 18 x.", False),
    ("9", "value", "x is 9", True),
    ("9", "value", "The value of $x$ is $9$.", True),
    ("9", "value", "x = 9 cm", True),
    ("9", "value", "The side is 9 cm long.", True),
    ("81", "value", "The area is $81 \\text{ cm}^2$.", True),
    ("5", "value", "5 m", True),
    ("5", "value", "5 \\text{ m/s}", True),
    ("60", "value", "The speed is 60 km/h.", True),
    ("3/4", "value", "3/4 of the cake", True),
    ("0.2", "value", "20 percent", True),
    ("0.2", "value", "20 per cent", True),
    ("0.2", "value", "\\boxed{20\\%}", True),
    ("20", "value", "20 percent", False),
    ("20", "value", "20%", False),
    ("0.2", "value", "20", False),
    ("1000000", "value", "1,000,000", True),
    ("1000000", "value", "1 000 000", True),
    ("1000000", "value", "1\\,000\\,000", True),
    ("1000000", "value", "\\$1,000,000", True),
    ("1000000", "value", "10,00,000", False),
    ("1000000", "value", "100,0000", False),
    ("1234", "value", "1,234", True),
    ("1234", "value", "12,34", False),
    ("1234", "value", "1.234", False),
    ("1.234", "value", "1,234", False),
    ("2.5", "value", "2,5", False),
    ("1234", "value", "1 2 3 4", False),
    ("24", "value", "4 6", False),
    ("46", "value", "4 6", False),
    ("7/4", "value", "1 3/4", True),
    ("7/4", "value", "1\\frac{3}{4}", True),
    ("3/4", "value", "1 3/4", False),
]

# --- equations: a value stated, never an equation solved for the model ------------------------------

EQUATIONS: list[Row] = [
    ("4", "value", "x = 4", True),
    ("4", "value", "4 = x", True),
    ("4", "value", "x = 8/2 = 4", True),
    ("4", "value", "x = 2 + 2", True),
    ("4", "value", "8/2 = 4", True),
    ("4", "value", "a = 4", True),
    ("4", "value", "\\boxed{n = 4}", True),
    ("4", "value", "2x = 8", False),
    ("4", "value", "x - 4 = 0", False),
    ("4", "value", "x = 2 + 3 = 4", False),
    ("4", "value", "2 + 3 = 4", False),
    ("4", "value", "x^2 = 16", False),
    ("4", "value", "x = \\pm 4", False),
    ("4", "value", "|x| = 4", False),
    ("4", "value", "x = 4y", False),
    ("4", "value", "x = y = 4", False),
    ("x = 4", "value", "x = 4", True),
    ("x = 4", "value", "4", True),
    ("x = 4", "value", "a = 4", False),
    ("-1", "value", "The final answer is $x = -1$.", True),
    ("-1", "value", "The final answer is $6x = -6$.", False),
    ("-1", "value", "x + 1 = 0", False),
    ("2", "auto", "Final answer: 3x - 6 = 0", False),
    ("{-3, 2}", "set", "x^2 + x - 6 = 0", False),
    ("{-3, 2}", "set", "(x + 3)(x - 2) = 0", False),
]

# --- other kinds: sets, tuples, intervals, equations as answers, formulas --------------------------

_SIMPLE = "\\frac{x + 2}{x - 5}"

KINDS: list[Row] = [
    ("{-3, 2}", "set", "\\{-3, 2\\}", True),
    ("{-3, 2}", "set", "x = 2 \\text{ or } x = -3", True),
    ("{-3, 2}", "set", "The solutions are $x = -3$ and $x = 2$.", True),
    ("{-3, 2}", "set", "\\boxed{2, -3}", True),
    ("{-3, 2}", "set", "$\\boxed{-3}$, $\\boxed{2}$", True),
    ("{-3, 2}", "set", "<answer>x=-3, x=2</answer>", True),
    ("{-3, 2}", "set", "$x \\in \\{-3, 2\\}$", True),
    ("{-3, 2}", "set", "\\{3, -2\\}", False),
    ("{-3, 2}", "set", "x = 2", False),
    ("{-3, 2}", "set", "\\{-3, 2, 0\\}", False),
    ("{-3, 2}", "set", "\\boxed{-3}", False),
    ("{-3, 2}", "set", "The solutions are $x = -3$ and $x = 2$. Actually, it's only $x = 2$.", False),
    ("{1 - sqrt(2), 1 + sqrt(2)}", "set", "1 \\pm \\sqrt{2}", True),
    ("{1 - sqrt(2), 1 + sqrt(2)}", "set", "x = 1 \\pm \\sqrt 2", True),
    ("{1 - sqrt(2), 1 + sqrt(2)}", "set", "-1 \\pm \\sqrt{2}", False),
    ("{1 - sqrt(2), 1 + sqrt(2)}", "set", "1 + \\sqrt{2}", False),
    ("{1 - sqrt(2), 1 + sqrt(2)}", "set", "\\{2.41, -0.41\\}", False),
    ("(2, -1)", "tuple", "(2, -1)", True),
    ("(2, -1)", "tuple", "x = 2, y = -1", True),
    ("(2, -1)", "tuple", "y = -1, x = 2", True),
    ("(2, -1)", "tuple", "(x, y) = (2, -1)", True),
    ("(2, -1)", "tuple", "\\boxed{(2,-1)}", True),
    ("(2, -1)", "tuple", "<answer>(2, -1)</answer>", True),
    ("(2, -1)", "tuple", "(-1, 2)", False),
    ("(2, -1)", "tuple", "(2, 1)", False),
    ("(2, -1)", "tuple", "x = 2", False),
    ("(2, -1)", "tuple", "(2, -1, 0)", False),
    ("(2, -1)", "tuple", "(x, y) = (-1, 2)", False),
    ("(2, -1)", "tuple", "\\boxed{(2, -1)} or \\boxed{(-1, 2)}", False),
    ("[1, 4)", "interval", "[1, 4)", True),
    ("[1, 4)", "interval", "1 \\le x < 4", True),
    ("[1, 4)", "interval", "x \\in [1, 4)", True),
    ("[1, 4)", "interval", "\\boxed{[1,4)}", True),
    ("[1, 4)", "interval", "(1, 4)", False),
    ("[1, 4)", "interval", "[1, 4]", False),
    ("[1, 4)", "interval", "1 < x \\le 4", False),
    ("[1, 4)", "interval", "[4, 1)", False),
    ("(1, oo)", "interval", "(1, \\infty)", True),
    ("(1, oo)", "interval", "x > 1", True),
    ("(1, oo)", "interval", "(1, +\\infty)", True),
    ("(1, oo)", "interval", "[1, \\infty)", False),
    ("(1, oo)", "interval", "x \\ge 1", False),
    ("(1, oo)", "interval", "(-\\infty, 1)", False),
    ("(-\\infty, 3]", "auto", "(-\\infty, 3]", True),
    ("(-\\infty, 3]", "auto", "x \\le 3", True),
    ("(-\\infty, 3]", "auto", "(-\\infty, 3)", False),
    ("y = 2*x + 1", "equation", "y = 2x + 1", True),
    ("y = 2*x + 1", "equation", "2x - y + 1 = 0", True),
    ("y = 2*x + 1", "equation", "\\boxed{y=2x+1}", True),
    ("y = 2*x + 1", "equation", "y = 2x - 1", False),
    ("y = 2*x + 1", "equation", "y = x + 1", False),
    ("2*x*cos(x**2)", "expression", "2x\\cos(x^2)", True),
    ("2*x*cos(x**2)", "expression", "f'(x) = 2x\\cos(x^2)", True),
    ("2*x*cos(x**2)", "expression", "The derivative is $\\boxed{2x\\cos\\left(x^{2}\\right)}$.", True),
    ("2*x*cos(x**2)", "expression", "2x\\sin(x^2)", False),
    ("2*x*cos(x**2)", "expression", "\\cos(x^2)", False),
    # simplified: equal and in lowest terms, or not (the exact reader decides most of these, sympy the rest)
    (_SIMPLE, "simplified", "\\frac{x + 2}{x - 5}", True),
    (_SIMPLE, "simplified", "<answer>\\frac{x+2}{x-5}</answer>", True),
    (_SIMPLE, "simplified", "The answer is $\\dfrac{x + 2}{x - 5}$.", True),
    (_SIMPLE, "simplified", "\\boxed{\\frac{-x - 2}{5 - x}}", True),
    (_SIMPLE, "simplified", "\\left(x + 2\\right) \\left(x - 5\\right)^{-1}", True),
    (_SIMPLE, "simplified", "\\frac{\\left(x + 2\\right) \\left(x + 1\\right)}{\\left(x - 5\\right) \\left(x + 1\\right)}", False),
    (_SIMPLE, "simplified", "\\frac{x^{2} + 3 x + 2}{x^{2} - 4 x - 5}", False),
    (_SIMPLE, "simplified", "1 + \\frac{7}{x - 5}", False),
    (_SIMPLE, "simplified", "\\frac{x + 2}{x + 5}", False),
    (_SIMPLE, "simplified", "\\frac{x - 2}{x - 5}", False),
    (_SIMPLE, "simplified", "\\frac{x + 2}{x - 5} or \\frac{x + 3}{x - 5}", False),
    (_SIMPLE, "simplified", "x + 2", False),
    ("-\\frac{2}{\\left(x - 11\\right) \\left(x - 10\\right)}", "simplified", "\\frac{-2}{x^{2} - 21 x + 110}", True),
    ("-\\frac{2}{\\left(x - 11\\right) \\left(x - 10\\right)}", "simplified", "\\frac{2}{x - 10} - \\frac{2}{x - 11}", False),
    ("6 x + 48", "simplified", "6 \\left(x + 8\\right)", True),
    ("6 x + 48", "simplified", "\\frac{6 x^{2} + 6 x - 336}{x - 7}", False),
]

# --- near misses, chatter, code fences ----------------------------------------------------------

NEAR: list[Row] = [
    ("1/3", "value", "0.33", False),
    ("1/3", "value", "0.333", False),
    ("1/3", "value", "0.\\overline{3}", True),
    ("pi", "value", "3.14", False),
    ("pi", "value", "3.1416", True),
    ("2/3", "value", "0.67", False),
    ("2/3", "value", "0.6667", False),
    ("100", "value", "99.99", False),
    ("100", "value", "100.01", False),
    ("-5", "value", "5", False),
    ("-5", "value", "-(-5)", False),
    ("-5", "value", "-(5)", True),
    ("42", "value", "The answer is 42. Let me know if you have other questions!", True),
    ("42", "value", "\\boxed{42}\n\nThis is the number of marbles. I hope this helps!", True),
    ("42", "value", "Final answer: 42\n\nNote: 42 is also the answer to life.", True),
    ("42", "value", "\\boxed{42}\n\nWait, let me double-check: 6 × 7 = 42. Yes.", True),
    ("42", "value", "\\boxed{42}\n\nHmm, actually it should be 24.", False),
    ("42", "value", "The answer is 42.\nOn second thought, it is 41.", False),
    ("42", "value", "The answer is 42, just kidding, 43.", False),
    ("42", "value", "\\boxed{42} is wrong. The answer is \\boxed{43}.", False),
    ("43", "value", "\\boxed{42} is wrong. The answer is \\boxed{43}.", True),
    ("42", "value", "The answer is 42?", False),  # a question is not a statement
    ("42", "value", "I think it's 42. No wait, 41.", False),
    ("42", "value", "The answer is $\\boxed{42}$ if the ball is red, or 41 otherwise.", False),
    ("42", "value", "\\boxed{42} (or 24 if the order is reversed)", False),
    ("42", "value", "\\boxed{42}, otherwise 43.", False),
    ("42", "value", "\\boxed{42} apples in total.", True),
    ("5", "value", "```python\nanswer = 5\nprint(answer)\n```\nThe code prints the result.", False),
    ("5", "value", "```python\nanswer = 7\n```\nFinal answer: 5", True),
    ("7", "value", "```python\nanswer = 7\n```\nFinal answer: 5", False),
    ("5", "value", "```\nThe answer is 5\n```", False),
    ("5", "value", "", False),
    ("5", "value", "   ", False),
    ("5", "value", "<think>5</think>", False),
    ("5", "value", "I don't know.", False),
    ("5", "value", "\\boxed{}", False),
    ("5", "value", "<answer></answer>", False),
    ("5", "value", "#### 5", True),
    ("5", "value", "#### Step 1\nCount.\n#### 5", True),
    ("1", "value", "#### 1. Count the apples\nThere are 5.", False),
]

# --- notations learnt from Math-Verify's own test triples (bench/math_verify_triples.py) ---------------

NOTATIONS: list[Row] = [
    ("1/5", "value", "The final answer is $\\\\frac{1}{5}$.", True),  # JSON-escaped LaTeX: \\frac is \frac
    ("(1/5, 1/6)", "auto", "$\\\\left(\\\\frac{1}{5},\\\\frac{1}{6}\\\\right)$", True),
    ("(1/5, 1/6)", "auto", "Thus $(p,q) = \\boxed{\\left( \\frac{1}{5}, \\frac{1}{6} \\right)}.$", True),
    ("(1/5, 1/6)", "auto", "$\\boxed{\\left( \\frac{1}{6}, \\frac{1}{5} \\right)}$", False),
    ("11111111100", "value", "is $\\boxed{11,\\! 111,\\! 111,\\! 100}$", True),
    ("32349", "value", "$\\boxed{32,\\!349}$", True),
    ("32349", "value", "$\\boxed{3,\\!2349}$", False),
    ("14916", "value", "$\\boxed{14{,}916}$", True),
    ("9", "value", "Answer \\[ \n 9 \n \\]", True),
    ("9", "value", "Answer $$ \n 9 \n $$", True),
    ("tan(y)**2 + 1", "auto", "$\\sec^2(y)$", True),
    ("tan(y)**2 + 1", "auto", "$\\csc^2(y)$", False),
    ("0.28", "value", "$\\boxed{28 percentage}", True),
    ("125", "value", "The distance is $\\boxed{125\\textnormal{ miles}}.$", True),
    ("$125$ miles", "auto", "The distance is $\\boxed{125\\textnormal{ miles}}.$", True),
    ("$\\text{Evelyn}$", "auto", "Therefore, $\\boxed{\\text{Evelyn}}$ is our answer.", True),
    ("$\\text{Evelyn}$", "auto", "Therefore, $\\boxed{\\text{Briana}}$ is our answer.", False),
    ("$\\text{odd}$", "auto", "$odd$", True),
    ("$\\text{odd}$", "auto", "$\\boxed{\\text{not odd}}$", False),
    ("\\(\\boxed{\\text{C}}\\).", "auto", "$\\boxed{\\text{(C)}}.$", True),
    ("\\(\\boxed{\\text{C}}\\).", "auto", "$\\boxed{\\text{(D)}}.$", False),
    ("$x >= 5$", "auto", "Therefore $x \\geq 5$ is the solution.", True),
    ("$x >= 5$", "auto", "Therefore $x \\geq 5$ is not the solution.", False),
    ("$x < 3$", "auto", "We find that $x \\lt 3$.", True),
    ("$x \\in [-2,7]$", "auto", "$-2 \\le x \\le 7$", True),
    ("$z = 1 + 1 = 2$", "auto", "$z = 2$", True),
    ("$z = 1 + 1 = 2$", "auto", "$z = 3+3 = 2$", False),
    ("$(p,q)=(3,2)$", "auto", "$\\boxed{(3, 2)}$", True),
    ("$(p,q)=(3,2)$", "auto", "$q = 2, p = 3$", True),
    ("$(p,q)=(3,2)$", "auto", "$(2, 3)$", False),
    ("$x_{1}=2,\\quad x_{2}=3$", "auto", "$\\boxed{3} \\quad \\text{and} \\quad \\boxed{2}$", True),
    ("$x_{1}=2,\\quad x_{2}=3$", "auto", "$x_1 = 2, x_2 = 4$", False),
    ("\\(\\boxed{1}\\) and \\(\\boxed{-2}\\).", "auto", "$\\boxed{-2,1}$.", True),
    ("$x = 11$", "auto", "$x = 5+5+1 = 7 =11$", False),
    ("$x < 1$", "auto", "$-x > -1$", False),
    ("$\\frac{1}{12}$", "auto", "$0.0833333333333333$", False),
    ("1000.99", "auto", "1000,99", False),
    ("$28\\%$", "auto", "28", False),
    ("$$(2, 2), (1, 3), (3, 3)$$", "auto", "$$\\boxed{(2, 2), (1, 3), (3, 3)}$$", True),
    ("$$(2, 2), (1, 3), (3, 3)$$", "auto", "$\\boxed{(3, 3)}, \\boxed{(1, 3)}, \\boxed{(2, 2)}$", True),
    ("$$(2, 2), (1, 3), (3, 3)$$", "auto", "$$\\boxed{(2, 2), (1, 3)}$$", False),
    ("$$(2, 2), (1, 3), (3, 3)$$", "auto", "$$\\boxed{(2, 2), (3, 1), (3, 3)}$$", False),
    ("$$(2, 2), (1, 3), (3, 3)$$", "auto", "$$\\boxed{(2, 2), (1, 3), (3, 3), (4, 4)}$$", False),
    ("$$(5, 8), (8, 5)$$", "auto", "$$\\boxed{(x, y) = (5, 8) \\quad \\text{and} \\quad (8, 5)}$$", True),
    ("$(11,7)or(7,11)$", "auto", "$\\boxed{(7,11),\\ (11,7)}$", True),
    ("$(0;0;0),(0;-2;0)$", "auto", "\\boxed{(0, -2, 0), (0, 0, 0)}", True),
    ("$(0;0;0),(0;-2;0)$", "auto", "\\boxed{(0, -2, 0), (0, 0)}", False),
    ("$$(5, 8), (8, 5)$$", "auto", "\\boxed{\\{5, 8\\}}", False),
]

TABLE: list[Row] = ISSUE + WRAPPED + PROSE + EQUATIONS + KINDS + NEAR + NOTATIONS
