"""The 1989 census matching and checks of geodata/build/build_population.py, on the shipped regions."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BUILD = Path(__file__).resolve().parents[2] / "geodata" / "build" / "build_population.py"


@pytest.fixture(scope="module")
def build():
    sys.path.insert(0, str(BUILD.parent))
    spec = importlib.util.spec_from_file_location("build_population", BUILD)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def regions(build):
    return build.read_regions()


def figures_adding_up(build, regions, source="a census table"):
    """One figure per 1989 unit, chosen so every check can pass: the RSFSR's units share its published total."""
    units = build.units_of(regions)
    russian = sorted({u for r in regions if r["republic_id"] == "RU" for u in units[r["id"]]})
    others = [r["republic"] for r in regions if r["republic_id"] != "RU"]
    rsfsr = 147_400_537
    other_total = build.USSR_PRESENT_1989 - rsfsr
    figures = [
        build.Figure(u, rsfsr // len(russian) + (i < rsfsr % len(russian)), source) for i, u in enumerate(russian)
    ]
    figures += [
        build.Figure(u, other_total // len(others) + (i < other_total % len(others)), source)
        for i, u in enumerate(others)
    ]
    whole = "Checheno-Ingush ASSR"
    figures.append(
        build.Figure(whole, sum(f.population for f in figures if f.unit in build.SPLIT_UNITS[whole]), source)
    )
    figures.append(build.Figure("Russian SFSR", rsfsr, source))
    return figures


def test_every_region_is_made_of_1989_units_and_no_unit_counts_twice(build, regions):
    units = build.units_of(regions)
    assert len(units) == len(regions) == 97
    used = [u for us in units.values() for u in us]
    assert len(used) == len(set(used))
    # The merged subjects sum their 1989 units; Checheno-Ingushetia is split between its two successors.
    assert len(units["RUKYA"]) == 3 and len(units["RUPER"]) == len(units["RUZAB"]) == 2
    assert set(units["RUCE"] + units["RUIN"]) == set(build.SPLIT_UNITS["Checheno-Ingush ASSR"])


def test_figures_that_add_up_give_every_region_a_population_and_the_census_total(build, regions):
    table = build.population_table(regions, figures_adding_up(build, regions))
    assert set(table) == {r["id"] for r in regions}
    assert sum(p for p, _ in table.values()) == 286_730_819
    assert sum(table[r["id"]][0] for r in regions if r["republic_id"] == "RU") == 147_400_537
    assert all(p > 0 and source for p, source in table.values())
    text = build.csv_text(regions, table)
    assert text.splitlines()[0] == "region_id,name,population_1989,source" and len(text.splitlines()) == 98


def test_the_build_refuses_a_unit_without_a_source_or_figures_that_do_not_add_up(build, regions):
    figures = figures_adding_up(build, regions)
    unsourced = [build.Figure(f.unit, f.population, "" if f.unit == "Koryak AO" else f.source) for f in figures]
    with pytest.raises(build.PopulationError, match="Koryak AO: no source"):
        build.population_table(regions, unsourced)
    with pytest.raises(build.PopulationError, match="Komi-Permyak AO"):
        build.population_table(regions, [f for f in figures if f.unit != "Komi-Permyak AO"])
    off_by_one = [build.Figure(f.unit, f.population + (f.unit == "Ukrainian SSR"), f.source) for f in figures]
    with pytest.raises(build.PopulationError, match="286,730,819"):
        build.population_table(regions, off_by_one)
    split_wrong = [build.Figure(f.unit, f.population + (f.unit == "Checheno-Ingush ASSR"), f.source) for f in figures]
    with pytest.raises(build.PopulationError, match="Checheno-Ingush"):
        build.population_table(regions, split_wrong)


def test_the_cited_figures_alone_do_not_yet_build_the_table(build, regions):
    # Only the USSR, RSFSR and Estonian totals are cited so far; the per-unit counts are still to be entered.
    with pytest.raises(build.PopulationError, match="no cited 1989 census figure"):
        build.population_table(regions, build.FIGURES)
    assert sum(f.population for f in build.FIGURES if f.unit == "USSR") == 286_730_819
