"""Run inside a fresh process by benchmarks/viewer.py: time the map canvas's redraws and print JSON."""

from __future__ import annotations

import json
import os
import sys

from sovsplit.benchmarks.memory import peak_rss_mb
from sovsplit.benchmarks.timing import median_ms


def probe_window(width: int, height: int):
    """The application and a shown main window on the default scenario whose map is exactly width x height."""
    from sovsplit.model.io.scenario_io import load_scenario
    from sovsplit.ui.app import make_application
    from sovsplit.ui.window.main_window import MainWindow

    app = make_application()
    window = MainWindow(load_scenario(None))
    window.resize(width + 700, height + 120)
    window.show()
    app.processEvents()
    canvas = window.canvas
    # Make the map itself exactly width x height whatever the docks and bars take.
    window.resize(window.width() + width - canvas.width(), window.height() + height - canvas.height())
    app.processEvents()
    return app, window


def main(width: int, height: int, repeats: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
    from PySide6.QtGui import QMouseEvent, QWheelEvent
    from PySide6.QtWidgets import QApplication

    app, window = probe_window(width, height)
    canvas = window.canvas
    window.stats_panel.wait()
    app.processEvents()
    assert (canvas.width(), canvas.height()) == (width, height), (canvas.width(), canvas.height())
    canvas.zoom_to_extent()
    canvas.repaint()

    full = median_ms(canvas.render_frame, repeats, warmup=0)

    centre = QPointF(width / 2, height / 2)

    def mouse(kind, pos, buttons):
        button = Qt.LeftButton if kind != QEvent.MouseMove else Qt.NoButton
        QApplication.sendEvent(canvas, QMouseEvent(kind, pos, canvas.mapToGlobal(pos), button, buttons, Qt.NoModifier))

    # One drag: every mouse move repaints the canvas, as it would on screen.
    mouse(QEvent.MouseButtonPress, centre, Qt.LeftButton)
    step = [0]

    def pan_step():
        step[0] += 1
        offset = 40 * ((step[0] % 10) - 5)
        mouse(QEvent.MouseMove, centre + QPointF(offset, offset / 2), Qt.LeftButton)
        canvas.repaint()

    pan_step()
    pan = median_ms(pan_step, repeats * 4, warmup=0)
    mouse(QEvent.MouseButtonRelease, centre, Qt.NoButton)
    canvas.repaint()
    canvas.zoom_to_extent()

    turn = [0]

    def zoom_step():
        # Alternate in and out around different points so both directions and several detail levels count.
        turn[0] += 1
        delta = 120 if turn[0] % 4 < 2 else -120
        pos = QPointF(width * (0.3 + 0.1 * (turn[0] % 5)), height * (0.4 + 0.05 * (turn[0] % 3)))
        QApplication.sendEvent(
            canvas,
            QWheelEvent(
                pos,
                canvas.mapToGlobal(pos),
                QPoint(),
                QPoint(0, delta),
                Qt.NoButton,
                Qt.NoModifier,
                Qt.NoScrollPhase,
                False,
            ),
        )
        canvas.repaint()

    for _ in range(4):
        zoom_step()
    zoom = median_ms(zoom_step, repeats * 2, warmup=0)

    return {
        "full_redraw_ms": round(full, 2),
        "pan_redraw_ms": round(pan, 2),
        "zoom_redraw_ms": round(zoom, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


if __name__ == "__main__":
    w, h, n = (int(v) for v in sys.argv[1:4])
    print(json.dumps(main(w, h, n)))
