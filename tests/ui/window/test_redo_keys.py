"""Redo is the declared Edit action with every usual key (Ctrl+Y too), and it redoes a real edit."""

from PySide6.QtGui import QKeySequence

from sovsplit.model.editing.edits import reassign_regions
from sovsplit.ui.window.actions import redo_shortcuts


def _redo_action(window):
    return next(a for a in window.menu("Edit").actions() if a.text().replace("&", "").startswith("Redo"))


def test_redo_keys_are_the_declared_ones_once_each(qapp):  # platform key bindings need the application
    keys = [key.toString() for key in redo_shortcuts()]
    assert "Ctrl+Y" in keys and "Ctrl+Shift+Z" in keys
    assert len(keys) == len(set(keys))
    assert keys[0] == QKeySequence(QKeySequence.Redo).toString()


def test_redo_action_carries_them_and_redoes_an_edit(window, qtbot):
    redo = _redo_action(window)
    assert [k.toString() for k in redo.shortcuts()] == [k.toString() for k in redo_shortcuts()]
    window.document.perform(reassign_regions, ["RUPRI"], "east")
    assert window.document.scenario.owner_of_region("RUPRI") == "east"
    window.undo_stack.undo()
    assert window.document.scenario.owner_of_region("RUPRI") != "east"
    assert redo.isEnabled()
    redo.trigger()
    assert window.document.scenario.owner_of_region("RUPRI") == "east"
