"""Importing an arable layer (or going back to the model) as one undo step of the document."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QUndoCommand


@dataclass(frozen=True)
class ArableState:
    """What the numbers and the map count arable land from: the source, its map shapes, the file reference."""

    source: object
    shapes: list | None
    ref: object  # ArableLayerRef, None for the shipped model


class ArableCommand(QUndoCommand):
    """Switch the document (and through it every number) and the arable map layer to another source."""

    def __init__(self, document, layer, old: ArableState, new: ArableState):
        name = "the built-in model" if new.ref is None else new.source.name
        super().__init__(f"Count arable land from {name}")
        self.document, self.layer, self.old, self.new = document, layer, old, new

    def redo(self) -> None:
        apply_arable(self.document, self.layer, self.new)

    def undo(self) -> None:
        apply_arable(self.document, self.layer, self.old)


def apply_arable(document, layer, state: ArableState) -> None:
    """Make the document count with `state` and the layer draw it."""
    document.set_arable_source(state.source, state.ref)
    if state.shapes is not None:
        layer.set_source(state.source, state.shapes)
