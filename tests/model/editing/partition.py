"""Checks shared by the editing tests: the parcels stay an exact partition of the USSR."""

from __future__ import annotations

import shapely


def assert_partition(scenario) -> None:
    """No gaps, no overlaps, matching edges, nothing empty, and the union is the USSR."""
    geoms = [p.geometry for p in scenario.parcels.values()]
    assert all(not g.is_empty for g in geoms)
    assert shapely.coverage_is_valid(geoms)
    union = shapely.coverage_union_all(geoms)
    ussr = scenario.regions.union
    assert abs(union.area - ussr.area) <= 1e-9 * ussr.area
    assert shapely.symmetric_difference(union, ussr).area <= 1e-9 * ussr.area
    assert set(scenario.owner) == set(scenario.parcels)


def assert_areas_add_up(scenario) -> None:
    """The cheap check: planar areas of the parcels sum to the USSR's."""
    total = sum(p.geometry.area for p in scenario.parcels.values())
    assert abs(total - scenario.regions.union.area) <= 1e-9 * total


def state(scenario):
    """Everything an undo must restore: polities in order, parcels (ids, regions, geometry objects), owners."""
    return (
        list(scenario.polities.items()),
        [(pid, p.region_id, id(p.geometry)) for pid, p in scenario.parcels.items()],
        list(scenario.owner.items()),
    )
