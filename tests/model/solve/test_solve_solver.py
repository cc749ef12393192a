"""The CP-SAT solver on the shipped scenarios: hand-checkable answers, infeasibility, brute-force agreement."""

from __future__ import annotations

import pytest

from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.io.shipped_scenarios import resolve_scenario
from sovsplit.model.solve.answers import make_answer
from sovsplit.model.solve.brute import brute_force
from sovsplit.model.solve.conditions import ConditionError, parse_condition
from sovsplit.model.solve.figures import is_pacific_rail_port
from sovsplit.model.solve.instance import build_instance, holds
from sovsplit.model.solve.solver import Question, solve


def _ask(scenario, *spellings, cost="area", solutions=1, free=None):
    conditions = tuple(parse_condition(s, scenario, "east") for s in spellings)
    instance = build_instance(scenario, "east", free=free)
    return instance, Question(conditions, cost, solutions, 20.0)


def test_conditions_already_met_give_an_empty_transfer(scenario, regions):
    instance, question = _ask(scenario, "contiguous", "fix:RUSA=in", "capital-distance>=300")
    result = solve(instance, question)
    assert result.status == "optimal"
    assert (result.solutions[0].gained, result.solutions[0].lost, result.solutions[0].cost) == ((), (), 0)
    primorsky = load_scenario(resolve_scenario("east-with-primorsky"), regions)
    instance, question = _ask(primorsky, "pacific-rail-port")
    only = solve(instance, question).solutions[0]
    assert (only.gained, only.lost) == ((), ())


def test_holding_vladivostoks_port_takes_primorsky_and_the_land_between(scenario):
    instance, question = _ask(scenario, "hold-port:Vladivostok", "contiguous")
    result = solve(instance, question)
    best = result.solutions[0]
    assert result.status == "optimal"
    # Primorsky's only neighbour is Khabarovsk Krai, which touches Sakha: the least that joins it to the East.
    assert set(best.gained) == {"RUPRI", "RUKHA"} and best.lost == ()
    assert instance.adjacency.is_connected(best.held)


def test_a_year_round_pacific_rail_port_with_contiguity_is_a_minimal_connected_answer(scenario):
    instance, question = _ask(scenario, "pacific-rail-port", "contiguous")
    result = solve(instance, question)
    best = result.solutions[0]
    assert result.status == "optimal"
    assert instance.capital_region == "RUSA" and "RUSA" in best.held
    assert instance.adjacency.is_connected(best.held)
    assert any(is_pacific_rail_port(p) for r in best.held for p in instance.figures[r].ports)
    # Minimal: handing back any gained region breaks a condition.
    for rid in best.gained:
        assert not all(holds(instance, c, best.held - {rid}) for c in question.conditions)
    # No dearer than the hand-made answer (Primorsky and Khabarovsk).
    assert best.cost <= round(instance.figures["RUPRI"].area_km2) + round(instance.figures["RUKHA"].area_km2)


def test_next_best_answers_are_distinct_and_no_cheaper(scenario):
    instance, question = _ask(scenario, "pacific-rail-port", "contiguous", solutions=3)
    answers = solve(instance, question).solutions
    assert len(answers) == 3
    moved = [frozenset(a.gained + a.lost) for a in answers]
    assert len(set(moved)) == 3
    assert [a.cost for a in answers] == sorted(a.cost for a in answers)
    for a in answers:
        assert all(holds(instance, c, a.held) for c in question.conditions)


def test_impossible_conditions_are_infeasible_with_a_minimal_conflict(scenario):
    instance, question = _ask(scenario, "fix:RUSAK=in", "contiguous", "pacific-rail-port")
    result = solve(instance, question)
    assert result.status == "infeasible" and result.solutions == ()
    # Sakhalin is islands, so it cannot join a contiguous East; the port condition is not to blame.
    assert [c.spelling for c in result.conflicts] == ["fix:RUSAK=in", "contiguous"]
    instance, question = _ask(scenario, "pacific-rail-port", "contiguous", "fix:RUKHA=out", "capital-distance>=100")
    conflicts = solve(instance, question).conflicts
    assert [c.spelling for c in conflicts] == ["pacific-rail-port", "contiguous", "fix:RUKHA=out"]
    for dropped in conflicts:  # minimal: without any one of them the rest can hold
        rest = tuple(c for c in conflicts if c is not dropped)
        assert solve(instance, Question(rest, "area", 1, 20.0)).status == "optimal"


def test_capital_distance_counts_foreign_countries_as_the_verdict_rules_do(scenario):
    from sovsplit.model.annotations import metrics

    # Yakutsk is about 1,000 km from China: no transfer between the polities can put it further from a border.
    instance, _ = _ask(scenario, "contiguous")
    china = instance.capital_foreign_km
    assert 900 < china < 1100
    assert china == pytest.approx(metrics.distance_km(metrics.city("Yakutsk").geometry, _country("CN")), abs=0.01)
    instance, question = _ask(scenario, "contiguous", f"capital-distance>={china + 1:.0f}")
    result = solve(instance, question)
    assert result.status == "infeasible" and [c.spelling for c in result.conflicts] == [question.conditions[1].spelling]
    assert not holds(instance, question.conditions[1], frozenset(scenario.regions.ids))
    # Just inside China's distance, holding all the East's neighbours meets it.
    instance, question = _ask(scenario, f"capital-distance>={china - 1:.0f}", solutions=1)
    result = solve(instance, question)
    assert result.status == "optimal"
    assert all(instance.capital_km[r] >= china - 1 for r in instance.ids if r not in result.solutions[0].held)


