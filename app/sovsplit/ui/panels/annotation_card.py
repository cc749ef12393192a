"""The detail card of one argument (shown over the map on click) and the dialog for writing a note."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sovsplit.model.annotations.arguments import STANCES, TOPICS, Assessment
from sovsplit.model.annotations.seed_titles import seed_title
from sovsplit.model.annotations.wording import verdict_heading
from sovsplit.ui.layers.annotation_marks import STANCE_COLOURS, VERDICT_COLOURS, VERDICT_GLYPHS

CARD_WIDTH = 360


def card_html(assessment: Assessment, muted: str = "#666666") -> str:
    """Title, text, topic, stance, source, the claim tested, the verdict, the measured values and thresholds.

    `muted` is the colour of secondary text: the card passes one from its palette so both themes read.
    """
    annotation = assessment.annotation
    props = annotation.props
    verdict = assessment.verdict
    e = html.escape
    source = "your note" if annotation.user else e(seed_title(props.get("seed")))
    parts = [
        f"<p style='margin:0 0 4px 0'><b style='font-size:11pt'>{e(props['title'])}</b></p>",
        f"<p style='margin:0 0 6px 0'>{e(props['text'])}</p>",
        f"<p style='margin:0'><span style='color:{STANCE_COLOURS[props['stance']]}'>■</span> "
        f"<b>{e(props['stance'])}</b> · {e(props['topic'])} · <span style='color:{muted}'>{source}</span></p>",
        f"<p style='margin:6px 0 0 0'><i>{'Claim tested' if annotation.measurable else 'Claim'}:</i> "
        f"{e(annotation.claim)}</p>",
        f"<p style='margin:2px 0 0 0'><b style='color:{VERDICT_COLOURS[verdict.status]}'>"
        f"{VERDICT_GLYPHS[verdict.status]} {e(verdict_heading(verdict.status))}</b></p>",
    ]
    if not annotation.measurable:
        parts.append(f"<p style='margin:2px 0 0 0; color:{muted}'><i>Why not:</i> {e(annotation.reason)}</p>")
        return "".join(parts)
    rows = []
    for m in verdict.values:
        threshold = f" — needs {e(m['threshold_text'])}" if m.get("threshold_text") else ""
        row = f"{e(m['polity_name'])}: {e(m['label'])} <b>{e(m['value_text'])}</b>{threshold}"
        if row not in rows:  # two clauses on one missing value would say the same thing twice
            rows.append(row)
        if m.get("detail"):
            rows.append(f"&nbsp;&nbsp;nearest: {e(m['detail'])}")
    if rows:
        parts.append("<p style='margin:2px 0 0 0'><i>Measured:</i><br>" + "<br>".join(rows) + "</p>")
    elif verdict.measured:
        parts.append(f"<p style='margin:2px 0 0 0'><i>Measured:</i> {e(verdict.measured)}</p>")
    if props.get("explanation"):
        parts.append(f"<p style='margin:2px 0 0 0; color:{muted}'><i>Rule:</i> {e(props['explanation'])}</p>")
    return "".join(parts)


class AnnotationCard(QFrame):
    """A floating card over the canvas, sized to its text and scrollable; notes of the user get Edit and Delete.

    It follows its argument's anchor as the map moves (`follow`), and the wheel over it scrolls the card.
    """

    edit_requested = Signal(str)
    delete_requested = Signal(str)

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("annotation-card")
        self.setFrameShape(QFrame.StyledPanel)
        self.setAutoFillBackground(True)
        # Palette roles, not fixed colours: the card reads in the light and the dark theme alike.
        self.setBackgroundRole(QPalette.Base)
        self.setStyleSheet(
            "#annotation-card { background: palette(base); border: 1px solid palette(mid); border-radius: 4px; }"
        )
        self.annotation_id: str | None = None
        self._assessment: Assessment | None = None
        # Where the card points: a callable giving the anchor's canvas rectangle now (None: stay put).
        self.follow: Callable[[], QRectF | None] | None = None
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.RichText)
        self.body.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.body.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.body.setForegroundRole(QPalette.Text)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.body)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.scroll.viewport().setBackgroundRole(QPalette.Base)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Close (Esc)")
        self.close_button.clicked.connect(self.hide)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Change the note's title, text, topic or stance")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Remove the note (Edit → Undo brings it back)")
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.annotation_id))
        self.delete_button.clicked.connect(lambda: self.delete_requested.emit(self.annotation_id))
        top = QHBoxLayout()
        top.addWidget(self.scroll, 1)
        top.addWidget(self.close_button, 0, Qt.AlignTop)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 4, 6)
        layout.addLayout(top)
        layout.addLayout(buttons)
        self.setFixedWidth(CARD_WIDTH)
        self.hide()

    def _html(self, assessment: Assessment) -> str:
        return card_html(assessment, self.palette().color(QPalette.PlaceholderText).name())

    def show_for(self, assessment: Assessment, near: QRectF | None = None) -> None:
        """Fill the card and show it beside the box `near` (canvas pixels), kept inside the canvas."""
        self.annotation_id = assessment.annotation.id
        self._assessment = assessment
        self.body.setText(self._html(assessment))
        user = assessment.annotation.user
        self.edit_button.setVisible(user)
        self.delete_button.setVisible(user)
        self._fit_height()
        self.place(near)
        self.show()
        self.raise_()

    def _fit_height(self) -> None:
        """As tall as the text needs, up to the canvas height less a margin (then the card scrolls)."""
        text_width = CARD_WIDTH - 8 - 4 - self.close_button.sizeHint().width() - 8
        needed = self.body.heightForWidth(text_width)
        extra = 12 + (self.edit_button.sizeHint().height() + 6 if self.edit_button.isVisibleTo(self) else 0)
        parent = self.parentWidget()
        limit = parent.height() - 16 if parent is not None else 600
        self.setFixedHeight(int(max(80, min(needed + extra + 8, limit))))

    def place(self, near: QRectF | None) -> None:
        """Put the card beside `near` (right, else left), inside the canvas."""
        parent = self.parentWidget()
        if near is None or parent is None:
            return
        x = near.right() + 12
        if x + self.width() > parent.width() - 8:
            x = near.left() - self.width() - 12
        y = min(max(8.0, near.top() - 20), parent.height() - self.height() - 8)
        self.move(int(max(8.0, x)), int(max(8.0, y)))

    def reposition(self) -> None:
        """The map moved: follow the argument's anchor."""
        if self.isVisible() and self.follow is not None:
            self.place(self.follow())

    def refresh(self, assessment: Assessment | None) -> None:
        """New verdicts arrived: update the text, or hide if the argument is gone."""
        if not self.isVisible():
            return
        if assessment is None:
            self.hide()
            return
        self._assessment = assessment
        self.body.setText(self._html(assessment))
        self._fit_height()

    def changeEvent(self, event) -> None:
        # A theme switch changes the palette: redo the text's secondary colour.
        if event.type() == QEvent.PaletteChange and getattr(self, "_assessment", None) is not None:
            self.body.setText(self._html(self._assessment))
        super().changeEvent(event)

    def wheelEvent(self, event) -> None:
        # The wheel over the card scrolls the card (done by the scroll area); never zoom the map beneath.
        event.accept()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)


