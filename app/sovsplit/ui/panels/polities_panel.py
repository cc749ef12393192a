"""The polities dock: colour swatches, the active polity for the region brush, add, rename, recolour, delete."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QGridLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sovsplit.model.colours import next_polity_colour
from sovsplit.model.editing.edits import add_polity, delete_polity, update_polity

UNCLAIMED = "Unclaimed (no polity)"


def swatch(colour: str, size: int = 18) -> QIcon:
    """A rounded square of the polity's colour with a thin dark edge (readable on light and dark themes)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(QColor(0, 0, 0, 140))
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 4, 4)
    painter.end()
    return QIcon(pixmap)


class PolitiesPanel(QWidget):
    """Lists the scenario's polities; the selected one is what the region tool paints with."""

    active_changed = Signal(object)  # polity id or None

    def __init__(self, document, parent=None, colour_of=None):
        super().__init__(parent)
        self.document = document
        # The colour a polity is painted in on the map (the map style may replace the scenario's own).
        self.colour_of = colour_of or (lambda polity_id, colour: colour)
        self.scenario = None
        document.scenario_replaced.connect(self.set_scenario)
        document.polities_changed.connect(self._polities_changed)
        self.list = QListWidget()
        self.list.setIconSize(QSize(18, 18))
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.itemDoubleClicked.connect(lambda item: self.rename_polity())
        self.hint = QLabel("Pick a polity, then click or drag across regions with the Region tool.")
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.PlaceholderText)  # secondary text in either theme
        self.add_button = QPushButton("Add…")
        self.rename_button = QPushButton("Rename…")
        self.colour_button = QPushButton("Colour…")
        self.delete_button = QPushButton("Delete…")
        self.add_button.clicked.connect(lambda: self.add_polity())
        self.rename_button.clicked.connect(lambda: self.rename_polity())
        self.colour_button.clicked.connect(lambda: self.recolour_polity())
        self.delete_button.clicked.connect(lambda: self.delete_polity())
        # Two rows of two, so the dock can stay narrow and leave the width to the map.
        buttons = QGridLayout()
        for index, button in enumerate((self.add_button, self.rename_button, self.colour_button, self.delete_button)):
            buttons.addWidget(button, index // 2, index % 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        # The list is as tall as its rows (it scrolls only when the dock is shorter): two polities do not leave
        # a tall empty box with the buttons far below it.
        layout.addStretch(1)
        self._active: str | None = None

    # --- scenario ------------------------------------------------------------------------------------------
    def set_scenario(self, scenario) -> None:
        self.scenario = scenario
        self._active = next(iter(scenario.polities), None)
        self.refresh()

    def _polities_changed(self, polity_id) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the list, keeping the active polity selected if it still exists."""
        if self.scenario is None:
            return
        active = self._active if self._active in self.scenario.polities else next(iter(self.scenario.polities), None)
        self.list.blockSignals(True)
        self.list.clear()
        for polity in self.scenario.polities.values():
            item = QListWidgetItem(swatch(self.colour_of(polity.id, polity.colour)), polity.name)
            item.setData(Qt.UserRole, polity.id)
            capital = f", capital {polity.capital}" if polity.capital else ""
            item.setToolTip(f"{polity.name} (id {polity.id}){capital}")
            self.list.addItem(item)
            if polity.id == active:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        row = self.list.sizeHintForRow(0) if self.list.count() else 22
        self.list.setMaximumHeight(max(self.list.count(), 3) * row + 2 * self.list.frameWidth() + 6)
        if active != self._active:
            self._active = active
            self.active_changed.emit(active)
        has = active is not None
        for button in (self.rename_button, self.colour_button, self.delete_button):
            button.setEnabled(has)

    def active_polity(self) -> str | None:
        return self._active

    def set_active(self, polity_id: str | None) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.UserRole) == polity_id:
                self.list.setCurrentRow(row)
                return

    def _current_changed(self, current, previous) -> None:
        self._active = current.data(Qt.UserRole) if current is not None else None
        self.active_changed.emit(self._active)

    # --- actions (each one undo step; dialogs only when no value is given, so tests and scripts can call) --

    def add_polity(self, name: str | None = None, colour: str | None = None) -> str | None:
        """Add a polity (asking for its name when none is given) and make it active; returns its id."""
        if self.scenario is None:
            return None
        if name is None:
            name, ok = QInputDialog.getText(self, "Add polity", "Name of the new polity:", text="Far Eastern Republic")
            if not ok:
                return None
        # The colours on screen (a map style may replace the scenario's own): the new one keeps far from them all.
        used = [self.colour_of(p.id, p.colour) for p in self.scenario.polities.values()]
        colour = colour or next_polity_colour(used)
        edit = self.document.perform(add_polity, name, colour)
        if edit is None:
            return None
        self.set_active(edit.new.id)
        return edit.new.id

    def rename_polity(self, name: str | None = None, polity_id: str | None = None) -> None:
        polity_id = polity_id or self._active
        if self.scenario is None or polity_id not in self.scenario.polities:
            return
        old = self.scenario.polities[polity_id].name
        if name is None:
            name, ok = QInputDialog.getText(self, "Rename polity", f"New name for {old}:", text=old)
            if not ok or name.strip() == old:
                return
        self.document.perform(update_polity, polity_id, name=name)

    def recolour_polity(self, colour: str | None = None, polity_id: str | None = None) -> None:
        polity_id = polity_id or self._active
        if self.scenario is None or polity_id not in self.scenario.polities:
            return
        polity = self.scenario.polities[polity_id]
        if colour is None:
            chosen = QColorDialog.getColor(QColor(polity.colour), self, f"Colour of {polity.name}")
            if not chosen.isValid():
                return
            colour = chosen.name()
        if colour.lower() != polity.colour.lower():
            self.document.perform(update_polity, polity_id, colour=colour)

    def delete_polity(self, heir: str | None | bool = False, polity_id: str | None = None) -> None:
        """Delete a polity; its land goes to `heir` (a polity id, or None for unclaimed). With no heir given,
        ask which polity gets the land."""
        polity_id = polity_id or self._active
        if self.scenario is None or polity_id not in self.scenario.polities:
            return
        polity = self.scenario.polities[polity_id]
        if heir is False:
            others = [p for p in self.scenario.polities.values() if p.id != polity_id]
            names = [p.name for p in others] + [UNCLAIMED]
            choice, ok = QInputDialog.getItem(
                self, f"Delete {polity.name}", f"Who gets the land of {polity.name}?", names, 0, False
            )
            if not ok:
                return
            heir = next((p.id for p in others if p.name == choice), None)
        self.document.perform(delete_polity, polity_id, heir)
