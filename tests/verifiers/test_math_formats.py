"""A labelled table of answers as people and models write them, against gold answers of each kind."""

from __future__ import annotations

import dataclasses
import json

import pytest

from cotforge.core.records import Problem
from cotforge.core.registry import VERIFIERS


def _problem(gold: str, kind: str = "value", variables: tuple[str, ...] = ("x",)) -> Problem:
    payload = {"answer_kind": kind, "variables": list(variables), "variable": variables[0]}
    return Problem("t", 1, "math", 1, 0, 0, "q", gold, json.dumps(payload), "arithmetic", "math")


# (gold, kind, answer, should it be accepted)
TABLE = [
    ("3/4", "value", "3/4", True),
    ("3/4", "value", "0.75", True),
    ("3/4", "value", "75%", True),
    ("3/4", "value", "75\\%", True),
    ("3/4", "value", "\\frac{3}{4}", True),
    ("3/4", "value", "\\dfrac34", True),
    ("3/4", "value", "The answer is 3/4.", True),
    ("3/4", "value", "so we get $\\boxed{\\frac{3}{4}}$", True),
    ("3/4", "value", "Final answer: 6/8", True),
    ("3/4", "value", "0.74", False),
    ("3/4", "value", "4/3", False),
    ("3/4", "value", "3/4 + x", False),
    ("7/4", "value", "1 3/4", True),
    ("-7/4", "value", "-1 3/4", True),
    ("7/4", "value", "13/4", False),
    ("1234567", "value", "1,234,567", True),
    ("1234567", "value", "1234568", False),
    ("10**30", "value", "1000000000000000000000000000001", False),
    ("10**30", "value", "10^{30}", True),
    ("1/10**30", "value", "0", False),
    ("sqrt(2)", "value", "\\sqrt{2}", True),
    ("sqrt(2)", "value", "1.41421356", True),
    ("sqrt(2)", "value", "1.414", False),
    ("sqrt(2)", "value", "1.4143", False),
    ("sqrt(8)", "value", "2\\sqrt{2}", True),
    ("pi/2", "value", "\\frac{\\pi}{2}", True),
    ("-8/3", "value", "x = -8/3", True),
    ("-8/3", "value", "3x = -8", True),
    ("-8/3", "value", "x + 8/3 = 2", False),
    ("{-3, 2}", "set", "{2, -3}", True),
    ("{-3, 2}", "set", "x = 2 or x = -3", True),
    ("{-3, 2}", "set", "x=-3, x=2", True),
    ("{-3, 2}", "set", "-3 and 2", True),
    ("{-3, 2}", "set", "\\{-3, 2\\}", True),
    ("{-3, 2}", "set", "{2}", False),
    ("{-3, 2}", "set", "{-3, 2, 5}", False),
    ("{-3, 2}", "set", "{3, -2}", False),
    ("{-3, 2}", "set", "x^2 + x - 6 = 0", True),
    ("{(1 - sqrt(5))/2, (1 + sqrt(5))/2}", "set", "x = \\frac{1 \\pm \\sqrt{5}}{2}", True),
    ("{(1 - sqrt(5))/2, (1 + sqrt(5))/2}", "set", "(1 ± √5)/2", True),
    ("{(1 - sqrt(5))/2, (1 + sqrt(5))/2}", "set", "(1 + sqrt(5))/2", False),
    ("{-1 - 2*I, -1 + 2*I}", "set", "-1 \\pm 2i", True),
    ("{-1 - 2*I, -1 + 2*I}", "set", "{-1+2i, -1-2i}", True),
    ("{-1 - 2*I, -1 + 2*I}", "set", "{-1+2i, 1-2i}", False),
    ("878", "value", "878 points", True),
    ("878", "value", "The answer is 878 points.", True),
    ("12", "value", "$12", True),
    ("12", "value", "12 dollars", True),
    ("12", "value", "13 apples", False),
    ("-2*x", "expression", "-2x", True),
    ("-2*x", "expression", "f'(x) = -2x", True),
    ("exp(2*x)*(2*x + 1)", "expression", "2xe^{2x} + e^{2x}", True),
    ("exp(2*x)*(2*x + 1)", "expression", "2x e^(2x)", False),
    ("cos(x) - x*sin(x)", "expression", "\\cos x - x\\sin x", True),
    ("1/(x**2 + 1)", "expression", "\\frac{1}{x^2+1}", True),
    ("1/(x**2 + 1)", "expression", "\\frac{1}{x^2-1}", False),
    ("x**2 + 5*x + 6", "expanded", "x^2 + 5x + 6", True),
    ("x**2 + 5*x + 6", "expanded", "6 + 5x + x^2", True),
    ("x**2 + 5*x + 6", "expanded", "(x + 2)(x + 3)", False),
    ("x**2 + 5*x + 6", "expanded", "x^2 + 5x + 7", False),
    ("(x + 2)*(x + 3)", "factored", "(x + 3)(x + 2)", True),
    ("(x + 2)*(x + 3)", "factored", "x^2 + 5x + 6", False),
    ("2*(x + 2)*(x + 3)", "factored", "2(x+2)(x+3)", True),
    ("2*(x + 2)*(x + 3)", "factored", "(2x + 4)(x + 3)", False),
    ("(x - 3)*(x + 3)", "factored", "(3 - x)(-x - 3)", True),
    ("(x - 3)*(x + 3)", "factored", "(x - 3)(x - 3)", False),
    ("(-oo, 3)", "interval", "(-\\infty, 3)", True),
    ("(-oo, 3)", "interval", "x < 3", True),
    ("(-oo, 3)", "interval", "(-∞, 3]", False),
    ("(-oo, 3)", "interval", "x <= 3", False),
    ("[-1, 4)", "interval", "-1 <= x < 4", True),
    ("[-1, 4)", "interval", "x \\in [-1, 4)", True),
    ("[-1, 4)", "interval", "(-1, 4)", False),
    ("(-oo, -2) U (3, oo)", "interval", "x < -2 or x > 3", True),
    ("(-oo, -2) U (3, oo)", "interval", "(3, \\infty) \\cup (-\\infty, -2)", True),
    ("(-oo, -2) U (3, oo)", "interval", "(-2, 3)", False),
    ("[1/2, oo)", "interval", "x ≥ 0.5", True),
    ("(x + 6)/(x - 1)", "simplified", "\\frac{x+6}{x-1}", True),
    ("(x + 6)/(x - 1)", "simplified", "((x - 2)(x + 6))/((x - 2)(x - 1))", False),
    ("(x + 6)/(x - 1)", "simplified", "1 + 7/(x - 1)", False),
    ("(x + 6)/(x - 1)", "simplified", "(x + 6)/(x + 1)", False),
    ("1500", "value", "1.5e3", True),
    ("1500", "value", "1.5 \\times 10^{3}", True),
    ("1500", "value", "1.5e4", False),
    ("123456789012345678901234567890", "value", "123456789012345678901234567890", True),
    ("123456789012345678901234567890", "value", "123456789012345678901234567891", False),
    ("1/3", "value", "0.3333", False),
    ("1/3", "value", "0.333...", False),
    ("1/3", "value", "2/6", True),
    ("1/3", "value", "\\frac{2}{6}", True),
    ("-1/3", "value", "\\frac{-1}{3}", True),
    ("-1/3", "value", "-\\frac{1}{3}", True),
    ("-1/3", "value", "\\frac{1}{-3}", True),
    ("-1/3", "value", "1/3", False),
    ("0", "value", "0.0", True),
    ("0", "value", "-0", True),
    ("0", "value", "0.001", False),
    ("5", "value", "5.000", True),
    ("5", "value", "\\boxed{5}", True),
    ("5", "value", "\\boxed{\\boxed{5}}", True),
    ("5", "value", "$$5$$", True),
    ("5", "value", "x=5", True),
    ("5", "value", "2x - 10 = 0", True),
    ("5", "value", "x^2 = 25", False),
    ("5", "value", "five", False),
    ("5", "value", "5 and 6", False),
    ("5", "value", "{5}", True),
    ("5", "value", "\\{5\\}", True),
    ("2*sqrt(3)", "value", "\\sqrt{12}", True),
    ("2*sqrt(3)", "value", "sqrt(12)", True),
    ("2*sqrt(3)", "value", "3.4641", True),
    ("2*sqrt(3)", "value", "3.4642", False),
    ("2*sqrt(3)", "value", "sqrt(13)", False),
    ("pi", "value", "3.1416", True),
    ("pi", "value", "22/7", False),
    ("E", "value", "e", True),
    ("E", "value", "2.7183", True),
    ("E", "value", "2.718", False),
    ("{1, 2, 3}", "set", "{3, 2, 1}", True),
    ("{1, 2, 3}", "set", "1, 2, 3", True),
    ("{1, 2, 3}", "set", "{1, 2}", False),
    ("{1, 2, 3}", "set", "{1, 2, 2, 3}", True),
    ("{0, 5}", "set", "x(x - 5) = 0", True),
    ("{0, 5}", "set", "x = 0 \\text{ or } x = 5", True),
    ("{0, 5}", "set", "x = 0", False),
    ("{-2*I, 2*I}", "set", "\\pm 2i", True),
    ("{-2*I, 2*I}", "set", "x = 2i, x = -2i", True),
    ("{-2*I, 2*I}", "set", "{2, -2}", False),
    ("(1, 2, 3)", "tuple", "(1, 2, 3)", True),
    ("(1/2, -3)", "tuple", "(0.5, -3)", True),
    ("(1/2, -3)", "tuple", "x = \\frac{1}{2}, y = -3", True),
    ("(1/2, -3)", "tuple", "(1/2, 3)", False),
    ("(1/2, -3)", "tuple", "y = 1/2, x = -3", False),
    ("3*x**2 + 2", "expression", "3x^2+2", True),
    ("3*x**2 + 2", "expression", "2 + 3x^{2}", True),
    ("3*x**2 + 2", "expression", "3x^2", False),
    ("3*x**2 + 2", "expression", "3x^3 + 2", False),
    ("log(x)/x", "expression", "\\frac{\\ln x}{x}", True),
    ("log(x)/x", "expression", "\\ln(x) x^{-1}", True),
    ("log(x)/x", "expression", "\\ln(x)", False),
    ("2*sin(x)*cos(x)", "expression", "sin(2x)", True),
    ("2*sin(x)*cos(x)", "expression", "cos(2x)", False),
    ("x**3/3 + C", "antiderivative", "\\frac{x^3}{3} + C", True),
    ("x**3/3 + C", "antiderivative", "x^3/3 + 5", True),
    ("x**3/3 + C", "antiderivative", "x^3/3", True),
    ("x**3/3 + C", "antiderivative", "x^3 + C", False),
    ("x**3/3 + C", "antiderivative", "x^2", False),
    ("(2, -1)", "tuple", "(2, -1)", True),
    ("(2, -1)", "tuple", "x = 2, y = -1", True),
    ("(2, -1)", "tuple", "y = -1, x = 2", True),
    ("(2, -1)", "tuple", "x=2 and y=-1", True),
    ("(2, -1)", "tuple", "(-1, 2)", False),
    ("(2, -1)", "tuple", "x = 2", False),
    ("(2, -1)", "tuple", "(2, -1, 0)", False),
    # --- LaTeX fractions, \left( \right), nested and mixed
    ("5/6", "value", "\\left(\\frac{5}{6}\\right)", True),
    ("5/6", "value", "\\dfrac{10}{12}", True),
    ("5/6", "value", "\\tfrac{5}{6}", True),
    ("5/6", "value", "\\frac56", True),
    ("5/6", "value", "\\frac{5}{7}", False),
    ("5/6", "value", "\\frac{6}{5}", False),
    ("5/6", "value", "0.8333", False),  # a rational gold needs its exact value
    ("-5/6", "value", "-\\dfrac{5}{6}", True),
    ("-5/6", "value", "\\frac{-5}{-6}", False),
    ("1/4", "value", "\\frac{1}{\\frac{8}{2}}", True),
    ("3/2", "value", "\\frac{\\sqrt{9}}{2}", True),
    ("11/4", "value", "2\\frac{3}{4}", True),  # a LaTeX mixed number is a sum
    ("11/4", "value", "2 \\frac{3}{4}", True),
    ("3/2", "value", "2\\frac{3}{4}", False),  # ... never a product
    ("-11/4", "value", "-2\\frac{3}{4}", True),
    ("11/4", "value", "2.75", True),
    ("11/4", "value", "2.7500001", False),
    ("3*x/4", "expression", "\\frac{3x}{4}", True),
    ("3*x/4", "expression", "\\frac{3}{4}x", True),
    ("3*x/4", "expression", "\\frac{4}{3}x", False),
    # --- roots
    ("sqrt(3)/3", "value", "\\frac{1}{\\sqrt{3}}", True),
    ("sqrt(3)/3", "value", "\\frac{\\sqrt{3}}{3}", True),
    ("sqrt(3)/3", "value", "\\frac{\\sqrt{3}}{2}", False),
    ("sqrt(3)/3", "value", "0.57735", True),
    ("sqrt(3)/3", "value", "0.5774", True),
    ("sqrt(3)/3", "value", "0.577", False),  # too coarse to count as the value
    ("sqrt(3)/3", "value", "0.5773", False),  # not correctly rounded
    ("3*sqrt(2)", "value", "\\sqrt{18}", True),
    ("3*sqrt(2)", "value", "3\\sqrt2", True),
    ("3*sqrt(2)", "value", "3 \\sqrt 2", True),
    ("3*sqrt(2)", "value", "\\sqrt{3}\\sqrt{6}", True),
    ("3*sqrt(2)", "value", "2\\sqrt3", False),
    ("3*sqrt(2)", "value", "\\sqrt{17.9999999}", False),
    ("2**(1/3)", "value", "\\sqrt[3]{2}", True),
    ("2**(1/3)", "value", "2^{1/3}", True),
    ("2**(1/3)", "value", "2^{1/2}", False),
    ("2**(1/3)", "value", "\\sqrt[3]{3}", False),
    ("2**(1/3)", "value", "1.2599", True),
    ("2**(1/3)", "value", "1.2600", False),
    # --- pi
    ("2*pi", "value", "2\\pi", True),
    ("2*pi", "value", "2π", True),
    ("2*pi", "value", "\\pi", False),
    ("2*pi", "value", "6.2832", True),
    ("2*pi", "value", "6.28", False),
    ("2*pi", "value", "6.283185307179586", True),
    ("2*pi", "value", "6.283185307179587", False),  # one unit off in the last written digit
    ("pi/4", "value", "\\frac{\\pi}{4}", True),
    ("pi/4", "value", "0.25\\pi", True),
    ("pi/4", "value", "45", False),
    ("3*pi/2", "value", "1.5\\pi", True),
    ("3*pi/2", "value", "\\frac{3}{2}\\pi", True),
    ("3*pi/2", "value", "\\frac{2}{3}\\pi", False),
    ("pi**2/6", "value", "\\frac{\\pi^2}{6}", True),
    ("pi**2/6", "value", "\\frac{\\pi^{2}}{6}", True),
    ("pi**2/6", "value", "1.6449", True),
    ("pi**2/6", "value", "\\frac{\\pi}{6}", False),
    # --- e^{...}
    ("exp(2)", "value", "e^{2}", True),
    ("exp(2)", "value", "e^2", True),
    ("exp(2)", "value", "\\exp(2)", True),
    ("exp(2)", "value", "2e", False),
    ("exp(2)", "value", "7.3891", True),
    ("exp(2)", "value", "7.389", True),  # half a unit of the last digit is 6.8e-5 of the value
    ("exp(2)", "value", "7.39", False),
    ("exp(-1)", "value", "\\frac{1}{e}", True),
    ("exp(-1)", "value", "e^{-1}", True),
    ("exp(-1)", "value", "-e", False),
    ("exp(x)", "expression", "e^{x}", True),
    ("exp(x)", "expression", "e^{-x}", False),
    ("exp(2*x)*(2*x + 1)", "expression", "e^{2x}(2x+1)", True),
    ("exp(2*x)*(2*x + 1)", "expression", "e^{2x}(2x-1)", False),
    ("exp(-x**2)", "expression", "e^{-x^2}", True),
    ("exp(-x**2)", "expression", "e^{x^2}", False),
    # --- \boxed{} and sentences
    ("42", "value", "Thus the total is \\boxed{42}.", True),
    ("42", "value", "\\boxed{41}", False),
    ("42", "value", "We first get \\boxed{40}, but correcting it, \\boxed{42}", True),
    ("42", "value", "\\boxed{42} is wrong; the answer is \\boxed{43}", False),
    ("42", "value", "$\\boxed{42}$", True),
    ("42", "value", "\\boxed{ 42 }", True),
    ("42", "value", "\\boxed{42.0}", True),
    ("42", "value", "\\boxed{}", False),
    ("42", "value", "\\boxed{42", False),
    ("17", "value", "The final answer is 17", True),
    ("17", "value", "Therefore, the final answer is: $\\boxed{17}$. I hope it is correct.", True),
    ("17", "value", "Final Answer: The final answer is 17. I hope it is correct.", True),
    ("17", "value", "Final Answer: The final answer is 71. I hope it is correct.", False),
    ("17", "value", "answer: 17", True),
    ("17", "value", "The answer is **17**.", True),
    ("17", "value", "The answer is 71.", False),
    ("17", "value", "The answer is not 17, it is 18.", False),
    ("17", "value", "The answer is $17$", True),
    # --- decimals, 1e-7 differences on exact values
    ("0.125", "value", "1/8", True),
    ("0.125", "value", "\\frac{1}{8}", True),
    ("0.125", "value", "0.1250", True),
    ("0.125", "value", ".125", True),
    ("0.125", "value", "0.12", False),
    ("0.125", "value", "0.1251", False),
    ("0.125", "value", "0.1250001", False),
    ("2.5", "value", "5/2", True),
    ("2.5", "value", "2\\frac{1}{2}", True),
    ("1/3", "value", "0.3333333", False),
    ("1/3", "value", "0.33333333333333333", False),
    ("2", "value", "2.0000001", False),
    ("2", "value", "1.9999999", False),
    ("1/7", "value", "0.142857142857", False),
    ("sqrt(2)", "value", "\\sqrt{2.0000001}", False),
    ("sqrt(2)", "value", "\\sqrt{2} + 10^{-7}", False),
    ("pi", "value", "\\pi + 0.0000001", False),
    # --- tiny and huge exact values
    ("10**(-8)", "value", "1e-8", True),
    ("10**(-8)", "value", "0.00000001", True),
    ("10**(-8)", "value", "10^{-8}", True),
    ("10**(-8)", "value", "1.0000001e-8", False),
    ("10**(-8)", "value", "1e-9", False),
    ("10**(-8)", "value", "0", False),
    ("3*10**(-12)", "value", "3 \\times 10^{-12}", True),
    ("3*10**(-12)", "value", "3.1 \\times 10^{-12}", False),
    ("sqrt(2)/10**8", "value", "1.4142e-8", True),
    ("sqrt(2)/10**8", "value", "0.0000", False),  # absolutely close, relatively nothing like it
    ("sqrt(2)/10**8", "value", "1.4143e-8", False),
    ("2**100", "value", "1267650600228229401496703205376", True),
    ("2**100", "value", "1267650600228229401496703205377", False),
    ("2**100", "value", "1,267,650,600,228,229,401,496,703,205,376", True),
    ("2**100", "value", "2^{100}", True),
    ("2**100", "value", "2^{101}", False),
    ("2**100", "value", "1.2676506e30", False),  # an exact integer is never approximated
    ("98765432109876543210", "value", "98765432109876543211", False),
    ("98765432109876543210", "value", "98765432109876543210.0", True),
    ("98765432109876543210", "value", "9.876543210987654321e19", True),
    ("98765432109876543210", "value", "9.87654321098765432e19", False),
    ("10**50 + 1", "value", "10^{50}", False),
    ("10**50 + 1", "value", "10^{50} + 1", True),
    ("pi*10**20", "value", "3.14159265e20", True),
    ("pi*10**20", "value", "3.14159265e19", False),
    # --- percents, thousands separators, currency, units
    ("0.15", "value", "15%", True),
    ("0.15", "value", "15\\%", True),
    ("0.15", "value", "15", False),
    ("0.15", "value", "1.5%", False),
    ("1/8", "value", "12.5%", True),
    ("1234567", "value", "1{,}234{,}567", True),
    ("1234567", "value", "1\\,234\\,567", True),
    ("1234567", "value", "1,234,567.00", True),
    ("1234567", "value", "1,234,576", False),
    ("1000", "value", "1,000", True),
    ("1000", "value", "1,001", False),
    ("1000", "value", "1.000", False),  # a decimal point, not a separator
    ("-1500", "value", "-1,500", True),
    ("1500000", "value", "\\$1,500,000", True),
    ("1500000", "value", "\\$1,500,001", False),
    ("12.5", "value", "\\$12.50", True),
    ("12.5", "value", "$12.50", True),
    ("12.5", "value", "12.05", False),
    ("5", "value", "5\\text{ cm}", True),
    ("5", "value", "5 \\text{ meters}", True),
    ("5", "value", "6 cm", False),
    ("30", "value", "30^\\circ", True),
    ("30", "value", "30^{\\circ}", True),
    ("30", "value", "30°", True),
    ("30", "value", "60°", False),
    # --- an unknown set equal to a value: x = 3 and relations, never subtracted sides
    ("3", "value", "3 = x", True),
    ("3", "value", "x = \\frac{6}{2}", True),
    ("3", "value", "x + 1 = 4", True),
    ("3", "value", "2(x + 1) = 4", False),  # the same sides times a factor: another relation
    ("3", "value", "y = 3", False),
    ("3", "value", "x^2 = 9", False),
    ("3", "value", "x - 3", False),  # an expression is not a relation
    ("3", "value", "x \\approx 3.0000", True),
    ("sqrt(2)", "value", "x \\approx 1.4142", True),
    ("sqrt(2)", "value", "\\sqrt{2} \\approx 1.41", True),  # the exact form is what is answered
    ("sqrt(2)", "value", "\\sqrt{3} \\approx 1.41", False),
    # --- sets and multiple solutions in any order
    ("{-1, 1}", "set", "\\{1, -1\\}", True),
    ("{-1, 1}", "set", "\\left\\{ -1, 1 \\right\\}", True),
    ("{-1, 1}", "set", "\\pm 1", True),
    ("{-1, 1}", "set", "x = \\pm 1", True),
    ("{-1, 1}", "set", "1", False),
    ("{-1, 1}", "set", "x^2 = 1", True),
    ("{-1, 1}", "set", "x^2 = 2", False),
    ("{-1, 1}", "set", "{-1, 1, 1}", True),
    ("{-1, 1}", "set", "x \\in \\{-1, 1\\}", True),
    ("{-1, 1}", "set", "{-1, 1.0000001}", False),
    ("{1/2, 3}", "set", "x = \\frac{1}{2} \\text{ and } x = 3", True),
    ("{1/2, 3}", "set", "x = 3, \\frac{1}{2}", True),
    ("{1/2, 3}", "set", "(2x - 1)(x - 3) = 0", True),
    ("{1/2, 3}", "set", "2x^2 - 7x + 3 = 0", True),
    ("{1/2, 3}", "set", "4x^2 - 14x + 6 = 0", True),
    ("{1/2, 3}", "set", "x(2x - 1)(x - 3) = 0", False),
    ("{1/2, 3}", "set", "{0.5, 3}", True),
    ("{1/2, 3}", "set", "{0.5, 3.0001}", False),
    ("{1/2, 3}", "set", "{-1/2, -3}", False),
    ("{1/2, 3}", "set", "The solutions are x = 1/2 and x = 3.", True),
    ("{1/2, 3}", "set", "The roots are 3 and 1/2.", True),
    ("{1/2, 3}", "set", "The solutions are x = 1/2 and x = -3.", False),
    ("{2 - sqrt(3), 2 + sqrt(3)}", "set", "2 \\pm \\sqrt{3}", True),
    ("{2 - sqrt(3), 2 + sqrt(3)}", "set", "x = 2 \\pm \\sqrt 3", True),
    ("{2 - sqrt(3), 2 + sqrt(3)}", "set", "\\{2+\\sqrt{3}, 2-\\sqrt{3}\\}", True),
    ("{2 - sqrt(3), 2 + sqrt(3)}", "set", "{3.73205, 0.26795}", True),
    ("{2 - sqrt(3), 2 + sqrt(3)}", "set", "{3.73, 0.27}", False),
    ("{2 - sqrt(3), 2 + sqrt(3)}", "set", "2 + \\sqrt{3}", False),
    ("{2 - sqrt(3), 2 + sqrt(3)}", "set", "-2 \\pm \\sqrt{3}", False),
    ("{-5, 5}", "set", "x = 5 or x = -5", True),
    ("{-5, 5}", "set", "x = -5, 5", True),
    ("{-5, 5}", "set", "\\pm5", True),
    ("{-5, 5}", "set", "x = 5", False),
    ("{-5, 5}", "set", "\\{5\\}", False),
    ("{1 - I, 1 + I}", "set", "1 \\pm i", True),
    ("{1 - I, 1 + I}", "set", "x = 1 + i, x = 1 - i", True),
    ("{1 - I, 1 + I}", "set", "1 \\pm \\sqrt{-1}", True),
    ("{1 - I, 1 + I}", "set", "{1 + i}", False),
    ("{1 - I, 1 + I}", "set", "{-1 + i, -1 - i}", False),
    ("{1 - I, 1 + I}", "set", "1 \\pm 2i", False),
    ("{-3, 2}", "set", "2x^2 + 2x - 12 = 0", True),
    ("{-3, 2}", "set", "x^3 + x^2 - 6x = 0", False),
    # --- tuples: order matters
    ("(1, -2, 3)", "tuple", "x = 1, y = -2, z = 3", True),
    ("(1, -2, 3)", "tuple", "z = 3, x = 1, y = -2", True),
    ("(1, -2, 3)", "tuple", "\\left(1, -2, 3\\right)", True),
    ("(1, -2, 3)", "tuple", "(x, y, z) = (1, -2, 3)", True),
    ("(1, -2, 3)", "tuple", "(z, y, x) = (3, -2, 1)", True),
    ("(1, -2, 3)", "tuple", "$(1,-2,3)$", True),
    ("(1, -2, 3)", "tuple", "(1, 3, -2)", False),
    ("(1, -2, 3)", "tuple", "(3, -2, 1)", False),
    ("(1, -2, 3)", "tuple", "(z, y, x) = (1, -2, 3)", False),
    ("(1, -2, 3)", "tuple", "x = 1, y = -2", False),
    ("(1, -2, 3)", "tuple", "(1, -2, 3, 0)", False),
    ("(1, -2, 3)", "tuple", "x = 1, y = 3, z = -2", False),
    ("(1/2, -3)", "tuple", "\\left( \\frac{1}{2}, -3 \\right)", True),
    ("(1/2, -3)", "tuple", "x = 0.5 and y = -3", True),
    ("(1/2, -3)", "tuple", "[1/2, -3]", True),
    ("(1/2, -3)", "tuple", "(-3, 1/2)", False),
    ("(1/2, -3)", "tuple", "{1/2, -3}", False),  # a set does not say which value is x
    ("(2, -1)", "tuple", "x = 2, y = -1.0000001", False),
    ("(2, -1)", "tuple", "The solution is (2, -1).", True),
    ("(2, -1)", "tuple", "x = 2, y = -1, z = 0", False),
    ("(2, -1)", "tuple", "x = 2, x = -1", False),
    # --- intervals: order and open/closed ends matter
    ("[2, 5)", "interval", "[2, 5)", True),
    ("[2, 5)", "interval", "[2, 5]", False),
    ("[2, 5)", "interval", "(2, 5)", False),
    ("[2, 5)", "interval", "(2, 5]", False),
    ("[2, 5)", "interval", "[5, 2)", False),
    ("[2, 5)", "interval", "(5, 2]", False),
    ("[2, 5)", "interval", "2 \\le x < 5", True),
    ("[2, 5)", "interval", "2 \\leq x < 5", True),
    ("[2, 5)", "interval", "2 < x \\leq 5", False),
    ("[2, 5)", "interval", "5 > x \\geq 2", True),
    ("[2, 5)", "interval", "x \\in \\left[2, 5\\right)", True),
    ("[2, 5)", "interval", "\\{x \\mid 2 \\le x < 5\\}", True),
    ("[2, 5)", "interval", "{x | 2 <= x <= 5}", False),
    ("(-oo, oo)", "interval", "(-\\infty, \\infty)", True),
    ("(-oo, oo)", "interval", "\\mathbb{R}", True),
    ("(-oo, oo)", "interval", "(0, \\infty)", False),
    ("(-oo, -1] U [1, oo)", "interval", "x \\le -1 \\text{ or } x \\ge 1", True),
    ("(-oo, -1] U [1, oo)", "interval", "(-\\infty, -1] \\cup [1, \\infty)", True),
    ("(-oo, -1] U [1, oo)", "interval", "[1, \\infty) \\cup (-\\infty, -1]", True),
    ("(-oo, -1] U [1, oo)", "interval", "(-\\infty, -1) \\cup (1, \\infty)", False),
    ("(-oo, -1] U [1, oo)", "interval", "[-1, 1]", False),
    ("(-oo, -1] U [1, oo)", "interval", "(-\\infty, -1]", False),
    ("(1/2, 3]", "interval", "\\left(\\frac{1}{2}, 3\\right]", True),
    ("(1/2, 3]", "interval", "(0.5, 3]", True),
    ("(1/2, 3]", "interval", "\\frac{1}{2} < x \\leq 3", True),
    ("(1/2, 3]", "interval", "(0.5000001, 3]", False),
    ("(1/2, 3]", "interval", "[1/2, 3]", False),
    ("(-oo, 3)", "interval", "x < 3.0000001", False),
    ("(-oo, 3)", "interval", "3 > x", True),
    ("(-oo, 3)", "interval", "The answer is $x<3$.", True),
    ("(-oo, 3)", "interval", "\\boxed{(-\\infty, 3)}", True),
    ("(-oo, 3)", "interval", "(3, -\\infty)", False),
    ("(-oo, 3)", "interval", "(3, \\infty)", False),
    ("[-sqrt(2), sqrt(2)]", "interval", "[-\\sqrt{2}, \\sqrt{2}]", True),
    ("[-sqrt(2), sqrt(2)]", "interval", "-\\sqrt2 \\le x \\le \\sqrt2", True),
    ("[-sqrt(2), sqrt(2)]", "interval", "[-\\sqrt{3}, \\sqrt{3}]", False),
    # --- equations compared as relations (a nonzero constant factor only)
    ("y = 2*x + 1", "equation", "y = 2x + 1", True),
    ("y = 2*x + 1", "equation", "2x + 1 = y", True),
    ("y = 2*x + 1", "equation", "y - 2x - 1 = 0", True),
    ("y = 2*x + 1", "equation", "2y = 4x + 2", True),
    ("y = 2*x + 1", "equation", "-2x + y = 1", True),
    ("y = 2*x + 1", "equation", "y = \\frac{4x + 2}{2}", True),
    ("y = 2*x + 1", "equation", "\\boxed{y = 2x + 1}", True),
    ("y = 2*x + 1", "equation", "The answer is $y=2x+1$.", True),
    ("y = 2*x + 1", "equation", "y = 2x + 2", False),
    ("y = 2*x + 1", "equation", "y = 4x + 2", False),
    ("y = 2*x + 1", "equation", "2y = 2x + 1", False),
    ("y = 2*x + 1", "equation", "x(y - 2x - 1) = 0", False),
    ("y = 2*x + 1", "equation", "y = 2x + 1.0000001", False),
    ("y = 2*x + 1", "equation", "2x + 1", False),
    ("y = 2*x + 1", "equation", "x = 2y + 1", False),
    ("x**2 + y**2 = 25", "equation", "x^2 + y^2 = 25", True),
    ("x**2 + y**2 = 25", "equation", "y^2 + x^2 - 25 = 0", True),
    ("x**2 + y**2 = 25", "equation", "x^2 + y^2 = 5^2", True),
    ("x**2 + y**2 = 25", "equation", "2x^2 + 2y^2 = 50", True),
    ("x**2 + y**2 = 25", "equation", "x^2 + y^2 = 5", False),
    ("x**2 + y**2 = 25", "equation", "2x^2 + y^2 = 50", False),
    ("x**2 + y**2 = 25", "equation", "x + y = 5", False),
    ("x**2 + y**2 = 25", "equation", "(x + y)^2 = 25", False),
    ("y = 1/x", "equation", "xy = 1", True),
    ("y = 1/x", "equation", "y = x", False),
    ("y = 3", "equation", "2y = 6", True),
    ("y = 3", "equation", "x = 3", False),
    ("y = 3", "equation", "y = 3x", False),
    # --- formulas
    ("x**2 - 1", "expanded", "x^{2}-1", True),
    ("x**2 - 1", "expanded", "-1 + x^2", True),
    ("x**2 - 1", "expanded", "(x-1)(x+1)", False),
    ("x**2 - 1", "expanded", "x^2 + 1", False),
    ("x**3 - 3*x**2 + 3*x - 1", "expanded", "x^3 - 3x^2 + 3x - 1", True),
    ("x**3 - 3*x**2 + 3*x - 1", "expanded", "(x-1)^3", False),
    ("x**3 - 3*x**2 + 3*x - 1", "expanded", "x^3 - 3x^2 + 3x + 1", False),
    ("(x - 1)**2", "factored", "(x-1)^2", True),
    ("(x - 1)**2", "factored", "(x-1)(x-1)", True),
    ("(x - 1)**2", "factored", "(1 - x)^2", True),
    ("(x - 1)**2", "factored", "x^2 - 2x + 1", False),
    ("(x - 1)**2", "factored", "(x+1)^2", False),
    ("x*(x - 2)*(x + 2)", "factored", "x(x-2)(x+2)", True),
    ("x*(x - 2)*(x + 2)", "factored", "x(x^2 - 4)", False),
    ("x*(x - 2)*(x + 2)", "factored", "(x^2 - 2x)(x + 2)", False),
    ("3*(x - 1)*(x + 2)", "factored", "3(x-1)(x+2)", True),
    ("3*(x - 1)*(x + 2)", "factored", "(3x - 3)(x + 2)", False),
    ("3*(x - 1)*(x + 2)", "factored", "(x-1)(x+2)", False),
    ("(x + 1)/(x - 2)", "simplified", "\\frac{x+1}{x-2}", True),
    ("(x + 1)/(x - 2)", "simplified", "\\frac{-x-1}{2-x}", True),
    ("(x + 1)/(x - 2)", "simplified", "\\frac{x^2+2x+1}{(x+1)(x-2)}", False),
    ("(x + 1)/(x - 2)", "simplified", "\\frac{x-2}{x+1}", False),
    ("2*x*cos(x**2)", "expression", "2x\\cos(x^2)", True),
    ("2*x*cos(x**2)", "expression", "\\cos(x^2) \\cdot 2x", True),
    ("2*x*cos(x**2)", "expression", "2x\\cos(x)^2", False),
    ("-sin(x)", "expression", "-\\sin x", True),
    ("-sin(x)", "expression", "\\sin(-x)", True),
    ("-sin(x)", "expression", "\\sin x", False),
    ("1/x", "expression", "x^{-1}", True),
    ("1/x", "expression", "\\frac{1}{x} + 10^{-7}", False),
    ("3*x**2 - 4*x", "expression", "6x - 4", False),
    ("x**2/2 + C", "antiderivative", "\\frac{1}{2}x^2 + C", True),
    ("-cos(x) + C", "antiderivative", "-\\cos x + C", True),
    ("-cos(x) + C", "antiderivative", "1 - \\cos(x) + C", True),
    ("-cos(x) + C", "antiderivative", "\\cos x + C", False),
    ("log(x) + C", "antiderivative", "\\ln|x| + C", True),
    ("log(x) + C", "antiderivative", "\\ln\\left|x\\right| + C", True),
    ("log(x) + C", "antiderivative", "|x| + C", False),
    ("x*exp(x) - exp(x) + C", "antiderivative", "e^{x}(x-1) + C", True),
    ("x*exp(x) - exp(x) + C", "antiderivative", "xe^x + C", False),
]

