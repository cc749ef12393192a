"""Verdicts of the feasibility annotations as the document last computed them (with the report, once per change)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from sovsplit.model.annotations.arguments import Assessment, assess, user_annotations
from sovsplit.model.annotations.rules import NOT_MEASURABLE, Verdict
from sovsplit.model.report import ScenarioReport


class VerdictRunner(QObject):
    """Keeps `assessments` true for the document's scenario: it takes each result the document publishes."""

    updated = Signal()
    failed = Signal(str)

    def __init__(self, document=None, parent=None):
        super().__init__(parent)
        self.document = None
        self.report: ScenarioReport | None = None
        self.assessments: list[Assessment] = []
        self.error = ""
        self.last_ms = 0.0
        self.generation = -1
        if document is not None:
            self.observe(document)

    def observe(self, document) -> None:
        """Follow a document: its scenario replacements, results and failures."""
        self.document = document
        document.scenario_replaced.connect(self._replaced)
        document.report_ready.connect(self.take)
        document.failed.connect(self._failed)
        document.annotations_changed.connect(self.notes_changed)
        if document.result is not None:
            self.take(document.result)

    def take(self, result) -> None:
        self.generation = result.generation
        self.report = result.report
        self.assessments = list(result.assessments)
        self.last_ms = result.milliseconds
        self.error = ""
        self.updated.emit()

    def notes_changed(self) -> None:
        """A note was added, edited, moved or deleted: show it at once. A note without a rule is judged here
        (it needs no territory); one with a rule keeps its verdict until the document's next result."""
        scenario = self.document.scenario if self.document is not None else None
        if scenario is None:
            return
        shipped = [a for a in self.assessments if not a.annotation.user]
        previous = {a.annotation.id: a for a in self.assessments if a.annotation.user}
        judged = []
        for note in user_annotations(scenario):
            if note.props.get("rule") is None:
                judged += assess(scenario, ScenarioReport(scenario.name, "", []), [note])
            elif note.id in previous and previous[note.id].annotation.props == note.props:
                judged.append(Assessment(note, previous[note.id].verdict))
            else:
                judged.append(Assessment(note, Verdict(NOT_MEASURABLE, "being measured…")))
        self.assessments = shipped + judged
        self.updated.emit()

    def wait(self, timeout_ms: int = 60000) -> bool:
        """Block until the verdicts of the document's current state are in (snapshots and tests)."""
        return self.document is None or self.document.wait(timeout_ms)

    def _replaced(self, scenario) -> None:
        self.report = None
        self.assessments = []
        self.updated.emit()

    def _failed(self, message: str) -> None:
        self.error = message
        self.failed.emit(message)
        self.updated.emit()
