"""The shipped feasibility arguments: complete, valid, paraphrased, and judged by the scenario's own numbers."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod

from sovsplit.model.annotations import metrics as tm
from sovsplit.model.annotations.arguments import (
    STANCES,
    TOPICS,
    add_note_edit,
    assess,
    delete_note_edit,
    edit_note_edit,
    move_note_edit,
    new_note,
    shipped_annotations,
    user_annotations,
)
from sovsplit.model.annotations.map_records import map_annotations
from sovsplit.model.annotations.rules import (
    CONTRADICTED,
    NOT_MEASURABLE,
    SUPPORTED,
    MetricContext,
    evaluate,
    resolve_polity,
    rule_problems,
)
from sovsplit.model.io.scenario_io import load_scenario, save_scenario
from sovsplit.model.report import scenario_report
from sovsplit.model.scenario import Polity
from sovsplit.model.stats import StatsEngine

# shared/ sits beside the checkout, for developers and CI alike.
SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"
THREAD = "004_7d6a98381bbd72c3.txt"
RIVALRY = "000_44799cd7e3280b43.txt"

# One entry per argument of the two seeds: (id, seed, words its paraphrase must mention).
CHECKLIST = [
    ("premise-exile", THREAD, ["Siberia", "exile", "Red Army"]),
    ("premise-capital-yakutsk", THREAD, ["Yakutsk", "strategic"]),
    ("premise-cities", THREAD, ["Anadyr", "Petropavlovsk", "Batagay", "Magadan"]),
    ("premise-aim-reunify", THREAD, ["Soviet land", "Trotsky"]),
    ("premise-aim-export", THREAD, ["socialism", "beyond"]),
    ("question-stalinism", THREAD, ["Stalin"]),
    ("question-ww2", THREAD, ["Second World War"]),
    ("question-cold-war", THREAD, ["Cold War"]),
    ("objection-little-support", THREAD, ["party", "Red Army"]),
    ("objection-coup-fails", THREAD, ["shot"]),
    ("objection-exile-prisoner", THREAD, ["exile", "guard"]),
    ("objection-break-away-first", THREAD, ["independent", "escape"]),
    ("objection-vladivostok", THREAD, ["Vladivostok"]),
    ("objection-japan-orbit", THREAD, ["Japan"]),
    ("objection-china-proxy", THREAD, ["Communists", "Nationalists"]),
    ("objection-worse-life", THREAD, ["life", "West"]),
    ("objection-poor-farming", THREAD, ["farming"]),
    ("objection-no-grain", THREAD, ["grain", "miners", "border"]),
    ("objection-dekulakization", THREAD, ["kulaks", "nomads"]),
    ("reply-vavilov", THREAD, ["Vavilov", "famine", "Yakutia"]),
    ("rivalry-party-support", RIVALRY, ["rank and file", "Group of 46", "Piatakov", "Smirnov"]),
    ("rivalry-factionalism-ban", RIVALRY, ["ban on factions"]),
    ("rivalry-economics", RIVALRY, ["New Economic Policy", "five-year plans", "War Communism"]),
    ("rivalry-foreign-policy", RIVALRY, ["revolution", "socialism in one"]),
    ("rivalry-personality", RIVALRY, ["Georgia", "Menshevik"]),
]


@pytest.fixture(scope="module")
def shipped():
    return {a.id: a for a in shipped_annotations()}


@pytest.fixture(scope="module")
def engine(regions):
    """One statistics engine for the module: its per-parcel cache is keyed by geometry, shared by all copies."""
    return StatsEngine(load_scenario(None, regions))


def _report(scenario, engine):
    engine.scenario = scenario
    return scenario_report(scenario, engine)


def _verdicts(scenario, engine) -> dict[str, str]:
    return {a.annotation.id: a.verdict.status for a in assess(scenario, _report(scenario, engine))}


def _polity(report, pid: str):
    return next(p for p in report.polities if p.id == pid)


def test_every_argument_of_both_seeds_is_present_with_its_substance(shipped):
    for ident, seed, words in CHECKLIST:
        assert ident in shipped, ident
        props = shipped[ident].props
        assert props["seed"] == seed, ident
        for word in words:
            assert word.casefold() in (props["title"] + " " + props["text"]).casefold(), (ident, word)
    assert {a.props["stance"] for a in shipped.values()} == set(STANCES)


def test_every_annotation_is_well_formed_and_every_rule_validates(shipped):
    assert len({a.props["title"] for a in shipped.values()}) == len(shipped)
    for a in shipped.values():
        p = a.props
        assert p["topic"] in TOPICS and p["stance"] in STANCES, a.id
        assert rule_problems(p["rule"]) == [], a.id
        assert p["explanation"].strip(), a.id
        assert 1 <= len(re.findall(r"[.!?](\s|$)", p["text"])) <= 3, a.id
        lon, lat = a.anchor()
        assert 15 <= lon <= 195 and 30 <= lat <= 80, a.id
    measurable = [a.id for a in shipped.values() if a.props["rule"] is not None]
    for required in (
        "objection-vladivostok",
        "objection-poor-farming",
        "objection-no-grain",
        "objection-japan-orbit",
        "premise-capital-yakutsk",
    ):
        assert required in measurable


def _ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.casefold().replace("’", "'"))
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_texts_are_paraphrases_not_copies_of_the_seeds(shipped):
    seed_grams = set()
    for name in (THREAD, RIVALRY):
        seed_grams |= _ngrams((SEEDS / name).read_text(encoding="utf-8"), 7)
    for a in shipped.values():
        copied = _ngrams(a.props["text"], 7) & seed_grams
        assert not copied, (a.id, copied)


def test_the_border_anchor_is_the_default_scenarios_west_east_border(shipped, scenario):
    border = tm.shared_border(scenario, "west", "east")
    anchor = shipped["objection-break-away-first"].geometry
    assert anchor.geom_type in ("LineString", "MultiLineString")
    # Simplified in the build, but every vertex still lies on the real border.
    assert shapely.hausdorff_distance(anchor, border) < 0.2


def test_invalid_rules_are_rejected():
    bad = [
        "east.arable_share < 0.1",
        {"metric": "__import__('os')", "polity": "east", "op": "==", "value": 1},
        {"metric": "arable_share", "polity": "east", "op": "lambda", "value": 1},
        {"metric": "arable_share", "polity": "east", "op": "<", "value": "0.1"},
        {"metric": "arable_share", "polity": "east", "op": "<", "value": 0.1, "other": "west"},
        {"metric": "ports.ice_free_pacific", "polity": "east", "op": "<", "value": 1},
        {"metric": "land_neighbours", "polity": "east", "op": "contains", "value": 3},
        {"metric": "arable_share", "polity": "east", "op": "<", "other": "west", "factor": -1},
        {"all": []},
        {"all": [{"metric": "area_km2", "polity": "east", "op": ">", "value": 1}], "op": "<"},
    ]
    for rule in bad:
        assert rule_problems(rule), rule


def test_vladivostok_verdict_flips_when_primorsky_joins_the_east(scenario, engine):
    assert _verdicts(scenario, engine)["objection-vladivostok"] == SUPPORTED
    scenario.set_owners({"RUPRI": "east"})
    verdicts = _verdicts(scenario, engine)
    assert verdicts["objection-vladivostok"] == CONTRADICTED
    # Primorsky also brings a land border with China.
    assert verdicts["objection-china-proxy"] == SUPPORTED


def test_the_shipped_primorsky_variant_agrees_with_the_edit(regions, engine):
    variant = load_scenario(
        Path(__file__).resolve().parents[3] / "geodata/scenarios/east-with-primorsky.geojson", regions
    )
    assert _verdicts(variant, engine)["objection-vladivostok"] == CONTRADICTED


def test_farming_verdicts_follow_the_measured_arable_shares(scenario, engine):
    report = _report(scenario, engine)
    east, west = _polity(report, "east"), _polity(report, "west")
    verdicts = {a.annotation.id: a.verdict for a in assess(scenario, report)}
    much_poorer = east.arable_share < 0.25 * west.arable_share
    assert much_poorer  # the numbers say the East farms far worse …
    assert verdicts["objection-poor-farming"].status == SUPPORTED  # … so the argument is supported
    famine = east.arable_share < 0.1 * west.arable_share
    assert verdicts["objection-no-grain"].status == (SUPPORTED if famine else CONTRADICTED)
    assert f"{100 * east.arable_share:.2f} %" in verdicts["objection-poor-farming"].measured


def test_capital_border_distance_matches_a_brute_force_geodesic_search(scenario):
    measured = tm.capital_border_distance_km(scenario, "east")
    yakutsk = tm.capital_point(scenario, "east")
    border = shapely.segmentize(tm.shared_border(scenario, "east", "west"), 0.02)
    xy = shapely.get_coordinates(border)
    _, _, metres = Geod(ellps="WGS84").inv(np.full(len(xy), yakutsk.x), np.full(len(xy), yakutsk.y), xy[:, 0], xy[:, 1])
    assert measured == pytest.approx(metres.min() / 1000, rel=0.01)
    assert tm.capital_inside(scenario, "east") is True


def test_japan_rule_uses_the_report_sea_route(scenario, engine):
    report = _report(scenario, engine)
    east = _polity(report, "east")
    verdict = {a.annotation.id: a.verdict for a in assess(scenario, report)}["objection-japan-orbit"]
    assert verdict.status == (SUPPORTED if east.ports.to_japan.km < 3000 else CONTRADICTED)


def test_polities_are_found_by_capital_when_ids_differ_and_missing_ones_are_not_measurable(scenario, engine, shipped):
    renamed = {
        "west": Polity("stalin", "Stalin's Union", "Moscow"),
        "east": Polity("trotsky", "Trotsky's Union", "Yakutsk"),
    }
    report_before = _verdicts(scenario, engine)
    for old, polity in renamed.items():
        scenario.put_polity(polity)
        scenario.set_owners({pid: polity.id for pid, o in scenario.owner.items() if o == old})
        scenario.drop_polity(old)
    assert resolve_polity(scenario, "east") == "trotsky"
    assert _verdicts(scenario, engine) == report_before
    # Without any East (everything to the West) the East's rules cannot be measured.
    scenario.set_owners({pid: "stalin" for pid in scenario.owner})
    scenario.drop_polity("trotsky")
    context = MetricContext(scenario, _report(scenario, engine))
    assert evaluate(shipped["objection-vladivostok"].props["rule"], context).status == NOT_MEASURABLE
    assert evaluate(shipped["objection-poor-farming"].props["rule"], context).status == NOT_MEASURABLE


def _note(scenario, **kw):
    fields = {
        "title": "Lena ferry",
        "text": "Ice roads carry supplies in winter.",
        "topic": "economy",
        "stance": "for",
    } | kw
    return new_note(scenario, 129.7, 62.0, **fields)


def test_note_edits_revert_exactly_and_announce_each_change(scenario):
    events = []
    scenario.annotations_changed.connect(events.append)
    scenario.annotations.append({"id": "kept", "title": "broken", "junk": [1, 2]})  # unreadable, kept as is
    original = copy.deepcopy(scenario.annotations)
    note = _note(scenario)
    add = add_note_edit(scenario, note)
    add.apply(scenario)
    after_add = copy.deepcopy(scenario.annotations)
    steps = [add]
    for make in (
        lambda: edit_note_edit(scenario, note["id"], title="Lena ice road", stance="neutral"),
        lambda: move_note_edit(scenario, note["id"], 185.5, 66.0),
        lambda: delete_note_edit(scenario, note["id"]),
    ):
        edit = make()
        edit.apply(scenario)
        steps.append(edit)
    assert scenario.annotations == original
    for edit in reversed(steps[1:]):
        edit.revert(scenario)
    assert scenario.annotations == after_add
    add.revert(scenario)
    assert scenario.annotations == original
    assert events == [note["id"]] * 8
    with pytest.raises(ValueError):
        edit_note_edit(scenario, "kept", topic="weather")


def test_user_notes_survive_save_and_reopen_and_get_verdicts(scenario, engine, regions, tmp_path):
    note = _note(scenario)
    add_note_edit(scenario, note).apply(scenario)
    far_east = _note(scenario, title="Uelen")
    add_note_edit(scenario, far_east).apply(scenario)
    move_note_edit(scenario, far_east["id"], 190.2, 66.1).apply(scenario)
    save_scenario(scenario, tmp_path / "mine.geojson")
    raw = json.loads((tmp_path / "mine.geojson").read_text())
    assert raw["sovsplit"]["annotations"][1]["geometry"]["coordinates"][0] == pytest.approx(-169.8)
    reopened = load_scenario(tmp_path / "mine.geojson", regions)
    assert reopened.annotations == scenario.annotations
    notes = user_annotations(reopened)
    assert [n.id for n in notes] == [note["id"], far_east["id"]]
    assert notes[1].anchor() == pytest.approx((190.2, 66.1))
    exported = {e.id: e for e in map_annotations(reopened, _report(reopened, engine))}
    assert exported[note["id"]].verdict == NOT_MEASURABLE and exported[note["id"]].is_user_note
    assert (exported[far_east["id"]].lon, exported[far_east["id"]].lat) == pytest.approx((190.2, 66.1))
    assert exported["objection-vladivostok"].verdict == SUPPORTED
    assert not exported["objection-vladivostok"].is_user_note
