"""The comparison view: metrics side by side with deltas, a delta chart, a map of land that changed hands, exports."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sovsplit.model import formatting
from sovsplit.model.compare.comparison import METRICS, Comparison, compare_scenarios
from sovsplit.model.compare.output import ARROW, comparison_csv, comparison_json, format_metric
from sovsplit.model.io.atomic import write_atomic
from sovsplit.model.session import GEOMETRY_LOCK as MODEL_LOCK
from sovsplit.model.session import snapshot_scenario as snapshot_of
from sovsplit.ui.document.tasks import TaskRunner, TaskState

GAIN, LOSS = QColor("#1e7b34"), QColor("#b03a2e")
# The metric names' column shrinks (its names wrap) down to this before the table scrolls sideways.
MIN_METRIC_PX = 80


def _compare(job, state: TaskState) -> Comparison:
    """compare_scenarios on snapshots, off the GUI thread; its stage reports become the task's progress."""
    scenarios, names = job
    # The house lock for model work off the GUI thread: the shared regions' prepared geometries must not be
    # queried from two threads at once.
    with MODEL_LOCK:
        return compare_scenarios(scenarios, names, progress=lambda text: state.progress(0.0, text))


def _show(value, signed: bool = False) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value) if value else "—"
    if isinstance(value, float):
        text = f"{value:+,.2f}" if signed else f"{value:,.2f}"
        return text if abs(value) < 100 else (f"{value:+,.0f}" if signed else f"{value:,.0f}")
    if isinstance(value, int):
        return f"{value:+d}" if signed else f"{value:,}"
    return str(value)


