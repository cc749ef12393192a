"""The window holds one document: no silent loss of work, and every view shows the state the document is in."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMenu, QMessageBox

from sovsplit.model import formatting as fmt
from sovsplit.model import reference
from sovsplit.model.annotations.rules import CONTRADICTED, SUPPORTED
from sovsplit.model.editing.edits import reassign_regions
from sovsplit.model.io.autosave import Autosaver
from sovsplit.model.io.scenario_io import load_scenario, save_scenario
from sovsplit.model.io.user_dirs import user_state_dir
from sovsplit.ui.window.saving import Saving

VLADIVOSTOK = (131.883333, 43.116667)


def _current(qtbot, document) -> None:
    """Wait for the document's result of the state it is in now (its generation), and nothing pending."""
    generation = document.generation
    qtbot.waitUntil(
        lambda: document.result is not None and document.result.generation >= generation and not document.busy(),
        timeout=60000,
    )


def _give_primorsky_to_the_east(window) -> None:
    window.document.perform(reassign_regions, ["RUPRI"], "east")
    assert window.scenario.owner["RUPRI"] == "east" and window.isWindowModified()


@pytest.fixture
def asked(monkeypatch):
    """The real Save / Discard / Cancel question, answered Cancel by a patched QMessageBox; the texts asked."""
    texts: list[str] = []

    def answer(parent, title, text, *args):
        texts.append(text)
        return QMessageBox.Cancel

    monkeypatch.setattr(Saving, "ask_save_on_close", Saving.ask_save_changes)
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(answer))
    return texts


def _dead_process_recovery(regions) -> None:
    """A recovery file left by a process that died with unsaved work (the Vladivostok variant)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    recovered = load_scenario(reference_scenario("east-with-primorsky"), regions)
    Autosaver(user_state_dir(), pid=int(done.stdout)).save(recovered)


def reference_scenario(stem: str):
    from sovsplit.model.io.shipped_scenarios import shipped_scenarios

    return shipped_scenarios()[stem]


def _replace(window, entry: str, other, qtbot, regions, monkeypatch) -> None:
    """Ask the window to show `other` the way a user would through `entry`."""
    if entry == "open":
        window.open_scenario(other)
    elif entry == "recent":
        recent = next(a.menu() for a in window.menu("File").actions() if a.text() == "Open &Recent")
        action = next(a for a in recent.actions() if a.toolTip() == str(other.resolve()))
        action.trigger()
    elif entry == "shipped":
        shipped = window.findChild(QMenu, "menu-shipped-scenarios")
        next(a for a in shipped.actions() if a.data() == "east-with-primorsky").trigger()
        window.document.tasks.wait()
    elif entry == "drop":
        data = QMimeData()
        data.setUrls([QUrl.fromLocalFile(str(other))])
        event = QDropEvent(QPointF(50, 50), Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
        window.dropEvent(event)
    elif entry == "new":
        next(a for a in window.menu("File").actions() if a.text() == "&New").trigger()
        window.document.tasks.wait()
    elif entry == "recover":
        _dead_process_recovery(regions)
        monkeypatch.setattr(Saving, "ask_recovery", lambda self, recovery: "recover")
        window.editing.saving.offer_recovery()


@pytest.mark.parametrize("entry", ["open", "recent", "shipped", "drop", "recover", "new"])
def test_replacing_a_modified_scenario_asks_and_cancel_keeps_the_edit(
    qtbot, window, regions, tmp_path, monkeypatch, asked, entry
):
    other = tmp_path / "other.geojson"
    save_scenario(load_scenario(reference_scenario("east-with-primorsky"), regions), other)
    if entry == "recent":
        shown = window.scenario.path
        assert window.open_scenario(other) and window.open_scenario(shown)  # both now in Open Recent
    scenario = window.scenario
    _give_primorsky_to_the_east(window)
    assert window.undo_stack.count() == 1

    _replace(window, entry, other, qtbot, regions, monkeypatch)

    assert len(asked) == 1 and "Save the changes" in asked[0]
    assert window.scenario is scenario and scenario.owner["RUPRI"] == "east"
    assert window.isWindowModified() and window.undo_stack.count() == 1
    _current(qtbot, window.document)
    window.undo_stack.undo()  # nothing unsaved: closing the window asks nothing


def test_discard_opens_the_other_scenario_and_it_is_unmodified(qtbot, window, regions, tmp_path, monkeypatch):
    monkeypatch.setattr(Saving, "ask_save_on_close", Saving.ask_save_changes)
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: QMessageBox.Discard))
    other = tmp_path / "other.geojson"
    save_scenario(load_scenario(reference_scenario("east-with-primorsky"), regions), other)
    _give_primorsky_to_the_east(window)
    assert window.open_scenario(other)
    assert window.scenario.path == other and not window.isWindowModified()
    assert window.undo_stack.count() == 0
    _current(qtbot, window.document)


def test_an_untouched_shipped_scenario_after_a_recovery_shows_no_modified_mark(qtbot, window, regions, monkeypatch):
    _dead_process_recovery(regions)
    monkeypatch.setattr(Saving, "ask_recovery", lambda self, recovery: "recover")
    assert window.editing.saving.offer_recovery()
    assert window.isWindowModified() and "*" in window.windowTitle().replace("[*]", "*")
    _current(qtbot, window.document)
    # Discard the recovered work and open a shipped scenario: nothing in it is unsaved.
    assert window.open_scenario(reference_scenario("default"))
    assert not window.isWindowModified() and not window.document.is_modified()
    _current(qtbot, window.document)


def _hover(qtbot, canvas, lon, lat) -> None:
    """Move the mouse there (from elsewhere: a move to where the pointer already is sends no event)."""
    qtbot.mouseMove(canvas, QPoint(5, 5))
    qtbot.mouseMove(canvas, _screen(canvas, lon, lat))


def _screen(canvas, lon, lat) -> QPoint:
    x, y = canvas.project(np.array([lon]), np.array([lat]))
    return canvas.map_to_screen(float(x[0]), float(y[0])).toPoint()


def _vladivostok_port(window) -> int:
    return next(i for i, p in enumerate(reference.ports()) if p.get("locode") == "RUVVO")


def _chart_areas(window) -> list[float]:
    """The heights of the chart's area bars (million km²), left to right."""
    bars = [patch for patch in window.stats_panel.chart.axes.patches]
    count = len(window.scenario.polities)
    return [round(bar.get_height(), 6) for bar in bars[:count]]


