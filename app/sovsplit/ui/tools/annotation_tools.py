"""Wires the feasibility overlay into the window: click for details, add/edit/move/delete notes as undoable commands."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QLineF, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QCursor, QKeySequence
from PySide6.QtWidgets import QMenu

from sovsplit.model.annotations.arguments import (
    AnnotationEdit,
    add_note_edit,
    delete_note_edit,
    edit_note_edit,
    move_note_edit,
    new_note,
)
from sovsplit.ui.document.model_signals import connect_while_alive
from sovsplit.ui.layers.annotation_layer import AnnotationLayer
from sovsplit.ui.panels.annotation_card import AnnotationCard, NoteDialog
from sovsplit.ui.panels.annotations_panel import AnnotationsPanel
from sovsplit.ui.tools.map_tool import MapEvent, MapTool

# A press that moves less than this (pixels) is a click, not a drag.
_DRAG_PX = 4.0


class AddNoteTool(MapTool):
    """Canvas tool: the next left click pins a new note there."""

    id = "note"
    text = "Add &Note"
    shortcut = "Ctrl+Shift+N"
    tip = "Click on the map to pin a note with your own argument"

    def __init__(self, canvas, document, add_note_at):
        super().__init__(canvas, document)
        self._add_note_at = add_note_at

    def cursor(self):
        return QCursor(Qt.CrossCursor)

    def mouse_press(self, event: MapEvent) -> bool:
        if not event.left():
            return False
        if not event.on_map:
            return True
        self.canvas.set_tool(None)
        self._add_note_at(event.lon, event.lat)
        return True


class AnnotationsController(QObject):
    """Owns the overlay layer, its dock panel and card, and turns mouse gestures into note commands."""

    def __init__(self, canvas, document, parent=None):
        super().__init__(parent)
        self.canvas = canvas
        self.document = document
        self.layer = AnnotationLayer(document)
        # The card is built when first shown: its widgets cost a start-up frame and most sessions never open one.
        self._card: AnnotationCard | None = None
        self.panel = AnnotationsPanel(self.layer)
        self.tool = AddNoteTool(canvas, document, self.add_note_at)
        self.add_action = QAction(self.tool.text, self)
        self.add_action.setCheckable(True)
        self.add_action.setShortcut(QKeySequence(self.tool.shortcut))
        self.add_action.setStatusTip(self.tool.tip)
        self.add_action.toggled.connect(self._add_toggled)
        canvas.tool_changed.connect(self._tool_changed)
        self.panel.add_note_requested.connect(lambda: self.add_action.setChecked(True))
        self.panel.activated.connect(self.show_card)
        connect_while_alive(self.layer.changed_signal, self, self._layer_changed)
        self._press: tuple[str, QPointF] | None = None
        self._dragging = False
        canvas.installEventFilter(self)
        canvas.add_layer(self.layer)

    @property
    def card(self) -> AnnotationCard:
        """The detail card over the map (built on first use)."""
        if self._card is None:
            self._card = AnnotationCard(self.canvas)
            self._card.edit_requested.connect(self.edit_note)
            self._card.delete_requested.connect(self.delete_note)
            self.canvas.view_changed.connect(self._card.reposition)
        return self._card

    def hide_card(self) -> None:
        """Close the detail card if it is open."""
        if self._card is not None:
            self._card.hide()

    @property
    def scenario(self):
        return self.document.scenario

    # --- commands --------------------------------------------------------------------------------------
    def push(self, builder, *args) -> AnnotationEdit | None:
        """One undo step built by `builder(scenario, *args)`; a refused note edit is said in the status bar."""
        return self.document.perform(builder, *args, status_ms=0)

    def add_note_at(self, lon: float, lat: float) -> str | None:
        """Ask for the note's words and pin it at lon/lat (one undo step). The new note's id, or None."""
        values = NoteDialog.ask(self.canvas.window())
        if not values:
            return None
        note = new_note(self.scenario, lon, lat, **values)
        if self.push(add_note_edit, note) is None:
            return None
        self.layer.select(note["id"])
        self.document.message.emit(f"Added note “{note['title']}”")
        return note["id"]

    def edit_note(self, note_id: str) -> None:
        note = next((n for n in self.scenario.annotations if n.get("id") == note_id), None)
        if note is None:
            return
        values = NoteDialog.ask(self.canvas.window(), note)
        if values and any(note.get(k) != v for k, v in values.items()):
            self.document.perform(edit_note_edit, note_id, **values)

    def delete_note(self, note_id: str) -> None:
        self.hide_card()
        self.push(delete_note_edit, note_id)

    # --- card --------------------------------------------------------------------------------------------
    def show_card(self, annotation_id: str) -> None:
        assessment = self.layer.assessment(annotation_id)
        if assessment is None:
            return
        self.layer.select(annotation_id)
        self.card.follow = lambda: self._anchor_rect(annotation_id)
        self.card.show_for(assessment, self.layer.row_rect(annotation_id) or self._anchor_rect(annotation_id))

    def _anchor_rect(self, annotation_id: str) -> QRectF | None:
        """Where an argument is pinned, in canvas pixels now (the card follows it as the map moves)."""
        assessment = self.layer.assessment(annotation_id)
        if assessment is None:
            return None
        lon, lat = assessment.annotation.anchor()
        xs, ys = self.canvas.project(np.array([lon]), np.array([lat]))
        point = self.canvas.map_to_screen(float(xs[0]), float(ys[0]))
        return QRectF(point.x() - 10, point.y() - 10, 20, 20)

    def _layer_changed(self) -> None:
        if self._card is not None and self._card.annotation_id is not None:
            self._card.refresh(self.layer.assessment(self._card.annotation_id))

    def _tool_changed(self, new, old) -> None:
        if old is self.tool and new is not self.tool:
            self.add_action.setChecked(False)

    def _add_toggled(self, on: bool) -> None:
        if on:
            self.canvas.set_tool(self.tool)
        elif self.canvas.tool is self.tool:
            self.canvas.set_tool(None)

    # --- mouse on the canvas ---------------------------------------------------------------------------
    def _is_note(self, annotation_id: str) -> bool:
        assessment = self.layer.assessment(annotation_id)
        return assessment is not None and assessment.annotation.user

    def eventFilter(self, watched, event) -> bool:
        # Only in plain navigation: other tools (border editing, adding a note) get the mouse untouched.
        if watched is not self.canvas or self.canvas.tool is not None or not self.layer.visible:
            return False
        kind = event.type()
        if kind == QEvent.MouseButtonPress and event.button() == Qt.LeftButton:
            hit = self.layer.hit(event.position())
            if hit is None:
                return False
            self._press = (hit, event.position())
            self._dragging = False
            return True
        if kind == QEvent.MouseMove and self._press is None and not event.buttons():
            # Hovering a marker opens its arguments into a callout; the map keeps the move.
            self.layer.set_hovered(self.layer.hit(event.position()))
            return False
        if kind == QEvent.Leave:
            self.layer.set_hovered(None)
            return False
        if kind == QEvent.MouseMove and self._press is not None:
            note_id, start = self._press
            if not self._dragging and QLineF(start, event.position()).length() >= _DRAG_PX and self._is_note(note_id):
                self._dragging = True
                self.hide_card()
            if self._dragging:
                lon, lat = self.canvas.screen_to_lonlat(event.position())
                if not math.isnan(lon):
                    self.layer.set_drag_preview((note_id, lon, lat))
            return True
        if kind == QEvent.MouseButtonRelease and self._press is not None and event.button() == Qt.LeftButton:
            note_id, _ = self._press
            self._press = None
            if self._dragging:
                self._dragging = False
                preview = self.layer.drag_preview
                self.layer.set_drag_preview(None)
                if preview is not None:
                    self.push(move_note_edit, note_id, preview[1], preview[2])
            else:
                self.show_card(note_id)
            return True
        if kind == QEvent.ContextMenu:
            hit = self.layer.hit(QPointF(event.pos()))
            if hit is not None and self._is_note(hit):
                self._note_menu(hit, event.globalPos())
                return True
        if (
            kind == QEvent.KeyPress
            and event.key() == Qt.Key_Escape
            and self._card is not None
            and self._card.isVisible()
        ):
            self._card.hide()
            self.layer.select(None)
            return True
        return False

    def _note_menu(self, note_id: str, global_pos) -> None:
        menu = QMenu(self.canvas)
        menu.addAction("Details", lambda: self.show_card(note_id))
        menu.addAction("Edit…", lambda: self.edit_note(note_id))
        menu.addAction("Delete", lambda: self.delete_note(note_id))
        menu.exec(global_pos)
