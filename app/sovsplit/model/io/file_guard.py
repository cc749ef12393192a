"""What a file looked like when it was opened or saved, to catch a save over changes made on disk since."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileState:
    """A file's modification time, size and content hash at one moment."""

    mtime_ns: int
    size: int
    sha256: str


def file_state(path: Path | str | None) -> FileState | None:
    """The file's state now, or None if there is no such (regular) file."""
    if path is None:
        return None
    path = Path(path)
    try:
        stat = path.stat()
        if not path.is_file():
            return None
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return FileState(stat.st_mtime_ns, stat.st_size, digest)


def changed_on_disk(path: Path | str, known: FileState | None) -> bool:
    """True when the file at `path` is not the one recorded as `known` (edited, replaced or newly created by
    someone else since). mtime and size alone decide when they match; the hash settles a touched-only file."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        return False  # gone or unreadable: nothing there to overwrite by mistake
    if known is None:
        return True
    if stat.st_mtime_ns == known.mtime_ns and stat.st_size == known.size:
        return False
    now = file_state(path)
    return now is None or now.sha256 != known.sha256
