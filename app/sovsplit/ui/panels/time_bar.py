"""The time bar under the map: a slider over a timeline's states, play/pause, and new or removed states (undoable)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSlider,
    QWidget,
)

from sovsplit.model.editing.edits import EditRefused
from sovsplit.model.io.dated_features import parse_date
from sovsplit.model.io.problems import InputError
from sovsplit.model.timeline import edits as tedits
from sovsplit.model.timeline.cursor import TimelineCursor
from sovsplit.model.timeline.io import load_timeline
from sovsplit.model.timeline.timeline import Timeline

PLAY_MS = 1500  # how long each state shows while playing


class TimelineCommand(QUndoCommand):
    """One timeline edit (add, remove, move a state) on the window's undo stack."""

    def __init__(self, bar: TimeBar, edit: tedits.TimelineEdit):
        super().__init__(edit.label)
        self.bar, self.timeline, self.edit = bar, bar.timeline, edit

    def redo(self) -> None:
        self.edit.apply(self.timeline)
        if isinstance(self.edit, tedits.AddState) and self.bar.timeline is self.timeline:
            self.bar.cursor.select(self.edit.index)  # edits continue in the new state

    def undo(self) -> None:
        self.edit.revert(self.timeline)


class TimeBar(QWidget):
    """Shows the state of the timeline the slider points at; the document edits that state."""

    def __init__(self, document, save_to, parent=None):
        """`save_to(path)` writes the document's scenario (the window's Save, which knows about timelines)."""
        super().__init__(parent)
        self.document, self._save_to = document, save_to
        self.timeline: Timeline | None = None
        self.cursor: TimelineCursor | None = None
        self._switching = False
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setTickPosition(QSlider.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setPageStep(1)
        self.slider.valueChanged.connect(self._slid)
        self.label = QLabel("")
        self.label.setMinimumWidth(260)
        self.play_button = QPushButton("Play")
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._play)
        self.new_button = QPushButton("New state at…")
        self.new_button.clicked.connect(self._ask_new_state)
        self.remove_button = QPushButton("Remove state")
        self.remove_button.clicked.connect(self.remove_state)
        self.save_button = QPushButton("Save timeline as…")
        self.save_button.clicked.connect(self._ask_save)
        layout = QHBoxLayout(self)
        for widget in (self.play_button, self.slider, self.label, self.new_button, self.remove_button):
            layout.addWidget(widget)
        layout.addWidget(self.save_button)
        self.timer = QTimer(self)
        self.timer.setInterval(PLAY_MS)
        self.timer.timeout.connect(lambda: self.cursor.step() if self.cursor else None)
        self.document.scenario_replaced.connect(self._scenario_replaced)

    # --- which timeline ----------------------------------------------------------------------------------------
    def _scenario_replaced(self, scenario) -> None:
        if self._switching:
            return
        path = getattr(scenario, "timeline_path", None)
        if path is not None:
            try:
                timeline = load_timeline(path, scenario.regions)
            except InputError as exc:
                self.document.message.emit(str(exc))
                return
            # The document already shows the latest state: it becomes that state, so edits made so far count.
            timeline.states[-1].scenario = scenario
            self.set_timeline(timeline)
        elif self.timeline is None or all(s.scenario is not scenario for s in self.timeline.states):
            self.set_timeline(None)

    def set_timeline(self, timeline: Timeline | None) -> None:
        if self.cursor is not None:
            self.cursor.current_changed.disconnect(self._show_state)
            self.timeline.states_changed.disconnect(self._rebuild)
        self.timer.stop()
        self.play_button.setChecked(False)
        self.timeline = timeline
        self.cursor = TimelineCursor(timeline) if timeline is not None else None
        if timeline is not None:
            self.cursor.current_changed.connect(self._show_state)
            timeline.states_changed.connect(self._rebuild)
        self._rebuild()
        dock = self.parentWidget()
        if isinstance(dock, QDockWidget):
            dock.setVisible(timeline is not None)

    def _rebuild(self) -> None:
        if self.timeline is None:
            return
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(self.timeline.states) - 1)
        self.slider.setValue(self.cursor.index)
        self.slider.blockSignals(False)
        self.remove_button.setEnabled(len(self.timeline.states) > 1)
        self._label()

    def _label(self) -> None:
        index = self.cursor.index
        state = self.timeline.states[index]
        self.label.setText(f"{self.timeline.label(index)}  {state.title}".strip())
        self.slider.setToolTip(" · ".join(str(d) for d in self.timeline.dates()))

    # --- moving through time -----------------------------------------------------------------------------------
    def _slid(self, index: int) -> None:
        if self.cursor is not None:
            self.cursor.select(index)

    def _show_state(self, index: int) -> None:
        """Show the state in the window: the map, statistics, verdicts and legend follow the document."""
        self._switching = True
        try:
            self.document.replace_scenario(self.timeline.states[index].scenario, keep_history=True)
        finally:
            self._switching = False
        self._rebuild()

    def _play(self, playing: bool) -> None:
        self.play_button.setText("Pause" if playing else "Play")
        if playing and self.timeline is not None:
            self.timer.start()
        else:
            self.timer.stop()

    # --- state operations (one undo step each) ------------------------------------------------------------------
    def new_state(self, day: dt.date, title: str = "") -> bool:
        """Copy the state valid on `day` to a new state from `day` and show it; False (said why) when refused."""
        return self._push(lambda: tedits.add_state(self.timeline, day, title))

    def remove_state(self) -> bool:
        return self._push(lambda: tedits.remove_state(self.timeline, self.cursor.index))

    def move_state(self, day: dt.date) -> bool:
        return self._push(lambda: tedits.move_state(self.timeline, self.cursor.index, day))

    def _push(self, build) -> bool:
        if self.timeline is None:
            return False
        try:
            edit = build()
        except EditRefused as exc:
            self.document.message.emit(str(exc))
            return False
        self.document.undo_stack.push(TimelineCommand(self, edit))
        return True

    def _ask_new_state(self) -> None:
        text, ok = QInputDialog.getText(self, "New state", "Start date (YYYY-MM-DD):")
        if not ok:
            return
        try:
            day = parse_date(text)
        except ValueError as exc:
            self.document.message.emit(str(exc))
            return
        if day is not None:
            self.new_state(day)

    def _ask_save(self) -> None:
        # File → Save writes the whole timeline too (ui/window/saving.py); this names a new file.
        path, _ = QFileDialog.getSaveFileName(self, "Save timeline", "", "Timelines (*.geojson *.gpkg)")
        if path:
            self._save_to(Path(path))


def install_time_bar(window) -> TimeBar:
    """A dock under the map, shown while the window holds a timeline."""
    bar = TimeBar(window.document, window.editing.saving.save_to, window)
    # Its own dock, never tabbed behind another bottom dock: the slider must stay in sight.
    dock = QDockWidget("Time", window)
    dock.setObjectName("dock-time")
    dock.setWidget(bar)
    window.addDockWidget(Qt.BottomDockWidgetArea, dock)
    dock.setVisible(False)
    return bar
