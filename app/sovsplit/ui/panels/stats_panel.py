"""The statistics dock: every polity side by side, a chart, and the region under the cursor; updated live."""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sovsplit.model import formatting as fmt
from sovsplit.model.colours import text_colour_on
from sovsplit.model.frame import frame_footnote
from sovsplit.model.report import PolityStats, ScenarioReport

# Recompute at most once per frame while territory is being edited.
FRAME_MS = 16


def _sea_route(route) -> str:
    if not route:
        return fmt.NONE
    suffix = "" if route.year_round else " (seasonal)"
    return f"{fmt.length_text(route.km)} from {route.port}{suffix}"


# (row title, how to show a polity's report entry); arable rows say "modelled": the raster is a model.
# Every number goes through model/formatting.py, as in the CLI, the hover text and the exported legend.
ROWS = [
    ("Area (km²)", lambda p: fmt.area_km2(p.area_km2)),
    ("Share of the USSR", lambda p: fmt.share(p.share_of_ussr)),
    ("Coastline (km)", lambda p: fmt.coastline_km(p.coastline_km)),
    ("Arable land, modelled (km²)", lambda p: fmt.arable_km2(p.arable_km2)),
    ("Arable share, modelled", lambda p: fmt.model_share(p.arable_share)),
    ("Ports held", lambda p: fmt.count(p.ports.count)),
    ("Ice-free ports", lambda p: fmt.count(p.ports.year_round)),
    ("Basins reached", lambda p: ", ".join(p.ports.basins) or fmt.NONE),
    ("Ocean outlets", lambda p: ", ".join(p.ports.ocean_outlets) or fmt.NONE),
    ("Ice-free Pacific port", lambda p: fmt.yes_no(p.ports.ice_free_pacific)),
    ("Longest navigation season", lambda p: fmt.months(p.ports.longest_season_months)),
    ("Sea route to Japan", lambda p: _sea_route(p.ports.to_japan)),
    ("Sea route to China", lambda p: _sea_route(p.ports.to_china)),
    (
        "Regions held (whole / part)",
        lambda p: f"{sum(r.whole for r in p.regions)} / {sum(not r.whole for r in p.regions)}",
    ),
]


ARABLE_ROWS = ("Arable land, modelled (km²)", "Arable share, modelled")
PACIFIC_ROW = "Ice-free Pacific port"


def row_labels(source) -> list[str]:
    """The row titles as shown: arable rows name the imported layer instead of saying "modelled"."""
    if source is None or getattr(source, "is_model", True):
        return [title for title, _ in ROWS]
    name = source.name
    shown = {ARABLE_ROWS[0]: f"Arable land, {name} (km²)", ARABLE_ROWS[1]: f"Arable share, {name}"}
    return [shown.get(title, title) for title, _ in ROWS]


def arable_note(source, report: ScenarioReport) -> str:
    description = report.arable_model.rstrip(".")
    if source is None or getattr(source, "is_model", True):
        return f"Arable land is modelled: {description}."
    return f"Arable land from the imported layer {source.name}: {description}."


def _row_detail(title: str, polity: PolityStats, item: QTableWidgetItem) -> None:
    """Tooltips and emphasis that make the port rows readable at a glance."""
    ports = polity.ports
    if title == "Ports held" and ports.held:
        seasons = [
            f"{h.name} ({'all year' if h.ice_free else str(h.navigation_months) + ' months'})" for h in ports.held
        ]
        item.setToolTip("<br>".join(seasons))
    elif title == PACIFIC_ROW:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setBackground(QBrush(QColor("#c8e6c9" if ports.ice_free_pacific else "#ffcdd2")))
        item.setForeground(QBrush(QColor("#1b5e20" if ports.ice_free_pacific else "#b71c1c")))
        pacific = [h.name for h in ports.held if h.ice_free and h.basin == "Pacific"]
        item.setToolTip(
            "Year-round Pacific ports: " + ", ".join(pacific) if pacific else "No Pacific port usable all year"
        )


def first_clause(text: str) -> str:
    """The text up to its first colon or full stop ("Arable land is modelled"), for a one-line summary."""
    for mark in (": ", ". "):
        text = text.partition(mark)[0]
    return text.rstrip(".")


