"""Start the Qt application: the map window on a scenario, or an offscreen snapshot of it."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

# Set by the viewer benchmark: print the time of the first painted frame and quit.
FIRST_FRAME_ENV = "SOVSPLIT_REPORT_FIRST_FRAME"


def parse_size(text: str) -> tuple[int, int]:
    """ "1600x1000" → (1600, 1000); ValueError with a readable message otherwise."""
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"--size {text!r} is not WIDTHxHEIGHT (e.g. 1600x1000)") from None
    if not (200 <= width <= 10000 and 150 <= height <= 10000):
        raise ValueError(f"--size {text!r} is out of range (200x150 to 10000x10000)")
    return width, height


def _unwritable(out: Path) -> str | None:
    """Why a PNG cannot be written at `out` (None when it can)."""
    parent = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        return "is a folder"
    if not parent.is_dir():
        return f"folder {parent} does not exist"
    if not os.access(parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        return "permission denied"
    return None


def make_application():
    """The QApplication (created once), named so QSettings has a home."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("sovsplit")
    app.setApplicationName("sovsplit")
    # Lets Wayland docks and task bars match windows to the installed .desktop entry (packaging/).
    app.setDesktopFileName("io.github.sovsplit.Sovsplit")
    from PySide6.QtGui import QIcon

    from sovsplit.model.io.resources import styles_path

    app.setWindowIcon(QIcon(str(styles_path("icons/sovsplit.svg"))))
    return app


def _import_qt_free_first() -> None:
    """Import the window's Qt-free libraries before PySide6: once it is loaded, shiboken's feature check reads the
    source of every module imported after it, which made the window's imports ~20 % slower (CPU)."""
    import pyproj  # noqa: F401  (the canvas projects its first frame with it)

    import sovsplit.model.io.scenario_io
    import sovsplit.model.lod
    import sovsplit.model.session
    import sovsplit.render.style  # noqa: F401


def run_app(file: str | None = None, snapshot: str | None = None, size: str = "1600x1000") -> int:
    """Open the window (or render it to `snapshot` and exit); returns the process exit code."""
    if snapshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        try:
            width, height = parse_size(size)
        except ValueError as exc:
            print(f"sovsplit: {exc}", file=sys.stderr)
            return 2
        problem = _unwritable(Path(snapshot))
        if problem:
            print(f"sovsplit: cannot write {snapshot}: {problem}", file=sys.stderr)
            return 2
    _import_qt_free_first()
    app = make_application()
    from sovsplit.model.io.scenario_io import load_scenario
    from sovsplit.ui.window.main_window import MainWindow

    if snapshot is not None:
        # The CLI turns an InputError into one line and exit code 2. Errors raised inside Qt's event handling
        # (a slot, a paint) never reach it: Qt prints them and carries on, so they are collected here instead
        # and end the snapshot with one line and a non-zero exit.
        errors: list[str] = []
        previous = sys.excepthook
        sys.excepthook = lambda kind, exc, tb: errors.append(f"{kind.__name__}: {exc}")
        try:
            window = MainWindow(load_scenario(file))
            code = _snapshot(app, window, Path(snapshot), width, height)
        finally:
            sys.excepthook = previous
        if errors:
            print(f"sovsplit: the snapshot failed: {errors[0]}", file=sys.stderr)
            return 1
        return code
    from sovsplit.ui.window.window_state import apply_remembered_theme, install_window_state

    apply_remembered_theme()
    window = MainWindow()

    # Sized to the screen on a first start, as it was left on later ones (size, docks, theme, style, layers).
    install_window_state(window)
    if os.environ.get(FIRST_FRAME_ENV):
        _report_first_frame(app, window)
    # The window paints its base map at once; the scenario appears when it has been read. Reading starts
    # before the window is shown (after its projection is restored), so it overlaps showing it.
    window.load_in_background(file)
    window.show()
    return app.exec()


def _snapshot(app, window, out: Path, width: int, height: int) -> int:
    window.resize(width, height)
    window.show()
    app.processEvents()
    window.canvas.wait_for_layers()
    window.stats_panel.wait()
    # Let the finished statistics reach the panel and the chart lay out before grabbing.
    for _ in range(3):
        app.processEvents()
    for warning in window.document.scenario.warnings:
        print(f"sovsplit: warning: {warning}", file=sys.stderr)
    image = window.grab()
    if not image.save(str(out), "PNG"):
        print(f"sovsplit: cannot write {out}: the PNG could not be saved", file=sys.stderr)
        return 2
    window.close()
    return 0


def _report_first_frame(app, window) -> None:
    """Print milliseconds since process start at the first painted frame and when the scenario is drawn, then quit."""
    try:  # the benchmark passes the moment it launched us
        started = float(os.environ[FIRST_FRAME_ENV])
    except ValueError:
        started = _process_start_time()
    if started < 1e9:
        started = _process_start_time()

    def painted():
        if not hasattr(painted, "first"):
            painted.first = True
            print(f"first-frame-ms {(time.time() - started) * 1000:.1f}", flush=True)
        if window.document.scenario is not None and window.canvas.layers_ready():
            print(f"scenario-drawn-ms {(time.time() - started) * 1000:.1f}", flush=True)
            window.canvas.frame_painted.disconnect(painted)
            app.quit()

    window.canvas.frame_painted.connect(painted)


def _process_start_time() -> float:
    """Wall-clock start of this process (Linux /proc), or the import time of this module elsewhere."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        boot = next(
            float(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines() if line.startswith("btime")
        )
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, StopIteration, ValueError, IndexError):
        return _IMPORTED


_IMPORTED = time.time()
