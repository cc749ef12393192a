"""Regenerate tests/model/annotations/seed_shingles.txt: hashed 7-word shingles of the seed texts.

The paraphrase test must run in a clone with no ../shared beside it, and the seed texts must not be copied into
the project, so the test keeps only one-way hashes of the seeds' word 7-grams. Run from the repository root:

    python tools/seed_shingles.py [SEEDS_DIR]      # default: ../shared/seeds
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "model" / "annotations" / "seed_shingles.txt"
SEED_FILES = ("000_44799cd7e3280b43.txt", "004_7d6a98381bbd72c3.txt")
N = 7


def shingles(text: str, n: int = N) -> set[tuple[str, ...]]:
    """The text's word n-grams, case-folded, with typographic apostrophes made plain."""
    words = re.findall(r"[a-z0-9']+", text.casefold().replace("\u2019", "'"))
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def shingle_hash(gram: tuple[str, ...]) -> str:
    """A 64-bit one-way digest of one shingle (enough to make collisions negligible for ~1,000 shingles)."""
    return hashlib.sha256(" ".join(gram).encode()).hexdigest()[:16]


def seed_hashes(seeds_dir: Path) -> list[str]:
    grams: set[tuple[str, ...]] = set()
    for name in SEED_FILES:
        grams |= shingles((seeds_dir / name).read_text(encoding="utf-8"))
    return sorted({shingle_hash(g) for g in grams})


def main(argv: list[str]) -> int:
    seeds_dir = Path(argv[0]) if argv else ROOT.parent / "shared" / "seeds"
    hashes = seed_hashes(seeds_dir)
    header = f"# sha256[:16] of each {N}-word shingle of the seed texts; regenerate with tools/seed_shingles.py\n"
    OUT.write_text(header + "\n".join(hashes) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(hashes)} shingles")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
