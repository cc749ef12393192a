"""Shares are shown with the precision their data supports, by one rule every view uses."""

from __future__ import annotations

import pytest

from sovsplit.model.formatting import COUNTED, MODEL, model_share, share, share_percent, share_text


@pytest.mark.parametrize(
    ("fraction", "model", "counted"),
    [
        (0.127446, "13 %", "12.7 %"),
        (0.786108, "79 %", "78.6 %"),
        (0.000984, "0.1 %", "0.098 %"),
        (0.0000437, "0.004 %", "0.0044 %"),
        (0.0096, "1 %", "0.96 %"),
        (0.2, "20 %", "20 %"),
        (0.0, "0 %", "0 %"),
    ],
)
def test_modelled_shares_to_the_whole_percent_or_one_significant_digit(fraction, model, counted):
    assert share_text(fraction, MODEL) == model
    assert share_text(fraction, COUNTED) == counted
    assert model_share(fraction) == model and share(fraction) == counted


def test_the_number_form_matches_the_text_and_prints_no_false_decimal():
    assert share_percent(0.127446, MODEL) == 13 and isinstance(share_percent(0.127446, MODEL), int)
    assert share_percent(0.000984, MODEL) == pytest.approx(0.1)
    assert share_percent(0.127446) == pytest.approx(12.7)
    assert share_text(None) == "—"
    with pytest.raises(ValueError):
        share_percent(0.5, "guess")


def test_the_statistics_table_and_the_verdicts_round_the_arable_share_alike(capsys, scenario):
    from sovsplit.cli import main
    from sovsplit.model.annotations.arguments import assess
    from sovsplit.model.report import scenario_report

    report = scenario_report(scenario)
    west = next(p for p in report.polities if p.id == "west")
    assert main(["stats"]) == 0
    table = capsys.readouterr().out
    west_row = next(line for line in table.splitlines() if line.startswith("West USSR"))
    assert f" {model_share(west.arable_share)} " in west_row
    verdict = {a.annotation.id: a.verdict for a in assess(scenario, report)}["objection-poor-farming"]
    assert f"West USSR: {model_share(west.arable_share)}" in verdict.measured


def test_the_compare_table_rounds_the_arable_share_by_the_same_rule(capsys, scenario):
    from sovsplit.cli import main
    from sovsplit.model.report import scenario_report

    west = next(p for p in scenario_report(scenario).polities if p.id == "west")
    assert main(["compare", "default", "default"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("arable %"))
    assert model_share(west.arable_share) in row
