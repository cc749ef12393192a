"""A scenario: polities and the parcels of territory each one holds, kept as an exact partition."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import shapely
import shapely.errors
from shapely.geometry.base import BaseGeometry

from sovsplit.model.events import Signal
from sovsplit.model.regions import RegionSet

if TYPE_CHECKING:  # small records, named here only in annotations
    from sovsplit.model.arable.layer_ref import ArableLayerRef
    from sovsplit.model.io.file_guard import FileState

# Colours given to polities that come without one: distinct, and readable under black labels.
PALETTE = ["#c0392b", "#2e86c1", "#d4ac0d", "#28b463", "#8e44ad", "#ca6f1e", "#17a589", "#7f8c8d"]


@dataclass(frozen=True)
class Polity:
    """A state of the scenario: the West USSR, the East USSR, or one the user adds."""

    id: str
    name: str
    capital: str = ""
    colour: str = "#888888"

    def with_changes(self, **changes) -> Polity:
        return replace(self, **changes)


@dataclass(frozen=True)
class Parcel:
    """A piece of one region; a whole region unless a cut or a border edit split it."""

    id: str
    region_id: str
    geometry: BaseGeometry = field(repr=False, compare=False)
    # How an edit made this parcel from geometries whose statistics may already be known: (plus, minus) with
    # geometry = Σ plus − Σ minus, so statistics of a huge region trimmed by a border edit need not be redone.
    made_of: tuple[tuple[BaseGeometry, ...], tuple[BaseGeometry, ...]] | None = field(
        default=None, repr=False, compare=False
    )


class Scenario:
    """Polities and the ownership of parcels; every parcel belongs to one polity or to none (unclaimed)."""

    def __init__(
        self, name: str, regions: RegionSet, polities: list[Polity], parcels: list[Parcel], owner: dict[str, str | None]
    ):
        self.name = name
        self.regions = regions
        self.polities: dict[str, Polity] = {p.id: p for p in polities}
        self.parcels: dict[str, Parcel] = {p.id: p for p in parcels}
        self.owner: dict[str, str | None] = dict(owner)
        self.annotations: list[dict] = []
        # The imported arable layer the scenario is counted with (None: the shipped model); saved in the file.
        self.arable: ArableLayerRef | None = None
        # Map images shown under or over the polities, with their georeference (model/trace/image_ref.py).
        self.images: list = []
        self.path: Path | None = None
        # Set when the scenario is the latest state of a timeline file (model/io/scenario_io.py), which the
        # window's time bar then opens whole; None otherwise.
        self.timeline_path: Path | None = None
        # The file at `path` as it was when opened or last saved (model/io/file_guard.py), so a save over
        # changes made on disk since can ask first.
        self.file_state: FileState | None = None
        self.warnings: list[str] = []
        # How load_scenario found the parcels: "regions", "pieces" (listed, fast) or "overlay" (slow).
        self.load_route: str | None = None
        # The attribute that named the polities (None: none was found) and the text attributes a file offered.
        self.name_field: str | None = None
        self.text_fields: list[str] = []
        self._piece_counter = itertools.count(1)
        self._geometry_cache: dict[str | None, BaseGeometry] = {}
        # Emitted with the set of polity ids whose territory changed.
        self.territory_changed = Signal()
        # Emitted with a polity id when a polity is added, removed, renamed or recoloured.
        self.polities_changed = Signal()
        self.annotations_changed = Signal()
        # Called as (op, edit, scenario) after the window applies ("apply") or undoes ("revert") an edit: the
        # crash journal (model/io/journal.py) listens here.
        self.edit_recorder = None

    # --- queries -------------------------------------------------------------------------------------------
    def polity_ids(self) -> list[str]:
        return list(self.polities)

    def parcels_of(self, polity_id: str | None) -> list[Parcel]:
        return [self.parcels[pid] for pid, owner in self.owner.items() if owner == polity_id]

    def geometry_of(self, polity_id: str | None) -> BaseGeometry:
        """The territory of a polity (None: unclaimed territory), cached until it changes."""
        if polity_id not in self._geometry_cache:
            geoms = [p.geometry for p in self.parcels_of(polity_id)]
            self._geometry_cache[polity_id] = _union(geoms)
        return self._geometry_cache[polity_id]

    def share_territories(self, other: Scenario) -> None:
        """Take over the territories `other` has already worked out; only for a copy of the same parcels and
        owners (a snapshot), which then need not union them again."""
        self._geometry_cache.update(other._geometry_cache)

    def remember_territory(self, polity_id: str | None, territory: BaseGeometry) -> None:
        """Keep a territory worked out elsewhere for these very parcels (read from a cache) until it changes."""
        self._geometry_cache[polity_id] = territory

    def owner_of_region(self, region_id: str) -> str | None:
        """The polity that holds most of a region (by parcel count of its whole parcel first)."""
        if region_id in self.owner:
            return self.owner[region_id]
        owners = [o for pid, o in self.owner.items() if self.parcels[pid].region_id == region_id]
        return max(set(owners), key=owners.count) if owners else None

    def region_holdings(self, polity_id: str) -> tuple[list[str], list[str]]:
        """Region ids a polity holds wholly and partly."""
        by_region: dict[str, set[str | None]] = {}
        for pid, owner in self.owner.items():
            by_region.setdefault(self.parcels[pid].region_id, set()).add(owner)
        whole = [r for r in self.regions.ids if by_region.get(r) == {polity_id}]
        part = [r for r in self.regions.ids if polity_id in by_region.get(r, ()) and len(by_region[r]) > 1]
        return whole, part

    def parcel_at(self, lon: float, lat: float) -> Parcel | None:
        point = shapely.Point(lon, lat)
        region = self.regions.at(lon, lat)
        if region is None:
            return None
        if region.id in self.parcels:
            return self.parcels[region.id]
        for parcel in self.parcels.values():
            if parcel.region_id == region.id and parcel.geometry.intersects(point):
                return parcel
        return None

    def new_piece_id(self, region_id: str) -> str:
        while True:
            candidate = f"{region_id}/{next(self._piece_counter)}"
            if candidate not in self.parcels:
                return candidate

    def unique_polity_id(self, name: str) -> str:
        base = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "polity"
        candidate, n = base, 2
        while candidate in self.polities:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    # --- primitive mutations (used by model.edits; each announces what changed) -----------------------
    def set_owners(self, new_owner: dict[str, str | None]) -> None:
        touched = {self.owner[pid] for pid in new_owner} | set(new_owner.values())
        self.owner.update(new_owner)
        self._changed(touched)

    def replace_parcels(
        self,
        remove: list[str],
        add: list[tuple[Parcel, str | None]],
        order: list[str] | None = None,
        owner_order: list[str] | None = None,
    ) -> None:
        """Swap parcels; `order` and `owner_order` (all parcel ids afterwards, in the order of `parcels` and of
        `owner`) let an undo restore both dicts exactly."""
        touched = {self.owner[pid] for pid in remove} | {owner for _, owner in add}
        for pid in remove:
            del self.parcels[pid]
            del self.owner[pid]
        for parcel, owner in add:
            self.parcels[parcel.id] = parcel
            self.owner[parcel.id] = owner
        if order is not None and set(order) == set(self.parcels):
            # Reorder in place: viewers may hold references to these dicts.
            parcels, owners = dict(self.parcels), dict(self.owner)
            self.parcels.clear()
            self.owner.clear()
            self.parcels.update((pid, parcels[pid]) for pid in order)
            self.owner.update((pid, owners[pid]) for pid in (owner_order or order))
        self._changed(touched)

    def put_polity(self, polity: Polity, index: int | None = None) -> None:
        """Add a polity or replace one with the same id, keeping (or setting) its position."""
        items = [(k, v) for k, v in self.polities.items() if k != polity.id]
        position = (
            index
            if index is not None
            else (list(self.polities).index(polity.id) if polity.id in self.polities else len(items))
        )
        items.insert(position, (polity.id, polity))
        self.polities = dict(items)
        self.polities_changed.emit(polity.id)

    def drop_polity(self, polity_id: str) -> None:
        if any(owner == polity_id for owner in self.owner.values()):
            raise ValueError(f"polity {polity_id} still holds territory")
        del self.polities[polity_id]
        self._geometry_cache.pop(polity_id, None)
        self.polities_changed.emit(polity_id)

    def _changed(self, polity_ids: set[str | None]) -> None:
        for pid in polity_ids:
            self._geometry_cache.pop(pid, None)
        self.territory_changed.emit(polity_ids)


def _union(geoms: list[BaseGeometry]) -> BaseGeometry:
    """The union of parcels: the fast coverage union, or a full overlay if the parcels do not meet exactly
    (a file made elsewhere whose pieces are not noded alike)."""
    if not geoms:
        return shapely.MultiPolygon()
    try:
        union = shapely.coverage_union_all(geoms)
        # Parcels not noded alike (rare: a cut through an existing vertex) can give a self-intersecting union
        # without an error; the full overlay gives the right shape then.
        if union.is_valid:
            return union
    except shapely.errors.GEOSException:
        pass
    return shapely.union_all(geoms)
