"""A safe file name proposed for a scenario: its short name, no path or drive characters, never cut mid-word."""

from __future__ import annotations

import re

# Characters that are path separators or reserved on Windows, macOS or Linux file systems.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
MAX_STEM = 40


def short_name(title: str) -> str:
    """The part of a title before a colon or a dash clause ('Two USSRs: the Stalinist West…' → 'Two USSRs')."""
    head = re.split(r"\s*[:;—–]\s*|\s+-\s+", title.strip(), maxsplit=1)[0]
    return head.strip() or title.strip()


def safe_file_stem(title: str, fallback: str = "scenario") -> str:
    """A file name stem from a scenario title: its short name, unsafe characters dropped, whole words only."""
    text = _UNSAFE.sub(" ", short_name(title))
    text = re.sub(r"\s+", " ", text).strip(" .")
    if len(text) > MAX_STEM:
        cut = text[: MAX_STEM + 1].rsplit(" ", 1)[0]
        text = cut if cut and len(cut) <= MAX_STEM else text[:MAX_STEM]
        text = text.rstrip(" .,")
    return text or fallback
