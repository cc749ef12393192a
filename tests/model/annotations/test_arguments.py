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
from sovsplit.model.formatting import model_share
from sovsplit.model.io.scenario_io import load_scenario, save_scenario
from sovsplit.model.report import scenario_report
from sovsplit.model.scenario import Polity
from sovsplit.model.stats import StatsEngine

# The seed files each argument paraphrases (the texts themselves are not shipped; see test_paraphrase.py).
THREAD = "004_7d6a98381bbd72c3.txt"
RIVALRY = "000_44799cd7e3280b43.txt"

# One entry per argument of the two seeds: (id, seed, words its paraphrase must mention).
CHECKLIST = [
    ("premise-window", THREAD, ["1923", "1940"]),
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
    ("rivalry-civil-war-standing", RIVALRY, ["Petrograd Soviet", "Civil War", "Red Army"]),
    ("rivalry-party-support", RIVALRY, ["rank and file", "Group of 46", "Pyatakov", "Smirnov"]),
    ("rivalry-factionalism-ban", RIVALRY, ["ban on factions"]),
    ("rivalry-economics", RIVALRY, ["New Economic Policy", "five-year plans", "War Communism", "dispute", "1920"]),
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
    assert len(shipped) == len(CHECKLIST)
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


def test_no_note_states_as_fact_what_historians_dispute(shipped):
    economics = shipped["rivalry-economics"].props["text"]
    # The notes' claim about War Communism is reported as theirs, with Trotsky's 1920 tax-in-kind proposal.
    assert "The notes say" in economics and "historians dispute" in economics and "tax in kind" in economics
    assert not any("Piatakov" in a.props["text"] for a in shipped.values())


def test_every_annotation_states_its_claim_and_the_untestable_ones_say_why(shipped):
    for a in shipped.values():
        assert a.props["claim"].strip() and a.claim == a.props["claim"], a.id
        assert a.measurable == (a.props["rule"] is not None)
        assert (a.reason == "") == a.measurable, a.id
    # Rewritten or retired because their old rules tested only a premise of the argument.
    assert not shipped["objection-china-proxy"].measurable
    assert "no alliances" in shipped["objection-china-proxy"].reason


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
    # Primorsky also brings a land border with China (no longer a verdict: the reply never claims one).
    assert "CN" in tm.land_neighbours(scenario, "east")
    assert verdicts["objection-china-proxy"] == NOT_MEASURABLE


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
    assert verdicts["objection-poor-farming"].status == SUPPORTED  # … so the claim is backed
    # Modelled shares are shown to the whole percent, or one significant digit below 1 %.
    assert f"{model_share(east.arable_share)}; West USSR: {model_share(west.arable_share)}" in (
        verdicts["objection-poor-farming"].measured
    )


def test_the_grain_claim_is_arable_land_per_person_against_a_threshold_and_the_west(scenario, engine):
    report = _report(scenario, engine)
    east, west = _polity(report, "east"), _polity(report, "west")
    verdict = {a.annotation.id: a.verdict for a in assess(scenario, report)}["objection-no-grain"]
    assert {m["metric"] for m in verdict.values} == {"arable_ha_per_person"}
    if east.population is None:
        # No population in the statistics: the claim cannot be tested, and the card says why.
        assert verdict.status == NOT_MEASURABLE and "no population" in verdict.measured
        return
    east_ha = east.arable_km2 * 100 / east.population
    west_ha = west.arable_km2 * 100 / west.population
    assert verdict.values[0]["value"] == pytest.approx(east_ha)
    expected = east_ha < 0.5 and east_ha < 0.5 * west_ha
    assert verdict.status == (SUPPORTED if expected else CONTRADICTED)


# Rules that used to test only a premise of their argument, and what each tests now (None: not measurable).
REWRITTEN = {
    "objection-vladivostok": {"ports.rail_year_round_pacific", "ports.to_china.km"},
    "objection-no-grain": {"arable_ha_per_person"},
    "objection-china-proxy": None,
    "premise-capital-yakutsk": {"capital_inside", "capital_border_distance_km"},
}


def _metrics(rule) -> set[str]:
    if rule is None:
        return set()
    for combiner in ("all", "any"):
        if combiner in rule:
            return set().union(*(_metrics(part) for part in rule[combiner]))
    return {rule["metric"]}


def test_rewritten_rules_test_the_argument_not_its_premise(shipped, scenario, engine):
    for ident, metrics in REWRITTEN.items():
        assert _metrics(shipped[ident].props["rule"]) == (metrics or set()), ident
    # The Vladivostok claim is more than "the East lacks Vladivostok": its sea route to China is measured too.
    report = _report(scenario, engine)
    east, west = _polity(report, "east"), _polity(report, "west")
    verdict = {a.annotation.id: a.verdict for a in assess(scenario, report)}["objection-vladivostok"]
    route = next(m for m in verdict.values if m["metric"] == "ports.to_china.km")
    assert route["value"] == east.ports.to_china.km and route["other_value"] == west.ports.to_china.km
    assert route["threshold"] == pytest.approx(1.5 * west.ports.to_china.km)
    assert route["holds"] == (east.ports.to_china.km > 1.5 * west.ports.to_china.km)
    # No shipped rule rests on a land border with China any more: the reply never claims one.
    assert all("land_neighbours" not in _metrics(a.props["rule"]) for a in shipped.values())


def test_the_yakutsk_verdict_names_the_region_that_comes_nearest(scenario, engine):
    nearest = tm.capital_nearest(scenario, "east")
    assert nearest.name == "Khabarovsk Krai" and nearest.holder == "West USSR"
    assert nearest.km == pytest.approx(366, abs=1)
    verdict = {a.annotation.id: a.verdict for a in assess(scenario, _report(scenario, engine))}[
        "premise-capital-yakutsk"
    ]
    assert verdict.status == CONTRADICTED
    assert "nearest: Khabarovsk Krai (West USSR), 366 km from the capital" in verdict.measured
    # Give the East Khabarovsk Krai and the Amur: the nearest land is now another region, further away.
    scenario.set_owners({"RUKHA": "east", "RUAMU": "east", "RUYEV": "east", "RUPRI": "east"})
    moved = tm.capital_nearest(scenario, "east")
    assert moved.name != "Khabarovsk Krai" and moved.km > nearest.km


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
