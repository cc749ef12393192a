"""Ask which attribute names the polities when a file has none of the usual name fields."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget

from sovsplit.model.io.polity_fields import NAME_FIELDS


def needs_name_field(scenario) -> bool:
    """True when no usual name field named the polities but the file has text attributes to choose from."""
    return scenario.name_field is None and bool(scenario.text_fields)


def ask_name_field(parent: QWidget, scenario) -> str | None:
    """The field the user picks to name the polities, or None (cancelled: keep "Polity 1", "Polity 2", …)."""
    known = ", ".join(NAME_FIELDS[:6]) + ", …"
    field, ok = QInputDialog.getItem(
        parent,
        "Name the polities",
        f"{scenario.path.name if scenario.path else 'The file'} has no name field ({known}).\n"
        "Which attribute names the polities?",
        scenario.text_fields,
        0,
        False,
    )
    return field if ok and field else None
