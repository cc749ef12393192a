"""Tools → Ask the map…: conditions as form rows, answers solved off the GUI thread, previewed, opened or applied."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sovsplit.model import formatting
from sovsplit.model.session import snapshot_scenario
from sovsplit.model.solve.answers import Answer, transfer_edit
from sovsplit.model.solve.conditions import COSTS
from sovsplit.model.solve.solver import Question
from sovsplit.ui.dialogs.ask_conditions import ConditionsForm
from sovsplit.ui.dialogs.ask_sweep import SweepPanel
from sovsplit.ui.dialogs.ask_work import AskJob, AskOutcome, BackgroundJobs, run_ask
from sovsplit.ui.layers.answer_layer import AnswerLayer
from sovsplit.ui.layers.worth_layer import overlay_index

NONE = "–"  # a figure the statistics do not carry (population, until it is added)


def _km(value) -> str:
    return NONE if value is None else formatting.distance_km(value)


# The answer's figures, as `sovsplit solve` lists them: (label, field of PolityMetrics, how it reads).
METRICS = (
    ("Area km²", "area_km2", formatting.area_km2),
    ("Arable km²", "arable_km2", formatting.arable_km2),
    ("Population", "population", lambda v: NONE if v is None else f"{v:,.0f}"),
    ("Ports", "ports", formatting.count),
    ("Ice-free ports", "year_round_ports", formatting.count),
    ("Year-round Pacific ports with rail", "pacific_rail_ports", formatting.count),
    ("Regions", "regions", formatting.count),
    ("Contiguous", "contiguous", formatting.yes_no),
    ("Capital to nearest border, km", "capital_border_distance_km", _km),
)


def _cell(text: str, numeric: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemIsEditable)
    if numeric:
        item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
    return item


class AskDialog(QDialog):
    """Asks the solver for the cheapest transfer that meets the checked conditions; lists, previews, opens."""

    open_requested = Signal(object)  # an answer's Scenario, for the window's scenario list

    def __init__(self, document, canvas=None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Ask the map")
        self.document, self.canvas = document, canvas
        self.outcome: AskOutcome | None = None
        self.preview = AnswerLayer()
        self.jobs = BackgroundJobs(self._failed, self)
        self.jobs.progressed.connect(self._progressed)

        self.polity = QComboBox()
        self.polity.currentIndexChanged.connect(self._polity_changed)
        self.form = ConditionsForm()
        self.cost = QComboBox()
        for key, text in COSTS.items():
            self.cost.addItem(text, key)
        self.solutions = QSpinBox()
        self.solutions.setRange(1, 10)
        self.solutions.setToolTip("The optimum, then the next-best different answers")
        self.time_limit = QDoubleSpinBox()
        self.time_limit.setRange(1.0, 600.0)
        self.time_limit.setValue(30.0)
        self.time_limit.setSuffix(" s per answer")
        self.time_limit.setDecimals(0)

        self.ask_button = QPushButton("Ask")
        self.ask_button.setDefault(True)
        self.ask_button.clicked.connect(self.ask)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.jobs.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # CP-SAT cannot say how far it is: a busy bar while it searches
        self.progress.hide()
        self.status = QLabel("Check the conditions the polity's territory must meet, then Ask.")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.answers = QTableWidget(0, 4)
        self.answers.setHorizontalHeaderLabels(["#", "Status", "Cost", "Regions moved"])
        self.answers.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.answers.setSelectionMode(QAbstractItemView.SingleSelection)
        self.answers.verticalHeader().hide()
        self.answers.horizontalHeader().setStretchLastSection(True)
        self.answers.itemSelectionChanged.connect(self._selected)
        self.metrics = QTableWidget(0, 0)
        self.metrics.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.metrics.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.open_button = QPushButton("Open as scenario")
        self.open_button.setToolTip("Add the answer to the scenario list, to compare, export or save it")
        self.open_button.clicked.connect(self.open_selected)
        self.apply_button = QPushButton("Apply")
        self.apply_button.setToolTip("Make the answer's transfer on the map (one undo step)")
        self.apply_button.clicked.connect(self.apply_selected)
        for button in (self.open_button, self.apply_button):
            button.setEnabled(False)

        self.sweep = SweepPanel(document, canvas)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._ask_tab(), "Ask")
        self.tabs.addTab(self.sweep, "What each region is worth")
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.close)
        top = QFormLayout()
        top.addRow("Ask for:", self.polity)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.resize(1160, 600)

        document.scenario_replaced.connect(self._scenario_replaced)
        document.polities_changed.connect(lambda _pid: self._fill_polities())
        self._scenario_replaced(document.scenario)

    def _ask_tab(self) -> QWidget:
        question = QGroupBox("Conditions")
        QVBoxLayout(question).addWidget(self.form)
        options = QFormLayout()
        options.addRow("Minimise:", self.cost)
        options.addRow("Answers:", self.solutions)
        options.addRow("Time limit:", self.time_limit)
        run = QHBoxLayout()
        run.addWidget(self.ask_button)
        run.addWidget(self.cancel_button)
        run.addWidget(self.progress, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.apply_button)
        # The question on the left, the answers on the right: both stay in view while the user tries variants.
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(question)
        left_layout.addLayout(options)
        left_layout.addLayout(run)
        left_layout.addStretch(1)
        results = QSplitter(Qt.Vertical)
        results.addWidget(self.answers)
        results.addWidget(self.metrics)
        results.setSizes([150, 300])
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.status)
        right_layout.addWidget(results, 1)
        right_layout.addLayout(buttons)
        left.setMaximumWidth(470)
        tab = QWidget()
        columns = QHBoxLayout(tab)
        columns.addWidget(left)
        columns.addWidget(right, 1)
        return tab

    # --- the scenario and the polity ---------------------------------------------------------------------------
    def polity_id(self) -> str | None:
        return self.polity.currentData()

    def set_polity(self, polity_id: str) -> None:
        self.polity.setCurrentIndex(self.polity.findData(polity_id))

    def _fill_polities(self) -> None:
        scenario = self.document.scenario
        current = self.polity_id()
        self.polity.blockSignals(True)
        self.polity.clear()
        if scenario is not None:
            for polity in scenario.polities.values():
                self.polity.addItem(polity.name, polity.id)
            # The question the project asks first is what the East needs; start there when there is an East.
            wanted = current if current in scenario.polities else "east"
            self.polity.setCurrentIndex(max(0, self.polity.findData(wanted)))
        self.polity.blockSignals(False)
        self._polity_changed()

    def _scenario_replaced(self, scenario) -> None:
        self.form.set_scenario(None, None)
        self._fill_polities()
        self._show_outcome(None)
        self.sweep.clear()

    def _polity_changed(self) -> None:
        self.form.set_scenario(self.document.scenario, self.polity_id())
        self.sweep.set_polity(self.polity_id())

    # --- asking ------------------------------------------------------------------------------------------------
    def question(self) -> Question:
        return Question(
            self.form.conditions(), self.cost.currentData(), self.solutions.value(), self.time_limit.value()
        )

    def ask(self) -> None:
        scenario, polity_id = self.document.scenario, self.polity_id()
        if scenario is None or polity_id is None or self.jobs.running:
            return
        question = self.question()
        if not question.conditions:
            self.status.setText("Check at least one condition.")
            return
        job = AskJob(
            snapshot_scenario(scenario), self.document.generation, polity_id, question, self.document.arable_source
        )
        self._show_outcome(None)
        self.ask_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.show()
        self.status.setText("Solving…")
        self.jobs.start(run_ask, job, self._done, self._failed)

    def _progressed(self, news) -> None:
        self.status.setText(f"Solving: {news}…")

    def _finish(self) -> None:
        self.ask_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.hide()

    def _failed(self, message: str) -> None:
        self._finish()
        self.status.setText(f"<b>Cannot ask:</b> {message}")

    def _done(self, outcome: AskOutcome) -> None:
        self._finish()
        if outcome.error:
            self._failed(outcome.error)
            return
        self._show_outcome(outcome)

    def _show_outcome(self, outcome: AskOutcome | None) -> None:
        self.outcome = outcome
        self.answers.setRowCount(0)
        self.metrics.clear()
        self.metrics.setRowCount(0)
        self.metrics.setColumnCount(0)
        self.preview.show_moves((), ())
        if outcome is None:
            return
        result = outcome.result
        lines = [f"<b>{result.status.capitalize()}</b> in {result.seconds:.1f} s."]
        if result.conflicts:
            names = ", ".join(c.spelling for c in result.conflicts)
            lines.append(f"These conditions cannot all hold: <b>{names}</b>. Drop or loosen one of them.")
        elif not outcome.answers and result.status == "unknown":
            lines.append("No answer was found within the time limit; allow more time.")
        elif result.status == "cancelled":
            lines.append("Cancelled: the best answers found so far are listed.")
        if result.split_regions:
            lines.append("Regions in pieces now move whole: " + ", ".join(result.split_regions) + ".")
        self.status.setText(" ".join(lines))
        scenario = outcome.job.scenario
        self.answers.setRowCount(len(outcome.answers))
        for row, answer in enumerate(outcome.answers):
            s = answer.solution
            moved = [f"+ {scenario.regions[r].name}" for r in s.gained] + [
                f"− {scenario.regions[r].name}" for r in s.lost
            ]
            self.answers.setItem(row, 0, _cell(str(answer.rank), True))
            self.answers.setItem(row, 1, _cell(s.status))
            self.answers.setItem(row, 2, _cell(f"{s.cost:,}", True))
            self.answers.setItem(row, 3, _cell(", ".join(moved) or "nothing: the conditions already hold"))
            self.answers.item(row, 3).setToolTip(answer.scenario.name)
        self.answers.resizeColumnsToContents()
        if outcome.answers:
            self.answers.selectRow(0)

    # --- the chosen answer -------------------------------------------------------------------------------------
    def selected_answer(self) -> Answer | None:
        rows = self.answers.selectionModel().selectedRows()
        if self.outcome is None or not rows:
            return None
        return self.outcome.answers[rows[0].row()]

    def _selected(self) -> None:
        answer = self.selected_answer()
        for button in (self.open_button, self.apply_button):
            button.setEnabled(answer is not None)
        if answer is None:
            self.preview.show_moves((), ())
            return
        self._show_metrics(answer)
        self.preview.show_moves(answer.solution.gained, answer.solution.lost)
        if self.canvas is not None and self.preview not in self.canvas.layers:
            self.canvas.add_layer(self.preview, overlay_index(self.canvas))

    def _show_metrics(self, answer: Answer) -> None:
        after = {m.polity_id: m for m in answer.after}
        headers = [f"{m.name}\n{when}" for m in answer.before for when in ("before", "after")]
        self.metrics.setColumnCount(len(headers))
        self.metrics.setHorizontalHeaderLabels(headers)
        self.metrics.setRowCount(len(METRICS))
        self.metrics.setVerticalHeaderLabels([label for label, _, _ in METRICS])
        for row, (_, key, fmt) in enumerate(METRICS):
            for col, metric in enumerate(m for b in answer.before for m in (b, after[b.polity_id])):
                before_value = getattr(answer.before[col // 2], key)
                item = _cell(fmt(getattr(metric, key)), True)
                if col % 2 and getattr(metric, key) != before_value:
                    font = item.font()
                    font.setBold(True)  # what the answer changes
                    item.setFont(font)
                self.metrics.setItem(row, col, item)
        self.metrics.resizeColumnsToContents()

    def open_selected(self) -> None:
        answer = self.selected_answer()
        if answer is not None:
            self.open_requested.emit(answer.scenario)
            self.status.setText(f"Opened “{answer.scenario.name}” in the scenario list.")

    def apply_selected(self):
        """Make the answer's transfer on the document's scenario as one undo step; the edit, or None."""
        answer, outcome = self.selected_answer(), self.outcome
        if answer is None or self.document.scenario is None:
            return None
        instance, moved_on = outcome.instance, outcome.job.generation != self.document.generation
        edit = self.document.perform(
            lambda scenario: transfer_edit(scenario, instance, answer.solution, answer.edit.label)
        )
        if edit is None:
            self.status.setText(f"Not applied: {self.document.last_refusal or 'busy computing statistics; try again'}.")
        elif moved_on:
            self.status.setText("Applied; the map had changed since the question was asked, so check the result.")
        return edit

    # --- closing -----------------------------------------------------------------------------------------------
    def hideEvent(self, event) -> None:
        # Closing (Close, Escape or the title bar) stops the work and takes the temporary layers off the map.
        self.jobs.cancel()
        self.sweep.jobs.cancel()
        if self.canvas is not None:
            self.canvas.remove_layer(self.preview)
            self.sweep.remove_layer()
        super().hideEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._selected()  # a reopened dialog shows its chosen answer on the map again
        self.sweep.show_on_map()
