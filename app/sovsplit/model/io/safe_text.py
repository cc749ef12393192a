"""Text from user files made safe to write out: CSV cells a spreadsheet will not run, names a terminal will not
obey."""

from __future__ import annotations

import re

# OWASP's rule for CSV injection: a cell starting with one of these may be read as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# C0 and C1 control characters (escape sequences start with ESC or CSI) and DEL.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def csv_cell(value):
    """A CSV cell that a spreadsheet shows as text: a string starting like a formula gets a leading quote."""
    if isinstance(value, str):
        value = without_surrogates(value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def csv_rows(rows):
    return [[csv_cell(v) for v in row] for row in rows]


def terminal_text(text: str) -> str:
    """A name for a terminal table: control characters (escape sequences that could retitle or clear the
    terminal) dropped, lone surrogates replaced."""
    return _CONTROL.sub("", without_surrogates(text))


def without_surrogates(text: str) -> str:
    """Lone surrogates (from a JSON \\ud800 escape; a str never holds a valid pair) replaced by U+FFFD, so the
    text can be encoded."""
    return _SURROGATE.sub("\ufffd", text)


_SURROGATE = re.compile("[\ud800-\udfff]")
