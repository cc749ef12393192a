"""The colours page of the georeferencer: swatches with their land share, each mapped to a polity."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sovsplit.model.trace.assign import UNMAPPED, Target, TraceResult

NOT_MAPPED, NEW = "", "\x00new"  # combo data: leave the colour out, or a new polity named in the next column


class ColoursPage(QWidget):
    """One row per land colour of the image: its swatch, share of the land, and the polity it stands for."""

    assign_requested = Signal()
    accept_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.palette = None
        self.polities: list[tuple[str, str]] = []  # (id, name) of the scenario's polities
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Colour", "Land share", "Polity", "New polity's name"])
        self.table.verticalHeader().setVisible(False)
        self.status = QLabel("Reading the image's colours…")
        self.uncertain = QListWidget()
        self.include_uncertain = QCheckBox("Give uncertain regions to their leading colour", checked=True)
        self.drop_emptied = QCheckBox("Remove polities the image leaves without land", checked=True)
        self.assign_button = QPushButton("Assign regions")
        self.assign_button.clicked.connect(self.assign_requested.emit)
        self.accept_button = QPushButton("Accept (one undo step)")
        self.accept_button.setEnabled(False)
        self.accept_button.clicked.connect(self.accept_requested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.assign_button)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Map each colour of the image to a polity (an existing one, or a new one):"))
        layout.addWidget(self.table, 2)
        layout.addWidget(self.status)
        layout.addWidget(QLabel("Uncertain regions (no colour covers 70 % of them; outlined on the map):"))
        layout.addWidget(self.uncertain, 1)
        layout.addWidget(self.include_uncertain)
        layout.addWidget(self.drop_emptied)
        layout.addLayout(buttons)

    def set_palette(self, palette, polities: list[tuple[str, str]]) -> None:
        self.palette, self.polities = palette, polities
        rows = palette.colours
        self.table.setRowCount(len(rows))
        for row, swatch in enumerate(rows):
            item = QTableWidgetItem(swatch.colour)
            item.setBackground(QColor(swatch.colour))
            item.setForeground(QColor("black" if QColor(swatch.colour).lightness() > 120 else "white"))
            item.setData(Qt.UserRole, swatch.index)
            item.setFlags(item.flags() & ~Qt.ItemIsEditable)
            self.table.setItem(row, 0, item)
            share = QTableWidgetItem(f"{swatch.land_share:.1%}")
            share.setFlags(share.flags() & ~Qt.ItemIsEditable)
            share.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            self.table.setItem(row, 1, share)
            combo = QComboBox()
            combo.addItem("(not mapped)", NOT_MAPPED)
            combo.addItem("New polity", NEW)
            for pid, name in polities:
                combo.addItem(name, pid)
            self.table.setCellWidget(row, 2, combo)
            self.table.setCellWidget(row, 3, QLineEdit(placeholderText=f"Polity {row + 1}"))
        self.table.resizeColumnsToContents()
        self.status.setText(f"{len(rows)} land colours found; map them and press Assign regions")

    def _row_of(self, swatch_index: int) -> int:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.UserRole) == swatch_index:
                return row
        raise KeyError(f"no land colour {swatch_index}")

    def map_swatch(self, swatch_index: int, polity_id: str | None = None, name: str = "") -> None:
        """Map a swatch to an existing polity (`polity_id`) or to a new one called `name`."""
        row = self._row_of(swatch_index)
        combo = self.table.cellWidget(row, 2)
        combo.setCurrentIndex(combo.findData(polity_id if polity_id else NEW))
        self.table.cellWidget(row, 3).setText(name)

    def mapping(self) -> tuple[dict[int, int], tuple[Target, ...]]:
        """Swatch index → target index, and the targets (a polity named twice is one target)."""
        mapping, targets, seen = {}, [], {}
        names = dict(self.polities)
        for row in range(self.table.rowCount()):
            swatch = self.palette.swatches[self.table.item(row, 0).data(Qt.UserRole)]
            choice = self.table.cellWidget(row, 2).currentData()
            if choice == NOT_MAPPED:
                continue
            if choice == NEW:
                name = self.table.cellWidget(row, 3).text().strip() or f"Polity {row + 1}"
                key, target = ("new", name), Target(name, swatch.colour)
            else:
                key, target = ("old", choice), Target(names[choice], swatch.colour, choice)
            if key not in seen:
                seen[key] = len(targets)
                targets.append(target)
            mapping[swatch.index] = seen[key]
        return mapping, tuple(targets)

    def show_result(self, result: TraceResult) -> None:
        names = {i: t.name for i, t in enumerate(result.targets)} | {UNMAPPED: "other colours"}
        counts = {i: len(ids) for i, ids in result.by_target().items()}
        summary = ", ".join(f"{names[i]} {n}" for i, n in counts.items())
        self.status.setText(f"Regions: {summary}; uncertain {len(result.uncertain)}")
        self.uncertain.clear()
        for r in result.uncertain:
            shares = ", ".join(f"{names[k]} {v:.0%}" for k, v in r.shares.items()) or "no colour seen"
            self.uncertain.addItem(f"{r.name}: {shares}")
        self.accept_button.setEnabled(True)
