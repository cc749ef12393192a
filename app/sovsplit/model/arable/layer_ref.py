"""Which arable layer a scenario counts with, as the scenario file records it (`sovsplit.arable`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ArableLayerRef:
    """An imported arable layer: its file, how its raster values are read, and the class table if any."""

    path: str
    mode: str | None = None
    class_map: tuple[tuple[float, float], ...] | None = None

    def to_json(self) -> dict:
        data: dict = {"path": self.path}
        if self.mode is not None:
            data["mode"] = self.mode
        if self.class_map:
            data["class_map"] = [[value, fraction] for value, fraction in self.class_map]
        return data

    @classmethod
    def from_json(cls, data) -> ArableLayerRef | None:
        """The reference in a scenario file's `sovsplit.arable`; None when absent or not understood."""
        if not isinstance(data, dict) or not isinstance(data.get("path"), str):
            return None
        mode = data.get("mode") if isinstance(data.get("mode"), str) else None
        pairs = data.get("class_map")
        class_map = None
        if isinstance(pairs, list):
            class_map = tuple((float(p[0]), float(p[1])) for p in pairs if isinstance(p, list | tuple) and len(p) == 2)
        return cls(data["path"], mode, class_map or None)

    def class_table(self) -> dict[float, float] | None:
        return dict(self.class_map) if self.class_map else None

    def resolve(self, scenario_path: Path | None) -> Path:
        """The layer's file: as recorded, else beside the scenario file (a folder moved as a whole)."""
        recorded = Path(self.path)
        if recorded.exists() or scenario_path is None:
            return recorded
        beside = Path(scenario_path).parent / recorded.name
        return beside if beside.exists() else recorded
