"""Human titles of the seed documents the shipped arguments paraphrase (cards name these, not file names)."""

from __future__ import annotations

# Seed file → the title a reader recognises. The texts themselves are not shipped; these titles describe them.
SEED_TITLES: dict[str, str] = {
    "004_7d6a98381bbd72c3.txt": "Forum thread: the USSR splits in two after Lenin's death",
    "000_44799cd7e3280b43.txt": "Notes: causes of the Stalin–Trotsky rivalry",
}


def seed_title(seed: str | None) -> str:
    """The seed's title; an unknown seed by its file name without the hash; no seed: 'source not recorded'."""
    if not seed:
        return "source not recorded"
    if seed in SEED_TITLES:
        return SEED_TITLES[seed]
    stem = seed.rsplit(".", 1)[0]
    return f"Seed document {stem.split('_', 1)[0]}"
