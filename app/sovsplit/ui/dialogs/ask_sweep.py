"""What each region is worth to a polity: the sweep as a sortable table, and as a choropleth on the map."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sovsplit.model import formatting
from sovsplit.model.session import snapshot_scenario
from sovsplit.model.solve.sweep import SweepResult, SweepRow
from sovsplit.ui.dialogs.ask_work import BackgroundJobs, SweepJob, run_sweep
from sovsplit.ui.layers.worth_layer import WorthLayer, overlay_index

COLUMNS = (
    "Region",
    "Move",
    "Area km²",
    "Arable km²",
    "Population",
    "Ports gained",
    "Ports lost",
    "Pacific rail port",
    "Contiguity",
    "Verdict flips",
)


def _people(value: float) -> str:
    return f"{value:,.0f}"


# Columns the map can be coloured by: (label, the row's signed value, how a value reads in the legend).
MAP_COLUMNS = {
    "area": ("area km²", lambda r: r.area_km2, formatting.area_km2),
    "arable": ("arable km²", lambda r: r.arable_km2, formatting.arable_km2),
    "population": ("population", lambda r: r.population or 0.0, _people),
    "flips": ("verdict flips", lambda r: float(len(r.flips)), lambda v: f"{v:g}"),
}


class _Item(QTableWidgetItem):
    """A cell that sorts by its value (numbers as numbers), not by its text."""

    def __init__(self, text: str, key):
        super().__init__(text)
        self.setData(Qt.UserRole, key)
        self.setFlags(self.flags() & ~Qt.ItemIsEditable)
        if isinstance(key, (int, float)):
            self.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)

    def __lt__(self, other) -> bool:
        return self.data(Qt.UserRole) < other.data(Qt.UserRole)


def _port_change(row: SweepRow) -> str:
    if row.pacific_rail_port_before == row.pacific_rail_port_after:
        return "held" if row.pacific_rail_port_after else "none"
    return "gained" if row.pacific_rail_port_after else "lost"


def row_items(row: SweepRow) -> list[_Item]:
    name = f"{row.name} ({row.region_id})" + (" — moves whole" if row.split else "")
    population = "" if row.population is None else _people(row.population)
    flips = "; ".join(f"{f.title}: {f.before} → {f.after}" for f in row.flips)
    items = [
        _Item(name, row.name),
        _Item(row.direction, row.direction),
        _Item(formatting.area_km2(row.area_km2), row.area_km2),
        _Item(formatting.arable_km2(row.arable_km2), row.arable_km2),
        _Item(population, row.population if row.population is not None else 0.0),
        _Item("; ".join(row.ports_gained), len(row.ports_gained)),
        _Item("; ".join(row.ports_lost), len(row.ports_lost)),
        _Item(_port_change(row), _port_change(row)),
        _Item(row.contiguity_change, row.contiguity_change),
        _Item(str(len(row.flips)) + (f": {flips}" if flips else ""), len(row.flips)),
    ]
    items[-1].setToolTip(flips)
    return items


class SweepPanel(QWidget):
    """Measures every neighbour of the polity off the GUI thread, lists the rows and colours the map."""

    finished = Signal(object)  # the SweepResult shown

    def __init__(self, document, canvas=None, parent=None):
        super().__init__(parent)
        self.document, self.canvas = document, canvas
        self.polity_id: str | None = None
        self.result: SweepResult | None = None
        self.layer = WorthLayer()
        self.jobs = BackgroundJobs(self._failed, self, name="sovsplit-sweep")
        self.jobs.progressed.connect(self._progressed)
        document.territory_changed.connect(self._territory_changed)

        self.measure = QPushButton("Measure")
        self.measure.setToolTip("Move each region to (or from) the polity in turn, measure, and move it back")
        self.measure.clicked.connect(self.start)
        self.every_region = QCheckBox("Every region (not only neighbours and border regions)")
        self.cancel = QPushButton("Cancel")
        self.cancel.setEnabled(False)
        self.cancel.clicked.connect(self.jobs.cancel)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setFormat("%v of %m regions")
        self.progress.hide()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.colour_by = QComboBox()
        for key, (label, _, _) in MAP_COLUMNS.items():
            self.colour_by.addItem(label, key)
        self.colour_by.currentIndexChanged.connect(self.show_on_map)
        self.on_map = QCheckBox("Colour the map by")
        self.on_map.setChecked(True)
        self.on_map.toggled.connect(self.show_on_map)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)

        top = QHBoxLayout()
        top.addWidget(self.measure)
        top.addWidget(self.cancel)
        top.addWidget(self.every_region, 1)
        map_row = QHBoxLayout()
        map_row.addWidget(self.on_map)
        map_row.addWidget(self.colour_by)
        map_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addLayout(map_row)

    def _territory_changed(self, _polity_ids) -> None:
        if self.result is not None and not self.jobs.running:
            self.status.setText("The border has changed since these rows were measured: Measure again.")

    def set_polity(self, polity_id: str | None) -> None:
        if polity_id != self.polity_id:
            self.polity_id = polity_id
            self.clear()

    def clear(self) -> None:
        """Forget the rows (another polity or scenario): they no longer describe what is asked."""
        self.result = None
        self.table.setRowCount(0)
        self.status.setText("")
        self.layer.set_values({}, "")
        self.remove_layer()

    def start(self) -> None:
        scenario = self.document.scenario
        if scenario is None or self.polity_id is None or self.jobs.running:
            return
        job = SweepJob(
            snapshot_scenario(scenario),
            self.document.generation,
            self.polity_id,
            self.every_region.isChecked(),
            self.document.arable_source,
        )
        self.measure.setEnabled(False)
        self.cancel.setEnabled(True)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText("Measuring…")
        self.jobs.start(run_sweep, job, self._done, self._failed)

    def _progressed(self, news) -> None:
        done, total = news
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _finish(self) -> None:
        self.measure.setEnabled(True)
        self.cancel.setEnabled(False)
        self.progress.hide()

    def _failed(self, message: str) -> None:
        self._finish()
        self.status.setText(f"<b>Could not measure:</b> {message}")

    def _done(self, result: SweepResult) -> None:
        self._finish()
        self.result = result
        scenario = self.document.scenario
        polity = scenario.polities[result.polity_id].name if scenario is not None else result.polity_id
        receiver = scenario.polities[result.receiver].name if scenario is not None and result.receiver else "nobody"
        note = " (cancelled: the rows measured so far)" if result.cancelled else ""
        self.status.setText(
            f"Each region moved whole to {polity} (gain) or from it to {receiver} (loss); "
            f"figures are the change for {polity}{note}. Click a header to sort."
        )
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(result.rows))
        for r, row in enumerate(result.rows):
            for c, item in enumerate(row_items(row)):
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.DescendingOrder)
        self.table.resizeColumnsToContents()
        for column in (5, 6, 9):  # long text: keep the table readable, the full text is in the cell's tooltip
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 220))
        for r in range(self.table.rowCount()):
            for column in (5, 6):
                item = self.table.item(r, column)
                item.setToolTip(item.text())
        self.show_on_map()
        self.finished.emit(result)

    # --- the choropleth -----------------------------------------------------------------------------------------
    def show_on_map(self) -> None:
        if self.result is None:
            return
        label, value, fmt = MAP_COLUMNS[self.colour_by.currentData()]
        self.layer.set_values({row.region_id: value(row) for row in self.result.rows}, label, fmt)
        if self.canvas is None:
            return
        if self.on_map.isChecked():
            if self.layer not in self.canvas.layers:
                self.canvas.add_layer(self.layer, overlay_index(self.canvas))
        else:
            self.remove_layer()

    def remove_layer(self) -> None:
        if self.canvas is not None:
            self.canvas.remove_layer(self.layer)
