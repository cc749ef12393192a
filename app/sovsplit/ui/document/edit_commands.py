"""Thin QUndoCommands around the model's reversible edits; a brush stroke merges into one undo step."""

from __future__ import annotations

import itertools

from PySide6.QtGui import QUndoCommand

from sovsplit.model.editing.edits import Edit, Reassign

_STROKE_ID = 4101
_strokes = itertools.count(1)


def new_stroke() -> int:
    """A number for one press-drag-release of the region brush; commands of one stroke merge."""
    return next(_strokes)


class EditCommand(QUndoCommand):
    """Apply a model edit on redo (including the push), revert it on undo."""

    def __init__(self, scenario, edit: Edit):
        super().__init__(edit.label)
        self.scenario = scenario
        self.edit = edit

    def redo(self) -> None:
        self.edit.apply(self.scenario)
        _journal(self.scenario, "apply", self.edit)

    def undo(self) -> None:
        self.edit.revert(self.scenario)
        _journal(self.scenario, "revert", self.edit)


def _journal(scenario, op: str, edit) -> None:
    """Tell the crash journal (ui/window/saving.py sets scenario.edit_recorder) about an edit just done."""
    recorder = getattr(scenario, "edit_recorder", None)
    if recorder is not None:
        recorder(op, edit, scenario)


class StrokeCommand(EditCommand):
    """Regions given away by one brush stroke: each newly painted region merges into the stroke's command."""

    def __init__(self, scenario, edit: Reassign, stroke: int, polity_name: str):
        super().__init__(scenario, edit)
        self.stroke = stroke
        self.polity_name = polity_name

    def id(self) -> int:
        return _STROKE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, StrokeCommand) or other.stroke != self.stroke or other.scenario is not self.scenario:
            return False
        self.edit.extend(other.edit)
        regions = {self.scenario.parcels[pid].region_id for pid in self.edit.new if pid in self.scenario.parcels}
        if len(regions) > 1:
            self.setText(f"Give {len(regions)} regions to {self.polity_name}")
        elif self.edit.new:
            self.setText(other.edit.label if len(self.edit.new) == 1 else self.edit.label)
        # Painting a region back to its first owner within the stroke leaves nothing to undo.
        self.setObsolete(not self.edit.new)
        return True
