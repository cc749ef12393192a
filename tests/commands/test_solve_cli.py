"""`sovsplit solve`: the acceptance question of issue 20 and what `stats` says of the answer it writes."""

from __future__ import annotations

import json

from sovsplit.cli import main
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.report import scenario_report
from sovsplit.model.solve.adjacency import region_adjacency


def test_pacific_port_and_contiguity_answer_agrees_with_stats_of_the_file(tmp_path, capsys, regions):
    out = tmp_path / "x.geojson"
    assert (
        main(
            [
                "solve",
                "default",
                "--polity",
                "east",
                "--require",
                "pacific-rail-port",
                "--require",
                "contiguous",
                "--minimise",
                "area",
                "-o",
                str(out),
                "--format",
                "json",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "optimal" and len(data["answers"]) == 1
    answer = data["answers"][0]
    assert answer["gained"] and not answer["lost"]
    saved = load_scenario(out, regions)
    assert saved.name == answer["name"] == "East USSR: pacific-rail-port, contiguous (least area moved)"
    held = saved.region_holdings("east")[0]
    assert region_adjacency(regions).is_connected(held)
    assert {g["id"] for g in answer["gained"]} == set(held) - {"RUCHU", "RUKAM", "RUMAG", "RUSA"}
    stats = {p.id: p for p in scenario_report(saved).polities}
    for pid, printed in answer["after"].items():
        assert printed["area_km2"] == stats[pid].area_km2
        assert printed["arable_km2"] == stats[pid].arable_km2
        assert printed["ports"] == stats[pid].ports.count
        assert printed["year_round_ports"] == stats[pid].ports.year_round
    assert answer["after"]["east"]["pacific_rail_ports"] >= 1 and answer["after"]["east"]["contiguous"]
    assert answer["before"]["east"]["pacific_rail_ports"] == 0


def test_table_output_lists_moves_and_next_best_files(tmp_path, capsys):
    out = tmp_path / "y.geojson"
    assert (
        main(
            [
                "solve",
                "default",
                "--polity",
                "east",
                "--require",
                "hold-port:Vladivostok",
                "--require",
                "contiguous",
                "--solutions",
                "2",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "Status: optimal" in text and "+ Primorsky Krai (RUPRI)" in text and "+ Khabarovsk Krai (RUKHA)" in text
    assert "Answer 2" in text and (tmp_path / "y-2.geojson").exists() and out.exists()


def test_infeasible_question_names_the_conflict_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "z.geojson"
    assert (
        main(
            [
                "solve",
                "default",
                "--polity",
                "east",
                "--require",
                "fix:Sakhalin Oblast=in",
                "--require",
                "contiguous",
                "-o",
                str(out),
            ]
        )
        == 1
    )
    text = capsys.readouterr().out
    assert "Status: infeasible" in text and "cannot all hold: fix:RUSAK=in, contiguous" in text
    assert not out.exists()


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    out = str(tmp_path / "bad.geojson")
    for argv, words in [
        (["--require", "teleport"], "unknown condition 'teleport'"),
        (["--require", "contiguous", "--minimise", "happiness"], "unknown cost 'happiness'"),
        (["--require", "arable-per-person>=mars"], "neither a number nor another polity"),
        (["--require", "fix:RUSA=sideways"], "side must be in, out or a polity"),
        (["--require", "contiguous", "--solutions", "0"], "--solutions"),
    ]:
        assert main(["solve", "default", "--polity", "east", *argv, "-o", out]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and words in err
