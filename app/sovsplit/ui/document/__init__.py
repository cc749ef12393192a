"""The window's document: undo commands, background tasks and model signals."""