def _variables(gold: str, kind: str) -> tuple[str, ...]:
    if kind == "tuple":
        return ("x", "y", "z")[: gold.count(",") + 1]
    return ("x", "y") if kind == "equation" else ("x",)


def _verdict(gold: str, kind: str, answer: str):
    return VERIFIERS.get("math").verify(_problem(gold, kind, _variables(gold, kind)), answer)


@pytest.mark.parametrize(("gold", "kind", "answer", "expected"), TABLE)
def test_table(gold: str, kind: str, answer: str, expected: bool) -> None:
    verdict = _verdict(gold, kind, answer)
    assert verdict.accepted == expected, verdict.reason
    if not expected:
        assert verdict.status == "reject"


def test_table_is_large_and_balanced() -> None:
    assert len(TABLE) >= 300 and len(set(TABLE)) == len(TABLE)
    assert sum(expected for *_, expected in TABLE) >= 100 and sum(not expected for *_, expected in TABLE) >= 100
    assert {kind for _, kind, _, _ in TABLE} >= {"value", "set", "tuple", "interval", "equation", "expression", "antiderivative"}


def test_false_positives_and_false_negatives_over_the_whole_table() -> None:
    false_positives, false_negatives = [], []
    for gold, kind, answer, expected in TABLE:
        accepted = _verdict(gold, kind, answer).accepted
        if accepted and not expected:
            false_positives.append((gold, kind, answer))
        elif expected and not accepted:
            false_negatives.append((gold, kind, answer))
    positives = sum(expected for *_, expected in TABLE)
    print(f"\nmath verifier table: {len(TABLE)} pairs ({positives} equal, {len(TABLE) - positives} not equal); "
          f"false positives {len(false_positives)}, false negatives {len(false_negatives)}")
    for label, pairs in (("false positive", false_positives), ("false negative", false_negatives)):
        for pair in pairs:
            print(f"  {label}: {pair}")
    assert false_positives == [] and false_negatives == []


