"""The export dialog's "Time" options: this state, a PDF page per state, or an animation of the states."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QWidget,
)

from sovsplit.ui.dialogs.export_time_jobs import TimelineView, TimeMode

ONE_STATE_TIP = (
    "This scenario has one state. A timeline with dated states (for example File → Open Shipped Scenario → "
    "East USSR timeline) can be exported as a PDF page per state or as an animation."
)
# Above this a frame is larger than a screen shows at once (a 1080p screen is 2 megapixels): say so.
LARGE_FRAME_PIXELS = 4_000_000


class TimeOptions(QGroupBox):
    """Which states to export and how an animation runs; disabled (with a tooltip) for a one-state scenario."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__("Time", parent)
        from sovsplit.render.animation import video_available  # matplotlib loads with the dialog, not the window

        self.video = video_available()
        self.view: TimelineView | None = None
        self.state_button = QRadioButton("This state")
        self.series_button = QRadioButton("One page per state (PDF series)")
        self.animation_button = QRadioButton(
            "Animation (GIF, MP4 or WebM)" if self.video else "Animation (GIF; MP4/WebM need the video extra)"
        )
        self.animation_button.setToolTip(
            "One frame per state; MP4 and WebM use the FFmpeg of imageio-ffmpeg"
            if self.video
            else "One frame per state as a GIF; pip install 'sovsplit[video]' adds MP4 and WebM"
        )
        self.buttons = QButtonGroup(self)
        for button in (self.state_button, self.series_button, self.animation_button):
            self.buttons.addButton(button)
        self.state_button.setChecked(True)

        self.frame_seconds = QDoubleSpinBox()
        self.frame_seconds.setRange(0.1, 600.0)
        self.frame_seconds.setDecimals(1)
        self.frame_seconds.setSingleStep(0.5)
        self.frame_seconds.setValue(2.0)  # the CLI's --frame-seconds default
        self.frame_seconds.setSuffix(" s per state")
        self.crossfade = QCheckBox("Cross-fade")
        self.crossfade.setToolTip("Blend each state into the next (10 blended frames a second)")
        self.fade_seconds = QDoubleSpinBox()
        self.fade_seconds.setRange(0.1, 60.0)
        self.fade_seconds.setDecimals(1)
        self.fade_seconds.setSingleStep(0.1)
        self.fade_seconds.setValue(0.6)  # the CLI's --crossfade default
        self.fade_seconds.setSuffix(" s")
        self.frame_size = QLabel("")
        self.frame_size.setWordWrap(True)

        animation = QHBoxLayout()
        animation.setContentsMargins(24, 0, 0, 0)  # indented under its radio button
        for widget in (self.frame_seconds, self.crossfade, self.fade_seconds):
            animation.addWidget(widget)
        animation.addStretch(1)
        self.animation_row = QWidget()
        self.animation_row.setLayout(animation)

        grid = QGridLayout(self)
        grid.addWidget(self.state_button, 0, 0)
        grid.addWidget(self.series_button, 1, 0)
        grid.addWidget(self.animation_button, 2, 0)
        grid.addWidget(self.animation_row, 3, 0)
        grid.addWidget(self.frame_size, 4, 0)

        self.buttons.buttonToggled.connect(lambda *args: self._update())
        self.crossfade.toggled.connect(lambda *args: self._update())
        for box in (self.frame_seconds, self.fade_seconds):
            box.valueChanged.connect(lambda *args: self.changed.emit())
        self.set_view(None)

    def set_view(self, view: TimelineView | None) -> None:
        """Show the options for this timeline (None or a one-state scenario: disabled, saying why)."""
        self.view = view
        timed = view is not None and view.has_time
        self.setEnabled(timed)
        self.setToolTip("" if timed else ONE_STATE_TIP)
        if timed:
            count = len(view.timeline.states)
            self.state_button.setText(f"This state: {state_caption(view)}")
            self.series_button.setText(f"One page per state (PDF series, {count} pages)")
        else:
            self.state_button.setText("This state")
            self.series_button.setText("One page per state (PDF series)")
        self._update(emit=False)

    def mode(self) -> TimeMode | None:
        """What to export; None when there is no timeline to export through time (a plain map)."""
        if self.view is None or not self.view.has_time:
            return None
        if self.series_button.isChecked():
            return TimeMode.SERIES
        if self.animation_button.isChecked():
            return TimeMode.ANIMATION
        return TimeMode.STATE

    def crossfade_seconds(self) -> float:
        return self.fade_seconds.value() if self.crossfade.isChecked() else 0.0

    def show_frame_size(self, pixels: tuple[int, int] | None) -> None:
        """Say how large each frame of an animation is (animations are written at the page's pixel size)."""
        if pixels is None or self.mode() is not TimeMode.ANIMATION:
            self.frame_size.setText("")
        else:
            text = f"Each frame {pixels[0]} × {pixels[1]} px (set by paper and resolution)"
            if pixels[0] * pixels[1] > LARGE_FRAME_PIXELS:
                text += "; a lower resolution gives a smaller, quicker animation"
            self.frame_size.setText(text)

    def _update(self, emit: bool = True) -> None:
        animating = self.mode() is TimeMode.ANIMATION
        self.animation_row.setEnabled(animating)
        self.fade_seconds.setEnabled(animating and self.crossfade.isChecked())
        self.frame_size.setVisible(animating)
        if emit:
            self.changed.emit()


def state_caption(view: TimelineView) -> str:
    """ "Along the Pacific coast (1932-01-01 – 1941-01-01)", or "The Cold War (from 1950-01-01)" at an open end."""
    state = view.timeline.states[view.index]
    end = view.timeline.end_of(view.index)
    start = state.start.isoformat() if state.start else ""
    span = f"{start} – {end.isoformat()}" if end else f"from {start}"
    return f"{state.title} ({span})".strip()
