"""Sea and ocean names in the export: italic, in the style's sea colour, wholly over water, and a layer of their own."""

from __future__ import annotations

import shapely

from sovsplit.model import reference
from sovsplit.render.export import build_figure
from sovsplit.render.geometry import projected
from sovsplit.render.sea_labels import forms, sea_names, wrap_words
from sovsplit.render.settings import DEFAULT_LAYERS, ExportSettings


def test_names_wrap_at_the_middle_word_and_oceans_are_spaced_capitals():
    assert wrap_words("East Siberian Sea") == "East Siberian\nSea"
    assert wrap_words("Sea of Okhotsk") == "Sea of\nOkhotsk"
    ocean = next(s for s in sea_names() if s.name == "Arctic Ocean")
    assert forms(ocean)[0].replace("\u2009", "").replace("\u2002", " ") == "ARCTIC OCEAN"
    assert [s.rank for s in sea_names()] == sorted(s.rank for s in sea_names())


def test_the_exported_sea_names_lie_over_water(scenario):
    page = build_figure(scenario, ExportSettings(dpi=72, landscape=True))
    key = page.settings.projection
    seas = [label for label in page.placed if label.kind == "sea"]
    names = {label.text for label in seas}
    assert {"Arctic Ocean", "Pacific Ocean", "Barents Sea", "Laptev Sea", "Sea of Okhotsk", "Bering Sea"} <= names
    land = shapely.union_all(
        [projected(scenario.geometry_of(pid), key) for pid in scenario.polities]
        + [projected(f.geometry, key) for f in reference.neighbours()]
    )
    one_pixel = (page.ax.get_xlim()[1] - page.ax.get_xlim()[0]) / page.ax.get_window_extent().width
    for label in seas:
        assert not land.intersects(label.shape().buffer(-one_pixel * 0.5)), label.text
    # Drawn italic in the style's sea colour.
    drawn = [t for t in page.ax.texts if t.get_fontstyle() == "italic" and t.get_color() == page.style.sea_label]
    assert len(drawn) == len(seas)


def test_sea_names_are_a_layer_on_by_default(scenario):
    assert "seas" in DEFAULT_LAYERS
    page = build_figure(scenario, ExportSettings(dpi=72, layers=DEFAULT_LAYERS - {"seas"}))
    assert not [label for label in page.placed if label.kind == "sea"]
