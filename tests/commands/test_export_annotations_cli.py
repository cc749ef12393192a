"""`sovsplit export --layers +annotations` draws the forum's arguments and a saved user note (real export)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from sovsplit.cli import main
from sovsplit.model.annotations.arguments import add_note_edit, new_note, shipped_annotations
from sovsplit.model.io.scenario_io import save_scenario

_SVG = "{http://www.w3.org/2000/svg}"


def _texts(path) -> list[str]:
    return [t.text or "" for t in ET.parse(path).getroot().iter(_SVG + "text")]


def test_export_draws_every_argument_and_a_saved_note(scenario, tmp_path):
    # A note in Chukotka, saved with the default scenario and reopened by the exporter.
    note = new_note(scenario, 172.0, 66.5, "Anadyr airlift", "Supplies fly in while the sea is frozen.", "ports", "for")
    add_note_edit(scenario, note).apply(scenario)
    saved = tmp_path / "with-note.geojson"
    save_scenario(scenario, saved)
    out = tmp_path / "map.svg"
    assert main(["export", str(saved), "--layers", "+annotations", "--dpi", "72", "--quiet", "-o", str(out)]) == 0

    texts = _texts(out)
    shipped = [a.props["title"] for a in shipped_annotations()]
    count = len(shipped) + 1
    # Every callout gets its numbered marker; the labels that fit name the arguments, the note's first of all.
    numbers = {int(t) for t in texts if re.fullmatch(r"\d+", t)}
    assert set(range(1, count + 1)) <= numbers
    assert "Anadyr airlift" in texts
    drawn = [t for t in shipped if t in texts]
    assert len(drawn) >= len(shipped) // 2, drawn
    assert "Forum argument (numbered)" in texts
