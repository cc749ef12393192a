"""The words a verdict is shown with, in one place for the card, the panel, the map legend, the CLI and the export."""

from __future__ import annotations

from sovsplit.model.annotations.rules import CONTRADICTED, NOT_MEASURABLE, SUPPORTED, VERDICTS

# A verdict judges the claim a rule states in plain words, never the argument as a whole, so the words name
# the claim and the numbers rather than saying "supported" or "contradicted".
VERDICT_WORDS = {
    SUPPORTED: "the numbers back this claim",
    CONTRADICTED: "the numbers go against it",
    NOT_MEASURABLE: "cannot test it",
}
# Short forms for tallies and narrow columns.
VERDICT_SHORT = {SUPPORTED: "backed", CONTRADICTED: "against", NOT_MEASURABLE: "cannot test"}


def verdict_words(status: str) -> str:
    """What a verdict says, in lower case ("the numbers back this claim")."""
    return VERDICT_WORDS[status]


def verdict_heading(status: str) -> str:
    """The verdict as a heading: first letter upper case ("The numbers back this claim")."""
    words = VERDICT_WORDS[status]
    return words[:1].upper() + words[1:]


def verdict_tally(statuses) -> str:
    """How many verdicts of each kind: "6 backed by the numbers, 2 against them, 17 cannot be tested"."""
    statuses = list(statuses)
    counts = {v: statuses.count(v) for v in VERDICTS}
    return (
        f"{counts[SUPPORTED]} backed by the numbers, {counts[CONTRADICTED]} against them, "
        f"{counts[NOT_MEASURABLE]} cannot be tested"
    )
