"""The main window: map canvas in the middle, layers and statistics docks, menus others extend."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox, QToolBar, QWidget

from sovsplit.model.io.problems import InputError
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.projections import PROJECTIONS
from sovsplit.render.style import load_style
from sovsplit.ui.canvas.map_canvas import MapCanvas
from sovsplit.ui.dialogs.field_chooser import ask_name_field, needs_name_field
from sovsplit.ui.dialogs.user_guide import show_shortcuts, show_user_guide
from sovsplit.ui.document.document import Document
from sovsplit.ui.layers.area_labels import AreaLabelsLayer
from sovsplit.ui.layers.map_layers import default_layers
from sovsplit.ui.layers.sea_labels import SeaLabelsLayer
from sovsplit.ui.panels.layers_panel import LayersPanel
from sovsplit.ui.panels.region_info import region_info_text
from sovsplit.ui.panels.stats_panel import StatsPanel
from sovsplit.ui.panels.time_bar import install_time_bar
from sovsplit.ui.window.actions import WINDOW_ACTIONS, MenuGroups, redo_shortcuts
from sovsplit.ui.window.annotations import install_annotations
from sovsplit.ui.window.ask_tool import install_ask
from sovsplit.ui.window.compare_tool import install_compare
from sovsplit.ui.window.dock_sizes import arrange_dock_tabs, size_docks
from sovsplit.ui.window.editing import install_editing
from sovsplit.ui.window.export_menu import install_export
from sovsplit.ui.window.land_and_ports import install_land_and_ports
from sovsplit.ui.window.scenario_warmup import warm_scenario
from sovsplit.ui.window.style_menu import install_style_menus
from sovsplit.ui.window.toolbar_icons import polish_toolbar, tip_labelled_buttons
from sovsplit.ui.window.trace_menu import install_map_images

MAX_RECENT = 8
OPEN_FILTER = "Scenarios (*.geojson *.json *.gpkg *.shp);;All files (*)"


def format_lonlat(lon: float, lat: float) -> str:
    """131.87°E 43.11°N, with the longitude wrapped to −180…180 for display."""
    lon = (lon + 180.0) % 360.0 - 180.0
    return f"{abs(lon):.2f}°{'E' if lon >= 0 else 'W'} {abs(lat):.2f}°{'N' if lat >= 0 else 'S'}"


def _read_scenario(path, name_field: str | None = None):
    """Read a scenario file (None: the default one); any failure becomes one line naming the file."""
    try:
        return load_scenario(path, name_field=name_field)
    except InputError:
        raise
    except Exception as exc:  # any unreadable file is the user's file problem, not a crash
        raise InputError(path or "default scenario", f"{type(exc).__name__}: {exc}") from exc


class MainWindow(QMainWindow):
    """sovsplit's window. Other features plug in through menu(), add_dock(), add_toolbar_action() and the canvas."""

    def __init__(self, scenario=None, style=None):
        super().__init__()
        self.setWindowTitle("sovsplit[*]")
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.AnimatedDocks | QMainWindow.AllowTabbedDocks)
        arrange_dock_tabs(self)
        self.style = style or load_style(None)[0]
        # The one document behind the window: views observe it, edits and replacements go through it.
        self.document = Document(self)
        self.scenario_replaced = self.document.scenario_replaced
        self.document.modified_changed.connect(self.setWindowModified)
        self.document.message.connect(self.set_status)
        self._last_cursor: tuple[float, float] | None = None
        self.menus = MenuGroups(self.menuBar(), self)
        self.toolbar = QToolBar("Main toolbar", self)
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(Qt.TopToolBarArea, self.toolbar)

        self.canvas = MapCanvas(self.style, self)
        for layer in default_layers():
            self.canvas.add_layer(layer)
        # Polity and country names across their areas, above the city labels they give way to (issue 17).
        self.canvas.add_layer(AreaLabelsLayer())
        self.canvas.add_layer(SeaLabelsLayer())  # last: sea names give way to every other label
        self.setCentralWidget(self.canvas)

        self.document.scenario_replaced.connect(self._scenario_shown)
        self.layers_panel = LayersPanel(self.canvas, self.document)
        self.layers_panel.follow_layers(False)  # the features below add their layers: one rebuild at the end
        self.layers_dock = self.add_dock(self.layers_panel, "Layers", Qt.LeftDockWidgetArea)
        self.stats_panel = StatsPanel(self.document, colour_of=self.canvas.polity_colour)
        self.canvas.style_changed.connect(self.stats_panel.refresh)
        self.stats_dock = self.add_dock(self.stats_panel, "Statistics", Qt.RightDockWidgetArea)
        # False until the docks get their first-start proportions (window_state sets it when it restores the
        # user's own layout, which wins).
        self.docks_sized = False

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
        self.document.polities_changed.connect(lambda polity_id: self._rebuild_polity_menu())
        self.document.report_ready.connect(lambda result: self._refresh_hover())

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
        # Tools → Ask the map…: the cheapest transfer that meets conditions, and what each region is worth (issue 20).
        self.ask_tool = install_ask(self)
        # File → Add Map Image…: image underlays and the georeferencer (issue 18).
        self.map_images = install_map_images(self)
        # The time bar under the map for timelines (issue 19): slider over the states, play, new state at a date.
        self.time_bar = install_time_bar(self)
        # Icons and shortcut tooltips on the toolbar, a tooltip on every labelled button (issue 17).
        polish_toolbar(self.toolbar)
        tip_labelled_buttons(self)
        self.layers_panel.follow_layers(True)
        if scenario is not None:
            self.set_scenario(scenario)

    # --- extension points --------------------------------------------------------------------------------
    def menu(self, name: str) -> QMenu:
        """The top-level menu called `name` ("File", "Edit", …); add to it through `add_action` and a group."""
        return self.menus.menu(name)

    def add_action(self, menu: str, group: str, item: QAction | QMenu) -> QAction:
        """Put an action or submenu at the end of a named group of a menu (groups: ui/window/actions.py)."""
        return self.menus.add(menu, group, item)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.docks_sized:
            # Give the map most of the window, and the statistics room for two polities' numbers side by side.
            self.docks_sized = True
            size_docks(self)

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
    @property
    def scenario(self):
        """The document's scenario (read-only here: replace it through `document.replace_scenario`)."""
        return self.document.scenario

    @property
    def undo_stack(self):
        return self.document.undo_stack

    def set_scenario(self, scenario, path=None) -> bool:
        """Show a scenario (already loaded), asking first when there are unsaved changes. True when shown."""
        return self.document.replace_scenario(scenario, path)

    def _scenario_shown(self, scenario) -> None:
        self.canvas.set_scenario(scenario)
        if not self.document.showing_state:  # another state of a timeline: same regions, keep the view
            self.canvas.zoom_to_extent()
        self._rebuild_polity_menu()
        title = scenario.name
        if scenario.path is not None:
            title += f" — {scenario.path.name}"
        self.setWindowTitle(f"{title}[*] — sovsplit")
        self.setWindowModified(self.document.is_modified())

    def open_scenario(self, path) -> bool:
        """Open a scenario file; problems are shown in a dialog, never raised. True when it opened."""
        path = Path(path)
        try:
            scenario = _read_scenario(path)
            if needs_name_field(scenario):  # a plain file of polities: let the user pick the name field
                field = ask_name_field(self, scenario)
                scenario = _read_scenario(path, name_field=field) if field else scenario
        except InputError as exc:
            QMessageBox.warning(self, "Cannot open scenario", str(exc))
            return False
        return self._opened(scenario, path)

    def load_in_background(self, path=None) -> None:
        """Open a scenario (None: the default one) without blocking the window; the map shows when it is read."""
        self.set_status("Loading scenario…", 0)
        projection = self.canvas.projection_key
        self.document.tasks.submit(
            # The territories, borders and label outlines the first paint needs are worked out here too.
            lambda p: warm_scenario(_read_scenario(p), projection),
            path,
            lambda scenario: self._opened(scenario, path),
            self._load_failed,
            label="",
        )

    def _opened(self, scenario, path) -> bool:
        self.statusBar().clearMessage()
        if not self.document.replace_scenario(scenario):
            self.set_status("Kept the current scenario")
            return False
        if path is not None:
            self._remember_recent(Path(path))
            self.set_status(f"Opened {path}")
        self.show_warnings(scenario.warnings)
        return True

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
            self._last_cursor = None
            self._position_label.setText("")
            self.canvas.setToolTip("")
            return
        self._last_cursor = (lon, lat)
        self._position_label.setText(format_lonlat(lon, lat))
        self._refresh_hover()

    def _refresh_hover(self) -> None:
        """The hover text under the cursor, again when a new result arrives (the mouse need not move)."""
        if self._last_cursor is None:
            return
        info = self._region_info(*self._last_cursor)
        if info is not None:
            self.canvas.setToolTip(info)
            self.stats_panel.show_region_info(info)

    def _region_info(self, lon: float, lat: float) -> str | None:
        """The region text at a point; None while statistics are being computed (try again on the next move)."""
        result = self.document.result
        if self.scenario is None or result is None:
            return "" if self.scenario is None else None
        with self.document.session.access(wait=False) as free:
            if not free:
                return None
            return region_info_text(self.scenario, result.parcel_stats, lon, lat)

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

    # --- actions -------------------------------------------------------------------------------------------
    def _build_actions(self) -> None:
        canvas, menus = self.canvas, self.menus
        slots = {
            "new": lambda: self.load_in_background(None),
            "open": self._open_dialog,
            "quit": self.close,
            "zoom-in": lambda: canvas.zoom_by(1.25),
            "zoom-out": lambda: canvas.zoom_by(0.8),
            "zoom-full": canvas.zoom_to_extent,
            "about": self._about,
            "full-screen": self._toggle_full_screen,
            "guide": lambda: show_user_guide(self),
            "shortcuts": lambda: show_shortcuts(self),
        }
        actions = {key: menus.create(spec, slots[key]) for key, spec in WINDOW_ACTIONS.items()}
        self._recent_menu = menus.add_menu("File", "open", "Open &Recent")
        self._rebuild_recent_menu()

        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts(redo_shortcuts())
        menus.add("Edit", "undo", undo)
        menus.add("Edit", "undo", redo)

        for key in ("zoom-in", "zoom-out"):
            actions[key].setShortcutContext(Qt.WidgetWithChildrenShortcut)  # the canvas handles bare +/- itself
        self._polity_menu = menus.add_menu("View", "zoom", "Zoom to &Polity")
        projection_menu = menus.add_menu("View", "projection", "&Projection")
        self._projection_group = QActionGroup(self)
        for key, projection in PROJECTIONS.items():
            action = projection_menu.addAction(projection.title)
            action.setData(key)
            action.setCheckable(True)
            action.setChecked(key == canvas.projection_key)
            action.triggered.connect(lambda checked=False, k=key: canvas.set_projection(k))
            self._projection_group.addAction(action)
        self._projection_label.setText(PROJECTIONS[canvas.projection_key].title)
        self._panels_menu = menus.add_menu("View", "panels", "P&anels")
        for dock in self.findChildren(QDockWidget):
            self._panels_menu.addAction(dock.toggleViewAction())
        menus.add("Layers", "layers", self.layers_dock.toggleViewAction())
        for key, spec in WINDOW_ACTIONS.items():
            if spec.toolbar:
                self.add_toolbar_action(actions[key])

    def _rebuild_polity_menu(self) -> None:
        self._polity_menu.clear()
        if self.scenario is None:
            return
        for polity in self.scenario.polities.values():
            action = self._polity_menu.addAction(polity.name)
            action.triggered.connect(lambda checked=False, pid=polity.id: self.canvas.zoom_to_polity(pid))

    def _toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def _about(self) -> None:
        from sovsplit.ui.dialogs.help_dialogs import show_about

        show_about(self)
