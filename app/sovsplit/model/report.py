"""The statistics report of a scenario: the dict that `sovsplit stats` prints and the panel shows."""

from __future__ import annotations

from sovsplit.model.port_access import port_access
from sovsplit.model.scenario import Scenario
from sovsplit.model.stats import StatsEngine


def scenario_report(scenario: Scenario, engine: StatsEngine | None = None) -> dict:
    """Per polity: area, share of the USSR, coastline, arable land, ports and the regions it holds."""
    engine = engine or StatsEngine(scenario)
    per_parcel = engine.parcel_stats()
    totals = engine.totals()
    ussr_km2 = sum(t.area_km2 for t in totals.values()) or 1.0
    polities = []
    for polity in scenario.polities.values():
        t = totals[polity.id]
        polities.append(
            {
                "id": polity.id,
                "name": polity.name,
                "capital": polity.capital,
                "colour": polity.colour,
                "area_km2": round(t.area_km2, 1),
                "share_of_ussr": round(t.area_km2 / ussr_km2, 6),
                "coastline_km": round(t.coast_km, 1),
                "arable_km2": round(t.arable_km2, 1),
                "arable_share": round(t.arable_km2 / t.area_km2, 6) if t.area_km2 else 0.0,
                "ports": port_access(t.ports),
                "regions": _regions(scenario, polity.id, per_parcel),
            }
        )
    report = {"scenario": scenario.name, "arable_model": engine.arable_source.description, "polities": polities}
    unclaimed = totals.get(None)
    if unclaimed and unclaimed.area_km2 > 0.5:
        report["unclaimed_km2"] = round(unclaimed.area_km2, 1)
    return report


def _regions(scenario: Scenario, polity_id: str, per_parcel) -> list[dict]:
    """The regions a polity holds, with what it holds of each and whether it holds all of it."""
    held: dict[str, dict] = {}
    owners: dict[str, set] = {}
    for pid, owner in scenario.owner.items():
        region_id = scenario.parcels[pid].region_id
        owners.setdefault(region_id, set()).add(owner)
        if owner != polity_id:
            continue
        entry = held.setdefault(
            region_id,
            {
                "id": region_id,
                "name": scenario.regions[region_id].name,
                "area_km2": 0.0,
                "coastline_km": 0.0,
                "arable_km2": 0.0,
            },
        )
        stats = per_parcel[pid]
        entry["area_km2"] += stats.area_km2
        entry["coastline_km"] += stats.coast_km
        entry["arable_km2"] += stats.arable_km2
    for entry in held.values():
        entry["whole"] = owners[entry["id"]] == {polity_id}
        for key in ("area_km2", "coastline_km", "arable_km2"):
            entry[key] = round(entry[key], 1)
    return [held[r] for r in scenario.regions.ids if r in held]
