"""Plugs issue 4 into the main window: arable and ports layers, arable import, shipped scenarios, Help texts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from sovsplit.model.io.shipped_scenarios import shipped_scenarios
from sovsplit.ui.dialogs.arable_import import ArableImporter
from sovsplit.ui.dialogs.help_dialogs import ARABLE_MODEL_TITLE, show_arable_model_help, show_sources
from sovsplit.ui.layers.arable_layer import ArableLayer
from sovsplit.ui.layers.ports_layer import PortsLayer

# Menu titles of the scenarios we ship; any other file in geodata/scenarios shows its own "name".
SHIPPED_TITLES = {
    "default": "&Default: the East without Vladivostok",
    "east-with-primorsky": "East with &Primorsky Krai (Vladivostok)",
    "east-ussr-timeline": "East USSR &timeline 1927–1950 (invented; opens its latest state)",
}


@dataclass
class LandAndPorts:
    arable_layer: ArableLayer
    ports_layer: PortsLayer
    importer: ArableImporter
    shipped_menu: QMenu
    import_action: QAction
    model_action: QAction


def scenario_title(stem: str, path: Path) -> str:
    """The menu title of a shipped scenario: ours, else the file's top-level "name", else its file name."""
    if stem in SHIPPED_TITLES:
        return SHIPPED_TITLES[stem]
    try:
        with open(path, encoding="utf-8") as handle:
            head = handle.read(600)
    except OSError:
        return stem
    match = re.search(r'"name"\s*:\s*"([^"]+)"', head)
    return match.group(1) if match else stem


def install_land_and_ports(window) -> LandAndPorts:
    """Add the layers (arable above the polities, ports under the city labels) and the menu entries."""
    canvas = window.canvas
    keys = [layer.key for layer in canvas.layers]
    arable = ArableLayer()
    canvas.add_layer(arable, keys.index("polities") + 1 if "polities" in keys else None)
    keys = [layer.key for layer in canvas.layers]
    ports = PortsLayer()
    # Under the city labels: on top, diamonds next to port cities would cut through their names.
    canvas.add_layer(ports, keys.index("cities") if "cities" in keys else None)
    window.document.report_ready.connect(lambda result: ports.set_report(result.report))
    window.document.scenario_replaced.connect(lambda scenario: ports.set_report(None))
    importer = ArableImporter(window, arable)

    shipped_menu = QMenu("Open &Shipped Scenario", window)
    shipped_menu.setObjectName("menu-shipped-scenarios")
    for stem, path in shipped_scenarios().items():
        action = shipped_menu.addAction(scenario_title(stem, path))
        action.setData(stem)
        action.setStatusTip(f"Open the shipped scenario {path.name}")
        action.triggered.connect(lambda checked=False, p=path: window.load_in_background(p))
    shipped_menu.setEnabled(bool(shipped_menu.actions()))
    window.add_action("File", "open", shipped_menu)

    import_action = QAction("Import &Arable Layer…", window)
    import_action.setStatusTip("Count arable land from your own GeoTIFF or polygons instead of the model")
    import_action.triggered.connect(importer.open_dialog)
    model_action = QAction("Use the Built-in Arable &Model", window)
    model_action.setStatusTip("Go back to the modelled arable land shipped with sovsplit")
    model_action.triggered.connect(importer.use_model)
    model_action.setEnabled(False)
    importer.applied.connect(lambda source: model_action.setEnabled(not source.is_model))
    window.add_action("File", "arable", import_action)
    window.add_action("File", "arable", model_action)

    arable_help = QAction(f"{ARABLE_MODEL_TITLE}…", window)
    arable_help.triggered.connect(lambda: show_arable_model_help(window))
    sources = QAction("Data Sources and &Licences…", window)
    sources.triggered.connect(lambda: show_sources(window))
    window.add_action("Help", "topics", arable_help)
    window.add_action("Help", "topics", sources)
    return LandAndPorts(arable, ports, importer, shipped_menu, import_action, model_action)
