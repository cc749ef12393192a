"""The open-scenarios list: the window's scenario plus others loaded for comparison; the checked ones are compared."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sovsplit.model.io.problems import InputError
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.io.shipped_scenarios import shipped_scenarios
from sovsplit.model.regions import default_regions
from sovsplit.model.session import GEOMETRY_LOCK as MODEL_LOCK
from sovsplit.ui.document.tasks import TaskRunner

OPEN_FILTER = "Scenarios (*.geojson *.json *.gpkg *.shp);;All files (*)"
LIVE = "current"


def _load(path: Path):
    """Read a scenario file off the GUI thread; a bad file raises InputError naming it and the problem."""
    try:
        with MODEL_LOCK:  # loading overlays the file with the shared regions (prepared geometries)
            return load_scenario(path, default_regions())
    except InputError:
        raise
    except Exception as exc:  # an unreadable file is the user's file problem, not a crash
        raise InputError(path, f"{type(exc).__name__}: {exc}") from exc


class ScenarioList(QWidget):
    """Scenarios open side by side. The first checked one is the baseline; order with Up and Down."""

    compare_requested = Signal(list, list)  # scenarios, names

    def __init__(self, parent=None, document=None):
        super().__init__(parent)
        self._scenarios: dict[int, tuple[object, str]] = {}  # item key -> (scenario, name)
        self._next_key = 0
        self.document = document
        self.tasks = TaskRunner(self._load_failed, self, name="sovsplit-scenario-list")
        self._loading = 0

        self.list = QListWidget()
        self.list.setToolTip("Checked scenarios are compared; the first checked one is the baseline.")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        add = QPushButton("Add file…")
        add.clicked.connect(self._add_dialog)
        shipped = QToolButton()
        shipped.setText("Add shipped")
        shipped.setPopupMode(QToolButton.InstantPopup)
        menu = QMenu(shipped)
        for name, path in shipped_scenarios().items():
            menu.addAction(name, lambda p=path: self.add_file(p))
        shipped.setMenu(menu)
        remove = QPushButton("Remove")
        remove.clicked.connect(self._remove_selected)
        up, down = QPushButton("Up"), QPushButton("Down")
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(1))
        self.compare_button = QPushButton("Compare")
        self.compare_button.setDefault(True)
        self.compare_button.clicked.connect(self.request_compare)

        row1, row2 = QHBoxLayout(), QHBoxLayout()
        for w in (add, shipped, remove):
            row1.addWidget(w)
        for w in (up, down):
            row2.addWidget(w)
        row2.addStretch(1)
        row2.addWidget(self.compare_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.message)

    # --- contents ------------------------------------------------------------------------------------------
    def set_current(self, scenario) -> None:
        """The window's scenario, always first on the list; it is compared as it is when Compare is pressed."""
        name = scenario.path.stem if scenario.path is not None else scenario.name
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.UserRole + 1) == LIVE:
                self._scenarios[item.data(Qt.UserRole)] = (scenario, name)
                item.setText(f"{name} (in the window)")
                return
        item = self._add_item(scenario, name, f"{name} (in the window)")
        item.setData(Qt.UserRole + 1, LIVE)
        self.list.takeItem(self.list.row(item))
        self.list.insertItem(0, item)

    def add_scenario(self, scenario, name: str | None = None) -> None:
        name = name or (scenario.path.stem if scenario.path is not None else scenario.name)
        self._add_item(scenario, name, name)

    def add_file(self, path) -> None:
        """Load a scenario file in the background and add it; a bad file is named in the message line."""
        self._loading += 1
        self.message.setText(f"Loading {Path(path).name}…")
        path = Path(path)
        self.tasks.submit(_load, path, lambda scenario: self._loaded(scenario, path.stem))

    def wait(self, timeout_ms: int = 60000) -> bool:
        return self.tasks.wait(timeout_ms)

    def names(self) -> list[str]:
        return [self._scenarios[self.list.item(r).data(Qt.UserRole)][1] for r in range(self.list.count())]

    def checked(self) -> tuple[list, list[str]]:
        """The checked scenarios and their (unique) names, in list order."""
        chosen = [
            self._scenarios[self.list.item(r).data(Qt.UserRole)]
            for r in range(self.list.count())
            if self.list.item(r).checkState() == Qt.Checked
        ]
        return [s for s, _ in chosen], [n for _, n in chosen]

    def request_compare(self) -> None:
        scenarios, names = self.checked()
        if len(scenarios) < 2:
            self.message.setText("Check two or more scenarios to compare (add files or shipped scenarios).")
            return
        self.message.setText("")
        self.compare_requested.emit(scenarios, names)

    # --- internals -----------------------------------------------------------------------------------------
    def _add_item(self, scenario, name: str, text: str) -> QListWidgetItem:
        taken = set(self.names())
        unique, n = name, 2
        while unique in taken:
            unique, n = f"{name} ({n})", n + 1
        key = self._next_key
        self._next_key += 1
        self._scenarios[key] = (scenario, unique)
        item = QListWidgetItem(text if unique == name else text.replace(name, unique, 1))
        item.setData(Qt.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
        item.setCheckState(Qt.Checked)
        item.setToolTip(str(scenario.path) if scenario.path is not None else scenario.name)
        self.list.addItem(item)
        return item

    def _loaded(self, scenario, name: str) -> None:
        self._loading -= 1
        self.add_scenario(scenario, name)
        note = f"Opened {name}." + (f" Warnings: {'; '.join(scenario.warnings)}" if scenario.warnings else "")
        self.message.setText(note)

    def _load_failed(self, message: str) -> None:
        self._loading -= 1
        self.message.setText(f"<b>Cannot open:</b> {message}")
        if self.document is not None:
            self.document.message.emit(f"Cannot open: {message}")

    def _add_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Add scenarios to compare", "", OPEN_FILTER)
        for path in paths:
            self.add_file(path)

    def _remove_selected(self) -> None:
        for item in self.list.selectedItems():
            if item.data(Qt.UserRole + 1) == LIVE:
                continue  # the window's own scenario stays; uncheck it to leave it out
            self._scenarios.pop(item.data(Qt.UserRole), None)
            self.list.takeItem(self.list.row(item))

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
