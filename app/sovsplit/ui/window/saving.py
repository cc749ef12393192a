"""Save, Save As, the unsaved-changes prompt, autosave every minute and recovery after a crash."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRunnable, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from sovsplit.model.io.autosave import Autosaver, autosave_interval_s, find_recoveries
from sovsplit.model.io.file_guard import changed_on_disk
from sovsplit.model.io.problems import InputError
from sovsplit.model.io.resources import geodata_path
from sovsplit.model.io.scenario_io import save_scenario
from sovsplit.model.scenario import Scenario
from sovsplit.ui.document.workers import WorkerPool

SAVE_FILTER = "sovsplit scenario (GeoJSON) (*.geojson)"


def snapshot(scenario: Scenario) -> Scenario:
    """A copy of the scenario's state sharing its (immutable) geometries, safe to write from another thread."""
    copy = Scenario(
        scenario.name,
        scenario.regions,
        list(scenario.polities.values()),
        list(scenario.parcels.values()),
        dict(scenario.owner),
    )
    copy.annotations = [dict(a) for a in scenario.annotations]
    copy.path = scenario.path
    return copy


class _AutosaveJob(QRunnable):
    def __init__(self, saving: Saving, copy: Scenario, generation: int, journal_seq: int | None = None):
        super().__init__()
        self.saving, self.copy, self.generation, self.journal_seq = saving, copy, generation, journal_seq

    def run(self) -> None:
        self.saving._write_autosave(self.copy, self.generation, self.journal_seq)


