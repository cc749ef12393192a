"""The layers dock: each layer with its visibility, opacity and place in the drawing order."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


def _swatch(colour: QColor, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor("#555555"))
    painter.setBrush(colour)
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return QIcon(pixmap)


class LayersPanel(QWidget):
    """Top of the list = drawn last (on top), as in QGIS. Drag rows or use the arrows to reorder."""

    def __init__(self, canvas, document=None, parent=None):
        super().__init__(parent)
        self.canvas = canvas
        self._updating = False
        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.InternalMove)
        self.list.setDefaultDropAction(Qt.MoveAction)
        self.list.setIconSize(QSize(12, 12))
        self.list.itemChanged.connect(self._item_changed)
        self.list.currentRowChanged.connect(self._current_changed)
        self.list.model().rowsMoved.connect(self._rows_moved)
        self.up = QToolButton(text="▲", toolTip="Draw the selected layer higher (on top of the one above)")
        self.down = QToolButton(text="▼", toolTip="Draw the selected layer lower")
        self.up.clicked.connect(lambda: self.move_selected(+1))
        self.down.clicked.connect(lambda: self.move_selected(-1))
        self.opacity = QSlider(Qt.Horizontal, minimum=0, maximum=100, toolTip="Opacity of the selected layer")
        self.opacity.valueChanged.connect(self._opacity_changed)
        self.opacity_label = QLabel("Opacity")
        self.legend = QLabel("")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.RichText)

        buttons = QHBoxLayout()
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addStretch(1)
        opacity_row = QHBoxLayout()
        opacity_row.addWidget(self.opacity_label)
        opacity_row.addWidget(self.opacity, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addLayout(opacity_row)
        layout.addWidget(QLabel("<b>Legend</b>"))
        layout.addWidget(self.legend)
        self._following = True
        canvas.layers_changed.connect(self._layers_changed)
        if document is not None:
            # The polities layer's legend lists the document's polities: follow them.
            document.scenario_replaced.connect(lambda scenario: self._show_legend())
            document.polities_changed.connect(lambda polity_id: self._show_legend())
        self.refresh()

    def follow_layers(self, following: bool) -> None:
        """Stop or resume rebuilding the list on every change of the canvas's layers (the window adds a dozen
        while it is built: one rebuild at the end instead of one per layer); resuming rebuilds it."""
        self._following = following
        if following:
            self.refresh()

    def _layers_changed(self) -> None:
        if self._following:
            self.refresh()

    def layer_at_row(self, row: int):
        return self.list.item(row).data(Qt.UserRole)

    def refresh(self) -> None:
        """Rebuild the list from the canvas (top row = top layer)."""
        self._updating = True
        current = self.selected_layer()
        self.list.clear()
        for layer in reversed(self.canvas.layers):
            item = QListWidgetItem(layer.title)
            item.setData(Qt.UserRole, layer)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable | Qt.ItemIsDragEnabled)
            item.setFlags(item.flags() & ~Qt.ItemIsDropEnabled)
            item.setCheckState(Qt.Checked if layer.visible else Qt.Unchecked)
            legend = layer.legend_items()
            colours = [c for _, c in legend if isinstance(c, QColor)]
            if colours:
                item.setIcon(_swatch(colours[0]))
            self.list.addItem(item)
            if layer is current:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self._updating = False
        self._current_changed(self.list.currentRow())
        self._show_legend()

    def selected_layer(self):
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item is not None else None

    def select_layer(self, key: str) -> None:
        for row in range(self.list.count()):
            if self.layer_at_row(row).key == key:
                self.list.setCurrentRow(row)
                return

    def move_selected(self, steps: int) -> None:
        """Move the selected layer up (+) or down (−) in the drawing order."""
        layer = self.selected_layer()
        if layer is None:
            return
        index = self.canvas.layers.index(layer)
        self.canvas.move_layer(layer, index + steps)
        self.select_layer(layer.key)

    def _item_changed(self, item: QListWidgetItem) -> None:
        if self._updating:
            return
        layer = item.data(Qt.UserRole)
        visible = item.checkState() == Qt.Checked
        if layer.visible != visible:
            self.canvas.set_layer_visible(layer, visible)

    def _current_changed(self, row: int) -> None:
        layer = self.selected_layer()
        self.opacity.setEnabled(layer is not None)
        if layer is not None:
            self._updating, was = True, self._updating
            self.opacity.setValue(round(layer.opacity * 100))
            self._updating = was
            self.opacity_label.setText(f"Opacity {round(layer.opacity * 100)} %")

    def _opacity_changed(self, value: int) -> None:
        layer = self.selected_layer()
        self.opacity_label.setText(f"Opacity {value} %")
        if layer is not None and not self._updating:
            self.canvas.set_layer_opacity(layer, value / 100.0)

    def _rows_moved(self, *args) -> None:
        """A row was dragged: apply the list's order to the canvas (top row = drawn last)."""
        order = [self.layer_at_row(row) for row in range(self.list.count())]
        layer = self.selected_layer()
        self.canvas.layers[:] = list(reversed(order))
        self.canvas.layers_changed.emit()
        self.canvas.request_redraw()
        if layer is not None:
            self.select_layer(layer.key)

    def _show_legend(self) -> None:
        rows = []
        for layer in reversed(self.canvas.layers):
            if not layer.visible:
                continue
            for label, colour in layer.legend_items():
                if isinstance(colour, QColor):
                    rows.append(f"<span style='color:{colour.name()}'>■</span> {label}")
        self.legend.setText("<br>".join(rows))
