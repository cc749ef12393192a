"""Opening scenarios (File → Open, recent files, drag and drop, bad files), snapshots and label placement."""

from __future__ import annotations

import itertools
import subprocess
import sys

import numpy as np
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent
from PySide6.QtWidgets import QMessageBox

from sovsplit.model.io.scenario_io import save_scenario
from sovsplit.render.style import polity_colour
from sovsplit.ui.layers.base import qcolor


def test_open_scenario_replaces_the_shown_one_and_is_remembered(window, scenario, tmp_path, qtbot):
    scenario.set_owners({"RUPRI": "east"})
    path = tmp_path / "with-primorsky.geojson"
    save_scenario(scenario, path)
    with qtbot.waitSignal(window.scenario_replaced, timeout=60000):
        assert window.open_scenario(path)
    assert window.scenario.owner["RUPRI"] == "east"
    assert window.recent_files()[0] == str(path.resolve())
    assert window._recent_menu.actions()[0].toolTip() == str(path.resolve())


def test_a_bad_file_shows_its_one_line_problem_in_a_dialog(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    bad = tmp_path / "broken.geojson"
    bad.write_text("{ not json", encoding="utf-8")
    before = window.scenario
    assert not window.open_scenario(bad)
    assert len(shown) == 1 and shown[0].startswith("broken.geojson: ") and "\n" not in shown[0]
    assert window.scenario is before


def test_dropping_a_file_opens_it(window, scenario, tmp_path, qtbot):
    path = tmp_path / "dropped.geojson"
    save_scenario(scenario, path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(100, 100), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    with qtbot.waitSignal(window.scenario_replaced, timeout=60000):
        window.dropEvent(event)
    assert window.scenario.path == path


def _blend(top: QColor, bottom: QColor, alpha: float) -> tuple[int, int, int]:
    return tuple(
        round(a * alpha + b * (1 - alpha))
        for a, b in zip((top.red(), top.green(), top.blue()), (bottom.red(), bottom.green(), bottom.blue()))
    )


def _close(pixel: QColor, rgb, tolerance=4) -> bool:
    return all(abs(p - e) <= tolerance for p, e in zip((pixel.red(), pixel.green(), pixel.blue()), rgb))


def test_snapshot_pixels_show_both_polities_and_the_sea(window, scenario):
    # Labels, callouts and graticule sit wherever fonts and layout put them; sample the area fills alone.
    for key in ("annotations", "cities", "ports", "graticule", "arable"):
        if window.canvas.layer(key) is not None:
            window.canvas.layer(key).visible = False
    window.canvas.request_redraw()
    window.canvas.repaint()
    image = window.grab().toImage()
    canvas, style = window.canvas, window.style
    origin = canvas.mapTo(window, QPoint(0, 0))

    def pixel(lon, lat):
        xs, ys = canvas.project(np.array([lon]), np.array([lat]))
        point = canvas.map_to_screen(float(xs[0]), float(ys[0])).toPoint() + origin
        return image.pixelColor(point)

    ocean = qcolor(style.ocean)
    # The Sea of Okhotsk, off the 150°E graticule line.
    assert _close(pixel(152.5, 55.5), (ocean.red(), ocean.green(), ocean.blue()))
    for pid, (lon, lat) in {"west": (52.0, 61.5), "east": (121.0, 66.0)}.items():
        fill = qcolor(polity_colour(style, pid, scenario.polities[pid].colour))
        assert _close(pixel(lon, lat), _blend(fill, ocean, style.polity_opacity)), pid


def test_city_labels_never_overlap(window, canvas):
    cities = canvas.layer("cities")
    for zoom in (1.0, 1.6, 2.5):
        canvas.zoom_to_extent()
        canvas.zoom_by(zoom, QPointF(canvas.width() * 0.3, canvas.height() * 0.5))
        canvas.render_frame()
        assert len(cities.placed) >= 5
        for (name_a, a), (name_b, b) in itertools.combinations(cities.placed, 2):
            assert not a.intersects(b), (name_a, name_b)
    names = [name for name, _ in cities.placed]
    assert len(names) == len(set(names))


def _cli(*args, **kw):
    return subprocess.run(
        [sys.executable, "-m", "sovsplit.cli", *args], capture_output=True, text=True, timeout=300, **kw
    )


def test_snapshot_command_writes_a_png_with_both_polity_colours(tmp_path, scenario):
    out = tmp_path / "shot.png"
    result = _cli("--snapshot", str(out), "--size", "1000x700")
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)
    colours = {image.pixel(x, y) & 0xFFFFFF for x in range(0, 1000, 3) for y in range(0, 700, 3)}
    from sovsplit.render.style import load_style

    style = load_style(None)[0]
    ocean = qcolor(style.ocean)
    for pid in ("west", "east"):
        r, g, b = _blend(qcolor(polity_colour(style, pid, scenario.polities[pid].colour)), ocean, style.polity_opacity)
        assert any(
            all(abs(c - e) <= 4 for c, e in zip(((v >> 16) & 255, (v >> 8) & 255, v & 255), (r, g, b))) for v in colours
        ), pid


def test_snapshot_to_an_unwritable_place_is_one_line_and_exit_2(tmp_path):
    result = _cli("--snapshot", str(tmp_path / "no-such-folder" / "shot.png"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot write" in lines[0] and "Traceback" not in result.stderr
