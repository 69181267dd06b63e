"""Which script a piece of text is written in, as far as printing and the terminal care.

A receipt printer prints Latin from its code page and nothing else; Devanagari (names and
addresses typed in Hindi, the receipt's Hindi labels) must be shaped and drawn as an image.
So text is cut into runs: Devanagari (with the spaces and marks between its words) and the
rest.
"""

from __future__ import annotations

from typing import Literal

Script = Literal["devanagari", "latin"]

# Devanagari, Devanagari Extended, Vedic Extensions, and the danda/double danda.
_DEVANAGARI = ((0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x1CD0, 0x1CFF))
_JOINERS = frozenset("\u200c\u200d")  # ZWNJ / ZWJ choose a conjunct's form: keep them inside


def is_devanagari(char: str) -> bool:
    code = ord(char)
    return char in _JOINERS or any(lo <= code <= hi for lo, hi in _DEVANAGARI)


def has_devanagari(text: str) -> bool:
    return any(is_devanagari(c) for c in text)


def runs(text: str) -> tuple[tuple[Script, str], ...]:
    """`text` cut into (script, run) pairs in order. Spaces between two Devanagari words stay
    in the Devanagari run; spaces at a run's edge go with the Latin side."""
    out: list[tuple[Script, str]] = []
    for char in text:
        script: Script = "devanagari" if is_devanagari(char) else "latin"
        if char == " " and out and out[-1][0] == "devanagari":
            script = "devanagari"
        if out and out[-1][0] == script:
            out[-1] = (script, out[-1][1] + char)
        else:
            out.append((script, char))
    tidy: list[tuple[Script, str]] = []
    for script, run in out:  # trailing spaces of a Devanagari run belong to the Latin side
        body = run.rstrip(" ") if script == "devanagari" else run
        if body:
            tidy.append((script, body))
        if len(body) < len(run):
            tidy.append(("latin", run[len(body) :]))
    merged: list[tuple[Script, str]] = []
    for script, run in tidy:
        if merged and merged[-1][0] == script:
            merged[-1] = (script, merged[-1][1] + run)
        else:
            merged.append((script, run))
    return tuple(merged)
