"""Connect Qt objects to the model's plain-Python signals without outliving them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from sovsplit.model.events import Signal


def connect_while_alive(signal: Signal, receiver: QObject, callback: Callable) -> None:
    """Connect `callback` to a model signal until `receiver` is destroyed.

    The model keeps plain references to its callbacks; a widget closed with its window would otherwise still be
    called, and touching its deleted C++ side raises.
    """
    signal.connect(callback)
    receiver.destroyed.connect(lambda *_: signal.disconnect(callback))