class CompareView(QWidget):
    """Shows a Comparison: table, transfers, chart and map tabs; recomputes off the GUI thread."""

    comparison_ready = Signal(object)

    def __init__(self, parent=None, document=None):
        super().__init__(parent)
        self.comparison: Comparison | None = None
        self.document = document
        self._generation = 0
        self.tasks = TaskRunner(self._failed, self, name="sovsplit-compare")
        self._running: TaskState | None = None

        self.title = QLabel("Open two or more scenarios and press Compare.")
        self.title.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: the comparison reports stages, not fractions
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.export_csv_button = QPushButton("Export CSV…")
        self.export_json_button = QPushButton("Export JSON…")
        for button in (self.export_csv_button, self.export_json_button):
            button.setEnabled(False)
        self.export_csv_button.clicked.connect(lambda: self._export_dialog("csv"))
        self.export_json_button.clicked.connect(lambda: self._export_dialog("json"))

        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.ElideRight)
        self.transfers = QTableWidget(0, 6)
        self.transfers.setHorizontalHeaderLabels(
            ["scenario", f"from {ARROW} to", "km²", "arable km²", "ports", "regions"]
        )
        self.transfers.setEditTriggers(QTableWidget.NoEditTriggers)
        self.transfers.verticalHeader().hide()
        self.transfers.horizontalHeader().setSectionResizeMode(5, QHeaderView.Stretch)
        self.transfers.setWordWrap(True)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #8a5a00;")
        self.chart = None  # matplotlib widgets are made on first use: importing matplotlib is slow
        self.map = None
        self._chart_box, self._map_box = QWidget(), QWidget()
        for box in (self._chart_box, self._map_box):
            QVBoxLayout(box).setContentsMargins(0, 0, 0, 0)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "Metrics")
        self.tabs.addTab(self.transfers, "Changed hands")
        self.tabs.addTab(self._chart_box, "Chart")
        self.tabs.addTab(self._map_box, "Map")

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.export_csv_button)
        head.addWidget(self.export_json_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(head)
        layout.addWidget(self.busy)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.note)

    # --- computing -----------------------------------------------------------------------------------------
    def compare(self, scenarios, names: list[str]) -> None:
        """Compare scenarios[1:] with scenarios[0] in the background (snapshots: editing may go on)."""
        self._generation += 1
        self.busy.show()
        self.title.setText(f"Comparing {', '.join(names)}…")
        snapshots = [snapshot_of(s) for s in scenarios]
        for snapshot, scenario in zip(snapshots, scenarios):
            snapshot.warnings = list(scenario.warnings)
        if self._running is not None:
            self._running.cancel()  # superseded: its result is dropped (compare_scenarios cannot stop midway)
        generation = self._generation
        self._running = self.tasks.start(
            _compare,
            (snapshots, list(names)),
            on_done=lambda comparison: self._finished(generation, comparison),
            on_error=lambda message: self._failed(message, generation),
            on_progress=lambda fraction, text: self._progress(generation, text),
        )

    def wait(self, timeout_ms: int = 120000) -> bool:
        """Block until the running comparison is done and delivered (tests and snapshots)."""
        return self.tasks.wait(timeout_ms)

    def _progress(self, generation: int, text: str) -> None:
        if generation == self._generation:
            self.title.setText(f"Comparing: {text}…")

    def _failed(self, message: str, generation: int | None = None) -> None:
        if generation is None or generation == self._generation:
            self.busy.hide()
            self.title.setText(f"<b>Comparison failed:</b> {message}")
            if self.document is not None:
                self.document.message.emit(f"Comparison failed: {message}")

    def _finished(self, generation: int, comparison: Comparison) -> None:
        if generation != self._generation:
            return  # a newer request is running; its result will come
        self._running = None
        self.busy.hide()
        self.show_comparison(comparison)
        self.comparison_ready.emit(comparison)

    # --- display -------------------------------------------------------------------------------------------
    def show_comparison(self, c: Comparison) -> None:
        self.comparison = c
        others = c.scenarios[1:]
        self.title.setText(f"<b>Baseline: {c.scenarios[0]}</b> — compared with {', '.join(others)}")
        self._fill_table(c)
        self._fill_transfers(c)
        notes = c.unmatched + c.warnings
        self.note.setText("\n".join(notes[:8]) + (f"\n… and {len(notes) - 8} more" if len(notes) > 8 else ""))
        self.note.setVisible(bool(notes))
        for button in (self.export_csv_button, self.export_json_button):
            button.setEnabled(True)
        self._draw_chart(c)
        self._draw_map(c)

    def _fill_table(self, c: Comparison) -> None:
        """One row per metric under a coloured row per polity, so the table fits a narrow dock: scenario names
        wrap at their hyphens, a single comparison's delta columns are just "Δ" and "Δ %" (full titles in the
        tooltips), and long lists are cut short with the whole list in the tooltip."""
        titles = ["metric"] + list(c.scenarios)
        for name in c.scenarios[1:]:
            titles += [f"Δ {name}", f"Δ% {name}"]
        single = len(c.scenarios) == 2
        self.table.clear()
        self.table.setColumnCount(len(titles))
        for column, title in enumerate(titles):
            shown = title.replace("-", "-\n") if 1 <= column <= len(c.scenarios) and len(title) > 10 else title
            if single and column > len(c.scenarios):
                shown = "Δ" if title.startswith("Δ ") else "Δ %"
            header = QTableWidgetItem(shown)
            header.setData(Qt.UserRole, title)
            header.setToolTip(title)
            self.table.setHorizontalHeaderItem(column, header)
        self.table.setRowCount(len(c.polities) * (len(METRICS) + 1))
        self.table.clearSpans()
        bold = QFont()
        bold.setBold(True)
        r = 0
        for polity in c.polities:
            name = QTableWidgetItem(polity.name)
            name.setFont(bold)
            name.setBackground(QBrush(QColor(polity.colour)))
            light = QColor(polity.colour).lightnessF() < 0.6
            name.setForeground(QBrush(QColor("#ffffff" if light else "#000000")))
            name.setData(Qt.UserRole, "polity")
            self.table.setItem(r, 0, name)
            self.table.setSpan(r, 0, 1, len(titles))
            r += 1
            for metric in METRICS:
                self.table.setItem(r, 0, QTableWidgetItem(metric.label))
                values = polity.metrics[metric.key]
                for i, value in enumerate(values):
                    self._set(r, 1 + i, format_metric(metric.key, value))
                for i in range(1, len(c.scenarios)):
                    col = 1 + len(c.scenarios) + 2 * (i - 1)
                    delta, pct = polity.deltas[metric.key][i], polity.delta_percent[metric.key][i]
                    blank = delta is None or (isinstance(delta, (str, list)) and not delta)
                    self._set(r, col, "" if blank else format_metric(metric.key, delta, signed=True), delta)
                    if metric.key.endswith("_pct"):
                        pct = (
                            None  # shares compare in percentage points (the Δ column); a percent of a percent misleads
                        )
                    self._set(r, col + 1, _show(pct, signed=True) + " %" if pct is not None else "", pct)
                if metric.kind == "list":
                    # A polity can hold 40 ports: the columns are sized to the numbers, so a list is cut short
                    # with "…" where it meets the next column, and shown whole in the tooltip.
                    self.table.item(r, 0).setData(Qt.UserRole, "list")
                    for column in range(1, len(titles)):
                        item = self.table.item(r, column)
                        if item is not None:
                            item.setToolTip(item.text())
                r += 1
        self._fit_columns()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.comparison is not None:
            self._fit_columns()

    def _fit_columns(self) -> None:
        """Columns at their contents' width; when that is wider than the dock, the metric names give way (they
        wrap onto two lines) before the numbers would scroll out of sight."""
        table = self.table
        metrics = table.fontMetrics()
        header = table.horizontalHeader()
        for column in range(table.columnCount()):
            width = header.sectionSizeHint(column)
            for row in range(table.rowCount()):
                first, item = table.item(row, 0), table.item(row, column)
                if item is None or first.data(Qt.UserRole) in ("polity", "list"):
                    continue  # spanning polity rows and long lists do not set the width
                width = max(width, metrics.horizontalAdvance(item.text()) + 12)
            table.setColumnWidth(column, width)
        table.resizeRowsToContents()  # wrapped names make rows taller, which may bring in the vertical scroll bar
        one_line = table.verticalHeader().defaultSectionSize()
        for row in range(table.rowCount()):
            if table.item(row, 0).data(Qt.UserRole) == "list":
                table.setRowHeight(row, one_line)  # a list stays one line, cut with "…"
        available = table.viewport().width()
        rows_height = table.verticalHeader().length()
        if rows_height > table.viewport().height() and not table.verticalScrollBar().isVisible():
            available -= table.verticalScrollBar().sizeHint().width()
        spare = available - header.length()
        if spare < 0:
            table.setColumnWidth(0, max(MIN_METRIC_PX, table.columnWidth(0) + spare))
            table.resizeRowsToContents()
            for row in range(table.rowCount()):
                if table.item(row, 0).data(Qt.UserRole) == "list":
                    table.setRowHeight(row, one_line)

    def _set(self, row: int, column: int, text: str, signed_value=None) -> None:
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
        if isinstance(signed_value, (int, float)) and not isinstance(signed_value, bool) and signed_value:
            item.setForeground(QBrush(GAIN if signed_value > 0 else LOSS))
        elif signed_value in ("gained", "lost"):
            item.setForeground(QBrush(GAIN if signed_value == "gained" else LOSS))
        self.table.setItem(row, column, item)

    def _fill_transfers(self, c: Comparison) -> None:
        self.transfers.setRowCount(len(c.transfers))
        for r, t in enumerate(c.transfers):
            cells = [
                t.scenario,
                f"{c.name_of(t.from_id)} {ARROW} {c.name_of(t.to_id)}",
                formatting.area_km2(t.area_km2),
                formatting.arable_km2(t.arable_km2),
                ", ".join(t.ports) or "—",
                ", ".join(reg.name if reg.whole else f"{reg.name} (part)" for reg in t.regions),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (2, 3):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.transfers.setItem(r, column, item)
        self.transfers.resizeColumnsToContents()
        self.transfers.horizontalHeader().setSectionResizeMode(5, QHeaderView.Stretch)
        self.transfers.resizeRowsToContents()

    def cell_text(self, polity_name: str, metric_key: str, column_title: str) -> str:
        """What the metrics table shows for a polity, metric and column (tests and tools read it); the column is
        named by its full title ("Δ east-with-primorsky"), whatever its header shows."""
        label = next(m.label for m in METRICS if m.key == metric_key)
        headers = [self.table.horizontalHeaderItem(i).data(Qt.UserRole) for i in range(self.table.columnCount())]
        column = headers.index(column_title)
        polity = None
        for row in range(self.table.rowCount()):
            first = self.table.item(row, 0)
            if first.data(Qt.UserRole) == "polity":
                polity = first.text()
            elif polity == polity_name and first.text() == label:
                item = self.table.item(row, column)
                return item.toolTip() or item.text()
        raise KeyError((polity_name, metric_key))

    def _draw_chart(self, c: Comparison) -> None:
        if self.chart is None:
            from sovsplit.ui.panels.compare_chart import CompareChart

            self.chart = CompareChart()
            self._chart_box.layout().addWidget(self.chart)
        self.chart.draw_comparison(c)

    def _draw_map(self, c: Comparison) -> None:
        if self.map is None:
            from sovsplit.ui.panels.compare_chart import TransferMap

            self.map = TransferMap()
            self._map_box.layout().addWidget(self.map)
        self.map.draw_transfers(c)

    # --- exporting -----------------------------------------------------------------------------------------
    def export(self, path: Path | str, fmt: str | None = None) -> Path:
        """Write the comparison as CSV or JSON (by suffix unless given), atomically."""
        if self.comparison is None:
            raise ValueError("nothing to export yet")
        path = Path(path)
        fmt = fmt or ("json" if path.suffix.lower() == ".json" else "csv")
        write_atomic(path, comparison_json(self.comparison) if fmt == "json" else comparison_csv(self.comparison))
        return path

    def _export_dialog(self, fmt: str) -> None:
        if self.comparison is None:
            return
        suggested = "-vs-".join(self.comparison.scenarios) + f".{fmt}"
        path, _ = QFileDialog.getSaveFileName(
            self, f"Export comparison as {fmt.upper()}", suggested, f"{fmt.upper()} (*.{fmt})"
        )
        if not path:
            return
        try:
            self.export(path, fmt)
        except OSError as exc:
            self.title.setText(f"<b>Export failed:</b> {Path(path).name}: {exc.strerror or exc}")
            return
        self.title.setText(f"Exported {Path(path).name}")