class Saving(QObject):
    """Everything that keeps the user's work: explicit saves, the modified mark, autosave and recovery."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.autosaver = Autosaver()
        # An autosave that cannot write says so once (in the status bar) and keeps trying.
        self.autosaver.on_failure = lambda message: self.window.set_status(message)
        self._lock = threading.Lock()
        self._generation = 0
        self._changed_since_autosave = False
        self._offered_recovery = False
        self.pool = WorkerPool(self)
        self.pool.setMaxThreadCount(1)
        self._build_actions()
        self.timer = QTimer(self)
        self.timer.setInterval(int(self.interval_s() * 1000))
        self.timer.timeout.connect(self.autosave_now)
        self.timer.start()
        window.undo_stack.indexChanged.connect(self._stack_changed)
        window.undo_stack.cleanChanged.connect(self._clean_changed)
        window.scenario_replaced.connect(self._scenario_replaced)
        window.installEventFilter(self)

    @staticmethod
    def interval_s() -> float:
        """SOVSPLIT_AUTOSAVE_SECONDS, else the `editing/autosave_seconds` setting, else one minute."""
        import os

        if os.environ.get("SOVSPLIT_AUTOSAVE_SECONDS"):
            return autosave_interval_s()
        try:
            value = float(QSettings().value("editing/autosave_seconds", 0) or 0)
        except (TypeError, ValueError):
            value = 0
        return value if value > 0 else autosave_interval_s()

    def _build_actions(self) -> None:
        menu = self.window.menu("File")
        self.save_action = QAction("&Save", self.window)
        self.save_action.setShortcut(QKeySequence.Save)
        self.save_action.setStatusTip("Save the scenario as GeoJSON (QGIS opens it as it is)")
        self.save_action.triggered.connect(lambda: self.save())
        self.save_as_action = QAction("Save &As…", self.window)
        self.save_as_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.save_as_action.triggered.connect(lambda: self.save_as())
        # Before the separator that precedes Quit.
        actions = menu.actions()
        quit_index = next((i for i, a in enumerate(actions) if a.text().replace("&", "") == "Quit"), len(actions))
        anchor = (
            actions[quit_index - 1]
            if quit_index > 0 and actions[quit_index - 1].isSeparator()
            else (actions[quit_index] if quit_index < len(actions) else None)
        )
        if anchor is not None:
            menu.insertActions(anchor, [self.save_action, self.save_as_action])
        else:
            menu.addActions([self.save_action, self.save_as_action])
        self.window.add_toolbar_action(self.save_action)

    # --- state ---------------------------------------------------------------------------------------------
    def is_modified(self) -> bool:
        return self.window.scenario is not None and not self.window.undo_stack.isClean()

    def _stack_changed(self, index: int) -> None:
        self._changed_since_autosave = True

    def _clean_changed(self, clean: bool) -> None:
        self.window.setWindowModified(not clean)
        if clean:
            self.discard_autosave()

    def _scenario_replaced(self, scenario) -> None:
        self._changed_since_autosave = False
        self.discard_autosave()
        if scenario is not None:
            scenario.edit_recorder = self._journal_edit
        self._retitle()
        if not self._offered_recovery:
            self._offered_recovery = True
            QTimer.singleShot(0, self.offer_recovery)

    def _retitle(self) -> None:
        scenario = self.window.scenario
        if scenario is None:
            return
        title = scenario.name + (f" — {scenario.path.name}" if scenario.path is not None else "")
        self.window.setWindowTitle(f"{title}[*] — sovsplit")
        self.window.setWindowModified(not self.window.undo_stack.isClean())

    # --- saving --------------------------------------------------------------------------------------------
    def _writable_path(self) -> Path | None:
        """The file Save writes to: the scenario's own GeoJSON file, never a shipped one."""
        path = self.window.scenario.path
        if path is None or path.suffix.lower() not in (".geojson", ".json"):
            return None
        try:
            if path.resolve().is_relative_to(geodata_path("scenarios").resolve()):
                return None
        except OSError:
            return None
        return path

    def save(self) -> bool:
        if self.window.scenario is None:
            return False
        path = self._writable_path()
        return self.save_to(path) if path is not None else self.save_as()

    def save_as(self, path: str | Path | None = None) -> bool:
        scenario = self.window.scenario
        if scenario is None:
            return False
        if path is None:
            current = scenario.path
            start = (
                str(current.with_suffix(".geojson"))
                if current is not None and self._writable_path()
                else str(Path.home() / f"{scenario.name[:40].strip() or 'scenario'}.geojson")
            )
            path, _ = QFileDialog.getSaveFileName(self.window, "Save scenario", start, SAVE_FILTER)
            if not path:
                return False
        path = Path(path)
        if path.suffix.lower() not in (".geojson", ".json"):
            path = path.with_suffix(".geojson")
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        """Write the scenario atomically; on success the stack is clean and the autosave goes away. A file
        changed on disk since it was opened or saved here (another window, another program) is not
        overwritten without asking."""
        scenario = self.window.scenario
        if scenario.path is not None and Path(path) == Path(scenario.path):
            if changed_on_disk(path, scenario.file_state):
                answer = self.ask_overwrite(Path(path))
                if answer == "save_as":
                    return self.save_as()
                if answer != "overwrite":
                    return False
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            save_scenario(self.window.scenario, path)
        except OSError as exc:
            QMessageBox.warning(self.window, "Cannot save", f"{path.name}: {exc.strerror or exc}")
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.window.undo_stack.setClean()
        self.discard_autosave()
        remember = getattr(self.window, "_remember_recent", None)
        if remember is not None:
            remember(path)
        self._retitle()
        self.window.set_status(f"Saved {path}")
        return True

    # --- autosave ------------------------------------------------------------------------------------------
    def autosave_now(self, wait: bool = False) -> bool:
        """Write the recovery file (off the GUI thread) if there are unsaved changes since the last one."""
        if not self.is_modified() or not self._changed_since_autosave:
            return False
        self._changed_since_autosave = False
        copy = snapshot(self.window.scenario)
        self.pool.start(_AutosaveJob(self, copy, self._generation, self.autosaver.journal.seq))
        if wait:
            self.pool.waitForDone()
        return True

    def _journal_edit(self, op: str, edit, scenario: Scenario) -> None:
        """Append an edit the window just applied or undid to the journal beside the autosave."""
        try:
            self.autosaver.record(op, edit, scenario)
        except (OSError, TypeError) as exc:
            self.window.set_status(f"Cannot journal this edit for crash recovery: {exc}")

    def _write_autosave(self, copy: Scenario, generation: int, journal_seq: int | None = None) -> None:
        with self._lock:
            if generation != self._generation:
                return  # saved or discarded meanwhile
            try:
                self.autosaver.save(copy, copy.path, journal_seq)
            except OSError:
                self._changed_since_autosave = True  # try again next time

    def discard_autosave(self) -> None:
        with self._lock:
            self._generation += 1
            self.autosaver.discard()

    # --- recovery --------------------------------------------------------------------------------------------
    def offer_recovery(self) -> bool:
        """If an earlier session died with unsaved work, offer it back; True when a scenario was recovered."""
        recoveries = find_recoveries(self.autosaver.directory)
        if not recoveries:
            return False
        newest = recoveries[0]
        choice = self.ask_recovery(newest)
        if choice == "discard":
            newest.discard()
            return False
        if choice != "recover":
            return False
        try:
            scenario = newest.load(self.window.scenario.regions if self.window.scenario is not None else None)
        except (InputError, OSError, ValueError) as exc:
            QMessageBox.warning(self.window, "Cannot recover", str(exc))
            return False
        self.window.set_scenario(scenario)
        # Recovered work is unsaved work: the title shows the mark and closing asks to save.
        self.window.undo_stack.resetClean()
        self.window.setWindowModified(True)
        self._changed_since_autosave = True
        self.autosave_now(wait=True)
        newest.discard()
        self.window.set_status(f"Recovered {newest.describe()}")
        return True

    def ask_overwrite(self, path: Path) -> str:
        """ "overwrite", "save_as" or "cancel" for a file changed on disk since it was opened (tests replace
        this method)."""
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Warning)
        box.setWindowTitle("File changed on disk")
        box.setText(f"{path.name} was changed by another window or program since you opened it.")
        box.setInformativeText("Overwrite those changes with yours, or save yours as a new file?")
        overwrite = box.addButton("Overwrite", QMessageBox.DestructiveRole)
        save_as = box.addButton("Save As…", QMessageBox.AcceptRole)
        box.addButton(QMessageBox.Cancel)
        box.setDefaultButton(save_as)
        box.exec()
        clicked = box.clickedButton()
        return "overwrite" if clicked is overwrite else "save_as" if clicked is save_as else "cancel"

    def ask_recovery(self, recovery) -> str:
        """ "recover", "discard" or "later" (the dialog; tests replace this method)."""
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Question)
        box.setWindowTitle("Recover unsaved work?")
        box.setText("sovsplit closed without saving your last changes.")
        box.setInformativeText(f"Recover {recovery.describe()}?")
        recover = box.addButton("Recover", QMessageBox.AcceptRole)
        discard = box.addButton("Discard", QMessageBox.DestructiveRole)
        box.addButton("Later", QMessageBox.RejectRole)
        box.setDefaultButton(recover)
        box.exec()
        clicked = box.clickedButton()
        return "recover" if clicked is recover else "discard" if clicked is discard else "later"

    # --- closing ---------------------------------------------------------------------------------------------
    def ask_save_on_close(self) -> str:
        """ "save", "discard" or "cancel" (the dialog; tests replace this method)."""
        name = self.window.scenario.name if self.window.scenario is not None else "the scenario"
        answer = QMessageBox.warning(
            self.window,
            "Unsaved changes",
            f"Save the changes to “{name}” before closing?",
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel,
            QMessageBox.Save,
        )
        return {QMessageBox.Save: "save", QMessageBox.Discard: "discard"}.get(answer, "cancel")

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window and event.type() == QEvent.Close:
            if self.is_modified():
                choice = self.ask_save_on_close()
                if choice == "cancel" or (choice == "save" and not self.save()):
                    event.ignore()
                    return True
            self.timer.stop()
            self.pool.waitForDone()
            self.discard_autosave()
            # The work is saved or knowingly discarded. Empty the history now: a stack that is destroyed with
            # the window would announce its clearing to a window already half gone.
            self.window.undo_stack.clear()
        return False