class NoteDialog(QDialog):
    """Title, text, topic and stance of a note."""

    def __init__(self, parent=None, values: dict | None = None):
        super().__init__(parent)
        values = values or {}
        self.setWindowTitle("Edit note" if values.get("title") else "Add note")
        self.title = QLineEdit(values.get("title", ""))
        self.title.setMaxLength(60)
        self.title.setPlaceholderText("Short title shown on the map")
        self.text = QPlainTextEdit(values.get("text", ""))
        self.text.setPlaceholderText("Your argument, one to three sentences")
        self.text.setMinimumHeight(90)
        self.topic = QComboBox()
        self.topic.addItems(list(TOPICS))
        self.topic.setCurrentText(values.get("topic", "politics"))
        self.stance = QComboBox()
        self.stance.addItems(list(STANCES))
        self.stance.setCurrentText(values.get("stance", "neutral"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Title", self.title)
        form.addRow("Text", self.text)
        form.addRow("Topic", self.topic)
        form.addRow("Stance", self.stance)
        form.addRow(self.buttons)
        self.title.textChanged.connect(self._validate)
        self.text.textChanged.connect(self._validate)
        self._validate()

    def _validate(self) -> None:
        ok = bool(self.title.text().strip()) and bool(self.text.toPlainText().strip())
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(ok)

    def values(self) -> dict:
        return {
            "title": self.title.text().strip(),
            "text": self.text.toPlainText().strip(),
            "topic": self.topic.currentText(),
            "stance": self.stance.currentText(),
        }

    @classmethod
    def ask(cls, parent=None, values: dict | None = None) -> dict | None:
        """Show the dialog; the entered values, or None when cancelled."""
        dialog = cls(parent, values)
        return dialog.values() if dialog.exec() == QDialog.Accepted else None
