"""The running half of the export dialog: one export at a time on the render thread, with progress and cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog


class ExportRunning:
    """Mixed into ExportDialog, which provides `tasks`, `_show_error`, `_report` and the export_* signals."""

    def run_export(self, work, job, path: Path) -> None:
        """Run `work(job, state)` through the task runner with a cancellable progress dialog; the file appears
        only when the work is done (every exporter writes a temporary file and renames it)."""
        dialog = QProgressDialog(f"Exporting {path.name}…", "Cancel", 0, 1000, self)
        dialog.setWindowTitle("Export map")
        dialog.setWindowModality(Qt.WindowModal)
        dialog.setMinimumDuration(400)  # quick exports never flash a dialog
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        self.progress_dialog = dialog
        self.export_job = self.tasks.start(
            work,
            job,
            on_done=lambda result: self._export_done(dialog, str(result)),
            on_error=lambda message: self._export_error(dialog, message),
            on_progress=lambda fraction, text: self._export_progress(dialog, fraction, text),
            on_cancelled=lambda result: self._export_stopped(dialog),
        )
        dialog.canceled.connect(self.export_job.cancel)

    def cancel_export(self) -> None:
        if self.export_job is not None:
            self.export_job.cancel()

    def _export_progress(self, dialog, fraction: float, text: str) -> None:
        if dialog.wasCanceled() and self.export_job is not None:
            self.export_job.cancel()
        elif not dialog.wasCanceled():
            dialog.setLabelText(f"Exporting: {text}…")
            dialog.setValue(int(fraction * 1000))

    def _finish(self, dialog) -> None:
        self.export_job = None
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()

    def _export_done(self, dialog, path: str) -> None:
        self._finish(dialog)
        self._show_error("")
        parent = self.parent()
        if parent is not None and hasattr(parent, "set_status"):
            parent.set_status(f"exported {path}")
        self.export_finished.emit(path)

    def _export_error(self, dialog, message: str) -> None:
        self._finish(dialog)
        self._show_error(f"export failed: {message}")
        self._report(f"Export failed: {message}")
        self.export_failed.emit(message)

    def _export_stopped(self, dialog) -> None:
        self._finish(dialog)
        self._show_error("export cancelled; no file was written")
        self.export_cancelled.emit()
