"""`sovsplit annotations`: every argument with its verdict, as JSON or a table, for any scenario."""

from __future__ import annotations

import csv
import io
import json

import pytest

from sovsplit.cli import main
from sovsplit.model.annotations.arguments import shipped_annotations
from sovsplit.model.annotations.wording import VERDICT_WORDS


def _json(capsys, *argv) -> list[dict]:
    assert main(["annotations", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_lists_every_argument_with_its_verdict_and_evidence(capsys):
    items = _json(capsys)
    assert [i["id"] for i in items] == [a.id for a in shipped_annotations()]
    for item in items:
        assert {"id", "topic", "stance", "seed", "text", "verdict", "title", "measured", "explanation"} <= set(item)
        assert {"claim", "measurable", "reason", "verdict_text", "measurements"} <= set(item)
        assert item["verdict"] in ("supported", "contradicted", "not measurable")
        assert item["verdict_text"] == VERDICT_WORDS[item["verdict"]]
        assert isinstance(item["claim"], str) and item["claim"].strip(), item["id"]
        assert item["measurable"] == (item["rule"] is not None)
        if not item["measurable"]:
            # Without a rule: nothing measured, and a reason instead.
            assert item["verdict"] == "not measurable" and item["reason"].strip() and item["measurements"] == []
        else:
            assert item["reason"] == "" and item["measurements"]
            for m in item["measurements"]:
                assert {"polity", "metric", "label", "value", "value_text", "op", "threshold", "holds"} <= set(m)
    vladivostok = next(i for i in items if i["id"] == "objection-vladivostok")
    assert vladivostok["verdict"] == "supported"
    assert vladivostok["verdict_text"] == "the numbers back this claim"
    assert "year-round Pacific ports with a rail link 0" in vladivostok["measured"]
    route = next(m for m in vladivostok["measurements"] if m["metric"] == "ports.to_china.km")
    assert route["threshold"] == pytest.approx(1.5 * route["other_value"]) and route["value"] > route["threshold"]
    yakutsk = next(i for i in items if i["id"] == "premise-capital-yakutsk")
    distance = next(m for m in yakutsk["measurements"] if m["metric"] == "capital_border_distance_km")
    assert distance["threshold"] == 400 and distance["value"] == pytest.approx(366, abs=1)
    assert distance["detail"].startswith("Khabarovsk Krai (West USSR)")
    assert yakutsk["verdict_text"] == "the numbers go against it"


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
    assert "objection-vladivostok" in out and "backed" in out
    assert "Yakutsk lies at least 400 km from the nearest land" in out  # the claim column
    assert "nearest: Khabarovsk Krai" in out
    summary = out.strip().splitlines()[-1]
    numbers = [int(n) for n in summary.replace(",", "").split() if n.isdigit()]
    assert numbers[0] == len(items) == sum(numbers[1:])


def test_csv_has_the_claim_the_verdict_words_and_the_thresholds(capsys):
    assert main(["annotations", "--format", "csv"]) == 0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert set(rows) == {a.id for a in shipped_annotations()}
    assert all(r["claim"].strip() for r in rows.values())
    japan = rows["objection-japan-orbit"]
    assert japan["verdict_text"] in VERDICT_WORDS.values() and japan["thresholds"] == "East USSR: < 3,000 km"
    china = rows["objection-china-proxy"]
    assert china["measurable"] == "False" and "no alliances" in china["reason"] and china["measured"] == ""


def test_bad_scenario_is_one_line_error(capsys, tmp_path):
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json")
    assert main(["annotations", str(broken)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "broken.geojson" in err[0]
