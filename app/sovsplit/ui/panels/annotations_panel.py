"""The feasibility-debate dock: topic and stance filters, the list of arguments with verdicts, and a tally."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sovsplit.model.annotations.arguments import STANCES, TOPICS
from sovsplit.model.annotations.rules import CONTRADICTED, NOT_MEASURABLE, SUPPORTED
from sovsplit.model.annotations.wording import VERDICT_SHORT, verdict_words
from sovsplit.ui.document.model_signals import connect_while_alive
from sovsplit.ui.layers.annotation_layer import AnnotationLayer
from sovsplit.ui.layers.annotation_marks import STANCE_COLOURS, VERDICT_COLOURS, VERDICT_GLYPHS

STANCE_TITLES = {"for": "For the East", "against": "Against", "neutral": "Premise / question"}


def verdict_icon(verdict: str, stance: str, size: int = 16) -> QIcon:
    """The overlay's row badge as an icon: stance stripe and verdict disc."""
    pixmap = QPixmap(size + 5, size)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(Qt.NoPen)
    painter.setBrush(QColor(STANCE_COLOURS[stance]))
    painter.drawRect(0, 2, 3, size - 4)
    painter.setBrush(QColor(VERDICT_COLOURS[verdict]))
    painter.drawEllipse(5, 1, size - 2, size - 2)
    painter.setPen(QColor("#ffffff"))
    font = painter.font()
    font.setBold(True)
    font.setPixelSize(int(size * 0.7))
    painter.setFont(font)
    painter.drawText(5, 1, size - 2, size - 2, Qt.AlignCenter, VERDICT_GLYPHS[verdict])
    painter.end()
    return QIcon(pixmap)


class AnnotationsPanel(QWidget):
    """Filters and list for the overlay; choosing an argument selects it on the map."""

    activated = Signal(str)  # an annotation id the user picked in the list
    add_note_requested = Signal()

    def __init__(self, layer: AnnotationLayer, parent=None):
        super().__init__(parent)
        self.layer = layer
        self.topic_boxes: dict[str, QCheckBox] = {}
        self.stance_boxes: dict[str, QCheckBox] = {}
        filters = QGroupBox("Show")
        grid = QGridLayout(filters)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setVerticalSpacing(2)
        for index, topic in enumerate(TOPICS):
            box = QCheckBox(topic.capitalize())
            box.setChecked(topic in layer.topics)
            box.toggled.connect(self._filters_changed)
            self.topic_boxes[topic] = box
            grid.addWidget(box, index // 2, index % 2)
        row = (len(TOPICS) + 1) // 2
        for index, stance in enumerate(STANCES):
            box = QCheckBox(STANCE_TITLES[stance])
            box.setChecked(stance in layer.stances)
            box.setIcon(verdict_icon(NOT_MEASURABLE, stance))
            box.toggled.connect(self._filters_changed)
            self.stance_boxes[stance] = box
            grid.addWidget(box, row + index // 2, index % 2)
        self.untestable_box = QCheckBox("Arguments the numbers cannot test")
        self.untestable_box.setToolTip("Also show the arguments no measured number can settle (grey “?”)")
        self.untestable_box.setChecked(layer.show_untestable)
        self.untestable_box.toggled.connect(layer.set_show_untestable)
        grid.addWidget(self.untestable_box, row + (len(STANCES) + 1) // 2, 0, 1, 2)
        self.tally = QLabel("")
        self.tally.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.itemActivated.connect(lambda item: self.activated.emit(item.data(Qt.UserRole)))
        self.list.itemClicked.connect(lambda item: self.activated.emit(item.data(Qt.UserRole)))
        self.add_button = QPushButton("Add note…")
        self.add_button.setToolTip("Click on the map to pin a note of your own")
        self.add_button.clicked.connect(self.add_note_requested.emit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(filters)
        layout.addWidget(self.tally)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._updating = False
        self._signature = None
        connect_while_alive(layer.changed_signal, self, self.refresh)
        self.refresh()

    def _filters_changed(self) -> None:
        self.layer.set_filters(
            {t for t, b in self.topic_boxes.items() if b.isChecked()},
            {s for s, b in self.stance_boxes.items() if b.isChecked()},
        )

    def refresh(self) -> None:
        """Rebuild the list from the layer's shown arguments and their current verdicts."""
        shown = self.layer.shown()
        signature = [
            (a.annotation.id, a.annotation.props["title"], a.verdict.status, a.verdict.measured) for a in shown
        ] + [self.layer.runner.error]
        self._updating = True
        try:
            if signature == self._signature:
                # Only the selection moved: keep the items (one of them may be mid-click).
                for row in range(self.list.count()):
                    if self.list.item(row).data(Qt.UserRole) == self.layer.selected:
                        self.list.setCurrentRow(row)
                return
            self._signature = signature
            self.list.clear()
            for assessment in shown:
                props = assessment.annotation.props
                label = ("✎ " if assessment.annotation.user else "") + props["title"]
                item = QListWidgetItem(verdict_icon(assessment.verdict.status, props["stance"]), label)
                item.setData(Qt.UserRole, assessment.annotation.id)
                item.setToolTip(
                    f"{props['topic']} · {props['stance']} · {verdict_words(assessment.verdict.status)}\n"
                    f"Claim: {assessment.annotation.claim}\n{assessment.verdict.measured}"
                )
                self.list.addItem(item)
                if assessment.annotation.id == self.layer.selected:
                    self.list.setCurrentItem(item)
            counts = {
                v: sum(1 for a in shown if a.verdict.status == v) for v in (SUPPORTED, CONTRADICTED, NOT_MEASURABLE)
            }
            if self.layer.runner.error:
                self.tally.setText(f"<b>Verdicts failed:</b> {self.layer.runner.error}")
            elif not self.layer.assessments:
                self.tally.setText("Checking the arguments against the numbers…")
            else:
                self.tally.setText(
                    f"{len(shown)} shown: <b style='color:{VERDICT_COLOURS[SUPPORTED]}'>"
                    f"{counts[SUPPORTED]} {VERDICT_SHORT[SUPPORTED]}</b>, <b style='color:"
                    f"{VERDICT_COLOURS[CONTRADICTED]}'>{counts[CONTRADICTED]} {VERDICT_SHORT[CONTRADICTED]}</b>, "
                    f"{counts[NOT_MEASURABLE]} {VERDICT_SHORT[NOT_MEASURABLE]}"
                )
        finally:
            self._updating = False

    def _current_changed(self, item, _previous) -> None:
        if self._updating or item is None:
            return
        self.layer.select(item.data(Qt.UserRole))
