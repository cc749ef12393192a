"""`sovsplit export --layers +annotations` draws the forum's arguments and a saved user note (real export)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from sovsplit.cli import main
from sovsplit.model.annotations.arguments import add_note_edit, assess, new_note
from sovsplit.model.annotations.rules import NOT_MEASURABLE
from sovsplit.model.io.scenario_io import save_scenario
from sovsplit.model.report import scenario_report

_SVG = "{http://www.w3.org/2000/svg}"


def _texts(path) -> list[str]:
    return ["".join(t.itertext()) for t in ET.parse(path).getroot().iter(_SVG + "text")]


def _export(saved, out, *extra) -> list[str]:
    args = ["export", str(saved), "--layers", "+annotations", "--dpi", "72", "--quiet", "-o", str(out), *extra]
    assert main(args) == 0
    return _texts(out)


def test_export_marks_the_testable_arguments_and_a_saved_note(scenario, tmp_path):
    # A note in Chukotka, saved with the default scenario and reopened by the exporter.
    note = new_note(scenario, 172.0, 66.5, "Anadyr airlift", "Supplies fly in while the sea is frozen.", "ports", "for")
    add_note_edit(scenario, note).apply(scenario)
    saved = tmp_path / "with-note.geojson"
    save_scenario(scenario, saved)
    verdicts = {a.annotation.props["title"]: a.verdict.status for a in assess(scenario, scenario_report(scenario))}
    testable = [t for t, v in verdicts.items() if v != NOT_MEASURABLE and t != "Anadyr airlift"]
    untestable = [t for t, v in verdicts.items() if v == NOT_MEASURABLE]
    assert testable and untestable

    texts = _export(saved, tmp_path / "map.svg")
    panel = " ".join(texts)  # the panel's wrapped lines are separate SVG texts; joined they read as written
    # Every testable argument and the note are listed in the numbered panel with their verdict; the untestable
    # ones are left out by default.
    for title in testable:
        assert re.search(re.escape(title) + r" \((backed|against)\)", panel), title
    assert "Anadyr airlift (your note)" in panel
    assert "(cannot test)" not in panel
    # Markers are numbered 1..n without gaps (grouped arguments share a number: 2a, 2b in the panel).
    ids = [g.get("id", "") for g in ET.parse(tmp_path / "map.svg").getroot().iter(_SVG + "g")]
    numbers = sorted(int(i.rsplit("-", 1)[1]) for i in ids if i.startswith("note-marker-"))
    tags = [i.rsplit("-", 1)[1] for i in ids if i.startswith("note-tag-")]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(tags) == len(testable) + 1  # one panel line per argument shown
    assert {int(re.match(r"\d+", t)[0]) for t in tags} == set(numbers)  # every line keyed to a marker
    assert any(t.startswith("Argument the numbers") for t in texts)


def test_include_untestable_lists_them_too(scenario, tmp_path):
    saved = tmp_path / "s.geojson"
    save_scenario(scenario, saved)
    texts = _export(saved, tmp_path / "all.svg", "--include-untestable")
    assert "(cannot test)" in " ".join(texts)
    assert "Argument they cannot test (numbered)" in texts
