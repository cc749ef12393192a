"""The main window: map canvas in the middle, layers and statistics docks, menus others extend."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox, QToolBar, QWidget

from sovsplit.model.io.problems import InputError
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.projections import PROJECTIONS
from sovsplit.model.stats import StatsEngine
from sovsplit.render.style import load_style
from sovsplit.ui.canvas.map_canvas import MapCanvas
from sovsplit.ui.dialogs.export_dialog import install_export
from sovsplit.ui.dialogs.field_chooser import ask_name_field, needs_name_field
from sovsplit.ui.document.workers import global_pool
from sovsplit.ui.layers.map_layers import default_layers
from sovsplit.ui.panels.layers_panel import LayersPanel
from sovsplit.ui.panels.region_info import region_info_text
from sovsplit.ui.panels.stats_panel import MODEL_LOCK, StatsPanel
from sovsplit.ui.tools.annotation_tools import install_annotations
from sovsplit.ui.window.compare_tool import install_compare
from sovsplit.ui.window.editing import install_editing
from sovsplit.ui.window.land_and_ports import install_land_and_ports
from sovsplit.ui.window.style_menu import install_style_menus

MENU_ORDER = ["File", "Edit", "View", "Layers", "Tools", "Help"]
MAX_RECENT = 8
OPEN_FILTER = "Scenarios (*.geojson *.json *.gpkg *.shp);;All files (*)"


def format_lonlat(lon: float, lat: float) -> str:
    """131.87°E 43.11°N, with the longitude wrapped to −180…180 for display."""
    lon = (lon + 180.0) % 360.0 - 180.0
    return f"{abs(lon):.2f}°{'E' if lon >= 0 else 'W'} {abs(lat):.2f}°{'N' if lat >= 0 else 'S'}"


class _LoadSignals(QObject):
    loaded = Signal(object)
    failed = Signal(str)


class _LoadJob(QRunnable):
    """Read a scenario off the GUI thread (reading and checking a file takes seconds)."""

    def __init__(self, path, signals: _LoadSignals):
        super().__init__()
        self.path, self.signals = path, signals

    def run(self) -> None:
        try:
            result, failure = load_scenario(self.path), None
        except InputError as exc:
            result, failure = None, str(exc)
        except Exception as exc:  # reported in a dialog like any unreadable file
            name = Path(self.path).name if self.path else "default scenario"
            result, failure = None, f"{name}: {type(exc).__name__}: {exc}"
        try:
            if failure is None:
                self.signals.loaded.emit(result)
            else:
                self.signals.failed.emit(failure)
        except RuntimeError:
            pass  # the window was closed while the file was being read


class MainWindow(QMainWindow):
    """sovsplit's window. Other features plug in through menu(), add_dock(), add_toolbar_action() and the canvas."""

    scenario_replaced = Signal(object)

    def __init__(self, scenario=None, style=None):
        super().__init__()
        self.setWindowTitle("sovsplit[*]")
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.AnimatedDocks | QMainWindow.AllowTabbedDocks)
        self.style = style or load_style(None)[0]
        self.scenario = None
        self.engine = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(lambda clean: self.setWindowModified(not clean))
        self._menus: dict[str, QMenu] = {}
        for name in MENU_ORDER:
            self.menu(name)
        self.toolbar = QToolBar("Main toolbar", self)
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(Qt.TopToolBarArea, self.toolbar)

        self.canvas = MapCanvas(self.style, self)
        for layer in default_layers():
            self.canvas.add_layer(layer)
        self.setCentralWidget(self.canvas)

        self.layers_panel = LayersPanel(self.canvas)
        self.layers_dock = self.add_dock(self.layers_panel, "Layers", Qt.LeftDockWidgetArea)
        self.stats_panel = StatsPanel()
        self.stats_dock = self.add_dock(self.stats_panel, "Statistics", Qt.RightDockWidgetArea)
        self._docks_sized = False

        self._position_label = QLabel("")
        self._position_label.setMinimumWidth(170)
        self._scale_label = QLabel("")
        self._projection_label = QLabel("")
        for label in (self._scale_label, self._projection_label, self._position_label):
            self.statusBar().addPermanentWidget(label)
        self.canvas.cursor_moved.connect(self._cursor_moved)
        self.canvas.clicked.connect(self._clicked)
        self.canvas.view_changed.connect(self._update_scale_label)
        self.canvas.projection_changed.connect(self._projection_switched)

        self._build_actions()
        # The feasibility debate overlay: its layer, dock and Add Note action (issue 7).
        self.annotations = install_annotations(self)
        # File → Export Map… and View → Map Style / Theme (issue 6).
        install_export(self)
        install_style_menus(self)
        # Arable and ports layers, File → Import Arable Layer… and Open Shipped Scenario, Help texts (issue 4).
        self.land_and_ports = install_land_and_ports(self)
        # Polities panel, region/border/cut tools, history, saving, autosave and recovery (issue 5).
        install_editing(self)
        # Tools → Compare scenarios…: a list of open scenarios and the comparison dock (issue 8).
        self.compare_tool = install_compare(self)
        if scenario is not None:
            self.set_scenario(scenario)

    # --- extension points --------------------------------------------------------------------------------
    def menu(self, name: str) -> QMenu:
        """The top-level menu called `name` ("File", "Edit", …), created in the house order if new."""
        if name not in self._menus:
            menu = QMenu(f"&{name}", self)
            menu.setObjectName(f"menu-{name.lower()}")
            later = (
                [self._menus[n] for n in MENU_ORDER[MENU_ORDER.index(name) + 1 :] if n in self._menus]
                if name in MENU_ORDER
                else [self._menus[n] for n in ("Help",) if n in self._menus]
            )
            if later:
                self.menuBar().insertMenu(later[0].menuAction(), menu)
            else:
                self.menuBar().addMenu(menu)
            self._menus[name] = menu
        return self._menus[name]

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._docks_sized:
            # Give the map most of the window, and the statistics room for two polities' numbers side by side.
            self._docks_sized = True
            width = self.width()
            self.resizeDocks([self.layers_dock, self.stats_dock], [int(width * 0.16), int(width * 0.3)], Qt.Horizontal)

    def add_dock(self, widget: QWidget, title: str, area=Qt.RightDockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower().replace(' ', '-')}")
        dock.setWidget(widget)
        existing = [d for d in self.findChildren(QDockWidget) if d is not dock and self.dockWidgetArea(d) == area]
        self.addDockWidget(area, dock)
        if existing:
            self.tabifyDockWidget(existing[-1], dock)
            existing[0].raise_()
        self._panels_menu.addAction(dock.toggleViewAction()) if hasattr(self, "_panels_menu") else None
        return dock

    def add_toolbar_action(self, action: QAction) -> None:
        self.toolbar.addAction(action)

    def set_status(self, text: str, timeout_ms: int = 4000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    # --- scenarios ---------------------------------------------------------------------------------------
    def set_scenario(self, scenario) -> None:
        """Show a scenario (already loaded): the canvas, the statistics and the title follow it."""
        if self.scenario is not None:
            self.scenario.territory_changed.disconnect(self._territory_changed)
        self.scenario = scenario
        # An imported arable layer stays in use when another scenario is opened.
        self.engine = StatsEngine(scenario, arable_source=self.engine._arable_source if self.engine else None)
        scenario.territory_changed.connect(self._territory_changed)
        self.undo_stack.clear()
        self.canvas.set_scenario(scenario)
        self.canvas.zoom_to_extent()
        self.stats_panel.set_scenario(scenario, self.engine)
        self._rebuild_polity_menu()
        title = scenario.name
        if scenario.path is not None:
            title += f" — {scenario.path.name}"
        self.setWindowTitle(f"{title}[*] — sovsplit")
        self.setWindowModified(False)
        self.scenario_replaced.emit(scenario)

    def open_scenario(self, path) -> bool:
        """Open a scenario file; problems are shown in a dialog, never raised. True when it opened."""
        path = Path(path)
        try:
            scenario = load_scenario(path)
            if needs_name_field(scenario):  # a plain file of polities: let the user pick the name field
                field = ask_name_field(self, scenario)
                scenario = load_scenario(path, name_field=field) if field else scenario
        except InputError as exc:
            QMessageBox.warning(self, "Cannot open scenario", str(exc))
            return False
        except Exception as exc:  # any unreadable file is the user's file problem, not a crash
            QMessageBox.warning(self, "Cannot open scenario", f"{path.name}: {type(exc).__name__}: {exc}")
            return False
        self.set_scenario(scenario)
        self._remember_recent(path)
        self.show_warnings(scenario.warnings)
        self.set_status(f"Opened {path}")
        return True

    def load_in_background(self, path=None) -> None:
        """Open a scenario (None: the default one) without blocking the window; the map shows when it is read."""
        self.set_status("Loading scenario…", 0)
        self._load_signals = _LoadSignals()
        self._load_signals.loaded.connect(lambda scenario: self._loaded(scenario, path))
        self._load_signals.failed.connect(self._load_failed)
        global_pool().start(_LoadJob(path, self._load_signals))

    def _loaded(self, scenario, path) -> None:
        self.statusBar().clearMessage()
        self.set_scenario(scenario)
        if path is not None:
            self._remember_recent(Path(path))
        self.show_warnings(scenario.warnings)

    def _load_failed(self, message: str) -> None:
        self.statusBar().clearMessage()
        QMessageBox.warning(self, "Cannot open scenario", message)
        if self.scenario is None:
            self.load_in_background(None)

    def show_warnings(self, warnings: list[str]) -> None:
        if warnings:
            QMessageBox.information(self, "Scenario opened with warnings", "\n".join(warnings))

    def _open_dialog(self) -> None:
        start = str(self.scenario.path.parent) if self.scenario is not None and self.scenario.path else ""
        path, _ = QFileDialog.getOpenFileName(self, "Open scenario", start, OPEN_FILTER)
        if path:
            self.open_scenario(path)

    # --- recent files --------------------------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = QSettings().value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember_recent(self, path: Path) -> None:
        text = str(path.resolve())
        files = [text] + [f for f in self.recent_files() if f != text]
        QSettings().setValue("recent_files", files[:MAX_RECENT])
        self._rebuild_recent_menu()

    def _rebuild_recent_menu(self) -> None:
        self._recent_menu.clear()
        files = self.recent_files()
        for index, name in enumerate(files, start=1):
            action = self._recent_menu.addAction(f"&{index} {Path(name).name}")
            action.setToolTip(name)
            action.triggered.connect(lambda checked=False, n=name: self.open_scenario(n))
        self._recent_menu.setEnabled(bool(files))

    # --- drag and drop -------------------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_scenario(files[0])

    # --- status and info -----------------------------------------------------------------------------------
    def _cursor_moved(self, lon: float, lat: float) -> None:
        if math.isnan(lon) or math.isnan(lat):
            self._position_label.setText("")
            self.canvas.setToolTip("")
            return
        self._position_label.setText(format_lonlat(lon, lat))
        info = self._region_info(lon, lat)
        if info is not None:
            self.canvas.setToolTip(info)
            self.stats_panel.show_region_info(info)

    def _region_info(self, lon: float, lat: float) -> str | None:
        """The region text at a point; None while statistics are being computed (try again on the next move)."""
        if self.scenario is None:
            return ""
        if not MODEL_LOCK.acquire(blocking=False):
            return None
        try:
            return region_info_text(self.scenario, self.stats_panel.parcel_stats, lon, lat)
        finally:
            MODEL_LOCK.release()

    def _clicked(self, lon: float, lat: float) -> None:
        if self.scenario is None or math.isnan(lon):
            return
        info = self._region_info(lon, lat)
        if info is not None:
            self.stats_panel.show_region_info(info, pinned=True)

    def _update_scale_label(self) -> None:
        km_per_px = 1.0 / self.canvas.pixels_per_metre() / 1000.0
        # 96 px per inch, 0.0254 m per inch: the map scale on a typical screen.
        self._scale_label.setText(f"1:{km_per_px * 1000 * 96 / 0.0254:,.0f}")

    def _projection_switched(self, key: str) -> None:
        self._projection_label.setText(PROJECTIONS[key].title)
        for action in self._projection_group.actions():
            action.setChecked(action.data() == key)

    def _territory_changed(self, polity_ids) -> None:
        self.stats_panel.schedule_update()

    # --- actions -------------------------------------------------------------------------------------------
    def _action(self, menu: str, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.menu(menu).addAction(action)
        return action

    def _build_actions(self) -> None:
        open_action = self._action(
            "File", "&Open…", self._open_dialog, QKeySequence.Open, "Open a scenario (GeoJSON, GeoPackage, Shapefile)"
        )
        self._recent_menu = self.menu("File").addMenu("Open &Recent")
        self._rebuild_recent_menu()
        self.menu("File").addSeparator()
        self._action("File", "&Quit", self.close, QKeySequence.Quit)

        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.Redo)
        self.menu("Edit").addActions([undo, redo])

        canvas = self.canvas
        zoom_in = self._action("View", "Zoom &In", lambda: canvas.zoom_by(1.25), QKeySequence.ZoomIn)
        zoom_out = self._action("View", "Zoom &Out", lambda: canvas.zoom_by(0.8), QKeySequence.ZoomOut)
        full = self._action(
            "View", "Zoom to &Full Extent", canvas.zoom_to_extent, "Ctrl+Shift+F", "Show the whole USSR"
        )
        for action in (zoom_in, zoom_out):
            action.setShortcutContext(Qt.WidgetWithChildrenShortcut)  # the canvas handles bare +/- itself
        self._polity_menu = self.menu("View").addMenu("Zoom to &Polity")
        self.menu("View").addSeparator()
        projection_menu = self.menu("View").addMenu("&Projection")
        self._projection_group = QActionGroup(self)
        for key, projection in PROJECTIONS.items():
            action = projection_menu.addAction(projection.title)
            action.setData(key)
            action.setCheckable(True)
            action.setChecked(key == canvas.projection_key)
            action.triggered.connect(lambda checked=False, k=key: canvas.set_projection(k))
            self._projection_group.addAction(action)
        self._projection_label.setText(PROJECTIONS[canvas.projection_key].title)
        self.menu("View").addSeparator()
        self._panels_menu = self.menu("View").addMenu("P&anels")
        for dock in self.findChildren(QDockWidget):
            self._panels_menu.addAction(dock.toggleViewAction())
        self.menu("Layers").addAction(self.layers_dock.toggleViewAction())
        self._action("Help", "&About sovsplit", self._about)
        for action in (open_action, zoom_in, zoom_out, full):
            self.add_toolbar_action(action)

    def _rebuild_polity_menu(self) -> None:
        self._polity_menu.clear()
        for polity in self.scenario.polities.values():
            action = self._polity_menu.addAction(polity.name)
            action.triggered.connect(lambda checked=False, pid=polity.id: self.canvas.zoom_to_polity(pid))

    def _about(self) -> None:
        from sovsplit.ui.dialogs.help_dialogs import show_about

        show_about(self)
