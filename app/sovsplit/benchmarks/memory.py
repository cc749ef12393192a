"""Peak resident memory of this process alone, not of the parent that started it."""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def peak_rss_mb() -> float:
    """This process's peak resident set in MB.

    Linux's `ru_maxrss` survives `exec`: a child started by a process holding 400 MB reports at least 400 MB
    whatever it does itself (seen in the bench, whose parent holds the generated inputs). `VmHWM` belongs to the
    child's own address space, so it is read where the kernel has it.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024.0  # macOS counts bytes, Linux kB
