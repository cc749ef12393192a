"""Menus are declared in named, ordered groups: every feature's entries land in their group, in order."""

from __future__ import annotations


def _entries(menu) -> list[str]:
    """The menu as a user reads it: texts without mnemonics, "|" for a separator Qt shows."""
    shown = []
    for action in menu.actions():
        if action.isSeparator():
            if shown and shown[-1] != "|":
                shown.append("|")
        else:
            shown.append(action.text().replace("&", ""))
    return shown[:-1] if shown and shown[-1] == "|" else shown


def test_the_file_menu_reads_in_its_declared_groups(window):
    assert _entries(window.menu("File")) == [
        "New",
        "Open…",
        "Open Recent",
        "Open Shipped Scenario",
        "|",
        "Save",
        "Save As…",
        "|",
        "Import Arable Layer…",
        "Use the Built-in Arable Model",
        "|",
        "Export Map…",
        "|",
        "Quit",
    ]


def test_tools_and_help_menus_keep_their_group_order(window):
    tools = _entries(window.menu("Tools"))
    assert tools[:3] == ["Region Tool", "Border Tool", "Cut Tool"]
    assert tools.index("Add Note") < tools.index("Compare scenarios…")
    help_entries = _entries(window.menu("Help"))
    assert help_entries[-1] == "About sovsplit" and help_entries[-2] == "|"
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Edit", "View", "Layers", "Tools", "Help"]


def test_an_unknown_group_is_refused_by_name(window):
    import pytest
    from PySide6.QtGui import QAction

    with pytest.raises(KeyError, match="no group 'nowhere'"):
        window.add_action("File", "nowhere", QAction("Lost", window))
