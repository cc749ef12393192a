"""A map image kept with a scenario (`sovsplit.images` in the file): its path, georeference and display."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sovsplit.model.trace.frame import FrameError
from sovsplit.model.trace.georef import Georeference


@dataclass(frozen=True)
class ImageRef:
    """An image underlay: where its file is, how it is georeferenced (None: not yet), how it is shown."""

    path: str
    georef: Georeference | None = None
    opacity: float = 0.6
    visible: bool = True
    above: bool = True  # drawn over the polities (under region borders and coast, to check the fit) or under

    def to_json(self, scenario_path: Path | str | None = None) -> dict:
        """Plain data; the path is relative when the image lies in the scenario file's folder (or below it)."""
        data = {"path": _relative(self.path, scenario_path), "opacity": round(self.opacity, 3)}
        data["visible"], data["above"] = self.visible, self.above
        if self.georef is not None:
            data["georef"] = self.georef.as_dict()
        return data

    @classmethod
    def from_json(cls, data) -> ImageRef | None:
        """An entry of `sovsplit.images`; None when it is not understood (the rest of the file still loads)."""
        if not isinstance(data, dict) or not isinstance(data.get("path"), str):
            return None
        georef = None
        if isinstance(data.get("georef"), dict):
            try:
                georef = Georeference.from_dict(data["georef"])
            except (KeyError, TypeError, ValueError, FrameError):
                georef = None
        opacity = data.get("opacity", 0.6)
        opacity = min(1.0, max(0.0, float(opacity))) if isinstance(opacity, int | float) else 0.6
        return cls(data["path"], georef, opacity, bool(data.get("visible", True)), bool(data.get("above", True)))

    def resolve(self, scenario_path: Path | str | None) -> Path:
        """The image file: a relative path is read from the scenario file's folder."""
        path = Path(self.path)
        if path.is_absolute() or scenario_path is None:
            return path
        return Path(scenario_path).parent / path


def _relative(path: str, scenario_path: Path | str | None) -> str:
    if scenario_path is None:
        return path
    image, folder = Path(path), Path(scenario_path).resolve().parent
    if not image.is_absolute():
        return path
    try:
        return (
            Path(os.path.relpath(image.resolve(), folder)).as_posix()
            if image.resolve().is_relative_to(folder)
            else path
        )
    except ValueError:  # another drive on Windows
        return path


def images_to_json(images: list[ImageRef], scenario_path: Path | str | None) -> list[dict]:
    return [image.to_json(scenario_path) for image in images]


def images_from_json(data) -> list[ImageRef]:
    if not isinstance(data, list):
        return []
    return [ref for ref in (ImageRef.from_json(entry) for entry in data) if ref is not None]
