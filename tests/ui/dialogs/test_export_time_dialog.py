"""File → Export… on a timeline: this state, a PDF page per state, an animation; the CLI's code, cancellable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageSequence
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from sovsplit.model.io.shipped_scenarios import resolve_scenario
from sovsplit.model.timeline.edits import remove_state
from sovsplit.model.timeline.io import load_timeline
from sovsplit.ui.dialogs.export_time_jobs import TimelineView, TimeMode, file_filters, suggested_path

EXAMPLE = "east-ussr-timeline"


@pytest.fixture
def timeline(regions):
    return load_timeline(resolve_scenario(EXAMPLE), regions)


@pytest.fixture
def shown(timeline):
    """What the time bar would report: the timeline and the index of the state on show (changed by tests)."""
    return {"index": 1}


@pytest.fixture
def timeline_document(qtbot, timeline, shown):
    from sovsplit.ui.document.document import Document

    doc = Document()
    doc.replace_scenario(timeline.states[shown["index"]].scenario)
    qtbot.waitUntil(doc.is_current, timeout=60000)
    yield doc
    doc.wait()


def open_dialog(qtbot, document, view=None):
    from sovsplit.ui.dialogs.export_dialog import ExportDialog

    dialog = ExportDialog(document.scenario, snapshot=document.session.snapshot, document=document, timeline=view)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # Small pages keep the tests quick; the exporters draw the same layout at any size.
    dialog.paper_box.setCurrentText("Custom…")
    dialog.custom_size.setText("480x360px")
    dialog.dpi.setValue(60)
    for key, check in dialog.layer_checks.items():
        check.setChecked(key == "polities")
    return dialog


@pytest.fixture
def dialog(qtbot, timeline_document, timeline, shown):
    dialog = open_dialog(qtbot, timeline_document, lambda: TimelineView(timeline, shown["index"]))
    yield dialog
    dialog.shutdown()


def export(qtbot, dialog, path: Path) -> Path:
    with qtbot.waitSignal(dialog.export_finished, timeout=120000) as blocker:
        dialog.export_to(path)
    assert blocker.args == [str(path)]
    return path


def test_a_timeline_offers_its_state_a_series_and_an_animation(qtbot, dialog, timeline, timeline_document, shown):
    options = dialog.time_options
    assert options.isEnabled() and options.mode() is TimeMode.STATE
    assert "1932-01-01 – 1941-01-01" in options.state_button.text()
    assert "4 pages" in options.series_button.text()
    assert dialog.title_edit.text() == "The East USSR through time, 1927–1950"
    assert not options.animation_row.isEnabled()
    options.animation_button.setChecked(True)
    assert options.mode() is TimeMode.ANIMATION and options.animation_row.isEnabled()
    assert not options.fade_seconds.isEnabled()
    options.crossfade.setChecked(True)
    assert options.fade_seconds.isEnabled() and options.crossfade_seconds() == pytest.approx(0.6)
    with qtbot.waitSignal(dialog.preview_ready, timeout=120000):
        dialog.refresh_preview()
    assert options.frame_size.text().startswith("Each frame 480 × 360 px")
    # The time bar shows another state: "This state" follows the document.
    shown["index"] = 2
    timeline_document.replace_scenario(timeline.states[2].scenario, keep_history=True)
    assert "1941-01-01 – 1950-01-01" in options.state_button.text()
    # A state removed meanwhile (the time bar's undoable edit): the series counts the states left.
    remove_state(timeline, 0).apply(timeline)
    shown["index"] = 1
    with qtbot.waitSignal(dialog.preview_ready, timeout=120000):
        dialog.refresh_preview()
    assert "3 pages" in options.series_button.text()
    assert "1941-01-01 – 1950-01-01" in options.state_button.text()


def test_a_one_state_scenario_disables_time_with_a_reason(qtbot, document, regions):
    plain = load_timeline(resolve_scenario("default"), regions)
    for view in (None, lambda: TimelineView(plain, 0)):
        dialog = open_dialog(qtbot, document, view)
        try:
            assert not dialog.time_options.isEnabled() and dialog.time_options.mode() is None
            assert "one state" in dialog.time_options.toolTip()
            assert dialog.title_edit.text() == document.scenario.name
        finally:
            dialog.shutdown()


def test_the_gif_has_one_frame_per_state_for_the_set_time(qtbot, dialog, tmp_path):
    dialog.time_options.animation_button.setChecked(True)
    dialog.time_options.frame_seconds.setValue(1.5)
    gif = export(qtbot, dialog, tmp_path / "split.gif")
    with Image.open(gif) as image:
        frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]
        durations = [frame.info["duration"] for frame in ImageSequence.Iterator(image)]
    assert len(frames) == 4 and durations == [1500] * 4
    assert frames[0].size == (480, 360)
    assert all(ImageChops.difference(a, b).getbbox() for a, b in zip(frames, frames[1:]))
    assert [p.name for p in tmp_path.iterdir()] == ["split.gif"]


@pytest.mark.slow  # four vector pages read back with pypdf
def test_the_series_is_one_pdf_page_per_state_with_its_date(qtbot, dialog, timeline, tmp_path):
    dialog.time_options.series_button.setChecked(True)
    pdf = export(qtbot, dialog, tmp_path / "maps.pdf")
    pages = PdfReader(pdf).pages
    assert len(pages) == 4
    for page, state in zip(pages, timeline.states):
        text = page.extract_text()
        assert state.start.isoformat() in text and state.title in text
    assert [p.name for p in tmp_path.iterdir()] == ["maps.pdf"]


def test_this_state_equals_the_cli_export_of_its_date(qtbot, dialog, timeline, tmp_path):
    from sovsplit.render.series import export_state

    ours = export(qtbot, dialog, tmp_path / "ours.png")
    theirs = export_state(
        load_timeline(resolve_scenario(EXAMPLE)), timeline.states[1].start, dialog.settings(), tmp_path / "cli.png"
    )
    with Image.open(ours) as a, Image.open(theirs) as b:
        assert "1932-01-01" in a.info["Title"] and a.info["Title"] == b.info["Title"]
        assert ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is None
    # Another state is another map.
    later = export_state(timeline, timeline.states[3].start, dialog.settings(), tmp_path / "later.png")
    with Image.open(ours) as a, Image.open(later) as c:
        assert ImageChops.difference(a.convert("RGB"), c.convert("RGB")).getbbox() is not None


def test_cancelling_a_series_leaves_no_partial_file(qtbot, dialog, tmp_path):
    dialog.time_options.series_button.setChecked(True)
    dialog.dpi.setValue(150)
    with qtbot.waitSignal(dialog.export_cancelled, timeout=120000):
        dialog.export_to(tmp_path / "maps.pdf")
        # Cancel once the series is under way (its temporary file is open beside the target).
        qtbot.waitUntil(lambda: dialog.progress_dialog.value() > 0, timeout=60000)
        qtbot.mouseClick(dialog.progress_dialog.findChild(QPushButton), Qt.LeftButton)
    assert list(tmp_path.iterdir()) == []
    assert "cancelled" in dialog.last_error


def test_a_wrong_file_type_is_one_line(qtbot, dialog, tmp_path):
    dialog.time_options.animation_button.setChecked(True)
    with qtbot.waitSignal(dialog.export_failed, timeout=60000) as blocker:
        dialog.export_to(tmp_path / "split.pdf")
    (message,) = blocker.args
    assert "split.pdf" in message and "GIF" in message and "\n" not in message
    assert dialog.message.text().startswith("export failed: split.pdf")
    assert list(tmp_path.iterdir()) == []


def test_the_save_dialog_suggests_the_extension_of_each_export(timeline):
    view = TimelineView(timeline, 1)
    shipped = timeline.path  # a shipped file: suggest the home folder, never the package's data
    assert suggested_path(TimeMode.SERIES, view, shipped) == Path.home() / "east-ussr-timeline-series.pdf"
    assert suggested_path(TimeMode.ANIMATION, view, shipped) == Path.home() / "east-ussr-timeline.gif"
    assert suggested_path(TimeMode.STATE, view, shipped) == Path.home() / "east-ussr-timeline-1932-01-01.png"
    mine = Path("/data/maps/split.geojson")
    assert suggested_path(None, None, mine) == Path("/data/maps/split.png")
    assert file_filters(TimeMode.SERIES, False) == "PDF document, one page per state (*.pdf)"
    assert "*.mp4" in file_filters(TimeMode.ANIMATION, True)
    assert "*.mp4" not in file_filters(TimeMode.ANIMATION, False)


@pytest.mark.slow  # a whole main window on the timeline
def test_the_window_passes_its_time_bar_to_the_dialog(qtbot, regions):
    from sovsplit.model.io.scenario_io import load_scenario
    from sovsplit.ui.window.main_window import MainWindow

    win = MainWindow(load_scenario(resolve_scenario(EXAMPLE), regions))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(win.document.is_current, timeout=60000)
    win.export_action.trigger()
    dialog = win.export_dialog
    try:
        qtbot.waitExposed(dialog)
        assert dialog.time_options.isEnabled()
        assert "1950-01-01" in dialog.time_options.state_button.text()  # the window opens the latest state
        win.time_bar.slider.setValue(0)
        assert "1927-01-01 – 1932-01-01" in dialog.time_options.state_button.text()
    finally:
        dialog.shutdown()
