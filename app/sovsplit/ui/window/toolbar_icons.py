"""Toolbar icons (Qt's standard icons) and tooltips that name the shortcut, on every toolbar button."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QStyle, QToolBar

# Toolbar entries by their menu text (without "&" and "…"): the standard icon that reads closest.
STANDARD_ICONS: dict[str, QStyle.StandardPixmap] = {
    "Open": QStyle.SP_DialogOpenButton,
    "Save": QStyle.SP_DialogSaveButton,
    "Zoom In": QStyle.SP_ArrowUp,
    "Zoom Out": QStyle.SP_ArrowDown,
    "Zoom to Full Extent": QStyle.SP_DesktopIcon,
    "Add Note": QStyle.SP_FileDialogInfoView,
    "Region Tool": QStyle.SP_DialogApplyButton,
    "Border Tool": QStyle.SP_FileDialogDetailedView,
    "Cut Tool": QStyle.SP_DialogDiscardButton,
    "Compare scenarios": QStyle.SP_FileDialogContentsView,
}


def plain_text(text: str) -> str:
    """A menu text as a person reads it: no mnemonic ampersands, no trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".").strip()


def tooltip_for(action: QAction) -> str:
    """'Zoom In (Ctrl++)', plus what it does when the action says so; keeps a longer tooltip that has the key."""
    name = plain_text(action.text())
    key = action.shortcut().toString(QKeySequence.NativeText)
    current = action.toolTip()
    if key and key in current and current != name:
        return current
    tip = f"{name} ({key})" if key else name
    detail = action.statusTip()
    return f"{tip}: {detail}" if detail else tip


def polish_toolbar(toolbar: QToolBar) -> None:
    """Give every toolbar action an icon and a tooltip with its shortcut; show icons with short text."""
    style = toolbar.style()
    for action in toolbar.actions():
        if action.isSeparator():
            continue
        standard = STANDARD_ICONS.get(plain_text(action.text()))
        if action.icon().isNull() and standard is not None:
            action.setIcon(style.standardIcon(standard, None, toolbar))
        action.setToolTip(tooltip_for(action))
    toolbar.setIconSize(QSize(20, 20))
    # Icons alone would make the tools guesswork; the text beside them keeps the toolbar readable.
    toolbar.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)


def tip_labelled_buttons(root) -> int:
    """Give every labelled button without a tooltip one from its text and shortcut; returns how many it set."""
    count = 0
    for button in root.findChildren(QAbstractButton):
        text = plain_text(button.text())
        if button.toolTip() or not text:
            continue
        key = button.shortcut().toString(QKeySequence.NativeText)
        button.setToolTip(f"{text} ({key})" if key else text)
        count += 1
    return count
