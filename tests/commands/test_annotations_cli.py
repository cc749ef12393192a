"""`sovsplit annotations`: every argument with its verdict, as JSON or a table, for any scenario."""

from __future__ import annotations

import json

from sovsplit.cli import main
from sovsplit.model.annotations.arguments import shipped_annotations


def _json(capsys, *argv) -> list[dict]:
    assert main(["annotations", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_lists_every_argument_with_its_verdict_and_evidence(capsys):
    items = _json(capsys)
    assert [i["id"] for i in items] == [a.id for a in shipped_annotations()]
    for item in items:
        assert {"id", "topic", "stance", "seed", "text", "verdict", "title", "measured", "explanation"} <= set(item)
        assert item["verdict"] in ("supported", "contradicted", "not measurable")
        assert (item["verdict"] == "not measurable") == (item["rule"] is None)
    vladivostok = next(i for i in items if i["id"] == "objection-vladivostok")
    assert vladivostok["verdict"] == "supported"
    assert "year-round Pacific ports with a rail link 0" in vladivostok["measured"]


def test_the_primorsky_variant_by_name_contradicts_the_vladivostok_argument(capsys):
    items = {i["id"]: i for i in _json(capsys, "east-with-primorsky")}
    assert items["objection-vladivostok"]["verdict"] == "contradicted"


def test_user_notes_in_a_scenario_file_are_listed(capsys, scenario, tmp_path):
    from sovsplit.model.annotations.arguments import add_note_edit, new_note
    from sovsplit.model.io.scenario_io import save_scenario

    add_note_edit(
        scenario, new_note(scenario, 135.0, 60.0, "Okhotsk road", "A winter road to the sea.", "ports", "for")
    ).apply(scenario)
    save_scenario(scenario, tmp_path / "notes.geojson")
    items = _json(capsys, str(tmp_path / "notes.geojson"))
    assert items[-1]["title"] == "Okhotsk road" and items[-1]["user"] is True


def test_table_shows_verdicts_and_a_summary_that_adds_up(capsys):
    assert main(["annotations"]) == 0
    out = capsys.readouterr().out
    items = list(shipped_annotations())
    assert out.startswith("Scenario: ")
    assert "objection-vladivostok" in out and "supported" in out
    summary = out.strip().splitlines()[-1]
    numbers = [int(n) for n in summary.replace(",", "").split() if n.isdigit()]
    assert numbers[0] == len(items) == sum(numbers[1:])


def test_bad_scenario_is_one_line_error(capsys, tmp_path):
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json")
    assert main(["annotations", str(broken)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "broken.geojson" in err[0]
