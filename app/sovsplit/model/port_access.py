"""What a set of held ports gives a polity: year-round access, basins, outlets and sea routes to Japan and China."""

from __future__ import annotations

from sovsplit.model import reference


def port_access(port_indexes) -> dict:
    """Summarise the ports (indexes into reference.ports()) that one polity holds."""
    ports = [reference.ports()[i] for i in sorted(set(port_indexes))]
    year_round = [p for p in ports if p.get("ice_free")]
    return {
        "count": len(ports),
        "year_round": len(year_round),
        "ice_free_pacific": any(p.get("basin") == "Pacific" for p in year_round),
        "basins": sorted({p["basin"] for p in ports}),
        "ocean_outlets": sorted({p["ocean_outlet"] for p in ports if p.get("ocean_outlet")}),
        "longest_season_months": max((int(p.get("navigation_months") or 0) for p in ports), default=0),
        "to_japan": _nearest_by_sea(year_round or ports, "sea_km_to_yokohama", bool(year_round)),
        "to_china": _nearest_by_sea(year_round or ports, "sea_km_to_shanghai", bool(year_round)),
        "held": [
            {
                "name": p["name"],
                "locode": p.get("locode"),
                "basin": p.get("basin"),
                "ice_free": bool(p.get("ice_free")),
                "navigation_months": p.get("navigation_months"),
            }
            for p in ports
        ],
    }


def _nearest_by_sea(ports, key: str, year_round: bool) -> dict | None:
    """The port with the shortest sea route on `key`, saying whether it is usable all year."""
    reachable = [p for p in ports if p.get(key) is not None]
    if not reachable:
        return None
    best = min(reachable, key=lambda p: p[key])
    return {"port": best["name"], "km": round(float(best[key]), 1), "year_round": year_round}
