"""Help menu texts: how the arable model works and where it fails, the data sources and licences, and About."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from sovsplit.model.frame import frame_footnote
from sovsplit.model.io.resources import geodata_path

ARABLE_MODEL_TITLE = "About the arable model"

# Plain words for map users; the technical record is geodata/SOURCES.md.
ARABLE_MODEL_MARKDOWN = """\
# How sovsplit estimates arable land

Nobody has a map of where the Soviet Union actually ploughed in 1924, so sovsplit does not pretend to.
It **models** which land *could* be farmed from the climate alone, and it says so wherever it shows a number.

## The method

1. **Climate.** The ERA5 reanalysis of the Copernicus Climate Change Service, averaged month by month
   over 2000–2025, on a grid of 0.25° cells (about 28 km north–south).
2. **Warmth.** For each cell, the *growing degree days above 5 °C*: how many degrees each month's mean
   temperature stands above 5 °C, times the days in that month, summed over the year. It measures how
   much warmth a summer offers to grow a grain crop.
3. **Water.** The cell's annual precipitation.
4. **Classes.** A cell is *prime* when it gets at least 1,800 degree days and 400 mm of rain and snow a
   year, and *marginal* when it gets at least 1,200 degree days and 300 mm. Prime cells count **75 %** of
   their land as arable, marginal cells **3 %**, all others nothing. Those two shares were chosen so that the
   whole former USSR comes out close to the arable area it reported.
5. **Areas.** Every cell's area is measured on the WGS84 ellipsoid, not on a flat map, so northern cells
   are not inflated.
6. **Borders.** A cell that a border or a coast cuts counts only by the share of the cell that lies inside
   the polity. QGIS's zonal statistics, by contrast, count a cell wholly or not at all depending on where
   its centre falls, which over- or under-counts along every border; here moving a border by a few
   kilometres moves the numbers by exactly the land moved.

## How close it gets

Over the 97 republics and regions of the former USSR the model finds about **2.2 million km²** of
arable land; the USSR reported about **2.27 million km²** in the 1980s. Russia comes out near 1.2 million
(reported 1.2–1.3), and Sakha, the heart of the East, near 4,600 km² — about 0.15 % of its land, against
the roughly 0.1 % it actually sows.

## What it cannot see

- **No irrigation.** The irrigated cotton and grain oases of Central Asia are too dry for the rule and count
  as nothing, although they were farmed intensively.
- **No soils.** Black earth and podzol count the same; so do peat bogs and sand.
- **No terrain.** Mountain slopes and valley floors in one cell count alike; permafrost is not considered.
- **No land cover.** Wet forest (the Baltic, Belarus, the Far East) passes the climate test and counts as
  prime, though much of it was never cleared.
- **Today's climate, not the 1920s'.** The climate of 2000–2025 is warmer than that of the 1920s, so the
  model leans generous towards the north and the East.
- **Three values only.** The map is coarse: good for totals over large regions, not for any one district.

If you have better data — observed cropland as a raster of fractions, percent or land-cover classes, or
polygons of fields — use **File → Import arable layer…**; every number and the map then use your layer, and
the statistics name it instead of calling it modelled.

*Contains modified Copernicus Climate Change Service information 2000–2025. Neither the European
Commission nor ECMWF is responsible for any use that may be made of the Copernicus information or data it
contains.*
"""


def about_html() -> str:
    from sovsplit import __version__

    return (
        f"<h3>sovsplit {__version__}</h3>"
        "<p>A desktop GIS workbench for one counterfactual: after Lenin's death the Soviet Union splits "
        "into a Stalinist <b>West USSR</b> (capital Moscow) and a Trotskyist <b>East USSR</b> (capital "
        "Yakutsk). Move the border, and every number follows: geodesic area, coastline, modelled arable "
        "land, the ports each side holds and how far their ships sail to Japan and China.</p>"
        "<p>Areas and lengths are measured on the WGS84 ellipsoid. Arable land is a climate model unless "
        "you import observed data (Help → About the arable model).</p>"
        f"<p>{html.escape(frame_footnote())} Regions that joined later carry a note in their hover text.</p>"
        "<p>Map data: regions and neighbours from public boundary data, cities from GeoNames (CC BY 4.0), "
        "ports from the searoute package (Apache-2.0), climate from ERA5 (Copernicus). See Help → Data "
        "sources and licences.</p>"
    )


def sources_markdown() -> str:
    """geodata/SOURCES.md, or a one-line note when the installation lacks it."""
    path = geodata_path("SOURCES.md")
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        return f"# Data sources\n\n{path}: cannot be read ({exc.strerror or exc})."


class TextDialog(QDialog):
    """A resizable window showing Markdown text with working links."""

    def __init__(self, title: str, markdown: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setMarkdown(markdown)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(720, 640)
        self.setAttribute(Qt.WA_DeleteOnClose)


def show_arable_model_help(parent) -> TextDialog:
    dialog = TextDialog(ARABLE_MODEL_TITLE, ARABLE_MODEL_MARKDOWN, parent)
    dialog.show()
    return dialog


def show_sources(parent) -> TextDialog:
    dialog = TextDialog("Data sources and licences", sources_markdown(), parent)
    dialog.show()
    return dialog


def show_about(parent) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.about(parent, "About sovsplit", about_html())