def _country(iso: str):
    from sovsplit.model import reference

    return next(c.geometry for c in reference.neighbours() if c["id"] == iso)


FREE = frozenset({"RUMAG", "RUCHU", "RUKAM", "RUKHA", "RUPRI", "RUAMU", "RUYEV", "RUZAB", "RUIRK", "RUSAK"})


@pytest.mark.parametrize(
    "spellings, cost",
    [
        (("pacific-rail-port", "contiguous"), "area"),
        (("hold-port:Vladivostok", "contiguous", "capital-distance>=700"), "regions"),
        (("pacific-rail-port", "fix:RUMAG=out"), "distance"),
        (("contiguous", "fix:RUSAK=in"), "area"),
    ],
)
def test_solver_equals_brute_force_on_ten_free_regions(scenario, spellings, cost):
    instance, question = _ask(scenario, *spellings, cost=cost, free=FREE)
    result = solve(instance, question)
    brute = brute_force(instance, question.conditions, cost)
    assert brute.checked == 2 ** len(FREE)
    if brute.cost is None:
        assert result.status == "infeasible"
    else:
        assert result.status == "optimal"
        assert result.solutions[0].cost == brute.cost
        assert result.solutions[0].held in brute.best


@pytest.mark.parametrize("spelling", ["population>=10000000", "arable-per-person>=west", "arable-per-person>=0.3"])
def test_population_conditions_need_population_figures(scenario, spelling):
    instance, question = _ask(scenario, spelling, "contiguous", cost="area", free=FREE)
    if instance.has_population():
        # Once the statistics carry population, the linearised ratios must agree with the direct check.
        brute = brute_force(instance, question.conditions, "area")
        result = solve(instance, question)
        assert (result.solutions[0].cost if result.solutions else None) == brute.cost
    else:
        with pytest.raises(ConditionError, match="population"):
            solve(instance, question)


def test_bad_spellings_are_refused_with_a_reason(scenario):
    for text, reason in [
        ("blah", "unknown condition"),
        ("fix:Atlantis=in", "no region"),
        ("capital-distance>=far", "not a non-negative number"),
        ("hold-port:Gotham", "no shipped port"),
        ("arable-per-person>=mars", "neither a number nor another polity"),
    ]:
        with pytest.raises(ConditionError, match=reason):
            parse_condition(text, scenario, "east")


def test_cancelling_stops_before_the_next_answer(scenario):
    instance, question = _ask(scenario, "pacific-rail-port", "contiguous", solutions=4)
    messages = []
    result = solve(instance, question, progress=messages.append, cancelled=lambda: len(messages) > 1)
    # The first answer is proven; the flag turns during the second, whose search stops (keeping any answer it
    # had, marked cancelled unless it was already proven), and no third is sought.
    assert result.status == "cancelled" and result.solutions[0].status == "optimal"
    assert len(result.solutions) <= 2 and len(messages) == 2
    assert messages[0] == "solving for answer 1 of 4"


def test_an_answer_opens_as_a_scenario_named_after_its_conditions(scenario):
    instance, question = _ask(scenario, "hold-port:Vladivostok", "contiguous")
    solution = solve(instance, question).solutions[0]
    answer = make_answer(scenario, instance, question, solution)
    assert answer.scenario.name == "East USSR: hold-port:Vladivostok, contiguous (least area moved)"
    assert set(answer.scenario.region_holdings("east")[0]) == set(solution.held)
    assert set(scenario.region_holdings("east")[0]) == {"RUCHU", "RUKAM", "RUMAG", "RUSA"}  # original untouched
    after = {m.polity_id: m for m in answer.after}
    assert after["east"].contiguous and after["east"].pacific_rail_ports == sum(
        len(instance.figures[r].pacific_rail_ports) for r in solution.held
    )
    assert after["east"].pacific_rail_ports >= 3  # Vladivostok, Nakhodka and Vostochny at least
    # The same edit applied to the original scenario gives the same holdings and undoes exactly.
    owners = dict(scenario.owner)
    answer.edit.apply(scenario)
    assert scenario.owner == answer.scenario.owner
    answer.edit.revert(scenario)
    assert scenario.owner == owners


ACROSS_PRIMORSKY = [(130.0, 44.6), (133.5, 44.4), (137.5, 44.2)]


def test_a_split_region_moves_whole_and_is_reported(scenario):
    from sovsplit.model.editing.cut import cut

    cut(scenario, ACROSS_PRIMORSKY).apply(scenario)
    pieces = [pid for pid, p in scenario.parcels.items() if p.region_id == "RUPRI"]
    assert len(pieces) == 2
    instance, question = _ask(scenario, "hold-port:Vladivostok", "contiguous")
    result = solve(instance, question)
    assert result.split_regions == ("RUPRI",)
    assert set(result.solutions[0].gained) == {"RUPRI", "RUKHA"}
    answer = make_answer(scenario, instance, question, result.solutions[0])
    assert all(answer.scenario.owner[pid] == "east" for pid in pieces)
