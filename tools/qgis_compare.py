"""QGIS side of the frame benchmark: render sovsplit's own five layers with QgsMapRendererSequentialJob in the
same 1600x1000 Albers view the canvas benchmark uses, and print JSON (medians with min and max, wall and CPU).

Runs under the system Python that Debian's python3-qgis installs into (not the project's venv):

    apt-get install -y python3-qgis
    QT_QPA_PLATFORM=offscreen python3 tools/qgis_compare.py [--repeats 9] [--sovsplit-python .venv/bin/python]

With --sovsplit-python, sovsplit's frame probe (app/sovsplit/ui/frame_probe.py) runs too and both sets of
figures are printed side by side with the ratios (QGIS time / ours). Never part of the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GEODATA = ROOT / "geodata"
WIDTH, HEIGHT = 1600, 1000
_KEEP: list = []
ALBERS = "+proj=aea +lat_1=52 +lat_2=64 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m +no_defs"


def _layers():
    from qgis.core import (
        QgsPalLayerSettings,
        QgsTextBufferSettings,
        QgsTextFormat,
        QgsVectorLayer,
        QgsVectorLayerSimpleLabeling,
    )
    from qgis.PyQt.QtGui import QColor

    def layer(path: Path, name: str) -> QgsVectorLayer:
        loaded = QgsVectorLayer(str(path), name, "ogr")
        if not loaded.isValid():
            raise SystemExit(f"qgis_compare: QGIS cannot read {path}")
        return loaded

    neighbours = layer(GEODATA / "neighbours.geojson", "neighbours")
    neighbours.renderer().symbol().setColor(QColor("#ece8de"))
    polities = layer(GEODATA / "scenarios" / "default.geojson", "polities")
    polities.renderer().symbol().setColor(QColor("#c0392b"))
    polities.setOpacity(0.88)
    regions = layer(GEODATA / "regions.geojson", "regions")
    symbol = regions.renderer().symbol()
    symbol.setColor(QColor(0, 0, 0, 0))
    symbol.symbolLayer(0).setStrokeColor(QColor("white"))
    symbol.symbolLayer(0).setStrokeWidth(0.1)
    coast = layer(GEODATA / "coastline.geojson", "coast")
    coast.renderer().symbol().setColor(QColor("#3f6f8f"))
    cities = layer(GEODATA / "cities.geojson", "cities")
    cities.renderer().symbol().setColor(QColor("#1e1e1e"))
    settings = QgsPalLayerSettings()
    settings.fieldName = "name"
    text = QgsTextFormat()
    text.setSize(9)
    halo = QgsTextBufferSettings()
    halo.setEnabled(True)
    halo.setSize(1.0)
    halo.setColor(QColor("white"))
    text.setBuffer(halo)
    settings.setFormat(text)
    cities.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    cities.setLabelsEnabled(True)
    # Top first, as QgsMapSettings expects.
    return [cities, coast, regions, polities, neighbours]


def _render(settings) -> tuple[float, float]:
    from qgis.core import QgsMapRendererSequentialJob

    wall, cpu = time.perf_counter(), time.process_time()
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    job.renderedImage()
    return (time.perf_counter() - wall) * 1000.0, (time.process_time() - cpu) * 1000.0


def measure_qgis(repeats: int) -> dict:
    from qgis.core import QgsApplication, QgsCoordinateReferenceSystem, QgsMapSettings, QgsRectangle
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    app = QgsApplication([], False)
    app.initQgis()
    layers = _layers()
    # QGIS objects must outlive this function (collecting them after it returns crashes PyQt): keep them.
    _KEEP.extend([app, layers])
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(QgsCoordinateReferenceSystem.fromProj(ALBERS))
    settings.setOutputSize(QSize(WIDTH, HEIGHT))
    settings.setBackgroundColor(QColor("#b9d3e3"))
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    from qgis.core import QgsCoordinateTransform, QgsProject

    to_albers = QgsCoordinateTransform(layers[2].crs(), settings.destinationCrs(), QgsProject.instance())
    full = to_albers.transformBoundingBox(layers[2].extent())
    full.scale(1.04)
    settings.setExtent(full)
    _render(settings)  # warm-up: data read, caches filled, as our probe's first frame
    results: dict[str, list[float]] = {"full": [], "full_cpu": [], "pan": [], "pan_cpu": [], "zoom": [], "zoom_cpu": []}
    for _ in range(repeats):
        wall, cpu = _render(settings)
        results["full"].append(wall)
        results["full_cpu"].append(cpu)
    for step in range(repeats):
        shifted = QgsRectangle(settings.extent())
        dx = (0.1 if step % 2 else -0.1) * shifted.width()
        settings.setExtent(
            QgsRectangle(shifted.xMinimum() + dx, shifted.yMinimum(), shifted.xMaximum() + dx, shifted.yMaximum())
        )
        wall, cpu = _render(settings)
        results["pan"].append(wall)
        results["pan_cpu"].append(cpu)
    settings.setExtent(full)
    for step in range(min(repeats, 9)):
        zoomed = QgsRectangle(full)
        zoomed.scale(2.0 ** -(step + 1))
        settings.setExtent(zoomed)
        wall, cpu = _render(settings)
        results["zoom"].append(wall)
        results["zoom_cpu"].append(cpu)
    return {key: _spread(values) for key, values in results.items()}


def _spread(values: list[float]) -> dict:
    return {
        "median_ms": round(statistics.median(values), 1),
        "min_ms": round(min(values), 1),
        "max_ms": round(max(values), 1),
    }


def measure_sovsplit(python: str, repeats: int) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT / "app"))
    out = subprocess.run(
        [python, "-m", "sovsplit.ui.frame_probe", str(WIDTH), str(HEIGHT), str(repeats)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    if out.returncode != 0:
        raise SystemExit(f"qgis_compare: sovsplit's frame probe failed: {out.stderr[-400:]}")
    samples = json.loads(out.stdout.strip().splitlines()[-1])
    return {key: _spread(values) for key, values in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--sovsplit-python", help="the project's Python, to run sovsplit's frame probe as well")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    report = {"qgis": measure_qgis(args.repeats)}
    if args.sovsplit_python:
        ours = measure_sovsplit(args.sovsplit_python, args.repeats)
        report["sovsplit"] = ours
        pairs = {
            "pan": "pan_rerender",
            "pan_cpu": "pan_rerender_cpu",
            "zoom": "zoom_new_level",
            "zoom_cpu": "zoom_new_level_cpu",
        }
        report["qgis_over_sovsplit_ratio"] = {
            key: round(report["qgis"][key]["median_ms"] / ours[mine]["median_ms"], 2) for key, mine in pairs.items()
        }
        # The yardstick: QGIS's full render of the same view against each of our re-renders (CPU).
        report["qgis_full_render_over_sovsplit_ratio"] = {
            mine: round(report["qgis"]["full_cpu"]["median_ms"] / ours[mine]["median_ms"], 2)
            for mine in ("pan_rerender_cpu", "zoom_new_level_cpu")
        }
    print(json.dumps(report, indent=2), flush=True)
    # Leave without Python tearing QGIS down piece by piece (that order crashes PyQt5 at exit).
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
