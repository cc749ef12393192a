"""The text shown for the region under the cursor: its name, its owner and its numbers."""

from __future__ import annotations

from html import escape

from sovsplit.model import formatting as fmt
from sovsplit.model.frame import COASTLINE_SCALE, region_caveats


def region_info_text(scenario, parcel_stats: dict | None, lon: float, lat: float) -> str:
    """Rich text about the parcel at (lon, lat), or "" over the sea and foreign land.

    `parcel_stats` maps parcel ids to ParcelStats (from the statistics engine); without it only names show.
    """
    parcel = scenario.parcel_at(lon, lat)
    if parcel is None:
        return ""
    region = scenario.regions[parcel.region_id]
    owner = scenario.owner.get(parcel.id)
    polity = scenario.polities[owner].name if owner in scenario.polities else "unclaimed"
    lines = [
        f"<b>{escape(region.name)}</b> <span style='color:#666'>({escape(region.id)})</span>",
        f"{escape(region.republic or region.kind)}",
        f"Held by <b>{escape(polity)}</b>" + ("" if parcel.id == region.id else " (part of the region)"),
    ]
    stats = parcel_stats.get(parcel.id) if parcel_stats else None
    if stats is not None:
        lines.append(
            f"Area {fmt.area_text(stats.area_km2)} · coast {fmt.length_text(stats.coast_km)} (at {COASTLINE_SCALE})"
        )
        lines.append(f"Arable (modelled) {fmt.area_text(stats.arable_km2)} · ports {fmt.count(len(stats.ports))}")
    lines += [f"<span style='color:#8a5a00'>{escape(c)}</span>" for c in region_caveats(region.id)]
    return "<br>".join(lines)
