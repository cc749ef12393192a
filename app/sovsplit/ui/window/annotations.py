"""Plugs the feasibility debate into the main window: the notes overlay, its dock and the Add Note action."""

from __future__ import annotations

from PySide6.QtCore import Qt

from sovsplit.ui.tools.annotation_tools import AnnotationsController


def install_annotations(window) -> AnnotationsController:
    """Add the overlay, its dock and the Add Note action to a MainWindow."""
    controller = AnnotationsController(window.canvas, window.document, window)
    dock = window.add_dock(controller.panel, "Feasibility debate", Qt.RightDockWidgetArea)
    dock.setMinimumWidth(260)
    window.add_action("Tools", "notes", controller.add_action)
    window.add_toolbar_action(controller.add_action)
    window.document.scenario_replaced.connect(lambda _scenario: controller.hide_card())
    return controller
