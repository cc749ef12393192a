"""One-line, user-facing errors about input files."""

from __future__ import annotations

from pathlib import Path

from sovsplit.model.io.safe_text import terminal_text


class InputError(ValueError):
    """A problem with a file the user gave us, phrased as one line naming the file."""

    def __init__(self, path: Path | str, problem: str):
        self.path = Path(path)
        self.problem = problem
        # One line whatever the file is called or holds: newlines and escape sequences in a file name or a
        # quoted name cannot break the line or drive the terminal.
        super().__init__(terminal_text(f"{self.path.name}: {problem}"))