@pytest.mark.parametrize(
    "bomb",
    ["10**10**10**10", "9^9^9", "2**99999999", "(" * 5000 + "1" + ")" * 5000, "1" * 1_000_000, "x" * 400],
)
def test_expression_bombs_end_in_a_verdict_quickly(bomb: str) -> None:
    import time

    started = time.perf_counter()
    verdict = VERIFIERS.get("math").verify(_problem("3/4"), bomb)
    assert verdict.status in ("error", "reject") and verdict.reason
    assert time.perf_counter() - started < 1.0


def test_code_is_never_evaluated() -> None:
    for attack in ["__import__('os').system('true')", "().__class__", "lambda: 1", "eval('1')"]:
        assert VERIFIERS.get("math").verify(_problem("1"), attack).status == "reject"


def test_gold_that_cannot_be_read_is_an_error() -> None:
    problem = dataclasses.replace(_problem("3/4"), answer="???")
    assert VERIFIERS.get("math").verify(problem, "3/4").status == "error"


def test_a_slow_check_ends_as_an_error_within_the_bound(monkeypatch) -> None:
    import time

    from cotforge.verifiers import math as math_verifier

    verifier = VERIFIERS.get("math")
    monkeypatch.setattr(math_verifier, "_matches", lambda *args: time.sleep(3) or True)
    monkeypatch.setattr(verifier, "time_limit", 0.2)
    started = time.perf_counter()
    verdict = verifier.verify(_problem("3/4"), "3/4")
    assert verdict.status == "error" and "longer than" in verdict.reason
    assert time.perf_counter() - started < 1.0
