"""Maps of a timeline: one state by date, or every state as a page of one PDF (same frame, date in the title)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from matplotlib import rc_context
from matplotlib.backends.backend_pdf import PdfPages

from sovsplit.model import formatting
from sovsplit.model.io.atomic import replace_atomic
from sovsplit.model.report import scenario_report
from sovsplit.model.timeline.timeline import Timeline
from sovsplit.render.export import ExportCancelled, MapFigure, build_figure, export_map
from sovsplit.render.layout.legend import polity_detail
from sovsplit.render.settings import ExportSettings


def state_settings(timeline: Timeline, index: int, settings: ExportSettings) -> ExportSettings:
    """The settings for one state's map: the date in the title ("East USSR — 1941-01-01"), the state's title
    and span under it. The frame is the settings' own, so every state of a series shares it."""
    state = timeline.states[index]
    if state.start is None:
        return settings
    head = settings.title if settings.title is not None else timeline.name.partition(": ")[0]
    title = f"{head} — {state.start.isoformat()}" if head else state.start.isoformat()
    end = timeline.end_of(index)
    span = f"{state.start.isoformat()} to {end.isoformat()}" if end else f"from {state.start.isoformat()}"
    subtitle = settings.subtitle if settings.subtitle is not None else f"{state.title} ({span})".lstrip()
    return settings.with_changes(title=title, subtitle=subtitle)


def export_state(timeline: Timeline, day: dt.date | None, settings: ExportSettings, path, progress=None, cancel=None):
    """Write the map of the state valid on `day` (the latest state when None); ValueError for a day outside."""
    if day is not None and not timeline.dated:
        raise ValueError(f"{timeline.name}: has no dated states, so --date {day.isoformat()} picks nothing")
    index = timeline.index_at(day) if day is not None else len(timeline.states) - 1
    return export_map(
        timeline.states[index].scenario, state_settings(timeline, index, settings), path, progress, cancel
    )


def series_pages(
    timeline: Timeline, settings: ExportSettings, raster: bool = False, progress=None, cancel=None
) -> Iterator[tuple[int, MapFigure]]:
    """Each state's page, built one at a time (earliest first) so only one figure is held at once."""
    count = len(timeline.states)
    settings = series_settings(timeline, settings)
    for index, state in enumerate(timeline.states):

        def report(fraction, text, index=index):
            if progress is not None:
                progress((index + fraction) / count, f"state {index + 1} of {count}: {text}")

        yield index, build_figure(state.scenario, state_settings(timeline, index, settings), report, cancel, raster)


def series_settings(timeline: Timeline, settings: ExportSettings) -> ExportSettings:
    """The settings every page shares: one frame, fitted around the legend rows of all the states (the export
    dialog previews a page with them, so the preview is the page)."""
    rows, most = _legend_reserve(timeline)
    return settings.with_changes(legend_reserve=rows, legend_reserve_rows=most)


def _legend_reserve(timeline: Timeline) -> tuple[tuple[tuple[str, str], ...], int]:
    """Every state's polity rows (name, figures), and the most rows one state has."""
    rows: dict[tuple[str, str], None] = {}
    most = 0
    for state in timeline.states:
        report = scenario_report(state.scenario)
        own = [(polity.name, polity_detail(polity, report)) for polity in state.scenario.polities.values()]
        if report.unclaimed_km2:
            own.append(("Unclaimed", formatting.area_text(report.unclaimed_km2)))
        rows.update(dict.fromkeys(own))
        most = max(most, len(own))
    return tuple(rows), most


def export_series(timeline: Timeline, settings: ExportSettings, path, progress=None, cancel=None) -> Path:
    """A multi-page PDF, one page per state; atomic like export_map (a failure or cancel leaves no file)."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise ValueError(f"{path.name}: a series of maps is written as a multi-page PDF (.pdf)")
    if not path.parent.is_dir():
        raise ValueError(f"{path.name}: folder {path.parent} does not exist")
    stop = cancel or (lambda: False)

    def write(tmp: Path) -> None:
        # Text stays text (TrueType) as in single-page PDFs; CLI and dialog export one file at a time.
        with rc_context({"pdf.fonttype": 42}), PdfPages(tmp, metadata=_metadata(timeline)) as pdf:
            for _, page in series_pages(timeline, settings, False, progress, cancel):
                pdf.savefig(page.figure, facecolor=page.style.background)
                if stop():
                    raise ExportCancelled()

    replace_atomic(path, write)  # the one atomic writer: a failure or cancel leaves no partial file
    return path


def _metadata(timeline: Timeline) -> dict:
    first, last = timeline.states[0].start, timeline.states[-1].start
    span = f" ({first.isoformat()} to {last.isoformat()})" if first and last else ""
    return {"Title": timeline.name + span, "Creator": "sovsplit"}
