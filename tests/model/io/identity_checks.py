"""What "reopens as saved" means: the same polities, parcels, owners, notes and statistics."""

from __future__ import annotations

import numpy as np
import shapely

from sovsplit.model.stats import PolityTotals, StatsEngine


def assert_same_scenario(live, reopened) -> None:
    """Polities in order, every parcel with its region, owner and exact geometry, notes, name."""
    assert list(reopened.polities.items()) == list(live.polities.items())
    assert reopened.name == live.name
    assert reopened.annotations == live.annotations
    assert set(reopened.parcels) == set(live.parcels)
    assert reopened.owner == live.owner
    ids = list(live.parcels)
    for pid in ids:
        a, b = live.parcels[pid], reopened.parcels[pid]
        assert a.region_id == b.region_id, pid
        whole = a.geometry is live.regions[a.region_id].geometry
        assert whole == (b.geometry is reopened.regions[b.region_id].geometry), pid
    a = np.array([live.parcels[pid].geometry for pid in ids], dtype=object)
    b = np.array([reopened.parcels[pid].geometry for pid in ids], dtype=object)
    same = shapely.equals_exact(a, b, tolerance=0.0)
    assert same.all(), f"parcel {ids[int(np.argmin(same))]} changed on reload"


class FreshCount:
    """Totals per polity counted from each parcel's geometry alone (StatsEngine.count, nothing reused between
    parcels). A parcel whose geometry bytes were counted before takes that count: the count is a pure function
    of the geometry, and recounting unchanged pieces at each of thousands of steps would only cost time."""

    def __init__(self):
        self._counted: dict[bytes, object] = {}

    def totals(self, scenario) -> dict:
        engine = StatsEngine(scenario)
        parcels = list(scenario.parcels.values())
        keys = [shapely.to_wkb(p.geometry) for p in parcels]
        new = {k: p for k, p in zip(keys, parcels) if k not in self._counted}
        self._counted.update(zip(new, engine.count(list(new.values()))))
        totals = {pid: PolityTotals() for pid in scenario.polities}
        for parcel, key in zip(parcels, keys):
            stats = self._counted[key]
            t = totals.setdefault(scenario.owner[parcel.id], PolityTotals())
            t.area_km2 += stats.area_km2
            t.coast_km += stats.coast_km
            t.arable_km2 += stats.arable_km2
            t.ports += stats.ports
        return totals


def assert_same_totals(got: dict, want: dict, rel: float = 1e-6) -> None:
    """Per polity (and unclaimed): area, coast and arable land agree to `rel`, ports exactly."""
    keys = {k for k, t in got.items() if t.area_km2 > 0 or k is not None} | {
        k for k, t in want.items() if t.area_km2 > 0 or k is not None
    }
    # Figures of a few km² are compared to a millionth of a km² at least.
    floor = 1e-6
    for key in keys:
        g, w = got.get(key), want.get(key)
        assert g is not None and w is not None, key
        for field in ("area_km2", "coast_km", "arable_km2"):
            x, y = getattr(g, field), getattr(w, field)
            assert abs(x - y) <= max(rel * abs(y), floor), (key, field, x, y)
        assert sorted(g.ports) == sorted(w.ports), (key, g.ports, w.ports)
