"""Save, Save As, the unsaved-changes prompt, autosave every minute and recovery after a crash."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from sovsplit.model.io.autosave import Autosaver, autosave_interval_s, find_recoveries
from sovsplit.model.io.file_guard import changed_on_disk
from sovsplit.model.io.file_names import safe_file_stem
from sovsplit.model.io.problems import InputError
from sovsplit.model.io.resources import geodata_path
from sovsplit.model.io.scenario_io import SAVE_FORMATS, save_scenario
from sovsplit.model.scenario import Scenario
from sovsplit.model.session import snapshot_scenario as snapshot
from sovsplit.model.timeline.io import save_timeline
from sovsplit.ui.document.tasks import TaskRunner

SAVE_FILTER = "sovsplit scenario (GeoJSON) (*.geojson);;sovsplit scenario (GeoPackage, opens styled in QGIS) (*.gpkg)"


class Saving(QObject):
    """Everything that keeps the user's work: explicit saves, the modified mark, autosave and recovery."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.document = window.document
        self.autosaver = Autosaver()
        # An autosave that cannot write says so once (in the status bar) and keeps trying.
        self.autosaver.on_failure = lambda message: self.window.set_status(message)
        self._lock = threading.Lock()
        self._generation = 0
        self._changed_since_autosave = False
        self._offered_recovery = False
        # Autosaves are written off the GUI thread from a snapshot; a failure reaches the status bar.
        self.tasks = TaskRunner(self.document.message.emit, self, name="sovsplit-autosave")
        self._build_actions()
        self.timer = QTimer(self)
        self.timer.setInterval(int(self.interval_s() * 1000))
        self.timer.timeout.connect(self.autosave_now)
        self.timer.start()
        self.document.undo_stack.indexChanged.connect(self._stack_changed)
        self.document.undo_stack.cleanChanged.connect(self._clean_changed)
        self.document.scenario_replaced.connect(self._scenario_replaced)
        # Every replacement of a modified scenario (Open, Recent, shipped, drop, Recover, New) asks first.
        self.document.confirm_discard = self.confirm_discard
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
        self.save_action = QAction("&Save", self.window)
        self.save_action.setShortcut(QKeySequence.Save)
        self.save_action.setStatusTip("Save the scenario as GeoJSON (QGIS opens it as it is)")
        self.save_action.triggered.connect(lambda: self.save())
        self.save_as_action = QAction("Save &As…", self.window)
        self.save_as_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.save_as_action.triggered.connect(lambda: self.save_as())
        self.window.add_action("File", "save", self.save_action)
        self.window.add_action("File", "save", self.save_as_action)
        self.window.add_toolbar_action(self.save_action)

    # --- state ---------------------------------------------------------------------------------------------
    def is_modified(self) -> bool:
        return self.document.is_modified()

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
        scenario = self.document.scenario
        if scenario is None:
            return
        title = scenario.name + (f" — {scenario.path.name}" if scenario.path is not None else "")
        self.window.setWindowTitle(f"{title}[*] — sovsplit")
        self.window.setWindowModified(not self.document.undo_stack.isClean())

    # --- saving --------------------------------------------------------------------------------------------
    def _writable_path(self) -> Path | None:
        """The file Save writes to: the scenario's own GeoJSON file, never a shipped one."""
        path = self.document.scenario.path
        if path is None or path.suffix.lower() not in SAVE_FORMATS:
            return None
        try:
            if path.resolve().is_relative_to(geodata_path("scenarios").resolve()):
                return None
        except OSError:
            return None
        return path

    def save(self) -> bool:
        if self.document.scenario is None:
            return False
        path = self._writable_path()
        return self.save_to(path) if path is not None else self.save_as()

    def save_as(self, path: str | Path | None = None) -> bool:
        scenario = self.document.scenario
        if scenario is None:
            return False
        if path is None:
            current = scenario.path
            start = (
                str(current.with_suffix(".geojson"))
                if current is not None and self._writable_path()
                else str(Path.home() / f"{safe_file_stem(scenario.name)}.geojson")
            )
            path, chosen = QFileDialog.getSaveFileName(self.window, "Save scenario", start, SAVE_FILTER)
            if not path:
                return False
            if not Path(path).suffix:
                path = Path(path).with_suffix(".gpkg" if "gpkg" in chosen else ".geojson")
        # Any other suffix is refused by save_scenario with one line, before anything is written.
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Write the scenario atomically; on success the stack is clean and the autosave goes away. A file
        changed on disk since it was opened or saved here (another window, another program) is not
        overwritten without asking."""
        scenario = self.document.scenario
        if scenario.path is not None and Path(path) == Path(scenario.path):
            if changed_on_disk(path, scenario.file_state):
                answer = self.ask_overwrite(Path(path))
                if answer == "save_as":
                    return self.save_as()
                if answer != "overwrite":
                    return False
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            bar = getattr(self.window, "time_bar", None)
            if bar is not None and bar.timeline is not None:
                save_timeline(bar.timeline, path)  # every state of the timeline, not only the one shown
            else:
                save_scenario(self.document.scenario, path)
        except InputError as exc:
            QMessageBox.warning(self.window, "Cannot save", str(exc))
            return False
        except OSError as exc:
            QMessageBox.warning(self.window, "Cannot save", f"{path.name}: {exc.strerror or exc}")
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.document.undo_stack.setClean()
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
        generation, journal_seq = self._generation, self.autosaver.journal.seq
        self.tasks.submit(
            lambda copy: self._write_autosave(copy, generation, journal_seq), snapshot(self.document.scenario)
        )
        if wait:
            self.tasks.pool.waitForDone()
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
            scenario = newest.load(self.document.scenario.regions if self.document.scenario is not None else None)
        except (InputError, OSError, ValueError) as exc:
            QMessageBox.warning(self.window, "Cannot recover", str(exc))
            return False
        if not self.document.replace_scenario(scenario):
            return False  # the user kept the current unsaved work; the recovery file stays for later
        # Recovered work is unsaved work: the title shows the mark and closing asks to save.
        self.document.mark_unsaved()
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

    # --- closing and replacing ---------------------------------------------------------------------------------
    def confirm_discard(self) -> bool:
        """Save / Discard / Cancel before unsaved work goes; True when the caller may go ahead."""
        choice = self.ask_save_on_close()
        return choice == "discard" or (choice == "save" and self.save())

    def ask_save_on_close(self) -> str:
        """ "save", "discard" or "cancel": asked before closing and before another scenario replaces this one
        (tests replace this method; `ask_save_changes` is the dialog itself)."""
        return self.ask_save_changes()

    def ask_save_changes(self) -> str:
        name = self.document.scenario.name if self.document.scenario is not None else "the scenario"
        answer = QMessageBox.warning(
            self.window,
            "Unsaved changes",
            f"Save the changes to “{name}”? They are lost otherwise.",
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
            self.tasks.pool.waitForDone()
            self.discard_autosave()
            # The work is saved or knowingly discarded. Empty the history now: a stack that is destroyed with
            # the window would announce its clearing to a window already half gone.
            self.document.undo_stack.clear()
        return False
