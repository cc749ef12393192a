"""`sovsplit timeline` and `compare NAME@DATE`: statistics of every state equal those of the state alone."""

from __future__ import annotations

import csv
import io
import json

import pytest

from sovsplit.cli import main
from sovsplit.model.io.scenario_io import save_scenario
from sovsplit.model.io.shipped_scenarios import resolve_scenario
from sovsplit.model.timeline.io import load_timeline
from sovsplit.model.timeline.stats import timeline_table

EXAMPLE = "east-ussr-timeline"


def run_cli(capsys, *args) -> str:
    capsys.readouterr()
    assert main(list(args)) == 0
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def example(regions):
    return load_timeline(resolve_scenario(EXAMPLE), regions)


def test_the_table_has_one_row_per_state_and_polity_with_area_and_population(capsys, example):
    out = run_cli(capsys, "timeline", EXAMPLE)
    header = next(line for line in out.splitlines() if line.startswith("from"))
    assert "area km²" in header and "population" in header
    rows = [line for line in out.splitlines() if line[:4].isdigit() and "  " in line and "–" not in line[:13]]
    expected = [(s.start.isoformat(), p.name) for s in example.states for p in s.scenario.polities.values()]
    assert len(rows) == len(expected) == 9
    for row, (day, name) in zip(rows, expected):
        assert row.startswith(day) and name in row


def test_each_state_has_the_statistics_of_that_state_saved_and_counted_alone(capsys, example, tmp_path):
    table = timeline_table(example)
    for index, state in enumerate(example.states):
        alone = tmp_path / f"state-{index}.geojson"
        save_scenario(state.scenario, alone)
        report = json.loads(run_cli(capsys, "stats", str(alone), "--format", "json"))
        rows = {r.polity_id: r for r in table if r.start == state.start}
        assert set(rows) == {p["id"] for p in report["polities"]}
        for p in report["polities"]:
            row = rows[p["id"]]
            assert (row.area_km2, row.arable_km2, row.share_of_ussr) == (
                p["area_km2"],
                p["arable_km2"],
                p["share_of_ussr"],
            )
            assert (row.ports, row.year_round_ports) == (p["ports"]["count"], p["ports"]["year_round"])
            assert row.population == p.get("population")


def test_json_and_csv_give_the_same_states(capsys, example):
    data = json.loads(run_cli(capsys, "timeline", EXAMPLE, "--format", "json"))
    assert [s["start_date"] for s in data["states"]] == [s.start.isoformat() for s in example.states]
    assert data["states"][-1]["end_date"] is None and data["states"][0]["end_date"] == "1932-01-01"
    assert [p["id"] for p in data["states"][2]["polities"]] == ["west", "east", "amur"]
    rows = list(csv.DictReader(io.StringIO(run_cli(capsys, "timeline", EXAMPLE, "--format", "csv"))))
    assert len(rows) == 9 and rows[0]["start_date"] == "1927-01-01" and rows[0]["polity"] == "West USSR"
    assert rows[-1]["end_date"] == "" and rows[0]["id"] == "west" and rows[0]["ice_free_pacific"] == "true"
    # The East grows from the Yakut ASSR alone to the Pacific coast: its area rises between the first two states.
    east = [float(r["area_km2"]) for r in rows if r["polity"] == "East USSR"]
    assert east[0] < east[1] == east[2] < east[3]


def test_compare_takes_two_dates_of_one_timeline(capsys, regions):
    data = json.loads(run_cli(capsys, "compare", f"{EXAMPLE}@1929-01-01", f"{EXAMPLE}@1945-01-01", "--format", "json"))
    assert data["scenarios"] == [f"{EXAMPLE}@1929-01-01", f"{EXAMPLE}@1945-01-01"]
    moved = {(t["from"], t["to"]): {r["id"] for r in t["region_detail"]} for t in data["transfers"]}
    assert moved == {
        ("west", "east"): {"RUMAG", "RUKAM", "RUCHU"},
        ("west", "amur"): {"RUAMU", "RUYEV", "RUKHA", "RUPRI"},
    }


def test_a_date_outside_the_timeline_is_one_line(capsys):
    assert main(["compare", f"{EXAMPLE}@1900-01-01", "default"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "outside the timeline" in err


@pytest.mark.slow  # opens an offscreen window in a fresh process
def test_the_timeline_benchmark_reports_a_switch_time_and_its_baseline():
    from sovsplit.benchmarks.timeline import measure

    report = measure(quick=True)
    assert set(report) == {
        "timeline_slider_redraw_ms",
        "timeline_slider_redraw_cpu_ms",
        "timeline_open_state_redraw_baseline_ms",
        "timeline_slider_vs_open_ratio",
        "timeline_first_visit_per_state_ms",
        "timeline_switch_state_stats_ms",
        "timeline_switch_from_scratch_baseline_ms",
        "timeline_switch_vs_scratch_ratio",
    }
    assert all(v > 0 for v in report.values())


def test_the_chart_draws_each_polity_s_figures_across_the_states(capsys, example, tmp_path):
    import numpy as np
    from PIL import Image

    from sovsplit.render.timeline_chart import timeline_chart

    rows = timeline_table(example)
    fig = timeline_chart(rows, "t")
    area = fig.axes[0]
    steps = {s.get_label(): s.get_data().values for s in area.patches}
    east = [r.area_km2 / 1e6 for r in rows if r.polity_id == "east"]
    np.testing.assert_allclose(steps["East USSR"], east)
    amur = steps["Amur Buffer Republic"]
    assert np.isnan(amur[[0, 1, 3]]).all() and amur[2] > 1.0  # the buffer exists only in the 1941 state
    out = tmp_path / "chart.png"
    run_cli(capsys, "timeline", EXAMPLE, "--chart", str(out), "--format", "csv")
    with Image.open(out) as image:
        assert image.size == (1000, 650)


def test_the_timeline_can_be_written_as_a_geopackage_and_read_back_by_the_command(capsys, tmp_path):
    out = tmp_path / "timeline.gpkg"
    first = run_cli(capsys, "timeline", EXAMPLE, "--format", "csv", "-o", str(out))
    assert run_cli(capsys, "timeline", str(out), "--format", "csv") == first