def _views_show(window, holder: str, status: str) -> None:
    """Table, chart, hover text, verdicts and ports layer all show Primorsky held by `holder`."""
    document = window.document
    result = document.result
    assert result.generation == document.generation
    name = window.scenario.polities[holder].name
    report = {p.id: p for p in result.report.polities}
    for pid, polity in window.scenario.polities.items():
        assert window.stats_panel.cell_text("Area (km²)", polity.name) == fmt.area_km2(report[pid].area_km2)
    assert "RUPRI" in {r.id for r in report[holder].regions}
    assert _chart_areas(window) == [round(report[pid].area_km2 / 1e6, 6) for pid in window.scenario.polities]
    assert f"Held by <b>{name}</b>" in window.canvas.toolTip()
    assert window.annotations.layer.assessment("objection-vladivostok").verdict.status == status
    assert window.land_and_ports.ports_layer.owner_name(_vladivostok_port(window)) == name


def test_after_an_edit_and_its_undo_every_view_shows_the_new_state(qtbot, window):
    document = window.document
    _hover(qtbot, window.canvas, *VLADIVOSTOK)
    _current(qtbot, document)
    _views_show(window, "west", SUPPORTED)
    _give_primorsky_to_the_east(window)
    _current(qtbot, document)
    _views_show(window, "east", CONTRADICTED)  # the mouse has not moved: the hover text follows anyway
    window.undo_stack.undo()
    _current(qtbot, document)
    _views_show(window, "west", SUPPORTED)


def test_after_a_recovery_the_numbers_are_the_recovered_scenarios(qtbot, window, regions, monkeypatch):
    _dead_process_recovery(regions)
    monkeypatch.setattr(Saving, "ask_recovery", lambda self, recovery: "recover")
    assert window.editing.saving.offer_recovery()
    _hover(qtbot, window.canvas, *VLADIVOSTOK)
    _current(qtbot, window.document)
    assert window.scenario.owner["RUPRI"] == "east"
    _views_show(window, "east", CONTRADICTED)


def test_the_layers_legend_lists_the_polities_on_a_fresh_start(window):
    legend = window.layers_panel.legend.text()
    for polity in window.scenario.polities.values():
        assert polity.name in legend


def test_zoom_to_polity_lists_a_newly_added_polity(window):
    window.editing.polities_panel.add_polity("Far Eastern Republic")
    names = [a.text() for a in window._polity_menu.actions()]
    assert "Far Eastern Republic" in names
    window.undo_stack.undo()
    assert "Far Eastern Republic" not in [a.text() for a in window._polity_menu.actions()]


def test_the_poster_style_colours_the_east_alike_on_canvas_swatch_and_header(qtbot, window):
    from sovsplit.render.style import polity_colour
    from sovsplit.ui.window.style_menu import set_map_style

    set_map_style(window, "poster")
    scenario = window.scenario
    canvas_colour = polity_colour(window.canvas.style, "east", scenario.polities["east"].colour)
    assert canvas_colour.lower() != scenario.polities["east"].colour.lower()  # the poster recolours the East
    legend = dict(window.canvas.layer("polities").legend_items())
    assert legend[scenario.polities["east"].name].name() == canvas_colour.lower()
    panel = window.editing.polities_panel
    row = next(i for i in range(panel.list.count()) if panel.list.item(i).data(Qt.UserRole) == "east")
    swatch = panel.list.item(row).icon().pixmap(18, 18).toImage().pixelColor(9, 9)
    assert swatch.name() == canvas_colour.lower()
    _current(qtbot, window.document)
    table = window.stats_panel.table
    column = next(c for c in range(table.columnCount()) if table.horizontalHeaderItem(c).text().startswith("East"))
    assert table.horizontalHeaderItem(column).background().color().name() == canvas_colour.lower()


def test_scenario_report_is_computed_once_per_edit(qtbot, window, monkeypatch):
    from sovsplit.model import report

    document = window.document
    _current(qtbot, document)
    calls = []
    original = report.scenario_report

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    # Wherever the function was imported, the count sees it.
    for module in [m for name, m in sys.modules.items() if name.startswith("sovsplit") and m is not None]:
        if getattr(module, "scenario_report", None) is original:
            monkeypatch.setattr(module, "scenario_report", counted)
    _give_primorsky_to_the_east(window)
    _current(qtbot, document)
    assert len(calls) == 1
    window.undo_stack.undo()
    _current(qtbot, document)
    assert len(calls) == 2
