"""The forum's feasibility arguments and users' notes on the map: loading, verdicts and reversible note edits."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache

import shapely
from shapely.geometry.base import BaseGeometry

from sovsplit.model.annotations.rules import (
    MetricContext,
    Verdict,
    evaluate,
    rule_problems,
)
from sovsplit.model.annotations.wording import verdict_words
from sovsplit.model.antimeridian import unwrap
from sovsplit.model.io.problems import InputError
from sovsplit.model.io.resources import geodata_path
from sovsplit.model.report import ScenarioReport
from sovsplit.model.scenario import Scenario

TOPICS = ("politics", "military", "agriculture", "ports", "foreign relations", "economy")
STANCES = ("for", "against", "neutral")
FILE_NAME = "annotations.geojson"
_TEXT_FIELDS = ("id", "title", "text")


@dataclass
class Annotation:
    """One argument or note: its properties (the GeoJSON feature's) and its anchor in unwrapped lon/lat."""

    props: dict
    geometry: BaseGeometry

    @property
    def id(self) -> str:
        return self.props["id"]

    @property
    def user(self) -> bool:
        return bool(self.props.get("user"))

    @property
    def measurable(self) -> bool:
        """Whether a rule tests the claim (an argument without one can never be tested)."""
        return self.props.get("rule") is not None

    @property
    def claim(self) -> str:
        """The claim in plain words: what the rule checks, or what the argument asserts when nothing can test it.
        A note of the user's claims its own text."""
        return (self.props.get("claim") or "").strip() or self.props["text"]

    @property
    def reason(self) -> str:
        """Why no number can test the claim ("" when a rule tests it)."""
        if self.measurable:
            return ""
        if self.user:
            return "A note of yours: no rule is attached, so no number tests it."
        return (self.props.get("explanation") or "").strip() or "No measure in the data can settle this."

    def anchor(self) -> tuple[float, float]:
        """The point a callout's leader line points at."""
        return anchor_point(self.geometry)


@dataclass
class Assessment:
    """An annotation with its verdict on one scenario."""

    annotation: Annotation
    verdict: Verdict

    def as_dict(self) -> dict:
        p = self.annotation.props
        lon, lat = self.annotation.anchor()
        return {
            "id": p["id"],
            "title": p["title"],
            "topic": p["topic"],
            "stance": p["stance"],
            "seed": p.get("seed"),
            "text": p["text"],
            "claim": self.annotation.claim,
            "measurable": self.annotation.measurable,
            "reason": self.annotation.reason,
            "verdict": self.verdict.status,
            "verdict_text": verdict_words(self.verdict.status),
            "measured": self.verdict.measured,
            "measurements": self.verdict.values,
            "explanation": p.get("explanation") or "",
            "rule": p.get("rule"),
            "user": self.annotation.user,
            "lon": round(lon, 5),
            "lat": round(lat, 5),
        }


# --- validation and loading -----------------------------------------------------------------------------
def annotation_problems(props: dict, geometry) -> list[str]:
    """What is wrong with one annotation's properties and geometry (empty when it is usable)."""
    problems = []
    for key in _TEXT_FIELDS:
        if not isinstance(props.get(key), str) or not props[key].strip():
            problems.append(f"needs a non-empty {key}")
    if props.get("topic") not in TOPICS:
        problems.append(f"topic must be one of {', '.join(TOPICS)}")
    if props.get("stance") not in STANCES:
        problems.append(f"stance must be one of {', '.join(STANCES)}")
    problems += [f"rule: {p}" for p in rule_problems(props.get("rule"))]
    if geometry is None or geometry.is_empty:
        problems.append("needs an anchor geometry")
    return problems


def _geometry(geojson) -> BaseGeometry | None:
    if not isinstance(geojson, dict):
        return None
    try:
        geom = shapely.from_geojson(json.dumps(geojson))
    except (shapely.errors.GEOSException, ValueError, TypeError):
        return None
    if geom.is_empty:
        return None
    # Points of Chukotka and the Bering Strait lie west of -165°: move them next to the rest of the East.
    if geom.geom_type in ("Point", "MultiPoint", "LineString", "MultiLineString"):
        return shapely.transform(geom, _unwrap_vertices)
    return unwrap(geom)


def _unwrap_vertices(xy):
    xy = xy.copy()
    xy[xy[:, 0] < -165.0, 0] += 360.0
    return xy


def read_annotations(path) -> list[Annotation]:
    """Read an annotations GeoJSON file; InputError naming the feature when any is unusable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        features = data["features"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(path, f"not a GeoJSON FeatureCollection ({exc})") from None
    annotations, seen = [], set()
    for index, feature in enumerate(features):
        props = dict(feature.get("properties") or {}) if isinstance(feature, dict) else {}
        geometry = _geometry(feature.get("geometry")) if isinstance(feature, dict) else None
        problems = annotation_problems(props, geometry)
        if props.get("id") in seen:
            problems.append("duplicate id")
        if problems:
            raise InputError(path, f"feature {index + 1} ({props.get('id', 'no id')}): {problems[0]}")
        seen.add(props["id"])
        annotations.append(Annotation(props, geometry))
    return annotations


@cache
def shipped_annotations() -> tuple[Annotation, ...]:
    """The forum's arguments as shipped in geodata/annotations.geojson."""
    return tuple(read_annotations(geodata_path(FILE_NAME)))


def user_annotations(scenario: Scenario) -> list[Annotation]:
    """The user's notes stored in the scenario; unusable entries stay in the file but are not shown."""
    notes = []
    for props in scenario.annotations:
        geometry = _geometry(props.get("geometry"))
        if not annotation_problems(props, geometry):
            notes.append(Annotation({k: v for k, v in props.items() if k != "geometry"} | {"user": True}, geometry))
    return notes


def all_annotations(scenario: Scenario) -> list[Annotation]:
    return list(shipped_annotations()) + user_annotations(scenario)


def anchor_point(geometry: BaseGeometry) -> tuple[float, float]:
    """Where a callout attaches: the point itself, a line's middle, an area's inside point."""
    kind = geometry.geom_type
    if kind == "Point":
        return geometry.x, geometry.y
    if kind == "MultiPoint":
        first = geometry.geoms[0]
        return first.x, first.y
    if kind in ("LineString", "MultiLineString"):
        longest = max(getattr(geometry, "geoms", [geometry]), key=lambda g: g.length)
        middle = longest.interpolate(0.5, normalized=True)
        return middle.x, middle.y
    point = geometry.representative_point()
    return point.x, point.y


# --- verdicts -------------------------------------------------------------------------------------------
def assess(scenario: Scenario, report: ScenarioReport, annotations: list[Annotation] | None = None) -> list[Assessment]:
    """Each annotation's verdict on the scenario, given its statistics report (model.report.scenario_report)."""
    context = MetricContext(scenario, report)
    items = all_annotations(scenario) if annotations is None else annotations
    return [Assessment(a, evaluate(a.props.get("rule"), context)) for a in items]


# --- user notes: pure reversible edits ------------------------------------------------------------------
def new_note(scenario: Scenario, lon: float, lat: float, title: str, text: str, topic: str, stance: str) -> dict:
    """A user note dict at a map position, with an id unique in the scenario and among shipped arguments."""
    taken = {a.id for a in shipped_annotations()} | {str(a.get("id")) for a in scenario.annotations}
    n = 1
    while f"note-{n}" in taken:
        n += 1
    return {
        "id": f"note-{n}",
        "title": title,
        "text": text,
        "topic": topic,
        "stance": stance,
        "seed": None,
        "rule": None,
        "explanation": "",
        "user": True,
        "geometry": point_geojson(lon, lat),
    }


def point_geojson(lon: float, lat: float) -> dict:
    """An RFC 7946 point (longitude folded into -180…180) from a model lon/lat."""
    x = (lon + 180.0) % 360.0 - 180.0
    return {"type": "Point", "coordinates": [round(x, 6), round(lat, 6)]}


class AnnotationEdit:
    """Replace the scenario's note list entry at `index`: old None inserts `new`, new None deletes `old`."""

    def __init__(self, label: str, index: int, old: dict | None, new: dict | None):
        self.label = label
        self.index = index
        self.old = copy.deepcopy(old)
        self.new = copy.deepcopy(new)

    @property
    def note_id(self) -> str:
        note = self.new or self.old
        assert note is not None, "a note edit has a note before or after"
        return note["id"]

    def apply(self, scenario: Scenario) -> None:
        self._put(scenario, self.old, self.new)

    def revert(self, scenario: Scenario) -> None:
        self._put(scenario, self.new, self.old)

    def _put(self, scenario: Scenario, before: dict | None, after: dict | None) -> None:
        notes = scenario.annotations
        if before is None:
            assert after is not None, "a note edit has a note before or after"
            notes.insert(self.index, copy.deepcopy(after))
        elif after is None:
            del notes[self.index]
        else:
            notes[self.index] = copy.deepcopy(after)
        scenario.annotations_changed.emit(self.note_id)


def _index_of(scenario: Scenario, note_id: str) -> int:
    for index, note in enumerate(scenario.annotations):
        if note.get("id") == note_id:
            return index
    raise KeyError(f"no user note {note_id!r} in this scenario")


def _check(note: dict) -> None:
    problems = annotation_problems(note, _geometry(note.get("geometry")))
    if problems:
        raise ValueError(f"note {note.get('id', '?')}: {problems[0]}")


def add_note_edit(scenario: Scenario, note: dict) -> AnnotationEdit:
    _check(note)
    return AnnotationEdit(f"Add note “{note['title']}”", len(scenario.annotations), None, note)


def edit_note_edit(scenario: Scenario, note_id: str, **changes) -> AnnotationEdit:
    """Change a note's title, text, topic or stance."""
    index = _index_of(scenario, note_id)
    old = scenario.annotations[index]
    unknown = set(changes) - {"title", "text", "topic", "stance"}
    if unknown:
        raise ValueError(f"cannot edit {', '.join(sorted(unknown))} of a note")
    new = copy.deepcopy(old) | changes
    _check(new)
    return AnnotationEdit(f"Edit note “{new['title']}”", index, old, new)


def move_note_edit(scenario: Scenario, note_id: str, lon: float, lat: float) -> AnnotationEdit:
    index = _index_of(scenario, note_id)
    old = scenario.annotations[index]
    new = copy.deepcopy(old) | {"geometry": point_geojson(lon, lat)}
    return AnnotationEdit(f"Move note “{old.get('title', note_id)}”", index, old, new)


def delete_note_edit(scenario: Scenario, note_id: str) -> AnnotationEdit:
    index = _index_of(scenario, note_id)
    old = scenario.annotations[index]
    return AnnotationEdit(f"Delete note “{old.get('title', note_id)}”", index, old, None)
