"""What the export dialog runs for a timeline: a frozen copy of its states and the CLI's own time exports."""

from __future__ import annotations

import enum
import io
from dataclasses import dataclass
from pathlib import Path

from sovsplit.model.io.resources import geodata_path
from sovsplit.model.session import snapshot_scenario
from sovsplit.model.timeline.timeline import State, Timeline
from sovsplit.render.settings import ExportSettings
from sovsplit.ui.dialogs.export_jobs import render_preview
from sovsplit.ui.document.tasks import TaskState


class TimeMode(enum.Enum):
    """Which maps of a timeline an export writes."""

    STATE = "state"  # the state shown in the window, its date in the title
    SERIES = "series"  # one PDF page per state
    ANIMATION = "animation"  # one frame per state (GIF, MP4, WebM)


@dataclass(frozen=True)
class TimelineView:
    """A timeline and the index of the state the window shows (what the time bar points at)."""

    timeline: Timeline
    index: int

    @property
    def has_time(self) -> bool:
        """Only a timeline with several dated states has anything to export through time."""
        return self.timeline.dated and len(self.timeline.states) > 1


@dataclass(frozen=True)
class TimeExport:
    """One export of time, frozen on the GUI thread: everything the render thread needs and nothing live."""

    mode: TimeMode
    timeline: Timeline
    index: int
    settings: ExportSettings
    path: Path | None = None
    frame_seconds: float = 2.0
    crossfade_seconds: float = 0.0


def freeze_timeline(timeline: Timeline) -> Timeline:
    """A copy of the timeline whose states are snapshots: the user may keep editing while the render runs."""
    states = [State(s.start, snapshot_scenario(s.scenario), s.title, s.note) for s in timeline.states]
    return Timeline(timeline.name, timeline.regions, states, timeline.end, timeline.path)


def export_time_file(job: TimeExport, state: TaskState) -> Path:
    """Write the file with the CLI's functions (render/series.py, render/animation.py); atomic, cancellable."""
    from sovsplit.render.animation import export_animation
    from sovsplit.render.series import export_series, export_state

    if job.path is None:
        raise ValueError("no file to write")
    if job.mode is TimeMode.SERIES:
        return export_series(job.timeline, job.settings, job.path, state.progress, state.cancelled)
    if job.mode is TimeMode.ANIMATION:
        return export_animation(
            job.timeline,
            job.settings,
            job.path,
            job.frame_seconds,
            job.crossfade_seconds,
            state.progress,
            state.cancelled,
        )
    day = job.timeline.states[job.index].start
    return export_state(job.timeline, day, job.settings, job.path, state.progress, state.cancelled)


def render_time_preview(job: TimeExport, state: TaskState) -> bytes:
    """The shown state's page as PNG bytes, with the title and (for a series or animation) the shared frame
    that the export gives it."""
    from sovsplit.render.export import build_figure, save_figure
    from sovsplit.render.series import series_settings, state_settings

    settings = job.settings
    if job.mode is not TimeMode.STATE:
        settings = series_settings(job.timeline, settings)
    settings = state_settings(job.timeline, job.index, settings)
    page = build_figure(job.timeline.states[job.index].scenario, settings, state.progress, state.cancelled)
    buffer = io.BytesIO()
    save_figure(page, buffer, "png")
    return buffer.getvalue()


def render_page_preview(snapshot, state: TaskState) -> bytes:
    """The dialog's preview: a plain map's page, or the shown state of a timeline as its export draws it."""
    if isinstance(snapshot, TimeExport):
        return render_time_preview(snapshot, state)
    return render_preview(snapshot, state)


def default_title(scenario, view: TimelineView | None) -> str:
    """The scenario's name; for a timeline the head of its name, as `sovsplit export --date` titles a state."""
    if view is not None and view.has_time:
        return view.timeline.name.partition(": ")[0]
    return scenario.name if scenario is not None else ""


def suggested_path(mode: TimeMode | None, view: TimelineView | None, source: Path | None) -> Path:
    """Where the save dialog starts: next to the user's file (home for a shipped one), named for what is
    written, with the extension the export needs."""
    folder = Path.home()
    stem = "map"
    if source is not None:
        stem = source.stem
        shipped = geodata_path("scenarios")
        if source.parent.resolve() != shipped.resolve():
            folder = source.parent
    if mode is TimeMode.SERIES:
        return folder / f"{stem}-series.pdf"
    if mode is TimeMode.ANIMATION:
        return folder / f"{stem}.gif"
    if mode is TimeMode.STATE and view is not None:
        start = view.timeline.states[view.index].start
        return folder / f"{stem}-{start.isoformat() if start else 'state'}.png"
    return folder / f"{stem}.png"


MAP_FILTERS = "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf);;GeoTIFF, georeferenced map (*.tif)"


def file_filters(mode: TimeMode | None, video: bool) -> str:
    """The save dialog's file types for a mode (MP4 and WebM only where the encoder is installed)."""
    if mode is TimeMode.SERIES:
        return "PDF document, one page per state (*.pdf)"
    if mode is TimeMode.ANIMATION:
        return "GIF animation (*.gif)" + (";;MP4 video (*.mp4);;WebM video (*.webm)" if video else "")
    return MAP_FILTERS
