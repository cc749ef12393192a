"""The open document: the session, its undo history, the modified state, and the signals every view observes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from sovsplit.model.editing.edits import EditRefused
from sovsplit.model.scenario import Scenario
from sovsplit.model.session import Session, SessionResult
from sovsplit.ui.document.edit_commands import EditCommand
from sovsplit.ui.document.tasks import LatestTask, TaskRunner

# Results are computed once per frame of edits (a brush stroke changes territory many times a second).
FRAME_MS = 16


class Document(QObject):
    """One scenario being edited. Views connect to its signals; edits go through `perform`; every
    replacement of the scenario goes through `replace_scenario`, which asks before dropping unsaved work."""

    scenario_replaced = Signal(object)  # the new Scenario
    territory_changed = Signal(object)  # set of polity ids
    polities_changed = Signal(object)  # a polity id
    annotations_changed = Signal()
    report_ready = Signal(object)  # SessionResult (its generation says which state it describes)
    message = Signal(str)  # for the status bar
    failed = Signal(str)  # computing the report and verdicts failed (one line; also said as a message)
    modified_changed = Signal(bool)
    arable_changed = Signal(object)  # the ArableSource now counted

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session: Session | None = None
        self.result: SessionResult | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        # Asked before unsaved work is dropped; True lets the replacement go ahead. The window installs the
        # Save / Discard / Cancel question (ui/window/saving.py); without a window nothing is asked.
        self.confirm_discard: Callable[[], bool] = lambda: True
        # Results of generations before this one describe a scenario or arable source no longer shown.
        self._floor = 0
        self.last_refusal: str | None = None
        # True while another state of a timeline replaces the shown one (views keep their zoom).
        self.showing_state = False
        self.tasks = TaskRunner(self.message.emit, self, name="sovsplit-document")
        self._compute = LatestTask(
            self.tasks, self._snapshot, self._work, self._computed, FRAME_MS, label="Statistics", on_error=self._failed
        )

    # --- state -----------------------------------------------------------------------------------------------
    @property
    def scenario(self) -> Scenario | None:
        return self.session.scenario if self.session is not None else None

    @property
    def path(self) -> Path | None:
        return self.scenario.path if self.scenario is not None else None

    @property
    def generation(self) -> int:
        return self.session.generation if self.session is not None else 0

    @property
    def arable_source(self):
        return self.session.arable_source if self.session is not None else None

    def is_modified(self) -> bool:
        return self.scenario is not None and not self.undo_stack.isClean()

    def mark_unsaved(self) -> None:
        """The scenario holds work no file has (a recovered autosave): the mark shows and closing asks."""
        self.undo_stack.resetClean()
        self.modified_changed.emit(True)

    def _clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)

    def mark_saved(self) -> None:
        self.undo_stack.setClean()

    def is_current(self, result: SessionResult | None = None) -> bool:
        """True when `result` (default: the last one) describes the state the document is in now."""
        result = result if result is not None else self.result
        return result is not None and result.generation == self.generation

    # --- replacing the scenario -------------------------------------------------------------------------------
    def replace_scenario(
        self, scenario: Scenario, path: str | Path | None = None, confirm: bool = True, keep_history: bool = False
    ) -> bool:
        """Show another scenario (Open, Open Recent, shipped, dropped, recovered, new). With unsaved changes the
        user is asked first; False (nothing changed) when they cancel. `keep_history`: another state of the same
        timeline (ui/panels/time_bar.py) — nothing is asked and the undo history and modified mark stay."""
        if keep_history:
            confirm = False
        if confirm and self.is_modified() and not self.confirm_discard():
            return False
        if path is not None:
            scenario.path = Path(path)
        old = self.scenario
        if old is not None:
            old.territory_changed.disconnect(self._territory_changed)
            old.polities_changed.disconnect(self._polities_changed)
            old.annotations_changed.disconnect(self._annotations_changed)
        if self.session is None:
            self.session = Session(scenario)
        else:
            self.session.replace_scenario(scenario)
        scenario.territory_changed.connect(self._territory_changed)
        scenario.polities_changed.connect(self._polities_changed)
        scenario.annotations_changed.connect(self._annotations_changed)
        self._floor = self.session.generation
        self.result = None
        self.showing_state = keep_history
        if not keep_history:
            self.undo_stack.clear()
            self.undo_stack.setClean()
        self.scenario_replaced.emit(scenario)
        self.showing_state = False
        self.modified_changed.emit(self.is_modified())
        self._compute.request(immediately=True)
        return True

    def set_arable_source(self, source, ref=None) -> None:
        """Count arable land from `source` (an imported layer, or the model again) in every number from now on;
        `ref` (an ArableLayerRef, None for the model) is what the saved scenario records."""
        if self.session is None:
            return
        self.session.scenario.arable = ref
        self._floor = self.session.set_arable_source(source)
        self.arable_changed.emit(source)
        self._compute.request(immediately=True)

    # --- edits -------------------------------------------------------------------------------------------------
    def perform(
        self,
        builder: Callable[..., object],
        *args,
        command: Callable[[Scenario, object], QUndoCommand] = EditCommand,
        status_ms: int = 4000,
        refusal: str = "{}",
        macro: Callable[[object], str] | None = None,
        **kwargs,
    ):
        """Build an edit (`builder(scenario, *args, **kwargs)`, under the geometry lock) and push it as one undo
        step; a refused edit is said in the status bar (worded by `refusal`, kept in `last_refusal`). With
        `macro`, an undo macro named `macro(edit)` opens before the push (the caller ends it: a drag's edits
        become one step). A builder may return (edit, extra); perform then returns the same pair.
        Returns the edit, or None when refused."""
        scenario = self.scenario
        if scenario is None:
            return None
        try:
            with self.session.access() as free:
                if not free:
                    self.message.emit("Busy computing statistics; try again")
                    return None
                built = builder(scenario, *args, **kwargs)
        except EditRefused as exc:
            self.last_refusal = str(exc)
            self.message.emit(refusal.format(exc))
            return None
        self.last_refusal = None
        edit = built[0] if isinstance(built, tuple) else built
        if macro is not None:
            self.undo_stack.beginMacro(macro(edit))
        self.undo_stack.push(command(scenario, edit))
        label = getattr(edit, "label", "")
        if label and status_ms:
            self.message.emit(label)
        return built

    def push(self, edit) -> None:
        """Push an edit built elsewhere (already checked) as one undo step."""
        self.undo_stack.push(EditCommand(self.scenario, edit))

    # --- results -------------------------------------------------------------------------------------------
    def request_update(self, immediately: bool = False) -> None:
        """Compute the report and the verdicts again (coalesced; the newest state is always computed last)."""
        self._compute.request(immediately)

    def busy(self) -> bool:
        return self._compute.busy()

    def wait(self, timeout_ms: int = 60000) -> bool:
        """Block until the result of the current state has been published (snapshots, the CLI and tests)."""
        import time

        from PySide6.QtCore import QCoreApplication

        deadline = time.monotonic() + timeout_ms / 1000
        while time.monotonic() < deadline:
            if self.session is None or (self.is_current() and not self._compute.busy()):
                return True
            self.tasks.pool.waitForDone(20)
            QCoreApplication.processEvents()
        return False

    def _snapshot(self):
        if self.session is None:
            return None
        return self.session, self.session.snapshot(), self.session.generation

    @staticmethod
    def _work(job) -> SessionResult:
        session, snapshot, generation = job
        return session.compute(snapshot, generation)

    def _computed(self, result: SessionResult) -> None:
        if result.generation < self._floor or (self.result is not None and result.generation < self.result.generation):
            return  # another scenario or arable source since; its own result is on the way
        self.result = result
        self.report_ready.emit(result)

    def _failed(self, message: str) -> None:
        self.message.emit(message)
        self.failed.emit(message)

    # --- the model's own signals, forwarded as Qt signals ------------------------------------------------------
    def _territory_changed(self, polity_ids) -> None:
        self.session.changed()
        self.territory_changed.emit(polity_ids)
        self._compute.request()

    def _polities_changed(self, polity_id) -> None:
        self.session.changed()
        self.polities_changed.emit(polity_id)
        self._compute.request()

    def _annotations_changed(self, *_args) -> None:
        self.session.changed()
        self.annotations_changed.emit()
        self._compute.request(immediately=True)
