"""Save As proposes a safe, short file name taken from the scenario's title."""

from __future__ import annotations

from sovsplit.model.io.file_names import safe_file_stem


def test_the_default_scenarios_title_becomes_its_short_name(scenario):
    stem = safe_file_stem(scenario.name)
    assert ":" not in stem and "/" not in stem and len(stem) <= 40
    assert scenario.name.startswith(stem)  # its leading words, never a word cut in two
    rest = scenario.name[len(stem) :]
    assert rest == "" or not rest[0].isalnum()


def test_unsafe_characters_and_long_titles():
    assert safe_file_stem("Two USSRs: the Stalinist West and the Trotskyist East") == "Two USSRs"
    assert safe_file_stem("East/West split") == "East West split"
    assert safe_file_stem('a*b?c"d<e>f|g\\h') == "a b c d e f g h"
    long = "A very long scenario title that goes on and on well past forty characters"
    stem = safe_file_stem(long)
    assert len(stem) <= 40 and long.startswith(stem) and long[len(stem)] == " "
    assert safe_file_stem(" : ") == "scenario" and safe_file_stem("...") == "scenario"