def header_text(name: str, width_chars: int = 12) -> str:
    """A polity name broken at spaces into lines of about `width_chars` (headers do not wrap by themselves)."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width_chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines) or name


class StatsPanel(QWidget):
    """West and East (every polity) side by side, with a bar chart; shows each result the document publishes."""

    report_ready = Signal(object)  # the ScenarioReport, after it is shown

    def __init__(self, document, parent=None, colour_of=None):
        super().__init__(parent)
        self.document = document
        # The colour a polity is painted in on the map (the map style may replace the scenario's own).
        self.colour_of = colour_of or (lambda polity_id, colour: colour)
        self.report: ScenarioReport | None = None
        self.parcel_stats: dict = {}
        self.last_compute_ms = 0.0
        self.generation = -1
        self._source = None
        document.scenario_replaced.connect(self._scenario_replaced)
        document.report_ready.connect(self.show_result)
        document.failed.connect(self._failed)

        self.title = QLabel("")
        self.title.setWordWrap(True)
        self.table = QTableWidget(len(ROWS), 0)
        self.table.setVerticalHeaderLabels([title for title, _ in ROWS])
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.NoSelection)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.horizontalHeader().setTextElideMode(Qt.ElideRight)  # a name too long even wrapped: "…"
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.setWordWrap(True)
        self.table.setSizeAdjustPolicy(QTableWidget.AdjustToContents)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setForegroundRole(QPalette.PlaceholderText)  # secondary text that reads in either theme
        self.chart = None  # created with the first statistics (drawn with QPainter: no matplotlib at start-up)
        self._chart_box = QWidget()
        self._chart_box.setLayout(QVBoxLayout())
        self._chart_box.layout().setContentsMargins(0, 0, 0, 0)
        self._chart_box.setMinimumHeight(180)
        self.info = QLabel("Point at a region to see its numbers.")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.RichText)
        self.info.setFrameShape(QLabel.StyledPanel)
        self.info.setMargin(6)
        self.info.setMinimumHeight(96)
        self.info.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.info.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        self._pinned = False

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.title)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.note)
        splitter = self.splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self._chart_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.info)
        if document.result is not None:  # a panel made after the document computed shows its numbers at once
            self.show_result(document.result)

    # --- data ------------------------------------------------------------------------------------------
    @property
    def scenario(self):
        return self.document.scenario

    def _scenario_replaced(self, scenario) -> None:
        self.report = None
        self.parcel_stats = {}
        self.title.setText(f"<b>{scenario.name}</b> — computing statistics…")

    def show_result(self, result) -> None:
        """Show a result of the document's one computation per change."""
        self.generation = result.generation
        self.last_compute_ms = result.milliseconds
        self.report = result.report
        self.parcel_stats = result.parcel_stats
        self._source = result.arable_source
        self._show(result.report)
        self.report_ready.emit(result.report)

    def refresh(self) -> None:
        """Show the last result again (the map style changed its colours)."""
        if self.report is not None:
            self._show(self.report)

    def _failed(self, message: str) -> None:
        self.title.setText(f"<b>Statistics failed:</b> {message}")

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Block until the numbers of the document's current state are shown (for snapshots and tests)."""
        return self.document.wait(timeout_ms)

    # --- display -------------------------------------------------------------------------------------------
    def _show(self, report: ScenarioReport) -> None:
        polities = report.polities
        self.title.setText(f"<b>{report.scenario}</b>")
        self.table.setColumnCount(len(polities))
        for column, polity in enumerate(polities):
            # Long names wrap onto a second line (words, then the header grows) rather than being clipped.
            header = QTableWidgetItem(header_text(polity.name))
            colour = QColor(self.colour_of(polity.id, polity.colour))
            header.setBackground(QBrush(colour))
            header.setForeground(QBrush(QColor(text_colour_on(colour.name()))))
            header.setToolTip(f"{polity.name} — capital {polity.capital or '—'}")
            self.table.setHorizontalHeaderItem(column, header)
            for row, (title, show) in enumerate(ROWS):
                item = QTableWidgetItem(show(polity))
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                _row_detail(title, polity, item)
                self.table.setItem(row, column, item)
        source = self._source
        self.table.setVerticalHeaderLabels(row_labels(source))
        note = arable_note(source, report)
        if report.unclaimed_km2:
            note += f" Unclaimed: {fmt.area_text(report.unclaimed_km2)}."
        # The full method and frame note is long: its first sentence here, the whole text on hover, so the
        # table keeps its rows on a small screen.
        full = f"{note} {frame_footnote()}"
        self.note.setText(first_clause(full) + " — hover for the method and the frame.")
        self.note.setToolTip(f"<p>{html.escape(full)}</p>")
        self._draw_chart(polities)
        self._fit_table()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.report is not None:
            self._fit_table()

    def _fit_table(self) -> None:
        """Give the table the height of its rows (so it neither scrolls while the chart has room to spare nor
        leaves an empty band under its last row), the chart keeping its minimum and at most two thirds."""
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if total <= 0:
            return
        table = self.table
        rows = table.verticalHeader().length() + table.horizontalHeader().height() + 2 * table.frameWidth()
        wanted = rows + self.title.sizeHint().height() + self.note.sizeHint().height() + 12
        top = max(min(wanted, total - self._chart_box.minimumHeight()), total // 3)
        if abs(top - sizes[0]) > 2:
            self.splitter.setSizes([top, total - top])

    def cell_text(self, row_title: str, polity_name: str) -> str:
        """What the table shows in a row for a polity (tests and tools read it)."""
        row = [title for title, _ in ROWS].index(row_title)
        for column in range(self.table.columnCount()):
            if self.table.horizontalHeaderItem(column).text() == polity_name:
                return self.table.item(row, column).text()
        raise KeyError(polity_name)

    def _draw_chart(self, polities: list[PolityStats]) -> None:
        if self.chart is None:
            from sovsplit.ui.panels.stats_bars import StatsBars

            self.chart = StatsBars()
            self._chart_box.layout().addWidget(self.chart)
        self.chart.draw_polities([replace(p, colour=self.colour_of(p.id, p.colour)) for p in polities])

    def show_region_info(self, html: str, pinned: bool = False) -> None:
        """Show the hovered (or clicked: pinned until the next click) region's numbers."""
        if pinned:
            self._pinned = bool(html)
        elif self._pinned:
            return
        self.info.setText(html or "Point at a region to see its numbers.")
