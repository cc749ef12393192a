"""What a set of held ports gives a polity: year-round access, basins, outlets and sea routes to Japan and China."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from sovsplit.model import reference


@dataclass(frozen=True)
class SeaRoute:
    """The shortest sea route from a polity's ports to a foreign harbour, and whether it is usable all year."""

    port: str
    km: float
    year_round: bool


@dataclass(frozen=True)
class HeldPort:
    """One port a polity holds, as the statistics show it."""

    name: str
    locode: str | None
    basin: str | None
    ice_free: bool
    navigation_months: int | None
    ice_class: str = "seasonal"  # ice-free, icebreaker (all year behind icebreakers) or seasonal


@dataclass(frozen=True)
class PortAccess:
    """The sea access one polity's ports give it."""

    count: int = 0
    year_round: int = 0
    ice_free_pacific: bool = False
    basins: list[str] = field(default_factory=list)
    ocean_outlets: list[str] = field(default_factory=list)
    longest_season_months: int = 0
    to_japan: SeaRoute | None = None
    to_china: SeaRoute | None = None
    held: list[HeldPort] = field(default_factory=list)
    # Open all year only behind icebreakers (Vladivostok, Vanino, Magadan, Arkhangelsk): counted apart.
    with_icebreakers: int = 0


def port_access(port_indexes) -> PortAccess:
    """Summarise the ports (indexes into reference.ports()) that one polity holds.

    The summary of a set of ports is kept: the report is rebuilt after every edit, and an edit rarely changes
    which ports a polity holds. The record is shared, so it is read, never changed.
    """
    return _port_access(tuple(sorted(set(port_indexes))))


@lru_cache(maxsize=256)
def _port_access(indexes: tuple[int, ...]) -> PortAccess:
    ports = [reference.ports()[i] for i in indexes]
    year_round = [p for p in ports if ice_class(p) == "ice-free"]
    return PortAccess(
        count=len(ports),
        year_round=len(year_round),
        with_icebreakers=sum(ice_class(p) == "icebreaker" for p in ports),
        ice_free_pacific=any(p.get("basin") == "Pacific" for p in year_round),
        basins=sorted({p["basin"] for p in ports}),
        ocean_outlets=sorted({p["ocean_outlet"] for p in ports if p.get("ocean_outlet")}),
        longest_season_months=max((int(p.get("navigation_months") or 0) for p in ports), default=0),
        to_japan=_nearest_by_sea(year_round or ports, "sea_km_to_yokohama", bool(year_round)),
        to_china=_nearest_by_sea(year_round or ports, "sea_km_to_shanghai", bool(year_round)),
        held=[
            HeldPort(
                name=p["name"],
                locode=p.get("locode"),
                basin=p.get("basin"),
                ice_free=bool(p.get("ice_free")),
                navigation_months=p.get("navigation_months"),
                ice_class=ice_class(p),
            )
            for p in ports
        ],
    )


def ice_class(port) -> str:
    """The port's class: `ice-free`, `icebreaker` (all year behind icebreakers) or `seasonal`; files built before
    the class existed only say whether the port is ice-free."""
    return port.get("ice_class") or ("ice-free" if port.get("ice_free") else "seasonal")


def _nearest_by_sea(ports, key: str, year_round: bool) -> SeaRoute | None:
    """The port with the shortest sea route on `key`, saying whether it is usable all year.

    For ice-free ports the all-year route is used where the file has one: an Arctic port's shortest route,
    the Northern Sea Route, is open only in summer and autumn."""
    if year_round and any(p.get(f"{key}_all_year") is not None for p in ports):
        key = f"{key}_all_year"
    reachable = [p for p in ports if p.get(key) is not None]
    if not reachable:
        return None
    best = min(reachable, key=lambda p: p[key])
    return SeaRoute(port=best["name"], km=round(float(best[key]), 1), year_round=year_round)
