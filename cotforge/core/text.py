"""Text normal forms shared by generators, spaces and verifiers."""

from __future__ import annotations


def normalize_output(text: str) -> str:
    """Program output as compared: newlines unified, trailing spaces per line and trailing blank lines dropped."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).rstrip("\n")
