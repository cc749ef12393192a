"""One-line, user-facing errors about input files."""

from __future__ import annotations

from pathlib import Path


class InputError(ValueError):
    """A problem with a file the user gave us, phrased as one line naming the file."""

    def __init__(self, path: Path | str, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path.name}: {problem}")
