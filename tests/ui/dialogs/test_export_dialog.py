"""File → Export…: opens from the menu, previews, exports on a worker with progress, cancels cleanly."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from sovsplit.render.settings import LAYERS


def _open_dialog(window, qtbot):
    window.export_action.trigger()
    dialog = window.export_dialog
    qtbot.waitExposed(dialog)
    return dialog


def test_dialog_opens_from_file_menu_and_previews(window, qtbot):
    texts = [a.text().replace("&", "") for a in window.menu("File").actions()]
    assert "Export Map…" in texts
    dialog = _open_dialog(window, qtbot)
    with qtbot.waitSignal(dialog.preview_ready, timeout=120000):
        pass
    assert dialog.preview_pixmap is not None and dialog.preview_pixmap.width() > 100


def test_default_layers_equal_the_canvas_layers(window, qtbot):
    window.canvas.set_layer_visible(window.canvas.layer("regions"), False)
    dialog = _open_dialog(window, qtbot)
    shown = {layer.key for layer in window.canvas.layers if layer.visible and layer.key in LAYERS}
    assert dialog.selected_layers() == shown
    assert "regions" not in shown
    assert dialog.settings().projection == window.canvas.projection_key
    assert dialog.settings().style.key == window.canvas.style.key


def test_export_with_progress_writes_the_file(window, qtbot, tmp_path):
    dialog = _open_dialog(window, qtbot)
    dialog.dpi.setValue(60)
    out = tmp_path / "map.png"
    with qtbot.waitSignal(dialog.export_finished, timeout=120000) as blocker:
        dialog.export_to(out)
    assert blocker.args == [str(out)]
    assert Image.open(out).size == (round(210 / 25.4 * 60), round(297 / 25.4 * 60))


def test_cancel_leaves_nothing(window, qtbot, tmp_path):
    dialog = _open_dialog(window, qtbot)
    dialog.dpi.setValue(300)
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "map.pdf"
    with qtbot.waitSignal(dialog.export_cancelled, timeout=120000):
        dialog.export_to(out)
        cancel_button = dialog.progress_dialog.findChild(QPushButton)
        qtbot.mouseClick(cancel_button, Qt.LeftButton)
    assert list(folder.iterdir()) == []
    assert "cancelled" in dialog.last_error


def test_style_menu_lists_every_style_and_marks_the_canvas_style(window):
    from sovsplit.render.style import available_styles

    actions = window.style_actions.actions()
    assert [a.data() for a in actions] == list(available_styles())
    assert [a.data() for a in actions if a.isChecked()] == [window.canvas.style.key]
    assert window.style_actions.isExclusive()


def test_theme_menu_applies_dark_palette(window, qapp):
    action = next(a for a in window.theme_actions.actions() if a.data() == "dark")
    action.trigger()
    assert qapp.palette().window().color().name() == "#26282b"
    next(a for a in window.theme_actions.actions() if a.data() == "light").trigger()
    assert qapp.palette().window().color().name() == "#f4f2ee"


def teardown_function(function):
    # Workers must finish before the window (and the dialog) are destroyed.
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        if hasattr(widget, "shutdown") and hasattr(widget, "pool"):
            widget.shutdown()
