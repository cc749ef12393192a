"""File → Export…: the menu entry that opens the export dialog on the window's document."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sovsplit.ui.dialogs.export_time_jobs import TimelineView


def install_export(window) -> None:
    """Add File → Export… to the main window: it exports a snapshot of the document with the canvas's view."""
    from PySide6.QtGui import QAction, QKeySequence

    action = QAction("&Export Map…", window)
    action.setShortcut(QKeySequence("Ctrl+E"))
    action.setStatusTip("Export the map as PNG, SVG or PDF with a title, legend and scale bar")
    action.setObjectName("action-export")

    def open_dialog() -> None:
        if window.document.scenario is None:
            return
        # Imported on first use: the dialog and its render jobs are not needed to show the map.
        from sovsplit.ui.dialogs.export_dialog import ExportDialog

        document = window.document
        dialog = ExportDialog(
            document.scenario,
            window.canvas,
            getattr(window.canvas, "style", None) or window.style,
            window,
            snapshot=document.session.snapshot,
            document=document,
            timeline=lambda: shown_timeline(window),
        )
        window.export_dialog = dialog
        dialog.finished.connect(dialog.shutdown)
        dialog.show()

    action.triggered.connect(open_dialog)
    window.add_action("File", "export", action)
    window.export_action = action
    return None


def shown_timeline(window) -> TimelineView | None:
    """The time bar's timeline and the state it shows, None when the window holds a plain scenario."""
    bar = getattr(window, "time_bar", None)  # installed after the export menu; present once the window is built
    if bar is None or bar.timeline is None or bar.cursor is None:
        return None
    from sovsplit.ui.dialogs.export_time_jobs import TimelineView

    return TimelineView(bar.timeline, bar.cursor.index)
