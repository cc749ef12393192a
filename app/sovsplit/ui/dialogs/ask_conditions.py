"""The conditions of "Ask the map" as form rows: a checkbox per condition kind, its number or port, region pickers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sovsplit.model import reference
from sovsplit.model.scenario import Scenario
from sovsplit.model.solve.conditions import (
    ArablePerPerson,
    CapitalDistance,
    Condition,
    Contiguous,
    Fixed,
    HoldPort,
    MinPopulation,
    PacificRailPort,
)
from sovsplit.model.solve.sweep import default_receiver

OTHER_POLITY = "other"  # arable per person at least the other polity's


def _spin(maximum: float, value: float, suffix: str, decimals: int = 0, step: float = 1.0) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0.0, maximum)
    spin.setDecimals(decimals)
    spin.setSingleStep(step)
    spin.setValue(value)
    spin.setSuffix(suffix)
    spin.setGroupSeparatorShown(True)
    spin.setEnabled(False)
    return spin


class ConditionsForm(QWidget):
    """One row per kind of condition; `conditions()` gives the checked ones as typed records."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.scenario: Scenario | None = None
        self.polity_id: str | None = None
        self.pacific = QCheckBox("Hold a year-round Pacific port with a rail link")
        self.contiguous = QCheckBox("One piece over land, with the capital's region")
        self.hold_port = QCheckBox("Hold the port")
        self.port = QComboBox()
        for index, port in sorted(enumerate(reference.ports()), key=lambda p: str(p[1]["name"])):
            self.port.addItem(f"{port['name']} ({port['sea']})", index)
        self.port.setCurrentIndex(max(0, self.port.findText("Vladivostok", Qt.MatchStartsWith)))  # the thread's port
        self.port.setEnabled(False)
        self.population = QCheckBox("Population at least")
        self.people = _spin(400e6, 10e6, " people", step=1e6)
        self.arable = QCheckBox("Arable land per person at least")
        self.arable_basis = QComboBox()
        self.arable_basis.addItem("the other polity's", OTHER_POLITY)
        self.arable_basis.addItem("a number of hectares", "hectares")
        self.arable_basis.setEnabled(False)
        self.hectares = _spin(100.0, 0.5, " ha", decimals=2, step=0.1)
        self.distance = QCheckBox("Capital at least")
        self.km = _spin(5000.0, 300.0, " km from any border", step=50.0)
        for box, widgets in (
            (self.hold_port, (self.port,)),
            (self.population, (self.people,)),
            (self.arable, (self.arable_basis, self.hectares)),
            (self.distance, (self.km,)),
        ):
            for widget in widgets:
                box.toggled.connect(widget.setEnabled)
        self.arable_basis.currentIndexChanged.connect(self._arable_basis_changed)
        self._arable_basis_changed()

        # Region pickers: regions kept with the polity or kept out of it, whatever the cost.
        self.region = QComboBox()
        self.region.setEditable(True)
        self.region.setInsertPolicy(QComboBox.NoInsert)
        self.region.completer().setFilterMode(Qt.MatchContains)
        self.region.completer().setCompletionMode(self.region.completer().CompletionMode.PopupCompletion)
        self.side = QComboBox()
        self.side.addItem("kept in", True)
        self.side.addItem("kept out", False)
        add = QPushButton("Add")
        add.clicked.connect(self.add_fixed_from_picker)
        remove = QPushButton("Remove")
        remove.clicked.connect(self._remove_fixed)
        self.fixed = QListWidget()
        self.fixed.setMaximumHeight(72)
        self.fixed.setToolTip("Regions the answer must keep with the polity (or keep out of it)")

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        form.addRow(self.pacific)
        form.addRow(self.contiguous)
        form.addRow(self.hold_port, self.port)
        form.addRow(self.population, self.people)
        arable_row = QHBoxLayout()
        arable_row.addWidget(self.arable_basis, 1)
        arable_row.addWidget(self.hectares)
        form.addRow(self.arable, arable_row)
        form.addRow(self.distance, self.km)
        picker = QHBoxLayout()
        picker.addWidget(self.side)
        picker.addWidget(add)
        picker.addWidget(remove)
        picker.addStretch(1)
        fixed_box = QVBoxLayout()
        fixed_box.addWidget(self.region)
        fixed_box.addLayout(picker)
        fixed_box.addWidget(self.fixed)
        form.addRow("Regions:", fixed_box)

    def set_scenario(self, scenario: Scenario | None, polity_id: str | None) -> None:
        """Offer the scenario's regions; a change of scenario drops the fixed regions (they named its regions)."""
        if scenario is not self.scenario:
            self.fixed.clear()
            self.region.clear()
            if scenario is not None:
                for region in sorted(scenario.regions.regions, key=lambda r: r.name):
                    self.region.addItem(f"{region.name} ({region.id})", region.id)
        self.scenario, self.polity_id = scenario, polity_id
        receiver = default_receiver(scenario, polity_id) if scenario is not None and polity_id else None
        name = scenario.polities[receiver].name if receiver else "the other polity"
        self.arable_basis.setItemText(0, f"{name}'s")

    def _arable_basis_changed(self) -> None:
        self.hectares.setVisible(self.arable_basis.currentData() == "hectares")

    def add_fixed(self, region_id: str, inside: bool) -> None:
        """Keep a region in (or out of) the polity; a region is listed once, with its latest side."""
        for row in range(self.fixed.count()):
            if self.fixed.item(row).data(Qt.UserRole)[0] == region_id:
                self.fixed.takeItem(row)
                break
        name = self.scenario.regions[region_id].name if self.scenario is not None else region_id
        item = QListWidgetItem(f"{name} ({region_id}): {'kept in' if inside else 'kept out'}")
        item.setData(Qt.UserRole, (region_id, inside))
        self.fixed.addItem(item)

    def add_fixed_from_picker(self) -> None:
        index = self.region.findText(self.region.currentText())
        if index >= 0:
            self.add_fixed(self.region.itemData(index), bool(self.side.currentData()))

    def _remove_fixed(self) -> None:
        for item in self.fixed.selectedItems():
            self.fixed.takeItem(self.fixed.row(item))

    def conditions(self) -> tuple[Condition, ...]:
        """The checked conditions, in the order the command line spells them most often."""
        found: list[Condition] = []
        if self.pacific.isChecked():
            found.append(PacificRailPort())
        if self.contiguous.isChecked():
            found.append(Contiguous())
        if self.hold_port.isChecked():
            found.append(HoldPort(int(self.port.currentData())))
        if self.population.isChecked():
            found.append(MinPopulation(self.people.value()))
        if self.arable.isChecked():
            if self.arable_basis.currentData() == OTHER_POLITY and self.scenario is not None and self.polity_id:
                found.append(ArablePerPerson(other=default_receiver(self.scenario, self.polity_id)))
            else:
                found.append(ArablePerPerson(hectares=self.hectares.value()))
        if self.distance.isChecked():
            found.append(CapitalDistance(self.km.value()))
        for row in range(self.fixed.count()):
            region_id, inside = self.fixed.item(row).data(Qt.UserRole)
            found.append(Fixed(region_id, inside))
        return tuple(found)
